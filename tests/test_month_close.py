"""The month's close (reporting.md section 3): `close_month` freezes the month-end result; `month_result` prints it
unchanged after later edits while `project_status` as of the same date shows them; reopening keeps the version."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from monthclose.models import ClosedMonth, EntryResult, MilestoneResult
from monthclose.services import close_month, reopen_month
from projects.models import Milestone, ProgressReport
from tests.factories import make_project, make_unit

TODAY = dt.datetime(2025, 7, 3, 10, tzinfo=dt.UTC)
JUNE_END = dt.date(2025, 6, 30)


def days(n):
    return JUNE_END + dt.timedelta(days=n)


def run(name, *args, **options):
    out = io.StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def june(db):
    lead = make_unit("建设局全称", "建设局")
    other = make_unit("金凤镇全称", "金凤镇")
    red = make_project(
        lead,
        code="P1",
        name="红色项目",
        milestones=[{"planned_date": days(-40)}, {"planned_date": days(10), "unit": other}],
    )
    green = make_project(other, code="P2", name="绿色项目", milestones=[{"planned_date": days(5)}])
    return {"lead": lead, "other": other, "red": red, "green": green}


@pytest.fixture
def closed(june, users):
    with time_machine.travel(TODAY, tick=False):
        return close_month(2025, 6, users["manager"])


def test_close_records_each_entry_and_milestone_as_of_the_months_last_day(closed, june):
    entries = {e.code: e for e in EntryResult.objects.filter(closed_month=closed)}
    assert (entries["P1"].status, entries["P1"].red, entries["P1"].green) == ("red", 1, 1)
    assert entries["P1"].days_overdue == 40
    assert entries["P2"].status == "green"
    assert all(e.report_late for e in entries.values())  # no June... May's report (due 05-25) is missing
    rows = MilestoneResult.objects.filter(closed_month=closed, project=june["red"]).order_by("seq")
    assert [(m.unit.short_name, m.status) for m in rows] == [("建设局", "red"), ("金凤镇", "green")]
    assert closed.closed_by.username == "manager" and closed.version == 1 and closed.is_current


def test_a_month_not_ended_is_refused(june, users):
    last_evening = dt.datetime(2025, 6, 30, 15, tzinfo=dt.UTC)  # 23:00 in Chongqing
    with time_machine.travel(last_evening, tick=False), pytest.raises(ValidationError, match="尚未结束"):
        close_month(2025, 6, users["manager"])
    assert not ClosedMonth.objects.exists()


def test_a_month_may_be_closed_from_midnight_after_its_last_day(june, users):
    midnight = dt.datetime(2025, 6, 30, 16, tzinfo=dt.UTC)  # 00:00 on 1 July in Chongqing
    with time_machine.travel(midnight, tick=False):
        closed = close_month(2025, 6, users["manager"])
    assert (closed.year, closed.month, closed.version) == (2025, 6, 1)


def test_a_month_already_closed_is_refused(closed, users):
    with time_machine.travel(TODAY, tick=False), pytest.raises(ValidationError, match="已关账"):
        close_month(2025, 6, users["manager"])
    assert ClosedMonth.objects.count() == 1


def test_month_result_prints_the_published_result_in_project_status_format(closed):
    with time_machine.travel(TODAY, tick=False):
        published = run("month_result", year="2025", month="6", format="csv")
        live = run("project_status", year="2025", as_of="2025-06-30", format="csv")
    assert csv_rows(published)[0] == ["code", "name", "batch", "lead_unit", "status", "red", "yellow", "green", "blue"]
    assert published == live
    assert [r[0] for r in csv_rows(published)[1:]] == ["P1", "P2"]


def test_later_edits_change_project_status_but_not_the_closed_month(closed, june):
    with time_machine.travel(TODAY, tick=False):
        before = run("month_result", year="2025", month="6", format="csv")
        red = Milestone.objects.get(project=june["red"], seq=1)
        red.actual_date = days(-1)  # an actual date in June entered after the close
        red.save()
        moved = Milestone.objects.get(project=june["green"], seq=1)
        moved.planned_date = days(-35)  # a plan moved (earlier: the project turns red as of June 30)
        moved.save()
        Milestone.objects.create(project=june["green"], seq=2, name="新增节点", planned_date=days(-20))
        after = run("month_result", year="2025", month="6", format="csv")
        live = run("project_status", year="2025", as_of="2025-06-30", format="csv")
    assert after == before
    assert live != before
    live_rows = {r[0]: r for r in csv_rows(live)[1:]}
    assert live_rows["P1"][4] == "green" and live_rows["P2"][4] == "red"


def test_month_result_of_a_month_not_closed_exits_with_a_message(db):
    with pytest.raises(CommandError, match="2025年5月未关账") as caught:
        call_command("month_result", year="2025", month="5")
    assert caught.value.returncode == 1


def test_month_result_table_names_the_version_and_the_closer(closed):
    text = run("month_result", year="2025", month="6")
    assert "2025年6月" in text and "第1版" in text and "红色项目" in text


def test_close_month_command_closes_and_refuses_twice(june, users):
    with time_machine.travel(TODAY, tick=False):
        out = run("close_month", "2025", "6", user="manager")
        assert "2025年6月已关账（第1版）：2 个项目，3 个节点" in out
        with pytest.raises(CommandError, match="已关账"):
            run("close_month", "2025", "6")
        with pytest.raises(CommandError, match="尚未结束"):
            run("close_month", "2025", "7")
        with pytest.raises(CommandError, match="不存在"):
            run("close_month", "2025", "5", user="nobody")
    assert ClosedMonth.objects.get().closed_by == users["manager"]


def test_reopen_is_for_administrators_with_a_reason_and_keeps_the_earlier_version(closed, june, users):
    with pytest.raises(PermissionDenied):
        reopen_month(2025, 6, users["manager"], "数据有误")
    with pytest.raises(ValidationError):
        reopen_month(2025, 6, users["admin"], "  ")
    with time_machine.travel(TODAY, tick=False):
        red = Milestone.objects.get(project=june["red"], seq=1)
        red.actual_date = days(-1)
        red.save()
        reopen_month(2025, 6, users["admin"], "实际完成时间补录")
        with pytest.raises(CommandError, match="未关账"):
            run("month_result", year="2025", month="6", format="csv")
        second = close_month(2025, 6, users["manager"])
        now = csv_rows(run("month_result", year="2025", month="6", format="csv"))
    first = ClosedMonth.objects.get(version=1)
    assert (first.is_current, first.reopened_by, first.reopen_reason) == (False, users["admin"], "实际完成时间补录")
    assert second.version == 2 and second.is_current
    assert EntryResult.objects.get(closed_month=first, code="P1").status == "red"  # kept as published
    assert {r[0]: r[4] for r in now[1:]}["P1"] == "green"


def test_a_report_filed_after_the_close_leaves_the_late_flag_published(closed, june):
    ProgressReport.objects.create(project=june["red"], year=2025, month=5)
    assert EntryResult.objects.get(closed_month=closed, code="P1").report_late


def test_the_cockpit_reads_the_trend_of_the_closed_months(closed, client_for):
    data = client_for("manager").get("/api/v1/summary/?year=2025&as_of=2025-07-03").json()
    assert data["trend"] == {"6": {"red": 1, "yellow": 0, "green": 1, "blue": 0}}
