"""The changes of a closed month against the month before (reporting.md section 3): projects that turned red,
yellow, green or blue, projects newly listed, late reports, plans moved later during the month. Read from the two
months' frozen rows, each list in one query; with a `limit`, each list is its first rows and its total (the
bulletin page), else complete (the changes page and the bulletin's files)."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from portal.aggregate_cache import cached_values
from projects.status import Color

from .models import EntryResult, MilestoneResult
from .results import COLORS, Listing, entry_results, listing, milestone_results, previous


@dataclass
class Changes:
    closed: object
    before: object  # the month before (closed), or None: then only the late reports are listed
    turned: dict = field(default_factory=dict)  # {color: Listing of EntryResult with prev_status, prev_label}
    newly_listed: Listing = field(default_factory=Listing.empty)
    late_reports: Listing = field(default_factory=Listing.empty)
    plans_moved: Listing = field(
        default_factory=Listing.empty
    )  # of MilestoneResult with prev_planned, code, project_name

    @property
    def turned_rows(self):
        """[(color, label, Listing)] in the order red, yellow, green, blue."""
        return [(c.value, c.label, self.turned.get(c.value) or Listing.empty()) for c in COLORS]


_PREVIOUS = object()


def month_changes(closed, before=_PREVIOUS, limit=None):
    """The Changes of `closed` against `before` (default: the month before, when closed; None: no comparison)."""
    before = previous(closed) if before is _PREVIOUS else before
    changes = Changes(closed, before)
    changes.late_reports = listing(entry_results(closed).filter(report_late=True).order_by("code"), limit)
    if before is None:
        return changes
    prev = EntryResult.objects.filter(closed_month=before, code=OuterRef("code"))
    # Exists: a semi-join, where comparing each row with a subquery's status read the month before row by row.
    rows = (
        entry_results(closed)
        .filter(Exists(prev.exclude(status=OuterRef("status"))), status__in=[c.value for c in COLORS])
        .annotate(
            prev_status=Subquery(prev.values("status")[:1]),
            place=Window(RowNumber(), partition_by=[F("status")], order_by=F("code").asc()),
            color_total=Window(Count("pk"), partition_by=[F("status")]),
        )
        .order_by("code")
    )
    if limit is not None:
        rows = rows.filter(place__lte=limit)
    for row in rows:
        row.prev_label = Color(row.prev_status).label
        changes.turned.setdefault(row.status, Listing([], row.color_total)).rows.append(row)
    changes.newly_listed = listing(entry_results(closed).filter(~Exists(prev)).order_by("code"), limit)
    changes.plans_moved = plans_moved(closed, before, limit)
    return changes


def plans_moved(closed, before, limit=None):
    """The month's milestones whose plan lies later than at the month before's close. Which ones: a semi-join of the
    two months' rows (100,000 each at 10,000 projects, ~100 ms), read through the aggregate cache; then those rows."""
    prev = MilestoneResult.objects.filter(closed_month=before, milestone_id=OuterRef("milestone_id"))
    moved = milestone_results(closed).filter(Exists(prev.filter(planned_date__lt=OuterRef("planned_date"))))
    ids = [row["pk"] for row in cached_values(moved.order_by(), "pk")]
    project = EntryResult.objects.filter(closed_month=closed, project_id=OuterRef("project_id"))
    rows = (
        milestone_results(closed)
        .filter(pk__in=ids)
        .annotate(prev_planned=Subquery(prev.values("planned_date")[:1]))
        .annotate(code=Subquery(project.values("code")[:1]), project_name=Subquery(project.values("name")[:1]))
        .select_related("unit")
        .order_by("code", "seq")
    )
    return listing(rows, limit)
