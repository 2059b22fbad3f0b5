"""Headers of every page: a strict Content-Security-Policy, no-store on whatever a logged-in user is shown, and
templates without inline script, style or event handlers (issue 19)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import make_user
from tests.test_permission_matrix import ROWS

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
GET_ROWS = [row for row in ROWS if row.get]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"""\sstyle\s*=\s*["'{]""", re.I), "a style attribute"),
    (re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.I), "an on… event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def _policy(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";") if part
    )


def _assert_strict(response):
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def _persona_for(row):
    return next(p for p in ["admin", "manager", "staff_a"] if row.get.get(p) == 200)


def _template_files():
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [path for path in ROOT.glob("*/templates") if ".venv" not in path.parts]
    return sorted(f for d in dirs for f in d.rglob("*.html"))


def test_no_template_has_inline_script_style_or_event_handlers():
    files = _template_files()
    assert len(files) > 30
    found = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}: {what}"
        for path in files
        for text in [path.read_text(encoding="utf-8")]
        for pattern, what in INLINE
        for m in pattern.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize("row", [row for row in GET_ROWS if any(v == 200 for v in row.get.values())], ids=str)
def test_every_page_has_the_strict_policy_no_store_and_no_inline_code(row, world, client_for):
    response = client_for(_persona_for(row)).get(row.path(world))
    assert response.status_code == 200
    _assert_strict(response)
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert response["X-Request-User"]
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert [what for pattern, what in INLINE if pattern.search(html)] == []


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz", "/no-such-page/", "/admin/login/"])
def test_public_pages_have_the_policy_too(client, path):
    response = client.get(path)
    assert response.status_code in (200, 302, 404)
    _assert_strict(response)


def test_the_admin_and_error_pages_have_the_policy(client_for, world):
    client = client_for("admin")
    for path in ["/admin/", "/admin/projects/project/", f"/projects/{world['project_a'].pk}/milestones/999999/"]:
        _assert_strict(client.get(path))
    _assert_strict(client_for("staff_a").get("/projects/import/"))  # a 403


def test_anonymous_responses_are_not_marked_with_a_user(client):
    assert "X-Request-User" not in client.get("/accounts/login/")


def test_the_access_log_user_header_is_ascii_for_any_user_name(db, unit_a):
    user = make_user("张 三", unit=unit_a)
    client = Client()
    client.force_login(user)
    assert client.get("/").headers["X-Request-User"] == "%E5%BC%A0%20%E4%B8%89"
