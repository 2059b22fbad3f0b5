"""The overdue list (逾期督办): every red and yellow milestone as of a date, its filters, table and exports.

Managers' working list; every logged-in user may read it. Rows are milestones of the projects in one year's
list, annotated in SQL (status, days overdue, the batch of that year's entry) and sorted worst first; the page,
the xlsx and the CSV export share the same filter, so an export holds exactly what the page shows.
"""

import csv
import datetime as dt

import django_filters
import django_tables2 as tables
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal.dates import DATE_VALIDATORS, MAX_YEAR, MIN_YEAR, YEAR_VALIDATORS, YearAsOfMixin, with_defaults
from portal.spreadsheets import csv_text, xlsx_response
from portal.widgets import Select

from .aggregate_cache import cached_list
from .excel.format import STATUS_FILLS
from .explain import explain_milestone
from .filters import unit_choices
from .models import ListEntry, Milestone
from .status import Color, StatusSQL
from .tables import BoundedPagination, CountedData, FastBodyMixin, badge, card_attrs

OVERDUE_COLORS = [(Color.RED.value, Color.RED.label), (Color.YELLOW.value, Color.YELLOW.label)]
BATCH_LABELS = dict(ListEntry.Batch.choices)
MAX_DAYS = 36500  # a hundred years: beyond it the cutoff date would leave the calendar


def overdue_milestones(year, as_of):
    """Red and yellow milestones of the projects in `year`'s list as of a date, annotated, worst first."""
    entry = ListEntry.objects.filter(project_id=OuterRef("project_id"), year=year)
    return (
        Milestone.objects.overdue(as_of)
        .in_list(year)
        .with_status(as_of)
        .annotate(batch=Subquery(entry.values("batch")[:1]))
        .select_related("project", "project__lead_unit", "unit")
        .order_by("planned_date", "project__code", "seq")
    )


class OverdueFilter(YearAsOfMixin, django_filters.FilterSet):
    """Filters of the overdue list; `year` defaults to the current year and `as_of` to today."""

    year = django_filters.NumberFilter(label=_("清单年度"), method="filter_nothing", validators=YEAR_VALIDATORS)
    as_of = django_filters.DateFilter(
        label=_("截止日期"),
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_VALIDATORS,
    )
    color = django_filters.ChoiceFilter(
        label=_("状态"), choices=OVERDUE_COLORS, method="filter_color", empty_label=_("全部"), widget=Select
    )
    # The units as the list page offers them (read once per data version): no query per view.
    unit = django_filters.ChoiceFilter(
        label=_("单位"), choices=unit_choices, method="filter_unit", empty_label=_("全部"), widget=Select
    )
    batch = django_filters.ChoiceFilter(
        label=_("批次"), choices=ListEntry.Batch.choices, method="filter_batch", empty_label=_("全部"), widget=Select
    )
    min_days = django_filters.NumberFilter(
        label=_("最少逾期天数"),
        method="filter_min_days",
        widget=forms.NumberInput(attrs={"min": 1}),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)],
    )

    class Meta:
        model = Milestone
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("queryset", Milestone.objects.none())
        # Defaults shown in the form: this year's list, as of today.
        super().__init__(with_defaults(data), *args, **kwargs)
        self.form.fields["year"].widget.attrs.update(min=MIN_YEAR, max=MAX_YEAR)
        self.form.fields["unit"].help_text = _("节点责任单位或项目牵头单位")

    def filter_queryset(self, queryset):
        return super().filter_queryset(overdue_milestones(self.list_year, self.as_of_date))

    def filter_color(self, queryset, name, value):
        sql = StatusSQL(self.as_of_date)
        return queryset.filter(sql.red_q() if value == Color.RED else sql.yellow_q())

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(unit_id=value) | Q(project__lead_unit_id=value))

    def filter_batch(self, queryset, name, value):
        return queryset.filter(batch=value)

    def filter_min_days(self, queryset, name, value):
        return queryset.filter(planned_date__lte=self.as_of_date - dt.timedelta(days=int(value)))


def explanation(row, as_of):
    return explain_milestone(row.name, row.planned_date, row.actual_date, False, "", row.status, as_of)


class OverdueTable(BoundedPagination, FastBodyMixin, tables.Table):
    project = tables.Column(
        _("项目"),
        accessor="project__code",
        order_by=("project__code", "seq"),
        attrs=card_attrs(_("项目"), "project title"),
    )
    batch = tables.Column(_("批次"), orderable=False, attrs=card_attrs(_("批次")))
    lead_unit = tables.Column(_("牵头单位"), accessor="project__lead_unit__short_name", attrs=card_attrs(_("牵头单位")))
    unit = tables.Column(_("责任单位"), accessor="unit__short_name", default="—", attrs=card_attrs(_("责任单位")))
    name = tables.Column(_("节点"), attrs=card_attrs(_("节点")))
    planned_date = tables.Column(_("计划完成时间"), attrs=card_attrs(_("计划完成时间")))
    days_overdue = tables.Column(
        _("逾期天数"), order_by=("-planned_date", "-project__code", "-seq"), attrs=card_attrs(_("逾期天数"), "num")
    )
    status = tables.Column(_("状态"), order_by=("-planned_date", "-project__code", "-seq"), attrs=card_attrs(_("状态")))
    explanation = tables.Column(_("说明"), empty_values=(), orderable=False, attrs=card_attrs(_("说明"), "explain"))

    class Meta:
        model = Milestone
        fields = ()
        sequence = ("project", "batch", "lead_unit", "unit", "name", "planned_date", "days_overdue", "status")
        order_by = ("-days_overdue",)
        template_name = "django_tables2/fast_body_table.html"
        attrs = {"class": "data-table cards"}
        row_attrs = {"class": lambda record: f"status-{record.status}"}
        empty_text = _("没有符合条件的逾期节点")

    def __init__(self, *args, as_of=None, **kwargs):
        self.as_of = as_of
        self.project_url = _project_url_pattern()
        super().__init__(*args, **kwargs)

    def render_project(self, record):
        url = self.project_url.replace(_SENTINEL, str(record.project_id))
        return format_html('<a href="{}" class="code">{}</a><br>{}', url, record.project.code, record.project.name)

    def render_planned_date(self, value):
        return value.isoformat()

    def render_batch(self, value):
        return BATCH_LABELS.get(value, value)

    def render_status(self, value):
        return badge(value)

    def render_explanation(self, record):
        return explanation(record, self.as_of)


