"""The ledger's and 待督办's tables: django-tables2 for the header, sorting and pagination; the body is a plain loop
in the tables' own templates (templates/supervision/_ledger_table.html, _todo_table.html), which is several times
faster than rendering cell by cell. What a row shows that needs Python (days overdue, labels of annotated values)
is put on the page's rows in `before_render`. A level, a state or a color is always shown with its label."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from projects.status import Color

from .choices import Cause, Level
from .models import SupervisionOrder, days_overdue


class CountedPaginator(Paginator):
    """A paginator told its number of rows (`count`, from counts the page makes anyway) instead of running a COUNT
    query (a view passes it through django-tables2's pagination options: `get_table_pagination`)."""

    def __init__(self, object_list, per_page, *args, count, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


class LedgerTable(tables.Table):
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
        attrs = {"class": "data-table ledger"}
        empty_text = _("没有符合条件的督办单")

    def __init__(self, *args, as_of, **kwargs):
        self.as_of = as_of
        super().__init__(*args, **kwargs)

    def before_render(self, request):
        for row in self.paginated_rows:
            order = row.record
            order.days_overdue = days_overdue(order, self.as_of)
            order.cause_label = Cause(order.cause).label if order.cause else ""


class TodoTable(tables.Table):
    select = tables.CheckBoxColumn(accessor="pk", attrs={"th__input": {"class": "select-all"}})
    project = tables.Column(_("项目"), order_by=("project__code", "seq"))
    unit = tables.Column(_("主办单位"), empty_values=(), orderable=False)
    name = tables.Column(_("节点"))
    planned_date = tables.Column(_("计划完成时间"))
    days_overdue = tables.Column(
        _("逾期天数"), order_by=("-planned_date", "project__code", "seq"), attrs={"th": {"class": "num"}}
    )
    status = tables.Column(_("状态"), orderable=False)
    suggested = tables.Column(_("建议"), orderable=False)

    class Meta:
        fields = ()
        sequence = ("select", "project", "unit", "name", "planned_date", "days_overdue", "status", "suggested")
        template_name = "supervision/_todo_table.html"
        attrs = {"class": "data-table todo"}
        empty_text = _("没有待督办的节点")

    def before_render(self, request):
        for row in self.paginated_rows:
            milestone = row.record
            milestone.status_label = Color(milestone.status).label
            milestone.suggested_label = Level(milestone.suggested).label
