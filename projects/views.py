"""Project pages: the year's list, a project's page, and the update forms (thin: rules in services/forms)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal.access import StaleEdit, require
from portal.dates import MAX_YEAR, MIN_YEAR, AsOfForm, YearAsOfForm, int_param
from portal.filter_summary import applied_filters
from portal.redirects import next_url
from portal.refusals import add_refusal, submitted_input
from portal.tables import CountedData, PageFirstData

from . import dashboard as dashboard_selectors
from . import services
from .accountability import milestone_marks
from .changelog import project_changes
from .explain import explain_milestone, explain_report_late, summarize_project
from .extensions import annotate_markers, panels, shown_markers, uploads
from .filters import OVERDUE_COLORS, ListEntryFilter, OverdueFilter, split_codes
from .forms import InStatsDateForm, MilestoneActualForm, MilestoneDeleteForm, MilestonePlanForm, ProgressReportForm
from .investment import entry_investment, list_subtotal
from .models import ListEntry, Milestone, ProgressReport
from .reporting import entry_late_month
from .services import can_record_actual, can_set_in_stats_date, get_project_for_user
from .status import SEVERITY, Color, is_done
from .tables import OverdueTable, ProjectListTable


def dashboard(request, template_name="projects/dashboard.html", more=None):
    """The home page: the year's list at a glance as of a date (every logged-in user). An app that shows more on it
    (the year's goals: cockpit.views.dashboard) gives its template, extending this one, and `more(year, as_of)`, the
    context it adds."""
    form = YearAsOfForm(request.GET)
    context = dashboard_selectors.dashboard(form.list_year, form.as_of_date)
    context["panels"] = panels("dashboard", request, year=form.list_year, as_of=form.as_of_date)
    if more is not None:
        context.update(more(form.list_year, form.as_of_date))
    return render(request, template_name, {"form": form, **context})


def _with_params(url, params):
    return f"{url}?{params.urlencode()}" if params else url


# Fields of the list page's rows: a project's long 建设内容 text and its dates need not travel with each page.
LIST_ROW_FIELDS = (
    "year",
    "batch",
    "annual_plan_investment",
    "listed_on",
    "project__code",
    "project__name",
    "project__level",
    "project__total_investment",
    "project__lead_unit__short_name",
)


# The year and the as-of date: the printed page states them in its title and its header, not among the filters.
PRINT_SKIP = ("year", "as_of")


class ProjectListView(SingleTableMixin, FilterView):
    """The year's 四个一批 list: filters in the query string, statuses as of `as_of`, a summary bar."""

    filterset_class = ListEntryFilter
    table_class = ProjectListTable
    template_name = "projects/list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return ListEntry.objects.select_related("project", "project__lead_unit")

    def get_table_data(self):
        """Filtered rows by code; statuses, explanations and investment only for the page's rows."""
        as_of = self.filterset.as_of_date

        def annotate(rows):
            rows = rows.select_related("project", "project__lead_unit").only(*LIST_ROW_FIELDS)
            rows = rows.with_status(as_of, counts=False).with_accountability(as_of)
            return annotate_markers(rows, ref="project_id")

        return PageFirstData(self.object_list.order_by("project__code"), annotate, self.row_count)

    @cached_property
    def row_count(self):
        """The filtered rows' number: from the summary bar's counts (no separate COUNT query); None when invalid."""
        if not self.filterset.is_valid():
            return None
        counts, status = self.status_counts, self.filterset.form.cleaned_data.get("status")
        return counts.get(status, 0) if status else sum(counts.values())

    @cached_property
    def status_counts(self):
        """{color: n} of the filtered rows ignoring the status filter (one grouped query, cached)."""
        return self.filterset.queryset_without("status").status_counts(self.filterset.as_of_date)

    @cached_property
    def subtotal(self):
        """The filtered rows' annual plan, year-to-date completed investment and rate (one aggregate, cached)."""
        valid = self.filterset.is_valid()
        rows = self.object_list if valid else ListEntry.objects.none()
        return list_subtotal(rows, self.filterset.list_year, self.filterset.as_of_date, self.row_count or 0)

    def get_table_kwargs(self):
        return {"as_of": self.filterset.as_of_date}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        counts = self.status_counts
        current = self.request.GET.get("status", "")
        summary = []
        for color in SEVERITY:
            link = params.copy()
            link["status"] = color.value
            summary.append(
                {
                    "color": color.value,
                    "label": color.label,
                    "count": counts.get(color.value, 0),
                    "url": "?" + link.urlencode(),
                    "current": current == color.value,
                }
            )
        all_params = params.copy()
        all_params.pop("status", None)
        this_year = timezone.localdate().year
        context.update(
            as_of=self.filterset.as_of_date,
            list_year=self.filterset.list_year,
            codes=split_codes(self.request.GET.get("codes")),
            summary=summary,
            subtotal=self.subtotal,
            total=sum(counts.values()),
            all_url="?" + all_params.urlencode(),
            years=range(this_year + 1, this_year - 4, -1),
            export_xlsx=_with_params(reverse("projects:export_xlsx"), params),
            export_csv=_with_params(reverse("projects:export_csv"), params),
            print_filters=applied_filters(self.filterset.form, self.request.GET, skip=PRINT_SKIP),
        )
        return context


class OverdueListView(SingleTableMixin, FilterView):
    """The overdue list (逾期督办): every red and yellow milestone of the year's list as of a date, worst first
    (read-only; every logged-in user). Its exports share the filter, so they hold exactly what the page shows."""

    filterset_class = OverdueFilter
    table_class = OverdueTable
    template_name = "projects/overdue.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return Milestone.objects.none()

    def get_table_kwargs(self):
        return {"as_of": self.filterset.as_of_date, "year": self.filterset.list_year}

    @cached_property
    def color_counts(self):
        return self.filterset.color_counts()

    def get_table_data(self):
        """The filtered milestones; the color counts give the paginator its total (no separate COUNT)."""
        rows = annotate_markers(
            self.object_list.with_accountability(self.filterset.as_of_date), ref="pk", on="milestone"
        )
        return CountedData(rows, sum(self.color_counts.values()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        links = []
        for value, label in OVERDUE_COLORS:
            query["color"] = value
            links.append(
                {"value": value, "label": label, "count": self.color_counts[value], "url": "?" + query.urlencode()}
            )
        context.update(
            as_of=self.filterset.as_of_date,
            year=self.filterset.list_year,
            query=self.request.GET.urlencode(),
            color_counts=links,
            total=sum(self.color_counts.values()),
            print_filters=applied_filters(self.filterset.form, self.request.GET, skip=PRINT_SKIP),
        )
        return context


def project_detail(request, pk):
    project, can_edit, can_plan = get_project_for_user(request, pk)
    as_of_form = AsOfForm(request.GET)
    as_of = as_of_form.as_of_date
    rows = project.milestones.with_status(as_of).with_accountability(as_of).select_related("unit").order_by("seq")
    milestones = list(annotate_markers(rows, ref="pk", on="milestone"))
    for m in milestones:
        m.markers = shown_markers(m)
        m.accountability = milestone_marks(m, full=True)
        m.explanation = explain_milestone(
            m.name, m.planned_date, m.actual_date, m.is_exempt, m.exempt_reason, Color(m.status), as_of
        )
        m.status_label = _("已豁免") if m.is_exempt else Color(m.status).label
        done = is_done(m.actual_date, as_of)
        m.done_early = m.days_ahead if done and m.days_ahead > 0 else None
        m.done_late = -m.days_ahead if done and m.days_ahead < 0 else None
        m.can_record = can_record_actual(request.user, m, can_edit)
    color, counts, text = summarize_project(milestones, as_of)
    reports = list(project.progress_reports.select_related("reported_by").order_by("-year", "-month"))
    # One project: the Python rules (the SQL twins serve the lists).
    entries = list(project.list_entries.order_by("-year"))
    for entry in entries:
        entry.investment = entry_investment(entry, as_of, reports)
        late = entry_late_month(entry, reports, as_of)
        entry.report_late_text = explain_report_late(entry.year, late) if late else ""
    # The status card speaks of the as-of year's list: its entry's report marker sits beside the color.
    report_late_text = next((e.report_late_text for e in entries if e.year == as_of.year), "")
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "can_edit": can_edit,
            "can_plan": can_plan,
            "as_of": as_of,
            "as_of_form": as_of_form,
            "status": color,
            "status_label": Color(color).label,
            "status_text": text,
            "report_late_text": report_late_text,
            "counts": counts,
            "milestones": milestones,
            "any_record": any(m.can_record for m in milestones),
            "entries": entries,
            "can_set_in_stats": can_set_in_stats_date(request.user, project),
            "reports": reports,
            "changes": project_changes(project),
            "panels": panels("project", request, project=project, as_of=as_of, user=request.user),
        },
    )


# --- updates ---------------------------------------------------------------------------------------------


def _stale(form):
    """Context for a refused stale save: the form shows the current values, the user's input is listed."""
    return {"stale": True, "stale_input": submitted_input(form)}


def _detail(project, anchor=""):
    return reverse("projects:detail", args=[project.pk]) + anchor


def milestone_actual(request, pk, mid):
    """Staff of the project's units or of the milestone's unit (and managers) record its actual date and note."""
    project, can_edit, _plan = get_project_for_user(request, pk)
    milestone = get_object_or_404(project.milestones, pk=mid)
    require(can_record_actual(request.user, milestone, can_edit))
    back = next_url(request)
    extra = {}
    current = lambda m: {"actual_date": m.actual_date, "note": m.note, "version": m.version}  # noqa: E731
    hook = uploads()
    files = hook.form(request, milestone) if hook else None
    if request.method == "POST":
        form = MilestoneActualForm(request.POST)
        if form.is_valid() and (files is None or files.is_valid()):
            data = form.cleaned_data

            def write():
                return services.record_actual(
                    milestone,
                    version=data["version"],
                    actual_date=data["actual_date"],
                    note=data["note"],
                    user=request.user,
                )

            try:
                hook.save(write, files, request.user, milestone=milestone) if hook else write()
            except StaleEdit as stale:
                extra = _stale(form)
                form = MilestoneActualForm(initial=current(stale.current))
            except ValidationError as error:
                add_refusal(form, error, Milestone)
            else:
                messages.success(request, _("已保存节点「%(name)s」的完成情况") % {"name": milestone.name})
                return redirect(back or _detail(project, "#milestones"))
    else:
        form = MilestoneActualForm(initial=current(milestone))
    return render(
        request,
        "projects/milestone_actual_form.html",
        {
            "project": project,
            "milestone": milestone,
            "form": form,
            "next": back,
            "files_form": files,
            "files_template": hook and hook.template,
            **extra,
        },
    )


def entry_in_stats(request, pk, entry_id):
    """Staff of the lead unit and managers record the day a list entry entered the investment statistics (入统)."""
    project, _edit, _plan = get_project_for_user(request, pk)
    require(can_set_in_stats_date(request.user, project))
    entry = get_object_or_404(project.list_entries, pk=entry_id)
    extra = {}
    current = lambda e: {"in_stats_date": e.in_stats_date, "version": e.version}  # noqa: E731
    if request.method == "POST":
        form = InStatsDateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_in_stats_date(
                    entry, version=data["version"], in_stats_date=data["in_stats_date"], user=request.user
                )
            except StaleEdit as stale:
                extra = _stale(form)
                form = InStatsDateForm(initial=current(stale.current))
            except ValidationError as error:
                add_refusal(form, error, ListEntry)
            else:
                messages.success(request, _("已保存 %(year)s 年清单的入统日期") % {"year": entry.year})
                return redirect(_detail(project, "#entries"))
    else:
        form = InStatsDateForm(initial=current(entry))
    return render(request, "projects/in_stats_form.html", {"project": project, "entry": entry, "form": form, **extra})


def progress_report(request, pk):
    """File the monthly report, or correct the month's existing one (one per project and month)."""
    project, can_edit, _plan = get_project_for_user(request, pk)
    require(can_edit)
    today = timezone.localdate()
    back = next_url(request)
    extra = {}

    def initial_for(year, month):
        report = services.report_for(project, year, month)
        values = {"year": year, "month": month, "version": report.version if report else 0}
        if report:
            for name in ("investment_completed", "image_progress", "problems", "coordination_needed"):
                values[name] = getattr(report, name)
        return values, report

    hook = uploads()
    files = None
    if request.method == "POST":
        form = ProgressReportForm(request.POST)
        if hook:
            year, month = form.data.get("year"), form.data.get("month")
            owner = services.report_for(project, year, month) if str(year).isdigit() and str(month).isdigit() else None
            files = hook.form(request, owner)
        if form.is_valid() and (files is None or files.is_valid()):
            data = dict(form.cleaned_data)

            def write():
                return services.file_report(project, user=request.user, **data)

            try:
                hook.save(write, files, request.user) if hook else write()
            except StaleEdit:
                extra = _stale(form)
                initial, existing = initial_for(data["year"], data["month"])
                form = ProgressReportForm(initial=initial)
                extra["existing"] = existing
            except ValidationError as error:
                add_refusal(form, error, ProgressReport)
            else:
                messages.success(
                    request, _("已保存 %(year)s 年 %(month)s 月进展") % {"year": data["year"], "month": data["month"]}
                )
                return redirect(back or _detail(project, "#reports"))
    else:
        # Without a month asked for: the earliest month still owed, not always this one.
        first_year, first_month = services.month_to_report(project, today)
        year = int_param(request.GET.get("year"), first_year, MIN_YEAR, MAX_YEAR)
        month = int_param(request.GET.get("month"), first_month if year == first_year else today.month, 1, 12)
        initial, existing = initial_for(year, month)
        form = ProgressReportForm(initial=initial)
        extra["existing"] = existing
    if hook and files is None:
        files = hook.form(request)
    context = {"project": project, "form": form, "months": range(1, 13), "next": back, **extra}
    context.update(files_form=files, files_template=hook and hook.template)
    return render(request, "projects/report_form.html", context)


def milestone_add(request, pk):
    project, _edit, can_plan = get_project_for_user(request, pk)
    require(can_plan)
    fields = ("seq", "name", "planned_date", "unit", "note", "is_exempt", "exempt_reason")
    if request.method == "POST":
        form = MilestonePlanForm(request.POST)
        if form.is_valid():
            try:
                services.add_milestone(project, user=request.user, **{n: form.cleaned_data[n] for n in fields})
            except ValidationError as error:
                add_refusal(form, error, Milestone)
            else:
                messages.success(request, _("已新增节点「%(name)s」") % {"name": form.cleaned_data["name"]})
                return redirect(_detail(project, "#milestones"))
    else:
        form = MilestonePlanForm(
            initial={"seq": services.next_seq(project), "version": 0, "unit": project.lead_unit_id}
        )
    del form.fields["change_reason"]
    return render(request, "projects/milestone_form.html", {"project": project, "form": form, "adding": True})


def milestone_edit(request, pk, mid):
    """Managers change a milestone's plan (reason required for a new planned date) or exempt it."""
    project, _edit, can_plan = get_project_for_user(request, pk)
    require(can_plan)
    milestone = get_object_or_404(project.milestones.select_related("unit"), pk=mid)
    fields = ("seq", "name", "planned_date", "unit", "note", "is_exempt", "exempt_reason")
    current = lambda m: {**{n: getattr(m, n) for n in fields}, "version": m.version}  # noqa: E731
    extra = {}
    if request.method == "POST":
        form = MilestonePlanForm(request.POST, original_planned=milestone.planned_date)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_milestone(
                    milestone,
                    version=data["version"],
                    user=request.user,
                    change_reason=data["change_reason"],
                    **{n: data[n] for n in fields},
                )
            except StaleEdit as stale:
                extra = _stale(form)
                milestone = stale.current
                form = MilestonePlanForm(initial=current(milestone), original_planned=milestone.planned_date)
            except ValidationError as error:
                add_refusal(form, error, Milestone)
            else:
                messages.success(request, _("已保存节点「%(name)s」") % {"name": data["name"]})
                return redirect(_detail(project, "#milestones"))
    else:
        form = MilestonePlanForm(initial=current(milestone), original_planned=milestone.planned_date)
    context = {"project": project, "milestone": milestone, "form": form, "adding": False, **extra}
    return render(request, "projects/milestone_form.html", context)


def milestone_delete(request, pk, mid):
    project, _edit, can_plan = get_project_for_user(request, pk)
    require(can_plan)
    milestone = get_object_or_404(project.milestones, pk=mid)
    extra = {}
    if request.method == "POST":
        form = MilestoneDeleteForm(request.POST)
        if form.is_valid():
            try:
                services.remove_milestone(
                    milestone,
                    version=form.cleaned_data["version"],
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except StaleEdit as stale:
                milestone = stale.current
                extra = _stale(form)
                form = MilestoneDeleteForm(initial={"version": milestone.version})
            else:
                messages.success(request, _("已删除节点「%(name)s」") % {"name": milestone.name})
                return redirect(_detail(project, "#milestones"))
    else:
        form = MilestoneDeleteForm(initial={"version": milestone.version})
    context = {"project": project, "milestone": milestone, "form": form, **extra}
    return render(request, "projects/milestone_delete_form.html", context)
