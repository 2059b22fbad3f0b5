from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationKind


class EmailOptOutForm(forms.Form):
    """The kinds of notifications a person does not want in their daily e-mail (不接收邮件)."""

    kinds = forms.MultipleChoiceField(
        label=_("不接收邮件的提醒类别"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
