"""The year's goals against their achievements as of a date (cockpit.goals), at their edges; 工业投资 derived from the
industrial projects; the 入统日期 form and its workbook column."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine

from cockpit.demo import load_demo_goals
from cockpit.goals import goal_rows
from cockpit.models import YearGoal
from indicators.models import Indicator
from projects.excel.exporter import write_list_xlsx
from projects.excel.importer import import_workbook
from projects.models import ListEntry, ProgressReport
from projects.status import Color
from tests.factories import d, make_project
from tests.indicator_factories import make_indicator, set_target, status_of

pytestmark = pytest.mark.django_db


def goals(year, as_of):
    return {g.code: g for g in goal_rows(year, as_of)}


def report(project, month, amount, year=2025):
    ProgressReport.objects.create(project=project, year=year, month=month, investment_completed=Decimal(amount))


@pytest.fixture
def goal(db):
    return YearGoal.objects.create(
        year=2025,
        list_count=4,
        in_stats_count=2,
        in_use_count=1,
        reserve_count=2,
        investment=Decimal("0.01"),
        industrial_investment=Decimal("0.01"),
        key_level="municipal",
        key_level_count=1,
        key_level_rate=Decimal("150"),
    )


def test_a_start_entered_into_statistics_on_the_as_of_date_counts_a_day_later_does_not(goal, unit_a):
    project = make_project(unit_a, batch="start")
    ListEntry.objects.filter(project=project).update(in_stats_date=d("2025-06-30"))
    assert goals(2025, d("2025-06-30"))["in_stats_count"].achieved == 1
    assert goals(2025, d("2025-06-29"))["in_stats_count"].achieved == 0
    ListEntry.objects.filter(project=project).update(in_stats_date=d("2025-07-01"))
    assert goals(2025, d("2025-06-30"))["in_stats_count"].achieved == 0


def test_the_dashboard_shows_each_goal_against_its_achievement_and_time_progress(goal, unit_a, client_for):
    project = make_project(unit_a, batch="start")
    ListEntry.objects.filter(project=project).update(in_stats_date=d("2025-03-31"))
    page = client_for("staff_b").get("/?year=2025&as_of=2025-06-30").content.decode()
    assert re.findall(r'data-goal="(\w+)"', page) == [g.code for g in goal_rows(2025, d("2025-06-30"))]
    row = re.search(r'data-goal="in_stats_count">(.*?)</tr>', page, re.S).group(1)
    target, achieved, rate = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)
    assert (target.strip(), achieved.strip(), rate) == ("2 个", "1 个", "50.0%")
    assert "序时进度" in row and "较序时进度" in row


def test_an_entry_in_statistics_the_year_before_is_not_this_years_new_start(goal, unit_a):
    project = make_project(unit_a, batch="ongoing")
    ListEntry.objects.filter(project=project).update(in_stats_date=d("2024-12-31"))
    assert goals(2025, d("2025-06-30"))["in_stats_count"].achieved == 0


def test_put_into_use_counts_by_the_actual_finish_date_up_to_the_as_of_date(goal, unit_a):
    make_project(unit_a, batch="in_use", actual_finish=d("2025-05-31"))
    make_project(unit_a, batch="in_use", actual_finish=d("2025-06-01"))
    make_project(unit_a, batch="in_use", actual_finish=d("2024-12-31"))
    assert goals(2025, d("2025-05-31"))["in_use_count"].achieved == 1
    assert goals(2025, d("2025-06-01"))["in_use_count"].achieved == 2


def test_reserve_and_list_counts_come_from_the_batches(goal, unit_a):
    make_project(unit_a, batch="reserve")
    make_project(unit_a, batch="start")
    make_project(unit_a, batch="ongoing")
    g = goals(2025, d("2025-06-30"))
    assert (g["reserve_count"].achieved, g["list_count"].achieved) == (1, 2)
    assert g["list_count"].completion_pct == 50


def test_industrial_investment_equals_the_sum_over_the_industrial_projects(goal, unit_a, settings):
    settings.INDUSTRIAL_CATEGORIES = ["工业", "电子信息"]
    factory = make_project(unit_a, category="电子信息", annual_plan=1000)
    plant = make_project(unit_a, category="工业", annual_plan=1000)
    road = make_project(unit_a, category="基础设施", annual_plan=1000)
    for project, amount in ((factory, "123.45"), (plant, "0.55"), (road, "500")):
        report(project, 2, amount)
        report(project, 3, amount)
    report(factory, 7, "999")  # after the as-of month: not counted
    g = goals(2025, d("2025-06-30"))
    industrial = sum(
        r.investment_completed
        for r in ProgressReport.objects.filter(project__category__in=["工业", "电子信息"], month__lte=6)
    )
    assert g["industrial_investment"].achieved == (industrial / 10000).quantize(Decimal("0.01"))
    assert industrial == Decimal("248.00")
    assert g["investment"].achieved == Decimal("0.1248").quantize(Decimal("0.01"))


def test_the_level_rate_is_its_projects_ytd_over_their_plan(goal, unit_a):
    key = make_project(unit_a, level="municipal", annual_plan=1000)
    make_project(unit_a, level="district", annual_plan=5000)
    report(key, 2, "750")
    g = goals(2025, d("2025-06-30"))
    assert g["key_level_rate"].achieved == Decimal("75.0")
    assert g["key_level_count"].achieved == 1
    # 75% of a 150% target is 50% done, at 6/12 of the year: on time progress → green
    assert g["key_level_rate"].status == Color.GREEN


def test_goal_statuses_follow_the_indicators_amount_rule(goal, unit_a):
    """The same target, achievement and period give a goal the color they give an amount indicator."""
    for batch in ["reserve"] * 1:
        make_project(unit_a, batch=batch)
    indicator = make_indicator("amount", code="reserve-like", measure="个")
    set_target(indicator, "2")
    indicator.values.create(year=2025, month=6, value_cum=Decimal("1"))
    g = goals(2025, d("2025-06-30"))["reserve_count"]
    assert g.status == status_of(indicator, period=6).status
    assert g.status == Color.GREEN  # 50% done at 50% of the year


def test_goals_before_february_are_not_assessed(goal, unit_a):
    make_project(unit_a, batch="reserve")
    assert goals(2025, d("2025-01-31"))["reserve_count"].status == Color.NONE


def test_a_goal_left_empty_is_not_shown(goal):
    assert "working_count" not in goals(2025, d("2025-06-30"))
    assert goal_rows(2030, d("2030-06-30")) == []


def test_the_demo_loads_the_seed_reports_2025_goals_once():
    assert load_demo_goals() == 1
    assert load_demo_goals() == 0
    goal = YearGoal.objects.get(year=2025)
    assert (goal.list_count, goal.in_stats_count, goal.working_count, goal.in_use_count, goal.reserve_count) == (
        225,
        50,
        175,
        60,
        100,
    )
    assert (goal.investment, goal.industrial_investment, goal.key_level_count) == (620, 150, 32)
    assert goal.key_level_rate == 150


# --- 工业投资 derived from the projects ---------------------------------------------------------------------


def test_the_industrial_investment_indicator_sums_the_industrial_projects_only(unit_a, settings):
    settings.INDUSTRIAL_CATEGORIES = ["工业"]
    plant = make_project(unit_a, category="工业")
    road = make_project(unit_a, category="基础设施")
    report(plant, 2, "20000")  # 2 亿元
    report(road, 2, "50000")
    industrial = make_indicator(
        "amount", measure="亿元", code="ind", derived_from_projects=True, derivation=Indicator.Derivation.INDUSTRIAL
    )
    everything = make_indicator("amount", measure="亿元", code="all", derived_from_projects=True)
    rows = {i.code: i for i in Indicator.objects.with_figures(2025, 6)}
    assert rows["ind"].value_cum == Decimal("2")
    assert rows["all"].value_cum == Decimal("7")
    assert industrial.derivation == "industrial" and everything.derivation == "all"


def test_manual_entry_is_refused_for_the_industrial_indicator(client_for, unit_a):
    indicator = make_indicator(
        "amount", unit=unit_a, measure="亿元", code="ind", derived_from_projects=True, derivation="industrial"
    )
    response = client_for("manager").post(
        f"/indicators/{indicator.pk}/value/", {"year": 2025, "month": 6, "value_cum": "10"}
    )
    assert response.status_code == 403
    assert not indicator.values.exists()


# --- 入统日期: the form and the workbook ----------------------------------------------------------------------


@time_machine.travel(dt.datetime(2025, 7, 15, 12), tick=False)
def test_staff_of_the_lead_unit_record_the_in_stats_date(client_for, project_a, users):
    entry = project_a.list_entries.get()
    url = f"/projects/{project_a.pk}/entries/{entry.pk}/in-stats/"
    response = client_for("staff_a").post(url, {"in_stats_date": "2025-06-30", "version": entry.version})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.in_stats_date == d("2025-06-30") and entry.version == 2
    # a stale form (the old version) is refused, the date stays
    response = client_for("staff_a").post(url, {"in_stats_date": "2025-05-01", "version": 1})
    assert response.status_code == 200 and b"stale" in response.content
    entry.refresh_from_db()
    assert entry.in_stats_date == d("2025-06-30")
    # not in the future
    response = client_for("manager").post(url, {"in_stats_date": "2025-07-16", "version": 2})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.in_stats_date == d("2025-06-30")
    assert client_for("staff_b").post(url, {"in_stats_date": "", "version": 2}).status_code == 403


@time_machine.travel(dt.datetime(2025, 7, 15, 12), tick=False)
def test_the_in_stats_date_round_trips_through_the_workbook(project_a, users):
    ListEntry.objects.filter(project=project_a).update(in_stats_date=d("2025-03-31"))
    stream = io.BytesIO()
    write_list_xlsx(ListEntry.objects.filter(year=2025), d("2025-06-30"), stream, year=2025)
    ListEntry.objects.filter(project=project_a).update(in_stats_date=None)
    result = import_workbook(stream.getvalue(), "list.xlsx", user=users["manager"])
    assert not result.errors
    assert ListEntry.objects.get(project=project_a).in_stats_date == d("2025-03-31")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_in_stats_migration_keeps_the_list_entries_watched_both_ways(unit_a):
    """0011 adds a column with a default, which SQLite adds by rebuilding projects_listentry (dropping its triggers):
    the entries stay watched for the data version after the migration and after its reversal."""
    from django.core.management import call_command
    from django.db import connection

    from portal.data_version import current_token, expected_triggers, installed_triggers

    entry = make_project(unit_a, milestones=[(d("2025-03-01"), None)]).list_entries.get()
    watched = expected_triggers(connection.vendor, [ListEntry._meta.db_table])
    call_command("migrate", "projects", "0010", verbosity=0)
    try:
        assert installed_triggers() >= watched
        before = current_token()
        ListEntry.objects.filter(pk=entry.pk).update(batch=entry.batch)
        assert current_token() != before
    finally:
        call_command("migrate", verbosity=0)
    assert installed_triggers() >= watched
    before = current_token()
    ListEntry.objects.filter(pk=entry.pk).update(in_stats_date=d("2025-02-01"))
    assert current_token() != before
