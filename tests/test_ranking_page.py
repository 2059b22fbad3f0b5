"""The ranking's page (/ranking/), its workbook and the optional score: what a reader sees, in a fixed number of
queries."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from projects.models import Milestone
from ranking.core import unit_ranking
from tests.factories import make_project, make_unit
from tests.supervision_factories import make_order

AS_OF = dt.date(2025, 6, 30)
URL = f"/ranking/?year=2025&as_of={AS_OF}"
PINNED = 12  # incl. the navigation: a manager's badge counts orders (reminders/work.py)


def days(n):
    return AS_OF + dt.timedelta(days=n)


@pytest.fixture
def data(db):
    a, b = make_unit("甲局全称", "甲局"), make_unit("乙镇全称", "乙镇")
    p = make_project(a, milestones=[(days(-40), None), (days(-50), days(-55))])
    Milestone.objects.filter(project=p, seq=1).update(unit=b)  # 乙镇 answers for the red milestone
    make_project(b, milestones=[(days(-5), None)])
    return {"a": a, "b": b}


def test_page_lists_units_worst_first_with_their_columns(data, client_for):
    response = client_for("staff_a").get(URL)
    assert response.status_code == 200
    rows = response.context["table"].rows
    assert [(r.rank.unit.short_name, r.rank.red, r.rank.yellow) for r in rows] == [("乙镇", 1, 1), ("甲局", 0, 0)]
    page = response.content.decode()
    assert "2025 年红黄榜" in page and "截至 2025-06-30" in page
    assert "考核得分" not in page  # no weights configured: no score, no formula
    assert 'href="/ranking/ranking.xlsx?year=2025&amp;as_of=2025-06-30"' in page


def test_score_and_its_formula_only_when_weights_are_configured(data, client_for, settings):
    settings.RANKING_WEIGHTS = {"red": 5, "late_rate": 0.5}
    settings.RANKING_BASE_SCORE = 100
    response = client_for("manager").get(URL)
    rows = {r.rank.unit.short_name: r for r in response.context["table"].rows}
    assert rows["乙镇"].score == 95  # one red; nothing done: no shortfall
    assert rows["甲局"].score == 100  # done 5 days early on its baseline: on time
    page = response.content.decode()
    assert "考核得分计算公式：" in page and "考核得分 = 100 − 5 × 红色节点数 − 0.5 × （100 − 按期完成率%）" in page


def test_a_bad_as_of_falls_back_to_today(data, client_for):
    assert client_for("manager").get("/ranking/?year=2025&as_of=notadate").status_code == 200


def test_workbook_has_the_ranking_in_order(data, client_for, settings):
    settings.RANKING_WEIGHTS = {"red": 2}
    response = client_for("staff_b").get(f"/ranking/ranking.xlsx?year=2025&as_of={AS_OF}")
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(response.getvalue() if not response.streaming else b"".join(response.streaming_content))
    ).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in (1, 2)]
    assert [(v[1], v[2], v[-1]) for v in values] == [("乙镇全称", 1, 98), ("甲局全称", 0, 100)]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_query_count_is_pinned(db, client_for):
    client = client_for("manager")
    for _ in range(2):
        make_project(make_unit(), milestones=[(days(-40), None), (days(-10), days(-12))])
    small = _count_queries(client, URL)
    for _ in range(20):
        make_project(make_unit(), milestones=[(days(-40), None), (days(-10), days(-12))])
    # The ranking's four (milestones by their unit, missing reports, orders, the units: ranking.core), and the
    # shell's: the session's user, the navigation's permissions, the bell's unread count, 我的待办's badge.
    assert small == _count_queries(client, URL) == PINNED


@pytest.mark.django_db
def test_each_unit_shows_its_orders_received_replied_on_time_and_reply_overdue(world, client_for):
    m, a, b = (world["users"][p] for p in ("manager", "staff_a", "staff_b"))
    make_order(world["project_a"], m, a, "replied")  # issued and replied on 2025-06-02, due 06-09: on time
    make_order(world["project_a"], m, a)  # due 06-09, no reply: overdue as of 06-30
    make_order(world["project_b"], m, b, today=dt.date(2025, 6, 27))  # due 07-04: not overdue yet
    make_order(world["project_b"], m, b, "cancelled")  # a cancelled order counts nowhere
    ranks = {r.unit.short_name: r for r in unit_ranking(2025, AS_OF)}
    figures = {
        name: (r.orders_received, r.orders_replied_on_time, r.orders_reply_overdue, r.reply_on_time_pct)
        for name, r in ranks.items()
    }
    assert figures == {"甲单位": (2, 1, 1, 50), "乙单位": (1, 0, 0, 0)}
    page = client_for("staff_b").get(URL).content.decode()
    row = next(tr for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S) if ">甲单位</a>" in tr)
    cells = re.findall(r"<td[^>]*>([^<]*)", row)
    assert cells[-3:] == ["2", "50%", "1"]  # 收到督办单, 按时反馈率, 反馈逾期
