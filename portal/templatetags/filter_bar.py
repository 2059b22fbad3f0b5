"""The filter bar of a list page: on a phone it folds into one line that says how many filters are set."""

from django import template

register = template.Library()


@register.simple_tag
def filters_set(form, params):
    """How many fields of a filter form the query string sets to a non-blank value (no query: names and text)."""
    return sum(1 for name in form.fields if any(value.strip() for value in params.getlist(form.add_prefix(name))))
