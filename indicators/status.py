"""The indicator rules (../shared/docs/status-rules.md, section 5), Python and SQL side by side.

- `indicator_color(...)` decides one indicator from its target and its latest value of the period;
- `IndicatorStatusSQL` builds the same decision as a SQL expression over the annotations made by
  `IndicatorQuerySet.with_status` (`target_value`, `target_comparator`, `period_month`, `value_cum`,
  `growth_yoy`), so lists filter, sort and count by status in one query.

A hypothesis test holds both equal on SQLite and PostgreSQL. The comparisons avoid division: for amount
indicators `score = 1200·value − 100·month·target` is `12·target·gap_pp`, so "gap_pp ≥ +10" reads
"score ≥ 120·target". SQLite computes decimals as floats, so every comparison allows `EPS`, far below
the precision of the stored figures (two decimals) and above float noise.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Case, DecimalField, ExpressionWrapper, IntegerField, Q, When
from django.db.models import Value as V
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from portal.sql import Rank
from projects.investment import BANDS
from projects.status import SEVERITY_RANK

EPS = Decimal("0.000001")
ABOUT_TOLERANCE = Decimal("0.5")  # a target "左右" (about) counts as met from −0.5
GROWTH_BAND = Decimal("2")  # growth: ≥ +2 blue, ≥ 0 green, ≥ −2 yellow, else red (percentage points)
# Amounts: section 3's bands on gap_pp, the same edges as a project's investment status.
AMOUNT_BLUE, AMOUNT_GREEN, AMOUNT_YELLOW = BANDS.blue_from, BANDS.green_above, BANDS.red_below

GROWTH, AMOUNT, LEVEL = "growth", "amount", "level"


class IndicatorColor(models.TextChoices):
    """An indicator's color: the schedule's codes (and badge classes), with labels of its own, which hold for every
    kind (amounts against 序时进度, growth rates and levels against the target)."""

    RED = "red", _("红色 · 未达标")
    YELLOW = "yellow", _("黄色 · 接近目标")
    GREEN = "green", _("绿色 · 达标")
    BLUE = "blue", _("蓝色 · 超额")
    NONE = "none", _("未评估")


AT_MOST, ABOUT = "lte", "about"


def _dec(x):
    return x if x is None or isinstance(x, Decimal) else Decimal(str(x))


def time_progress(month):
    """序时进度 in percent for a cumulative period ending in `month`."""
    return Decimal(month) * 100 / 12


def gap_pp(value_cum, target, month):
    """Completion minus time progress, in percentage points (amount indicators), before any inversion."""
    return _dec(value_cum) * 100 / _dec(target) - time_progress(month)


def indicator_color(kind, lower_is_better, comparator, target, month, value_cum, growth):
    """The color of one indicator from its year's target and its latest value (section 5)."""
    target, value_cum, growth = _dec(target), _dec(value_cum), _dec(growth)
    if target is None or month is None:
        return IndicatorColor.NONE
    sign = -1 if (lower_is_better or comparator == AT_MOST) else 1
    if kind == AMOUNT:
        if value_cum is None or target <= 0:
            return IndicatorColor.NONE
        score = sign * (1200 * value_cum - 100 * month * target)
        if score >= 12 * AMOUNT_BLUE * target - EPS:
            return IndicatorColor.BLUE
        if score > 12 * AMOUNT_GREEN * target + EPS:
            return IndicatorColor.GREEN
        if score >= 12 * AMOUNT_YELLOW * target - EPS:
            return IndicatorColor.YELLOW
        return IndicatorColor.RED
    actual = growth if kind == GROWTH else value_cum
    if actual is None:
        return IndicatorColor.NONE
    diff = sign * (actual - target)
    met = diff >= -EPS or (comparator == ABOUT and diff >= -ABOUT_TOLERANCE - EPS)
    if kind == LEVEL:
        if month != 12:
            return IndicatorColor.NONE  # reported once a year: no color within the year
        return IndicatorColor.GREEN if met else IndicatorColor.RED
    if diff >= GROWTH_BAND - EPS:
        return IndicatorColor.BLUE
    if met:
        return IndicatorColor.GREEN
    if diff >= -GROWTH_BAND - EPS:
        return IndicatorColor.YELLOW
    return IndicatorColor.RED


