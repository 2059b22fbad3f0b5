"""The site shell: every page needs login, login/logout, the language switch, settings that fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent

# Reachable without login: the login page itself and the language switch it carries.
PUBLIC = {"login", "set_language", "admin:login", "admin:logout", "healthz"}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def _sample_path(route):
    """Fill converters with plausible values: <int:...> -> 1, <str:...>/<path:...> -> x."""
    import re

    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path|uuid):\w+>|<\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # admin regex routes
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")


def all_routes():
    return sorted({(name, _sample_path(route)) for name, route in _walk(get_resolver().url_patterns)})


@pytest.mark.django_db
@pytest.mark.parametrize("name,path", all_routes())
def test_every_page_redirects_anonymous_users_to_login(client, name, path):
    if name in PUBLIC or path.startswith("/static/"):
        pytest.skip("public by design")
    response = client.get(path)
    if name.startswith("api:") and name != "api:docs":  # API clients are told, not sent to a login page
        assert response.status_code == 401, f"{name} {path} answered {response.status_code}"
        return
    assert response.status_code == 302, f"{name} {path} answered {response.status_code}"
    location = response["Location"]
    assert location.startswith(reverse("login")) or location.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_login_and_logout(client, users):
    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD}, follow=True)
    assert response.context["user"].username == "staff_a"
    assert "甲单位全称" in response.content.decode()  # the user's unit in the header
    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, users):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "nope"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert response.context["form"].errors


@pytest.mark.django_db
def test_language_switch_changes_the_interface_language(client, users):
    client.force_login(users["staff_a"])
    assert "首页" in client.get(reverse("dashboard")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Home" in page and "Log out" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "退出" in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_language_switch_works_on_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_admin_link_only_for_those_allowed(client, users):
    client.force_login(users["staff_a"])
    assert reverse("admin:index") not in client.get(reverse("dashboard")).content.decode()
    client.force_login(users["manager"])
    assert reverse("admin:index") in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_roles_have_their_permissions(users):
    assert users["manager"].is_manager and users["admin"].is_manager
    assert not users["staff_a"].is_manager
    assert users["staff_a"].has_perm("projects.report_progress")
    assert not users["staff_a"].has_perm("projects.change_plan")


def _settings_check(**env):
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; django.setup(); print('ok')"],
        cwd=ROOT,
        env={**full, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
    )


def test_settings_refuse_missing_secret_key_when_debug_is_off():
    result = _settings_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_allow_development_key_when_debug_is_on():
    assert _settings_check(DEBUG="1").returncode == 0


def test_log_level_is_read_in_any_case():
    assert _settings_check(DEBUG="1", LOG_LEVEL="warning").returncode == 0


@pytest.mark.parametrize(
    "env,name",
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "1", "RED_OVERDUE_DAYS": "soon"}, "RED_OVERDUE_DAYS"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({"DEBUG": "1", "TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE"),
        ({"DEBUG": "1", "LANGUAGE_CODE": "fr"}, "LANGUAGE_CODE"),
        ({"DEBUG": "1", "LOG_LEVEL": "verbose"}, "LOG_LEVEL"),
    ],
)
def test_settings_name_the_variable_with_a_bad_value(env, name):
    result = _settings_check(**env)
    assert result.returncode != 0
    assert name in result.stderr


def test_check_deploy_passes_with_production_values():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")} | {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "production-like-secret-key-value",
        "ALLOWED_HOSTS": "xmdb.example.gov.cn",
        "CSRF_TRUSTED_ORIGINS": "https://xmdb.example.gov.cn",
        "USE_X_FORWARDED_PROTO": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
