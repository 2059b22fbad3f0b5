"""Section 4's figures per unit and for the zone, for a year up to a date, in one grouped query each.

Let `d` be the as-of date and the period the year's days up to `d` (`period_end`). For each lead unit:

- `received`: orders issued to it in the period, cancelled ones excluded;
- `replied_on_time`: of those, the ones replied on time as of `d` (every reply by `d` by the due date in force then,
  none overdue now);
- `reply_overdue`: its orders (issued by `d`, any year) waiting for a reply past the due date as of `d`;
- `open`: its orders (issued by `d`, any year) open as of `d`;
- `closed`: its orders closed `resolved` in the period (办结);
- `closed_on_time`: of those, the ones whose accepted (latest) reply came on time;
- `escalated`: its orders closed `escalated` in the period (the higher order carries on and counts itself);
- `days_to_close`: the average days from issue to closure of the `closed` ones.
Rates: 按期办结率 = closed_on_time ÷ closed; 办结率 = closed ÷ received; replied on time (%) = replied_on_time ÷
received; None where the divisor is 0. `causes` counts the orders received in the period by the cause their latest
reply by `d` names.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from portal.aggregate_cache import cached_values
from projects.models import Unit

from .choices import OPEN_STATES, Cause, Outcome, State
from .models import SupervisionOrder

COLUMNS = ("received", "replied_on_time", "reply_overdue", "open", "closed", "closed_on_time")


def default_as_of(year, today=None):
    """Today, or the last day of a past year."""
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31))


def period(year, as_of):
    """(first day, last day) of the year's period as of a date."""
    return dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31))


def _rate(part, whole):
    return None if not whole else part / whole


@dataclass
class Figures:
    received: int = 0
    replied_on_time: int = 0
    reply_overdue: int = 0
    open: int = 0
    closed: int = 0
    closed_on_time: int = 0
    escalated: int = 0
    days_total: float = 0  # days from issue to closure, summed over the `closed` ones
    causes: dict = field(default_factory=dict)
    unit: Unit | None = None

    @property
    def days_to_close(self):
        """Average days from issue to closure of the orders closed resolved in the period."""
        return None if not self.closed else self.days_total / self.closed

    @property
    def on_time_close_rate(self):
        """按期办结率."""
        return _rate(self.closed_on_time, self.closed)

    @property
    def close_rate(self):
        """办结率."""
        return _rate(self.closed, self.received)

    @property
    def reply_on_time_rate(self):
        return _rate(self.replied_on_time, self.received)

    @property
    def on_time_close_pct(self):
        rate = self.on_time_close_rate
        return None if rate is None else rate * 100

    @property
    def close_pct(self):
        rate = self.close_rate
        return None if rate is None else rate * 100

    def row(self):
        return [getattr(self, name) for name in COLUMNS]


def _aggregates(year, as_of):
    start, end = period(year, as_of)
    received = Q(issued_on__range=(start, end)) & ~Q(state=State.CANCELLED)
    closed = Q(state=State.CLOSED, outcome=Outcome.RESOLVED, closed_on__range=(start, end))
    duration = ExpressionWrapper(F("closed_on") - F("issued_on"), output_field=DurationField())
    return {
        "received": Count("pk", filter=received),
        "replied_on_time": Count("pk", filter=received & SupervisionOrder.objects.replied_on_time_q(as_of)),
        "reply_overdue": Count("pk", filter=SupervisionOrder.objects.reply_overdue_q(as_of)),
        "open": Count("pk", filter=Q(state__in=OPEN_STATES)),
        "closed": Count("pk", filter=closed),
        "closed_on_time": Count("pk", filter=closed & Q(accepted_on_time=True)),
        "escalated": Count(
            "pk", filter=Q(state=State.CLOSED, outcome=Outcome.ESCALATED, closed_on__range=(start, end))
        ),
        "days_total": Sum(duration, filter=closed),
    }


def _orders(as_of):
    return SupervisionOrder.objects.filter(issued_on__lte=as_of).alias(
        accepted_on_time=SupervisionOrder.objects.accepted_on_time()
    )


