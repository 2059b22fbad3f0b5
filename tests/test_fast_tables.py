"""`{% render_fast_table %}` renders a FastBodyMixin table as render_table would, in the page's context."""

import django_tables2 as tables
from django.template import RequestContext, Template
from django.test import RequestFactory
from django_tables2 import RequestConfig

from projects.models import Unit
from projects.tables import FastBodyMixin
from tests.factories import make_unit


class UnitTable(FastBodyMixin, tables.Table):
    short_name = tables.Column("简称")

    class Meta:
        model = Unit
        fields = ["short_name"]
        template_name = "django_tables2/fast_body_table.html"

    def before_render(self, request):
        self.before_render_request = request
        self.context_during_render = getattr(self, "context", None)


def test_the_table_renders_in_the_pages_context_with_render_tables_hooks(db):
    make_unit("甲 <单位>", "甲 <单位>")
    request = RequestFactory().get("/units/?sort=short_name&keep=1")
    table = UnitTable(Unit.objects.all())
    RequestConfig(request).configure(table)
    page = Template("{% load fast_tables %}<p>{{ marker }}</p>{% render_fast_table table %}")
    html = page.render(RequestContext(request, {"table": table, "marker": "页面变量"}))
    assert "<p>页面变量</p>" in html and "<td >甲 &lt;单位&gt;</td>" in html
    assert 'href="?sort=-short_name&amp;keep=1"' in html  # the sort link keeps the query string
    assert table.before_render_request is request and table.context_during_render is not None
    assert not hasattr(table, "context")
