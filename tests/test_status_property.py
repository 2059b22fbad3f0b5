"""Property: the SQL annotation and the Python function agree on random projects and dates (both databases)."""

import datetime as dt
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.explain import summarize_project
from projects.models import ListEntry, Milestone, Project
from projects.status import Color, milestone_color, project_color
from tests.factories import make_project, make_unit

BASE = dt.date(2025, 1, 1)
offsets = st.integers(min_value=-120, max_value=120)
milestone_specs = st.lists(
    st.tuples(offsets, st.one_of(st.none(), offsets), st.sampled_from([False, False, False, True])),
    max_size=6,
)


def to_date(n):
    return BASE + dt.timedelta(days=n)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    projects=st.lists(milestone_specs, min_size=1, max_size=4), as_of_offsets=st.lists(offsets, min_size=1, max_size=3)
)
def test_sql_and_python_agree(projects, as_of_offsets):
    Project.objects.all().delete()
    unit = make_unit()
    made = [
        make_project(
            lead_unit=unit, milestones=[(to_date(p), None if a is None else to_date(a), e) for p, a, e in spec]
        )
        for spec in projects
    ]
    for offset in as_of_offsets:
        as_of = to_date(offset)
        rows = {r.pk: r for r in Project.objects.with_status(as_of)}
        filtered = {
            c.value: set(Project.objects.with_status_filter(as_of, c).values_list("pk", flat=True)) for c in Color
        }
        for project in made:
            color, counts, _ = summarize_project(project.milestones.all(), as_of)
            row = rows[project.pk]
            assert row.status == color
            assert {c: getattr(row, f"{c}_count") for c in counts} == counts
            assert project.pk in filtered[color]
        assert ListEntry.objects.all().status_counts(as_of) == {c: len(filtered[c]) for c in filtered}
        for m in Milestone.objects.with_status(as_of):
            expected = milestone_color(m.planned_date, m.actual_date, m.is_exempt, as_of) or Color.NONE
            assert m.status == expected


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    projects=st.lists(
        st.tuples(milestone_specs, st.sampled_from(["start", "ongoing"]), st.booleans()), min_size=1, max_size=5
    ),
    as_of_offset=offsets,
)
def test_grouped_counts_equal_the_per_row_statuses(projects, as_of_offset):
    """The whole-list counts (one grouped pass over the milestones) equal the Python status of each row,
    for every row of the queryset (a project listed in two years counts twice), grouped or filtered."""
    Project.objects.all().delete()
    unit = make_unit()
    as_of = to_date(as_of_offset)
    expected = Counter()
    for spec, batch, also_last_year in projects:
        milestones = [(to_date(p), None if a is None else to_date(a), e) for p, a, e in spec]
        project = make_project(lead_unit=unit, batch=batch, milestones=milestones)
        if also_last_year:
            ListEntry.objects.create(project=project, year=2024, batch="start", annual_plan_investment=0)
        color = project_color(project.milestones.all(), as_of)
        for entry in project.list_entries.all():
            expected[(entry.year, entry.batch, color.value)] += 1
    grouped = ListEntry.objects.all().grouped_status_counts(as_of, "year", "batch")
    assert sorted(grouped) == sorted((*key, n) for key, n in expected.items())
    by_color = {c.value: sum(n for (_y, _b, s), n in expected.items() if s == c.value) for c in Color}
    assert ListEntry.objects.all().status_counts(as_of) == by_color
    this_year = {c.value: sum(n for (y, _b, s), n in expected.items() if s == c.value and y == 2025) for c in Color}
    assert ListEntry.objects.filter(year=2025).status_counts(as_of) == this_year
    per_project = Counter(project_color(p.milestones.all(), as_of).value for p in Project.objects.all())
    assert Project.objects.all().status_counts(as_of) == {c.value: per_project[c.value] for c in Color}
