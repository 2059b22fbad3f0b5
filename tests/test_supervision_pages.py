"""The ledger (filters, counts per state, export = the page's rows), the order page, the notice (print, .docx), drafts,
and the query counts of the three table pages, the same for 10 and 200 orders."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from supervision import services
from supervision.choices import Cause
from supervision.models import OrderLog, SupervisionOrder
from tests.factories import make_project
from tests.supervision_factories import make_order


def today():
    return timezone.localdate()


@pytest.fixture
def orders(world):
    """Orders of this year in several states: unit A leads three, unit B one (with A as co-unit)."""
    m, a, b = world["users"]["manager"], world["users"]["staff_a"], world["users"]["staff_b"]
    day = today()
    made = {
        "issued": make_order(world["project_a"], m, a, today=day),
        "replied": make_order(world["project_a"], m, a, "replied", today=day),
        "closed": make_order(world["project_a"], m, a, "closed", today=day),
        "b": make_order(world["project_b"], m, b, level="warning", co_units=[world["unit_a"]], today=day),
        "overdue": make_order(world["project_a"], m, a, today=day - dt.timedelta(days=30)),
    }
    return made


def workbook(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def numbers_on_page(html):
    return re.findall(r'<a href="/supervision/\d+/">([^<]+)</a>', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "state=issued",
        "overdue=1",
        "level=warning",
        "cause=land",
        "q=B-001",
        "sort=reply_due",
        "sort=-number",
        "unit=UNIT_A",
        "project=PROJECT_B",
    ],
)
def test_the_export_carries_the_rows_of_the_filtered_page(orders, world, client_for, query):
    query = query.replace("UNIT_A", str(world["unit_a"].pk)).replace("PROJECT_B", str(world["project_b"].pk))
    client = client_for("staff_b")
    page = numbers_on_page(client.get(f"/supervision/?{query}").content.decode())
    ws = workbook(client.get(f"/supervision/export.xlsx?{query}")).active
    exported = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert exported == page
    assert page, "each filter finds something"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.django_db
def test_export_writes_formula_like_text_as_text(world, client_for):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(world["project_a"], m, a, today=today())
    SupervisionOrder.objects.filter(pk=order.pk).update(reason='=HYPERLINK("http://x")')
    ws = workbook(client_for("manager").get("/supervision/export.xlsx")).active
    cell = ws.cell(row=2, column=12)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


@pytest.mark.django_db
def test_ledger_counts_per_state_and_filters(orders, world, client_for):
    html = client_for("manager").get("/supervision/").content.decode()
    counts = dict(re.findall(r'data-state="(\w+)">[^<]+<span class="count">(\d+)</span>', html))
    assert counts == {
        "draft": "0",
        "issued": "3",
        "acknowledged": "0",
        "replied": "1",
        "returned": "0",
        "closed": "1",
        "cancelled": "0",
    }
    overdue = client_for("manager").get("/supervision/?overdue=1").content.decode()
    assert numbers_on_page(overdue) == [orders["overdue"].number]
    assert "逾期未反馈 " in overdue


@pytest.mark.django_db
def test_order_page_shows_milestones_log_and_only_the_users_actions(world, client_for):
    project = make_project(
        world["unit_a"],
        code="P-1",
        name="测试项目",
        year=today().year,
        milestones=[(today() - dt.timedelta(days=40), None)],
    )
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(project, m, a, co_units=[world["unit_b"]], milestones=project.milestones.all(), today=today())
    staff = client_for("staff_a").get(f"/supervision/{order.pk}/").content.decode()
    assert "红色 · 滞后督办" in staff and "交办" in staff
    assert 'id="action-acknowledge"' in staff and 'id="action-reply"' in staff
    assert 'id="action-close"' not in staff and 'id="action-note"' not in staff
    co = client_for("staff_b").get(f"/supervision/{order.pk}/").content.decode()
    assert 'id="action-note"' in co and 'id="action-reply"' not in co
    manager = client_for("manager").get(f"/supervision/{order.pk}/").content.decode()
    assert 'id="action-chase"' in manager and 'id="action-escalate"' in manager and 'id="action-reply"' not in manager


def _notice_order(world):
    project = make_project(
        world["unit_a"],
        code="N-1",
        name="科学谷二期",
        year=today().year,
        milestones=[(today() - dt.timedelta(days=40), None)],
    )
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(project, m, a, milestones=project.milestones.all(), today=today())
    return services.reply(order, version=order.version, user=a, measures="增派施工班组", cause=Cause.CONSTRUCTION)


@pytest.mark.django_db
def test_docx_notice_has_the_number_the_project_and_the_reply_due_date(world, client_for):
    order = _notice_order(world)
    response = client_for("staff_b").get(f"/supervision/{order.pk}/notice.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert order.number in text
    assert "项目督办单" in text and "西部科学城重庆高新区" in text
    assert "科学谷二期" in cells and order.reply_due.isoformat() in cells
    assert "增派施工班组" in cells and "施工组织" in cells


@pytest.mark.django_db
@pytest.mark.parametrize(
    "level,title",
    [("warning", "预警提醒单"), ("order", "项目督办单"), ("listed", "挂牌督办通知"), ("interview", "约谈通知")],
)
def test_print_notice_is_headed_by_level(world, client_for, level, title):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(world["project_a"], m, a, level=level, today=today())
    html = client_for("manager").get(f"/supervision/{order.pk}/print/").content.decode()
    assert f'<h1 class="notice-title">{title}</h1>' in html and order.number in html
    assert "notice.css" in html and "style=" not in html


@pytest.mark.django_db
def test_print_notice_shows_the_reply(world, client_for):
    order = _notice_order(world)
    html = client_for("manager").get(f"/supervision/{order.pk}/print/").content.decode()
    assert "增派施工班组" in html and "施工组织" in html


@pytest.mark.django_db
def test_a_manager_writes_edits_and_deletes_a_draft(world, client_for):
    project = make_project(
        world["unit_a"], code="D-1", year=today().year, milestones=[(today() - dt.timedelta(days=40), None)]
    )
    client = client_for("manager")
    form = client.get(f"/supervision/new/?project={project.pk}").content.decode()
    assert "节点「节点1」计划" in form  # the reason is pre-filled
    due = (today() + dt.timedelta(days=10)).isoformat()
    data = {
        "version": "",
        "level": "order",
        "lead_unit": world["unit_a"].pk,
        "co_units": [world["unit_b"].pk],
        "milestones": list(project.milestones.values_list("pk", flat=True)),
        "reason": "事由",
        "requirements": "要求",
        "reply_due": due,
    }
    response = client.post(f"/supervision/new/?project={project.pk}", data)
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302 and order.state == "draft" and order.number == ""
    response = client.post(f"/supervision/{order.pk}/edit/", {**data, "version": order.version, "reason": "新事由"})
    order.refresh_from_db()
    assert order.reason == "新事由" and order.version == 2
    stale = client.post(f"/supervision/{order.pk}/edit/", {**data, "version": 1, "reason": "旧页面"})
    assert stale.status_code == 409
    order.refresh_from_db()
    assert order.reason == "新事由"
    assert list(order.log.values_list("action", flat=True)) == ["create", "edit"]
    response = client.post(f"/supervision/{order.pk}/delete/", {"delete-version": order.version})
    assert response.status_code == 302 and not SupervisionOrder.objects.exists()
    assert client.get("/supervision/new/?code=D-1").status_code == 302


def _many_orders(world, n):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    for _ in range(n):
        make_order(world["project_a"], m, a, "replied", co_units=[world["unit_b"]], today=today())


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 200])
def test_query_counts_do_not_grow_with_the_orders(world, client_for, n):
    project = make_project(
        world["unit_a"],
        code="Q-1",
        year=today().year,
        milestones=[(today() - dt.timedelta(days=40 + i), None) for i in range(n)],
    )
    make_project(
        world["unit_b"],
        code="Q-2",
        year=today().year,
        milestones=[(today() - dt.timedelta(days=40 + i), None) for i in range(n)],
    )
    _many_orders(world, n)
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(
        project, m, a, "replied", co_units=[world["unit_b"]], milestones=project.milestones.all(), today=today()
    )
    client = client_for("manager")
    client.get("/")  # the session's first request loads what later ones find cached
    # session, user, the user's permissions (2), the bell, the 我的待办 badge (2), the filter's units, and then the
    # page's own: the ledger's counts per state (also the paginator's total) and rows; 待督办's counts per level
    # (also the total) and rows; the order, its co-units, pending extension, milestones, replies, extension
    # requests, log and escalation.
    # (each +1 for a manager: a manager's badge counts orders (reminders/work.py))
    assert _queries(client, "/supervision/?per_page=200") == 11
    assert _queries(client, "/supervision/todo/?per_page=200") == 11
    assert _queries(client, f"/supervision/{order.pk}/") == 16
    assert len(client.get("/supervision/todo/?per_page=200").content.decode().split('name="milestone"')) == n + 1


@pytest.mark.django_db
def test_an_admin_correction_is_logged_and_bumps_the_version(world, client_for):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(world["project_a"], m, a, today=today())
    url = f"/admin/supervision/supervisionorder/{order.pk}/change/"
    response = client_for("admin").post(
        url,
        {
            "reason": "更正后的事由",
            "requirements": order.requirements,
            "reply_due": order.reply_due.isoformat(),
            "replies-TOTAL_FORMS": 0,
            "replies-INITIAL_FORMS": 0,
            "extension_requests-TOTAL_FORMS": 0,
            "extension_requests-INITIAL_FORMS": 0,
            "log-TOTAL_FORMS": 0,
            "log-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    order.refresh_from_db()
    assert order.reason == "更正后的事由" and order.version == 3
    assert order.log.last().action == OrderLog.Action.CORRECT
    assert client_for("manager").get(url).status_code == 200  # managers read it
    assert client_for("manager").post(url, {"reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_pages_of_the_ledger_take_their_total_from_the_state_counts(world, client_for):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    for _ in range(3):
        make_order(world["project_a"], m, a, today=today())
    make_order(world["project_a"], m, a, "closed", today=today())
    client = client_for("manager")
    table = client.get("/supervision/?per_page=2&state=issued").context["table"]
    assert table.paginator.count == 3 and table.paginator.num_pages == 2
    assert client.get("/supervision/?per_page=2").context["table"].paginator.count == 4
    assert client.get("/supervision/?year=abc").context["table"].paginator.count == 0


@pytest.mark.django_db
def test_free_texts_of_the_order_page_show_and_enforce_their_limit(world, client_for):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    order = make_order(world["project_a"], m, a, today=today())
    client = client_for("staff_a")
    page = client.get(f"/supervision/{order.pk}/").content.decode()
    assert 'name="reply-measures"' in page and 'maxlength="4000"' in page and "不超过 4000 字" in page
    data = {"reply-version": order.version, "reply-measures": "长" * 4001, "reply-cause": "funds"}
    response = client.post(f"/supervision/{order.pk}/reply/", data)
    reply = next(f["form"] for f in response.context["forms"] if f["action"] == "reply")
    assert response.status_code == 200 and "measures" in reply.errors
    order.refresh_from_db()
    assert order.state == "issued" and not order.replies.exists()
