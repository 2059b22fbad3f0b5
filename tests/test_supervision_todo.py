"""待督办: suggestions by the ladder in SQL as of a date, worst first, filters and counts; preview and issue in one
step (one order per project and answering unit), escalation from it, a suggestion that changed is refused."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from portal.models import Notification
from projects.models import Milestone
from supervision import services
from supervision.models import SupervisionOrder
from supervision.querysets import suggestions
from tests.factories import make_project
from tests.supervision_factories import make_order


def today():
    return timezone.localdate()


def ago(days):
    return today() - dt.timedelta(days=days)


@pytest.fixture
def lagging(world):
    """project_a (unit A): a red milestone 40 days late and a yellow one; project_b (unit B): a yellow one."""
    year = today().year
    red_a = make_project(
        world["unit_a"], code="T-A", name="红色项目", year=year, milestones=[(ago(40), None), (ago(3), None)]
    )
    yellow_b = make_project(world["unit_b"], code="T-B", name="黄色项目", year=year, milestones=[(ago(5), None)])
    return {"red_a": red_a, "yellow_b": yellow_b, "year": year}


def ids(project):
    return list(project.milestones.order_by("seq").values_list("pk", flat=True))


@pytest.mark.django_db
def test_suggestions_follow_the_ladder_worst_first(lagging, world):
    rows = list(suggestions(lagging["year"], today()))
    assert [(r.project.code, r.seq, r.suggested) for r in rows] == [
        ("T-A", 1, "order"),
        ("T-B", 1, "warning"),
        ("T-A", 2, "warning"),
    ]
    # An open warning on the yellow milestone: no suggestion; an open order on the red one: none either.
    manager, staff = world["users"]["manager"], world["users"]["staff_a"]
    red, yellow = Milestone.objects.filter(project=lagging["red_a"]).order_by("seq")
    make_order(lagging["red_a"], manager, staff, level="order", milestones=[red], today=today())
    make_order(lagging["red_a"], manager, staff, level="warning", milestones=[yellow], today=today())
    assert [(r.project.code, r.suggested) for r in suggestions(lagging["year"], today())] == [("T-B", "warning")]
    # 31 days on, the order's reply is overdue: 挂牌督办 is suggested for its red milestone.
    later = today() + dt.timedelta(days=31)
    assert ("T-A", 1, "listed") in [(r.project.code, r.seq, r.suggested) for r in suggestions(lagging["year"], later)]


@pytest.mark.django_db
def test_todo_page_filters_counts_and_is_for_managers(lagging, client_for):
    assert client_for("staff_a").get("/supervision/todo/").status_code == 403
    page = client_for("manager").get("/supervision/todo/").content.decode()
    assert "共 3 个待督办节点" in page
    assert "督办：1" in page and "预警提醒：2" in page
    only = client_for("manager").get("/supervision/todo/?suggested=warning").content.decode()
    assert "T-B" in only and only.count('name="milestone"') == 2
    assert "红色 · 滞后督办" in page  # a color always with its label


def preview(client, year, milestone_ids):
    return client.post("/supervision/todo/preview/", {"year": year, "milestone": milestone_ids})


def issue_from(client, year, response):
    """Post the preview's formset back as it was filled in."""
    html = response.content.decode()
    data = {"year": year}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        data[name] = value.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    for name, value in re.findall(r'<input type="date" name="([^"]+)" value="([^"]*)"', html):
        data[name] = value
    return client.post("/supervision/todo/issue/", data)


@pytest.mark.django_db
def test_two_orders_are_issued_in_one_step_after_a_preview(lagging, client_for, world):
    client = client_for("manager")
    selected = ids(lagging["red_a"]) + ids(lagging["yellow_b"])
    response = preview(client, lagging["year"], selected)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card planned-order"') == 2  # one per project and unit
    assert "节点「节点1」计划" in html  # the reason is pre-filled with the explanations
    first = issue_from(client, lagging["year"], response)
    assert first.status_code == 302
    orders = list(SupervisionOrder.objects.order_by("serial"))
    assert [(o.project.code, o.level, o.state, o.serial) for o in orders] == [
        ("T-A", "order", "issued", 1),
        ("T-B", "warning", "issued", 2),
    ]
    assert orders[0].milestones.count() == 2
    assert Notification.objects.filter(user=world["users"]["staff_a"], kind="order_issued").count() == 1
    assert Notification.objects.filter(user=world["users"]["staff_b"], kind="order_issued").count() == 1
    assert list(suggestions(lagging["year"], today())) == []
    # The same preview posted again (a second click): refused whole, nothing more issued.
    again = issue_from(client, lagging["year"], response)
    assert again.status_code == 302 and SupervisionOrder.objects.count() == 2
    assert "待督办建议已变化" in client.get(again["Location"]).content.decode()
    # Nothing left to select: the preview sends back with a message.
    assert preview(client, lagging["year"], selected).status_code == 302


@pytest.mark.django_db
def test_a_suggestion_taken_meanwhile_refuses_the_whole_issue(lagging, client_for, world):
    client = client_for("manager")
    response = preview(client, lagging["year"], ids(lagging["red_a"]) + ids(lagging["yellow_b"]))
    make_order(
        lagging["yellow_b"],
        world["users"]["manager"],
        world["users"]["staff_b"],
        level="warning",
        milestones=lagging["yellow_b"].milestones.all(),
        today=today(),
    )
    response = issue_from(client, lagging["year"], response)
    assert response.status_code == 302
    assert SupervisionOrder.objects.count() == 1  # only the one made meanwhile


@pytest.mark.django_db
def test_issuing_a_listed_suggestion_escalates_the_open_order(lagging, client_for, world):
    manager = world["users"]["manager"]
    red = lagging["red_a"].milestones.get(seq=1)
    old = make_order(lagging["red_a"], manager, world["users"]["staff_a"], milestones=[red], today=ago(20))
    rows = {r.pk: r.suggested for r in suggestions(lagging["year"], today())}
    assert rows[red.pk] == "listed"  # its reply is overdue
    client = client_for("manager")
    issue_from(client, lagging["year"], preview(client, lagging["year"], [red.pk]))
    old.refresh_from_db()
    new = SupervisionOrder.objects.get(escalated_from=old)
    assert (old.state, old.outcome, new.level, new.state) == ("closed", "escalated", "listed", "issued")
    assert list(new.milestones.all()) == [red]
    assert services.default_reply_due("listed", today()).day == new.reply_due
