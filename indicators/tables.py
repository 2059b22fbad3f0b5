"""The indicator table: rows come annotated by `IndicatorQuerySet.with_status` (see filters.py)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from projects.status import Color
from projects.tables import BoundedPagination, FastBodyMixin, badge, card_attrs

from . import explain as ex
from .models import Indicator


def status_badge(status):
    return badge(Color(status))


def percent(value):
    return "—" if value is None else f"{ex.fmt(value, 1)}%"


class IndicatorTable(BoundedPagination, FastBodyMixin, tables.Table):
    name = tables.Column(verbose_name=_("指标"), order_by=("sort_order", "code"), attrs=card_attrs(_("指标"), "title"))
    group = tables.Column(verbose_name=_("分组"), attrs=card_attrs(_("分组")))
    responsible_unit = tables.Column(
        verbose_name=_("责任单位"), order_by=("responsible_unit__sort_order",), attrs=card_attrs(_("责任单位"))
    )
    target = tables.Column(
        verbose_name=_("年度目标"), accessor="target_value", orderable=False, attrs=card_attrs(_("年度目标"))
    )
    period = tables.Column(
        verbose_name=_("期间"), accessor="period_month", orderable=False, attrs=card_attrs(_("期间"))
    )
    latest = tables.Column(
        verbose_name=_("最新值"), accessor="pk", orderable=False, attrs=card_attrs(_("最新值"), "num")
    )
    completion = tables.Column(
        verbose_name=_("完成率"), accessor="pk", orderable=False, attrs=card_attrs(_("完成率"), "num")
    )
    progress = tables.Column(
        verbose_name=_("序时进度"), accessor="pk", orderable=False, attrs=card_attrs(_("序时进度"), "num")
    )
    status = tables.Column(verbose_name=_("状态"), order_by=("status_rank", "sort_order"), attrs=card_attrs(_("状态")))
    explanation = tables.Column(verbose_name=_("说明"), accessor="pk", orderable=False, attrs=card_attrs(_("说明")))

    class Meta:
        model = Indicator
        template_name = "django_tables2/fast_body_table.html"
        fields = []
        sequence = (
            "name",
            "group",
            "responsible_unit",
            "target",
            "period",
            "latest",
            "completion",
            "progress",
            "status",
            "explanation",
        )
        attrs = {"class": "data-table cards"}
        row_attrs = {"class": lambda record: f"status-{record.status}"}
        empty_text = _("没有符合条件的指标")

    def __init__(self, *args, year, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def render_name(self, record):
        url = reverse("indicators:detail", args=[record.pk])
        return format_html(
            '<a href="{}?year={}">{}</a> <span class="help">{}</span>', url, self.year, record.name, record.measure
        )

    def render_target(self, record):
        return ex.target_text(record)

    def render_period(self, record):
        return ex.period_label(record.period_month)

    def render_latest(self, record):
        return ex.latest_text(record)

    def render_completion(self, record):
        return percent(ex.completion(record))

    def render_progress(self, record):
        return percent(ex.progress(record))

    def render_status(self, record):
        return status_badge(record.status)

    def value_status(self, record):
        return str(Color(record.status).label)

    def render_explanation(self, record):
        return ex.explain(record, self.year)
