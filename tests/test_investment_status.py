"""Investment progress status (status-rules.md section 3): band edges, months elapsed, SQL == Python."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.investment import entry_investment, investment_color, months_elapsed
from projects.models import ListEntry, ProgressReport, Project
from tests.factories import make_project, make_unit


def report(project, year, month, amount):
    return ProgressReport.objects.create(project=project, year=year, month=month, investment_completed=amount)


def sql_row(project, year, as_of):
    return ListEntry.objects.filter(project=project, year=year).with_investment_status(as_of).get()


def entry_with(plan, monthly, year=2025):
    """A project in `year`'s list with plan `plan` and reports {month: amount}."""
    project = make_project(year=year, annual_plan=Decimal(plan))
    for month, amount in monthly.items():
        report(project, year, month, Decimal(amount))
    return project


@pytest.mark.parametrize(
    "as_of,year,expected",
    [
        ("2025-06-29", 2025, 5),
        ("2025-06-30", 2025, 6),
        ("2025-07-01", 2025, 6),
        ("2025-01-31", 2025, 1),
        ("2025-02-27", 2025, 1),
        ("2025-02-28", 2025, 2),
        ("2024-02-28", 2024, 1),
        ("2024-02-29", 2024, 2),
        ("2025-12-30", 2025, 11),
        ("2025-12-31", 2025, 12),
        ("2026-01-01", 2025, 12),
        ("2025-12-31", 2026, 0),
        ("2025-01-01", 2025, 0),
    ],
)
def test_months_elapsed(as_of, year, expected):
    assert months_elapsed(year, dt.date.fromisoformat(as_of)) == expected


