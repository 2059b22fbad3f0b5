"""Personas (admin, manager, staff of unit A, staff of unit B, anonymous) and shared fixtures."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.utils import translation

from portal.models import MANAGERS_GROUP, STAFF_GROUP, User
from tests.factories import make_project, make_unit

PASSWORD = "test-pass-1234"


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches the language (a request in English) must not leak it into the next test."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files (attachments) go to a temporary folder, never the checkout's media/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests log in often; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username, group=None, unit=None, **fields):
    user = User.objects.create_user(username=username, password=PASSWORD, unit=unit, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def unit_a(db):
    return make_unit("甲单位全称", "甲单位", kind="department")


@pytest.fixture
def unit_b(db):
    return make_unit("乙单位全称", "乙单位", kind="town")


@pytest.fixture
def users(db, unit_a, unit_b):
    return {
        "admin": make_user("admin", is_superuser=True, is_staff=True),
        "manager": make_user("manager", MANAGERS_GROUP, is_staff=True),
        "staff_a": make_user("staff_a", STAFF_GROUP, unit=unit_a),
        "staff_b": make_user("staff_b", STAFF_GROUP, unit=unit_b),
    }


PERSONAS = ["anonymous", "staff_a", "staff_b", "manager", "admin"]


@pytest.fixture
def client_for(client, users):
    """client_for(persona) -> a test client logged in as that persona (anonymous: not logged in)."""

    def _client(persona):
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        return client

    return _client


@pytest.fixture
def project_a(db, unit_a):
    """A project led by unit A in the 2025 list."""
    return make_project(lead_unit=unit_a, code="A-001", name="甲单位项目")


@pytest.fixture
def world(db, users, unit_a, unit_b, project_a):
    """The objects the permission matrix builds its URLs from; features add what their URLs need."""
    project_b = make_project(lead_unit=unit_b, code="B-001", name="乙单位项目")
    return {
        "users": users,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "project_a": project_a,
        "project_b": project_b,
    }
