"""The unit ranking (红黄榜), section 4 of the status rules."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from portal.aggregate_cache import cached_values

from .models import ListEntry, Milestone, Unit
from .status import Color


@dataclass
class UnitRank:
    unit: Unit
    counts: dict = field(default_factory=dict)
    done: int = 0
    on_time: int = 0

    @property
    def on_time_rate(self):
        """Milestones done by their planned date ÷ milestones done (None when nothing is done)."""
        return self.on_time / self.done if self.done else None

    @property
    def total(self):
        return sum(self.counts.values())


def unit_ranking(year, as_of, entries=None, status_rows=None):
    """Lead units of a year's list with their projects' status counts and on-time rate, worst first.

    Three queries: status counts grouped by (unit, status) (one grouped pass over the milestones, see
    `grouped_status_counts`), milestone punctuality grouped by unit, the units. `status_rows` — rows
    (unit id, status, n) of the same entries already counted (the dashboard counts by batch and unit at
    once) — saves the first. The whole-list parts are cached per data version (`portal.aggregate_cache`).
    """
    entries = entries if entries is not None else ListEntry.objects.filter(year=year)
    if status_rows is None:
        status_rows = entries.grouped_status_counts(as_of, "project__lead_unit")
    ranks, zero = {}, {c.value: 0 for c in Color}
    for unit_id, status, n in status_rows:
        if unit_id not in ranks:
            ranks[unit_id] = dict(zero)
        ranks[unit_id][status] += n
    punctuality = (
        Milestone.objects.filter(project__list_entries__in=entries, is_exempt=False, actual_date__lte=as_of)
        .values("project__lead_unit")
        .annotate(done=Count("pk"), on_time=Count("pk", filter=Q(actual_date__lte=F("planned_date"))))
    )
    punctual = {
        row["project__lead_unit"]: row for row in cached_values(punctuality, "project__lead_unit", "done", "on_time")
    }
    units = Unit.objects.in_bulk(ranks.keys())
    result = [
        UnitRank(
            unit=units[unit_id],
            counts=counts,
            done=punctual.get(unit_id, {}).get("done", 0),
            on_time=punctual.get(unit_id, {}).get("on_time", 0),
        )
        for unit_id, counts in ranks.items()
    ]
    result.sort(key=lambda r: (-r.counts["red"], -r.counts["yellow"], r.unit.name))
    return result
