"""A phone's 390 px in Chromium, on the demo data (issue 20): no page is wider than the screen, the dashboard's
tables are cards whose every figure is labelled (no hidden sideways scroll), and the lists are compact cards."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from indicators.models import Indicator
from monthclose.models import ClosedMonth
from projects.models import Project
from supervision.models import SupervisionOrder
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The page's width, and every element of a table (or its wrapper) that scrolls sideways.
WIDTHS = """() => ({
  page: document.documentElement.scrollWidth,
  window: window.innerWidth,
  scrolling: [...document.querySelectorAll('.table-wrap, table')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.className),
})"""

# Each figure's label as shown (its ::before), and whether the cell lies within the screen.
LABELS = """(selector) => [...document.querySelectorAll(selector)].map(td => {
  const box = td.getBoundingClientRect();
  return {
    label: getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''),
    color: td.dataset.color || '',
    inside: box.left >= 0 && box.right <= window.innerWidth && box.width > 0,
  };
})"""


@pytest.fixture
def demo(users):
    for command in ("load_demo", "load_demo_indicators", "load_demo_goals"):
        call_command(command, stdout=io.StringIO())


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id=settings.TIME_ZONE,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_fits(page):
    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= widths["window"], widths
    assert widths["scrolling"] == [], widths


@pytest.mark.parametrize("path", ["/", "/projects/", "/overdue/", "/ranking/"])
def test_no_page_is_wider_than_a_phone(phone, demo, path):
    log_in(phone, "admin", PASSWORD)
    phone.goto(path)
    assert_fits(phone)


def test_the_dashboards_matrix_labels_every_color_on_a_phone(phone, demo):
    log_in(phone, "admin", PASSWORD)
    phone.goto("/")
    cells = phone.evaluate(LABELS, "table.matrix tbody td")
    colored = [c for c in cells if c["color"]]
    assert {c["color"] for c in colored} == {"red", "yellow", "green", "blue", "none"}
    labels = {"红色 · 滞后督办", "黄色 · 超期预警", "绿色 · 推进正常", "蓝色 · 超前示范", "未评估"}
    assert {c["label"] for c in colored} == labels
    assert all(c["inside"] for c in cells)
    assert {c["label"] for c in cells if not c["color"]} == {"合计"}


def test_the_dashboards_ranking_and_due_soon_are_labelled_cards_on_a_phone(phone, demo):
    log_in(phone, "admin", PASSWORD)
    phone.goto("/")
    ranking = phone.evaluate(LABELS, "table.ranking tbody td:not(.rank)")
    assert ranking and all(c["inside"] and c["label"] for c in ranking)
    assert {c["label"] for c in ranking if c["color"]} == {"红色节点", "黄色节点"}
    due = phone.evaluate(LABELS, "table.due-soon tbody td:not(.title)")
    assert {c["label"] for c in due} == {"节点：", "责任单位：", "计划完成时间：", "剩余天数："}  # full-width colon
    assert all(c["inside"] for c in due)
    # 节点 is read whole: its cell is as wide as the card, not squeezed to two characters
    milestone = phone.locator("table.due-soon td.milestone").first.bounding_box()
    assert milestone["width"] > 250


@pytest.mark.parametrize("path", ["/projects/?batch=ongoing&status=red", "/overdue/?color=red"])
def test_filters_are_folded_on_a_phone_with_a_summary_and_open_on_a_laptop(phone, demo, path):
    log_in(phone, "admin", PASSWORD)
    phone.goto(path)
    bar = phone.locator("details.filter-bar")
    assert bar.evaluate("d => d.open") is False
    summary = bar.locator("summary")
    assert summary.is_visible()
    n = 2 if "batch" in path else 1
    assert f"已设 {n} 项" in summary.inner_text()
    assert not phone.locator("form.filter-form").is_visible()
    first_row = phone.locator("table.data-table tbody tr").first.bounding_box()
    assert first_row["y"] < 844 * 1.5  # the rows begin near the first screen, not below a screen of filters
    summary.click()
    assert phone.locator("form.filter-form").is_visible()
    summary.click()
    assert not phone.locator("form.filter-form").is_visible()
    phone.set_viewport_size({"width": 1366, "height": 900})  # a laptop: the form without the line
    assert not summary.is_visible() and phone.locator("form.filter-form").is_visible()


@pytest.mark.parametrize(
    "path, filters",
    [
        ("/projects/?batch=ongoing&status=red", "批次：在建；进度状态：红色 · 滞后督办"),
        ("/overdue/?color=red&min_days=30", "状态：红色 · 滞后督办；最少逾期天数：30"),
    ],
)
def test_a_printed_list_shows_its_header_and_no_navigation(phone, demo, path, filters):
    log_in(phone, "admin", PASSWORD)
    phone.set_viewport_size({"width": 1032, "height": 730})  # an A4 landscape page's width inside its margins
    phone.goto(path)
    assert not phone.locator("dl.print-header").is_visible()  # on screen the page itself says as much
    assert phone.locator("button[data-print]").is_visible()
    phone.emulate_media(media="print")
    for hidden in (".site-header", "details.filter-bar", ".actions", "button[data-print]", ".site-footer"):
        assert not phone.locator(hidden).first.is_visible(), hidden
    header = phone.locator("dl.print-header")
    assert header.is_visible()
    text = header.inner_text().replace("\n", "")
    assert filters in text and "状态截至：" in text and "打印日期：" in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 1032


def test_the_menu_folds_into_one_line_on_a_phone_with_the_counts_in_sight(phone, demo):
    log_in(phone, "admin", PASSWORD)
    phone.goto("/projects/")
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] < 844 / 8  # two rows: the brand, then 菜单, the bell, the user and the language switch
    menu = phone.locator("details.nav-menu")
    summary = menu.locator("summary")
    assert menu.evaluate("d => d.open") is False and summary.is_visible()
    assert not phone.locator(".main-nav").is_visible()
    assert phone.locator(".bell").is_visible()
    assert summary.locator(".nav-count").is_visible()  # the count of 我的待办 stays in sight
    assert summary.inner_text().startswith("菜单")
    summary.click()  # opens over the page, under the header, every link in sight
    links = phone.locator(".main-nav a")
    assert links.count() >= 10
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["y"] >= header["y"] + header["height"] - 1 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert phone.locator(".main-nav a[aria-current=page]").inner_text() == "项目清单"
    links.filter(has_text="逾期督办").click()
    phone.wait_for_url("**/overdue/")
    assert not phone.locator(".main-nav").is_visible()
    phone.set_viewport_size({"width": 1366, "height": 900})  # a laptop: the menu without the line
    assert not phone.locator("details.nav-menu > summary").is_visible()
    assert phone.locator(".main-nav").is_visible() and phone.locator(".main-nav .nav-count").is_visible()


# Each project card of the list: its height, and where its parts lie.
CARDS = """() => [...document.querySelectorAll('table.project-list tbody tr')].map(tr => {
  const top = sel => tr.querySelector(sel).getBoundingClientRect().top;
  return {
    height: tr.getBoundingClientRect().height,
    code_name: Math.abs(top('td.f-code') - top('td.f-name')),
    explain: parseFloat(getComputedStyle(tr.querySelector('td.f-status .explain')).fontSize),
  };
})"""


def test_the_project_list_is_a_compact_card_per_project_on_a_phone(phone, demo):
    log_in(phone, "admin", PASSWORD)
    phone.goto("/projects/")
    cards = phone.evaluate(CARDS)
    assert len(cards) >= 20
    heights = sorted(c["height"] for c in cards)
    assert heights[len(heights) // 2] <= 200, heights  # was about 400 px, one line per field
    assert heights[-1] <= 260, heights
    assert all(c["code_name"] < 8 for c in cards)  # code and name on one line
    assert all(c["explain"] < 13 for c in cards)  # the explanation in small type
    # the short figures two by two: 批次 beside 牵头单位
    first = phone.locator("table.project-list tbody tr").first
    batch = first.locator("td[data-label=批次]").bounding_box()
    lead = first.locator("td[data-label=牵头单位]").bounding_box()
    assert abs(batch["y"] - lead["y"]) < 2 and lead["x"] > batch["x"] + batch["width"] - 1
    assert_fits(phone)


def test_a_printed_project_page_shows_its_header_and_no_navigation_nor_actions(phone, demo):
    log_in(phone, "admin", PASSWORD)
    project = Project.objects.filter(milestones__isnull=False).order_by("code").first()
    phone.set_viewport_size({"width": 1032, "height": 730})
    phone.goto(f"/projects/{project.pk}/")
    assert not phone.locator("dl.print-header").is_visible()
    assert phone.locator("button[data-print]").is_visible()
    phone.emulate_media(media="print")
    for hidden in (".site-header", ".crumbs", ".page-tools", ".actions", ".row-actions", ".site-footer"):
        assert not phone.locator(hidden).first.is_visible(), hidden
    text = phone.locator("dl.print-header").inner_text().replace("\n", "")
    assert "状态截至：" in text and "打印日期：" in text and "筛选条件" not in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 1032


def test_the_whole_printed_project_list_keeps_within_a4s_width(phone, demo):
    log_in(phone, "admin", PASSWORD)
    phone.set_viewport_size({"width": 1032, "height": 730})
    phone.goto("/projects/")
    phone.emulate_media(media="print")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 1032  # was 1,054: a long name kept whole


def test_the_project_pages_milestones_are_compact_cards_on_a_phone(phone, demo):
    log_in(phone, "admin", PASSWORD)
    project = Project.objects.filter(milestones__isnull=False).order_by("code").first()
    phone.goto(f"/projects/{project.pk}/")
    assert_fits(phone)
    card = phone.locator("table.timeline tbody tr").first
    title, color = card.locator("td.title").bounding_box(), card.locator("td.lead .badge").bounding_box()
    assert title["y"] < color["y"]  # the milestone, then its color
    planned = card.locator("td[data-label=计划完成时间]").bounding_box()
    baseline = card.locator("td[data-label=基线计划时间]").bounding_box()
    unit = card.locator("td[data-label=责任单位]").bounding_box()
    assert color["y"] < unit["y"] and abs(unit["y"] - planned["y"]) < 2  # the dates two by two, under the color
    assert baseline["y"] > planned["y"] and baseline["x"] < planned["x"]
    assert card.bounding_box()["height"] < 200


def test_the_bulletin_keeps_a_phones_width_its_tables_scrolling_with_a_hint(phone, demo):
    call_command("close_demo_months", stdout=io.StringIO())
    closed = ClosedMonth.objects.order_by("-year", "-month").first()
    log_in(phone, "admin", PASSWORD)
    phone.goto(f"/months/{closed.year}/{closed.month}/")
    assert phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [390, 390]
    assert phone.locator(".scroll-hint").is_visible()
    ranking = phone.locator("table.bulletin-table.ranking")
    assert ranking.evaluate("t => t.scrollWidth > t.clientWidth")  # it scrolls in its own box
    unit = ranking.locator("tbody th").first.bounding_box()
    assert unit["width"] > 90  # a unit's name in a few lines, not a character a line
    phone.set_viewport_size({"width": 1366, "height": 900})
    assert not phone.locator(".scroll-hint").is_visible()
    phone.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": phone.url}])
    phone.reload()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 1366  # English headers wrap between words
    assert ranking.locator("tbody th").first.bounding_box()["width"] > 90
    assert "(" in phone.locator("table.bulletin-table.totals tbody td").first.inner_text()  # 0 (0), not 0（0）


def test_an_order_and_its_notice_fit_a_phone_with_their_colors_and_dates_whole(phone, demo):
    order = SupervisionOrder.objects.filter(milestones__isnull=False).order_by("pk").first()
    log_in(phone, "admin", PASSWORD)
    phone.goto(f"/supervision/{order.pk}/")
    assert_fits(phone)  # its milestones and its log are cards, not tables scrolled sideways
    badge = phone.locator("#milestones tbody .badge").first.bounding_box()
    assert badge["x"] + badge["width"] <= 390 and badge["height"] < 30  # in sight, on one line
    phone.goto(f"/supervision/{order.pk}/print/")
    assert phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [390, 390]
    due = phone.locator("td.notice-due")
    assert due.bounding_box()["height"] < 30  # 2026-12-04 on one line, not 2026- / 12-04
    for table in phone.locator("table.notice-table").all():
        assert table.evaluate("t => t.getBoundingClientRect().right") <= 390


KPI = """() => {
  const card = document.querySelector('dl.kpi').closest('section').getBoundingClientRect();
  return [...document.querySelectorAll('dl.kpi > div')].map(d => {
    const label = d.querySelector('dt'), range = document.createRange();
    range.selectNodeContents(label);
    return {
      label: label.textContent,
      lines: new Set([...range.getClientRects()].map(r => Math.round(r.top))).size,
      inside: [...d.querySelectorAll('dt, dd, dd *')].every(e => e.getBoundingClientRect().right <= card.right),
    };
  });
}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_dashboards_investment_figures_keep_within_their_card_and_the_amounts_labels_whole(
    phone, demo, live_server, language
):
    log_in(phone, "admin", PASSWORD)
    phone.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    for width in (1366, 390):
        phone.set_viewport_size({"width": width, "height": 900})
        phone.goto("/")
        figures = phone.evaluate(KPI)
        assert len(figures) == 6 and all(f["inside"] for f in figures), (width, figures)
        if language == "zh-hans":  # 清单项目年度计划投资（万元）on one line, not broken inside 万元
            assert [f["lines"] for f in figures[:2]] == [1, 1], (width, figures)


