"""`manage.py send_reminders`: the date-based reminders of reporting.md section 2, each to the people who act on it,
once per (person, kind, object, day); a second run makes nothing; a replayed day reproduces its reminders."""

import datetime as dt
import io
import re
import threading

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction

from portal.models import Notification
from projects.models import Milestone
from projects.status import Color, milestone_color
from reminders.daily import DATE_KINDS, make_reminders
from supervision.choices import State
from tests.conftest import make_user
from tests.factories import make_project
from tests.reporting_factories import file_report
from tests.supervision_factories import make_order

DAY = dt.date(2025, 6, 20)  # a Friday; the next working day is Monday 06-23; June's reports are due on 06-25


def days(n):
    return DAY + dt.timedelta(days=n)


def run(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    lines = out.getvalue().splitlines()
    return {line.split()[0]: int(line.split()[1]) for line in lines if re.match(r"^[a-z_]+ \d+", line)}


def made(kind, day=DAY):
    """{(username, object text)} of the reminders of a kind made for a day."""
    rows = Notification.objects.filter(kind=kind, day=day).select_related("user")
    return {(n.user.username, n.text) for n in rows}


def people(kind, day=DAY):
    return sorted({user for user, _text in made(kind, day)})


def keys():
    return set(Notification.objects.values_list("user_id", "kind", "content_type_id", "object_id", "day"))


@pytest.fixture
def zone(users, unit_a, unit_b):
    """Unit A's project with milestones at every edge of the day; unit B's with one unit A is responsible for."""
    a = make_project(
        unit_a,
        code="A1",
        name="甲项目",
        year=2025,
        milestones=[
            {"name": "今天到期", "planned_date": DAY},
            {"name": "七天后", "planned_date": days(7)},
            {"name": "八天后", "planned_date": days(8)},
            {"name": "已完成临期", "planned_date": days(3), "actual_date": days(-1)},
            {"name": "豁免临期", "planned_date": days(3), "is_exempt": True},
            {"name": "今天转黄", "planned_date": days(-1)},
            {"name": "早已黄", "planned_date": days(-5)},
            {"name": "今天转红", "planned_date": days(-31)},
            {"name": "早已红", "planned_date": days(-40)},
        ],
    )
    make_project(
        unit_b,
        code="B1",
        name="乙项目",
        year=2025,
        milestones=[{"name": "甲负责", "planned_date": days(2), "unit": unit_a}],
    )
    return a


def test_due_soon_goes_to_the_milestones_units_staff(zone):
    counts = run("--date", DAY.isoformat())
    texts = {text for _user, text in made("due_soon")}
    assert people("due_soon") == ["staff_a"]
    assert any("「今天到期」计划今天（2025-06-20）完成" in t for t in texts)
    assert any("「七天后」计划 2025-06-27 完成，还有 7 天" in t for t in texts)
    assert any("B1 乙项目「甲负责」" in t for t in texts)  # unit A is responsible for B1's milestone
    assert not any("八天后" in t or "已完成" in t or "豁免" in t for t in texts)
    assert counts["due_soon"] == 3


def test_turned_yellow_and_red_go_to_the_units_staff_and_the_managers(zone):
    counts = run("--date", DAY.isoformat())
    assert counts["turned_yellow"] == 3 and counts["turned_red"] == 3  # staff_a, the manager, the administrator
    assert people("turned_yellow") == people("turned_red") == ["admin", "manager", "staff_a"]
    assert {t for _u, t in made("turned_yellow")} == {
        "节点转为黄色：A1 甲项目「今天转黄」计划 2025-06-19 完成，已逾期 1 天（黄色 · 超期预警）。"
    }
    assert {t for _u, t in made("turned_red")} == {
        "节点转为红色：A1 甲项目「今天转红」计划 2025-05-20 完成，已逾期 31 天（红色 · 滞后督办）。"
    }


def test_turned_agrees_with_the_python_rule_at_every_offset(users, unit_a):
    project = make_project(unit_a, code="P", year=2025)
    for seq, offset in enumerate(range(-45, 12), start=1):
        Milestone.objects.create(project=project, seq=seq, name=f"n{offset}", planned_date=days(offset))
    make_reminders(DAY)

    def changed(color):
        return {
            f"n{(m.planned_date - DAY).days}"
            for m in Milestone.objects.filter(project=project)
            if milestone_color(m.planned_date, None, False, DAY) == color
            and milestone_color(m.planned_date, None, False, days(-1)) != color
        }

    for kind, color in (("turned_yellow", Color.YELLOW), ("turned_red", Color.RED)):
        found = {re.search(r"「(n-?\d+)」", t).group(1) for u, t in made(kind) if u == "staff_a"}
        assert found == changed(color) and len(found) == 1


def test_report_due_three_days_before_the_due_day_to_the_lead_units_staff(zone, unit_a, unit_b):
    filed = make_project(unit_a, code="A2", year=2025)
    file_report(filed, 2025, 6, filed=days(-2))
    make_project(unit_a, code="A3", year=2025, batch="reserve")  # 储备: owes no report
    assert run("--date", days(1).isoformat())["report_due"] == 0
    counts = run("--date", days(2).isoformat())  # 06-22 = 06-25 − 3
    assert counts["report_due"] == 2  # A1 → staff_a, B1 → staff_b
    assert made("report_due", days(2)) == {
        ("staff_a", "月报即将到期：A1 甲项目 2025年6月进展应于 2025-06-25 前填报，尚未填报。"),
        ("staff_b", "月报即将到期：B1 乙项目 2025年6月进展应于 2025-06-25 前填报，尚未填报。"),
    }
    note = Notification.objects.get(kind="report_due", user__username="staff_a")
    assert note.url == f"/projects/{zone.pk}/report/?year=2025&month=6"


def test_report_late_the_day_after_the_due_day_to_staff_and_managers(zone):
    file_report(zone, 2025, 6, filed=dt.date(2025, 6, 26))  # filed late, on the day after: counted as filed
    assert run("--date", "2025-06-25")["report_late"] == 0  # the due day itself: not late yet
    counts = run("--date", "2025-06-26")
    assert counts["report_late"] == 3  # B1 → staff_b, the manager, the administrator
    assert people("report_late", dt.date(2025, 6, 26)) == ["admin", "manager", "staff_b"]
    assert run("--date", "2025-06-27")["report_late"] == 0  # only the day after


def test_reply_due_soon_on_the_working_day_before_and_overdue_the_day_after(zone, users):
    manager, staff = users["manager"], users["staff_a"]
    soon = make_order(zone, manager, staff, reply_due=dt.date(2025, 6, 23))
    late = make_order(zone, manager, staff, State.ACKNOWLEDGED, reply_due=days(-1))
    make_order(zone, manager, staff, State.REPLIED, reply_due=days(-1))  # replied: waiting for nothing
    counts = run("--date", DAY.isoformat())
    assert counts["reply_due_soon"] == 1 and counts["reply_overdue"] == 2
    text = f"督办反馈即将到期：{soon.number}（A1 甲项目）应于 2025-06-23 前反馈。"
    assert made("reply_due_soon") == {("staff_a", text)}
    assert people("reply_overdue") == ["manager", "staff_a"]  # the issuing manager, not every manager
    assert Notification.objects.filter(kind="reply_overdue", object_id=late.pk).count() == 2
    # Saturday is no working day: nothing is due soon on it.
    assert run("--date", days(1).isoformat())["reply_due_soon"] == 0


def test_a_second_run_makes_nothing_and_prints_zeros(zone):
    first = run("--date", DAY.isoformat())
    assert sum(first.values()) > 0
    assert list(first) == [kind.value for kind in DATE_KINDS] + ["emails_sent", "emails_failed"]
    before = Notification.objects.count()
    assert set(run("--date", DAY.isoformat()).values()) == {0}
    assert Notification.objects.count() == before


def test_a_replayed_day_reproduces_its_reminders(zone):
    with time_machine.travel(dt.datetime(2025, 6, 20, 1, tzinfo=dt.UTC), tick=False):
        run()  # today, as the scheduler runs it
    original = keys()
    texts = set(Notification.objects.values_list("text", flat=True))
    Notification.objects.all().delete()
    with time_machine.travel(dt.datetime(2025, 7, 3, 1, tzinfo=dt.UTC), tick=False):
        run("--date", DAY.isoformat())  # weeks later
    assert keys() == original and set(Notification.objects.values_list("text", flat=True)) == texts


def test_the_database_holds_a_reminder_once_per_person_kind_object_and_day(zone):
    run("--date", DAY.isoformat())
    copy = Notification.objects.filter(kind="due_soon").first()
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()  # what a second server's insert would be: the unique constraint refuses it, not a check before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers: concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_servers_running_at_once_make_each_reminder_once(zone):
    expected = make_reminders(DAY, dry_run=True)
    assert sum(expected.values()) > 0
    barrier = threading.Barrier(2)
    errors = []

    def server():
        try:
            barrier.wait()
            make_reminders(DAY)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=server) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Notification.objects.filter(day=DAY).count() == len(keys()) == sum(expected.values())
    assert set(make_reminders(DAY).values()) == {0}


def test_dry_run_writes_nothing(zone):
    counts = run("--date", DAY.isoformat(), "--dry-run")
    assert counts["due_soon"] == 3 and Notification.objects.count() == 0


def test_inactive_people_and_people_of_other_units_are_not_reminded(zone, unit_a):
    make_user("gone", "填报人员", unit=unit_a, is_active=False)
    make_user("viewer", None, unit=unit_a)  # no report permission
    run("--date", DAY.isoformat())
    assert not Notification.objects.filter(user__username__in=["gone", "viewer", "staff_b"], kind="due_soon").exists()


def test_a_bad_date_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="无效的日期「2025-13-01」，应为 YYYY-MM-DD 格式"):
        call_command("send_reminders", "--date", "2025-13-01")
