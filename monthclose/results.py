"""Reading the closed months: which version, its rows, the month before (selectors for pages and commands)."""

from django.db.models import Count

from projects.status import SEVERITY, Color

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
