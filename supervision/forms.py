"""Forms of the order page's actions (one per move, each carrying the order's version), the draft form and the
待督办 preview."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.dates import DateInput
from projects.models import Unit

from .choices import Cause, Level
from .models import OrderLog

Action = OrderLog.Action
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(forms.Form):
    """Every action posts the version of the order the user saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _text(label, required=True, rows=3, max_length=4000):
    """A free text with its limit: maxlength in the page and a help text naming it (as projects.forms.text_field)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=format_lazy(_("不超过 {max} 字"), max=max_length),
    )


class ReplyForm(VersionForm):
    measures = _text(_("整改措施"), rows=4)
    cause = forms.ChoiceField(label=_("原因分类"), choices=[("", "—"), *Cause.choices])
    expected_completion = forms.DateField(label=_("预计完成时间"), required=False, widget=DATE)


class CloseForm(VersionForm):
    note = _text(_("核验意见"))


class ReturnForm(VersionForm):
    reason = _text(_("退回理由"))
    new_due = forms.DateField(label=_("新的办理时限"), required=False, widget=DATE, help_text=_("不填则办理时限不变"))


class EscalateForm(VersionForm):
    requirements = _text(_("整改要求"), required=False)
    reply_due = forms.DateField(
        label=_("办理时限"), required=False, widget=DATE, help_text=_("不填则按升级后等级的默认时限")
    )


class CancelForm(VersionForm):
    reason = _text(_("撤销理由"), rows=2)


class ChaseForm(VersionForm):
    text = _text(_("催办内容"), required=False, rows=2, max_length=1000)


class ExtensionRequestForm(VersionForm):
    requested_due = forms.DateField(label=_("申请延至"), widget=DATE)
    reason = _text(_("申请理由"), rows=2, max_length=2000)


class ExtensionDecisionForm(VersionForm):
    approve = forms.TypedChoiceField(
        label=_("审批结果"),
        choices=[("1", _("同意延期")), ("0", _("不同意"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = _text(_("审批意见"), required=False, rows=2, max_length=2000)


class NoteForm(VersionForm):
    text = _text(_("协办意见"))


# The form of each action on the order page (in the order of services.MOVES); the draft's edit has its own page.
ACTION_FORMS = {
    Action.ISSUE: VersionForm,
    Action.ACKNOWLEDGE: VersionForm,
    Action.REPLY: ReplyForm,
    Action.CLOSE: CloseForm,
    Action.RETURN: ReturnForm,
    Action.ESCALATE: EscalateForm,
    Action.CANCEL: CancelForm,
    Action.CHASE: ChaseForm,
    Action.REQUEST_EXTENSION: ExtensionRequestForm,
    Action.DECIDE_EXTENSION: ExtensionDecisionForm,
    Action.NOTE: NoteForm,
    "delete": VersionForm,
}


def action_form(action, data=None, version=None):
    """The action's form, bound to `data` or showing `version`; prefixed by the action so that the page's forms keep
    apart."""
    return ACTION_FORMS[action](data, prefix=action, initial={"version": version})


class OrderForm(forms.Form):
    """A draft: written and edited by managers before it is issued."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    level = forms.ChoiceField(label=_("督办等级"), choices=Level.choices)
    milestones = forms.ModelMultipleChoiceField(
        label=_("涉及节点"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选：督办项目整体或投资进度"),
    )
    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.order_by("sort_order", "name"))
    co_units = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=Unit.objects.order_by("sort_order", "name"), required=False
    )
    reason = _text(_("事由"), rows=5)
    requirements = _text(_("整改要求"), rows=4)
    reply_due = forms.DateField(label=_("办理时限"), widget=DATE)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestones"].queryset = project.milestones.order_by("seq")
        self.fields["milestones"].label_from_instance = lambda m: f"{m.seq}. {m.name}（{m.planned_date.isoformat()}）"


class PreviewOrderForm(forms.Form):
    """One order of the 待督办 preview: what identifies its group, and what the manager may still change."""

    milestones = forms.CharField(widget=forms.HiddenInput)
    level = forms.ChoiceField(choices=Level.choices, widget=forms.HiddenInput)
    reason = _text(_("事由"), rows=4)
    requirements = _text(_("整改要求"), rows=3)
    reply_due = forms.DateField(label=_("办理时限"), widget=DateInput(from_today=True))

    def clean_milestones(self):
        try:
            return [int(pk) for pk in self.cleaned_data["milestones"].split(",") if pk]
        except ValueError:
            raise forms.ValidationError(_("节点选择无效")) from None

    def clean_reply_due(self):
        day = self.cleaned_data["reply_due"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("办理时限不能早于今天。"))
        return day


PreviewFormSet = forms.formset_factory(PreviewOrderForm, extra=0, max_num=500, validate_max=True)
