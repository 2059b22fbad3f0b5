"""The investment progress status (投资进度, ../shared/docs/status-rules.md section 3) for one list entry.

Its SQL twin for querysets is `projects.querysets.investment_sql`; a hypothesis test holds the two equal on SQLite
and PostgreSQL. The bands compare `gap_pp = ytd / plan × 100 − m / 12 × 100` with +10, −10 and −30. Multiplying by
`12 × plan` (> 0) gives integer comparisons with no division: `gap ≥ k` ⟺ `1200·ytd ≥ plan·(100m + 12k)`, with the
amounts in whole cents (money has two decimals), so band edges are exact.
"""

import calendar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class InvestmentColor(models.TextChoices):
    """Same codes (and badge classes) as the schedule colors, with labels saying what they measure."""

    RED = "red", _("红色 · 投资严重滞后")
    YELLOW = "yellow", _("黄色 · 投资滞后")
    GREEN = "green", _("绿色 · 投资正常")
    BLUE = "blue", _("蓝色 · 投资超前")
    NONE = "none", _("未评估")


@dataclass(frozen=True)
class Bands:
    """Band edges in percentage points of gap (ahead +, behind −), also used by the amount indicators."""

    blue_from: int = 10  # gap ≥ +10 is blue
    green_above: int = -10  # −10 < gap < +10 is green
    red_below: int = -30  # gap < −30 is red; −30 ≤ gap ≤ −10 is yellow


BANDS = Bands()
MIN_MONTHS = 2  # January is reported together with February


# --- Python: one entry ----------------------------------------------------------------------------------


def months_elapsed(year, as_of):
    """Months of `year` fully elapsed as of the date (its last day counts the month)."""
    if year < as_of.year:
        return 12
    if year > as_of.year:
        return 0
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month if as_of.day == last_day else as_of.month - 1


def cents(amount):
    """An amount in 万元 as whole cents (two decimals, rounded half away from zero like SQL ROUND)."""
    return int(Decimal(str(amount)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") * 100)


def investment_color(plan, ytd, months):
    """The band of one entry: plan and year-to-date completed investment (万元), months elapsed."""
    return band_of_cents(cents(plan), cents(ytd), months)


def band_of_cents(plan_c, ytd_c, months):
    """The band from the plan and the year-to-date sum in whole cents."""
    if months < MIN_MONTHS or plan_c <= 0:
        return InvestmentColor.NONE
    scaled = 1200 * ytd_c  # 12·plan·(ytd/plan·100), compared with 12·plan·(100m/12 + k)
    if scaled >= plan_c * (100 * months + 12 * BANDS.blue_from):
        return InvestmentColor.BLUE
    if scaled > plan_c * (100 * months + 12 * BANDS.green_above):
        return InvestmentColor.GREEN
    if scaled >= plan_c * (100 * months + 12 * BANDS.red_below):
        return InvestmentColor.YELLOW
    return InvestmentColor.RED


def gap_pp(plan, ytd, months):
    """Percentage points ahead (+) or behind (−) time progress; None when the plan is not positive."""
    plan_c = cents(plan)
    if plan_c <= 0:
        return None
    return (cents(ytd) * 1200 - months * 100 * plan_c) / (plan_c * 12)


@dataclass
class InvestmentStatus:
    color: str
    months: int
    plan: Decimal
    ytd: Decimal
    gap_pp: float | None
    missing_months: list = field(default_factory=list)

    @cached_property
    def label(self):
        return str(InvestmentColor(self.color).label)

    @property
    def completion_pct(self):
        return float(self.ytd / self.plan * 100) if self.plan > 0 else None

    @cached_property
    def progress_text(self):
        """完成 … 万元, 较序时进度 ±x.x 个百分点 (empty before a month has elapsed or without a plan)."""
        if self.gap_pp is None or not self.months:
            return ""
        text = gettext("完成 %(ytd)s 万元，较序时进度 %(gap)+.1f 个百分点")
        return text % {"ytd": number_format(self.ytd, 2, force_grouping=True), "gap": self.gap_pp}

    @cached_property
    def missing_text(self):
        """N 个月未报, for an entry that is rated."""
        missing = len(self.missing_months)
        if not missing or self.color == InvestmentColor.NONE:
            return ""
        return ngettext("%(n)s 个月未报", "%(n)s 个月未报", missing) % {"n": missing}


def entry_investment(entry, as_of, reports=None):
    """The investment status of one list entry as of a date; `reports` are the project's ProgressReports
    (any years; loaded when not given). Months 1..m without a report are listed in `missing_months`."""
    if reports is None:
        reports = entry.project.progress_reports.filter(year=entry.year)
    m = months_elapsed(entry.year, as_of)
    by_month = {r.month: r.investment_completed for r in reports if r.year == entry.year and r.month <= m}
    ytd = sum(by_month.values(), Decimal(0))
    return InvestmentStatus(
        color=investment_color(entry.annual_plan_investment, ytd, m),
        months=m,
        plan=entry.annual_plan_investment,
        ytd=ytd,
        gap_pp=gap_pp(entry.annual_plan_investment, ytd, m),
        missing_months=[month for month in range(1, m + 1) if month not in by_month],
    )


@dataclass
class Subtotal:
    """A filtered list's investment: entries, annual plan and year-to-date completed (万元), months elapsed."""

    count: int
    plan: Decimal
    ytd: Decimal
    months: int

    @property
    def rate(self):
        """Completed ÷ planned, in percent (None without a plan)."""
        return self.ytd * 100 / self.plan if self.plan > 0 else None


def list_subtotal(entries, year, as_of, count):
    """The subtotal of a filtered ListEntry queryset of `year`'s list as of a date, `count` entries (the caller knows
    how many: the list page from its status counts, an export from its rows): `investment_totals`, one aggregate
    query cached per data version. The year-to-date sum is each entry's rounded to cents, as each row's."""
    totals = entries.investment_totals(as_of)
    return Subtotal(
        count=count,
        plan=Decimal(totals["plan"]).quantize(Decimal("0.01")),
        ytd=Decimal(totals["ytd_cents"]) / 100,
        months=months_elapsed(year, as_of),
    )
