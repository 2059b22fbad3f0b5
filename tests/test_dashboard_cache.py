"""The dashboard's aggregates (the status matrix, the ranking, the supervision figures, the year's goals, the badge)
and 待督办's counts are served from the aggregate cache while nothing changes, and a write is seen on the next
request: an order, a reply, a plan moved later, a goal edited.

These tests commit their writes (a transactional database): the cache is bypassed inside a transaction, and the
data version changes only when a write commits.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cockpit.models import YearGoal
from projects.models import Milestone
from supervision import services
from supervision.choices import Cause, State
from tests.factories import make_project
from tests.supervision_factories import make_order

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
AS_OF = dt.date(2025, 7, 15)
URL = "/?year=2025&as_of=2025-07-15"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def listed(unit_a):
    return {
        "red": make_project(unit_a, code="C-1", milestones=[(dt.date(2025, 5, 1), None)]),
        "green": make_project(unit_a, code="C-2", milestones=[(dt.date(2025, 9, 30), None)]),
    }


@pytest.fixture
def manager(client_for):
    return client_for("manager")


def ranked(response, unit):
    return next(row.rank for row in response.context["ranking"].rows if row.rank.unit.pk == unit.pk)


def test_a_warm_dashboard_reads_only_the_session_the_version_and_its_rows(listed, users, manager):
    """Every whole-list aggregate of the page (matrix, late reports, investment, due-soon total, goals, ranking,
    supervision figures, the badge's counts, the units) comes from the cache."""
    YearGoal.objects.create(year=2025, list_count=2)
    make_order(listed["red"], users["manager"], users["staff_a"], today=AS_OF)
    manager.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        assert manager.get(URL).status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    # the session, the user, the navigation's two permission lookups, the data version, the due-soon milestones'
    # rows, the bell's unread count
    assert len(sqls) == 7, sqls
    assert sum("portal_dataversion" in sql for sql in sqls) == 1
    assert not [sql for sql in sqls if "GROUP BY" in sql]


def test_a_new_order_and_a_reply_change_the_figures_on_the_next_request(listed, users, unit_a, manager):
    before = manager.get(URL)
    assert before.context["supervision_metrics"]["zone"].received == 0
    assert ranked(before, unit_a).orders_received == 0
    order = make_order(listed["red"], users["manager"], users["staff_a"], today=AS_OF)
    issued = manager.get(URL)
    zone = issued.context["supervision_metrics"]["zone"]
    assert (zone.received, zone.open, zone.causes) == (1, 1, {})
    assert ranked(issued, unit_a).orders_received == 1 and ranked(issued, unit_a).orders_replied_on_time == 0
    services.reply(order, version=order.version, user=users["staff_a"], measures="措施", cause=Cause.LAND, today=AS_OF)
    replied = manager.get(URL)
    assert replied.context["supervision_metrics"]["causes"] == [(Cause.LAND.label, 1)]
    assert ranked(replied, unit_a).orders_replied_on_time == 1


def test_the_badge_counts_an_order_to_verify_on_the_next_request(listed, users, manager):
    counts = lambda: manager.get(URL).wsgi_request.my_work_counts  # noqa: E731  (the badge's, reminders.work)
    assert counts().to_verify == 0
    make_order(listed["red"], users["manager"], users["staff_a"], State.REPLIED, today=AS_OF)
    assert counts().to_verify == 1


def test_a_plan_moved_later_changes_the_ranking_on_the_next_request(listed, unit_a, manager):
    assert ranked(manager.get(URL), unit_a).plan_moves == 0
    milestone = Milestone.objects.get(project=listed["green"])
    milestone.planned_date = dt.date(2025, 10, 31)
    milestone.save()  # its history records the move
    assert ranked(manager.get(URL), unit_a).plan_moves == 1


def test_an_edited_goal_shows_on_the_next_request(listed, manager):
    assert manager.get(URL).context["goals"] == []
    goal = YearGoal.objects.create(year=2025, list_count=4)
    assert [(g.code, g.target) for g in manager.get(URL).context["goals"]] == [("list_count", Decimal(4))]
    YearGoal.objects.filter(pk=goal.pk).update(list_count=5)
    assert [(g.code, g.target) for g in manager.get(URL).context["goals"]] == [("list_count", Decimal(5))]


def test_the_todo_counts_are_cached_and_follow_an_order_on_the_next_request(listed, users, manager):
    """待督办's counts per level read every red and yellow milestone of the year: cached, and an order that settles a
    suggestion takes it off the counts at once."""
    todo = "/supervision/todo/?year=2025&as_of=2025-07-15"
    total = lambda: manager.get(todo).context["total"]  # noqa: E731
    assert total() == 1  # the red milestone: 督办 suggested
    with CaptureQueriesContext(connection) as ctx:
        assert total() == 1
    assert not [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    red = Milestone.objects.get(project=listed["red"])
    make_order(listed["red"], users["manager"], users["staff_a"], milestones=[red], today=AS_OF)
    assert total() == 0
