"""Writes of the reminders: a manager chases a unit's missing monthly reports (催报), and the unit is reminded.

The reminder is written in the chase's transaction (reporting.md, section 2: an event that rolls back reminds
nobody), through `notify_unit_report_chase`, the one place where the in-app notification of a chase is made.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications import NotificationKind, notify
from projects.models import ListEntry

from .models import ReportChase

PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def unit_staff(unit):
    """The active people of a unit who file its reports (填报人员: the report permission), whom a chase reminds."""
    users = get_user_model().objects.with_perm(
        "projects.report_progress", include_superusers=False, backend=PERMISSION_BACKEND
    )
    return users.filter(unit=unit).order_by("pk")


def staff_by_unit(unit_ids):
    """{unit id: [user ids]} of the units' staff (as `unit_staff`), in one query."""
    users = get_user_model().objects.with_perm(
        "projects.report_progress", include_superusers=False, backend=PERMISSION_BACKEND
    )
    found = {}
    for unit_id, user_id in users.filter(unit_id__in=list(unit_ids)).values_list("unit_id", "pk").order_by("pk"):
        found.setdefault(unit_id, []).append(user_id)
    return found


def managers():
    """The active managers (管理人员: the plan permission) and administrators, whom a manager's reminder goes to."""
    return get_user_model().objects.with_perm("projects.change_plan", backend=PERMISSION_BACKEND).order_by("pk")


def chase_text(chase):
    """The reminder's words, as the unit's staff will read them."""
    values = {"year": chase.year, "month": chase.month, "n": chase.missing}
    return _("管理人员催报：%(year)s年%(month)s月进展尚有 %(n)s 个项目未报，请尽快填报。") % values


def notify_unit_report_chase(chase):
    """Remind the chased unit's staff in the bell (reporting.md section 2: a report's reminders go to its lead unit's
    staff), in the chase's transaction; returns the people reminded. `obj=chase` keeps two chases of one day apart
    under the channel's unique (person, kind, object, day). The daily e-mail digest will carry it as a line of kind
    REPORT_CHASED."""
    recipients = list(unit_staff(chase.unit))
    notify(
        recipients,
        kind=NotificationKind.REPORT_CHASED,
        text=chase_text(chase),
        url=reverse("reminders:my"),
        obj=chase,
        day=timezone.localdate(chase.created_at),
    )
    return recipients


@transaction.atomic
def chase_reports(unit, year, month, *, user, today):
    """Record that `user` chased `unit` for its missing reports of (year, month) as of `today`, and remind its staff.
    Refused (ValidationError) for a month that has not begun, or when none of its projects misses that report."""
    if (year, month) > (today.year, today.month):
        raise ValidationError(_("该月尚未开始，不能催报。"))
    entries = ListEntry.objects.filter(year=year, project__lead_unit=unit)
    missing = entries.report_missing_filter(year, month, today).count()
    if not missing:
        values = {"year": year, "month": month}
        raise ValidationError(_("该单位 %(year)s年%(month)s月的进展已全部报送，无需催报。") % values)
    chase = ReportChase.objects.create(unit=unit, year=year, month=month, missing=missing, chased_by=user)
    return chase, notify_unit_report_chase(chase)
