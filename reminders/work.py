"""我的待办 (/my/): what a person has to do today, read in a fixed number of queries whatever the number of items.

- Unit staff: their unit's open supervision orders first (`supervision.querysets.staff_open_orders`, each linking
  to the order, where they reply); the milestones that belong to their unit (`MilestoneQuerySet.owned_by`) in this
  year's list that are red or yellow, and those due within DUE_SOON_DAYS; the monthly reports of the projects their
  unit leads that are late (未按时填报) or still to file this month. Each item carries the one action that settles it.
- Managers: the orders waiting for verification (replied), the orders whose reply is overdue, the red milestones of
  this year's list that no open order names, and the units with late reports (with 催报).

A section lists at most LIMIT items, worst or soonest first, with its total. The totals come from `work_counts`, which
the navigation bar's badge shows on every page: computed once per request (two queries, each cached per data
version).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from portal.aggregate_cache import cached_aggregate
from projects.dashboard import late_reports
from projects.models import ListEntry, Milestone
from projects.reporting import Cadence
from projects.status import Color
from supervision.choices import State
from supervision.models import SupervisionOrder, days_overdue
from supervision.querysets import open_order_on_milestone, staff_open_orders

LIMIT = 50
MILESTONE_ORDER = ("planned_date", "project__code", "seq")  # the longest overdue, or the soonest due, first
# What the rows show: a project's long texts (建设内容 …) need not travel with them.
MILESTONE_FIELDS = ("project_id", "seq", "name", "planned_date", "actual_date", "unit_id", "project__code")
MILESTONE_FIELDS += ("project__name", "project__lead_unit_id", "unit__short_name")
ENTRY_FIELDS = ("project_id", "year", "batch", "project__code", "project__name")
MY_URL_NAME = "reminders:my"


@dataclass
class WorkCounts:
    """The totals of a person's work today; `badge` is what needs acting on now."""

    red: int = 0
    yellow: int = 0
    due_soon: int = 0
    reports_late: int = 0
    reports_to_file: int = 0
    remind_reports: bool = False  # this month's reports count in the badge (REPORT_REMIND_DAYS before the due day)
    late_units: list = field(default_factory=list)  # managers: `projects.dashboard.late_reports`
    to_verify: int = 0  # managers: orders replied, waiting for verification
    replies_overdue: int = 0  # managers: orders whose reply is overdue

    @property
    def badge(self):
        to_file = self.reports_to_file if self.remind_reports else 0
        orders = self.to_verify + self.replies_overdue
        return self.red + self.yellow + self.due_soon + self.reports_late + to_file + len(self.late_units) + orders


def _red_without_order(today):
    """The red milestones of this year's list that no open order names (the managers' to act on)."""
    red = Milestone.objects.in_list(today.year).with_color(today, Color.RED)
    return red.exclude(open_order_on_milestone())


def _staff_milestones(unit_id, today):
    return Milestone.objects.listed_in(today.year).owned_by(unit_id)


def _staff_entries(unit_id, today):
    return ListEntry.objects.filter(year=today.year, project__lead_unit_id=unit_id)


def _remind_reports(today):
    c = Cadence.current()
    return c.month_to_file(today.year, today) is not None and today.day >= c.due_day - c.remind_days


def work_counts(user, today):
    """The totals of `user`'s work as of `today` (staff: their unit's; managers: the zone's)."""
    if user.is_manager:
        red = cached_aggregate(_red_without_order(today), n=Count("pk"))["n"] or 0  # None for no rows
        orders = cached_aggregate(
            SupervisionOrder.objects.all(),
            to_verify=Count("pk", filter=Q(state=State.REPLIED)),
            overdue=Count("pk", filter=SupervisionOrder.objects.reply_overdue_q(today)),
        )
        return WorkCounts(
            red=red,
            late_units=late_reports(today.year, today),
            to_verify=orders["to_verify"] or 0,  # None for no orders
            replies_overdue=orders["overdue"] or 0,
        )
    if user.unit_id is None:
        return WorkCounts()
    milestones = _staff_milestones(user.unit_id, today).reminder_counts(today)
    reports = _staff_entries(user.unit_id, today).report_counts(today)
    return WorkCounts(
        red=milestones["red"],
        yellow=milestones["yellow"],
        due_soon=milestones["due_soon"],
        reports_late=reports["late"],
        reports_to_file=reports["to_file"],
        remind_reports=_remind_reports(today),
    )


def request_work_counts(request):
    """`work_counts` of the request's user today, computed once per request (the badge and /my/ share it)."""
    if not hasattr(request, "my_work_counts"):
        request.my_work_counts = work_counts(request.user, timezone.localdate())
    return request.my_work_counts