# plan 1200 at the end of June: time progress 50 %, so ytd 720 is +10 pp, 480 is −10 pp, 240 is −30 pp.
EDGES = [
    ("720.00", "blue"),
    ("719.99", "green"),
    ("600.00", "green"),
    ("480.01", "green"),
    ("480.00", "yellow"),
    ("240.00", "yellow"),
    ("239.99", "red"),
    ("0", "red"),
    ("1500", "blue"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("ytd,expected", EDGES)
def test_band_edges_in_sql_and_python(ytd, expected):
    project = entry_with("1200", {2: "0", 6: ytd})
    as_of = dt.date(2025, 6, 30)
    row = sql_row(project, 2025, as_of)
    assert row.investment_status == expected
    assert investment_color(Decimal("1200"), Decimal(ytd), 6) == expected
    python = entry_investment(ListEntry.objects.get(project=project), as_of)
    assert (python.color, python.months, python.ytd) == (expected, 6, Decimal(ytd))


@pytest.mark.django_db
def test_edges_exact_with_a_plan_that_does_not_divide():
    # plan 0.03 at the end of March (t = 25 %): +10 pp is exactly 0.0105, not representable in cents.
    # ytd 0.01 is 33.3 % (+8.3 pp): green; plan 7 with ytd 2.45 is exactly 35 % (+10 pp): blue.
    green = entry_with("0.03", {3: "0.01"})
    blue = entry_with("7", {3: "2.45"})
    yellow = entry_with("7", {3: "1.05"})  # exactly 15 % = −10 pp
    as_of = dt.date(2025, 3, 31)
    assert sql_row(green, 2025, as_of).investment_status == "green"
    assert sql_row(blue, 2025, as_of).investment_status == "blue"
    assert sql_row(yellow, 2025, as_of).investment_status == "yellow"
    assert sql_row(blue, 2025, as_of).investment_gap_pp == pytest.approx(10.0)
    assert sql_row(yellow, 2025, as_of).investment_gap_pp == pytest.approx(-10.0)


@pytest.mark.django_db
def test_none_before_february_and_without_plan():
    early = entry_with("1200", {1: "0"})
    no_plan = entry_with("0", {1: "100", 2: "100"})
    assert sql_row(early, 2025, dt.date(2025, 2, 27)).investment_status == "none"
    assert sql_row(early, 2025, dt.date(2025, 2, 28)).investment_status == "yellow"  # −16.7 pp
    assert sql_row(no_plan, 2025, dt.date(2025, 6, 30)).investment_status == "none"
    assert sql_row(no_plan, 2025, dt.date(2025, 6, 30)).investment_gap_pp is None


@pytest.mark.django_db
def test_year_boundaries_and_reports_counted():
    unit = make_unit()
    project = make_project(unit, year=2024, annual_plan=Decimal("1200"))
    ListEntry.objects.create(project=project, year=2025, batch="ongoing", annual_plan_investment=Decimal("1200"))
    report(project, 2024, 3, "1200")  # the whole 2024 plan, in March
    report(project, 2025, 7, "1200")  # after m for 2025 as of 2025-06-30: not counted
    other = make_project(unit, annual_plan=Decimal("1200"))
    report(other, 2025, 5, "1200")  # another project's report: not counted
    as_of = dt.date(2025, 6, 30)
    last_year = entry_investment(ListEntry.objects.get(project=project, year=2024), as_of)
    assert (last_year.months, last_year.ytd, last_year.color) == (12, 1200, "green")
    assert sql_row(project, 2024, as_of).investment_status == "green"
    this_year = entry_investment(ListEntry.objects.get(project=project, year=2025), as_of)
    assert (this_year.ytd, this_year.color, len(this_year.missing_months)) == (0, "red", 6)
    assert sql_row(project, 2025, as_of).investment_status == "red"
    next_year = ListEntry.objects.filter(project=project, year=2025).with_investment_status(dt.date(2024, 12, 31))
    assert next_year.get().investment_status == "none"
    status = entry_investment(ListEntry.objects.get(project=project, year=2025), as_of)
    assert status.missing_months == [1, 2, 3, 4, 5, 6]


@pytest.mark.django_db
def test_filter_by_investment_status():
    red = entry_with("1200", {6: "0"})
    green = entry_with("1200", {6: "600"})
    as_of = dt.date(2025, 6, 30)
    qs = ListEntry.objects.all()
    assert list(qs.with_investment_status_filter(as_of, "red").values_list("project", flat=True)) == [red.pk]
    assert list(qs.with_investment_status_filter(as_of, "green", "blue").values_list("project", flat=True)) == [
        green.pk
    ]
    # Combines with the annotation on the same queryset.
    rows = qs.with_investment_status_filter(as_of, "green").with_investment_status(as_of)
    assert [r.investment_status for r in rows] == ["green"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "plan,monthly",
    [
        ("999999999999.99", dict.fromkeys(range(1, 13), "999999999999.99")),  # the largest amounts the fields hold
        ("999999999999.99", dict.fromkeys(range(1, 13), "83333333333.33")),  # at the band edge, a cent apart
        ("1200.00", {1: "0.01", 6: "600.00"}),
        ("0.03", {5: "0.01", 6: "0.01"}),
    ],
)
def test_the_list_page_shows_the_sql_forms_band(plan, monthly, client):
    """The list page's rows work the band out with the Python rule from the project's reports: the SQL form's band,
    at the largest amounts the fields hold and a cent from a band's edge."""
    from portal.models import User

    project = entry_with(plan, monthly)
    client.force_login(User.objects.create_superuser("boss", password="x"))
    for as_of in (dt.date(2025, 6, 30), dt.date(2025, 12, 31), dt.date(2026, 3, 1)):
        sql = ListEntry.objects.with_investment_status(as_of).get()
        page = client.get(f"/projects/?year=2025&as_of={as_of}")
        shown = page.context["table"].page.object_list.data[0].investment
        assert (page.context["table"].page.object_list.data[0].project_id, shown.color) == (
            project.pk,
            sql.investment_status,
        )
        assert f'<span class="badge {sql.investment_status}">{shown.label}</span>' in page.content.decode()
        if sql.investment_gap_pp is not None:
            assert shown.gap_pp == pytest.approx(sql.investment_gap_pp, rel=1e-12, abs=1e-12)


amounts = st.integers(min_value=0, max_value=200_000).map(lambda c: Decimal(c) / 100)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    entries=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=1_200_000).map(lambda c: Decimal(c) / 100),
            st.sampled_from([2024, 2025, 2026]),
            st.dictionaries(st.integers(min_value=1, max_value=12), amounts, max_size=12),
        ),
        min_size=1,
        max_size=4,
    ),
    as_of_day=st.integers(min_value=0, max_value=800),
)
def test_sql_and_python_agree(entries, as_of_day):
    Project.objects.all().delete()
    unit = make_unit()
    for plan, year, monthly in entries:
        project = make_project(unit, year=year, annual_plan=plan)
        for month, amount in monthly.items():
            report(project, year, month, amount)
    as_of = dt.date(2024, 6, 1) + dt.timedelta(days=as_of_day)
    for row in ListEntry.objects.with_investment_status(as_of).select_related("project"):
        expected = entry_investment(row, as_of)
        assert row.investment_status == expected.color
        if expected.gap_pp is None:
            assert row.investment_gap_pp is None
        else:
            assert row.investment_gap_pp == pytest.approx(expected.gap_pp, abs=1e-6)
        filtered = ListEntry.objects.with_investment_status_filter(as_of, expected.color)
        assert filtered.filter(pk=row.pk).exists()
