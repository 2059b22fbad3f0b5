"""Reading the closed months: which version, its rows, the month before (selectors for pages and commands)."""

from dataclasses import dataclass

from django.db.models import Count, Q, Window

from portal.aggregate_cache import cached_values
from projects.status import SEVERITY, Color
from ranking.core import order_rows, ranked

from .models import ClosedMonth, EntryResult, MilestoneResult, previous_month

COLORS = [Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE]


def closed_month(year, month, version=None):
    """The current version of a closed month (or the given version), or None."""
    rows = ClosedMonth.objects.filter(year=year, month=month).select_related("closed_by", "reopened_by")
    return rows.filter(version=version).first() if version else rows.current().first()


def previous(closed):
    """The current version of the month before, or None when it was not closed."""
    return closed_month(*previous_month(closed.year, closed.month))


def entry_results(closed):
    """The month's project results with their lead units."""
    return EntryResult.objects.filter(closed_month=closed).select_related("lead_unit")


def milestone_results(closed):
    return MilestoneResult.objects.filter(closed_month=closed)


def counts_by(closed, field=None):
    """{key: {color: n}} of the month's projects by `field` (None: one key, None), in one grouped query."""
    keys = ("status",) if field is None else (field, "status")
    rows = EntryResult.objects.filter(closed_month=closed).order_by().values_list(*keys).annotate(n=Count("pk"))
    counts = {}
    for *key, status, n in rows:
        counts.setdefault(key[0] if key else None, {c.value: 0 for c in SEVERITY})[status] = n
    return counts


def _unit_milestone_rows(closed):
    """{unit id: {red, yellow, done, on_time, plan_moves}} of the month's frozen milestones that count (not exempt),
    grouped by the unit they belonged to as frozen (responsible unit, else the project's lead unit): one query over
    the month's 100,000 rows at 10,000 projects, read through the aggregate cache (the bulletin ranks this month and
    the month before)."""
    counts = {
        "red": Count("pk", filter=Q(status=Color.RED)),
        "yellow": Count("pk", filter=Q(status=Color.YELLOW)),
        "done": Count("pk", filter=Q(done=True)),
        "on_time": Count("pk", filter=Q(done=True, done_by_baseline=True)),
        "plan_moves": Count("pk", filter=Q(plan_moved=True)),
    }
    # Named apart (n_*): `done` is also a field of the rows, which an annotation of that name would shadow.
    aliases = {f"n_{name}": aggregate for name, aggregate in counts.items()}
    rows = (
        MilestoneResult.objects.filter(closed_month=closed)
        .exclude(status=Color.NONE)
        .order_by()
        .values("unit")
        .annotate(**aliases)
    )
    return {row["unit"]: {name: row[f"n_{name}"] for name in counts} for row in cached_values(rows, "unit", *aliases)}


def _unit_late_reports(closed):
    """{lead unit id: reports published late} over the year's closed months up to this one: one query."""
    rows = (
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
    return dict(rows)


def unit_ranking(closed, *, with_orders=True):
    """[UnitRank] of a closed month (红黄榜, reporting.md section 5) from its frozen rows, in the ranking app's order
    (`ranking.core.sort_key`): what was published stays as published. Orders are the supervision figures as of the
    month's last day (the ranking's own); `with_orders=False` leaves them out (they do not move a unit's place).
    Three queries (two without orders)."""
    orders = order_rows(closed.year, closed.as_of) if with_orders else {}
    return ranked(_unit_milestone_rows(closed), _unit_late_reports(closed), orders)


@dataclass
class Listing:
    """Some rows of a list and how many it has: all of them, or the first `limit` where a page shows a bounded part
    (the bulletin page at 10,000 projects would otherwise list thousands)."""

    rows: list
    total: int

    @classmethod
    def empty(cls):
        return cls([], 0)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def more(self):
        """How many rows are left out."""
        return self.total - len(self.rows)


def listing(queryset, limit=None):
    """A Listing of the queryset's rows, the first `limit` of them (None: all) with the total, in one query."""
    if limit is None:
        rows = list(queryset)
        return Listing(rows, len(rows))
    rows = list(queryset.annotate(listing_total=Window(Count("pk")))[:limit])
    return Listing(rows, rows[0].listing_total if rows else 0)
