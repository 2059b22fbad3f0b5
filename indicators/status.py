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
from django.db.models import Case, DecimalField, ExpressionWrapper, F, IntegerField, Q, When
from django.db.models import Value as V

from projects.status import SEVERITY_RANK, Color

EPS = Decimal("0.000001")
ABOUT_TOLERANCE = Decimal("0.5")  # a target "左右" (about) counts as met from −0.5
GROWTH_BAND = Decimal("2")  # growth: ≥ +2 blue, ≥ 0 green, ≥ −2 yellow, else red (percentage points)
AMOUNT_BLUE, AMOUNT_GREEN, AMOUNT_YELLOW = 10, -10, -30  # amounts: section 3's bands on gap_pp

GROWTH, AMOUNT, LEVEL = "growth", "amount", "level"
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
        return Color.NONE
    sign = -1 if (lower_is_better or comparator == AT_MOST) else 1
    if kind == AMOUNT:
        if value_cum is None or target <= 0:
            return Color.NONE
        score = sign * (1200 * value_cum - 100 * month * target)
        if score >= 12 * AMOUNT_BLUE * target - EPS:
            return Color.BLUE
        if score > 12 * AMOUNT_GREEN * target + EPS:
            return Color.GREEN
        if score >= 12 * AMOUNT_YELLOW * target - EPS:
            return Color.YELLOW
        return Color.RED
    actual = growth if kind == GROWTH else value_cum
    if actual is None:
        return Color.NONE
    diff = sign * (actual - target)
    met = diff >= -EPS or (comparator == ABOUT and diff >= -ABOUT_TOLERANCE - EPS)
    if kind == LEVEL:
        if month != 12:
            return Color.NONE  # reported once a year: no color within the year
        return Color.GREEN if met else Color.RED
    if diff >= GROWTH_BAND - EPS:
        return Color.BLUE
    if met:
        return Color.GREEN
    if diff >= -GROWTH_BAND - EPS:
        return Color.YELLOW
    return Color.RED


# --- SQL -----------------------------------------------------------------------------------------------

DEC = DecimalField(max_digits=30, decimal_places=8)


def _c(x):
    return V(Decimal(x), output_field=DEC)


class IndicatorStatusSQL:
    """The rules over the annotations of `with_status`; `annotations()` adds `ind_score`/`ind_diff` first."""

    def annotations(self):
        sign = Case(
            When(Q(lower_is_better=True) | Q(target_comparator=AT_MOST), then=V(-1)),
            default=V(1),
            output_field=IntegerField(),
        )
        score = ExpressionWrapper(
            sign * (_c(1200) * F("value_cum") - _c(100) * F("period_month") * F("target_value")), output_field=DEC
        )
        actual = Case(When(kind=GROWTH, then=F("growth_yoy")), default=F("value_cum"), output_field=DEC)
        diff = ExpressionWrapper(sign * (actual - F("target_value")), output_field=DEC)
        return {"ind_score": score, "ind_diff": diff}

    @staticmethod
    def _score_at_least(pp):
        return Q(ind_score__gte=ExpressionWrapper(_c(12 * pp) * F("target_value") - _c(EPS), output_field=DEC))

    @staticmethod
    def _score_above(pp):
        return Q(ind_score__gt=ExpressionWrapper(_c(12 * pp) * F("target_value") + _c(EPS), output_field=DEC))

    def status(self):
        s = lambda c: V(c.value)  # noqa: E731
        amount, growth, level = Q(kind=AMOUNT), Q(kind=GROWTH), Q(kind=LEVEL)
        met = Q(ind_diff__gte=-EPS) | (Q(target_comparator=ABOUT) & Q(ind_diff__gte=-ABOUT_TOLERANCE - EPS))
        no_actual = (growth & Q(growth_yoy__isnull=True)) | (~growth & Q(value_cum__isnull=True))
        return Case(
            When(Q(target_value__isnull=True) | Q(period_month__isnull=True) | no_actual, then=s(Color.NONE)),
            When(amount & Q(target_value__lte=0), then=s(Color.NONE)),
            When(amount & self._score_at_least(AMOUNT_BLUE), then=s(Color.BLUE)),
            When(amount & self._score_above(AMOUNT_GREEN), then=s(Color.GREEN)),
            When(amount & self._score_at_least(AMOUNT_YELLOW), then=s(Color.YELLOW)),
            When(amount, then=s(Color.RED)),
            When(level & ~Q(period_month=12), then=s(Color.NONE)),
            When(level & met, then=s(Color.GREEN)),
            When(level, then=s(Color.RED)),
            When(ind_diff__gte=GROWTH_BAND - EPS, then=s(Color.BLUE)),
            When(met, then=s(Color.GREEN)),
            When(ind_diff__gte=-GROWTH_BAND - EPS, then=s(Color.YELLOW)),
            default=s(Color.RED),
            output_field=models.CharField(),
        )

    @staticmethod
    def status_rank():
        """Severity rank of the annotated `status` (red first, none last), for sorting."""
        return Case(
            *[When(status=color, then=V(rank)) for color, rank in SEVERITY_RANK.items()],
            default=V(len(SEVERITY_RANK)),
            output_field=IntegerField(),
        )
