"""Every main page at a laptop's 1366 px in Chromium, on the demo data: no header cell, pill, amount, short term or
date wraps inside its word, and no page (nor any table in it) is wider than the window (issue 20).

What counts as a word is in line_breaks.js: headers, badges and markers, amounts (td.num), what is marked .nw, any
short cell without a space (a unit, a group, a period), and every date (2026-11-14) in any text. An element is on
one line when its text's line boxes share one baseline."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from indicators.models import Indicator
from projects.models import Project
from supervision.models import SupervisionOrder
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHECK = (Path(__file__).parent / "line_breaks.js").read_text()


@pytest.fixture
def demo(users):
    for command in ("load_demo", "load_demo_indicators", "load_demo_goals"):
        call_command(command, stdout=io.StringIO())
    project = Project.objects.filter(milestones__isnull=False).order_by("code").first()
    order = SupervisionOrder.objects.order_by("pk").first()
    paths = {
        "首页": "/",
        "项目清单": "/projects/",
        "逾期督办": "/overdue/",
        "项目详情": f"/projects/{project.pk}/",
        "月度填报": f"/projects/{project.pk}/report/",
        "经济指标": "/indicators/",
        "指标详情": f"/indicators/{Indicator.objects.order_by('pk').first().pk}/",
        "督办台账": "/supervision/",
        "待督办": "/supervision/todo/",
        "我的待办": "/my/",
        "未报汇总": "/reports/unreported/",
        "红黄榜": "/ranking/",
        "后台项目": f"/admin/projects/project/{project.pk}/change/",
    }
    if order:
        paths["督办单"] = f"/supervision/{order.pk}/"
    return paths


@pytest.fixture
def laptop(browser, live_server):
    """A 1366 × 900 window in the server's time zone (else the admin adds a time-zone note under each date)."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id=settings.TIME_ZONE,
        viewport={"width": 1366, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_no_word_wraps_and_no_page_is_wider_than_the_window(laptop, demo):
    log_in(laptop, "admin", PASSWORD)
    problems = {}
    for name, path in demo.items():
        laptop.goto(path)
        result = laptop.evaluate(CHECK)
        width, window = result["wide"]
        found = result["bad"] + result["wraps"] + ([f"page {width} px wide"] if width > window else [])
        if found:
            problems[name] = found[:10]
    assert problems == {}


def test_no_page_is_wider_than_the_window_in_english(laptop, demo, live_server):
    log_in(laptop, "admin", PASSWORD)
    laptop.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    too_wide = {}
    for name, path in demo.items():
        laptop.goto(path)
        result = laptop.evaluate(CHECK)
        width, window = result["wide"]
        if width > window or result["wraps"]:
            too_wide[name] = [width, *result["wraps"]]
    assert too_wide == {}
