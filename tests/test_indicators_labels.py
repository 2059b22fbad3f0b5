"""Indicator statuses carry labels of their own (超额, 达标, 接近目标, 未达标), not the schedule's, wherever
indicators and the goals judged by their rule are shown: list and its filter, detail, xlsx, the dashboard's goals,
the bulletin, the API's schema (the API's codes stay red/yellow/green/blue/none)."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from cockpit.models import YearGoal
from indicators.status import IndicatorColor
from monthclose.services import close_month
from projects.models import ProgressReport
from tests.factories import make_project
from tests.indicator_factories import add_value, make_indicator, set_target

pytestmark = pytest.mark.django_db
SCHEDULE_ONLY = ["滞后督办", "超期预警", "推进正常", "超前示范"]
INDICATOR_LABELS = ["红色 · 未达标", "黄色 · 接近目标", "绿色 · 达标", "蓝色 · 超额"]


@pytest.fixture
def four(unit_a):
    """Growth indicators against a 7% target as of 2025 1–6月, one per color."""
    made = {}
    for color, growth in [("red", "1"), ("yellow", "6"), ("green", "7"), ("blue", "9.5")]:
        made[color] = make_indicator("growth", unit=unit_a, code=color, name=f"指标{color}")
        set_target(made[color], "7")
        add_value(made[color], 6, growth=growth)
    return made


def test_the_labels_keep_the_color_codes():
    assert [c.value for c in IndicatorColor] == ["red", "yellow", "green", "blue", "none"]
    assert [str(c.label) for c in IndicatorColor][:4] == INDICATOR_LABELS


def test_the_list_its_filter_and_the_detail_say_the_indicator_labels(four, client_for):
    client = client_for("staff_b")
    page = client.get("/indicators/?year=2025&period=6").content.decode()
    for color, label in zip(["red", "yellow", "green", "blue"], INDICATOR_LABELS, strict=True):
        assert f'<span class="badge {color}">{label}</span>' in page  # each color with its label
        assert f'<option value="{color}">{label}</option>' in page  # the status filter
    assert not any(word in page for word in SCHEDULE_ONLY)
    detail = client.get(f"/indicators/{four['yellow'].pk}/?year=2025").content.decode()
    assert '<span class="badge yellow">黄色 · 接近目标</span>' in detail
    assert "1–6月：6.0% · 黄色 · 接近目标" in detail  # the chart's dot
    assert not any(word in detail for word in SCHEDULE_ONLY)


def test_the_english_labels(four, client_for):
    client = client_for("staff_b")
    client.cookies["django_language"] = "en"
    page = client.get("/indicators/?year=2025&period=6").content.decode()
    for label in ["Red · off target", "Yellow · near target", "Green · on target", "Blue · above target"]:
        assert f">{label}</span>" in page


def test_the_workbook_says_the_indicator_labels(four, client_for):
    response = client_for("manager").get("/indicators/export.xlsx?year=2025&period=6")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert set(INDICATOR_LABELS) <= set(cells)
    assert not any(word in c for c in cells for word in SCHEDULE_ONLY)


def test_the_api_keeps_its_codes_and_documents_the_indicator_labels(four, client_for, tmp_path):
    rows = client_for("manager").get("/api/v1/indicators/?year=2025&period=6").json()["results"]
    assert sorted(r["status"] for r in rows) == ["blue", "green", "red", "yellow"]
    call_command("spectacular", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text(encoding="utf-8")
    indicator_enum = schema.split("IndicatorColorEnum:")[1][:300]
    assert "`blue` - 蓝色 · 超额" in indicator_enum
    assert "`blue` - 蓝色 · 超前示范" in schema  # the schedule's own enum is unchanged


@time_machine.travel(dt.datetime(2025, 7, 3, 10, tzinfo=dt.UTC), tick=False)
def test_the_dashboards_goals_say_the_indicator_labels(client_for, unit_a):
    project = make_project(unit_a, year=2025)
    ProgressReport.objects.create(project=project, year=2025, month=6, investment_completed=Decimal("10000"))
    YearGoal.objects.create(year=2025, investment=Decimal("1"))  # 1 亿元 reached by June: blue
    page = client_for("staff_a").get("/?year=2025&as_of=2025-06-30").content.decode()
    goals = page.split('data-goal="investment"')[1].split("</tr>")[0]
    assert "蓝色 · 超额" in goals and "超前示范" not in goals


@time_machine.travel(dt.datetime(2025, 7, 3, 10, tzinfo=dt.UTC), tick=False)
def test_the_bulletin_says_the_indicator_labels(four, client_for, users):
    close_month(2025, 6, users["manager"])
    page = client_for("staff_a").get("/months/2025/6/").content.decode()
    indicators = page.split('class="bulletin-table indicators"')[1].split("</table>")[0]
    assert '<span class="badge red">红色 · 未达标</span>' in indicators
    assert not any(word in indicators for word in SCHEDULE_ONLY)
