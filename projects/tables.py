"""The tables of the project list and the overdue list: columns, headers and sorting (django-tables2). Each
table's body is a template of its own (templates/projects/_*_table.html); the values a row shows that need Python
(explanations in words, the investment band of the page's rows) are given to the page's rows in `before_render`."""

from collections import defaultdict

import django_tables2 as tables
from django.db.models import F
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.tables import BoundedPagination, header_attrs, page_records

from .accountability import Mark, entry_marks, milestone_marks
from .explain import explain_milestones, explain_report_late, explain_report_rows, explain_rows
from .extensions import shown_markers
from .investment import entry_investment
from .models import ListEntry, Milestone, ProgressReport, Project
from .reporting import entry_late_month


def _nulls_last(name, descending):
    return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)


class ProjectListTable(BoundedPagination, tables.Table):
    """The year's list; rows are ListEntry objects with their status (`with_status`, see the view)."""

    code = tables.Column(_("项目编号"), accessor="project__code")
    name = tables.Column(_("项目名称"), accessor="project__name")
    batch = tables.Column(_("批次"))
    lead_unit = tables.Column(_("牵头单位"), accessor="project__lead_unit__short_name")
    level = tables.Column(_("项目级别"), accessor="project__level")
    total_investment = tables.Column(
        _("总投资（万元）"), accessor="project__total_investment", attrs=header_attrs("num")
    )
    annual_plan_investment = tables.Column(_("年度计划投资（万元）"), attrs=header_attrs("num"))
    status = tables.Column(_("进度状态"))
    investment_status = tables.Column(_("投资进度"))
    next_due = tables.Column(_("下一节点"), accessor="next_planned")
    days_overdue = tables.Column(_("逾期天数"), attrs=header_attrs("num"))
    worst_first = ("days_overdue",)  # the first click sorts the most overdue first (templates/portal/table.html)

    class Meta:
        template_name = "projects/_list_table.html"
        attrs = {"class": "data-table project-list cards"}
        per_page = 50
        empty_text = _("没有符合条件的项目")

    def __init__(self, *args, as_of, **kwargs):
        self.as_of = as_of
        super().__init__(*args, **kwargs)

    def before_render(self, request):
        """The page's rows get their explanation (`explain_rows`), their investment status and report marker from
        their projects' reports (read in one query; the rules of `projects.investment` and `projects.reporting`, as on
        the project page), the labels of their batch and level, their markers and accountability marks in one list
        (`marks`), their link and their amounts as shown (the template then looks each up once: rendering the page's
        rows is most of its time)."""
        rows = page_records(self)
        explain_rows(rows, self.as_of)
        reports = defaultdict(list)
        found = ProgressReport.objects.filter(
            project_id__in=[row.project_id for row in rows], year__in={row.year for row in rows}
        )
        # Unordered: the reports are grouped by project here (ProgressReport's default order joins every project).
        fields = ("project_id", "year", "month", "investment_completed", "created_at")
        for report in found.order_by().values_list(*fields, named=True):
            reports[report.project_id].append(report)
        batches = {value: str(label) for value, label in ListEntry.Batch.choices}
        levels = {value: str(label) for value, label in Project.Level.choices}
        for row in rows:
            row.investment = entry_investment(row, self.as_of, reports[row.project_id])
            late = entry_late_month(row, reports[row.project_id], self.as_of)
            row.report_late, row.report_late_text = bool(late), explain_report_late(row.year, late) if late else ""
            row.batch_label, row.level_label = batches[row.batch], levels[row.project.level]
            row.accountability = entry_marks(row)
            # The extensions' markers, then the accountability marks, in one list: one loop a row, no include.
            row.marks = [Mark(key, label, "") for key, label in shown_markers(row)] + row.accountability
            row.link = reverse("projects:detail", args=[row.project_id])
            row.total_investment_text = floatformat(row.project.total_investment, "2g")
            row.annual_plan_text = floatformat(row.annual_plan_investment, "2g")

    # Sorting: a sort by a computed column evaluates it for every row, so it is added to the light queryset of
    # `PageFirstData` on request only (the default order is by code).
    def order_status(self, queryset, is_descending):
        rank = F("status_rank").desc() if is_descending else F("status_rank").asc()
        queryset = queryset.with_status(self.as_of, counts=False)
        return queryset.order_by(rank, _nulls_last("days_overdue", True), "project__code"), True

    def order_investment_status(self, queryset, is_descending):
        rank = F("investment_rank").desc() if is_descending else F("investment_rank").asc()
        queryset = queryset.with_investment_status(self.as_of)
        return queryset.order_by(rank, _nulls_last("investment_gap_pp", False), "project__code"), True

    def order_days_overdue(self, queryset, is_descending):
        queryset = queryset.with_status(self.as_of, counts=False)
        return queryset.order_by(_nulls_last("days_overdue", is_descending), "project__code"), True

    def order_next_due(self, queryset, is_descending):
        queryset = queryset.with_next_due(self.as_of)
        return queryset.order_by(_nulls_last("next_planned", is_descending), "project__code"), True


class OverdueTable(BoundedPagination, tables.Table):
    """Red and yellow milestones; rows are Milestone objects annotated by `overdue_list` (see projects.filters)."""

    project = tables.Column(_("项目"), accessor="project__code", order_by=("project__code", "seq"))
    batch = tables.Column(_("批次"), orderable=False)
    lead_unit = tables.Column(_("牵头单位"), accessor="project__lead_unit__short_name")
    unit = tables.Column(_("责任单位"), accessor="unit__short_name")
    name = tables.Column(_("节点"))
    planned_date = tables.Column(_("计划完成时间"))
    days_overdue = tables.Column(
        _("逾期天数"), order_by=("-planned_date", "-project__code", "-seq"), attrs=header_attrs("num")
    )
    status = tables.Column(_("状态"), order_by=("-planned_date", "-project__code", "-seq"))
    explanation = tables.Column(_("说明"), orderable=False)
    contact = tables.Column(_("责任领导与联系人"), accessor="pk", orderable=False)
    issues = tables.Column(_("最新月报问题"), accessor="pk", orderable=False)
    worst_first = ("days_overdue", "status")

    class Meta:
        model = Milestone
        fields = ()
        sequence = ("project", "batch", "lead_unit", "unit", "name", "planned_date", "days_overdue", "status", "...")
        order_by = ("-days_overdue",)
        template_name = "projects/_overdue_table.html"
        attrs = {"class": "data-table cards"}
        empty_text = _("没有符合条件的逾期节点")

    def __init__(self, *args, as_of, year, **kwargs):
        self.as_of, self.year = as_of, year
        super().__init__(*args, **kwargs)

    def before_render(self, request):
        rows = page_records(self)
        explain_milestones(rows, self.as_of)
        explain_report_rows(rows, self.as_of, self.year)
        for row in rows:
            row.markers = shown_markers(row)
            row.accountability = milestone_marks(row)
