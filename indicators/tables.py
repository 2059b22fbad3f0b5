"""The indicator table: rows come annotated by `IndicatorQuerySet.with_status` (see filters.py); its body is
templates/indicators/_table.html, the figures in words given to the page's rows in `before_render`."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portal.tables import BoundedPagination, header_attrs, page_records

from . import explain as ex
from .models import Indicator
from .status import IndicatorColor


def percent(value):
    return "—" if value is None else f"{ex.fmt(value, 1)}%"


class IndicatorTable(BoundedPagination, tables.Table):
    name = tables.Column(verbose_name=_("指标"), order_by=("sort_order", "code"))
    group = tables.Column(verbose_name=_("分组"))
    responsible_unit = tables.Column(verbose_name=_("责任单位"), order_by=("responsible_unit__sort_order",))
    target = tables.Column(verbose_name=_("年度目标"), accessor="target_value", orderable=False)
    period = tables.Column(verbose_name=_("期间"), accessor="period_month", orderable=False)
    latest = tables.Column(verbose_name=_("最新值"), accessor="pk", orderable=False, attrs=header_attrs("num"))
    completion = tables.Column(verbose_name=_("完成率"), accessor="pk", orderable=False, attrs=header_attrs("num"))
    progress = tables.Column(verbose_name=_("序时进度"), accessor="pk", orderable=False, attrs=header_attrs("num"))
    status = tables.Column(verbose_name=_("状态"), order_by=("status_rank", "sort_order"))
    explanation = tables.Column(verbose_name=_("说明"), accessor="pk", orderable=False)

    class Meta:
        model = Indicator
        template_name = "indicators/_table.html"
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
        empty_text = _("没有符合条件的指标")

    def __init__(self, *args, year, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def before_render(self, request):
        """The page's rows in words: target, period, latest value, completion, time progress, status, why."""
        groups = {value: str(label) for value, label in Indicator.Group.choices}
        labels = {color.value: str(color.label) for color in IndicatorColor}
        for row in page_records(self):
            row.target_text = ex.target_text(row)
            row.period_text = ex.period_label(row.period_month)
            row.latest_text = ex.latest_text(row)
            row.completion_text = percent(ex.completion(row))
            row.progress_text = percent(ex.progress(row))
            row.status_label = labels[row.status]
            row.group_label = groups.get(row.group, row.group)
            row.explanation = ex.explain(row, self.year)
