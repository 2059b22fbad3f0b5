"""Rules on single values shared by the models, the page forms, the admin, the services and the workbook import."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

PLAN_REASON_MAX_LENGTH = 100  # the reason for a planned-date change, on the pages, in the admin and in the workbook


def not_in_future(day):
    """An actual date (实际完成、开工、竣工) has happened: it is not after today."""
    today = timezone.localdate()
    if day is not None and day > today:
        raise ValidationError(_("不能晚于今天（%(today)s）") % {"today": today.isoformat()}, code="future")


def plan_change_has_reason(before, after, reason):
    """A saved milestone's planned date changes only with a reason (kept in its history; the baseline keeps the
    first date). Refused on the form's `change_reason` field."""
    if before is not None and after is not None and after != before and not (reason or "").strip():
        raise ValidationError({"change_reason": ValidationError(_("修改计划完成时间必须填写理由"), code="required")})