_SENTINEL = "987654321"


def _project_url_pattern():
    """The project page URL with a placeholder id, reversed once per table."""
    return reverse("projects:detail", args=[int(_SENTINEL)])


class OverdueListView(SingleTableMixin, FilterView):
    """The overdue list page (read-only; every logged-in user)."""

    filterset_class = OverdueFilter
    table_class = OverdueTable
    template_name = "projects/overdue.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return Milestone.objects.none()

    def get_table_kwargs(self):
        return {"as_of": self.filterset.as_of_date}

    def get_table_data(self):
        """The filtered milestones; the color counts give the paginator its total (no separate COUNT)."""
        return CountedData(self.object_list, sum(self.color_counts().values()))

    def color_counts(self):
        """{"red": n, "yellow": n} of the listed milestones: none while the filters are invalid, as in the table."""
        if not hasattr(self, "_color_counts"):
            qs = self.filterset.qs
            self._color_counts = color_counts(qs if self.filterset.is_valid() else qs.none())
        return self._color_counts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.color_counts()
        query = self.request.GET.copy()
        query.pop("page", None)
        links = []
        for value, label in OVERDUE_COLORS:
            query["color"] = value
            links.append({"value": value, "label": label, "count": counts[value], "url": "?" + query.urlencode()})
        context.update(
            as_of=self.filterset.as_of_date,
            year=self.filterset.list_year,
            query=self.request.GET.urlencode(),
            color_counts=links,
            total=sum(counts.values()),
        )
        return context


def color_counts(queryset):
    """{"red": n, "yellow": n} over an overdue queryset, in one grouped query (cached per data version)."""
    counts = {value: 0 for value, _label in OVERDUE_COLORS}
    rows = queryset.order_by().values_list("status").annotate(n=Count("pk"))
    counts.update(dict(cached_list(rows)))
    return counts


# --- exports ---------------------------------------------------------------------------------------------


def export_header():
    return [
        _g("项目编号"),
        _g("项目名称"),
        _g("批次"),
        _g("牵头单位"),
        _g("责任单位"),
        _g("节点"),
        _g("计划完成时间"),
        _g("逾期天数"),
        _g("状态"),
        _g("说明"),
    ]


def export_rows(filterset):
    """(status, values) per milestone in the filter's order, the values as written to the files."""
    as_of = filterset.as_of_date
    if not filterset.is_valid():  # the page lists nothing then, and the files say the same
        return
    for m in filterset.qs.iterator(chunk_size=500):
        yield (
            m.status,
            [
                m.project.code,
                m.project.name,
                str(BATCH_LABELS.get(m.batch, m.batch or "")),
                m.project.lead_unit.short_name,
                m.unit.short_name if m.unit else "",
                m.name,
                m.planned_date,
                m.days_overdue,
                str(Color(m.status).label),
                explanation(m, as_of),
            ],
        )


def _filename(filterset, ext):
    return f"overdue-{filterset.list_year}-{filterset.as_of_date.isoformat()}.{ext}"


WIDTHS = {"项目名称": 30, "节点": 24, "批次": 8, "逾期天数": 9, "状态": 18, "说明": 60, "计划完成时间": 13}


class OverdueXlsxView(View):
    """The overdue list with the current filters as an Excel workbook (colored, labelled status cells)."""

    def get(self, request):
        filterset = OverdueFilter(request.GET)
        title = f"{_g('逾期督办')} · {_g('清单年度')} {filterset.list_year} · {_g('截止日期')} {filterset.as_of_date}"
        widths = {_g(name): width for name, width in WIDTHS.items()}

        def write(book):
            sheet = book.sheet(_g("逾期督办"), export_header(), widths=widths, title=title)
            for status, row in export_rows(filterset):
                sheet.append(row, status, 8)

        return xlsx_response(_filename(filterset, "xlsx"), write, fills=STATUS_FILLS)


class OverdueCsvView(View):
    """The overdue list with the current filters as CSV (UTF-8 with BOM, so Excel reads the Chinese)."""

    def get(self, request):
        filterset = OverdueFilter(request.GET)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(filterset, "csv")}"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(export_header())
        for _status, row in export_rows(filterset):
            row[6] = row[6].isoformat()
            writer.writerow([csv_text(value) if isinstance(value, str) else value for value in row])
        return response
