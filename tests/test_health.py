"""/healthz for the load balancer, and the 503 page while the database is unreachable (issue 19)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh process whose DATABASE_URL cannot be reached (the suite's own database must stay up).
PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
healthz = client.get("/healthz")
client.cookies["sessionid"] = "a-logged-in-users-session"  # the session is read first: that read fails
page = client.get("/projects/")
print(json.dumps({
    "healthz": [healthz.status_code, healthz.content.decode()],
    "page": [page.status_code, page.get("Retry-After"), page.content.decode(), "Content-Security-Policy" in page],
}))
"""


def _unreachable_url():
    if connection.vendor == "postgresql":
        return "postgres://postgres@127.0.0.1:1/kxc_unreachable"  # nothing listens on port 1
    return "sqlite:////nonexistent-directory/db.sqlite3"


@pytest.fixture(scope="module")
def outage():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", DEBUG="1")
    env.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", DATABASE_URL=_unreachable_url())
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthz_answers_ok_without_login_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_503_when_the_database_is_unreachable(outage):
    assert outage["healthz"] == [503, "database unavailable\n"]


def test_a_page_gets_the_chinese_503_page_with_retry_after_when_the_database_is_down(outage):
    status, retry_after, html, has_policy = outage["page"]
    assert (status, retry_after, has_policy) == (503, "30", True)
    assert '<html lang="zh-hans">' in html
    assert "系统暂时无法访问" in html and "数据库暂时无法连接" in html


@pytest.fixture
def logged_in(users):
    client = Client(raise_request_exception=False)
    client.force_login(users["staff_a"])
    return client


@pytest.mark.django_db
def test_a_view_that_loses_the_database_gets_the_503_page(logged_in, monkeypatch):
    def lose_the_connection(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("projects.views.dashboard_selectors.dashboard", lose_the_connection)
    response = logged_in.get("/")
    assert response.status_code == 503
    assert "系统暂时无法访问" in response.content.decode()


@pytest.mark.django_db
def test_a_bad_query_is_still_a_500(logged_in, monkeypatch):
    def bad_query(*args, **kwargs):
        raise ProgrammingError("syntax error")

    monkeypatch.setattr("projects.views.dashboard_selectors.dashboard", bad_query)
    assert logged_in.get("/").status_code == 500
