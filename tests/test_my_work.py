"""我的待办 (/my/) and where a login lands: staff see their unit's milestones and reports, each with the action that
settles it, managers the zone's red milestones and late units; the badge in the navigation; the query budget."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Milestone
from reminders.work import LIMIT
from tests.conftest import PASSWORD, make_user
from tests.factories import make_project
from tests.reporting_factories import file_report
from tests.supervision_factories import make_order

TODAY = dt.date(2025, 6, 20)  # May's reports were due on 05-25, June's are due on 06-25


def at(day):
    """Travel to noon of a day in Shanghai (04:00 UTC)."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 4, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def today():
    with at(TODAY):
        yield TODAY


def ago(days):
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def work(db, today, unit_a, unit_b):
    """Unit A leads A1 (a red, a yellow without a responsible unit, a due-soon, one for unit B, a done and an exempt
    red milestone; no report of May or June), A2 (May's report in, June's to file) and A3 (reserve). Unit B leads B1
    (red, no report of May)."""
    a1 = make_project(
        unit_a,
        code="A1",
        year=2025,
        milestones=[
            {"name": "红色节点", "planned_date": ago(50)},
            {"name": "黄色节点", "planned_date": ago(10)},
            {"name": "临期节点", "planned_date": TODAY + dt.timedelta(days=4)},
            {"name": "乙负责节点", "planned_date": ago(50), "unit": unit_b},
            {"name": "已完成节点", "planned_date": ago(50), "actual_date": ago(45)},
            {"name": "豁免节点", "planned_date": ago(50), "is_exempt": True},
        ],
    )
    Milestone.objects.filter(project=a1, name="黄色节点").update(unit=None)  # belongs to the lead unit
    a2 = make_project(unit_a, code="A2", year=2025)
    file_report(a2, 2025, 5, filed=dt.date(2025, 5, 20))
    make_project(unit_a, code="A3", year=2025, batch="reserve")
    make_project(unit_b, code="B1", year=2025, milestones=[{"name": "乙红色节点", "planned_date": ago(60)}])
    return a1


def page(client_for, persona):
    response = client_for(persona).get("/my/")
    assert response.status_code == 200
    return response


def names(section):
    return [m.name for m in section.items]


def codes(section):
    return [e.project.code for e in section.items]


def test_staff_see_their_units_items_with_the_action_that_settles_each(work, client_for):
    response = page(client_for, "staff_a")
    w = response.context["work"]
    assert names(w.overdue) == ["红色节点", "黄色节点"] and w.overdue.total == 2
    assert names(w.due_soon) == ["临期节点"] and w.due_soon.total == 1
    assert codes(w.reports_late) == ["A1"] and w.reports_late.items[0].month == 5
    assert codes(w.reports_to_file) == ["A1", "A2"] and w.due_day == dt.date(2025, 6, 25)
    red = w.overdue.items[0]
    assert red.action_url == f"/projects/{work.pk}/milestones/{red.pk}/actual/?next=/my/"
    assert w.reports_late.items[0].action_url == f"/projects/{work.pk}/report/?year=2025&month=5&next=/my/"
    html = response.content.decode()
    assert f'href="/projects/{work.pk}/milestones/{red.pk}/actual/?next=/my/"' in html
    assert "红色 · 滞后督办" in html and "黄色 · 超期预警" in html and "未按时填报" in html


def test_staff_of_another_unit_see_only_theirs(work, client_for):
    w = page(client_for, "staff_b").context["work"]
    assert names(w.overdue) == ["乙红色节点", "乙负责节点"]  # unit B's milestone of A1 belongs to B
    assert names(w.due_soon) == [] and codes(w.reports_late) == ["B1"] and codes(w.reports_to_file) == ["B1"]
    html = page(client_for, "staff_b").content.decode()
    assert ">红色节点<" not in html and ">A2<" not in html


def test_staff_see_their_units_open_orders_first(work, client_for, users):
    order = make_order(work, users["manager"], users["staff_a"])
    response = page(client_for, "staff_a")
    assert response.context["work"].orders == [order]
    html = response.content.decode()
    assert html.index("本单位待办督办单") < html.index("逾期节点") and f'href="/supervision/{order.pk}/"' in html
    assert page(client_for, "staff_b").context["work"].orders == []


def test_the_badge_counts_what_needs_acting_on_now(work, client_for):
    response = page(client_for, "staff_a")
    assert response.context["counts"].badge == 4  # 2 overdue, 1 due soon, 1 late report
    html = response.content.decode()
    assert '<span class="nav-count" aria-hidden="true">4</span><span class="sr-only">4 项待办</span>' in html
    with at(dt.date(2025, 6, 22)):  # REPORT_REMIND_DAYS (3) before the due day: this month's reports count too
        assert page(client_for, "staff_a").context["counts"].badge == 2 + 1 + 1 + 2
    # The badge shows on every page, not only on /my/.
    assert 'class="nav-count"' in client_for("staff_a").get("/projects/?year=2025").content.decode()


def test_recording_the_date_from_the_page_settles_the_item_and_comes_back(work, client_for):
    client = client_for("staff_a")
    red = page(client_for, "staff_a").context["work"].overdue.items[0]
    form = client.get(red.action_url)
    assert '<input type="hidden" name="next" value="/my/">' in form.content.decode()
    response = client.post(
        red.action_url, {"version": red.version, "actual_date": TODAY.isoformat(), "note": "", "next": "/my/"}
    )
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert names(client.get("/my/").context["work"].overdue) == ["黄色节点"]


