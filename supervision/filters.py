"""Filters of the ledger (督办台账) and of 待督办, read from the query string; the ledger's export uses the same."""

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.aggregate_cache import cached_values
from portal.dates import DATE_VALIDATORS, default_as_of, with_defaults
from projects.filters import unit_choices
from projects.models import ListEntry, Milestone
from projects.status import Color

from .choices import Cause, Level, State
from .models import SupervisionOrder
from .querysets import suggestion_rows, suggestions

DATE = forms.DateInput(attrs={"type": "date"})
YES = [("1", _("是"))]


class DatedFilterSet(django_filters.FilterSet):
    """A filter set with `year` (default this year) and `as_of` (default today, or the end of a past year), read as
    `.year` and `.as_of`."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_defaults(data), *args, **kwargs)
        self.form.is_valid()

    def _value(self, name, default):
        return (getattr(self.form, "cleaned_data", None) or {}).get(name) or default

    @property
    def as_of(self):
        return self._value("as_of", default_as_of(self.year))

    @property
    def year(self):
        return int(self._value("year", timezone.localdate().year))

    def keep(self, queryset, name, value):
        return queryset

    def queryset_without(self, name):
        """The rows filtered by everything but `name` (for counts per value of `name`); none while a value is
        invalid, as in the table."""
        rows = self.queryset.all()
        if not self.form.is_valid():
            return rows.none()
        for field, value in self.form.cleaned_data.items():
            if field != name and value not in (None, ""):
                rows = self.filters[field].filter(rows, value)
        return rows


class LedgerFilter(DatedFilterSet):
    """Every order of a year (a draft's year is the one it was written in), as the ledger and its export list them."""

    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)
    as_of = django_filters.DateFilter(label=_("截止日期"), method="keep", widget=DATE, validators=DATE_VALIDATORS)
    level = django_filters.ChoiceFilter(label=_("督办等级"), choices=Level.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=State.choices, empty_label=_("全部"))
    unit = django_filters.ChoiceFilter(
        label=_("单位"), choices=unit_choices, method="filter_unit", empty_label=_("全部")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("逾期未反馈"), choices=YES, method="filter_overdue", empty_label=_("全部")
    )
    cause = django_filters.ChoiceFilter(label=_("原因分类"), choices=Cause.choices, empty_label=_("全部"))
    project = django_filters.NumberFilter(field_name="project_id", widget=forms.HiddenInput)
    q = django_filters.CharFilter(label=_("编号、项目或单位"), method="filter_text")

    class Meta:
        model = SupervisionOrder
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.queryset = ledger_rows()

    def filter_unit(self, queryset, name, value):
        unit_id = int(value)
        helping = SupervisionOrder.co_units.through.objects.filter(supervisionorder_id=OuterRef("pk"), unit_id=unit_id)
        return queryset.filter(Q(lead_unit_id=unit_id) | Q(Exists(helping)))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(SupervisionOrder.objects.reply_overdue_q(self.as_of))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value)
            | Q(project__code__icontains=value)
            | Q(project__name__icontains=value)
            | Q(lead_unit__name__icontains=value)
            | Q(lead_unit__short_name__icontains=value)
        )


def ledger_rows():
    """Orders with what a ledger row shows: project, lead unit, the latest reply's cause."""
    return SupervisionOrder.objects.select_related("project", "lead_unit").annotate(
        cause=SupervisionOrder.objects.latest_cause()
    )


OVERDUE_COLORS = [(Color.RED.value, Color.RED.label), (Color.YELLOW.value, Color.YELLOW.label)]


class TodoFilter(DatedFilterSet):
    """Filters of 待督办 (the rows come from `supervision.querysets.suggestions`)."""

    year = django_filters.NumberFilter(label=_("清单年度"), method="keep", min_value=2000, max_value=2100)
    as_of = django_filters.DateFilter(label=_("截止日期"), method="keep", widget=DATE, validators=DATE_VALIDATORS)
    suggested = django_filters.ChoiceFilter(label=_("建议等级"), choices=Level.choices, empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("节点状态"), choices=OVERDUE_COLORS, empty_label=_("全部"))
    unit = django_filters.ChoiceFilter(
        label=_("主办单位"), choices=unit_choices, method="filter_unit", empty_label=_("全部")
    )
    batch = django_filters.ChoiceFilter(
        label=_("批次"), choices=ListEntry.Batch.choices, method="filter_batch", empty_label=_("全部")
    )
    q = django_filters.CharFilter(label=_("项目编号或名称"), method="filter_text")

    class Meta:
        model = Milestone
        fields = []

    def filter_unit(self, queryset, name, value):
        return queryset.filter(answer_unit_id=int(value))

    def filter_batch(self, queryset, name, value):
        return queryset.filter(project__list_entries__year=self.year, project__list_entries__batch=value)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(project__code__icontains=value) | Q(project__name__icontains=value))

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.queryset = suggestions(self.year, self.as_of)
        self.all_rows = suggestion_rows(self.year, self.as_of)

    def level_counts(self):
        """{level: milestones} of the rows filtered by everything but the level, in one grouped query (over all the
        year's red and yellow milestones, so that the suggestion is worked out once a row, not filtered on too),
        cached for the data version (it reads the milestones, the list and the orders, all watched)."""
        if not self.form.is_valid():
            return {}
        rows = self.all_rows
        for field, value in self.form.cleaned_data.items():
            if field != "suggested" and value not in (None, ""):
                rows = self.filters[field].filter(rows, value)
        counts = cached_values(rows.order_by().values("suggested").annotate(n=Count("pk")), "suggested", "n")
        return {row["suggested"]: row["n"] for row in counts if row["suggested"] is not None}
