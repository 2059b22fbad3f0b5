"""The wall screen /screen/ in a real browser at 1920 × 1080: nothing scrolls, every block is filled, a refresh shows
changed data without reloading the page, a network blip keeps the last figures; and the API's documentation page runs
under the site's strict Content-Security-Policy."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from cockpit.models import YearGoal
from portal.models import SCREEN_GROUP
from projects.models import ProgressReport
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import log_in
from tests.factories import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
BLOCKS = ["goals", "matrix", "investment", "ranking", "red", "trend"]


@pytest.fixture
def site(users, unit_a, unit_b):
    today = timezone.localdate()
    year = today.year
    make_user("screen", SCREEN_GROUP)
    YearGoal.objects.create(
        year=year,
        list_count=12,
        in_stats_count=5,
        working_count=8,
        in_use_count=2,
        reserve_count=3,
        investment=Decimal("1.5"),
        industrial_investment=Decimal("0.5"),
        key_level_count=2,
        key_level_rate=Decimal("150"),
    )
    late, soon = today - dt.timedelta(days=40), today + dt.timedelta(days=20)
    for n in range(8):
        unit = unit_a if n % 2 else unit_b
        project = make_project(
            unit,
            code=f"S-{n:02d}",
            name=f"一屏统览测试项目{n}号",
            year=year,
            batch=["start", "ongoing", "reserve", "in_use"][n % 4],
            level="municipal" if n < 3 else "district",
            category="电子信息" if n % 3 == 0 else "基础设施",
            annual_plan=1000,
            milestones=[(late if n < 3 else soon, None)],
        )
        ProgressReport.objects.create(project=project, year=year, month=1, investment_completed=100 * n)
    return {"year": year, "late": late}


def test_the_wall_screen_fits_fills_and_refreshes(browser, live_server, site, unit_a):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else 0)
    log_in(page, "screen", PASSWORD, "/screen/?refresh=5")
    # (wait_for_function evaluates a string: the page's policy refuses it; selectors need no script of the test's)
    page.wait_for_selector("#screen[data-loaded]")

    fits = page.evaluate(
        """() => {
          const d = document.documentElement;
          const blocks = [...document.querySelectorAll('.block')].map(
            b => [b.querySelector('h2').id, b.scrollHeight <= b.clientHeight + 1, b.scrollWidth <= b.clientWidth + 1]);
          return {page: d.scrollHeight <= innerHeight && d.scrollWidth <= innerWidth, blocks};
        }"""
    )
    if os.environ.get("SCREEN_SHOT"):  # a picture to look at: SCREEN_SHOT=/tmp/screen.png
        page.screenshot(path=os.environ["SCREEN_SHOT"])
    assert fits["page"], "the screen scrolls"
    assert all(tall and wide for _id, tall, wide in fits["blocks"]), fits["blocks"]
    for block in BLOCKS:
        assert page.locator(f"#{block}").inner_text().strip(), f"block {block} is empty"
    assert page.locator("#goals .goal").count() == 9  # the goals set (开工项目数 is not)
    goal_labels = {"红色 · 未达标", "黄色 · 接近目标", "绿色 · 达标", "蓝色 · 超额", "未评估"}  # the indicators' rule
    assert set(page.locator("#goals .tag").all_inner_texts()) <= goal_labels
    investment_labels = {"红色 · 投资严重滞后", "黄色 · 投资滞后", "绿色 · 投资正常", "蓝色 · 投资超前", "未评估"}
    assert page.locator("#investment .tag").inner_text() in investment_labels  # not the schedule's 超期预警
    assert page.locator("#red li").count() == 3
    assert page.locator("#red-count").inner_text() == "3"

    # The data changes: the next refresh (within 5 s, no reload) shows it.
    marker = page.evaluate("window.screenMarker = 42")
    make_project(
        unit_a, code="S-99", name="新增红色项目", year=site["year"], batch="ongoing", milestones=[(site["late"], None)]
    )
    page.wait_for_selector("#red-count:text-is('4')")
    assert page.evaluate("window.screenMarker") == marker  # the same page: not reloaded
    assert page.locator("#red li").count() == 4

    # A network blip: the last good figures stay, the header says since when.
    page.route("**/api/v1/**", lambda route: route.abort())
    page.wait_for_selector(".fetch-state.stale")
    assert page.locator("#red-count").inner_text() == "4"
    assert "网络中断" in page.locator("#fetched").inner_text()
    page.unroute("**/api/v1/**")
    page.wait_for_selector(".fetch-state:not(.stale)")
    assert refused == []
    context.close()


def test_the_api_docs_page_runs_under_the_strict_policy(page, site):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else 0)
    log_in(page, "manager", PASSWORD)
    page.goto("/api/v1/docs/")
    page.wait_for_selector("#swagger-ui .opblock")
    assert page.locator("#swagger-ui .opblock").count() == 5  # projects, a project, summary, ranking, indicators
    assert refused == []


LINES = (
    "e => { const r = document.createRange(); r.selectNodeContents(e);"
    " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
)


@pytest.mark.parametrize("language, no_goals", [("zh-hans", "本年度尚未设定目标"), ("en", "No goals set")])
def test_the_wall_screens_title_and_its_no_goals_line_keep_to_one_line(browser, live_server, users, language, no_goals):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, "admin", PASSWORD, "/screen/")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page.goto("/screen/")
    page.wait_for_selector("#screen[data-loaded]")
    empty = page.locator("#goals .empty")
    assert no_goals in empty.inner_text()
    assert empty.evaluate(LINES) == 1  # not cut at 年 / 度目标
    assert page.locator(".screen-head h1").evaluate(LINES) == 1  # the English title ran over the goals' block
    context.close()
