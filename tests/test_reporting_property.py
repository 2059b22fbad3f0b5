"""Property: the monthly report's late flag, the reports to file and the missing counts in SQL equal the Python rule
(both databases), on random entries (years, batches, listing days), reports filed on random days (around midnight
too) and as-of dates around the due days."""

import datetime as dt
from collections import Counter

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.models import ListEntry, Project
from projects.reporting import Cadence, entry_late_month, filed_on, month_to_file, report_missing
from tests.factories import make_project, make_unit
from tests.reporting_factories import file_report

YEARS = [2024, 2025]
reports = st.lists(
    st.tuples(
        st.sampled_from(YEARS),
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=-20, max_value=60),  # filed this many days after the due day
        st.sampled_from([dt.time(0, 0), dt.time(12, 0), dt.time(23, 59, 59)]),
    ),
    max_size=6,
)
entries = st.lists(
    st.tuples(
        st.sampled_from(YEARS),
        st.sampled_from(["reserve", "start", "ongoing", "in_use"]),
        # listed this many days into its year, or around a month's due day (month, days after it)
        st.one_of(
            st.none(),
            st.integers(min_value=0, max_value=364),
            st.tuples(st.sampled_from([1, 6, 12]), st.integers(min_value=-1, max_value=1)),
        ),
        st.integers(min_value=0, max_value=1),  # lead unit
        reports,
    ),
    min_size=1,
    max_size=5,
)
near_due_days = st.builds(
    lambda year, month, day: dt.date(year, month, day),
    st.sampled_from([2024, 2025, 2026]),
    st.integers(min_value=1, max_value=12),
    st.sampled_from([1, 2, 9, 10, 11, 24, 25, 26, 28]),
)
as_of_dates = st.one_of(near_due_days, st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 3, 31)))


def _listed_on(year, listed, cadence):
    if isinstance(listed, tuple):
        month, days = listed
        day = cadence.due_date(year, month) + dt.timedelta(days=days)
        return day if day.year == year else None
    return dt.date(year, 1, 1) + dt.timedelta(days=listed)


def _make(specs, due_day):
    """The entries and reports; returns the days where the rule turns (listing and filing days, due days)."""
    Project.objects.all().delete()
    units = [make_unit(), make_unit()]
    cadence = Cadence(due_day=due_day, remind_days=3)
    edges = {cadence.due_date(year, month) for year in YEARS for month in (1, 6, 12)}
    for year, batch, listed, unit, filed in specs:
        project = make_project(units[unit], year=year, batch=batch)
        if listed is not None:
            listed_on = _listed_on(year, listed, cadence)
            ListEntry.objects.filter(project=project).update(listed_on=listed_on)
            edges.add(listed_on)
        seen = set()
        for r_year, month, days, at in filed:
            if (r_year, month) not in seen:
                seen.add((r_year, month))
                day = cadence.due_date(r_year, month) + dt.timedelta(days=days)
                file_report(project, r_year, month, filed=day, at=at)
                edges.update({day, cadence.due_date(r_year, month)})
    return {day + dt.timedelta(days=k) for day in edges if day for k in (-1, 0, 1)}


def _loaded():
    return list(ListEntry.objects.select_related("project").prefetch_related("project__progress_reports"))


def _python_late(entries, as_of):
    return {e.pk for e in entries if entry_late_month(e, e.project.progress_reports.all(), as_of) is not None}


def _python_to_file(entries, as_of):
    found = set()
    for e in entries:
        filed = {r.month: filed_on(r.created_at) for r in e.project.progress_reports.all() if r.year == e.year}
        if month_to_file(e.batch, e.listed_on, e.year, filed, as_of) is not None:
            found.add(e.pk)
    return found


def _python_missing(year, as_of, months):
    """{(lead unit, month): missing} and {lead unit: entries that report} of `year`'s list, by the Python rule."""
    missing, reporting = Counter(), Counter()
    entries = ListEntry.objects.filter(year=year).select_related("project")
    for entry in entries.prefetch_related("project__progress_reports").exclude(batch="reserve"):
        unit = entry.project.lead_unit_id
        reporting[unit] += 1
        filed = {r.month: filed_on(r.created_at) for r in entry.project.progress_reports.all() if r.year == year}
        for month in months:
            if report_missing(entry.batch, entry.listed_on, year, month, filed.get(month), as_of):
                missing[(unit, month)] += 1
    return missing, reporting


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=entries, as_of_list=st.lists(as_of_dates, max_size=2), due_day=st.sampled_from([1, 25, 28]), data=st.data()
)
def test_sql_and_python_agree_on_the_late_flag_and_the_missing_counts(specs, as_of_list, due_day, data):
    """The flag on days where the rule may turn (the day before, of and after a listing, filing or due day) and on
    random days; the missing counts on a few of them."""
    with override_settings(REPORT_DUE_DAY=due_day):
        edges = sorted(_make(specs, due_day))
        loaded = _loaded()
        turns = data.draw(st.lists(st.sampled_from(edges), min_size=1, max_size=10, unique=True))
        for as_of in [*as_of_list, *turns]:
            expected = _python_late(loaded, as_of)
            annotated = {e.pk for e in ListEntry.objects.with_report_status(as_of) if e.report_late}
            filtered = set(ListEntry.objects.report_late_filter(as_of).values_list("pk", flat=True))
            assert annotated == filtered == expected, as_of
            to_file = set(ListEntry.objects.report_to_file_filter(as_of).values_list("pk", flat=True))
            assert to_file == _python_to_file(loaded, as_of), as_of
            counts = ListEntry.objects.all().report_counts(as_of)
            assert counts == {"late": len(expected), "to_file": len(to_file)}
        for as_of in [*as_of_list, turns[0]]:
            for year in YEARS:
                months = range(1, 13)
                missing, reporting = _python_missing(year, as_of, months)
                rows = ListEntry.objects.all().grouped_missing_reports(year, as_of, months, "project__lead_unit")
                assert {unit: n for unit, n, _m in rows} == dict(reporting)
                got = Counter({(unit, m): k for unit, _n, by_month in rows for m, k in by_month.items() if k})
                assert got == missing, (year, as_of)
