"""The dashboard: batch × status matrix, chart, unit ranking, due soon, investment, for a year as of a date."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.dashboard import investment_color, months_elapsed
from projects.models import ProgressReport
from projects.status import Color
from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)
URL = f"/?year=2025&as_of={AS_OF}"


def days(n):
    return AS_OF + dt.timedelta(days=n)


@pytest.fixture
def data(db):
    a, b, c = make_unit("甲局", "甲局"), make_unit("乙镇", "乙镇"), make_unit("丙园", "丙园")
    red = [(days(-40), None)]
    yellow = [(days(-5), None)]
    green = [(days(10), None)]
    blue = [(days(-1), days(-40))]
    make_project(a, code="S1", batch="start", milestones=red, annual_plan=1000)
    make_project(a, code="S2", batch="start", milestones=green, annual_plan=500)
    make_project(b, code="O1", batch="ongoing", milestones=yellow, annual_plan=300)
    make_project(b, code="O2", batch="ongoing", milestones=yellow)
    make_project(c, code="U1", batch="in_use", milestones=blue)
    make_project(c, code="R1", batch="reserve")  # no milestone: none
    make_project(a, code="OLD", year=2024, batch="start", milestones=red, annual_plan=9999)
    return {"a": a, "b": b, "c": c}


@pytest.fixture
def manager(client_for):
    return client_for("manager")


def matrix_counts(response):
    return {
        row["batch"]: [cell["count"] for cell in row["cells"]] + [row["total"]] for row in response.context["matrix"]
    }


def test_batch_status_matrix_counts(data, manager):
    counts = matrix_counts(manager.get(URL))
    #                     red yellow green blue none total
    assert counts["reserve"] == [0, 0, 0, 0, 1, 1]
    assert counts["start"] == [1, 0, 1, 0, 0, 2]
    assert counts["ongoing"] == [0, 2, 0, 0, 0, 2]
    assert counts["in_use"] == [0, 0, 0, 1, 0, 1]
    assert counts[None] == [1, 2, 1, 1, 1, 6]


def test_matrix_cells_link_to_the_filtered_list(data, manager):
    page = manager.get(URL).content.decode()
    assert 'href="/projects/?year=2025&amp;as_of=2025-06-30&amp;batch=ongoing&amp;status=yellow"' in page
    assert 'href="/projects/?year=2025&amp;as_of=2025-06-30&amp;status=red"' in page  # the total row


def test_chart_is_inline_svg_with_text_labels(data, manager):
    response = manager.get(URL)
    page = response.content.decode()
    assert "<svg" in page and "<script" not in page
    assert "<title>在建 · 黄色 · 超期预警：2</title>" in page
    assert '<li class="badge red">红色 · 滞后督办</li>' in page  # the legend names every color
    bars = {bar["label"]: [(s.color, s.count) for s in bar["segments"]] for bar in response.context["chart"]["bars"]}
    assert bars["开工"] == [("red", 1), ("green", 1)]


def test_chart_bars_start_after_the_longest_label_in_either_language(data, manager):
    """On a phone the chart's text is large: English batch names ("Put into use") were cut off at a fixed width."""

    def first_x(response):
        return {bar["segments"][0].x for bar in response.context["chart"]["bars"] if bar["segments"]}

    (chinese,) = first_x(manager.get(URL))
    manager.cookies["django_language"] = "en"
    (english,) = first_x(manager.get(URL))
    assert chinese == 100  # 储备, 开工, 在建, 投用: the minimum
    assert english >= len("Put into use") * 0.55 * 24  # its width at the phone's font size


def test_as_of_changes_the_counts(data, manager):
    counts = matrix_counts(manager.get(f"/?year=2025&as_of={days(-30)}"))
    # A month earlier the red milestone was 10 days late (yellow) and the yellow ones were not due yet.
    assert counts[None] == [0, 1, 3, 1, 1, 6]
    assert counts["start"] == [0, 1, 1, 0, 0, 2]
    assert counts["ongoing"] == [0, 0, 2, 0, 0, 2]


def test_year_selects_that_years_list(data, manager):
    counts = matrix_counts(manager.get(f"/?year=2024&as_of={AS_OF}"))
    assert counts[None] == [1, 0, 0, 0, 0, 1]


def test_unit_ranking_worst_first_with_links(data, manager, settings):
    settings.REPORT_DUE_DAY = 25
    response = manager.get(URL)
    rows = response.context["ranking"].rows
    assert [r.rank.unit.short_name for r in rows] == ["甲局", "乙镇", "丙园"]
    assert [(r.rank.red, r.rank.yellow) for r in rows] == [(1, 0), (0, 2), (0, 0)]
    assert rows[2].rank.on_time_pct == 100 and rows[0].rank.on_time_pct is None
    # January to June missing for the projects each leads that report (丙园's 储备 project reports nothing).
    assert [r.rank.late_reports for r in rows] == [12, 12, 6]
    page = response.content.decode()
    assert f'href="/overdue/?year=2025&amp;as_of=2025-06-30&amp;unit={data["a"].pk}"' in page
    assert 'href="/ranking/?year=2025&amp;as_of=2025-06-30"' in page


