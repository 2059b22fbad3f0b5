"""Forms for updating a project: a milestone's actual date, the monthly progress report, plan changes.

Every edit form carries the object's `version` (optimistic locking, checked again in services.py); the
rules that matter are checked here for friendly field errors and again in the services.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.dates import MAX_YEAR, MIN_YEAR, DateInput

from .models import Milestone, ProgressReport, Unit
from .validators import PLAN_REASON_MAX_LENGTH, not_in_future, plan_change_has_reason


def text_field(model, name, rows):
    """The form field of a model's limited free text: maxlength in the page and a help text naming the limit."""
    field = model._meta.get_field(name)
    help_text = format_lazy(_("不超过 {max} 字"), max=field.max_length)
    return field.formfield(required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MilestoneActualForm(VersionedForm):
    actual_date = forms.DateField(
        label=_("实际完成时间"),
        required=False,
        widget=DateInput(until_today=True),
        help_text=_("不能晚于今天；留空表示尚未完成"),
        validators=[not_in_future],
    )
    note = text_field(Milestone, "note", rows=3)


class InStatsDateForm(VersionedForm):
    """A list entry's 入统日期 (the day the project entered the fixed-asset investment statistics)."""

    in_stats_date = forms.DateField(
        label=_("入统日期"),
        required=False,
        widget=DateInput(until_today=True),
        help_text=_("不能晚于今天；留空表示尚未入统"),
        validators=[not_in_future],
    )


MONTHS = [(m, m) for m in range(1, 13)]


class ProgressReportForm(VersionedForm):
    """A monthly report; `version` is 0 when the form was opened for a month without a report. The month is the one
    the page was opened for (hidden: the page's month picker changes it), so a save never lands on another month
    than the values shown."""

    year = forms.IntegerField(label=_("年度"), min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.HiddenInput)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTHS, coerce=int, widget=forms.HiddenInput)
    investment_completed = forms.DecimalField(
        label=_("当月完成投资（万元）"), min_value=0, max_digits=14, decimal_places=2
    )
    image_progress = text_field(ProgressReport, "image_progress", rows=3)
    problems = text_field(ProgressReport, "problems", rows=3)
    coordination_needed = text_field(ProgressReport, "coordination_needed", rows=3)


def change_reason_field(**widget_attrs):
    """The reason for changing a planned date, as the pages and the admin ask for it (required by
    `validators.plan_change_has_reason` when the date changes)."""
    return forms.CharField(
        label=_("调整理由"),
        max_length=PLAN_REASON_MAX_LENGTH,
        required=False,
        help_text=_("修改计划完成时间时必填，记入变更历史"),
        widget=forms.TextInput(attrs=widget_attrs),
    )


class MilestonePlanForm(VersionedForm):
    """Managers add or edit a milestone; a planned-date change needs a reason, an exemption too."""

    seq = forms.IntegerField(label=_("序号"), min_value=1, max_value=32767)
    name = forms.CharField(label=_("节点名称"), max_length=200)
    planned_date = forms.DateField(label=_("计划完成时间"), widget=DateInput())
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), required=False, help_text=_("默认为项目的牵头单位")
    )
    note = text_field(Milestone, "note", rows=2)
    is_exempt = forms.BooleanField(label=_("豁免"), required=False)
    exempt_reason = forms.CharField(label=_("豁免理由"), max_length=200, required=False)
    change_reason = change_reason_field()

    def __init__(self, *args, original_planned=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_planned = original_planned
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("is_exempt") and not data.get("exempt_reason", "").strip():
            self.add_error("exempt_reason", _("豁免节点必须填写理由"))
        try:
            plan_change_has_reason(self.original_planned, data.get("planned_date"), data.get("change_reason"))
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data


class MilestoneDeleteForm(VersionedForm):
    reason = forms.CharField(label=_("删除理由"), max_length=100)
