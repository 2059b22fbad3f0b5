"""Section 4 at its edges, in SQL (querysets, metrics) and Python (one order): the due day itself, the day after,
a return that resets the due date, an approved extension; 按期办结率, 办结率, the summary command."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from supervision import metrics, services
from supervision.choices import Cause
from supervision.models import SupervisionOrder, days_overdue, replied_on_time
from tests.supervision_factories import TODAY, make_order

DUE = dt.date(2025, 6, 9)  # 5 working days after Monday 2 June 2025


def d(day):
    return DUE + dt.timedelta(days=day)


def sql_overdue(order, as_of):
    return SupervisionOrder.objects.reply_overdue(as_of).filter(pk=order.pk).exists()


def sql_on_time(order, as_of):
    return SupervisionOrder.objects.with_reply_status(as_of).get(pk=order.pk).replied_on_time


def both_on_time(order, as_of):
    order.refresh_from_db()
    python = replied_on_time(order, list(order.replies.all()), as_of)
    assert python == sql_on_time(order, as_of)
    return python


@pytest.fixture
def people(world):
    return world["users"]["manager"], world["users"]["staff_a"], world["project_a"]


@pytest.mark.django_db
def test_reply_overdue_starts_the_day_after_the_due_day(people):
    manager, staff, project = people
    order = make_order(project, manager, staff)
    assert order.reply_due == DUE
    assert not sql_overdue(order, DUE) and days_overdue(order, DUE) == 0
    assert sql_overdue(order, d(1)) and days_overdue(order, d(1)) == 1
    assert SupervisionOrder.objects.with_reply_status(d(1)).get(pk=order.pk).reply_overdue
    assert not sql_overdue(order, TODAY - dt.timedelta(days=1))  # not issued yet


@pytest.mark.django_db
def test_a_reply_on_the_due_day_is_on_time_and_the_day_after_is_late(people):
    manager, staff, project = people
    on_day = make_order(project, manager, staff)
    services.reply(on_day, version=on_day.version, user=staff, measures="m", cause=Cause.LAND, today=DUE)
    late = make_order(project, manager, staff)
    services.reply(late, version=late.version, user=staff, measures="m", cause=Cause.LAND, today=d(1))
    assert both_on_time(on_day, d(5)) is True
    assert both_on_time(late, d(5)) is False
    assert both_on_time(on_day, DUE - dt.timedelta(days=1)) is False  # not replied yet then
    on_day.refresh_from_db()
    assert not sql_overdue(on_day, d(5)) and days_overdue(on_day, d(5)) == 0


@pytest.mark.django_db
def test_a_return_with_a_new_due_date_resets_the_clock(people):
    manager, staff, project = people
    order = make_order(project, manager, staff, "replied")
    new_due = d(10)
    order = services.return_reply(order, version=order.version, user=manager, reason="r", new_due=new_due, today=DUE)
    assert not sql_overdue(order, new_due) and days_overdue(order, new_due) == 0
    assert sql_overdue(order, new_due + dt.timedelta(days=1)) and days_overdue(order, new_due + dt.timedelta(1)) == 1
    assert both_on_time(order, new_due + dt.timedelta(days=1)) is False  # waiting again, past the new date
    order = services.reply(order, version=order.version, user=staff, measures="m2", cause=Cause.FUNDS, today=new_due)
    assert both_on_time(order, new_due) is True
    assert order.replies.get(seq=2).due == new_due


@pytest.mark.django_db
def test_an_approved_extension_moves_the_due_date_and_a_refused_one_does_not(people):
    manager, staff, project = people
    order = make_order(project, manager, staff)
    order = services.request_extension(order, version=order.version, user=staff, requested_due=d(7), reason="雨季")
    order = services.decide_extension(order, version=order.version, user=manager, approve=True)
    assert order.reply_due == d(7) and order.extension_requests.get().old_due == DUE
    assert not sql_overdue(order, d(7)) and sql_overdue(order, d(8))
    order = services.reply(order, version=order.version, user=staff, measures="m", cause=Cause.LAND, today=d(7))
    assert both_on_time(order, d(7)) is True
    other = make_order(project, manager, staff)
    other = services.request_extension(other, version=other.version, user=staff, requested_due=d(7), reason="r")
    other = services.decide_extension(other, version=other.version, user=manager, approve=False)
    assert other.reply_due == DUE and sql_overdue(other, d(1))


@pytest.mark.django_db
def test_rates_and_the_summary_at_their_edges(people, world):
    manager, staff, project = people
    on_time = make_order(project, manager, staff, "replied")  # replied on 2 June, before the due date
    services.close(on_time, version=on_time.version, user=manager, note="ok", today=d(1))
    late = make_order(project, manager, staff)
    late = services.reply(late, version=late.version, user=staff, measures="m", cause=Cause.FUNDS, today=d(1))
    services.close(late, version=late.version, user=manager, note="ok", today=d(2))
    open_overdue = make_order(project, manager, staff)
    cancelled = make_order(project, manager, staff)
    services.cancel(cancelled, version=cancelled.version, user=manager, reason="x")
    escalated = make_order(project, manager, staff)
    services.escalate(escalated, version=escalated.version, user=manager, today=d(2))

    zone = metrics.zone_figures(2025, d(3))
    assert (zone.received, zone.closed, zone.closed_on_time, zone.escalated) == (5, 2, 1, 1)
    assert zone.on_time_close_rate == 0.5
    assert zone.close_rate == 2 / 5
    assert zone.open == 2  # the escalation's new order and open_overdue
    assert zone.reply_overdue == 1  # open_overdue (the new listed order is due 3 working days after d(2))
    assert zone.days_to_close == pytest.approx((8 + 9) / 2)
    assert zone.causes == {"land": 1, "funds": 1}
    assert open_overdue.pk in SupervisionOrder.objects.reply_overdue(d(3)).values_list("pk", flat=True)
    # The due day itself: nothing overdue yet; the day before closing, none closed.
    assert metrics.zone_figures(2025, DUE).reply_overdue == 0
    assert metrics.zone_figures(2025, DUE).closed == 0

    out = io.StringIO()
    call_command("supervision_summary", year=2025, as_of=d(3), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "unit,received,replied_on_time,reply_overdue,open,closed,closed_on_time"
    assert lines[1:] == [f"{world['unit_a'].name},5,1,1,2,2,1"]
    table = io.StringIO()
    call_command("supervision_summary", year=2025, as_of=d(3), format="table", stdout=table)
    assert table.getvalue().splitlines()[0].split() == lines[0].split(",")


@pytest.mark.django_db
def test_summary_rows_are_units_that_received_orders_ordered_by_name(people, world):
    from tests.factories import make_project

    manager, staff, _project = people
    project_b = make_project(lead_unit=world["unit_b"], code="B-9")
    make_order(project_b, manager, world["users"]["staff_b"])
    make_order(people[2], manager, staff)
    out = io.StringIO()
    call_command("supervision_summary", year=2025, as_of=d(0), stdout=out)
    names = [line.split(",")[0] for line in out.getvalue().splitlines()[1:]]
    assert names == sorted([world["unit_a"].name, world["unit_b"].name])
    empty = io.StringIO()
    call_command("supervision_summary", year=2024, stdout=empty)
    assert empty.getvalue().splitlines() == ["unit,received,replied_on_time,reply_overdue,open,closed,closed_on_time"]