def test_due_soon_lists_open_milestones_within_the_window(db, manager, settings):
    settings.DUE_SOON_DAYS = 7
    unit = make_unit()
    make_project(unit, code="D1", milestones=[(days(3), None), (days(8), None), (days(2), days(-1))])
    make_project(unit, code="D2", milestones=[(AS_OF, None), (days(7), None, True)])
    make_project(unit, code="D3", year=2024, milestones=[(days(1), None)])
    response = manager.get(URL)
    assert [(m.project.code, m.days_left) for m in response.context["due_soon"]] == [("D2", 0), ("D1", 3)]
    assert response.context["due_soon_total"] == 2
    assert "7 天内到期的节点" in response.content.decode()


def test_investment_totals_and_color(data, manager):
    s1 = data["a"].led_projects.get(code="S1")
    o1 = data["b"].led_projects.get(code="O1")
    old = data["a"].led_projects.get(code="OLD")
    for project, month, amount in [(s1, 1, 100), (s1, 5, 200), (o1, 6, 150), (s1, 7, 999), (old, 3, 777)]:
        ProgressReport.objects.create(project=project, year=2025, month=month, investment_completed=amount)
    ProgressReport.objects.create(project=s1, year=2024, month=3, investment_completed=555)
    inv = manager.get(URL).context["investment"]
    assert inv.plan == Decimal(1800)  # 1000 + 500 + 300; the 2024 list is another year
    assert inv.months == 6  # 30 June is June's last day
    assert inv.completed == Decimal(450)  # months 1..6 of 2025 of the 2025 list's projects
    assert inv.rate == Decimal(25) and inv.time_progress == Decimal(50) and inv.gap == Decimal(-25)
    assert inv.color == Color.YELLOW
    page = manager.get(URL).content.decode()
    assert "1,800.00" in page and "450.00" in page and "25.0%" in page  # amounts grouped by thousands
    assert '<span class="badge yellow">黄色 · 投资滞后</span>' in page  # the investment label, not the schedule one


@pytest.mark.parametrize(
    "day,months",
    [
        ("2025-01-01", 0),
        ("2025-01-31", 1),
        ("2025-02-27", 1),
        ("2025-02-28", 2),
        ("2025-12-31", 12),
        ("2026-03-01", 12),
    ],
)
def test_months_elapsed(day, months):
    assert months_elapsed(2025, dt.date.fromisoformat(day)) == months
    assert months_elapsed(2026, dt.date(2025, 12, 31)) == 0


@pytest.mark.parametrize(
    "completed,months,color",
    [
        (600, 6, Color.BLUE),  # 60% vs 50%: +10 pp
        (599, 6, Color.GREEN),
        (401, 6, Color.GREEN),
        (400, 6, Color.YELLOW),  # -10 pp
        (200, 6, Color.YELLOW),  # -30 pp
        (199, 6, Color.RED),
        (0, 1, Color.NONE),  # January is reported with February
        (Decimal("433.34"), 4, Color.BLUE),  # 43.334% vs 33.33…%: just over +10 pp
        (Decimal("433.33"), 4, Color.GREEN),
    ],
)
def test_investment_color_band_edges(completed, months, color):
    assert investment_color(Decimal(1000), Decimal(completed), months) == color
    assert investment_color(Decimal(0), Decimal(completed), 6) == Color.NONE


@time_machine.travel(dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC), tick=False)
def test_defaults_are_this_year_and_today(data, manager):
    response = manager.get("/")
    assert response.context["year"] == 2025 and response.context["as_of"] == AS_OF
    assert matrix_counts(response)[None] == [1, 2, 1, 1, 1, 6]


def test_bad_parameters_show_an_error_and_use_defaults(data, manager):
    response = manager.get("/?year=19&as_of=2025-13-01")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"year", "as_of"}


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _make_many(n, unit):
    for i in range(n):
        project = make_project(
            unit,
            batch=["start", "ongoing", "in_use", "reserve"][i % 4],
            annual_plan=100,
            milestones=[(days(-(i % 50)), None), (days(i % 7), None), (days(-40), days(-45 - i % 5))],
        )
        ProgressReport.objects.create(project=project, year=2025, month=1 + i % 6, investment_completed=10)


def test_query_count_does_not_grow_with_projects(db, manager):
    units = [make_unit() for _ in range(3)]
    for unit in units:
        _make_many(4, unit)
    small = _count_queries(manager, URL)
    for unit in units:
        _make_many(66, unit)
    large = _count_queries(manager, URL)
    # Read in a test's transaction, where the aggregate cache is bypassed (a warm cache leaves five: see
    # test_aggregate_cache.test_a_warm_dashboard_reads_only_the_session_the_version_and_its_rows): the session, the
    # user, the due-soon milestones and their total, one grouped status query for the matrix, one for the late
    # reports per unit, the investment's two sums; the two permission queries of the navigation (导入清单), the
    # bell's unread count and the 我的待办 badge's red count, order counts and late units (the dashboard's own
    # query, read again); the year's goals (none here: their figures are read only for a year that has goals); four
    # for the ranking (milestones by their unit, missing reports, orders, the units: ranking.core); the supervision
    # figures (supervision.metrics.dashboard_metrics through projects/extensions.py: the units' figures, their
    # causes, the units; the zone's are the units' added up: two fewer than when the zone was read apart).
    assert small == large == 21


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "manager", "admin"])
@pytest.mark.parametrize(
    "lang,texts", [("zh-hans", ["首页", "红黄榜"]), ("en", ["Home", "Red and yellow list (by responsible unit)"])]
)
def test_renders_for_every_persona_in_both_languages(data, client_for, persona, lang, texts):
    client = client_for(persona)
    client.cookies["django_language"] = lang
    page = client.get(URL).content.decode()
    assert f'lang="{lang}"' in page
    for text in texts:
        assert text in page
