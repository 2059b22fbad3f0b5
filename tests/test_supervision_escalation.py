"""Escalation is one transaction (supervision.md, section 3): when anything fails after the old order was closed and
the new one numbered, nothing of it stays: the old order is open as before, no new order, no log row, no
notification, and the year's numbers have no gap."""

import pytest
from django.db import DatabaseError

from portal.models import Notification
from supervision import services
from supervision.choices import State
from supervision.models import OrderLog, SupervisionOrder
from tests.supervision_factories import TODAY, make_order

pytestmark = pytest.mark.django_db  # escalate's atomic block is a savepoint inside the test's transaction


def test_a_failure_at_the_last_step_leaves_nothing_of_the_escalation(world, monkeypatch):
    manager, staff = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(world["project_a"], manager, staff, State.ACKNOWLEDGED)
    before = (order.state, order.outcome, order.closed_on, order.version)
    logs, notes = OrderLog.objects.count(), Notification.objects.count()

    def fail(*args, **kwargs):  # the new order's notifications are the escalation's last write
        raise DatabaseError("injected failure")

    monkeypatch.setattr(Notification.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        services.escalate(order, version=order.version, user=manager, today=TODAY)
    monkeypatch.undo()

    order.refresh_from_db()
    assert (order.state, order.outcome, order.closed_on, order.version) == before
    assert not SupervisionOrder.objects.filter(escalated_from=order).exists()
    assert (OrderLog.objects.count(), Notification.objects.count()) == (logs, notes)
    new = services.escalate(order, version=order.version, user=manager, today=TODAY)
    assert new.serial == order.serial + 1  # the failed attempt's number was given back
    assert SupervisionOrder.objects.get(pk=order.pk).outcome == "escalated"
