"""Writes to supervision orders: the table of allowed moves (supervision.md, section 3) and one service per move.

Every service locks the order (select_for_update), then checks, in this order: the user's role for the move (403:
PermissionDenied), the version the user saw (StaleEdit, carrying the order as it is now), and the state the move
starts from (Refused, a ValidationError in the user's language). A refused move changes nothing. An allowed one
saves the order with a new version and writes exactly one log row, and the notifications reporting.md (section 2)
names, in the same transaction.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import StaleEdit
from portal.notifications import NotificationKind, notify
from projects.models import Project

from .choices import AWAITING_REPLY, NEXT_LEVEL, OPEN_STATES, Level, Outcome, State
from .models import ExtensionRequest, OrderCounter, OrderLog, Reply, SupervisionOrder
from .workdays import add_workdays

Action = OrderLog.Action
MANAGER, LEAD, CO = "manager", "lead", "co"


@dataclass(frozen=True)
class Move:
    role: str
    sources: tuple
    target: str | None = None  # None: the state stays


MOVES = {
    Action.EDIT: Move(MANAGER, (State.DRAFT,)),
    Action.ISSUE: Move(MANAGER, (State.DRAFT,), State.ISSUED),
    Action.ACKNOWLEDGE: Move(LEAD, (State.ISSUED,), State.ACKNOWLEDGED),
    Action.REPLY: Move(LEAD, AWAITING_REPLY, State.REPLIED),
    Action.CLOSE: Move(MANAGER, (State.REPLIED,), State.CLOSED),
    Action.RETURN: Move(MANAGER, (State.REPLIED,), State.RETURNED),
    Action.ESCALATE: Move(MANAGER, OPEN_STATES, State.CLOSED),
    Action.CANCEL: Move(MANAGER, (State.DRAFT, *OPEN_STATES), State.CANCELLED),
    Action.CHASE: Move(MANAGER, AWAITING_REPLY),
    Action.REQUEST_EXTENSION: Move(LEAD, AWAITING_REPLY),
    Action.DECIDE_EXTENSION: Move(MANAGER, OPEN_STATES),
    Action.NOTE: Move(CO, OPEN_STATES),
}
# Deleting a draft is not a move: the draft goes with its log (it has no number and notified nobody).
DELETE = "delete"


class Refused(ValidationError):
    """A move the order's state (or what it waits for) does not allow; the message says why."""


# --- who may do what ------------------------------------------------------------------------------------------


def roles(user, order):
    """The roles the user has on the order: managers; staff of the lead unit; staff of a co-unit."""
    found = set()
    if not user.is_authenticated or not user.is_active:
        return found
    if user.is_manager:
        found.add(MANAGER)
    if user.unit_id is not None and user.has_perm("supervision.answer_order"):
        if user.unit_id == order.lead_unit_id:
            found.add(LEAD)
        elif user.unit_id in {u.pk for u in order.co_units.all()}:
            found.add(CO)
    return found


def _why_not(order, action, pending):
    """None when the order's state allows the move, else the reason in words."""
    move = MOVES[action]
    if order.state not in move.sources:
        return _("督办单当前为「%(state)s」，不能%(action)s。") % {
            "state": order.get_state_display(),
            "action": Action(action).label,
        }
    if action == Action.ESCALATE and order.level not in NEXT_LEVEL:
        return _("约谈已是最高督办等级，不能再升级。")
    if action == Action.REQUEST_EXTENSION and pending:
        return _("已有一项延期申请待审批，审批后才能再次申请。")
    if action == Action.DECIDE_EXTENSION and not pending:
        return _("没有待审批的延期申请。")
    return None


_UNREAD = object()


def allowed_actions(user, order, pending=_UNREAD):
    """The moves the user may make on the order now (what the order page offers), in the table's order; `pending`:
    the order's pending extension request (or None) when the caller has read it."""
    has = roles(user, order)
    if pending is _UNREAD:
        pending = order.extension_requests.pending().first()
    actions = [a for a, move in MOVES.items() if move.role in has and _why_not(order, a, pending) is None]
    if MANAGER in has and order.state == State.DRAFT:
        actions.append(DELETE)
    return actions


