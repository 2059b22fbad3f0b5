"""Filters of the project list and of the overdue list, shared by each page, its summary bar and its exports
(query-string based; `year` defaults to this year and `as_of` to today: portal.dates)."""

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.aggregate_cache import cached_values
from portal.dates import MAX_YEAR, MIN_YEAR, YEAR_VALIDATORS, DateInput, YearAsOfMixin, as_of_field, with_defaults

from .extensions import markers
from .investment import InvestmentColor
from .models import ListEntry, Milestone, Project, Unit
from .querysets.status_sql import MilestoneStatusSQL
from .status import Color

MAX_DAYS = 36500  # a hundred years: beyond it the cutoff date would leave the calendar
OVERDUE_COLORS = [(Color.RED.value, Color.RED.label), (Color.YELLOW.value, Color.YELLOW.label)]
REPORTING_CHOICES = [("late", _("未按时填报"))]
CODES_MAX = 200  # project codes in one `codes` filter (an import's link to its projects): the URL stays short


def split_codes(value):
    """Project codes separated by commas, without blanks or repeats."""
    return list(dict.fromkeys(part.strip() for part in (value or "").split(",") if part.strip()))


def validate_codes(value):
    codes = split_codes(value)
    if len(codes) > CODES_MAX:
        raise ValidationError(_("项目编号最多 %(max)s 个"), params={"max": CODES_MAX}, code="max_codes")
    longest = Project._meta.get_field("code").max_length
    if any(len(code) > longest for code in codes):
        raise ValidationError(_("项目编号不能超过 %(max)s 个字符"), params={"max": longest}, code="code_length")


# Accountability against the baseline (reporting.md section 4): ?plan=moved, ?late_done=1.
PLAN_CHOICES = [("moved", _("计划推迟过"))]
LATE_DONE_CHOICES = [("1", _("晚于基线计划完成"))]


def plan_filter():
    return django_filters.ChoiceFilter(
        label=pgettext_lazy("accountability", "调整计划"), choices=PLAN_CHOICES, method="filter_plan"
    )


def _categories():
    """The categories in use (a scan of every project: cached per data version)."""
    rows = Project.objects.exclude(category="").order_by("category").distinct()
    return [(row["category"], row["category"]) for row in cached_values(rows, "category")]


def unit_choices():
    """The units as choices in their order, named as everywhere (`str(unit)`), cached per data version."""
    rows = Unit.objects.order_by("sort_order", "name", "pk")
    return [(row["pk"], row["short_name"] or row["name"]) for row in cached_values(rows, "pk", "short_name", "name")]


def add_marker_filters(filterset, *, ref, on):
    """A filter per marker of projects/extensions.py (with or without it), named by its key."""
    for marker in markers():

        def method(queryset, name, value, marker=marker):
            return marker.filter(queryset, value, ref=ref, on=on)

        filterset.filters[marker.key] = django_filters.ChoiceFilter(
            label=marker.filter_label, choices=marker.choices(), method=method, empty_label=_("全部")
        )


def _as_of_filter():
    field = as_of_field()
    return django_filters.DateFilter(
        label=field.label, method="filter_nothing", widget=DateInput(), validators=field.validators
    )


