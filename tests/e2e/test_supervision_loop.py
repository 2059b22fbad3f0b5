"""In a real browser, the whole supervision loop: a manager issues two orders from 待督办 in one step; the lead unit's
staff see them on login (the bell), acknowledge one and reply with a cause; the manager returns it; the staff reply
again; the manager closes it; the ledger and the dashboard show the counts, the project list marks the project still
under supervision; the printed notice shows the number and the reply."""

import datetime as dt

import pytest
from django.utils import timezone

from supervision.models import SupervisionOrder
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def lagging(users, unit_a):
    today = timezone.localdate()
    make_project(
        unit_a,
        code="E2E-R",
        name="红色项目",
        year=today.year,
        milestones=[{"name": "主体完工", "planned_date": today - dt.timedelta(days=40)}],
    )
    make_project(
        unit_a,
        code="E2E-Y",
        name="黄色项目",
        year=today.year,
        milestones=[{"name": "管网接入", "planned_date": today - dt.timedelta(days=5)}],
    )


def as_user(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, username, PASSWORD)
    return page


def act(page, action, **fields):
    form = page.locator(f"#action-{action}")
    for name, value in fields.items():
        field = form.locator(f"[name='{action}-{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_the_supervision_loop(browser, live_server, lagging):
    manager = as_user(browser, live_server, "manager")
    manager.goto("/supervision/todo/")
    assert "共 2 个待督办节点" in manager.locator(".summary-bar").inner_text()
    manager.check("input.select-all")
    assert "已选 2 个节点" in manager.locator(".selected-count").inner_text()
    manager.click("#issue-form button[type=submit]")
    manager.wait_for_url("**/todo/preview/")
    assert manager.locator("section.planned-order").count() == 2
    manager.click("text=确认交办")
    manager.wait_for_url("**/supervision/?year=*")
    assert "已交办 2 份督办单" in manager.locator(".messages").inner_text()
    red = SupervisionOrder.objects.get(project__code="E2E-R")
    other = SupervisionOrder.objects.get(project__code="E2E-Y")
    assert (red.level, other.level) == ("order", "warning")

    staff = as_user(browser, live_server, "staff_a")
    assert staff.locator(".bell-count").inner_text().startswith("2")
    staff.click("a.bell")
    staff.locator("button.link-button", has_text=red.number).click()
    staff.wait_for_url(f"**/supervision/{red.pk}/")
    act(staff, "acknowledge")
    assert "已签收" in staff.locator("h1").inner_text()
    act(staff, "reply", measures="已协调施工单位增加作业面", cause="construction")
    assert "已反馈" in staff.locator("h1").inner_text()

    manager.goto(f"/supervision/{red.pk}/")
    act(manager, "return", reason="措施不具体，请明确完成时间")
    assert "退回重办" in manager.locator("h1").inner_text()

    staff.reload()
    act(staff, "reply", measures="本月25日前完成主体施工", cause="construction")
    manager.reload()
    act(manager, "close", note="经现场核实，同意销号")
    assert "已办结" in manager.locator("h1").inner_text()

    manager.goto("/supervision/")
    counts = {
        state: manager.locator(f".summary-bar [data-state={state}] .count").inner_text()
        for state in ("issued", "closed", "replied")
    }
    assert counts == {"issued": "1", "closed": "1", "replied": "0"}

    manager.goto("/")
    figures = manager.locator("section.supervision-metrics")
    assert (figures.locator("dd.received").inner_text(), figures.locator("dd.open").inner_text()) == ("2", "1")
    assert figures.locator("dd.closed").inner_text() == "1"
    manager.goto("/projects/?open_order=yes")
    assert manager.locator("table.project-list tbody tr").count() == 1
    assert "督办中" in manager.locator("table.project-list tbody tr", has_text="E2E-Y").inner_text()

    manager.goto(f"/supervision/{red.pk}/print/")
    notice = manager.locator("article.notice").inner_text()
    assert red.number in notice and "项目督办单" in notice and "本月25日前完成主体施工" in notice
    manager.emulate_media(media="print")
    assert not manager.locator(".site-header").is_visible()
