"""The list page's columns compiled once (projects.compiled): the same values as the ORM's annotations, a new
compilation for a new date or new thresholds, and no use where the SQL would not fit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F

from projects.compiled import compiled_annotations, compiled_once
from projects.models import ListEntry, ProgressReport
from tests.factories import make_project

AS_OF = dt.date(2025, 6, 30)
COLUMNS = [
    "status",
    "days_overdue",
    "worst_name",
    "worst_planned",
    "latest_name",
    "latest_planned",
    "latest_actual",
    "next_name",
    "next_planned",
    "investment_ytd",
    "investment_months",
    "investment_reported_months",
    "investment_gap_pp",
    "investment_status",
]


def days(n):
    return AS_OF - dt.timedelta(days=n)


@pytest.fixture
def entries(db, unit_a):
    """Every color, done and open milestones, an exemption, reported and unreported investment."""
    make_project(unit_a, code="R", milestones=[(days(40), None), (days(-20), None)], annual_plan=Decimal("1200"))
    make_project(unit_a, code="Y", milestones=[(days(5), None)])
    make_project(unit_a, code="G", milestones=[(days(30), days(31)), (days(-10), None)])
    make_project(unit_a, code="B", milestones=[(days(10), days(50))])
    make_project(unit_a, code="E", milestones=[(days(90), None, True)])
    make_project(unit_a, code="N")
    p = make_project(unit_a, code="I", annual_plan=Decimal("1200"), milestones=[(days(-30), None)])
    ProgressReport.objects.create(project=p, year=2025, month=5, investment_completed=Decimal("600.50"))


def rows_of(queryset):
    """{code: [(type, value) of each column]}: the types too (600.5 == Decimal("600.5"))."""
    return {row.project.code: [(type(v), v) for v in (getattr(row, n) for n in COLUMNS)] for row in queryset}


def by_orm(as_of):
    rows = ListEntry.objects.filter(year=2025).select_related("project")
    rows = rows.with_status(as_of, rank=False, counts=False).with_explanation(as_of)
    return rows_of(rows.with_investment_status(as_of, rank=False))


def compiled(as_of):
    return rows_of(ListEntry.objects.filter(year=2025).select_related("project").with_list_columns(as_of))


@pytest.mark.parametrize("as_of", [AS_OF, days(45), days(-60)])
def test_compiled_columns_equal_the_orm_annotations(entries, as_of):
    assert compiled(as_of) == by_orm(as_of)


def test_the_entries_cover_every_color(entries):
    assert {code: row[0][1] for code, row in compiled(AS_OF).items()} == {
        "R": "red", "Y": "yellow", "G": "green", "B": "blue", "E": "none", "N": "none", "I": "green"
    }  # fmt: skip


def test_values_keep_their_python_types(entries):
    row = ListEntry.objects.filter(project__code="I").with_list_columns(AS_OF).get()
    assert isinstance(row.next_planned, dt.date) and isinstance(row.investment_ytd, Decimal)
    assert row.investment_ytd == Decimal("600.50") and isinstance(row.investment_gap_pp, float)


def test_a_new_date_or_new_thresholds_compile_anew(entries, settings):
    assert compiled(AS_OF)["Y"][0] == (str, "yellow")
    assert compiled(days(-30))["Y"][0] == (str, "red")  # 35 days late by then
    settings.YELLOW_OVERDUE_DAYS = 10
    assert compiled(AS_OF)["Y"][0] == (str, "green")
    assert compiled(AS_OF) == by_orm(AS_OF)


def test_annotations_that_join_another_table_are_refused(db):
    with pytest.raises(ValueError, match="join"):
        compiled_annotations(ListEntry, "default", ("joined",), lambda rows: rows.annotate(c=F("project__code")))


def test_a_key_that_leaves_something_out_fails_when_reused(db):
    """The suite runs with compiled.VERIFY on: a reused key is compiled again and compared."""
    compiled_once(("partial key",), lambda: ("SELECT 1", ()))
    with pytest.raises(AssertionError, match="partial key"):
        compiled_once(("partial key",), lambda: ("SELECT 2", ()))


def test_reused_annotations_compare_equal_to_a_fresh_compilation(entries):
    first = compiled_annotations(ListEntry, "default", ("twice", AS_OF), lambda rows: rows.with_list_columns(AS_OF))
    again = compiled_annotations(ListEntry, "default", ("twice", AS_OF), lambda rows: rows.with_list_columns(AS_OF))
    # The investment sum, band and gap are worked out as the rows are read, from the sums and the plan in cents.
    sums = ["investment_months", "investment_reported_months", "investment_plan_cents", "investment_ytd_cents"]
    assert again is first and list(first) == [*COLUMNS[:-5], *sums]
    other_sql = {"status": first["status"]}
    with pytest.raises(AssertionError, match="twice"):
        compiled_annotations(ListEntry, "default", ("twice", AS_OF), lambda rows: rows.annotate(**other_sql))


def test_compiled_columns_refuse_to_compile_inside_a_subquery(entries):
    from django.db.models import Exists, OuterRef

    from projects.models import Project

    inner = ListEntry.objects.with_list_columns(AS_OF).filter(project=OuterRef("pk"), status="red")
    with pytest.raises(ValueError, match="top level"):
        list(Project.objects.filter(Exists(inner)))
    assert ListEntry.objects.with_list_columns(AS_OF).filter(status="red").count() == 1


def test_compiled_columns_refuse_to_compile_on_another_table(entries):
    from projects.models import Project

    columns = compiled_annotations(ListEntry, "default", ("elsewhere", AS_OF), lambda r: r.with_list_columns(AS_OF))
    with pytest.raises(ValueError, match="projects_listentry"):
        list(Project.objects.annotate(status=columns["status"]))