class ListEntryFilter(YearAsOfMixin, django_filters.FilterSet):
    """Filters of the 四个一批 list. The status filters are computed as of `as_of` (Exists conditions, no
    aggregation); read `.as_of_date` and `.list_year` to annotate the rows consistently."""

    year = django_filters.NumberFilter(label=_("清单年度"), method="filter_year", validators=YEAR_VALIDATORS)
    as_of = _as_of_filter()
    batch = django_filters.ChoiceFilter(label=_("批次"), choices=ListEntry.Batch.choices)
    status = django_filters.ChoiceFilter(label=_("进度状态"), choices=Color.choices, method="filter_status")
    investment_status = django_filters.ChoiceFilter(
        label=_("投资进度"), choices=InvestmentColor.choices, method="filter_investment_status"
    )
    reporting = django_filters.ChoiceFilter(label=_("月度进展"), choices=REPORTING_CHOICES, method="filter_reporting")
    plan = plan_filter()
    late_done = django_filters.ChoiceFilter(label=_("逾期完成"), choices=LATE_DONE_CHOICES, method="filter_late_done")
    lead_unit = django_filters.ChoiceFilter(label=_("牵头单位"), field_name="project__lead_unit", choices=unit_choices)
    level = django_filters.ChoiceFilter(label=_("项目级别"), field_name="project__level", choices=Project.Level.choices)
    category = django_filters.ChoiceFilter(label=_("产业类别"), field_name="project__category", choices=_categories)
    q = django_filters.CharFilter(label=_("编号或名称"), method="filter_text")
    codes = django_filters.CharFilter(
        label=_("项目编号"), method="filter_codes", widget=forms.HiddenInput, validators=[validate_codes]
    )

    class Meta:
        model = ListEntry
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_defaults(data), *args, **kwargs)
        add_marker_filters(self, ref="project_id", on="project")

    def filter_year(self, queryset, name, value):
        return queryset.filter(year=self.list_year)

    def filter_status(self, queryset, name, value):
        return queryset.with_status_filter(self.as_of_date, value)

    def filter_investment_status(self, queryset, name, value):
        return queryset.with_investment_status_filter(self.as_of_date, value)

    def filter_reporting(self, queryset, name, value):
        return queryset.report_late_filter(self.as_of_date)

    def filter_plan(self, queryset, name, value):
        return queryset.plan_moved_filter(self.as_of_date)

    def filter_late_done(self, queryset, name, value):
        return queryset.late_done_filter(self.as_of_date)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(project__code__icontains=value) | Q(project__name__icontains=value))

    def filter_codes(self, queryset, name, value):
        """Only the projects of these codes (comma-separated; the link after an import)."""
        return queryset.filter(project__code__in=split_codes(value))

    def queryset_without(self, *names):
        """The filtered queryset ignoring some filters (e.g. `status`, for a summary bar of all statuses)."""
        qs = self.queryset.all()
        if not self.is_valid():
            return qs.none()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                qs = self.filters[name].filter(qs, value)
        return qs


class OverdueFilter(YearAsOfMixin, django_filters.FilterSet):
    """Filters of the overdue list: red and yellow milestones of the year's list as of a date."""

    year = django_filters.NumberFilter(label=_("清单年度"), method="filter_nothing", validators=YEAR_VALIDATORS)
    as_of = _as_of_filter()
    color = django_filters.ChoiceFilter(
        label=_("状态"), choices=OVERDUE_COLORS, method="filter_color", empty_label=_("全部")
    )
    unit = django_filters.ChoiceFilter(
        label=_("单位"), choices=unit_choices, method="filter_unit", empty_label=_("全部")
    )
    batch = django_filters.ChoiceFilter(
        label=_("批次"), choices=ListEntry.Batch.choices, method="filter_batch", empty_label=_("全部")
    )
    plan = plan_filter()
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
        super().__init__(with_defaults(data), *args, **kwargs)
        add_marker_filters(self, ref="pk", on="milestone")
        self.form.fields["year"].widget.attrs.update(min=MIN_YEAR, max=MAX_YEAR)
        self.form.fields["unit"].help_text = _("节点责任单位或项目牵头单位")

    def filter_queryset(self, queryset):
        rows = Milestone.objects.overdue_list(self.list_year, self.as_of_date).with_latest_report(self.as_of_date)
        return super().filter_queryset(rows)

    def filter_color(self, queryset, name, value):
        return queryset.filter(MilestoneStatusSQL(self.as_of_date).conditions()[Color(value)])

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(unit_id=value) | Q(project__lead_unit_id=value))

    def filter_batch(self, queryset, name, value):
        return queryset.filter(batch=value)

    def filter_plan(self, queryset, name, value):
        return queryset.plan_moved(self.as_of_date)

    def filter_min_days(self, queryset, name, value):
        return queryset.filter(planned_date__lte=self.as_of_date - dt.timedelta(days=int(value)))

    def color_counts(self):
        """{"red": n, "yellow": n} of the listed milestones (none while the filters are invalid), in one grouped
        query cached for the data version."""
        counts = {value: 0 for value, _label in OVERDUE_COLORS}
        if self.is_valid():
            rows = self.qs.order_by().values("status").annotate(n=Count("pk"))
            counts.update({row["status"]: row["n"] for row in cached_values(rows, "status", "n")})
        return counts
