"""The 年度投资 indicator and the dashboard's investment card add up the same completed investment of the same
projects over the same months; they compare it with different totals (the annual target; the sum of the list's
plans), and both say so. The year's 年度投资 goal agrees with the indicator."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from cockpit.models import YearGoal
from projects.models import ProgressReport
from tests.factories import make_project
from tests.indicator_factories import make_indicator, set_target

pytestmark = pytest.mark.django_db
LAST_DAY_OF_JUNE = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)


@pytest.fixture
def invested(unit_a, unit_b):
    """Two 2025 list projects (plans 3,000 + 1,000 万元) reporting January to July, one project of another year, and
    the derived indicator with a 1 亿元 target."""
    first = make_project(unit_a, year=2025, annual_plan=3000)
    second = make_project(unit_b, year=2025, annual_plan=1000)
    elsewhere = make_project(unit_b, year=2024, annual_plan=9000)
    for month in range(1, 8):
        ProgressReport.objects.create(project=first, year=2025, month=month, investment_completed=Decimal("200.5"))
        ProgressReport.objects.create(project=second, year=2025, month=month, investment_completed=Decimal("100"))
        ProgressReport.objects.create(project=elsewhere, year=2025, month=month, investment_completed=Decimal("999"))
    indicator = make_indicator(
        "amount", unit=unit_a, code="annual_investment", name="年度投资", derived_from_projects=True, decimals=2
    )
    set_target(indicator, "1")  # 1 亿元 = 10,000 万元
    return indicator


def card(client):
    return client.get("/?year=2025&as_of=2025-06-30").context["investment"]


def listed(client, query=""):
    return client.get(f"/indicators/?year=2025{query}").context["table"].rows[0].record


@time_machine.travel(LAST_DAY_OF_JUNE, tick=False)
def test_on_a_months_last_day_both_add_up_months_1_to_it(invested, client_for):
    client = client_for("staff_a")
    investment, row = card(client), listed(client)  # the indicator list opens on the months elapsed
    assert investment.months == row.period_month == 6
    assert investment.completed == Decimal("1803.00")  # (200.5 + 100) × 6, the 2025 list's projects only
    assert row.value_cum * 10000 == investment.completed
    points = client.get(f"/indicators/{invested.pk}/?year=2025").context["points"]
    assert points[-1].period_month == 6 and points[-1].value_cum * 10000 == investment.completed


@time_machine.travel(LAST_DAY_OF_JUNE, tick=False)
def test_they_compare_with_different_totals_and_say_so(invested, client_for):
    client = client_for("staff_a")
    investment, row = card(client), listed(client)
    assert investment.plan == Decimal(4000)
    assert investment.rate == Decimal("45.075")  # of the plans: 1,803 ÷ 4,000
    assert row.value_cum * 100 / row.target_value == Decimal("18.03")  # of the target: 1,803 ÷ 10,000
    dashboard = client.get("/?year=2025&as_of=2025-06-30").content.decode()
    assert "清单项目年度计划投资（万元）" in dashboard and "计划完成率" in dashboard
    assert "经济指标“年度投资”的 1–6 月累计值是同一笔完成投资（0.18 亿元），但与年度目标比较" in dashboard
    detail = client.get(f"/indicators/{invested.pk}/?year=2025").content.decode()
    assert "完成率为累计值 ÷ 年度目标；首页“年度投资完成情况”的计划完成率是同一笔完成投资" in detail
    client.cookies["django_language"] = "en"
    dashboard = client.get("/?year=2025&as_of=2025-06-30").content.decode()
    assert "the same completed investment" in dashboard


@time_machine.travel(LAST_DAY_OF_JUNE, tick=False)
def test_the_years_investment_goal_agrees_with_the_indicator(invested, client_for):
    YearGoal.objects.create(year=2025, investment=Decimal("1"))
    client = client_for("manager")
    goal = next(g for g in client.get("/?year=2025&as_of=2025-06-30").context["goals"] if g.code == "investment")
    row = listed(client)
    assert goal.achieved == round(row.value_cum, 2) and goal.months == row.period_month
    assert goal.status.value == row.status == "red"  # 18.03 % at 50 % of the year


@time_machine.travel(dt.datetime(2025, 6, 29, 12, tzinfo=dt.UTC), tick=False)
def test_before_a_months_last_day_both_stop_at_the_month_before(invested, client_for):
    client = client_for("staff_a")
    investment = client.get("/?year=2025&as_of=2025-06-29").context["investment"]
    row = listed(client)
    assert investment.months == row.period_month == 5
    assert row.value_cum * 10000 == investment.completed == Decimal("1502.50")


def test_a_year_without_reports_is_0_on_the_list_as_on_the_card_and_the_indicator_page(unit_a, client_for):
    make_project(unit_a, year=2025, annual_plan=1000)
    indicator = make_indicator("amount", unit=unit_a, derived_from_projects=True, decimals=2)
    set_target(indicator, "1")
    client = client_for("staff_a")
    investment = client.get("/?year=2025&as_of=2025-12-31").context["investment"]
    row = listed(client, "&period=12")
    last = client.get(f"/indicators/{indicator.pk}/?year=2025").context["points"][-1]
    assert investment.completed == row.value_cum == last.value_cum == 0
    assert investment.color.value == row.status == last.status == "red"
