"""Read queries of supervision for other pages, named for intent (the orders' own are on `SupervisionOrder.objects`).

For the markers and filters "open order" on the project list, the project page and the overdue list:
- `open_order_on_project(ref)` / `open_order_on_milestone(ref)`: `Exists` expressions for any queryset whose rows
  point at a project or a milestone (`ref` names the outer field: "pk" on projects and milestones, "project_id" on
  list entries and milestones);
- `with_open_order(queryset, ref=..., on="project"|"milestone")`: annotates `has_open_order`;
- `filter_open_order(queryset, value, ...)`: only the rows with (True) or without (False) an open order.
For 待督办: `suggestions(year, as_of)`, the red and yellow milestones of the year's list with the level of order the
ladder suggests (section 2), in SQL, worst first.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from projects.models import Milestone
from projects.status import Color

from .choices import AWAITING_REPLY, OPEN_STATES, Level
from .models import OrderMilestone, SupervisionOrder, days_overdue


def open_order_on_project(ref="pk"):
    """Exists: the row's project has an open order (issued, not closed or cancelled)."""
    return Exists(SupervisionOrder.objects.open().filter(project_id=OuterRef(ref)))


def open_order_on_milestone(ref="pk", levels=None):
    """Exists: an open order names the row's milestone (of one of `levels`, when given)."""
    links = OrderMilestone.objects.filter(milestone_id=OuterRef(ref), order__state__in=OPEN_STATES)
    if levels is not None:
        links = links.filter(order__level__in=list(levels))
    return Exists(links)


def _expression(ref, on):
    if on == "project":
        return open_order_on_project(ref)
    if on == "milestone":
        return open_order_on_milestone(ref)
    raise ValueError(f"on must be 'project' or 'milestone', not {on!r}")


def with_open_order(queryset, *, ref="pk", on="project"):
    """Annotate `has_open_order` on rows pointing at a project (`on="project"`) or a milestone (`on="milestone"`)."""
    return queryset.annotate(has_open_order=_expression(ref, on))


def filter_open_order(queryset, value, *, ref="pk", on="project"):
    """Rows with an open order (`value` True) or without one (False)."""
    expression = _expression(ref, on)
    return queryset.filter(expression if value else ~expression)


# --- 待督办 ---------------------------------------------------------------------------------------------------


def _escalation(level, as_of, red):
    """The ladder's rule for levels 3 and 4: an open order of `level` naming the milestone whose reply is overdue,
    or, when the milestone is red (`red`, a condition on the outer row), issued SUPERVISION_ESCALATE_DAYS ago."""
    links = OrderMilestone.objects.filter(milestone_id=OuterRef("pk"), order__level=level)
    overdue = links.filter(order__state__in=AWAITING_REPLY, order__reply_due__lt=as_of)
    long_red = links.filter(
        order__state__in=OPEN_STATES,
        order__issued_on__lte=as_of - dt.timedelta(days=settings.SUPERVISION_ESCALATE_DAYS),
    )
    return Q(Exists(overdue)) | (red & Q(Exists(long_red)))


def suggested_level(as_of):
    """The level section 2 suggests for a milestone row annotated with `status` as of `as_of`, else NULL."""
    red, yellow = Q(status=Color.RED.value), Q(status=Color.YELLOW.value)
    at_least_order = [Level.ORDER, Level.LISTED, Level.INTERVIEW]
    return Case(
        When(yellow & ~Q(open_order_on_milestone()), then=Value(Level.WARNING.value)),
        When(red & ~Q(open_order_on_milestone(levels=at_least_order)), then=Value(Level.ORDER.value)),
        When(_escalation(Level.ORDER, as_of, red), then=Value(Level.LISTED.value)),
        When(_escalation(Level.LISTED, as_of, red), then=Value(Level.INTERVIEW.value)),
        default=None,
        output_field=CharField(),
    )


def suggestion_rows(year, as_of):
    """Red and yellow milestones of `year`'s list as of a date, each with the level of order suggested for it
    (`suggested`, NULL for none) and the unit that would answer (`answer_unit_id`: the milestone's responsible unit,
    else the project's lead unit). For counting per level: group by `suggested` (the NULL group is the rest)."""
    return (
        Milestone.objects.overdue(as_of)
        .in_list(year)
        .with_status(as_of)
        .annotate(suggested=suggested_level(as_of), answer_unit_id=Coalesce("unit_id", "project__lead_unit_id"))
    )


def suggestions(year, as_of):
    """The rows of `suggestion_rows` that have a suggestion, worst first (longest overdue, then project and
    sequence), with their project, lead unit and unit loaded."""
    return (
        suggestion_rows(year, as_of)
        .filter(suggested__isnull=False)
        .select_related("project", "project__lead_unit", "unit")
        .order_by("planned_date", "project__code", "seq")
    )


def staff_open_orders(user, as_of):
    """The open orders of the user's unit (lead or co-unit), reply due first, each with `days_overdue` and
    `is_lead`: what templates/supervision/_staff_orders.html shows (as `staff_orders`). Empty without a unit."""
    if user.unit_id is None:
        return []
    rows = SupervisionOrder.objects.open().for_unit(user.unit_id).select_related("project").order_by("reply_due", "pk")
    orders = list(rows)
    for order in orders:
        order.days_overdue = days_overdue(order, as_of)
        order.is_lead = order.lead_unit_id == user.unit_id
    return orders