def test_the_month_pages_the_unreported_summary_and_the_alerts_are_cards_on_a_phone(phone, demo):
    call_command("close_demo_months", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    unit = ClosedMonth.objects.order_by("-year", "-month").first().entries.values_list("lead_unit", flat=True).first()
    log_in(phone, "admin", PASSWORD)
    paths = ("/months/", "/months/trend/", f"/months/trend/unit/{unit}/", "/reports/unreported/", "/notifications/")
    for path in paths:
        phone.goto(path)
        assert_fits(phone)  # no table scrolled sideways, its last columns out of sight
        labels = phone.evaluate(LABELS, "table.cards tbody td[data-label]")
        assert labels and all(c["inside"] and c["label"] for c in labels), path
        plain = phone.evaluate(LABELS, "table.cards:not(.grid-cards) tbody td[data-label]:not(.title)")
        assert all(c["label"].endswith("：") for c in plain), path  # 时间：, not 时间:
    phone.goto("/months/trend/")
    colors = phone.evaluate(LABELS, "table.trend-table tbody td[data-color]")
    assert {c["label"] for c in colors} == {"红色 · 滞后督办", "黄色 · 超期预警", "绿色 · 推进正常", "蓝色 · 超前示范"}
    # the chart's labels readable (11 px, they were 5.5 px: the drawing at half size), none over another
    boxes = phone.locator(".trend-chart text.month-label").evaluate_all(
        "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.right, b.height]; })"
    )
    assert len(boxes) == 12 and min(h for _l, _r, h in boxes) >= 11
    assert all(boxes[i][1] <= boxes[i + 1][0] + 0.5 for i in range(11))


# The width of the page heading's first curly quote, in ems of the heading's font size.
QUOTE = """() => {
  const h1 = document.querySelector('h1'), text = h1.firstChild, at = text.data.indexOf('“');
  const range = document.createRange();
  range.setStart(text, at);
  range.setEnd(text, at + 1);
  return range.getBoundingClientRect().width / parseFloat(getComputedStyle(h1).fontSize);
}"""


@pytest.mark.parametrize("language, wide", [("zh-hans", True), ("en", False)])
def test_curly_quotes_are_full_width_in_chinese_and_narrow_in_english(phone, demo, live_server, language, wide):
    log_in(phone, "admin", PASSWORD)
    phone.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    phone.goto("/projects/")
    assert (phone.evaluate(QUOTE) > 0.8) is wide  # 2026 年“四个一批”项目清单; 2026 “Four batches” project list


def test_an_indicators_facts_wrap_between_them_not_inside_a_word_on_a_phone(phone, demo):
    log_in(phone, "admin", PASSWORD)
    indicator = Indicator.objects.order_by("pk").first()
    phone.goto(f"/indicators/{indicator.pk}/")
    assert_fits(phone)
    heights = phone.locator("p.facts > span.nw").evaluate_all("spans => spans.map(s => s.getClientRects().length)")
    assert len(heights) >= 5 and set(heights) == {1}  # 报送频率：季度 whole, not 季 / 度


def test_a_long_english_label_of_a_figure_card_wraps_rather_than_run_over_its_figure(phone, demo, live_server):
    log_in(phone, "admin", PASSWORD)
    phone.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    phone.goto("/")
    cells = phone.locator("table.matrix tbody td[data-color]")
    styles = cells.evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').whiteSpace)")
    assert styles and set(styles) == {"normal"}  # "Red · lagging, supervised" in two lines beside its count
    red = phone.locator("table.matrix tbody td[data-color=red]").first.bounding_box()
    assert red["height"] > 30 and red["x"] + red["width"] <= 390
