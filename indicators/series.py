"""One indicator's year: its periods with figures and colors (Python rule, one object); chart.py draws them."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from . import explain as ex
from .models import Target, Value
from .periods import default_period
from .querysets import YI_PER_WAN, derived_reports
from .status import IndicatorColor, indicator_color


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