@dataclass
class Section:
    items: list
    total: int
    more_url: str = ""  # a page that lists all of them, when the section shows only the first LIMIT

    @property
    def more(self):
        return max(0, self.total - len(self.items))


@dataclass
class StaffWork:
    orders: list  # the unit's open orders, reply due first (templates/supervision/_staff_orders.html)
    overdue: Section
    due_soon: Section
    reports_late: Section
    reports_to_file: Section
    due_day: object = None  # this month's due day (for the reports to file)


def _with_next(url):
    return f"{url}?next={reverse(MY_URL_NAME)}"


def _report_url(project_id, year, month):
    url = reverse("projects:report", args=[project_id])
    return f"{url}?year={year}&month={month}&next={reverse(MY_URL_NAME)}"


def staff_work(user, today, counts):
    """The sections of a unit's staff member's page: its open orders, then four queries of at most LIMIT rows."""
    unit_id, c = user.unit_id, Cadence.current()
    milestones = _staff_milestones(unit_id, today).select_related("project", "unit").only(*MILESTONE_FIELDS)
    milestones = milestones.order_by(*MILESTONE_ORDER)
    overdue = list(milestones.overdue(today).with_status(today)[:LIMIT])
    for m in overdue:
        m.status_label = Color(m.status).label
        m.action_url = _with_next(reverse("projects:milestone_actual", args=[m.project_id, m.pk]))
    soon = list(milestones.due_soon(today)[:LIMIT])
    for m in soon:
        m.days_left = (m.planned_date - today).days
        m.action_url = _with_next(reverse("projects:milestone_actual", args=[m.project_id, m.pk]))
    entries = _staff_entries(unit_id, today).select_related("project").only(*ENTRY_FIELDS).order_by("project__code")
    late = list(entries.report_late_filter(today)[:LIMIT])
    late_month = c.latest_due_month(today.year, today)
    for e in late:
        e.month = late_month
        e.due = c.due_date(today.year, late_month)
        e.action_url = _report_url(e.project_id, today.year, late_month)
    to_file = list(entries.report_to_file_filter(today)[:LIMIT])
    for e in to_file:
        e.action_url = _report_url(e.project_id, today.year, today.month)
    overdue_url = reverse("projects:overdue") + f"?year={today.year}&unit={unit_id}"
    list_url = reverse("projects:list") + f"?year={today.year}&lead_unit={unit_id}&reporting=late"
    return StaffWork(
        orders=staff_open_orders(user, today),
        overdue=Section(overdue, counts.red + counts.yellow, overdue_url),
        due_soon=Section(soon, counts.due_soon),
        reports_late=Section(late, counts.reports_late, list_url),
        reports_to_file=Section(to_file, counts.reports_to_file),
        due_day=c.due_date(today.year, today.month) if c.month_to_file(today.year, today) else None,
    )


@dataclass
class ManagerWork:
    red: Section
    late_units: list
    chase_month: int | None
    to_verify: Section = None
    replies_overdue: Section = None


ORDER_FIELDS = ("number", "state", "level", "reply_due", "issued_on", "project__code", "project__name")
ORDER_FIELDS += ("lead_unit__short_name", "project_id", "lead_unit_id")


def _orders(queryset, today):
    rows = list(queryset.select_related("project", "lead_unit").only(*ORDER_FIELDS).order_by("reply_due", "pk")[:LIMIT])
    for order in rows:
        order.days_overdue = days_overdue(order, today)
    return rows


def manager_work(today, counts):
    """The sections of a manager's page: the orders waiting for verification and those whose reply is overdue (one
    query each, at most LIMIT rows), the year's red milestones without an open order, and the units with late reports
    (read with the counts: the dashboard's grouped query)."""
    ledger = reverse("supervision:ledger")
    to_verify = _orders(SupervisionOrder.objects.filter(state=State.REPLIED), today)
    overdue = _orders(SupervisionOrder.objects.reply_overdue(today), today)
    red = _red_without_order(today).select_related("project", "project__lead_unit", "unit")
    rows = list(red.only(*MILESTONE_FIELDS, "project__lead_unit__short_name").order_by(*MILESTONE_ORDER)[:LIMIT])
    for m in rows:
        m.days_overdue = (today - m.planned_date).days
    overdue_url = reverse("projects:overdue") + f"?year={today.year}&color=red"
    return ManagerWork(
        red=Section(rows, counts.red, overdue_url),
        late_units=counts.late_units,
        chase_month=Cadence.current().latest_due_month(today.year, today),
        to_verify=Section(to_verify, counts.to_verify, f"{ledger}?state={State.REPLIED.value}"),
        replies_overdue=Section(overdue, counts.replies_overdue, f"{ledger}?overdue=1"),
    )
