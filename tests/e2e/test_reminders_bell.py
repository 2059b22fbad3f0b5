"""In a real browser: the day's reminders made by `send_reminders` show in the bell; staff open the due-soon one from
the list, land on the project, and the bell's count is gone."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def due_soon(users, unit_a):
    today = timezone.localdate()
    project = make_project(
        unit_a,
        code="E2E-S",
        name="临期项目",
        year=today.year,
        milestones=[{"name": "设备安装", "planned_date": today + dt.timedelta(days=3)}],
    )
    call_command("send_reminders", "--no-mail", stdout=io.StringIO())
    return project


def test_the_bell_shows_a_due_soon_reminder_and_reading_it_clears_the_count(page, due_soon):
    log_in(page, "staff_a", PASSWORD, "/notifications/")
    assert page.locator(".bell-count").inner_text().startswith("1")
    reminder = page.locator("button.link-button", has_text="「设备安装」")
    assert "节点临期：E2E-S 临期项目" in reminder.inner_text() and "还有 3 天" in reminder.inner_text()
    reminder.click()
    page.wait_for_url(f"**/projects/{due_soon.pk}/#milestones")
    assert page.locator(".bell-count").count() == 0
    page.goto("/notifications/")
    assert "已读" in page.locator("table.notifications tbody tr").first.inner_text()
