"""Demo orders for the demo list (projects.demo): one in every state and level, dates relative to today, made
through the services as a manager would. Idempotent: nothing is made when demo orders exist."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from portal.demo import demo_actor
from projects.models import Milestone

from . import services
from .choices import Cause, Level
from .models import SupervisionOrder


@transaction.atomic
def load_demo_orders(today=None):
    """Orders on the demo list's overdue milestones, in every state and level; returns how many were made."""
    today = today or timezone.localdate()
    if SupervisionOrder.objects.exists():
        return 0
    overdue = list(
        Milestone.objects.overdue(today)
        .in_list(today.year)
        .with_status(today)
        .select_related("project", "unit")
        .order_by("planned_date", "project__code", "seq")
    )
    if len(overdue) < 8:
        return 0
    manager = demo_actor(manager=True)
    issued_on = today - dt.timedelta(days=10)
    made = []

    def order(m, level, issue=True, day=issued_on):
        unit = m.unit or m.project.lead_unit
        draft = services.create_draft(
            manager,
            project=m.project,
            level=level,
            lead_unit=unit,
            milestones=[m],
            reason=f"节点「{m.name}」计划 {m.planned_date.isoformat()} 完成，截至 {day.isoformat()} 未完成。",
            requirements=services.default_requirements(level),
            reply_due=services.default_reply_due(level, day).day,
        )
        made.append(draft)
        if not issue:
            return draft, demo_actor(unit)
        return services.issue(draft, version=draft.version, user=manager, today=day), demo_actor(unit)

    steps = iter(overdue)
    order(next(steps), Level.ORDER, issue=False)  # draft
    order(next(steps), Level.WARNING, day=today)  # issued, due later
    o, staff = order(next(steps), Level.ORDER)  # acknowledged, reply overdue
    services.acknowledge(o, version=o.version, user=staff)
    o, staff = order(next(steps), Level.ORDER)  # replied, to verify
    services.reply(
        o,
        version=o.version,
        user=staff,
        measures="已组织施工单位加班推进，增加作业面。",
        cause=Cause.CONSTRUCTION,
        expected_completion=today + dt.timedelta(days=20),
        today=today,
    )
    o, staff = order(next(steps), Level.ORDER)  # returned
    o = services.reply(o, version=o.version, user=staff, measures="正在协调。", cause=Cause.LAND, today=today)
    services.return_reply(o, version=o.version, user=manager, reason="措施不具体，请细化时间节点。", today=today)
    o, staff = order(next(steps), Level.WARNING)  # closed, resolved
    o = services.reply(o, version=o.version, user=staff, measures="资金已拨付到位。", cause=Cause.FUNDS, today=today)
    services.close(o, version=o.version, user=manager, note="经核实已整改到位，同意销号。", today=today)
    o, staff = order(next(steps), Level.ORDER)  # cancelled, keeps its number
    services.cancel(o, version=o.version, user=manager, reason="重复交办。", today=today)
    o, staff = order(next(steps), Level.ORDER, day=today - dt.timedelta(days=40))  # escalated: listed, then interview
    listed = services.escalate(o, version=o.version, user=manager, today=today - dt.timedelta(days=20))
    services.escalate(listed, version=listed.version, user=manager, today=today)
    return len(made) + 2
