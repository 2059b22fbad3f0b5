"""The units' ranking (红黄榜, reporting.md section 5) of a closed month, from its frozen rows: what was published
stays as published. A milestone belongs to its owning unit as frozen (responsible unit, else the project's lead
unit); late reports count the year's closed months up to this one over the projects a unit leads; orders are the
supervision app's figures as of the month's last day (`supervision.metrics.unit_figures`).

Order: red (most first), yellow (most first), on-time rate against the baseline (lowest first; a unit with nothing
done yet after those with a rate), then name. `movement` compares with the month before's ranking when closed.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from projects.models import Unit
from supervision.metrics import unit_figures

from .models import EntryResult, MilestoneResult
from .results import previous


@dataclass
class UnitRow:
    unit: Unit
    red: int = 0
    yellow: int = 0
    done: int = 0
    on_time: int = 0
    plan_moves: int = 0
    late_reports: int = 0
    orders_received: int = 0
    orders_reply_on_time_pct: float | None = None
    orders_reply_overdue: int = 0
    rank: int = 0
    previous_rank: int | None = None

    @property
    def on_time_rate(self):
        """Milestones done by their baseline date ÷ milestones done (None when nothing is done)."""
        return self.on_time / self.done if self.done else None

    @property
    def on_time_pct(self):
        rate = self.on_time_rate
        return None if rate is None else round(rate * 100, 1)

    @property
    def movement(self):
        """Places moved up (positive) or down (negative) since the month before; None when it was not ranked."""
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def moved_down(self):
        """Places moved down since the month before (for the text 下降 n 位)."""
        return None if self.movement is None else -self.movement

    def sort_key(self):
        rate = self.on_time_rate
        return (-self.red, -self.yellow, rate is None, rate if rate is not None else 0, self.unit.name)


def _rows(closed):
    milestones = (
        MilestoneResult.objects.filter(closed_month=closed)
        .order_by()
        .values_list("unit")
        .annotate(
            n_red=Count("pk", filter=Q(status="red")),
            n_yellow=Count("pk", filter=Q(status="yellow")),
            n_done=Count("pk", filter=Q(done=True, status__in=["green", "blue"])),
            n_on_time=Count("pk", filter=Q(done=True, done_by_baseline=True, status__in=["green", "blue"])),
            n_moved=Count("pk", filter=Q(plan_moved=True)),
        )
    )
    rows = {}
    for unit_id, red, yellow, done, on_time, moves in milestones:
        rows[unit_id] = {"red": red, "yellow": yellow, "done": done, "on_time": on_time, "plan_moves": moves}
    late = (
        EntryResult.objects.filter(
            closed_month__year=closed.year,
            closed_month__month__lte=closed.month,
            closed_month__is_current=True,
            report_late=True,
        )
        .order_by()
        .values_list("lead_unit")
        .annotate(n=Count("pk"))
    )
    for unit_id, n in late:
        rows.setdefault(unit_id, {})["late_reports"] = n
    return rows


def ranking(closed, *, with_orders=True):
    """[UnitRow] of a closed month, ranked."""
    rows = _rows(closed)
    if with_orders:
        for figures in unit_figures(closed.year, closed.as_of):
            if figures.unit.pk in rows or figures.received:
                rows.setdefault(figures.unit.pk, {}).update(
                    orders_received=figures.received,
                    orders_reply_on_time_pct=None
                    if figures.reply_on_time_rate is None
                    else round(figures.reply_on_time_rate * 100, 1),
                    orders_reply_overdue=figures.reply_overdue,
                )
    units = Unit.objects.in_bulk(rows.keys())
    result = sorted((UnitRow(unit=units[pk], **values) for pk, values in rows.items()), key=UnitRow.sort_key)
    for place, row in enumerate(result, start=1):
        row.rank = place
    return result


def ranking_with_movement(closed):
    """The month's ranking with each unit's place in the month before's (when that month is closed)."""
    rows = ranking(closed)
    before = previous(closed)
    if before is not None:
        places = {row.unit.pk: row.rank for row in ranking(before, with_orders=False)}
        for row in rows:
            row.previous_rank = places.get(row.unit.pk)
    return rows
