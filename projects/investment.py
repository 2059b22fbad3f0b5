"""The investment progress status (投资进度, ../shared/docs/status-rules.md section 3), in one place.

Two implementations side by side that must agree on every input (a hypothesis test holds them to it on
SQLite and PostgreSQL):
- Python for one list entry: `months_elapsed`, `investment_color`, `entry_investment`;
- SQL for list-entry querysets: `InvestmentSQL`, used by `ListEntryQuerySet.with_investment_status`.
The list page's rows take the sums and months from the SQL form and the band and gap from `band_and_gap`, the
Python comparisons over those same integers (`ListEntryQuerySet.with_list_columns`); filters and sorting use SQL.

The bands compare `gap_pp = ytd / plan × 100 − m / 12 × 100` with ±10 and −30. Multiplying by `12 × plan`
(> 0) gives integer comparisons with no division: `gap ≥ k` ⟺ `1200·ytd ≥ plan·(100m + 12k)`. Amounts are
compared in whole cents (money has two decimals), so band edges are exact on both databases (SQLite keeps
decimals as floating point numbers).
"""

import calendar
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Case, F, FloatField, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from .status import SEVERITY_RANK


class InvestmentColor(models.TextChoices):
    """Same codes (and badge classes) as the schedule colors, with labels saying what they measure."""

    RED = "red", _("红色 · 投资严重滞后")
    YELLOW = "yellow", _("黄色 · 投资滞后")
    GREEN = "green", _("绿色 · 投资正常")
    BLUE = "blue", _("蓝色 · 投资超前")
    NONE = "none", _("未评估")


# Band edges in percentage points of gap (ahead +, behind −).
BLUE_FROM = 10  # gap ≥ +10
GREEN_ABOVE = -10  # −10 < gap < +10
RED_BELOW = -30  # gap < −30; −30 ≤ gap ≤ −10 is yellow
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
    """The band from the plan and the year-to-date sum in whole cents (the comparisons of `InvestmentSQL._by_band`)."""
    if months < MIN_MONTHS or plan_c <= 0:
        return InvestmentColor.NONE
    scaled = 1200 * ytd_c  # 12·plan·(ytd/plan·100), compared with 12·plan·(100m/12 + k)
    if scaled >= plan_c * (100 * months + 12 * BLUE_FROM):
        return InvestmentColor.BLUE
    if scaled > plan_c * (100 * months + 12 * GREEN_ABOVE):
        return InvestmentColor.GREEN
    if scaled >= plan_c * (100 * months + 12 * RED_BELOW):
        return InvestmentColor.YELLOW
    return InvestmentColor.RED


def gap_pp(plan, ytd, months):
    """Percentage points ahead (+) or behind (−) time progress; None when the plan is not positive."""
    if cents(plan) <= 0:
        return None
    return float(Decimal(ytd) / Decimal(plan) * 100 - Decimal(months) * 100 / 12)


def band_and_gap(plan_c, ytd_c, months):
    """(color, gap_pp) from the plan and the year-to-date sum in whole cents as the SQL form reads them (`Cents` of
    the plan, the sum of each report's `Cents`), with its arithmetic: the same integer comparisons, and the gap as
    the division of the same two exact integers in floating point. So the values are those `InvestmentSQL.color()`
    and `.gap_pp()` give, to the last bit (held to it by tests on both databases)."""
    gap = float(ytd_c * 1200 - months * 100 * plan_c) / float(plan_c * 12) if plan_c > 0 else None
    return band_of_cents(plan_c, ytd_c, months).value, gap


@dataclass
class InvestmentStatus:
    color: str
    months: int
    plan: Decimal
    ytd: Decimal
    gap_pp: float | None
    missing_months: list = field(default_factory=list)

    @property
    def label(self):
        return InvestmentColor(self.color).label

    @property
    def completion_pct(self):
        return float(self.ytd / self.plan * 100) if self.plan > 0 else None


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


# --- SQL: list-entry querysets ----------------------------------------------------------------------------


class Cents(models.Func):
    """An amount as whole cents: CAST(ROUND(x * 100) AS integer), exact on both databases."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        kind = "bigint" if connection.vendor == "postgresql" else "INTEGER"
        return f"CAST(ROUND(({sql}) * 100) AS {kind})", params


class InvestmentSQL:
    """SQL building blocks as of one date for rows that are list entries (fields project_id, year)."""

    def __init__(self, as_of):
        self.as_of = as_of
        self.current = months_elapsed(as_of.year, as_of)

    def months(self):
        return Case(
            When(year__lt=self.as_of.year, then=Value(12)),
            When(year=self.as_of.year, then=Value(self.current)),
            default=Value(0),
            output_field=IntegerField(),
        )

    def _reports(self):
        """The entry's project's reports for months 1..m of the entry's year (m from constants per year)."""
        from .models import ProgressReport

        within = Q(year__lt=self.as_of.year) | Q(year=self.as_of.year, month__lte=self.current)
        return ProgressReport.objects.filter(within, project_id=OuterRef("project_id"), year=OuterRef("year"))

    def _total(self, expression, output_field):
        rows = self._reports().order_by().values("project_id").annotate(total=expression).values("total")
        return Coalesce(Subquery(rows, output_field=output_field), Value(0), output_field=output_field)

    def ytd(self):
        return self._total(Sum("investment_completed"), models.DecimalField(max_digits=16, decimal_places=2))

    def ytd_cents(self):
        return self._total(Sum(Cents("investment_completed")), models.BigIntegerField())

    def reported_months(self):
        return self._total(models.Count("pk"), IntegerField())

    def aliases(self):
        """Helper columns the color needs (aliases: computed in SQL, not selected on their own)."""
        return {
            "_inv_m": self.months(),
            "_inv_plan_c": Cents("annual_plan_investment"),
            "_inv_ytd_c": self.ytd_cents(),
        }

    def _by_band(self, values, output_field):
        """A Case over the bands; needs the `aliases()` on the rows. `values` in the order red..none."""
        scaled = F("_inv_ytd_c") * 1200
        red, yellow, green, blue, none = (Value(v, output_field=output_field) for v in values)

        def at_least(k, strict=False):
            edge = F("_inv_plan_c") * (F("_inv_m") * 100 + 12 * k)
            return GreaterThan(scaled, edge) if strict else GreaterThanOrEqual(scaled, edge)

        return Case(
            When(Q(_inv_m__lt=MIN_MONTHS) | Q(_inv_plan_c__lte=0), then=none),
            When(at_least(BLUE_FROM), then=blue),
            When(at_least(GREEN_ABOVE, strict=True), then=green),
            When(at_least(RED_BELOW), then=yellow),
            default=red,
            output_field=output_field,
        )

    def color(self):
        return self._by_band([c.value for c in _ORDER], models.CharField())

    def rank(self):
        return self._by_band([SEVERITY_RANK[c.value] for c in _ORDER], IntegerField())

    def gap_pp(self):
        """(1200·ytd − 100·m·plan) / (12·plan) as a float, NULL when the plan is not positive."""
        numerator = Cast(F("_inv_ytd_c") * 1200 - F("_inv_m") * 100 * F("_inv_plan_c"), FloatField())
        return Case(
            When(_inv_plan_c__gt=0, then=numerator / Cast(F("_inv_plan_c") * 12, FloatField())),
            default=None,
            output_field=FloatField(),
        )


_ORDER = [
    InvestmentColor.RED,
    InvestmentColor.YELLOW,
    InvestmentColor.GREEN,
    InvestmentColor.BLUE,
    InvestmentColor.NONE,
]
