"""In a real browser: staff log in, land on 我的待办, record the date of their red milestone from it, and the item
leaves the list (and the badge's count drops)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def red_milestone(users, unit_a, unit_b):
    """Unit A's project with a red milestone (40 days overdue) and a milestone planned far ahead; unit B's red one."""
    today = timezone.localdate()
    make_project(unit_b, code="E2E-B", year=today.year, milestones=[(today - dt.timedelta(days=50), None)])
    return make_project(
        unit_a,
        code="E2E-A",
        name="甲单位红色项目",
        year=today.year,
        milestones=[
            {"name": "主体完工", "planned_date": today - dt.timedelta(days=40)},
            {"name": "竣工验收", "planned_date": today + dt.timedelta(days=200)},
        ],
    )


def test_staff_land_on_their_work_and_settle_their_red_milestone_from_it(page, red_milestone):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "staff_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my/")
    assert page.locator("h1").inner_text() == "我的待办"
    overdue = page.locator("#overdue tbody tr")
    assert overdue.count() == 1  # unit B's red milestone is not on unit A's page
    row = overdue.first
    assert "E2E-A" in row.inner_text() and "主体完工" in row.inner_text() and "红色 · 滞后督办" in row.inner_text()
    badge = page.locator(".main-nav .nav-count")
    before = int(badge.inner_text())

    row.locator("a:has-text('填报完成')").click()
    page.wait_for_url("**/actual/?next=/my/")
    page.locator("input[name=actual_date]").fill(timezone.localdate().isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/my/")

    assert "已保存节点「主体完工」的完成情况" in page.locator(".messages").inner_text()
    assert page.locator("#overdue tbody tr").count() == 0
    assert "没有逾期节点" in page.locator("#overdue").inner_text()
    after = page.locator(".main-nav .nav-count")
    assert (int(after.inner_text()) if after.count() else 0) == before - 1
