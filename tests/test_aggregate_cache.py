"""Whole-list aggregates are cached per data version and never served after a write (projects.aggregate_cache).

These tests commit their writes (a transactional database): the cache is bypassed inside a transaction, and the
data version changes only when a write commits.
"""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from projects.aggregate_cache import cached_list
from projects.data_version import current_token, expected_triggers, install_triggers, installed_triggers
from projects.models import ListEntry, Milestone, Project
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
    assert len(ctx) == 1 and "projects_dataversion" in ctx.captured_queries[0]["sql"]


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


def test_every_watched_table_has_its_trigger_and_installing_again_is_harmless():
    assert installed_triggers() >= expected_triggers(connection.vendor)
    install_triggers()
    assert installed_triggers() >= expected_triggers(connection.vendor)


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


def test_the_same_sql_read_as_dicts_and_as_tuples_is_kept_apart(listed):
    rows = Milestone.objects.order_by("pk")
    assert isinstance(cached_list(rows.values("pk"))[0], dict)
    assert isinstance(cached_list(rows.values_list("pk"))[0], tuple)


def test_migrate_replaces_the_token():
    token = current_token()
    call_command("migrate", verbosity=0)
    assert current_token() not in (None, token)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_a_truncate_changes_the_counts(listed):
    red_counted_then_cached()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Milestone._meta.db_table}")
    assert counts() == {"red": 0, "yellow": 0, "green": 0, "blue": 0, "none": 2}


def test_migrating_back_before_the_version_removes_the_triggers_and_writes_still_work(listed):
    call_command("migrate", "projects", "0004", verbosity=0)
    try:
        assert not installed_triggers()
        Milestone.objects.filter(project=listed["red"]).update(actual_date=dt.date(2025, 7, 1))
    finally:
        call_command("migrate", verbosity=0)
    assert installed_triggers() >= expected_triggers(connection.vendor)
    red_counted_then_cached(0)


def test_a_page_reads_the_version_once_and_no_whole_list_query_when_nothing_changed(listed, client_for):
    c = client_for("manager")
    c.get("/projects/?year=2025")  # counts and category choices computed
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/projects/?year=2025").status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum("projects_dataversion" in sql for sql in sqls) == 1
    whole_list = [sql for sql in sqls if sql.startswith("SELECT COALESCE(") or "DISTINCT" in sql]  # counts, categories
    assert not whole_list


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


def test_a_statement_key_compiles_the_sql_once(listed, monkeypatch):
    import uuid

    from django.db.models.sql.compiler import SQLCompiler

    from projects import compiled

    monkeypatch.setattr(compiled, "VERIFY", False)  # the suite's check compiles again at every reuse
    compiles = []
    original = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiles.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)

    def twice(order, **kwargs):
        compiles.clear()
        for _ in range(2):
            rows = Project.objects.order_by(order).values_list("code", flat=True)
            assert cached_list(rows, **kwargs) == ["C-1", "C-2"]
        return len(compiles)

    # Once to read the rows (the second call is served from the cache), plus for the cache key: at each call, or
    # once with a statement key.
    assert twice("code") == 3
    assert twice("pk", statement_key=f"test-{uuid.uuid4()}") == 2