def _days(value):
    if value is None:
        return None
    return value.total_seconds() / 86400 if isinstance(value, dt.timedelta) else float(value)


def _causes(year, as_of, by_unit):
    """Rows (lead unit id if `by_unit`, cause, n) of the orders received in the period by the cause their latest reply
    by `as_of` names: one grouped query, cached for the data version."""
    start, end = period(year, as_of)
    rows = (
        _orders(as_of)
        .filter(issued_on__range=(start, end))
        .exclude(state=State.CANCELLED)
        .annotate(latest_cause=SupervisionOrder.objects.latest_cause(as_of))
        .filter(latest_cause__isnull=False)
        .order_by()
    )
    keys = ("lead_unit", "latest_cause") if by_unit else ("latest_cause",)
    counted = cached_values(rows.values(*keys).annotate(n=Count("pk")), *keys, "n")
    return [tuple(row[key] for key in (*keys, "n")) for row in counted]


def _figures(year, as_of):
    """{unit id: Figures} of every lead unit with orders issued by `as_of`: one grouped query, cached for the data
    version."""
    aggregates = _aggregates(year, as_of)
    rows = _orders(as_of).order_by().values("lead_unit").annotate(**aggregates)
    figures = {}
    for row in cached_values(rows, "lead_unit", *aggregates):
        counts = {name: row[name] for name in aggregates}
        counts["days_total"] = _days(counts["days_total"]) or 0
        figures[row["lead_unit"]] = Figures(**counts)
    return figures


def figures_by_unit(year, as_of=None):
    """{unit id: Figures} of every lead unit with orders issued by `as_of` (`unit` not loaded): one grouped query."""
    return _figures(year, as_of or default_as_of(year))


def _shown(figures, causes_by_unit):
    """The units' Figures that received orders in the period, have open ones or closed some, with their causes and
    units (read through the cache), by unit name."""
    shown = {k: f for k, f in figures.items() if f.received or f.open or f.closed}
    for unit_id, cause, n in causes_by_unit:
        if unit_id in shown:
            shown[unit_id].causes[cause] = n
    units = Unit.objects.cached_by_id(shown)
    for unit_id, f in shown.items():
        f.unit = units[unit_id]
    return sorted(shown.values(), key=lambda f: f.unit.name)


def _zone(figures, causes):
    zone = Figures()
    for unit in figures.values():
        for name in (*COLUMNS, "escalated", "days_total"):
            setattr(zone, name, getattr(zone, name) + getattr(unit, name))
    for *_unit, cause, n in causes:
        zone.causes[cause] = zone.causes.get(cause, 0) + n
    return zone


def unit_figures(year, as_of=None):
    """[Figures] per unit that received orders in the period, has open ones or closed some, by unit name (two
    grouped queries and the units, each cached for the data version)."""
    as_of = as_of or default_as_of(year)
    return _shown(_figures(year, as_of), _causes(year, as_of, by_unit=True))


def zone_figures(year, as_of=None):
    """The zone's Figures: every unit's added up (two grouped queries, cached for the data version)."""
    as_of = as_of or default_as_of(year)
    return _zone(_figures(year, as_of), _causes(year, as_of, by_unit=False))


def cause_rows(causes):
    """[(label, n)] in the order of section 5, counted ones only."""
    return [(label, causes[value]) for value, label in Cause.choices if causes.get(value)]


def dashboard_metrics(year, as_of=None):
    """What templates/supervision/_dashboard_metrics.html shows (as `supervision_metrics`): the zone's figures, the
    units', and the causes named. The zone's are the units' added up: two grouped queries and the units, each cached
    for the data version."""
    as_of = as_of or default_as_of(year)
    figures, causes = _figures(year, as_of), _causes(year, as_of, by_unit=True)
    zone = _zone(figures, causes)
    return {
        "year": year,
        "as_of": as_of,
        "zone": zone,
        "units": _shown(figures, causes),
        "causes": cause_rows(zone.causes),
    }
