"""Every URL × persona → the expected status code, GET and POST (rows in tests/permission_rows/)."""

import importlib
import pkgutil

import pytest
from django.urls import reverse

import tests.permission_rows as rows_pkg
from tests.test_shell import all_routes

EXEMPT = {"login", "set_language", "healthz"}  # healthz: no login (tests/test_health.py)


def _all_rows():
    rows = []
    for info in pkgutil.iter_modules(rows_pkg.__path__):
        rows += importlib.import_module(f"{rows_pkg.__name__}.{info.name}").ROWS
    return rows


ROWS = _all_rows()
CASES = [
    (row, method, persona, code)
    for row in ROWS
    for method, expected in (("get", row.get), ("post", row.post))
    for persona, code in ({"anonymous": row.anonymous, **expected}.items() if expected else [])
]


def test_every_url_has_a_row_in_the_permission_matrix():
    names = {name for name, _path in all_routes() if name and not name.startswith("admin:") and name not in EXEMPT}
    covered = {row.name for row in ROWS}
    assert names - covered == set(), "URL patterns without a permission row"


@pytest.mark.django_db
@pytest.mark.parametrize("row,method,persona,expected", CASES, ids=lambda v: str(v))
def test_permission_matrix(row, method, persona, expected, world, client_for):
    client = client_for(persona)
    path = row.path(world)
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, row.data(world) if row.data else {})
    assert response.status_code == expected, f"{persona} {method.upper()} {path}"
    if persona == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("login"))
