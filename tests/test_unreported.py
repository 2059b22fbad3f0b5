"""未报汇总 (units × months of a year, for managers) with its workbook, and 催报: recorded, the unit's staff reminded in
the bell, refused when there is nothing to chase."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from portal.notifications import Notification
from projects.models import ListEntry
from reminders import services
from reminders.models import ReportChase
from tests.conftest import make_user
from tests.factories import make_project
from tests.reporting_factories import file_report

TODAY = dt.date(2025, 6, 20)
URL = "/reports/unreported/?year=2025&as_of=2025-06-20"


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2025, 6, 20, 4, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def listing(db, today, unit_a, unit_b):
    """Unit A: A1 reported nothing, A2 January to May, A3 is in reserve, A4 was listed on 04-10 and reported nothing.
    Unit B: B1 reported January to June."""
    make_project(unit_a, code="A1")
    a2 = make_project(unit_a, code="A2")
    make_project(unit_a, code="A3", batch="reserve")
    a4 = make_project(unit_a, code="A4")
    ListEntry.objects.filter(project=a4).update(listed_on=dt.date(2025, 4, 10))
    b1 = make_project(unit_b, code="B1")
    for month in range(1, 6):
        file_report(a2, 2025, month, filed=dt.date(2025, month, 20))
    for month in range(1, 7):
        file_report(b1, 2025, month, filed=dt.date(2025, month, 18))


def cells(row):
    return [(cell.state, cell.missing) for cell in row.cells]


def test_the_summary_counts_missing_reports_per_unit_and_month(listing, client_for):
    response = client_for("manager").get(URL)
    assert response.status_code == 200
    table = response.context["summary"]
    a, b = table.rows
    assert (a.name, a.projects, a.late) == ("甲单位", 3, 7)
    late = [("late", 1), ("late", 1), ("late", 1), ("late", 2), ("late", 2)]
    assert cells(a) == [*late, ("to_file", 3), *[("later", 0)] * 6]
    assert (b.name, b.projects, b.late) == ("乙单位", 1, 0)
    assert cells(b) == [*[("late", 0)] * 5, ("to_file", 0), *[("later", 0)] * 6]
    assert table.totals == [1, 1, 1, 2, 2, 3, *[None] * 6] and table.late == 7
    html = response.content.decode()
    assert "待报 3" in html and "逾期未报合计" in html


def test_a_past_year_counts_all_twelve_months(listing, client_for):
    table = client_for("manager").get("/reports/unreported/?year=2024&as_of=2025-06-20").context["summary"]
    assert table.rows == []
    table = client_for("manager").get("/reports/unreported/?year=2025&as_of=2026-01-10").context["summary"]
    assert [cell.state for cell in table.rows[0].cells] == ["late"] * 12


def test_the_workbook_is_the_table(listing, client_for):
    response = client_for("manager").get("/reports/unreported/export.xlsx?year=2025&as_of=2025-06-20")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith("_2025_%E6%88%AA%E8%87%B32025-06-20.xlsx")  # …_2025_截至2025-06-20
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "未报汇总" and sheet.freeze_panes == "A3" and sheet.auto_filter.ref
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == ("牵头单位", "应报项目数", "1月") and rows[0][-1] == "逾期未报合计"
    assert rows[1] == ("甲单位", 3, 1, 1, 1, 2, 2, 3, None, None, None, None, None, None, 7)
    assert rows[2][:2] == ("乙单位", 1) and rows[-1][:2] == ("合计", 4)


def test_a_chase_is_recorded_and_reminds_the_units_staff(listing, client_for, users, unit_a):
    colleague = make_user("staff_a2", "填报人员", unit=unit_a)
    make_user("staff_a_gone", "填报人员", unit=unit_a, is_active=False)
    client = client_for("manager")
    response = client.post("/reports/chase/", {"unit": unit_a.pk, "year": 2025, "month": 5, "next": URL}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    chase = ReportChase.objects.get()
    assert (chase.unit, chase.year, chase.month, chase.missing, chase.chased_by) == (
        unit_a,
        2025,
        5,
        2,
        users["manager"],
    )
    assert "已向甲单位催报 2025年5月进展：2 个项目未报，提醒 2 人。" in response.content.decode()
    assert list(services.unit_staff(unit_a)) == [users["staff_a"], colleague]
    reminded = Notification.objects.order_by("user_id")
    assert [(n.user, n.kind, n.obj, n.url, n.day) for n in reminded] == [
        (person, "report_chased", chase, "/my/", TODAY) for person in (users["staff_a"], colleague)
    ]
    assert reminded[0].text == "管理人员催报：2025年5月进展尚有 2 个项目未报，请尽快填报。"
    table = response.context["summary"]
    may = table.rows[0].cells[4]
    assert may.chases == 1 and may.last_chase is not None
    assert "已催报 1 次" in response.content.decode()


def test_nothing_to_chase_is_refused_and_nothing_recorded(listing, client_for, unit_b, unit_a):
    client = client_for("manager")
    response = client.post("/reports/chase/", {"unit": unit_b.pk, "year": 2025, "month": 5}, follow=True)
    assert "该单位 2025年5月的进展已全部报送，无需催报。" in response.content.decode()
    response = client.post("/reports/chase/", {"unit": unit_a.pk, "year": 2025, "month": 7}, follow=True)
    assert "该月尚未开始，不能催报。" in response.content.decode()
    response = client.post("/reports/chase/", {"unit": 999999, "year": 2025, "month": 5}, follow=True)
    assert "催报未完成：单位或月份无效。" in response.content.decode()
    assert not ReportChase.objects.exists()


def test_a_chase_before_the_due_day_reminds_of_this_months_reports(listing, client_for, unit_a):
    client_for("manager").post("/reports/chase/", {"unit": unit_a.pk, "year": 2025, "month": 6})
    assert ReportChase.objects.get().missing == 3


def test_the_chased_staff_see_it_in_the_bell(listing, client_for, unit_a):
    client_for("manager").post("/reports/chase/", {"unit": unit_a.pk, "year": 2025, "month": 5})
    page = client_for("staff_a").get("/notifications/").content.decode()
    assert "管理人员催报：2025年5月进展尚有 2 个项目未报，请尽快填报。" in page
    assert 'class="bell-count">1<' in client_for("staff_a").get("/my/").content.decode()
    assert 'class="bell-count"' not in client_for("staff_b").get("/my/").content.decode()


def test_a_reminder_that_fails_leaves_no_chase(listing, users, unit_a, monkeypatch):
    def broken(chase):
        raise RuntimeError("the channel is down")

    monkeypatch.setattr(services, "notify_unit_report_chase", broken)
    with pytest.raises(RuntimeError):
        services.chase_reports(unit_a, 2025, 5, user=users["manager"], today=TODAY)
    assert not ReportChase.objects.exists()


def test_chase_buttons_only_as_of_today(listing, client_for, unit_a):
    client = client_for("manager")
    assert 'action="/reports/chase/"' in client.get(URL).content.decode()
    past = client.get("/reports/unreported/?year=2025&as_of=2025-06-01")
    assert not past.context["can_chase"] and 'action="/reports/chase/"' not in past.content.decode()


def test_the_summary_reads_in_two_queries_besides_the_shell(listing, client_for, django_assert_num_queries):
    client = client_for("manager")
    client.get(URL)
    # session, user, 2 permission lookups (navigation), the bell, the badge's 2, the grouped missing counts, the chases
    # (+1: a manager's badge counts orders (reminders/work.py))
    with django_assert_num_queries(10):
        client.get(URL)
