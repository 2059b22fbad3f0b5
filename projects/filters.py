"""Filters of a year's list, shared by the list page, its summary bar and its exports (query-string based)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.dates import DATE_VALIDATORS, YEAR_VALIDATORS, YearAsOfMixin, with_defaults
from portal.widgets import Select

from .aggregate_cache import cached_list
from .investment import InvestmentColor
from .models import ListEntry, Project, Unit
from .status import Color


def _categories():
    """The categories in use (a scan of every project: cached per data version)."""
    values = Project.objects.exclude(category="").order_by("category").values_list("category", flat=True).distinct()
    return [(c, c) for c in cached_list(values, statement_key="ListEntryFilter.categories")]


def unit_choices():
    """The units as choices in their order, named as everywhere (`str(unit)`), cached per data version."""
    rows = Unit.objects.order_by("sort_order", "name", "pk").values_list("pk", "short_name", "name")
    return [
        (pk, short_name or name) for pk, short_name, name in cached_list(rows, statement_key="ListEntryFilter.units")
    ]


class ListEntryFilter(YearAsOfMixin, django_filters.FilterSet):
    """Filters of the 四个一批 list. `year` defaults to the current year and `as_of` to today.

    The status filter is computed as of `as_of` (Exists conditions, no aggregation); read `.as_of_date` and
    `.list_year` to annotate the rows consistently.
    """

    year = django_filters.NumberFilter(label=_("清单年度"), method="filter_year", validators=YEAR_VALIDATORS)
    as_of = django_filters.DateFilter(
        label=_("截止日期"),
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_VALIDATORS,
    )
    batch = django_filters.ChoiceFilter(label=_("批次"), choices=ListEntry.Batch.choices, widget=Select)
    status = django_filters.ChoiceFilter(
        label=_("进度状态"), choices=Color.choices, method="filter_status", widget=Select
    )
    investment_status = django_filters.ChoiceFilter(
        label=_("投资进度"), choices=InvestmentColor.choices, method="filter_investment_status", widget=Select
    )
    lead_unit = django_filters.ChoiceFilter(
        label=_("牵头单位"), field_name="project__lead_unit", choices=unit_choices, widget=Select
    )
    level = django_filters.ChoiceFilter(
        label=_("项目级别"), field_name="project__level", choices=Project.Level.choices, widget=Select
    )
    category = django_filters.ChoiceFilter(
        label=_("产业类别"), field_name="project__category", choices=_categories, widget=Select
    )
    q = django_filters.CharFilter(label=_("编号或名称"), method="filter_text")

    class Meta:
        model = ListEntry
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_defaults(data), *args, **kwargs)

    def filter_year(self, queryset, name, value):
        return queryset.filter(year=self.list_year)

    def filter_status(self, queryset, name, value):
        return queryset.with_status_filter(self.as_of_date, value)

    def filter_investment_status(self, queryset, name, value):
        return queryset.with_investment_status_filter(self.as_of_date, value)

    def queryset_without(self, *names):
        """The filtered queryset ignoring some filters (e.g. `status`, for a summary bar of all statuses)."""
        qs = self.queryset.all()
        if not self.is_valid():
            return qs.none()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                qs = self.filters[name].filter(qs, value)
        return qs

    def values_key(self, *names):
        """The cleaned filter values but those of `names`, as a key: what `queryset_without(*names)` depends on
        besides the queryset the filter set was given; None when the filters are not valid (an invalid value is
        left out of the cleaned values, and the queryset is then empty)."""
        if not self.is_valid():
            return None
        return tuple(sorted((name, value) for name, value in self.form.cleaned_data.items() if name not in names))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(project__code__icontains=value) | Q(project__name__icontains=value))
