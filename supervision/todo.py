"""待督办 (managers): the milestones the ladder suggests an order for, as of a date, worst first; select rows,
preview the orders (one per project and answering unit), issue them in one step."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal.access import require
from portal.tables import CountedData
from projects.models import Milestone

from . import bulk, services
from .choices import Level
from .filters import TodoFilter
from .forms import PreviewFormSet
from .tables import TodoTable


class TodoView(SingleTableMixin, FilterView):
    filterset_class = TodoFilter
    table_class = TodoTable
    template_name = "supervision/todo.html"
    table_pagination = {"per_page": 50}

    def dispatch(self, request, *args, **kwargs):
        require(request.user.is_manager)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Milestone.objects.none()  # the filter set reads the suggestions as of its date

    def level_counts(self):
        """{level: milestones} of the rows filtered by everything but the level (one grouped query)."""
        if not hasattr(self, "_level_counts"):
            self._level_counts = self.filterset.level_counts()
        return self._level_counts

    def get_table_data(self):
        """The filtered rows; the level counts give the paginator its total: no COUNT query of its own (each reads
        every red and yellow milestone of the year)."""
        counts, level = self.level_counts(), self.filterset.form.cleaned_data.get("suggested")
        return CountedData(self.object_list, counts.get(level, 0) if level else sum(counts.values()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.level_counts()
        params = self.request.GET.copy()
        params.pop("page", None)
        links = []
        for value, label in Level.choices:
            link = params.copy()
            link["suggested"] = value
            links.append({"value": value, "label": label, "count": counts.get(value, 0), "url": f"?{link.urlencode()}"})
        context.update(
            level_counts=links,
            total=sum(counts.values()),
            year=self.filterset.year,
            as_of=self.filterset.as_of,
            today=timezone.localdate(),
        )
        return context


def _preview(request, year, pairs, status=200):
    return render(
        request,
        "supervision/todo_preview.html",
        {"year": year, "pairs": pairs, "formset": pairs.formset, "today": timezone.localdate()},
        status=status,
    )


class Pairs(list):
    """[(plan, form)] of the preview, with the formset they come from."""

    def __init__(self, plans, formset):
        super().__init__(zip(plans, formset.forms, strict=True))
        self.formset = formset


def _year(request):
    value = request.POST.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


@require_POST
def todo_preview(request):
    """The orders the selected rows make, as of today, each with its fields to check and edit before issuing."""
    require(request.user.is_manager)
    year, today = _year(request), timezone.localdate()
    ids = [int(pk) for pk in request.POST.getlist("milestone") if pk.isdigit()]
    plans = bulk.plan_orders(ids, year, today)
    if not plans:
        messages.error(request, _("请先勾选需要督办的节点（所选节点今日已无督办建议）。"))
        return redirect("supervision:todo")
    initial = [
        {
            "milestones": plan.key,
            "level": plan.level,
            "reason": plan.reason,
            "requirements": plan.requirements,
            "reply_due": plan.reply_due.day,
        }
        for plan in plans
    ]
    formset = PreviewFormSet(initial=initial)
    dropped = len(ids) - sum(len(plan.milestones) for plan in plans)
    if dropped > 0:
        messages.warning(request, _("%(n)s 个所选节点今日已无督办建议，未列入。") % {"n": dropped})
    return _preview(request, year, Pairs(plans, formset))


@require_POST
def todo_issue(request):
    """Issue the previewed orders, all or none."""
    require(request.user.is_manager)
    year, today = _year(request), timezone.localdate()
    formset = PreviewFormSet(request.POST)
    if not formset.is_valid():
        ids = [pk for form in formset.forms for pk in (form.cleaned_data.get("milestones") or [])]
        plans = {p.key: p for p in bulk.plan_orders(ids, year, today)}
        keyed = [plans.get(bulk.key_of(form.cleaned_data.get("milestones") or [])) for form in formset.forms]
        if None in keyed:
            messages.error(request, _("待督办建议已变化（可能已有人交办），请刷新后重新选择。"))
            return redirect("supervision:todo")
        return _preview(request, year, Pairs(keyed, formset))
    chosen = [
        (form.cleaned_data["milestones"], form.cleaned_data["level"], form.cleaned_data) for form in formset.forms
    ]
    try:
        orders = bulk.issue_plans(chosen, request.user, year, today)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("supervision:todo")
    numbers = "、".join(order.number for order in orders)
    messages.success(request, _("已交办 %(n)s 份督办单：%(numbers)s") % {"n": len(orders), "numbers": numbers})
    return redirect(f"{reverse('supervision:ledger')}?year={today.year}")
