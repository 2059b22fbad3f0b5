"""The ledger's and 待督办's tables (django-tables2, rendered by its own templates). A level, a state or a color is
always shown with its label."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from projects.status import Color

from .choices import Cause, Level, State
from .models import SupervisionOrder, days_overdue


def level_badge(level):
    return format_html('<span class="level level-{}">{}</span>', level, Level(level).label)


def state_badge(state):
    return format_html('<span class="state state-{}">{}</span>', state, State(state).label)


class LedgerTable(tables.Table):
    number = tables.Column(_("编号"), order_by=("year", "serial"), empty_values=())
    level = tables.Column(_("等级"))
    project = tables.Column(_("项目"), order_by=("project__code",))
    lead_unit = tables.Column(_("主办单位"), accessor="lead_unit__short_name")
    issued_on = tables.DateColumn("Y-m-d", verbose_name=_("交办日期"), default="—")
    reply_due = tables.DateColumn("Y-m-d", verbose_name=_("办理时限"))
    state = tables.Column(_("状态"), empty_values=())
    cause = tables.Column(_("原因分类"), orderable=False, default="—")

    class Meta:
        model = SupervisionOrder
        fields = ()
        sequence = ("number", "level", "project", "lead_unit", "issued_on", "reply_due", "state", "cause")
        order_by = ("-issued_on",)
        attrs = {"class": "data-table ledger"}
        row_attrs = {"class": lambda record: f"order-{record.state}"}
        empty_text = _("没有符合条件的督办单")

    def __init__(self, *args, as_of, **kwargs):
        self.as_of = as_of
        super().__init__(*args, **kwargs)

    def render_number(self, record):
        text = record.number or _g("草稿")
        return format_html('<a href="{}">{}</a>', reverse("supervision:detail", args=[record.pk]), text)

    def render_level(self, record):
        return level_badge(record.level)

    def render_project(self, record):
        return format_html('<span class="code">{}</span> {}', record.project.code, record.project.name)

    def render_state(self, record):
        days = days_overdue(record, self.as_of)
        if days:
            text = ngettext("逾期未反馈 %(days)s 天", "逾期未反馈 %(days)s 天", days) % {"days": days}
            late = format_html('<span class="late">{}</span>', text)
            return format_html("{} {}", state_badge(record.state), late)
        return state_badge(record.state)

    def render_cause(self, value):
        return Cause(value).label


class TodoTable(tables.Table):
    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={"td__input": {"name": "milestone", "form": "issue-form"}, "th__input": {"class": "select-all"}},
    )
    project = tables.Column(_("项目"), order_by=("project__code", "seq"))
    unit = tables.Column(_("主办单位"), empty_values=(), orderable=False)
    name = tables.Column(_("节点"))
    planned_date = tables.DateColumn("Y-m-d", verbose_name=_("计划完成时间"))
    days_overdue = tables.Column(
        _("逾期天数"),
        order_by=("-planned_date", "project__code", "seq"),
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    status = tables.Column(_("状态"), orderable=False)
    suggested = tables.Column(_("建议"), orderable=False)

    class Meta:
        fields = ()
        sequence = ("select", "project", "unit", "name", "planned_date", "days_overdue", "status", "suggested")
        attrs = {"class": "data-table todo"}
        row_attrs = {"class": lambda record: f"status-{record.status}"}
        empty_text = _("没有待督办的节点")

    def render_project(self, record):
        url = reverse("projects:detail", args=[record.project_id])
        return format_html('<a href="{}" class="code">{}</a> {}', url, record.project.code, record.project.name)

    def render_unit(self, record):
        return str(record.unit or record.project.lead_unit)

    def render_status(self, value):
        return format_html('<span class="badge {}">{}</span>', value, Color(value).label)

    def render_suggested(self, value):
        return level_badge(value)