def get_order_for_user(request, pk):
    """(order, roles): every logged-in user reads every order, as every project (404 when missing); what they may
    do follows their roles (see `roles`)."""
    order = get_object_or_404(
        SupervisionOrder.objects.select_related(
            "project", "lead_unit", "issued_by", "acknowledged_by", "escalated_from"
        ).prefetch_related("co_units"),
        pk=pk,
    )
    return order, roles(request.user, order)


# --- the steps every move takes -------------------------------------------------------------------------------


def _begin(order, version, user, action):
    """The order locked for the move, after the checks of the module docstring."""
    locked = get_object_or_404(SupervisionOrder.objects.select_for_update(), pk=order.pk)
    role = MOVES[action].role if action != DELETE else MANAGER
    if role not in roles(user, locked):
        raise PermissionDenied
    if locked.version != version:
        raise StaleEdit(locked)
    check = Action.EDIT if action == DELETE else action
    pending = locked.extension_requests.pending().select_for_update().first()
    reason = _why_not(locked, check, pending)
    if reason:
        raise Refused(reason)
    locked.pending_extension = pending
    return locked


def _finish(order, user, action, text="", state_before=None):
    """Save the order with a new version and write the move's one log row."""
    before = state_before or order.state
    move = MOVES.get(action)
    if move and move.target:
        order.state = move.target
    order.version += 1
    order.full_clean()
    order.save()
    OrderLog.objects.create(
        order=order,
        action=action,
        user=user,
        unit_id=user.unit_id,
        state_before=before,
        state_after=order.state,
        text=text,
    )
    return order


def _today(today):
    return today or timezone.localdate()


def order_url(order):
    return reverse("supervision:detail", args=[order.pk])


def _unit_staff(*unit_ids):
    return get_user_model().objects.filter(unit_id__in=unit_ids, is_active=True)


def _notify_lead(order, kind, text, today):
    notify(_unit_staff(order.lead_unit_id), kind=kind, text=text, url=order_url(order), obj=order, day=today)


def _notify_issuer(order, kind, text, today):
    if order.issued_by_id:
        notify([order.issued_by], kind=kind, text=text, url=order_url(order), obj=order, day=today)


# --- defaults -------------------------------------------------------------------------------------------------

# Reply time in working days by level (section 2): 3 for 挂牌督办; an interview's due date is the interview date,
# which the manager sets (the default is the usual reply time).
LISTED_REPLY_WORKDAYS = 3


def default_reply_due(level, issue_day):
    """The default reply due date (a `Workday`: `.exact` False when the calendar did not know the year)."""
    days = LISTED_REPLY_WORKDAYS if level == Level.LISTED else settings.SUPERVISION_REPLY_WORKDAYS
    return add_workdays(issue_day, days)


DEFAULT_REQUIREMENTS = {
    Level.WARNING: gettext_lazy(
        "请分析节点逾期原因，采取措施加快推进，于办理时限前反馈整改措施、原因分类及预计完成时间。"
    ),
    Level.ORDER: gettext_lazy("请主办单位于办理时限前书面反馈整改措施、原因分类及预计完成时间；协办单位积极配合。"),
    Level.LISTED: gettext_lazy(
        "本事项挂牌督办。请主办单位主要负责人亲自研究部署，于办理时限前反馈整改措施及完成时限。"
    ),
    Level.INTERVIEW: gettext_lazy("请主办单位主要负责人按约谈时间参加约谈，并书面说明滞后原因及整改措施。"),
}


def default_requirements(level):
    """The requirements (整改要求) a new order of the level starts with; the manager edits them."""
    return str(DEFAULT_REQUIREMENTS[Level(level)])


# --- drafts ---------------------------------------------------------------------------------------------------


