"""Synthetic supervision orders at scale for benchmarks (`generate_data --orders N`): orders on overdue milestones
of the synthetic list, in every level and state, numbered without gaps, with their replies and one log row each.
Bulk-inserted (no services, no notifications: the data is synthetic); the same seed gives the same orders."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from projects.models import Milestone

from .choices import Cause, Level, Outcome, State
from .models import OrderCounter, OrderLog, OrderMilestone, Reply, SupervisionOrder
from .workdays import add_workdays

BATCH_SIZE = 2000
STATES = [
    (State.DRAFT, 3),
    (State.ISSUED, 25),
    (State.ACKNOWLEDGED, 15),
    (State.REPLIED, 15),
    (State.RETURNED, 5),
    (State.CLOSED, 32),
    (State.CANCELLED, 5),
]
LEVELS = [(Level.WARNING, 35), (Level.ORDER, 45), (Level.LISTED, 15), (Level.INTERVIEW, 5)]
CAUSES = [c for c, _label in Cause.choices]


def _pick(rng, weighted):
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def _user():
    User = get_user_model()
    user, created = User.objects.get_or_create(username="synthetic-supervisor", defaults={"last_name": "合成"})
    if created:
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def generate_orders(n, seed=0, today=None):
    """Write `n` orders on overdue milestones (one milestone each; when there are fewer milestones than orders, a
    milestone gets several, as over a year of supervision); returns {model name: rows created}."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    user = _user()
    milestones = list(
        Milestone.objects.overdue(today)
        .filter(is_exempt=False)
        .order_by("pk")
        .values_list("pk", "project_id", "unit_id", "project__lead_unit_id", "name", "planned_date")
    )
    rng.shuffle(milestones)
    counter = OrderCounter.objects.select_for_update().filter(year=today.year).first()
    serial = counter.last if counter else 0
    orders, plans = [], []
    if not milestones:
        return {"orders": 0}
    for i in range(n):
        pk, project_id, unit_id, lead_id, name, planned = milestones[i % len(milestones)]
        state, level = _pick(rng, STATES), _pick(rng, LEVELS)
        issued_on = min(today, planned + dt.timedelta(days=rng.randint(1, 60)))
        issued_on = max(issued_on, dt.date(today.year, 1, 1))
        reply_due = add_workdays(issued_on, 3 if level == Level.LISTED else 5).day
        order = SupervisionOrder(
            level=level,
            state=state,
            project_id=project_id,
            lead_unit_id=unit_id or lead_id,
            reason=f"节点「{name}」计划 {planned.isoformat()} 完成，逾期未完成。",
            requirements="请按期反馈整改措施。",
            reply_due=reply_due,
            created_by=user,
            year=today.year,
        )
        if state != State.DRAFT:
            serial += 1
            order.serial = serial
            order.number = f"高新督〔{today.year}〕{serial}号"
            order.issued_on, order.issued_by = issued_on, user
        if state == State.CLOSED:
            order.outcome = Outcome.RESOLVED if rng.random() < 0.9 else Outcome.ESCALATED
            order.closed_on = min(today, reply_due + dt.timedelta(days=rng.randint(-3, 10)))
            order.closed_on = max(order.closed_on, issued_on)
        if state == State.CANCELLED:
            order.cancelled_on = issued_on
        orders.append(order)
        plans.append(pk)
    orders = SupervisionOrder.objects.bulk_create(orders, batch_size=BATCH_SIZE)
    assert all(o.pk for o in orders), "PostgreSQL and SQLite return the ids of bulk inserts"
    links, replies, logs = [], [], []
    for order, milestone_id in zip(orders, plans, strict=True):
        links.append(OrderMilestone(order_id=order.pk, milestone_id=milestone_id))
        logs.append(OrderLog(order_id=order.pk, action=OrderLog.Action.CREATE, user=user, state_after=order.state))
        if order.state in (State.REPLIED, State.RETURNED, State.CLOSED):
            day = min(today, order.reply_due + dt.timedelta(days=rng.randint(-4, 4)))
            day = max(day, order.issued_on)
            if order.closed_on:
                day = min(day, order.closed_on)
            replies.append(
                Reply(
                    order_id=order.pk,
                    seq=1,
                    measures="已采取措施加快推进。",
                    cause=rng.choice(CAUSES),
                    replied_by=user,
                    replied_on=day,
                    due=order.reply_due,
                    returned_on=day if order.state == State.RETURNED else None,
                )
            )
    OrderMilestone.objects.bulk_create(links, batch_size=BATCH_SIZE)
    Reply.objects.bulk_create(replies, batch_size=BATCH_SIZE)
    OrderLog.objects.bulk_create(logs, batch_size=BATCH_SIZE)
    if serial:
        OrderCounter.objects.update_or_create(year=today.year, defaults={"last": serial})
    return {"orders": len(orders), "order_milestones": len(links), "replies": len(replies), "order_logs": len(logs)}
