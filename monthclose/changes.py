"""The changes of a closed month against the month before (reporting.md section 3): projects that turned red,
yellow, green or blue, projects newly listed, late reports, plans moved later during the month. Read from the two
months' frozen rows, each list in one query."""

from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, Subquery

from projects.status import Color

from .models import EntryResult, MilestoneResult
from .results import COLORS, entry_results, milestone_results, previous


@dataclass
class Changes:
    closed: object
    before: object  # the month before (closed), or None: then only the late reports are listed
    turned: dict = field(default_factory=dict)  # {color: [EntryResult with prev_status]}
    newly_listed: list = field(default_factory=list)
    late_reports: list = field(default_factory=list)
    plans_moved: list = field(default_factory=list)  # [MilestoneResult with prev_planned, code, project name]

    @property
    def turned_rows(self):
        """[(color, label, rows)] in the order red, yellow, green, blue."""
        return [(c.value, c.label, self.turned.get(c.value, [])) for c in COLORS]


_PREVIOUS = object()


def month_changes(closed, before=_PREVIOUS):
    """The Changes of `closed` against `before` (default: the month before, when closed; None: no comparison)."""
    before = previous(closed) if before is _PREVIOUS else before
    changes = Changes(closed, before)
    changes.late_reports = list(entry_results(closed).filter(report_late=True).order_by("code"))
    if before is None:
        return changes
    prev = EntryResult.objects.filter(closed_month=before, code=OuterRef("code"))
    rows = entry_results(closed).annotate(prev_status=Subquery(prev.values("status")[:1]))
    for row in rows.filter(~Q(status=F("prev_status")), status__in=[c.value for c in COLORS]).order_by("code"):
        row.prev_label = Color(row.prev_status).label
        changes.turned.setdefault(row.status, []).append(row)
    changes.newly_listed = list(rows.filter(prev_status__isnull=True).order_by("code"))
    changes.plans_moved = plans_moved(closed, before)
    return changes


def plans_moved(closed, before):
    """The month's milestones whose plan lies later than at the month before's close."""
    prev = MilestoneResult.objects.filter(closed_month=before, milestone_id=OuterRef("milestone_id"))
    project = EntryResult.objects.filter(closed_month=closed, project_id=OuterRef("project_id"))
    rows = (
        milestone_results(closed)
        .filter(milestone__isnull=False)
        .annotate(prev_planned=Subquery(prev.values("planned_date")[:1]))
        .filter(planned_date__gt=F("prev_planned"))
        .annotate(code=Subquery(project.values("code")[:1]), project_name=Subquery(project.values("name")[:1]))
        .select_related("unit")
        .order_by("code", "seq")
    )
    return list(rows)