def _check_fields(project, milestones, lead_unit, co_units):
    errors = {}
    if any(m.project_id != project.pk for m in milestones):
        errors["milestones"] = _("涉及节点必须是该项目的节点。")
    if lead_unit in co_units:
        errors["co_units"] = _("主办单位不能同时是协办单位。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_draft(user, *, project, level, lead_unit, reason, requirements, reply_due, milestones=(), co_units=()):
    """A manager writes a draft: no number, notifies nobody, can be edited or deleted."""
    if not user.is_manager:
        raise PermissionDenied
    milestones, co_units = list(milestones), list(co_units)
    _check_fields(project, milestones, lead_unit, co_units)
    order = SupervisionOrder(
        year=timezone.localdate().year,  # a draft's year; issuing sets the year of its number
        project=project,
        level=level,
        lead_unit=lead_unit,
        reason=reason,
        requirements=requirements,
        reply_due=reply_due,
        created_by=user,
    )
    order.full_clean()
    order.save()
    order.milestones.set(milestones)
    order.co_units.set(co_units)
    OrderLog.objects.create(order=order, action=Action.CREATE, user=user, unit_id=user.unit_id, state_after=order.state)
    return order


@transaction.atomic
def edit_draft(order, *, version, user, milestones=None, co_units=None, **fields):
    order = _begin(order, version, user, Action.EDIT)
    milestones = list(order.milestones.all() if milestones is None else milestones)
    co_units = list(order.co_units.all() if co_units is None else co_units)
    for name, value in fields.items():
        setattr(order, name, value)
    _check_fields(order.project, milestones, order.lead_unit, co_units)
    order.milestones.set(milestones)
    order.co_units.set(co_units)
    return _finish(order, user, Action.EDIT)


@transaction.atomic
def delete_draft(order, *, version, user):
    order = _begin(order, version, user, DELETE)
    order.delete()


# --- the moves ------------------------------------------------------------------------------------------------


def _number(year):
    """The next number of the year, under the lock of the year's counter row (held to the transaction's end)."""
    OrderCounter.objects.bulk_create([OrderCounter(year=year, last=0)], ignore_conflicts=True)
    counter = OrderCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _give_number(order, user, today):
    if order.reply_due < today:
        raise Refused(_("办理时限 %(due)s 早于交办日期，请先修改。") % {"due": order.reply_due.isoformat()})
    order.year = today.year
    order.serial = _number(today.year)
    order.number = f"{settings.SUPERVISION_NUMBER_PREFIX}〔{order.year}〕{order.serial}号"
    order.issued_on, order.issued_by = today, user


def _notify_issued(order, today):
    unit_ids = [order.lead_unit_id, *(u.pk for u in order.co_units.all())]
    text = _("%(number)s %(level)s：%(project)s，请于 %(due)s 前反馈。") % {
        "number": order.number,
        "level": order.get_level_display(),
        "project": order.project.name,
        "due": order.reply_due.isoformat(),
    }
    notify(
        _unit_staff(*unit_ids),
        kind=NotificationKind.ORDER_ISSUED,
        text=text,
        url=order_url(order),
        obj=order,
        day=today,
    )


@transaction.atomic
def issue(order, *, version, user, today=None):
    """Draft → issued: the number of the year is given; the lead and co-units are notified."""
    today = _today(today)
    order = _begin(order, version, user, Action.ISSUE)
    _give_number(order, user, today)
    _finish(
        order,
        user,
        Action.ISSUE,
        _("编号 %(number)s，办理时限 %(due)s") % {"number": order.number, "due": order.reply_due.isoformat()},
    )
    _notify_issued(order, today)
    return order


@transaction.atomic
def acknowledge(order, *, version, user, today=None):
    order = _begin(order, version, user, Action.ACKNOWLEDGE)
    order.acknowledged_by, order.acknowledged_at = user, timezone.now()
    return _finish(order, user, Action.ACKNOWLEDGE)


@transaction.atomic
def reply(order, *, version, user, measures, cause, expected_completion=None, today=None):
    """The lead unit replies (also after a return); a first reply without a signature signs for the order too."""
    today = _today(today)
    order = _begin(order, version, user, Action.REPLY)
    if order.acknowledged_at is None:
        order.acknowledged_by, order.acknowledged_at = user, timezone.now()
    seq = order.replies.count() + 1
    answer = Reply(
        order=order,
        seq=seq,
        measures=measures,
        cause=cause,
        expected_completion=expected_completion,
        replied_by=user,
        replied_on=today,
        due=order.reply_due,
    )
    answer.full_clean()
    answer.save()
    on_time = _("按期") if answer.on_time else _("逾期")
    _finish(
        order,
        user,
        Action.REPLY,
        _("第 %(n)s 次反馈（%(on_time)s）：%(measures)s") % {"n": seq, "on_time": on_time, "measures": measures},
    )
    _notify_issuer(
        order,
        NotificationKind.REPLY_RECEIVED,
        _("%(number)s 已收到 %(unit)s 的反馈。") % {"number": order.number, "unit": order.lead_unit},
        today,
    )
    return order


def _lapse_pending(order, user):
    if order.pending_extension is not None:
        order.extension_requests.pending().update(
            decision=ExtensionRequest.Decision.LAPSED, decided_by=user, decided_at=timezone.now()
        )


@transaction.atomic
def close(order, *, version, user, note, today=None):
    """Replied → closed (resolved, 办结销号) with the verification note (核验意见)."""
    order = _begin(order, version, user, Action.CLOSE)
    order.outcome, order.closed_on = Outcome.RESOLVED, _today(today)
    _lapse_pending(order, user)
    return _finish(order, user, Action.CLOSE, note)


@transaction.atomic
def return_reply(order, *, version, user, reason, new_due=None, today=None):
    """Replied → returned (退回重办) with the reason; optionally a new reply due date (the old one is in the log)."""
    today = _today(today)
    order = _begin(order, version, user, Action.RETURN)
    if new_due is not None and new_due < today:
        raise ValidationError({"new_due": _("新的办理时限不能早于今天。")})
    order.replies.filter(returned_on__isnull=True).update(returned_on=today)
    text = reason
    if new_due is not None and new_due != order.reply_due:
        text = _("%(reason)s（办理时限由 %(old)s 改为 %(new)s）") % {
            "reason": reason,
            "old": order.reply_due.isoformat(),
            "new": new_due.isoformat(),
        }
        order.reply_due = new_due
    _finish(order, user, Action.RETURN, text)
    _notify_lead(
        order,
        NotificationKind.ORDER_RETURNED,
        _("%(number)s 的反馈被退回重办：%(reason)s") % {"number": order.number, "reason": reason},
        today,
    )
    return order


@transaction.atomic
def cancel(order, *, version, user, reason, today=None):
    """Any state but closed → cancelled (已撤销), with the reason; an issued order keeps its number."""
    order = _begin(order, version, user, Action.CANCEL)
    order.cancelled_on = _today(today) if order.issued_on else None
    _lapse_pending(order, user)
    return _finish(order, user, Action.CANCEL, reason)


@transaction.atomic
def chase(order, *, version, user, text="", today=None):
    """催办: a manager reminds the lead unit of an order waiting for its reply."""
    today = _today(today)
    order = _begin(order, version, user, Action.CHASE)
    _finish(order, user, Action.CHASE, text)
    message = _("%(number)s 催办：请于 %(due)s 前反馈。") % {"number": order.number, "due": order.reply_due.isoformat()}
    _notify_lead(order, NotificationKind.ORDER_CHASED, f"{message}{text}", today)
    return order


@transaction.atomic
def request_extension(order, *, version, user, requested_due, reason, today=None):
    today = _today(today)
    order = _begin(order, version, user, Action.REQUEST_EXTENSION)
    request = ExtensionRequest(
        order=order, old_due=order.reply_due, requested_due=requested_due, reason=reason, requested_by=user
    )
    try:
        request.full_clean(exclude=["order"])
    except ValidationError as error:
        raise ValidationError({"requested_due": error.messages}) from None
    request.save()
    _finish(
        order,
        user,
        Action.REQUEST_EXTENSION,
        _("申请延至 %(due)s：%(reason)s") % {"due": requested_due.isoformat(), "reason": reason},
    )
    _notify_issuer(
        order,
        NotificationKind.EXTENSION_REQUESTED,
        _("%(unit)s 申请将 %(number)s 的办理时限延至 %(due)s。")
        % {"unit": order.lead_unit, "number": order.number, "due": requested_due.isoformat()},
        today,
    )
    return order


@transaction.atomic
def decide_extension(order, *, version, user, approve, note="", today=None):
    """A manager approves (the reply due date changes; the old one stays on the request) or refuses."""
    today = _today(today)
    order = _begin(order, version, user, Action.DECIDE_EXTENSION)
    request = order.pending_extension
    request.decision = ExtensionRequest.Decision.APPROVED if approve else ExtensionRequest.Decision.REFUSED
    request.decided_by, request.decided_at, request.decision_note = user, timezone.now(), note
    request.save()
    if approve:
        order.reply_due = request.requested_due
        text = _("同意延期：办理时限由 %(old)s 改为 %(new)s。") % {
            "old": request.old_due.isoformat(),
            "new": request.requested_due.isoformat(),
        }
    else:
        text = _("不同意延期，办理时限仍为 %(due)s。") % {"due": order.reply_due.isoformat()}
    _finish(order, user, Action.DECIDE_EXTENSION, f"{text}{note}")
    _notify_lead(order, NotificationKind.EXTENSION_DECIDED, f"{order.number} {text}", today)
    return order


@transaction.atomic
def add_note(order, *, version, user, text):
    """协办意见: staff of a co-unit add a note to an open order."""
    order = _begin(order, version, user, Action.NOTE)
    return _finish(order, user, Action.NOTE, text)


@transaction.atomic
def escalate(order, *, version, user, requirements=None, reply_due=None, extra_milestones=(), reason="", today=None):
    """Close the order with the outcome `escalated` and issue the next level's order, linked, in one transaction;
    returns the new order."""
    today = _today(today)
    old = _begin(order, version, user, Action.ESCALATE)
    level = NEXT_LEVEL[Level(old.level)]
    old.outcome, old.closed_on = Outcome.ESCALATED, today
    _lapse_pending(old, user)
    milestones = {m.pk: m for m in [*old.milestones.all(), *extra_milestones]}
    new = SupervisionOrder(
        project=old.project,
        level=level,
        lead_unit=old.lead_unit,
        reason="\n".join(filter(None, [reason or old.reason, _("（由 %(number)s 升级）") % {"number": old.number}])),
        requirements=requirements or default_requirements(level),
        reply_due=reply_due or default_reply_due(level, today).day,
        escalated_from=old,
        created_by=user,
    )
    _give_number(new, user, today)
    new.state = State.ISSUED
    new.full_clean()
    new.save()
    new.milestones.set(milestones.values())
    new.co_units.set(old.co_units.all())
    _finish(
        old,
        user,
        Action.ESCALATE,
        _("升级为%(level)s，新编号 %(number)s") % {"level": new.get_level_display(), "number": new.number},
    )
    OrderLog.objects.create(
        order=new,
        action=Action.ISSUE,
        user=user,
        unit_id=user.unit_id,
        state_after=new.state,
        text=_("由 %(number)s 升级交办，办理时限 %(due)s") % {"number": old.number, "due": new.reply_due.isoformat()},
    )
    _notify_issued(new, today)
    return new


def lock_projects(project_ids):
    """Lock the projects' rows for the transaction (in id order): two managers issuing for the same project from
    待督办 at once then take turns, and the second sees the first's order."""
    list(Project.objects.select_for_update().filter(pk__in=project_ids).order_by("pk").values_list("pk"))
