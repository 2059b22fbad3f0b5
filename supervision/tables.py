"""The ledger's and 待督办's tables (django-tables2: header, sorting, pagination); each row's cells are written by the
tables' own templates (templates/supervision/_ledger_table.html, _todo_table.html, extending portal/table.html).
What a row shows that needs Python (days overdue, labels of annotated values) is put on the page's rows in
`before_render`. A level, a state or a color is always shown with its label."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portal.tables import BoundedPagination, header_attrs, page_records
from projects.status import Color

from .choices import Cause, Level
from .models import SupervisionOrder, days_overdue


class LedgerTable(BoundedPagination, tables.Table):
    number = tables.Column(_("编号"), order_by=("year", "serial"), empty_values=())
    level = tables.Column(_("等级"))
    project = tables.Column(_("项目"), order_by=("project__code",))
    lead_unit = tables.Column(_("主办单位"), accessor="lead_unit__short_name")
    issued_on = tables.Column(_("交办日期"))
    reply_due = tables.Column(_("办理时限"))
    state = tables.Column(_("状态"))
    cause = tables.Column(_("原因分类"), orderable=False)

    class Meta:
        model = SupervisionOrder
        fields = ()
        sequence = ("number", "level", "project", "lead_unit", "issued_on", "reply_due", "state", "cause")
        order_by = ("-issued_on",)
        template_name = "supervision/_ledger_table.html"
        attrs = {"class": "data-table cards ledger"}
        row_attrs = {"class": lambda record: f"order-{record.state}"}
        empty_text = _("没有符合条件的督办单")

    def __init__(self, *args, as_of, **kwargs):
        self.as_of = as_of
        super().__init__(*args, **kwargs)

    def before_render(self, request):
        for order in page_records(self):
            order.days_overdue = days_overdue(order, self.as_of)
            order.cause_label = Cause(order.cause).label if order.cause else ""


class TodoTable(BoundedPagination, tables.Table):
    select = tables.CheckBoxColumn(accessor="pk", attrs={"th__input": {"class": "select-all"}})
    project = tables.Column(_("项目"), order_by=("project__code", "seq"))
    unit = tables.Column(_("主办单位"), empty_values=(), orderable=False)
    name = tables.Column(_("节点"))
    planned_date = tables.Column(_("计划完成时间"))
    days_overdue = tables.Column(
        _("逾期天数"), order_by=("-planned_date", "project__code", "seq"), attrs=header_attrs("num")
    )
    status = tables.Column(_("状态"), orderable=False)
    worst_first = ("days_overdue",)  # the first click sorts the most overdue first (templates/portal/table.html)
    suggested = tables.Column(_("建议"), orderable=False)

    class Meta:
        fields = ()
        sequence = ("select", "project", "unit", "name", "planned_date", "days_overdue", "status", "suggested")
        template_name = "supervision/_todo_table.html"
        attrs = {"class": "data-table cards todo"}
        row_attrs = {"class": lambda record: f"status-{record.status}"}
        empty_text = _("没有待督办的节点")

    def before_render(self, request):
        for milestone in page_records(self):
            milestone.status_label = Color(milestone.status).label
            milestone.suggested_label = Level(milestone.suggested).label
