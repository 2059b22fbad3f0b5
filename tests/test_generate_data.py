"""generate_data fills an empty database with repeatable synthetic data in which every status occurs."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import ListEntry, Milestone, ProgressReport, Project, Unit

TODAY = dt.date(2025, 6, 15)


def generate(n, *extra, seed=1, k=None):
    args = ["--projects", str(n), "--seed", str(seed), "--year", "2025", "--today", TODAY.isoformat(), *extra]
    if k is not None:
        args += ["--milestones-per-project", str(k)]
    out = io.StringIO()
    call_command("generate_data", *args, stdout=out)
    return out.getvalue()


def snapshot():
    projects = list(
        Project.objects.order_by("code").values_list(
            "code", "name", "level", "category", "lead_unit__short_name", "total_investment", "planned_start"
        )
    )
    milestones = list(
        Milestone.objects.order_by("project__code", "seq").values_list(
            "project__code",
            "seq",
            "name",
            "planned_date",
            "baseline_date",
            "actual_date",
            "unit__short_name",
            "is_exempt",
        )
    )
    entries = list(ListEntry.objects.order_by("project__code", "year").values_list("project__code", "year", "batch"))
    return projects, milestones, entries


@pytest.mark.django_db
def test_counts_of_generated_rows():
    out = generate(120, k=7)
    assert Project.objects.count() == 120
    assert Milestone.objects.count() == 120 * 7
    assert ListEntry.objects.filter(year=2025).count() == 120
    assert ListEntry.objects.filter(year=2024).exists()
    assert set(ListEntry.objects.values_list("batch", flat=True)) == {"reserve", "start", "ongoing", "in_use"}
    assert 30 <= Unit.objects.count() <= 50
    assert set(Unit.objects.values_list("kind", flat=True)) >= {"department", "town", "park"}
    # Reports for the elapsed months of the year only (January to May on 15 June).
    assert set(ProgressReport.objects.values_list("month", flat=True)) == {1, 2, 3, 4, 5}
    assert "120 projects" in out


@pytest.mark.django_db
def test_milestones_have_unit_and_baseline_set_despite_bulk_insert():
    generate(30)
    assert not Milestone.objects.filter(unit__isnull=True).exists()
    assert not Milestone.objects.filter(baseline_date__isnull=True).exists()
    assert Milestone.objects.filter(is_exempt=True).exclude(exempt_reason="").exists()
    assert not Milestone.objects.filter(is_exempt=True, exempt_reason="").exists()


@pytest.mark.django_db
def test_every_status_occurs():
    generate(200)
    counts = ListEntry.objects.filter(year=2025).status_counts(TODAY)
    assert sum(counts.values()) == 200
    assert all(counts[color] > 0 for color in ["red", "yellow", "green", "blue", "none"]), counts
    assert counts["green"] > counts["red"]


@pytest.mark.django_db
def test_same_seed_gives_same_data_and_another_seed_differs():
    generate(40, seed=7)
    first = snapshot()
    Project.objects.all().delete()
    generate(40, seed=7)
    assert snapshot() == first
    Project.objects.all().delete()
    generate(40, seed=8)
    assert snapshot() != first


@pytest.mark.django_db
def test_refuses_a_database_that_already_holds_projects():
    generate(5)
    with pytest.raises(CommandError, match="already holds 5 projects.*--append"):
        generate(5)
    assert Project.objects.count() == 5
    generate(5, "--append")
    assert Project.objects.count() == 10


@pytest.mark.django_db
def test_writes_no_history_rows():
    generate(10)
    assert Project.history.count() == 0
    assert Milestone.history.count() == 0


def split(ctx):
    inserts = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    return inserts, [q["sql"] for q in ctx.captured_queries if q not in inserts]


@pytest.mark.django_db
def test_inserts_in_bulk_with_a_query_count_that_does_not_grow_with_n():
    generate(20)  # units created once; later runs find them
    with CaptureQueriesContext(connection) as fifty:
        generate(50, "--append")
    with CaptureQueriesContext(connection) as hundred:
        generate(100, "--append")
    (inserts_50, others_50), (inserts_100, others_100) = split(fifty), split(hundred)
    assert len(others_50) == len(others_100)  # lookups and checks: constant
    if connection.vendor == "postgresql":
        assert len(inserts_50) == len(inserts_100) == 5  # one statement per table
    # SQLite caps a statement at 999 parameters, so its batches hold ~50-100 rows: still nowhere near one
    # query per row (100 projects are ~1,900 rows here).
    assert len(inserts_100) <= 40
