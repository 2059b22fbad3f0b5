"""The year's goals against what the list has achieved as of a date, each with its 序时进度 and its color.

The achievements come from one aggregate query over the year's list (`ListEntry.objects.goal_figures`, cached per
data version); each goal is then judged by the indicators' rule for amounts (status-rules.md section 5: completion =
achieved ÷ target, compared with time progress in the bands of section 3), so that a goal and an indicator with the
same figures have the same color.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indicators.status import AMOUNT, IndicatorColor, indicator_color, time_progress
from portal.aggregate_cache import cached_values
from projects.investment import MIN_MONTHS, months_elapsed
from projects.models import ListEntry, Project

from .models import YearGoal

CENTS_PER_YI = Decimal(1_000_000)  # 1 亿元 = 10,000 万元 = 1,000,000 cents of 万元
COUNT, YI, PERCENT = "count", "yi", "percent"
MEASURES = {COUNT: _("个"), YI: _("亿元"), PERCENT: "%"}


@dataclass
class Goal:
    code: str  # stable, English (the API's name of the goal)
    label: str
    measure: str  # COUNT, YI or PERCENT
    target: Decimal
    achieved: Decimal | None
    months: int
    filter: dict | None = None  # the project list's filters that show the projects counted

    @property
    def measure_label(self):
        return MEASURES[self.measure]

    @property
    def completion_pct(self):
        """Achieved ÷ target, in percent (None without a target or an achievement)."""
        if self.achieved is None or not self.target:
            return None
        return self.achieved * 100 / self.target

    @property
    def time_progress(self):
        return time_progress(self.months)

    @property
    def gap_pp(self):
        pct = self.completion_pct
        return None if pct is None else pct - self.time_progress

    @property
    def status(self):
        """The indicators' amount rule, and their labels; none before 1–2月 has elapsed (as every investment
        status)."""
        if self.months < MIN_MONTHS:
            return IndicatorColor.NONE
        return IndicatorColor(indicator_color(AMOUNT, False, "gte", self.target, self.months, self.achieved, None))

    @property
    def bar_rate(self):
        """The completion clipped to 0..100 for a progress bar."""
        return max(0.0, min(100.0, float(self.completion_pct or 0)))


def _yi(cents):
    return (Decimal(cents) / CENTS_PER_YI).quantize(Decimal("0.01"))


def year_goal(year):
    """The YearGoal of `year`, or None: read through the aggregate cache (the goals' table is watched)."""
    fields = [field.attname for field in YearGoal._meta.concrete_fields]
    rows = cached_values(YearGoal.objects.filter(year=year).order_by(), *fields)
    return YearGoal(**rows[0]) if rows else None


def goal_rows(year, as_of, goal=None):
    """The goals of `year` with their achievements as of a date ([] when the year has no goals); `goal` is the
    year's YearGoal when already read."""
    goal = goal if goal is not None else year_goal(year)
    if goal is None:
        return []
    f = ListEntry.objects.goal_figures(year, as_of)
    months = months_elapsed(year, as_of)
    level = goal.key_level
    level_label = Project.Level(level).label
    level_plan = Decimal(f[f"{level}_plan"])
    level_rate = (
        (Decimal(f[f"{level}_ytd_cents"]) / 100 * 100 / level_plan).quantize(Decimal("0.1")) if level_plan else None
    )
    batches = ListEntry.Batch
    rows = [
        ("list_count", _("清单建设项目"), COUNT, goal.list_count, f["count"] - f["reserve_count"], None),
        ("start_count", _("开工项目"), COUNT, goal.start_count, f["start_count"], {"batch": batches.START}),
        ("in_stats_count", _("开工入统"), COUNT, goal.in_stats_count, f["in_stats"], None),
        ("working_count", _("形成实物工作量"), COUNT, goal.working_count, f["working"], None),
        ("in_use_count", _("建成投用"), COUNT, goal.in_use_count, f["in_use_done"], None),
        ("reserve_count", _("储备项目"), COUNT, goal.reserve_count, f["reserve_count"], {"batch": batches.RESERVE}),
        ("investment", _("年度投资"), YI, goal.investment, _yi(f["ytd_cents"]), None),
        ("industrial_investment", _("工业投资"), YI, goal.industrial_investment, _yi(f["industrial_ytd_cents"]), None),
        ("key_level_count", level_label, COUNT, goal.key_level_count, f[f"{level}_count"], {"level": level}),
        (
            "key_level_rate",
            _("%(level)s投资完成率") % {"level": level_label},
            PERCENT,
            goal.key_level_rate,
            level_rate,
            {"level": level},
        ),
    ]
    return [
        Goal(code, label, measure, Decimal(target), None if achieved is None else Decimal(achieved), months, link)
        for code, label, measure, target, achieved, link in rows
        if target is not None
    ]
