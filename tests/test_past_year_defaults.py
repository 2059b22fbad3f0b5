"""A past year's pages read the year as it ended: the as-of date defaults to 31 December once the year is over
(portal.dates.default_as_of), not to today; this year's pages keep today; a chosen date is kept."""

import datetime as dt

import pytest
import time_machine

from portal.dates import default_as_of
from tests.factories import make_project

TODAY = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
END_2025 = dt.date(2025, 12, 31)


def test_default_as_of_is_today_this_year_and_the_years_end_for_a_past_year():
    today = dt.date(2026, 12, 6)
    assert default_as_of(2026, today) == today
    assert default_as_of(2027, today) == today
    assert default_as_of(2025, today) == END_2025
    assert default_as_of(2024, today) == dt.date(2024, 12, 31)


@pytest.fixture
def past_project(db, unit_a):
    """A 2025 project whose milestones were all done in time: green as of 2025-12-31."""
    return make_project(
        unit_a, code="P-2025", name="往年项目", milestones=[(dt.date(2025, 6, 1), dt.date(2025, 5, 30))]
    )


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "url, context_name",
    [
        ("/projects/?year=2025", "as_of"),
        ("/overdue/?year=2025", "as_of"),
        ("/?year=2025", None),
        ("/reports/unreported/?year=2025", None),
        ("/supervision/?year=2025", "as_of"),
        ("/ranking/?year=2025", None),
    ],
)
def test_a_past_years_page_defaults_to_the_years_end(past_project, client_for, url, context_name):
    response = client_for("manager").get(url)
    assert response.status_code == 200
    if context_name:
        assert response.context[context_name] == END_2025
    else:
        assert response.context["form"].as_of_date == END_2025
    assert 'value="2025-12-31"' in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_this_years_page_defaults_to_today(past_project, client_for):
    response = client_for("manager").get("/projects/?year=2026")
    assert response.context["as_of"] == dt.date(2026, 12, 6)
    response = client_for("manager").get("/projects/")
    assert response.context["as_of"] == dt.date(2026, 12, 6)


@time_machine.travel(TODAY, tick=False)
def test_a_chosen_date_is_kept_for_a_past_year(past_project, client_for):
    response = client_for("manager").get("/projects/?year=2025&as_of=2025-06-30")
    assert response.context["as_of"] == dt.date(2025, 6, 30)


@time_machine.travel(TODAY, tick=False)
def test_a_past_years_project_is_not_counted_late_for_months_after_the_year(past_project, client_for):
    """As of 2025-12-31 the list's statuses are those the year ended with, not a year of months since counted."""
    response = client_for("manager").get("/projects/?year=2025")
    (row,) = [row.record for row in response.context["table"].page.object_list]
    assert row.project.code == "P-2025"
    at_years_end = client_for("manager").get("/projects/?year=2025&as_of=2025-12-31")
    (same,) = [row.record for row in at_years_end.context["table"].page.object_list]
    assert row.status == same.status
