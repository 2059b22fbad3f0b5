"""The ledger (督办台账), an order's page with the actions the user may take, and the draft form (thin: the rules
are in services, the reads in querysets and filters)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal.access import StaleEdit, require
from portal.refusals import add_refusal
from portal.tables import CountedData
from projects.explain import explain_milestone
from projects.extensions import uploads
from projects.models import Project
from projects.status import Color

from . import services
from .choices import State
from .filters import LedgerFilter
from .forms import ACTION_FORMS, OrderForm, action_form
from .models import OrderLog, SupervisionOrder, days_overdue
from .services import MANAGER, MOVES
from .tables import LedgerTable


class LedgerView(SingleTableMixin, FilterView):
    """督办台账: every order, filtered; counts per state; the export carries the same rows."""

    filterset_class = LedgerFilter
    table_class = LedgerTable
    template_name = "supervision/ledger.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return SupervisionOrder.objects.none()  # the filter set reads its own rows

    def get_table_kwargs(self):
        return {"as_of": self.filterset.as_of}

    def state_counts(self):
        """{state: orders} of the rows filtered by everything but the state (one grouped query)."""
        if not hasattr(self, "_state_counts"):
            rows = self.filterset.queryset_without("state").order_by().values_list("state")
            self._state_counts = dict(rows.annotate(n=Count("pk")))
        return self._state_counts

    def get_table_data(self):
        """The filtered orders; the counts per state give the paginator its total (no COUNT query of its own)."""
        counts, state = self.state_counts(), self.filterset.form.cleaned_data.get("state")
        return CountedData(self.object_list, counts.get(state, 0) if state else sum(counts.values()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.state_counts()
        params = self.request.GET.copy()
        params.pop("page", None)
        links = []
        for value, label in State.choices:
            link = params.copy()
            link["state"] = value
            links.append({"value": value, "label": label, "count": counts.get(value, 0), "url": f"?{link.urlencode()}"})
        project_id = self.filterset.form.cleaned_data.get("project") if self.filterset.form.is_valid() else None
        context.update(
            state_counts=links,
            total=sum(counts.values()),
            as_of=self.filterset.as_of,
            export_url=f"{reverse('supervision:export_xlsx')}?{params.urlencode()}",
            project=Project.objects.filter(pk=project_id).first() if project_id else None,
            can_create=self.request.user.is_manager,
        )
        return context


# --- an order's page ----------------------------------------------------------------------------------------


def _milestones(order, as_of):
    rows = list(order.milestones.with_status(as_of).select_related("unit").order_by("seq"))
    for m in rows:
        color = Color(m.status)
        m.status_label = _("已豁免") if m.is_exempt else color.label
        m.explanation = explain_milestone(
            m.name, m.planned_date, m.actual_date, m.is_exempt, m.exempt_reason, color, as_of
        )
    return rows


def _detail(request, order, has, bound=None, status=200, stale=False):
    """The order page; `bound`: {action: form} of a refused post, shown with its errors."""
    today = timezone.localdate()
    pending = order.extension_requests.pending().select_related("requested_by").first()
    actions = services.allowed_actions(request.user, order, pending)
    forms = []
    for action in actions:
        if action not in ACTION_FORMS:
            continue  # the draft's edit has its own page
        form = (bound or {}).get(action) or action_form(action, version=order.version)
        label = _("删除草稿") if action == services.DELETE else OrderLog.Action(action).label
        files = None
        if action == OrderLog.Action.REPLY and uploads():
            files = (bound or {}).get("files") or uploads().form(None)
        forms.append({"action": action, "label": label, "form": form, "files_form": files})
    context = {
        "order": order,
        "roles": has,
        "today": today,
        "days_overdue": days_overdue(order, today),
        "milestones": _milestones(order, today),
        "replies": order.replies.select_related("replied_by").order_by("seq"),
        "extensions": order.extension_requests.select_related("requested_by", "decided_by").order_by("requested_at"),
        "log": order.log.select_related("user", "unit").order_by("at", "pk"),
        "pending": pending,
        "forms": forms,
        "escalated_to": SupervisionOrder.objects.filter(escalated_from=order).only("pk", "number").first(),
        "stale": stale,
        "co_units": list(order.co_units.all()),
        "files_template": uploads() and uploads().template,
    }
    return render(request, "supervision/detail.html", context, status=status)


def order_detail(request, pk):
    order, has = services.get_order_for_user(request, pk)
    return _detail(request, order, has)


SERVICES = {
    OrderLog.Action.ISSUE: services.issue,
    OrderLog.Action.ACKNOWLEDGE: services.acknowledge,
    OrderLog.Action.REPLY: services.reply,
    OrderLog.Action.CLOSE: services.close,
    OrderLog.Action.RETURN: services.return_reply,
    OrderLog.Action.ESCALATE: services.escalate,
    OrderLog.Action.CANCEL: services.cancel,
    OrderLog.Action.CHASE: services.chase,
    OrderLog.Action.REQUEST_EXTENSION: services.request_extension,
    OrderLog.Action.DECIDE_EXTENSION: services.decide_extension,
    OrderLog.Action.NOTE: services.add_note,
    services.DELETE: services.delete_draft,
}


@require_POST
def order_action(request, pk, action):
    """One move on an order (POST). 403 for a move outside the user's role; a refusal (the state does not allow it,
    someone acted first) shows the page again with the reason and the order as it is now (409)."""
    if action not in ACTION_FORMS:
        raise Http404
    order, has = services.get_order_for_user(request, pk)
    require((MOVES[action].role if action in MOVES else MANAGER) in has)
    form = action_form(action, request.POST)
    hook = uploads() if action == OrderLog.Action.REPLY else None
    files = hook.form(request) if hook else None
    if not form.is_valid() or (files is not None and not files.is_valid()):
        return _detail(request, order, has, bound={action: form, "files": files})

    def write():
        return SERVICES[action](order, user=request.user, **form.cleaned_data)

    try:
        if hook:
            result = hook.save(lambda: write().replies.order_by("-seq").first(), files, request.user).order
        else:
            result = write()
    except PermissionDenied:
        raise
    except StaleEdit as stale:
        messages.error(
            request,
            _("督办单刚被他人更新，当前为「%(state)s」；您的操作未执行，请查看后重试。")
            % {"state": stale.current.get_state_display()},
        )
        order, has = services.get_order_for_user(request, pk)
        return _detail(request, order, has, status=409, stale=True)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        order, has = services.get_order_for_user(request, pk)
        return _detail(request, order, has, status=409)
    except ValidationError as error:
        add_refusal(form, error, SupervisionOrder)
        return _detail(request, order, has, bound={action: form, "files": files})
    if action == services.DELETE:
        messages.success(request, _("已删除督办单草稿。"))
        return redirect("supervision:ledger")
    label = OrderLog.Action(action).label
    messages.success(request, _("已%(action)s：%(order)s") % {"action": label, "order": result})
    return redirect("supervision:detail", pk=result.pk)


# --- drafts -----------------------------------------------------------------------------------------------------


def _draft_initial(project, today):
    """A new draft's fields: the worst overdue milestones' unit, their explanations as the reason, the defaults."""
    overdue = list(project.milestones.overdue(today).with_status(today).order_by("planned_date", "seq"))
    explanations = [
        explain_milestone(m.name, m.planned_date, m.actual_date, False, "", Color(m.status), today) for m in overdue
    ]
    level = "order" if any(m.status == Color.RED for m in overdue) else "warning"
    return {
        "version": 0,
        "level": level,
        "milestones": [m.pk for m in overdue],
        "lead_unit": (overdue[0].unit_id if overdue and overdue[0].unit_id else project.lead_unit_id),
        "reason": "；\n".join(explanations) + ("。" if explanations else ""),
        "requirements": services.default_requirements(level),
        "reply_due": services.default_reply_due(level, today).day,
    }


def order_new(request):
    """A manager writes a draft for a project (`?project=<id>`; without it, the page asks for the project's code)."""
    require(request.user.is_manager)
    project_id = request.GET.get("project", "")
    code = request.GET.get("code", "").strip()
    if not project_id.isdigit():
        found = Project.objects.filter(code=code).first() if code else None
        if found:
            return redirect(f"{reverse('supervision:new')}?project={found.pk}")
        return render(request, "supervision/choose_project.html", {"code": code, "not_found": bool(code)})
    project = get_object_or_404(Project.objects.select_related("lead_unit"), pk=int(project_id))
    today = timezone.localdate()
    if request.method == "POST":
        form = OrderForm(request.POST, project=project)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                order = services.create_draft(request.user, project=project, **data)
            except ValidationError as error:
                add_refusal(form, error, SupervisionOrder)
            else:
                messages.success(request, _("已保存督办单草稿。"))
                return redirect("supervision:detail", pk=order.pk)
    else:
        form = OrderForm(initial=_draft_initial(project, today), project=project)
    due = services.default_reply_due("order", today)
    return render(request, "supervision/order_form.html", {"form": form, "project": project, "due": due})


def order_edit(request, pk):
    """A manager edits a draft (an issued order's fields are frozen)."""
    order, has = services.get_order_for_user(request, pk)
    require(MANAGER in has)
    if order.state != State.DRAFT:
        messages.error(request, _("只有草稿可以修改。"))
        return redirect("supervision:detail", pk=order.pk)
    fields = ("level", "lead_unit", "reason", "requirements", "reply_due")

    def initial(o):
        return {
            **{n: getattr(o, n) for n in fields},
            "version": o.version,
            "milestones": list(o.milestones.values_list("pk", flat=True)),
            "co_units": list(o.co_units.values_list("pk", flat=True)),
        }

    stale = False
    if request.method == "POST":
        form = OrderForm(request.POST, project=order.project)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.edit_draft(order, user=request.user, **data)
            except StaleEdit as error:
                stale = True
                form = OrderForm(initial=initial(error.current), project=order.project)
            except services.Refused as refusal:
                messages.error(request, " ".join(refusal.messages))
                return redirect("supervision:detail", pk=order.pk)
            except ValidationError as error:
                add_refusal(form, error, SupervisionOrder)
            else:
                messages.success(request, _("已保存督办单草稿。"))
                return redirect("supervision:detail", pk=order.pk)
    else:
        form = OrderForm(initial=initial(order), project=order.project)
    context = {"form": form, "project": order.project, "order": order, "stale": stale}
    return render(request, "supervision/order_form.html", context, status=409 if stale else 200)
