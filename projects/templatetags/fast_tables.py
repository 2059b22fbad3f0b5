"""`{% render_fast_table table %}`: render_table for the FastBodyMixin tables, in the page's own context."""

from django import template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_fast_table(context, table):
    """What render_table does (the context on the table for TemplateColumn, `before_render`), but rendered in the
    page's own context: render_table makes a new one, which runs every context processor a second time."""
    table.context = context
    table.before_render(context.get("request"))
    try:
        with context.push(table=table):
            return get_template(table.template_name).template.render(context)
    finally:
        del table.context
