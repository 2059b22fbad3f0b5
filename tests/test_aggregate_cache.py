"""Whole-list aggregates are cached per data version and never served after a write (portal.aggregate_cache).

These tests commit their writes (a transactional database): the cache is bypassed inside a transaction, and the
data version changes only when a write commits.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalChanges

from cockpit.models import YearGoal
from portal.aggregate_cache import cached_values
from portal.data_version import current_token, expected_triggers, installed_triggers
from projects.models import ListEntry, Milestone, PendingImport, Project
from tests.factories import make_project

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
AS_OF = dt.date(2025, 7, 15)
LATE, LATER, FUTURE = dt.date(2025, 5, 1), dt.date(2025, 6, 1), dt.date(2025, 9, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def listed(unit_a):
    return {
        "red": make_project(unit_a, code="C-1", milestones=[(LATE, None)]),
        "green": make_project(unit_a, code="C-2", milestones=[(FUTURE, None)]),
    }


def counts():
    return ListEntry.objects.filter(year=2025).status_counts(AS_OF)


def grouped_queries(ctx):
    return [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]


def red_counted_then_cached(expected=1, count=None):
    """The red count, computed and then served from the cache (no grouped query the second time)."""
    count = count or counts
    assert count()["red"] == expected
    with CaptureQueriesContext(connection) as ctx:
        assert count()["red"] == expected
    assert not grouped_queries(ctx)


def test_a_repeated_count_reads_only_the_version(listed):
    assert counts()["red"] == 1
    with CaptureQueriesContext(connection) as ctx:
        assert counts() == {"red": 1, "yellow": 0, "green": 1, "blue": 0, "none": 0}
    assert len(ctx) == 1 and "portal_dataversion" in ctx.captured_queries[0]["sql"]


def test_a_new_as_of_date_is_counted_afresh(listed):
    assert counts()["red"] == 1
    with CaptureQueriesContext(connection) as ctx:
        before = ListEntry.objects.filter(year=2025).status_counts(dt.date(2025, 4, 1))
    assert before == {"red": 0, "yellow": 0, "green": 2, "blue": 0, "none": 0}
    assert len(grouped_queries(ctx)) == 1


def test_a_model_save_changes_the_counts(listed):
    red_counted_then_cached()
    milestone = Milestone.objects.get(project=listed["red"])
    milestone.actual_date = dt.date(2025, 7, 1)
    milestone.save()
    assert counts() == {"red": 0, "yellow": 0, "green": 2, "blue": 0, "none": 0}


def test_a_queryset_update_a_bulk_insert_and_a_delete_change_the_counts(listed):
    red_counted_then_cached()
    Milestone.objects.filter(project=listed["green"]).update(planned_date=LATER)
    red_counted_then_cached(2)
    Milestone.objects.bulk_create(
        [Milestone(project=listed["green"], seq=2, name="新节点", planned_date=AS_OF, baseline_date=AS_OF)]
    )
    assert counts()["red"] == 2  # still red: its worst milestone decides
    Milestone.objects.filter(project=listed["red"]).delete()
    assert counts() == {"red": 1, "yellow": 0, "green": 0, "blue": 0, "none": 1}


def test_a_write_in_raw_sql_changes_the_counts(listed):
    red_counted_then_cached()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Milestone._meta.db_table} SET actual_date = %s WHERE project_id = %s",
            [dt.date(2025, 7, 1), listed["red"].pk],
        )
    assert counts()["red"] == 0


def test_a_change_to_a_project_changes_a_filtered_count(listed, unit_b):
    by_unit = lambda: ListEntry.objects.filter(year=2025, project__lead_unit=unit_b).status_counts(AS_OF)  # noqa: E731
    red_counted_then_cached(0, by_unit)
    Project.objects.filter(pk=listed["red"].pk).update(lead_unit=unit_b)
    assert by_unit()["red"] == 1


def test_a_rolled_back_write_leaves_the_version_and_the_cache(listed):
    red_counted_then_cached()
    token = current_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        Milestone.objects.filter(project=listed["red"]).update(actual_date=dt.date(2025, 7, 1))
        assert counts()["red"] == 0  # inside the transaction: its own write, not cached
        raise RuntimeError
    assert current_token() == token
    red_counted_then_cached()


def test_every_committed_write_makes_a_new_version(listed):
    first = current_token()
    Milestone.objects.filter(project=listed["green"]).update(note="x")
    second = current_token()
    Milestone.objects.filter(project=listed["green"]).update(note="y")
    assert first and second and len({first, second, current_token()}) == 3


def test_the_cache_can_be_turned_off(listed, settings):
    settings.AGGREGATE_CACHE_SECONDS = 0
    counts()
    with CaptureQueriesContext(connection) as ctx:
        counts()
    assert len(grouped_queries(ctx)) == 1


def list_tables():
    """Every table of the project list's models (many-to-many tables included) but the history's and the workbooks
    waiting for their confirmation: what whole-list aggregates read."""
    return [
        model._meta.db_table
        for model in apps.get_app_config("projects").get_models(include_auto_created=True)
        if not issubclass(model, HistoricalChanges) and model is not PendingImport
    ]


def watched_tables():
    """What the cached aggregates read: the list's tables, the milestones' history (the ranking's plan moves), every
    supervision table (the dashboard's, the ranking's and the badge's order figures) and the year's goals."""
    supervision = apps.get_app_config("supervision").get_models(include_auto_created=True)
    return [
        *list_tables(),
        Milestone.history.model._meta.db_table,
        *(model._meta.db_table for model in supervision),
        YearGoal._meta.db_table,
    ]


def test_every_table_the_cached_aggregates_read_is_watched_after_migrate():
    """A migration that rebuilds a watched table on SQLite drops its triggers: it must watch the table again."""
    assert installed_triggers() >= expected_triggers(connection.vendor, watched_tables())


def test_the_list_page_shows_the_counts_after_an_actual_date_is_recorded(listed, client_for):
    c = client_for("staff_a")
    summary = lambda: {i["color"]: i["count"] for i in c.get("/projects/?year=2025").context["summary"]}  # noqa: E731
    assert summary()["red"] == 1
    assert summary()["red"] == 1  # served from the cache
    milestone = Milestone.objects.get(project=listed["red"])
    url = f"/projects/{listed['red'].pk}/milestones/{milestone.pk}/actual/"
    response = c.post(url, {"version": milestone.version, "actual_date": "2025-07-10"})
    assert response.status_code == 302
    assert summary() == {"red": 0, "yellow": 0, "green": 2, "blue": 0, "none": 0}


def test_the_dashboard_follows_a_write(listed, client_for):
    c = client_for("manager")
    red_total = lambda: c.get("/?year=2025").context["matrix"][-1]["cells"][0]["count"]  # noqa: E731
    assert red_total() == 1
    assert red_total() == 1
    Milestone.objects.filter(project=listed["green"]).update(planned_date=LATER)
    assert red_total() == 2


def test_cached_values_reads_the_fields_asked_for(listed):
    rows = Milestone.objects.order_by("pk")
    assert cached_values(rows, "pk") == [{"pk": pk} for pk in rows.values_list("pk", flat=True)]
    assert cached_values(rows, "pk", "seq") == [{"pk": pk, "seq": 1} for pk in rows.values_list("pk", flat=True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_a_truncate_changes_the_counts(listed):
    red_counted_then_cached()
    with connection.cursor() as cursor:
        # CASCADE: other apps' tables point at milestones (a supervision order's milestones), empty here.
        cursor.execute(f"TRUNCATE {Milestone._meta.db_table} CASCADE")
    assert counts() == {"red": 0, "yellow": 0, "green": 0, "blue": 0, "none": 2}


def test_migrating_back_before_the_version_removes_the_triggers_and_writes_still_work(listed):
    call_command("migrate", "projects", "0007", verbosity=0)
    try:
        # The other apps' tables stay watched by their own migrations.
        assert not installed_triggers() & expected_triggers(connection.vendor, list_tables())
        Milestone.objects.filter(project=listed["red"]).update(actual_date=dt.date(2025, 7, 1))
    finally:
        call_command("migrate", verbosity=0)
    assert installed_triggers() >= expected_triggers(connection.vendor, watched_tables())
    red_counted_then_cached(0)


def test_a_page_reads_the_version_once_and_no_whole_list_query_when_nothing_changed(listed, client_for):
    c = client_for("manager")
    c.get("/projects/?year=2025")  # counts and category choices computed
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/projects/?year=2025").status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum("portal_dataversion" in sql for sql in sqls) == 1
    whole_list = [sql for sql in sqls if 'AS "n"' in sql or "DISTINCT" in sql]  # counts, categories
    assert not whole_list


def test_a_request_that_writes_reads_its_own_write(listed, rf):
    """The version is read once per request, and again after the request's first write statement."""
    from portal.aggregate_cache import DataTokenPerRequestMiddleware

    def view(request):
        before = counts()["red"]
        Milestone.objects.filter(project=listed["red"]).update(actual_date=dt.date(2025, 7, 1))
        return before, counts()["red"]

    red_counted_then_cached()
    assert DataTokenPerRequestMiddleware(view)(rf.post("/")) == (1, 0)


@pytest.mark.parametrize("url", ["/projects/?year=2025", "/overdue/?year=2025"])
def test_the_unit_options_are_read_once_per_version_and_follow_a_new_unit(listed, client_for, url):
    from projects.models import Unit

    c = client_for("manager")
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert "新增单位" not in c.get(url).content.decode()
    assert not [q for q in ctx.captured_queries if 'FROM "projects_unit"' in q["sql"]]
    Unit.objects.create(name="新增单位", short_name="新增单位")
    page = c.get(url).content.decode()
    assert ">新增单位</option>" in page


def test_watching_again_keeps_the_triggers_when_reversed(listed):
    """A migration that changes a watched table watches it again (portal.data_version.watched); reversing it leaves
    the table watched, where reversing the first watch removes the triggers."""
    from portal.data_version import WatchTables, watched

    table = Milestone._meta.db_table
    again = watched([table])
    assert [op.again for op in again] == [True, True]
    with connection.schema_editor() as editor:
        again[-1].database_backwards("projects", editor, None, None)
    assert installed_triggers() >= expected_triggers(connection.vendor, [table])
    with connection.schema_editor() as editor:
        WatchTables([table]).database_backwards("projects", editor, None, None)
    try:
        assert not installed_triggers() & expected_triggers(connection.vendor, [table])
    finally:
        with connection.schema_editor() as editor:
            WatchTables([table]).database_forwards("projects", editor, None, None)
    red_counted_then_cached()


def test_the_watching_migration_prints_its_sql():
    out = io.StringIO()
    call_command("sqlmigrate", "projects", "0008", stdout=out)
    assert "data_version_projects_milestone" in out.getvalue() and "portal_dataversion" in out.getvalue()


def test_an_unknown_color_is_refused_not_taken_for_green(listed):
    with pytest.raises(ValueError):
        Project.objects.with_status_filter(AS_OF, "purple")
