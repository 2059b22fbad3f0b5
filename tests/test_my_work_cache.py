"""The badge's counts are served from the aggregate cache while nothing changes (they are on every page), and counted
afresh after a write: a repeat reads only the data version."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.work import work_counts
from tests.factories import make_project
from tests.reporting_factories import file_report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TODAY = dt.date(2025, 6, 23)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 23, 4, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.parametrize("persona", ["staff_a", "manager"])
def test_a_repeat_reads_only_the_version_and_a_write_counts_afresh(users, unit_a, persona):
    project = make_project(unit_a, code="C-1", milestones=[(TODAY - dt.timedelta(days=40), None)])
    user = users[persona]
    first = work_counts(user, TODAY)
    assert first.red == 1 and (first.reports_late == 1 if persona == "staff_a" else len(first.late_units) == 1)
    with CaptureQueriesContext(connection) as ctx:
        assert work_counts(user, TODAY) == first
    # Outside a request each cached count reads the version; a request reads it once (DataTokenPerRequestMiddleware).
    # A manager's orders to verify and replies overdue too: the orders are under the data version.
    fresh = [q["sql"] for q in ctx.captured_queries if "portal_dataversion" not in q["sql"]]
    assert ctx.captured_queries and not fresh
    file_report(project, 2025, 5, filed=dt.date(2025, 5, 20))
    after = work_counts(user, TODAY)
    assert (after.reports_late if persona == "staff_a" else len(after.late_units)) == 0
