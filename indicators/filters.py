"""Filters of the indicator list and its export: group, status, unit, year and period (query-string based)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from projects.models import Unit

from .explain import period_label
from .models import Indicator
from .periods import default_period, default_year
from .status import IndicatorColor


def _periods():
    """The periods 1–2月 … 1–12月, in the language of the request (a callable: labels built per form)."""
    return [(m, period_label(m)) for m in range(2, 13)]


class IndicatorFilter(django_filters.FilterSet):
    """Rows are annotated with status as of (`.year`, `.period`) before the other filters apply."""

    year = django_filters.NumberFilter(label=_("年度"), method="filter_nothing")
    period = extend_schema_field(OpenApiTypes.INT)(  # the cockpit API's schema: 1–N月 by its end month N
        django_filters.TypedChoiceFilter(label=_("期间"), choices=_periods, coerce=int, method="filter_nothing")
    )
    group = django_filters.ChoiceFilter(label=_("指标分组"), choices=Indicator.Group.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=IndicatorColor.choices, method="filter_status")
    unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"),
        field_name="responsible_unit",
        queryset=Unit.objects.filter(indicators__isnull=False).distinct(),
    )

    class Meta:
        model = Indicator
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Always bound, so that the rows are annotated (and defaulted) even without a query string.
        super().__init__(data if data is not None else {}, *args, **kwargs)
        today = timezone.localdate()
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        year = cleaned.get("year")
        self.year = int(year) if year else default_year(today)
        self.period = cleaned.get("period") or default_period(self.year, today)
        if cleaned and not (cleaned.get("year") and cleaned.get("period")):
            # Show the defaulted year and period in the form's boxes, as the page uses them.
            shown = self.data.copy()
            shown["year"], shown["period"] = str(self.year), str(self.period)
            self.data = shown
            del self._form
        # Annotated here rather than in filter_queryset, so that the empty list of an invalid filter
        # (FilterView's `queryset.none()`) can still be sorted by status.
        self.queryset = self.queryset.with_status(self.year, self.period)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)