def test_filing_the_report_from_the_page_settles_it(work, client_for):
    client = client_for("staff_a")
    late = page(client_for, "staff_a").context["work"].reports_late.items[0]
    data = {"version": 0, "year": 2025, "month": 5, "investment_completed": "10", "next": "/my/"}
    response = client.post(late.action_url, data)
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert codes(client.get("/my/").context["work"].reports_late) == []


def test_a_next_address_elsewhere_is_not_followed(work, client_for):
    client = client_for("staff_a")
    red = work.milestones.get(name="红色节点")
    url = f"/projects/{work.pk}/milestones/{red.pk}/actual/"
    data = {"version": red.version, "actual_date": TODAY.isoformat(), "note": "", "next": "https://evil.example/"}
    response = client.post(url, data)
    assert response["Location"] == f"/projects/{work.pk}/#milestones"


def test_managers_see_the_zones_red_milestones_and_the_units_with_late_reports(work, client_for, unit_a):
    response = page(client_for, "manager")
    w = response.context["work"]
    assert names(w.red) == ["乙红色节点", "红色节点", "乙负责节点"] and w.red.total == 3
    assert sorted((row["name"], row["count"]) for row in w.late_units) == [("乙单位", 1), ("甲单位", 1)]
    assert w.chase_month == 5
    assert response.context["counts"].badge == 5
    html = response.content.decode()
    assert f'<input type="hidden" name="unit" value="{unit_a.pk}">' in html and reverse("reminders:chase") in html


def test_staff_without_a_unit_have_an_empty_page(db, today, client):
    client.force_login(make_user("nobody", "填报人员"))
    response = client.get("/my/")
    assert response.status_code == 200 and "work" not in response.context
    assert "尚未设置所在单位" in response.content.decode()
    assert response.context["counts"].badge == 0


def test_sections_show_at_most_the_limit_and_say_how_many_more(db, today, unit_a, client_for):
    for n in range(LIMIT + 3):
        make_project(unit_a, code=f"M{n:03d}", year=2025, milestones=[(ago(40 + n), None)])
    w = page(client_for, "staff_a").context["work"]
    assert len(w.overdue.items) == LIMIT and w.overdue.total == LIMIT + 3 and w.overdue.more == 3
    assert w.overdue.items[0].project.code == f"M{LIMIT + 2:03d}"  # the longest overdue first
    assert len(w.reports_late.items) == LIMIT and w.reports_late.more == 3


# --- where a login lands ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona,target", [("staff_a", "/my/"), ("manager", "/"), ("admin", "/")])
def test_a_login_lands_staff_on_their_work_and_managers_on_the_dashboard(users, client, persona, target):
    response = client.post(reverse("login"), {"username": persona, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/start/"
    assert client.get("/start/")["Location"] == target


def test_the_sites_root_as_next_is_no_particular_page(users, client):
    """A user who typed the site's address is sent to the login with next=/; staff then land on their work too."""
    login = client.get("/")["Location"]
    assert login == "/accounts/login/?next=/"
    assert '<input type="hidden" name="next"' not in client.get(login).content.decode()
    form = client.get("/accounts/login/?next=/projects/").content.decode()
    assert '<input type="hidden" name="next" value="/projects/">' in form


def test_staff_without_a_unit_land_on_the_dashboard(db, client):
    client.force_login(make_user("nobody", "填报人员"))
    assert client.get("/start/")["Location"] == "/"


# --- the query budget ---------------------------------------------------------------------------------------


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/my/").status_code == 200
    return len(ctx.captured_queries)


def _items(unit, other, n, start):
    for i in range(start, start + n):
        project = make_project(
            unit,
            code=f"Q{i:04d}",
            year=2025,
            milestones=[(ago(40 + i % 30), None), (ago(3), None), (TODAY + dt.timedelta(days=2), None)],
        )
        Milestone.objects.create(project=project, seq=9, name="他单位节点", planned_date=ago(50), unit=other)


@pytest.mark.parametrize("persona", ["staff_a", "manager"])
def test_the_page_costs_the_same_queries_for_10_and_200_items(today, users, unit_a, unit_b, client_for, persona):
    client = client_for(persona)
    _items(unit_a, unit_b, 10, 0)
    small = _queries(client)
    _items(unit_a, unit_b, 190, 10)
    large = _queries(client)
    # staff: session, user, unit (header), 2 permission lookups (navigation), the bell, the badge's 2 counts, the open
    # orders, overdue and due soon milestones, late reports and reports to file. managers: session, user, 2
    # permission lookups, the bell, the red count, the order counts, the late units, the orders to verify, the
    # replies overdue, the red list.
    assert small == large == {"staff_a": 13, "manager": 11}[persona]


def test_managers_see_orders_to_verify_replies_overdue_and_red_milestones_without_an_order(work, users, client_for):
    from supervision.choices import State

    manager, staff = users["manager"], users["staff_a"]
    red = work.milestones.get(name="红色节点")
    replied = make_order(work, manager, staff, State.REPLIED, milestones=[red])
    overdue = make_order(work, manager, staff, State.ACKNOWLEDGED, reply_due=ago(3))
    make_order(work, manager, staff, State.ISSUED, reply_due=TODAY + dt.timedelta(days=5))  # neither
    response = page(client_for, "manager")
    w = response.context["work"]
    assert w.to_verify.items == [replied] and w.to_verify.total == 1
    assert w.replies_overdue.items == [overdue] and w.replies_overdue.items[0].days_overdue == 3
    assert names(w.red) == ["乙红色节点", "乙负责节点"] and w.red.total == 2  # 红色节点 has an open order
    assert response.context["counts"].badge == 2 + 2 + 1 + 1  # red without order, late units, the two orders
    html = response.content.decode()
    assert "待核验的督办反馈" in html and "逾期未反馈的督办单" in html and f'href="/supervision/{overdue.pk}/"' in html
