"""Login protection: lockout per account and per address, unlock by an administrator, the login audit, the idle
timeout and the password policy (issue 19)."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.utils import timezone

from portal.models import LoginEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


class CountingHasher(MD5PasswordHasher):
    """The tests' hasher, counting every password it hashes (checking a password hashes it once)."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = ["tests.test_login_security.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def login(client, username, password, ip="10.0.0.1", agent="pytest-browser"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def kinds(**filters):
    return list(LoginEvent.objects.filter(**filters).order_by("pk").values_list("kind", flat=True))


def test_an_account_is_locked_after_the_configured_failures_and_refused_without_hashing(client, users, hashes):
    for _ in range(4):
        response = login(client, "staff_a", "wrong-password")
        assert response.status_code == 200
        assert not response.wsgi_request.user.is_authenticated
    response = login(client, "staff_a", "wrong-password")
    assert response.status_code == 429
    assert "登录失败次数过多，该账号或您所在的地址已被锁定 15 分钟" in response.content.decode()
    assert hashes.calls == 5

    hashes.calls = 0
    response = login(client, "staff_a", PASSWORD)  # the right password, while locked
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
    assert hashes.calls == 0, "a locked account must not cost a password hash"
    # From another address the account is still locked; the lockout is per account too.
    assert login(client, "staff_a", PASSWORD, ip="10.0.0.2").status_code == 429
    assert hashes.calls == 0


