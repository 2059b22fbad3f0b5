"""In a real browser: the staff update flow, the manager's overdue export, the dashboard."""

import datetime as dt

import openpyxl
import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _today():
    return timezone.localdate()


@pytest.fixture
def red_project(users, unit_a, unit_b):
    """A project of unit A with one milestone 40 days overdue (red), beside a yellow one of unit B."""
    today = _today()
    make_project(
        unit_b,
        code="E2E-Y",
        name="黄色项目",
        year=today.year,
        milestones=[(today - dt.timedelta(days=5), None)],
    )
    return make_project(
        unit_a,
        code="E2E-R",
        name="红色项目",
        year=today.year,
        batch="start",
        milestones=[{"name": "主体完工", "planned_date": today - dt.timedelta(days=40)}],
    )


def test_manager_exports_the_overdue_list(page, red_project, tmp_path):
    log_in(page, "manager", PASSWORD, "/overdue/")
    assert page.locator("h1").inner_text() == "逾期督办"
    page.select_option("select[name=color]", "red")
    page.click("form.filter-form button[type=submit]")
    page.wait_for_url("**color=red**")
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 1
    assert "E2E-R" in rows.first.inner_text() and "红色 · 滞后督办" in rows.first.inner_text()

    with page.expect_download() as download_info:
        page.click("text=导出 Excel")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    ws = openpyxl.load_workbook(path).active
    data = [[cell.value for cell in row] for row in ws.iter_rows(min_row=3)]
    assert [(r[0], r[5], r[7], r[8]) for r in data] == [("E2E-R", "主体完工", 40, "红色 · 滞后督办")]


def test_dashboard_shows_matrix_chart_and_links(page, red_project):
    log_in(page, "staff_b", PASSWORD)  # staff land on 我的待办 (the site's root as next is no particular page)
    page.goto("/")
    assert page.locator("h1").inner_text() == "首页"
    chart = page.locator("svg.dash-chart")
    assert chart.is_visible()
    assert "开工 · 红色 · 滞后督办：1" in chart.locator("title").all_text_contents()
    assert "红色 · 滞后督办" in page.locator(".legend").inner_text()
    year = _today().year
    red_total = page.locator("table.matrix tr.total td a").first
    assert red_total.inner_text() == "1"
    assert f"year={year}" in red_total.get_attribute("href") and "status=red" in red_total.get_attribute("href")
    # Another as-of date through the form: 50 days ago nothing was overdue yet.
    page.fill("input[name=as_of]", (_today() - dt.timedelta(days=50)).isoformat())
    page.click("form.filter-form button[type=submit]")
    page.wait_for_url("**as_of=**")
    assert page.locator("table.matrix tr.total td a").first.inner_text() == "0"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator("svg.dash-chart").bounding_box()["width"] <= 390


def test_staff_records_an_actual_date_and_sees_the_color_change(page, red_project):
    log_in(page, "staff_a", PASSWORD)
    page.goto("/projects/?status=red")
    page.click("a:has-text('E2E-R')")
    page.wait_for_url(f"**/projects/{red_project.pk}/**")
    milestone = page.locator("tr:has-text('主体完工')").first
    assert "红色 · 滞后督办" in milestone.inner_text()

    milestone.locator("a:has-text('填报完成')").click()
    page.wait_for_url("**/actual/")
    form = page.locator("form:has(input[name=actual_date])").first
    form.locator("input[name=actual_date]").fill(_today().isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/projects/{red_project.pk}/**")

    milestone = page.locator("tr:has-text('主体完工')").first
    text = milestone.inner_text()
    assert "绿色 · 推进正常" in text
    assert "逾期完成 40 天" in text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_header_is_one_row_on_a_laptop_screen_in_both_languages(page, red_project, language):
    """At 1366 px (a common office laptop) the menu, the user box and the language switch share one row, also in
    English, where the brand is long and wraps inside its own box instead of pushing the menu to a second row."""
    page.set_viewport_size({"width": 1366, "height": 800})
    log_in(page, "admin", PASSWORD, "/projects/")  # the longest menu
    if language == "en":
        page.click("form.lang-switch button[value=en]")
        page.wait_for_selector("html[lang=en]")
    tops = {
        name: page.locator(selector).bounding_box()["y"]
        for name, selector in [
            ("first menu item", ".main-nav a >> nth=0"),
            ("last menu item", ".main-nav a >> nth=-1"),
            ("log out", ".user-box button"),
            ("language switch", ".lang-switch button >> nth=-1"),
        ]
    }
    header = page.locator(".site-header").bounding_box()
    for name, top in tops.items():
        assert top < header["y"] + header["height"] / 2, f"{name} is on a second row of the header"


def test_on_a_phone_pages_fit_the_screen_and_every_color_shows_its_label(page, red_project):
    """At 390 px the tables become cards: nothing is wider than the screen and each row's badge (color and label) is
    within it, not off to the right of a scrolled table."""
    from tests.indicator_factories import add_value, make_indicator, set_target

    indicator = make_indicator("growth", unit=red_project.lead_unit)
    set_target(indicator, "7", year=_today().year)
    add_value(indicator, 3 if _today().month >= 3 else 2, growth="5", year=_today().year)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "manager", PASSWORD, "/overdue/")
    paths = ["/overdue/", "/projects/", f"/projects/{red_project.pk}/", "/indicators/", f"/indicators/{indicator.pk}/"]
    for path in paths:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        badge = page.locator("table.data-table tbody .badge").first
        box = badge.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, path
        assert badge.inner_text().strip(), path
    page.goto("/projects/")
    page.locator("table.data-table thead th.orderable a", has_text="进度状态").click()  # sorting stays possible
    page.wait_for_url("**sort=status**")
