"""Indicator pages: the list (table + filters), one indicator's year, value and target entry, xlsx export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal.access import StaleEdit, require
from portal.dates import MAX_YEAR, MIN_YEAR, int_param
from portal.refusals import add_refusal, submitted_input

from . import services
from .chart import charts
from .explain import period_label, target_phrase
from .export import workbook_response
from .filters import IndicatorFilter
from .forms import TargetForm, ValueForm
from .models import Indicator, Target, Value
from .periods import default_year
from .series import year_series
from .tables import IndicatorTable


class IndicatorListView(SingleTableMixin, FilterView):
    model = Indicator
    filterset_class = IndicatorFilter
    table_class = IndicatorTable
    template_name = "indicators/list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return Indicator.objects.active().select_related("responsible_unit")

    def get_table_kwargs(self):
        return {"year": self.filterset.year}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"], context["period"] = self.filterset.year, self.filterset.period
        context["export_query"] = self.request.GET.urlencode()
        return context


def export_xlsx(request):
    filterset = IndicatorFilter(
        request.GET, queryset=Indicator.objects.active().select_related("responsible_unit"), request=request
    )
    rows = filterset.qs.order_by("sort_order", "code")
    return workbook_response(rows, filterset.year, filterset.period)


def _year(request, indicator):
    year = request.GET.get("year") or request.POST.get("year")
    return int_param(year, default_year(timezone.localdate()), MIN_YEAR, MAX_YEAR)


def detail(request, pk):
    indicator, can_enter, can_target = services.get_indicator_for_user(request, pk)
    year = _year(request, indicator)
    target, points = year_series(indicator, year)
    history = (
        Value.history.filter(indicator_id=indicator.pk, year=year)
        .select_related("history_user")
        .order_by("-history_date")[:20]
    )
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "year": year,
            "min_year": MIN_YEAR,
            "max_year": MAX_YEAR,
            "target": target,
            "target_text": target
            and target_phrase(  # as on the list
                target.value, indicator.decimals, indicator.measure, target.comparator
            ),
            "points": points,
            "charts": charts(indicator, target, points),
            "history": history,
            "can_enter": can_enter,
            "can_target": can_target,
        },
    )


def value_edit(request, pk):
    """Enter a period's value; an existing period is loaded for correction (its version guards the edit)."""
    indicator, can_enter, _can_target = services.get_indicator_for_user(request, pk)
    require(can_enter)
    year = _year(request, indicator)
    refused = {}
    if request.method == "POST":
        form = ValueForm(request.POST, indicator=indicator)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_value(
                    indicator,
                    request.user,
                    year=data["year"],
                    month=data["month"],
                    value_cum=data["value_cum"],
                    growth_yoy=data["growth_yoy"],
                    note=data["note"],
                    version=data["version"],
                )
            except StaleEdit as stale:
                exists = _("该期数据已有人填报，已载入当前数值；如需更正请修改后再次提交")
                changed = _("该期数据已被他人修改，已载入最新数值；请核对后再次提交")
                refused = _refused(form, exists if stale.created_meanwhile else changed)
                form = _value_form(indicator, data["year"], data["month"])
            except ValidationError as error:
                add_refusal(form, error, Value)
            else:
                messages.success(request, _("已保存 %(period)s 的数值") % {"period": period_label(data["month"])})
                return redirect(f"{reverse('indicators:detail', args=[indicator.pk])}?year={data['year']}")
    else:
        month = int_param(request.GET.get("month"), None, 1, 12)
        if month is None:
            month = indicator.period_to_fill(year, timezone.localdate())
        form = _value_form(indicator, year, month)
    context = {"indicator": indicator, "form": form, **refused}
    return render(request, "indicators/value_form.html", context)


def _refused(form, reason):
    """Context of a save refused because the period has other figures now (entered or changed meanwhile): why
    (`refusal`) and what the user had entered (`refused_input`), shown above the current figures."""
    return {"refusal": [reason], "refused_input": submitted_input(form)}


def _value_form(indicator, year, month):
    """The form for a period: its current figures with their version when it has a value, else empty."""
    initial = {"year": year, "month": month}
    current = Value.objects.filter(indicator=indicator, year=year, month=month).first() if month else None
    if current:
        initial.update(
            value_cum=current.value_cum,
            growth_yoy=current.growth_yoy,
            note=current.note,
            version=current.version,
            version_of=ValueForm.period_key(year, month),
        )
    return ValueForm(initial=initial, indicator=indicator)


def target_edit(request, pk):
    indicator, _can_enter, can_target = services.get_indicator_for_user(request, pk)
    require(can_target)
    year = _year(request, indicator)
    refused = {}
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data
                services.set_target(
                    indicator,
                    year=data["year"],
                    value=data["value"],
                    comparator=data["comparator"],
                    note=data["note"],
                    version=data["version"],
                )
            except StaleEdit as stale:
                exists = _("该年度目标已有人设定，已载入当前目标；如需修改请修改后再次提交")
                changed = _("该年度目标已被他人修改，已载入最新目标；请核对后再次提交")
                refused = _refused(form, exists if stale.created_meanwhile else changed)
                form = _target_form(indicator, data["year"])
            except ValidationError as error:
                add_refusal(form, error, Target)
            else:
                messages.success(request, _("已保存 %(year)s 年目标") % {"year": form.cleaned_data["year"]})
                return redirect(f"{reverse('indicators:detail', args=[indicator.pk])}?year={form.cleaned_data['year']}")
    else:
        form = _target_form(indicator, year)
    context = {"indicator": indicator, "form": form, **refused}
    return render(request, "indicators/target_form.html", context)


def _target_form(indicator, year):
    """The year's target as it is now, with its version."""
    current = Target.objects.filter(indicator=indicator, year=year).first()
    initial = {"year": year}
    if current:
        initial.update(value=current.value, comparator=current.comparator, note=current.note, version=current.version)
        initial["version_of"] = TargetForm.period_key(year)
    return TargetForm(initial=initial)