def test_the_limit_and_the_cool_off_come_from_the_settings(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, "staff_a", "wrong-password")
        assert login(client, "staff_a", "wrong-password").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert login(client, "staff_a", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert login(client, "staff_a", PASSWORD).status_code == 302


def test_an_address_is_locked_after_failures_on_several_accounts(client, users, hashes):
    for name in ["nobody-1", "nobody-2", "staff_b", "manager", "nobody-3"]:
        login(client, name, "wrong-password", ip="10.9.9.9")
    hashes.calls = 0
    response = login(client, "admin", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert hashes.calls == 0
    # The same account from another address logs in.
    assert login(client, "admin", PASSWORD, ip="10.0.0.7").status_code == 302


def test_the_lockout_page_is_in_english_for_an_english_browser(client, users):
    for _ in range(5):
        response = client.post(
            LOGIN, {"username": "staff_a", "password": "x"}, REMOTE_ADDR="10.0.0.1", HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_an_administrator_unlocks_an_account_from_the_user_list(client, users):
    for _ in range(5):
        login(client, "staff_a", "wrong-password")
    assert login(client, "staff_a", PASSWORD).status_code == 429
    client.force_login(users["admin"])
    response = client.post(
        "/admin/portal/user/", {"action": "unlock_logins", "_selected_action": [users["staff_a"].pk]}, follow=True
    )
    assert "已解除 1 个用户的登录锁定" in response.content.decode()
    client.logout()
    assert login(client, "staff_a", PASSWORD).status_code == 302


def test_an_administrator_unlocks_an_address_by_deleting_its_attempts(client, users):
    for name in ["n1", "n2", "n3", "n4", "n5"]:
        login(client, name, "wrong-password", ip="10.9.9.9")
    assert login(client, "staff_b", PASSWORD, ip="10.9.9.9").status_code == 429
    client.force_login(users["admin"])
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    pks = list(AccessAttempt.objects.filter(ip_address="10.9.9.9").values_list("pk", flat=True))
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    assert login(client, "staff_b", PASSWORD, ip="10.9.9.9").status_code == 302


def test_managers_cannot_unlock_or_read_the_lockouts(client_for, users):
    client = client_for("manager")
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert client.get("/admin/portal/loginevent/").status_code == 403


def test_the_audit_records_failures_the_lockout_and_refusals_with_address_and_browser(client, users):
    for _ in range(5):
        login(client, "staff_a", "wrong-password", agent="Mozilla/5.0 test")
    login(client, "staff_a", PASSWORD)
    assert sorted(kinds(username="staff_a")) == sorted(["failed"] * 5 + ["locked", "refused"])
    event = LoginEvent.objects.filter(kind="locked").get()
    assert (event.username, event.ip_address, event.user_agent) == ("staff_a", "10.0.0.1", "Mozilla/5.0 test")
    assert event.user is None  # a failed login names the account typed, not a user
    assert event.detail == "失败 5 次，锁定 15 分钟"


def test_the_audit_records_a_login_and_a_logout(client, users):
    assert login(client, "staff_a", PASSWORD, agent="Firefox").status_code == 302
    assert client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.1").status_code == 302
    events = list(LoginEvent.objects.filter(username="staff_a").order_by("pk"))
    assert [e.kind for e in events] == ["login", "logout"]
    assert events[0].user == users["staff_a"]
    assert events[0].ip_address == "10.0.0.1"
    assert events[0].user_agent == "Firefox"
    assert events[0].at <= events[1].at


def test_the_audit_records_a_password_change_by_the_user_and_by_an_administrator(client, users):
    client.force_login(users["staff_a"])
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "a-long-new-secret-7", "new_password2": "a-long-new-secret-7"},
        REMOTE_ADDR="10.0.0.5",
    )
    assert response.status_code == 302
    event = LoginEvent.objects.get(kind="password")
    assert (event.user, event.ip_address, event.detail) == (users["staff_a"], "10.0.0.5", "")

    client.force_login(users["admin"])
    url = f"/admin/portal/user/{users['staff_b'].pk}/password/"
    data = {"password1": "another-long-secret-8", "password2": "another-long-secret-8"}
    response = client.post(url, {**data, "usable_password": "true"})
    assert response.status_code == 302
    event = LoginEvent.objects.filter(kind="password").latest("pk")
    assert (event.user, event.detail) == (users["staff_b"], "由 admin 修改")


def test_administrators_read_the_audit_and_nobody_edits_it(client_for, users):
    client = client_for("admin")
    event = LoginEvent.objects.create(kind="failed", username="x", ip_address="10.0.0.1")
    assert client.get("/admin/portal/loginevent/").status_code == 200
    assert client.get(f"/admin/portal/loginevent/{event.pk}/change/").status_code == 200
    client.post(f"/admin/portal/loginevent/{event.pk}/change/", {"username": "changed"})
    client.post(f"/admin/portal/loginevent/{event.pk}/delete/", {"post": "yes"})
    event.refresh_from_db()
    assert event.username == "x"


def test_purge_deletes_audit_rows_older_than_the_retention(users, settings):
    settings.LOGIN_AUDIT_DAYS = 30
    old = LoginEvent.objects.create(kind="login", username="old", at=timezone.now() - dt.timedelta(days=31))
    recent = LoginEvent.objects.create(kind="login", username="recent", at=timezone.now() - dt.timedelta(days=29))
    call_command("purge_login_audit")
    assert not LoginEvent.objects.filter(pk=old.pk).exists()
    assert LoginEvent.objects.filter(pk=recent.pk).exists()
    call_command("purge_login_audit", "--days", "1")
    assert not LoginEvent.objects.filter(pk=recent.pk).exists()


def test_an_idle_session_ends_after_the_configured_minutes(client, users, settings):
    settings.SESSION_IDLE_MINUTES = 120
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert login(client, "staff_a", PASSWORD).status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=119), tick=False):
        assert client.get("/").status_code == 200  # active: the clock starts again
    with time_machine.travel(start + dt.timedelta(minutes=119 + 119), tick=False):
        assert client.get("/").status_code == 200
    # Idle for just over the limit (later still, the stored session has expired: the login page, no message).
    with time_machine.travel(start + dt.timedelta(minutes=238 + 120, seconds=30), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        page = client.get(response["Location"])
        assert "您已超过 120 分钟未操作，已自动退出，请重新登录。" in page.content.decode()
    assert LoginEvent.objects.filter(kind="logout", username="staff_a", detail="空闲超时").exists()


def test_a_session_cookie_lasts_the_idle_time_and_a_minute(settings):
    assert settings.SESSION_COOKIE_AGE == (settings.SESSION_IDLE_MINUTES + 1) * 60


@pytest.mark.parametrize("password,ok", [("Kx7-short", False), ("Kx7-longer1", True), ("1234567890123", False)])
def test_passwords_need_ten_characters_and_the_usual_checks(client_for, users, password, ok):
    response = client_for("staff_a").post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": password, "new_password2": password}
    )
    assert (response.status_code == 302) is ok
