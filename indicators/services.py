"""Writes: entering a period's value (with optimistic concurrency) and setting a year's target."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Indicator, Target, Value


def get_indicator_for_user(request, pk):
    """(indicator, can_enter_values, can_set_targets): every user may read; entering needs the right."""
    indicator = get_object_or_404(Indicator.objects.select_related("responsible_unit"), pk=pk)
    user = request.user
    can_enter = user.has_perm("indicators.enter_value") and (
        user.is_manager or (user.unit_id is not None and user.unit_id == indicator.responsible_unit_id)
    )
    return indicator, can_enter, user.has_perm("indicators.set_target")


@transaction.atomic
def record_value(indicator, user, *, year, month, value_cum=None, growth_yoy=None, note="", version=None):
    """Create a period's value, or correct it when `version` is the one the user saw (history keeps both).

    Refused: indicators derived from the project list, periods outside the indicator's frequency, a period
    ending in a month that has not begun (as project reports), a period that has a value when `version` is not
    given (it was reported meanwhile), a stale `version`.
    """
    Value(indicator=indicator, year=year, month=month).clean()  # derived indicator, month outside frequency
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("不能填报尚未开始的月份")})
    exists = _("该期数据已有人填报, 已载入当前数值; 如需更正请修改后再次提交")
    stale = _("该期数据已被他人修改, 已载入最新数值; 请核对后再次提交")
    value = _for_edit(Value, version, exists, stale, indicator=indicator, year=year, month=month)
    value.value_cum, value.growth_yoy, value.note, value.reported_by = value_cum, growth_yoy, note, user
    value.full_clean()
    _save_first(value, exists)
    return value


def _for_edit(model, version, exists, stale, **key):
    """The row of `key`, locked and with its next version, or a new one. Refused (codes "exists", "stale") when it
    exists and `version` is not the one the user saw: none (it was entered meanwhile) or an older one."""
    row = model.objects.select_for_update().filter(**key).first()
    if row is None:
        return model(**key)
    if version is None:
        raise ValidationError(exists, code="exists")
    if version != row.version:
        raise ValidationError(stale, code="stale")
    row.version += 1
    return row


def _save_first(obj, exists):
    """Save; a first row of its period or year inserted by someone else at the same moment is refused like one
    inserted before (code "exists"), not a database error."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError(exists, code="exists") from None


@transaction.atomic
def set_target(indicator, *, year, value, comparator, note="", version=None):
    """Set an indicator's target for a year, or change it when `version` is the one the user saw (history keeps
    both). Refused like values: a target set meanwhile when `version` is not given, a stale `version`."""
    exists = _("该年度目标已有人设定, 已载入当前目标; 如需修改请修改后再次提交")
    stale = _("该年度目标已被他人修改, 已载入最新目标; 请核对后再次提交")
    target = _for_edit(Target, version, exists, stale, indicator=indicator, year=year)
    target.value, target.comparator, target.note = value, comparator, note
    target.full_clean()
    _save_first(target, exists)
    return target
