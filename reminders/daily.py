"""The date-based reminders of reporting.md, section 2, as of one day (`manage.py send_reminders`).

Each rule selects its objects in one SQL query as of the day (nothing is stored about colors or previous runs):

- due soon: open milestones (not exempt) of the day's year's list planned within DUE_SOON_DAYS → the milestone's
  unit's staff (its responsible unit, else the project's lead unit), every day while it is in the window;
- turned yellow / turned red: a milestone yellow (red) as of the day that was not as of the day before → its unit's
  staff and the managers. "Since the last run" is the day before: a day the scheduler missed is replayed with
  `--date`;
- report due: on the day REPORT_REMIND_DAYS before a month's due day, the entries that owe that report and have not
  filed it → the lead unit's staff;
- report late: the day after the due day, the entries still missing that report → the lead unit's staff and the
  managers;
- reply due soon: on the working day before an order's reply due date (supervision.workdays), an order waiting for
  a reply → the lead unit's staff; reply overdue: the day after the reply due date, still waiting → the lead unit's
  staff and the issuing manager.

A reminder is unique per (person, kind, object, day) in the database (`notification_once_per_day`): rows are written
with `bulk_create(ignore_conflicts=True)`, so a second run, or two servers at once, make each one once. A run for a
past day (`--date`) reproduces that day's reminders.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.notifications import Notification, NotificationKind
from projects.models import ListEntry, Milestone
from projects.querysets.status_sql import MilestoneStatusSQL
from projects.reporting import Cadence
from projects.status import Color
from supervision.choices import AWAITING_REPLY
from supervision.models import SupervisionOrder
from supervision.workdays import add_workdays, is_workday

from .services import managers, staff_by_unit

# The order of the command's output, one line per kind.
DATE_KINDS = (
    NotificationKind.DUE_SOON,
    NotificationKind.TURNED_YELLOW,
    NotificationKind.TURNED_RED,
    NotificationKind.REPORT_DUE,
    NotificationKind.REPORT_LATE,
    NotificationKind.REPLY_DUE_SOON,
    NotificationKind.REPLY_OVERDUE,
)
BATCH_SIZE = 1000


@dataclass
class Item:
    """One object to remind of: the unit whose staff act on it, and people reminded besides them."""

    object_id: int
    unit_id: int | None
    text: str
    url: str
    also: set = field(default_factory=set)  # user ids


@dataclass
class Rule:
    kind: NotificationKind
    model: type
    items: list


# --- milestones ---------------------------------------------------------------------------------------------

MILESTONE_VALUES = ("pk", "project_id", "project__code", "project__name", "name", "planned_date")


def _milestones(day):
    """Milestones of the day's year's list that count (not exempt), with their owning unit."""
    return (
        Milestone.objects.listed_in(day.year)
        .filter(is_exempt=False)
        .annotate(owner=Coalesce(F("unit_id"), F("project__lead_unit_id")))
        .order_by()
    )


def _milestone_url(row):
    return reverse("projects:detail", args=[row["project_id"]]) + "#milestones"


def _milestone_values(row, day):
    return {
        "code": row["project__code"],
        "project": row["project__name"],
        "name": row["name"],
        "planned": row["planned_date"].isoformat(),
        "n": abs((row["planned_date"] - day).days),
    }


def due_soon(day):
    rows = _milestones(day).filter(MilestoneStatusSQL(day).due_soon_q()).values(*MILESTONE_VALUES, "owner")
    items = []
    for row in rows:
        values = _milestone_values(row, day)
        if row["planned_date"] == day:
            text = _("节点临期：%(code)s %(project)s「%(name)s」计划今天（%(planned)s）完成，请按期完成并填报。")
        else:
            text = _("节点临期：%(code)s %(project)s「%(name)s」计划 %(planned)s 完成，还有 %(n)s 天。")
        items.append(Item(row["pk"], row["owner"], text % values, _milestone_url(row)))
    return Rule(NotificationKind.DUE_SOON, Milestone, items)


def turned(day, color, manager_ids):
    """The milestones whose color is `color` as of the day and was not as of the day before."""
    today = MilestoneStatusSQL(day).conditions()[color]
    before = MilestoneStatusSQL(day - dt.timedelta(days=1)).conditions()[color]
    rows = _milestones(day).filter(today).exclude(before).values(*MILESTONE_VALUES, "owner")
    kind = NotificationKind.TURNED_RED if color == Color.RED else NotificationKind.TURNED_YELLOW
    text = _("%(kind)s：%(code)s %(project)s「%(name)s」计划 %(planned)s 完成，已逾期 %(n)s 天（%(color)s）。")
    items = [
        Item(
            row["pk"],
            row["owner"],
            text % {**_milestone_values(row, day), "kind": kind.label, "color": Color(color).label},
            _milestone_url(row),
            set(manager_ids),
        )
        for row in rows
    ]
    return Rule(kind, Milestone, items)


# --- monthly reports ------------------------------------------------------------------------------------------

ENTRY_VALUES = ("pk", "project_id", "project__code", "project__name", "project__lead_unit_id")


def _next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _report_rule(kind, day, year, month, text, also=()):
    c = Cadence.current()
    rows = ListEntry.objects.report_missing_filter(year, month, day).order_by().values(*ENTRY_VALUES)
    values = {"year": year, "month": month, "due": c.due_date(year, month).isoformat()}
    items = [
        Item(
            row["pk"],
            row["project__lead_unit_id"],
            text % {**values, "code": row["project__code"], "project": row["project__name"]},
            reverse("projects:report", args=[row["project_id"]]) + f"?year={year}&month={month}",
            set(also),
        )
        for row in rows
    ]
    return Rule(kind, ListEntry, items)


def report_due(day):
    """On the day REPORT_REMIND_DAYS before a due day (which may lie in the next month)."""
    c = Cadence.current()
    text = _("月报即将到期：%(code)s %(project)s %(year)s年%(month)s月进展应于 %(due)s 前填报，尚未填报。")
    for year, month in ((day.year, day.month), _next_month(day.year, day.month)):
        if c.due_date(year, month) - dt.timedelta(days=c.remind_days) == day:
            return _report_rule(NotificationKind.REPORT_DUE, day, year, month, text)
    return Rule(NotificationKind.REPORT_DUE, ListEntry, [])


def report_late(day, manager_ids):
    """The day after the due day (REPORT_DUE_DAY is at most 28: that day is in the same month)."""
    c = Cadence.current()
    if c.due_date(day.year, day.month) + dt.timedelta(days=1) != day:
        return Rule(NotificationKind.REPORT_LATE, ListEntry, [])
    text = _("月报未按时填报：%(code)s %(project)s %(year)s年%(month)s月进展应于 %(due)s 前填报，至今未填报。")
    return _report_rule(NotificationKind.REPORT_LATE, day, day.year, day.month, text, manager_ids)


# --- supervision orders ---------------------------------------------------------------------------------------

ORDER_VALUES = ("pk", "number", "reply_due", "lead_unit_id", "issued_by_id", "project__code", "project__name")


def _order_items(rows, text, with_issuer=False):
    return [
        Item(
            row["pk"],
            row["lead_unit_id"],
            text
            % {
                "number": row["number"],
                "code": row["project__code"],
                "project": row["project__name"],
                "due": row["reply_due"].isoformat(),
            },
            reverse("supervision:detail", args=[row["pk"]]),
            {row["issued_by_id"]} if with_issuer and row["issued_by_id"] else set(),
        )
        for row in rows
    ]


def _waiting(day):
    return SupervisionOrder.objects.filter(state__in=AWAITING_REPLY, issued_on__lte=day).order_by()


def reply_due_soon(day):
    """On a working day, the orders whose reply is due by the next working day (after the day)."""
    if not is_workday(day)[0]:
        return Rule(NotificationKind.REPLY_DUE_SOON, SupervisionOrder, [])
    until = add_workdays(day, 1).day
    rows = _waiting(day).filter(reply_due__gt=day, reply_due__lte=until).values(*ORDER_VALUES)
    text = _("督办反馈即将到期：%(number)s（%(code)s %(project)s）应于 %(due)s 前反馈。")
    return Rule(NotificationKind.REPLY_DUE_SOON, SupervisionOrder, _order_items(rows, text))


def reply_overdue(day):
    """The day after the reply due date, the orders still waiting for a reply."""
    rows = _waiting(day).filter(reply_due=day - dt.timedelta(days=1)).values(*ORDER_VALUES)
    text = _("督办逾期未反馈：%(number)s（%(code)s %(project)s）应于 %(due)s 前反馈，已逾期。")
    return Rule(NotificationKind.REPLY_OVERDUE, SupervisionOrder, _order_items(rows, text, with_issuer=True))


# --- making them ----------------------------------------------------------------------------------------------


def rules(day):
    """Every rule's objects as of the day, in the order of DATE_KINDS."""
    manager_ids = list(managers().values_list("pk", flat=True))
    return [
        due_soon(day),
        turned(day, Color.YELLOW, manager_ids),
        turned(day, Color.RED, manager_ids),
        report_due(day),
        report_late(day, manager_ids),
        reply_due_soon(day),
        reply_overdue(day),
    ]


def _rows(rule, day, staff):
    content_type = ContentType.objects.get_for_model(rule.model)
    for item in rule.items:
        for user_id in set(staff.get(item.unit_id, ())) | item.also:
            yield Notification(
                user_id=user_id,
                kind=rule.kind,
                text=item.text[:500],
                url=item.url,
                content_type=content_type,
                object_id=item.object_id,
                day=day,
            )


def make_reminders(day, *, dry_run=False):
    """Make the date-based reminders as of `day`; {kind: the number of new reminders} (with `dry_run`, the number
    that would be made, writing nothing)."""
    found = rules(day)
    staff = staff_by_unit({item.unit_id for rule in found for item in rule.items if item.unit_id})
    made = {}
    for rule in found:
        existing = set(Notification.objects.filter(kind=rule.kind, day=day).values_list("user_id", "object_id"))
        new = [row for row in _rows(rule, day, staff) if (row.user_id, row.object_id) not in existing]
        if not dry_run:
            # Another server may have written some of them since: the unique constraint keeps each once.
            Notification.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
        made[rule.kind] = len(new)
    return made
