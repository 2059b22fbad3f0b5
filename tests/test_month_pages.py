"""The month's close pages: closing and reopening through the site, the bulletin (page, .docx, .xlsx), the changes
of the month and the trends, their query counts, and the bulletin unchanged by later edits."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from docx import Document

from monthclose.models import ClosedMonth
from monthclose.services import close_month
from projects.models import ListEntry, Milestone, ProgressReport
from tests.factories import make_project, make_unit
from tests.indicator_factories import make_indicator, set_target

TODAY = dt.datetime(2025, 7, 3, 10, tzinfo=dt.UTC)
MAY_END, JUNE_END = dt.date(2025, 5, 31), dt.date(2025, 6, 30)


def days(n):
    return JUNE_END + dt.timedelta(days=n)


@pytest.fixture
def data(db):
    lead = make_unit("建设局全称", "建设局")
    other = make_unit("金凤镇全称", "金凤镇")
    # Red at the end of June (planned 05-21: 40 days, red from 31), yellow at the end of May (10 days).
    turned = make_project(
        lead, code="P1", name="转红项目", responsible_leader="张副主任", milestones=[{"planned_date": days(-40)}]
    )
    steady = make_project(other, code="P2", name="稳定项目", milestones=[{"planned_date": days(30), "unit": lead}])
    return {"lead": lead, "other": other, "turned": turned, "steady": steady}


@pytest.fixture
def may_and_june(data, users):
    with time_machine.travel(TODAY, tick=False):
        may = close_month(2025, 5, users["manager"])
        moved = Milestone.objects.get(project=data["steady"])
        moved.planned_date = days(40)  # moved later in June... as the June close sees it
        moved.save()
        # Listed only in June (listed_on in June): not in May's result.
        make_project(data["other"], code="P3", name="新列项目", milestones=[{"planned_date": days(60)}])
        ListEntry.objects.filter(project__code="P3").update(listed_on=dt.date(2025, 6, 15))
        june = close_month(2025, 6, users["manager"])
    return may, june


def test_a_manager_closes_a_month_on_its_page_and_lands_on_the_bulletin(data, client_for):
    client = client_for("manager")
    with time_machine.travel(TODAY, tick=False):
        page = client.get("/months/")
        assert "关账 2025年6月" in page.content.decode()
        response = client.post("/months/close/", {"year": 2025, "month": 6})
    assert response.status_code == 302 and response["Location"] == "/months/2025/6/"
    assert ClosedMonth.objects.get().closed_by.username == "manager"


def test_closing_a_month_not_ended_re_renders_the_page_with_the_error(data, client_for):
    with time_machine.travel(TODAY, tick=False):
        response = client_for("manager").post("/months/close/", {"year": 2025, "month": 7})
    assert response.status_code == 400
    assert "2025年7月尚未结束，不能关账" in response.content.decode()
    assert not ClosedMonth.objects.exists()


def test_an_administrator_reopens_with_a_reason_and_the_earlier_version_stays_readable(may_and_june, client_for):
    client = client_for("admin")
    assert client.post("/months/2025/6/reopen/", {"reason": " "}).status_code == 400
    response = client.post("/months/2025/6/reopen/", {"reason": "补录实际完成时间"})
    assert response.status_code == 302
    months = client.get("/months/").content.decode()
    assert "补录实际完成时间" in months and "?version=1" in months
    assert client.get("/months/2025/6/").status_code == 404  # open again: no current version
    assert "转红项目" in client.get("/months/2025/6/?version=1").content.decode()


def test_the_bulletin_shows_totals_with_last_month_ranking_red_projects_and_changes(may_and_june, client_for):
    page = client_for("staff_a").get("/months/2025/6/").content.decode()
    assert "2025年6月重点项目亮灯情况通报" in page
    assert "1（0）" in page  # one red project in June, none in May
    assert "转红项目" in page and "张副主任" in page
    assert "上升" in page or "下降" in page or "持平" in page
    assert "新列项目" in page  # newly listed


def test_the_changes_list_turned_red_newly_listed_and_plans_moved_linking_to_projects(may_and_june, data, client_for):
    page = client_for("staff_b").get("/months/2025/6/changes/").content.decode()
    turned = page.split("转为红色")[1].split("</section>")[0]
    assert f"/projects/{data['turned'].pk}/" in turned and "上月：黄色" in turned
    listed = page.split("新列入清单")[1].split("</section>")[0]
    assert "P3 新列项目" in listed
    moved = page.split("调整计划")[1].split("</section>")[0]
    assert "P2 稳定项目" in moved and "2025-07-30" in moved and "2025-08-09" in moved


def test_the_bulletin_files_name_the_month_and_the_red_projects(may_and_june, client_for):
    client = client_for("manager")
    response = client.get("/months/2025/6/bulletin.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    cells = " ".join(c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells)
    assert "2025年6月" in text and "转红项目" in cells
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get("/months/2025/6/bulletin.xlsx").streaming_content)))
    values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("转红项目" in v for v in values) and any("2025年6月" in v for v in values)


def docx_text(content):
    """The paragraphs and the table cells of a .docx, in order."""
    document = Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs], [c.text for t in document.tables for r in t.rows for c in r.cells]


def test_the_bulletin_stays_as_published_after_later_edits(may_and_june, data, client_for):
    client = client_for("manager")
    before = docx_text(client.get("/months/2025/6/bulletin.docx").content)
    with time_machine.travel(TODAY, tick=False):
        red = Milestone.objects.get(project=data["turned"])
        red.actual_date = days(-1)  # an actual date in June entered after the close
        red.save()
        moved = Milestone.objects.get(project=data["steady"])
        moved.planned_date = days(-35)  # a plan moved (earlier: red as of June 30)
        moved.save()
        Milestone.objects.create(project=data["steady"], seq=2, name="新增节点", planned_date=days(-25))
        out = io.StringIO()
        call_command("project_status", year="2025", as_of="2025-06-30", format="csv", stdout=out)
    assert docx_text(client.get("/months/2025/6/bulletin.docx").content) == before
    page = client.get("/months/2025/6/").content.decode()
    red_projects = page.split("三、红灯项目")[1].split("四、本月变化")[0]
    assert "转红项目" in red_projects and "稳定项目" not in red_projects  # as published
    live = {row[0]: row[4] for row in csv.reader(io.StringIO(out.getvalue()))}
    assert (live["P1"], live["P2"]) == ("green", "red")  # the live result as of the same day shows the edits


def test_a_month_reclosed_after_edits_keeps_the_earlier_bulletin_readable(may_and_june, data, users, client_for):
    with time_machine.travel(TODAY, tick=False):
        red = Milestone.objects.get(project=data["turned"])
        red.actual_date = days(-1)
        red.save()
        client_for("admin").post("/months/2025/6/reopen/", {"reason": "补录实际完成时间"})
        close_month(2025, 6, users["manager"])
    client = client_for("staff_a")
    months = client.get("/months/").content.decode()
    assert "补录实际完成时间" in months and "/months/2025/6/?version=1" in months
    current, earlier = (
        client.get(url).content.decode().split("三、红灯项目")[1].split("四、本月变化")[0]
        for url in ("/months/2025/6/", "/months/2025/6/?version=1")
    )
    assert "无红灯项目" in current and "转红项目" in earlier
    assert "第1版" in client.get("/months/2025/6/?version=1").content.decode()
    earlier_docx = client.get("/months/2025/6/bulletin.docx?version=1")
    assert "转红项目" in " ".join(docx_text(earlier_docx.content)[1])


def test_the_trend_draws_each_closed_month_with_its_labels(may_and_june, client_for):
    page = client_for("staff_a").get("/months/trend/?year=2025").content.decode()
    assert "<svg" in page and "红色 · 滞后督办" in page and "6月 红色 · 滞后督办：1" in page
    assert "5月 黄色 · 超期预警：1" in page


def test_a_units_trend_counts_its_projects_and_milestones(may_and_june, data, client_for):
    page = client_for("staff_a").get(f"/months/trend/unit/{data['lead'].pk}/?year=2025").content.decode()
    assert "建设局全称" in page and "<svg" in page
    assert "6月 绿色 · 推进正常：1" in page  # P2's milestone belongs to 建设局 (its responsible unit)


def test_query_counts_of_the_trend_changes_and_bulletin_pages(
    may_and_june, data, client_for, django_assert_num_queries
):
    client = client_for("staff_a")
    client.get("/months/")  # the session and the user are loaded once per request either way
    with django_assert_num_queries(10):
        client.get("/months/trend/?year=2025")
    with django_assert_num_queries(11):  # the unit, and its milestones' counts besides its projects'
        client.get(f"/months/trend/unit/{data['lead'].pk}/?year=2025")
    # The plans moved: which ones (a semi-join of the two months' rows, through the aggregate cache), then those rows.
    with django_assert_num_queries(15):
        client.get("/months/2025/6/changes/")
    # The 红黄榜 is ranked by ranking.core (orders: one grouped query, the units once with the rest): 33 - 2; the plans
    # moved read in two queries as on the changes page: + 1.
    with django_assert_num_queries(32):
        client.get("/months/2025/6/")


def test_the_demo_closes_the_ended_months_of_this_year_once(data):
    with time_machine.travel(TODAY, tick=False):
        call_command("close_demo_months", stdout=io.StringIO())
        call_command("close_demo_months", stdout=io.StringIO())
    assert list(ClosedMonth.objects.order_by("month").values_list("month", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_the_bulletin_page_shows_the_first_rows_of_a_long_list_and_the_files_and_changes_page_all(data, users, client):
    for n in range(51):
        make_project(data["other"], code=f"L{n:02d}", name=f"未报项目{n:02d}", milestones=[{"planned_date": days(60)}])
    with time_machine.travel(TODAY, tick=False):
        close_month(2025, 6, users["manager"])
    client.force_login(users["staff_a"])
    late = client.get("/months/2025/6/").content.decode().split("未按时填报（53）")[1].split("</section>")[0]
    assert late.count("<li>") == 50 and "未报项目49" in late and "未报项目50" not in late
    assert "共 53 项，此处列出前 50 项，其余见：" in late and 'href="/months/2025/6/changes/"' in late
    changes = client.get("/months/2025/6/changes/").content.decode()
    assert "未报项目50" in changes and "此处列出前" not in changes
    cells = docx_text(client.get("/months/2025/6/bulletin.docx").content)[1]
    assert "未报项目50" in cells


def test_the_bulletins_figures_are_rounded_and_grouped_as_on_their_own_pages(data, users, client_for):
    """An indicator derived from the projects is a quotient (万元 into 亿元): the bulletin shows it with the indicator's
    decimals, not as 0.123456700000000; the investment line groups its thousands as the project list does."""
    derived = make_indicator("amount", measure="亿元", derived_from_projects=True, decimals=2, name="年度投资")
    set_target(derived, "620")
    ProgressReport.objects.create(project=data["turned"], year=2025, month=5, investment_completed=Decimal("1234.567"))
    ListEntry.objects.filter(project=data["turned"]).update(annual_plan_investment=Decimal(1143000))
    with time_machine.travel(TODAY, tick=False):
        close_month(2025, 6, users["manager"])
    page = client_for("manager").get("/months/2025/6/").content.decode()
    indicators = page.split("七、")[1]
    assert "0.12" in indicators and "620.00" in indicators
    assert not re.search(r"\d\.\d{3,}", indicators)
    assert "年度计划投资 1,143,0" in page and "累计完成 1,234.5" in page
