"""Notifications: each event the spec names notifies its people in the same transaction; the bell counts the unread;
/notifications/ lists them newest first, opens the object, marks one or all read."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from portal.models import Notification
from portal.notifications import notify
from supervision import services
from supervision.choices import Cause
from tests.conftest import make_user
from tests.supervision_factories import make_order


def today():
    return timezone.localdate()


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.mark.django_db
def test_each_event_notifies_the_people_concerned(world):
    m, a, b = world["users"]["manager"], world["users"]["staff_a"], world["users"]["staff_b"]
    order = make_order(world["project_a"], m, a, co_units=[world["unit_b"]], today=today())
    assert kinds(a) == ["order_issued"] and kinds(b) == ["order_issued"] and kinds(m) == []
    order = services.chase(order, version=order.version, user=m)
    order = services.request_extension(
        order, version=order.version, user=a, requested_due=order.reply_due + dt.timedelta(days=5), reason="r"
    )
    order = services.decide_extension(order, version=order.version, user=m, approve=True)
    order = services.reply(order, version=order.version, user=a, measures="m", cause=Cause.FUNDS)
    order = services.return_reply(order, version=order.version, user=m, reason="r")
    assert kinds(a) == ["extension_decided", "order_chased", "order_issued", "order_returned"]
    assert kinds(b) == ["order_issued"]  # co-units hear of the issue only
    assert kinds(m) == ["extension_requested", "reply_received"]  # the issuing manager
    note = Notification.objects.get(user=a, kind="order_returned")
    assert note.url == f"/supervision/{order.pk}/" and note.obj == order and note.day == today()


@pytest.mark.django_db
def test_an_event_that_rolls_back_notifies_nobody(world):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    draft = make_order(world["project_a"], m, a, "draft", today=today())
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue(draft, version=draft.version, user=m)
        raise RuntimeError
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_the_same_reminder_is_made_once_a_day_and_inactive_people_get_none(world, unit_a):
    a = world["users"]["staff_a"]
    gone = make_user("gone", unit=unit_a, is_active=False)
    for _ in range(2):
        notify([a, a, gone], kind="due_soon", text="t", obj=world["project_a"], day=dt.date(2025, 6, 1))
    notify([a], kind="due_soon", text="t", obj=world["project_a"], day=dt.date(2025, 6, 2))
    assert Notification.objects.filter(user=a).count() == 2 and not Notification.objects.filter(user=gone).exists()


@pytest.mark.django_db
def test_bell_page_and_marking_read(world, client_for):
    a = world["users"]["staff_a"]
    for n in range(3):
        notify(
            [a],
            kind="order_chased",
            text=f"第{n}条",
            url="/supervision/",
            obj=world["project_a"],
            day=dt.date(2025, 6, n + 1),
        )
    client = client_for("staff_a")
    page = client.get("/notifications/").content.decode()
    assert '<span class="bell-count">3<span class="sr-only">条未读</span></span>' in page
    assert page.index("第2条") < page.index("第1条") < page.index("第0条")  # newest first
    newest = Notification.objects.for_user(a).first()
    response = client.post(f"/notifications/{newest.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/supervision/"
    assert Notification.objects.filter(user=a).unread().count() == 2
    client.post("/notifications/read-all/")
    assert Notification.objects.filter(user=a).unread().count() == 0
    assert "bell-count" not in client.get("/notifications/").content.decode()
    other = client_for("staff_b")
    assert other.post(f"/notifications/{newest.pk}/read/").status_code == 404


@pytest.mark.django_db
def test_a_notification_url_to_another_site_is_not_followed(world, client_for):
    a = world["users"]["staff_a"]
    notify([a], kind="order_chased", text="t", url="https://evil.example/", obj=world["project_a"])
    note = Notification.objects.get()
    response = client_for("staff_a").post(f"/notifications/{note.pk}/read/", {"open": "1"})
    assert response["Location"] == "/notifications/"


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 200])
def test_the_notifications_page_costs_the_same_queries_for_10_and_200(world, client_for, n, django_assert_num_queries):
    a = world["users"]["staff_a"]
    first = dt.date(2025, 1, 1)
    Notification.objects.bulk_create(
        Notification(user=a, kind="due_soon", text=f"第{i}条", url="/projects/", day=first + dt.timedelta(days=i))
        for i in range(n)
    )
    client = client_for("staff_a")
    client.get("/")  # the session's first request loads what later ones find cached
    # The session, its user, the user's permissions (2), the bell's unread count, 我的待办's badge (2), the user's
    # unit, and the page's own: the paginator's count and the page's 50 rows.
    with django_assert_num_queries(10):
        page = client.get("/notifications/").content.decode()
    assert page.count('<tr class="unread">') == min(n, 50)
