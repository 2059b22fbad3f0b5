"""One indicator's year: its periods with figures and colors (Python rule, one object), and an SVG chart."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import explain as ex
from .models import Target, Value
from .periods import default_period
from .querysets import YI_PER_WAN, derived_reports
from .status import AMOUNT, GROWTH, IndicatorColor, indicator_color, time_progress


@dataclass
class Point:
    """A period's figures; attribute names match the list rows so `explain` reads both."""

    kind: str
    measure: str
    decimals: int
    lower_is_better: bool
    target_value: Decimal | None
    target_comparator: str | None
    period_month: int
    value_cum: Decimal | None
    growth_yoy: Decimal | None
    note: str = ""
    reported_by: object = None
    reported_at: object = None
    version: int | None = None
    year: int = 0
    status: str = ""

    def __post_init__(self):
        self.status = indicator_color(
            self.kind,
            self.lower_is_better,
            self.target_comparator,
            self.target_value,
            self.period_month,
            self.value_cum,
            self.growth_yoy,
        ).value

    @property
    def completion(self):
        return ex.completion(self)

    @property
    def progress(self):
        return ex.progress(self)

    # Display texts, prepared here so that the template only shows them.
    @property
    def label(self):
        return ex.period_label(self.period_month)

    @property
    def value_text(self):
        return "—" if self.value_cum is None else f"{ex.fmt(self.value_cum, self.decimals)}{self.measure}"

    @property
    def growth_text(self):
        return "—" if self.growth_yoy is None else f"{ex.fmt(self.growth_yoy, self.decimals)}%"

    @property
    def completion_text(self):
        return "—" if self.completion is None else f"{ex.fmt(self.completion, 1)}%"

    @property
    def progress_text(self):
        return "—" if self.progress is None else f"{ex.fmt(self.progress, 1)}%"

    @property
    def status_label(self):
        return IndicatorColor(self.status).label

    @property
    def explanation(self):
        return ex.explain(self, self.year)


def year_series(indicator, year):
    """(target or None, [Point per reported period]) of an indicator for a year, in two queries.

    An indicator derived from the projects has a value for every period from 1–2月 to the period the list opens on
    (a month without reports adds 0), read as the list reads it: months 1..N of the list's reports."""
    target = Target.objects.filter(indicator=indicator, year=year).first()
    common = {
        "kind": indicator.kind,
        "measure": indicator.measure,
        "decimals": indicator.decimals,
        "lower_is_better": indicator.lower_is_better,
        "target_value": target.value if target else None,
        "target_comparator": target.comparator if target else None,
        "year": year,
    }
    if indicator.derived_from_projects:
        monthly = dict(
            derived_reports(year, indicator.derivation)
            .values_list("month")
            .annotate(s=Sum("investment_completed"))
            .order_by("month")
        )
        points, total = [], Decimal(0)
        for month in range(1, default_period(year, timezone.localdate()) + 1):
            total += Decimal(str(monthly.get(month, 0)))
            if month >= 2:
                points.append(Point(**common, period_month=month, value_cum=total * YI_PER_WAN, growth_yoy=None))
        return target, points
    values = Value.objects.filter(indicator=indicator, year=year).select_related("reported_by").order_by("month")
    return target, [
        Point(
            **common,
            period_month=v.month,
            value_cum=v.value_cum,
            growth_yoy=v.growth_yoy,
            note=v.note,
            reported_by=v.reported_by,
            reported_at=v.reported_at,
            version=v.version,
        )
        for v in values
    ]


W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 48, 16, 16, 32


def _x(month):
    return LEFT + (month - 1) * (W - LEFT - RIGHT) / 11


def chart(indicator, target, points):
    """Coordinates of an inline SVG: the series (completion % or the figure) against time progress or target."""
    if indicator.kind == AMOUNT:
        ys = [(p.period_month, p.completion, p.status) for p in points if p.completion is not None]
        reference = [(m, time_progress(m)) for m in range(2, 13)] if target else []
        unit = "%"
    else:
        attr = "growth_yoy" if indicator.kind == GROWTH else "value_cum"
        ys = [(p.period_month, getattr(p, attr), p.status) for p in points if getattr(p, attr) is not None]
        reference = [(2, target.value), (12, target.value)] if target else []
        unit = "%" if indicator.kind == GROWTH else indicator.measure
    numbers = [float(y) for _m, y, _s in ys] + [float(y) for _m, y in reference] + [0.0]
    low, high = min(numbers), max(numbers)
    high = high + (high - low) * 0.1 or 1.0
    span = high - low or 1.0

    def y(v):
        return round(TOP + (high - float(v)) * (H - TOP - BOTTOM) / span, 1)

    ticks = [low + span * i / 4 for i in range(5)]
    return {
        "width": W,
        "height": H,
        "left": LEFT,
        "right": W - RIGHT,
        "bottom": H - BOTTOM,
        "unit": unit,
        "line": " ".join(f"{_x(m):.1f},{y(v)}" for m, v, _s in ys),
        "points": [
            {
                "x": round(_x(m), 1),
                "y": y(v),
                "status": s,
                "label": f"{ex.period_label(m)}{_('：')}{ex.fmt(v, 1)}{unit} · {IndicatorColor(s).label}",
            }
            for m, v, s in ys
        ],
        "reference": " ".join(f"{_x(m):.1f},{y(v)}" for m, v in reference),
        "y_ticks": [{"y": y(t), "label": ex.fmt(t, 1) + ("%" if unit == "%" else "")} for t in ticks],
        "x_ticks": [{"x": round(_x(m), 1), "label": m} for m in range(1, 13)],
    }
