"""Property: the SQL annotation and the Python function agree on random projects and dates (both databases)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.explain import summarize_project
from projects.models import ListEntry, Milestone, Project
from projects.status import Color, milestone_color
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
