"""A refused save on a page: its reasons on the form, and what the user submitted, as they would read it (shown
beside the current values)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
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


def add_refusal(form, error, model):
    """Put a save's `ValidationError` on the form: on its field when the form has that field, else above the form
    with the field's name (a stored value the form does not edit, like an actual date after today entered in the
    admin before that rule)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in form.fields or name == NON_FIELD_ERRORS:
            form.add_error(name, errors)
        else:
            try:
                label = model._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name
            form.add_error(None, [f"{label}{_('：')}{message}" for e in errors for message in e.messages])
