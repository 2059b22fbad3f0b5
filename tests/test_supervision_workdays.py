"""Working days: China's official calendar (holidays off, 调休 days on); Monday to Friday, flagged, beyond it."""

import datetime as dt

import pytest
from django.utils import timezone

from supervision import services
from supervision.workdays import add_workdays, is_workday


def test_national_day_is_off_and_the_adjusted_saturday_works():
    assert is_workday(dt.date(2025, 10, 1)) == (False, True)
    assert is_workday(dt.date(2025, 9, 28)) == (True, True)  # a Sunday worked (调休)
    assert add_workdays(dt.date(2025, 9, 26), 5).day == dt.date(2025, 10, 10)  # 9-28, 9-29, 9-30, 10-9, 10-10
    assert add_workdays(dt.date(2025, 6, 2), 5).day == dt.date(2025, 6, 9)
    assert add_workdays(dt.date(2025, 6, 2), 5).exact


def test_a_year_the_calendar_does_not_know_counts_monday_to_friday_and_says_so():
    result = add_workdays(dt.date(2099, 1, 1), 5)  # a Thursday
    assert result.day == dt.date(2099, 1, 8) and result.exact is False


def test_listed_orders_have_three_working_days_and_others_the_setting(settings):
    settings.SUPERVISION_REPLY_WORKDAYS = 2
    monday = dt.date(2025, 6, 2)
    assert services.default_reply_due("listed", monday).day == dt.date(2025, 6, 5)
    assert services.default_reply_due("order", monday).day == dt.date(2025, 6, 4)
    assert services.default_reply_due("warning", monday).day == dt.date(2025, 6, 4)


@pytest.mark.django_db
def test_the_draft_page_says_when_the_calendar_does_not_know_the_year(world, client_for, time_machine):
    time_machine.move_to(dt.datetime(2099, 3, 2, 10, tzinfo=dt.UTC))
    assert timezone.localdate().year == 2099
    page = client_for("manager").get(f"/supervision/new/?project={world['project_a'].pk}").content.decode()
    assert "按周一至周五计算" in page
