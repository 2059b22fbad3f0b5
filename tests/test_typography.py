"""The typography filter: dates, periods and amounts inside a sentence are kept on one line, the rest escaped."""

from django.template import Context, Template


def render(text):
    return Template("{% load typography %}{{ text|nowrap_words }}").render(Context({"text": text}))


def test_dates_periods_and_amounts_are_kept_whole():
    html = render("节点「路基」计划 2026-11-14 完成，1–11月累计 80.04亿元，较序时进度 -17.0 个百分点")
    assert '<span class="nw">2026-11-14</span>' in html
    assert '<span class="nw">1–11月</span>' in html
    assert '<span class="nw">80.04亿元</span>' in html
    assert '<span class="nw">-17.0 个百分点</span>' in html


def test_the_rest_is_escaped():
    assert render("<b>2026-01-02</b>") == '&lt;b&gt;<span class="nw">2026-01-02</span>&lt;/b&gt;'
