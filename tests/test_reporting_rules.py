"""The monthly report's late flag (reporting.md, section 1) at its edges, each case in SQL and in Python."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from projects.models import ListEntry, Milestone
from projects.reporting import Cadence, entry_late_month
from tests.factories import d, make_project, make_unit
from tests.reporting_factories import file_report

pytestmark = pytest.mark.django_db


def late(entry, as_of):
    """The late month of an entry as of a date, the SQL annotation and filter agreeing with the Python rule."""
    entry = ListEntry.objects.get(pk=entry.pk)
    python = entry_late_month(entry, entry.project.progress_reports.all(), as_of)
    annotated = ListEntry.objects.with_report_status(as_of).get(pk=entry.pk).report_late
    filtered = ListEntry.objects.report_late_filter(as_of).filter(pk=entry.pk).exists()
    assert annotated == filtered == (python is not None), (entry, as_of)
    return python


def entry_of(project, year=2025):
    return project.list_entries.get(year=year)


@pytest.fixture
def project(db):
    """An ongoing project of the 2025 list that filed January to April on time (the 20th)."""
    project = make_project(make_unit(), batch="ongoing")
    for month in range(1, 5):
        file_report(project, 2025, month, filed=dt.date(2025, month, 20))
    return project


def test_nothing_is_late_before_the_first_due_day_of_the_year(db):
    entry = entry_of(make_project(make_unit()))
    assert late(entry, d("2025-01-25")) is None  # January's report is due today, not late yet
    assert late(entry, d("2025-01-26")) == 1


def test_on_the_due_day_the_months_report_is_not_late_the_day_after_it_is(project):
    entry = entry_of(project)
    assert late(entry, d("2025-05-25")) is None  # April's is in; May's is due today
    assert late(entry, d("2025-05-26")) == 5
    assert late(entry, d("2025-06-25")) == 5  # still May's (June's is due today)
    assert late(entry, d("2025-06-26")) == 6  # the latest month's report decides


def test_an_earlier_months_missing_report_is_not_what_the_flag_says(project):
    """The flag names the latest month that was due; older gaps show in the 未报 summary, not here."""
    entry = entry_of(project)
    file_report(project, 2025, 6, filed=d("2025-06-24"))
    assert late(entry, d("2025-06-26")) is None  # May is missing, June (the latest due) is in


def test_a_report_filed_late_is_missing_until_the_day_it_is_filed_then_counts_as_filed(project):
    entry = entry_of(project)
    file_report(project, 2025, 5, filed=d("2025-05-28"))
    assert late(entry, d("2025-05-26")) == 5
    assert late(entry, d("2025-05-27")) == 5
    assert late(entry, d("2025-05-28")) is None  # filed that day
    assert late(entry, d("2025-06-10")) is None


def test_filed_means_saved_by_the_end_of_the_day_in_the_zones_time_zone(project):
    entry = entry_of(project)
    file_report(project, 2025, 5, filed=d("2025-05-27"), at=dt.time(23, 59, 59))
    assert late(entry, d("2025-05-27")) is None
    assert late(entry, d("2025-05-26")) == 5
    other = make_project(make_unit())
    file_report(other, 2025, 5, filed=d("2025-05-28"), at=dt.time(0, 0))  # 2025-05-27 16:00 UTC
    assert late(entry_of(other), d("2025-05-27")) == 5
    assert late(entry_of(other), d("2025-05-28")) is None


@pytest.mark.parametrize("batch", ["start", "ongoing", "in_use"])
def test_the_three_batches_that_report_are_late_without_a_report(db, batch):
    assert late(entry_of(make_project(make_unit(), batch=batch)), d("2025-03-01")) == 2


def test_reserve_projects_are_exempt(db):
    entry = entry_of(make_project(make_unit(), batch="reserve"))
    for day in ("2025-01-26", "2025-06-30", "2025-12-31", "2026-03-01"):
        assert late(entry, d(day)) is None


def test_a_project_listed_mid_year_owes_only_the_reports_due_from_its_listing_day(db):
    project = make_project(make_unit())
    entry = entry_of(project)
    ListEntry.objects.filter(pk=entry.pk).update(listed_on=d("2025-07-10"))
    assert late(entry, d("2025-07-20")) is None  # June's report was due before it was listed
    assert late(entry, d("2025-07-26")) == 7  # July's was due after it
    file_report(project, 2025, 7, filed=d("2025-07-25"))
    assert late(entry, d("2025-07-26")) is None


def test_listed_on_its_due_day_a_project_owes_that_months_report(db):
    entry = entry_of(make_project(make_unit()))
    ListEntry.objects.filter(pk=entry.pk).update(listed_on=d("2025-07-25"))
    assert late(entry, d("2025-07-26")) == 7
    ListEntry.objects.filter(pk=entry.pk).update(listed_on=d("2025-07-26"))
    assert late(entry, d("2025-07-27")) is None
    assert late(entry, d("2025-08-26")) == 8


def test_without_a_listing_day_the_entry_is_on_the_list_the_whole_year(db):
    entry = entry_of(make_project(make_unit()))
    assert entry.listed_on is None
    assert late(entry, d("2025-02-26")) == 2


def test_a_past_years_entry_owes_its_december_report(project):
    entry = entry_of(project)
    assert late(entry, d("2026-03-01")) == 12
    file_report(project, 2025, 12, filed=d("2026-01-05"))
    assert late(entry, d("2026-01-04")) == 12
    assert late(entry, d("2026-01-05")) is None
    assert late(entry, d("2026-03-01")) is None


def test_a_past_years_entry_listed_after_its_december_due_day_owes_nothing(db):
    entry = entry_of(make_project(make_unit()))
    ListEntry.objects.filter(pk=entry.pk).update(listed_on=d("2025-12-26"))
    assert late(entry, d("2026-02-01")) is None
    ListEntry.objects.filter(pk=entry.pk).update(listed_on=d("2025-12-25"))
    assert late(entry, d("2026-02-01")) == 12


def test_a_future_years_entry_is_never_late(db):
    entry = entry_of(make_project(make_unit(), year=2026), 2026)
    assert late(entry, d("2025-12-31")) is None


def test_another_years_report_of_the_same_month_does_not_count(db):
    project = make_project(make_unit())
    ListEntry.objects.create(project=project, year=2024, batch="ongoing")
    file_report(project, 2024, 5, filed=d("2024-05-20"))
    assert late(entry_of(project, 2025), d("2025-05-26")) == 5
    file_report(project, 2025, 5, filed=d("2025-05-20"))
    assert late(entry_of(project, 2024), d("2025-05-26")) == 12


def test_the_due_day_is_a_setting(project, settings):
    settings.REPORT_DUE_DAY = 10
    entry = entry_of(project)
    assert Cadence.current().due_date(2025, 5) == d("2025-05-10")
    assert late(entry, d("2025-05-10")) is None
    assert late(entry, d("2025-05-11")) == 5


def test_the_latest_due_month(settings):
    c = Cadence(due_day=25, remind_days=3)
    assert c.latest_due_month(2025, d("2025-01-25")) is None
    assert c.latest_due_month(2025, d("2025-01-26")) == 1
    assert c.latest_due_month(2025, d("2025-12-31")) == 12
    assert c.latest_due_month(2024, d("2025-01-01")) == 12
    assert c.latest_due_month(2026, d("2025-12-31")) is None
    assert list(c.months_due(2025, d("2025-03-26"))) == [1, 2, 3]


def test_a_listing_day_outside_the_lists_year_is_refused(db):
    entry = entry_of(make_project(make_unit()))
    entry.listed_on = d("2024-12-20")
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "listed_on" in error.value.error_dict
    entry.listed_on = d("2025-03-01")
    entry.full_clean()


def test_a_milestone_row_carries_its_projects_flag_for_the_lists_year(project):
    Milestone.objects.create(project=project, seq=1, name="主体完工", planned_date=d("2025-03-01"))
    other = make_project(make_unit(), batch="reserve", milestones=[(d("2025-03-01"), None)])
    rows = {m.project_id: m.report_late for m in Milestone.objects.with_report_late(2025, d("2025-05-26"))}
    assert rows == {project.pk: True, other.pk: False}
    rows = {m.project_id: m.report_late for m in Milestone.objects.with_report_late(2025, d("2025-05-25"))}
    assert rows == {project.pk: False, other.pk: False}
