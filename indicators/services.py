"""Writes: entering a period's value and setting a year's target (optimistic locking: `portal.access`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import row_for_edit, save_first

from .models import Indicator, Target, Value


def get_indicator_for_user(request, pk):
    """(indicator, can_enter_values, can_set_targets): every user may read; entering needs the right (and an
    indicator whose values are not derived from the projects)."""
    indicator = get_object_or_404(Indicator.objects.select_related("responsible_unit"), pk=pk)
    user = request.user
    can_enter = (
        not indicator.derived_from_projects  # its values come from the project list's reports
        and user.has_perm("indicators.enter_value")
        and (user.is_manager or (user.unit_id is not None and user.unit_id == indicator.responsible_unit_id))
    )
    return indicator, can_enter, user.has_perm("indicators.set_target")


@transaction.atomic
def record_value(indicator, user, *, year, month, value_cum=None, growth_yoy=None, note="", version=0):
    """Create a period's value, or correct it when `version` is the one the user saw (0: the period had none).

    Refused: periods outside the indicator's frequency, a period ending in a month that has not begun (as project
    reports; `ValidationError`), a value entered or changed since the form was opened (`StaleEdit`).
    """
    Value(indicator=indicator, year=year, month=month).clean()  # derived indicator, month outside frequency
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("不能填报尚未开始的月份")})
    value = row_for_edit(Value, version, indicator=indicator, year=year, month=month)
    value.value_cum, value.growth_yoy, value.note, value.reported_by = value_cum, growth_yoy, note, user
    value.version = version + 1
    value.full_clean()
    return save_first(value, indicator=indicator, year=year, month=month)


@transaction.atomic
def set_target(indicator, *, year, value, comparator, note="", version=0):
    """Set an indicator's target for a year, or change it when `version` is the one the user saw (0: the year had
    none); history keeps both. A target set or changed since the form was opened is refused (`StaleEdit`)."""
    target = row_for_edit(Target, version, indicator=indicator, year=year)
    target.value, target.comparator, target.note = value, comparator, note
    target.version = version + 1
    target.full_clean()
    return save_first(target, indicator=indicator, year=year)
