"""The filters a list page applies, in words, for its printed header (「批次：在建；进度状态：红色 · 滞后督办」).

Read from the bound filter form: its cleaned values and its fields' labels and choices, nothing else. A field whose
choices come from a callable (the units, read from the database) reads them at each pass; such a field's choices are
read once here and handed to its select, which renders that list instead of reading them again: the page runs no
query more than without the header.
"""

import datetime as dt
from decimal import Decimal

from django import forms


def _flat(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield value, label


def _text(field, value):
    if isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        field.widget.choices = choices  # the select renders this list: no second read
        return str(dict((str(k), v) for k, v in _flat(choices)).get(str(value), value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def applied_filters(form, params, skip=()):
    """[(label, text)] of each valid filter the query string sets (a non-blank value), in the form's order; the
    fields in `skip` (those the page states otherwise, such as the year and the as-of date) left out."""
    form.is_valid()
    items = []
    for name, field in form.fields.items():
        if name in skip or not params.get(form.add_prefix(name), "").strip():
            continue
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        items.append((str(field.label), _text(field, value)))
    return items