# --- SQL -----------------------------------------------------------------------------------------------

DEC = DecimalField(max_digits=30, decimal_places=8)


def _c(x):
    return V(Decimal(x), output_field=DEC)


class IndicatorStatusSQL:
    """The rules as one SQL expression over plain columns and small expressions (see `with_figures`).

    The figures are given as expressions (`target`, `comparator`, `month`, `value_cum`, `growth`), and, for
    the derived amount indicators only, `amount_value`/`amount_month`. Each rule reads them directly, so
    the compiled SQL stays small: nothing refers to another annotation that Django would inline again.
    Derived indicators are amounts (a database constraint), so only the amount branch uses `amount_*`.
    """

    def __init__(self, target, comparator, month, value_cum, growth, amount_value=None, amount_month=None):
        self.target, self.comparator, self.month = target, comparator, month
        self.value_cum, self.growth = value_cum, growth
        self.amount_value = value_cum if amount_value is None else amount_value
        self.amount_month = month if amount_month is None else amount_month

    def _sign(self):
        return Case(
            When(Q(lower_is_better=True) | Exact(self.comparator, V(AT_MOST)), then=V(-1)),
            default=V(1),
            output_field=IntegerField(),
        )

    def _amount(self):
        t = self.target
        score = ExpressionWrapper(
            self._sign() * (_c(1200) * self.amount_value - _c(100) * self.amount_month * t), output_field=DEC
        )

        def at_least(pp):
            return GreaterThanOrEqual(score, ExpressionWrapper(_c(12 * pp) * t - _c(EPS), output_field=DEC))

        above = GreaterThan(score, ExpressionWrapper(_c(12 * AMOUNT_GREEN) * t + _c(EPS), output_field=DEC))
        missing = IsNull(t, True) | IsNull(self.amount_month, True) | IsNull(self.amount_value, True)
        return Case(
            When(missing | LessThanOrEqual(t, _c(0)), then=_s(IndicatorColor.NONE)),
            When(at_least(AMOUNT_BLUE), then=_s(IndicatorColor.BLUE)),
            When(above, then=_s(IndicatorColor.GREEN)),
            When(at_least(AMOUNT_YELLOW), then=_s(IndicatorColor.YELLOW)),
            default=_s(IndicatorColor.RED),
            output_field=models.CharField(),
        )

    def _diff_at_least(self, actual, bound):
        diff = ExpressionWrapper(self._sign() * (actual - self.target), output_field=DEC)
        return GreaterThanOrEqual(diff, _c(bound))

    def _met(self, actual):
        about = Q(Exact(self.comparator, V(ABOUT))) & self._diff_at_least(actual, -ABOUT_TOLERANCE - EPS)
        return Q(self._diff_at_least(actual, -EPS)) | about

    def _growth(self):
        g = self.growth
        return Case(
            When(IsNull(self.target, True) | IsNull(self.month, True) | IsNull(g, True), then=_s(IndicatorColor.NONE)),
            When(self._diff_at_least(g, GROWTH_BAND - EPS), then=_s(IndicatorColor.BLUE)),
            When(self._met(g), then=_s(IndicatorColor.GREEN)),
            When(self._diff_at_least(g, -GROWTH_BAND - EPS), then=_s(IndicatorColor.YELLOW)),
            default=_s(IndicatorColor.RED),
            output_field=models.CharField(),
        )

    def _level(self):
        v = self.value_cum
        missing = IsNull(self.target, True) | IsNull(self.month, True) | IsNull(v, True)
        within_year = ~Q(Exact(self.month, V(12)))  # reported once a year: no color within the year
        return Case(
            When(missing | within_year, then=_s(IndicatorColor.NONE)),
            When(self._met(v), then=_s(IndicatorColor.GREEN)),
            default=_s(IndicatorColor.RED),
            output_field=models.CharField(),
        )

    def status(self):
        return Case(
            When(kind=AMOUNT, then=self._amount()),
            When(kind=LEVEL, then=self._level()),
            default=self._growth(),
            output_field=models.CharField(),
        )

    @staticmethod
    def status_rank(status):
        """Severity rank of a status expression (red first, none last), for sorting."""
        return Rank(status, SEVERITY_RANK, len(SEVERITY_RANK))


def _s(color):
    return V(color.value)
