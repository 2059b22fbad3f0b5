"""What a user submitted, as they would read it: shown beside the current values when their save was refused."""

from django import forms
from django.utils.translation import gettext as _

HIDDEN = ("version", "version_of")


def _shown(field, value):
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return labels.get(str(value), value)
    return value  # a model instance shows as its name


def submitted_input(form):
    """[(label, value shown)] of a valid form's data, without the version fields and empty entries."""
    return [
        (form.fields[name].label, _shown(form.fields[name], value))
        for name, value in form.cleaned_data.items()
        if name in form.fields and name not in HIDDEN and value not in (None, "")
    ]
