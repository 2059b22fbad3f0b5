"""Chinese typography in templates: a date, a period or an amount inside a sentence never breaks across lines."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# 2026-11-14, 1–11月 / 11月, 80.04亿元, 44,800.00 万元, -17.0 个百分点, 69.2%, 120 天: each stays on one line.
WORD = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[–-]\d{1,2}\s?月|\d{1,2}\s?月"
    r"|[-+−]?\d[\d,]*(?:\.\d+)?\s?(?:%|亿元|万元|个百分点|天|个工作日|个)"
)


@register.filter(needs_autoescape=True)
def nowrap_words(text, autoescape=True):
    """The text, escaped, with each date, period and amount in a <span class="nw"> (white-space: nowrap)."""
    text = conditional_escape(text) if autoescape else str(text)
    return mark_safe(WORD.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', str(text)))
