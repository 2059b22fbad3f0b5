"""Orders in a given state, made through the services as people would (tests of supervision)."""

import datetime as dt

from supervision import services
from supervision.choices import Cause, Level, State

TODAY = dt.date(2025, 6, 2)  # a Monday; 5 working days later: 2025-06-09


def make_order(
    project,
    manager,
    staff,
    state=State.ISSUED,
    *,
    level=Level.ORDER,
    co_units=(),
    milestones=(),
    lead_unit=None,
    reply_due=None,
    today=TODAY,
):
    """An order of `project` for its lead unit (or `lead_unit`) brought to `state`; `staff` answers for the unit."""
    order = services.create_draft(
        manager,
        project=project,
        level=level,
        lead_unit=lead_unit or project.lead_unit,
        co_units=co_units,
        milestones=milestones,
        reason="节点逾期",
        requirements="请反馈",
        reply_due=reply_due or services.default_reply_due(level, today).day,
    )
    if state == State.DRAFT:
        return order
    if state == State.CANCELLED:
        return services.cancel(order, version=order.version, user=manager, reason="撤销", today=today)
    order = services.issue(order, version=order.version, user=manager, today=today)
    if state == State.ISSUED:
        return order
    if state == State.ACKNOWLEDGED:
        return services.acknowledge(order, version=order.version, user=staff, today=today)
    order = services.reply(order, version=order.version, user=staff, measures="措施", cause=Cause.LAND, today=today)
    if state == State.REPLIED:
        return order
    if state == State.RETURNED:
        return services.return_reply(order, version=order.version, user=manager, reason="不具体", today=today)
    if state == State.CLOSED:
        return services.close(order, version=order.version, user=manager, note="已核验", today=today)
    raise ValueError(state)
