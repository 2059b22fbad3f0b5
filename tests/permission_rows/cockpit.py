"""Permission rows for the cockpit: the wall screen (managers and the 大屏 group), the read-only API (every logged-in
user by session, or a token; anonymous 401; a write 405 — or 403 for a session without the CSRF token, which the
matrix's test client is exempt from, see tests/test_cockpit_api.py), the API's documentation page (logged-in users),
the 入统日期 form (staff of the lead unit and managers)."""

from tests.permission_rows import Row

ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}
API_WRITE = {"staff_a": 405, "staff_b": 405, "manager": 405, "admin": 405}


def entry(w):
    return w["project_a"].list_entries.get()


def in_stats_data(w):
    return {"in_stats_date": "2025-03-31", "version": entry(w).version}


def api(name, path):
    return Row(f"api:{name}", lambda w: path(w), get=ALL_OK, post=API_WRITE, anonymous=401)


ROWS = [
    Row(
        "cockpit:screen",
        lambda w: "/screen/?year=2025",
        get={"staff_a": 403, "staff_b": 403, "manager": 200, "admin": 200},
    ),
    api("projects", lambda w: "/api/v1/projects/?year=2025&as_of=2025-06-30"),
    api("project", lambda w: "/api/v1/projects/A-001/?year=2025&as_of=2025-06-30"),
    api("summary", lambda w: "/api/v1/summary/?year=2025&as_of=2025-06-30"),
    api("ranking", lambda w: "/api/v1/ranking/?year=2025&as_of=2025-06-30"),
    api("indicators", lambda w: "/api/v1/indicators/?year=2025"),
    api("schema", lambda w: "/api/v1/schema/"),
    Row("api:docs", lambda w: "/api/v1/docs/", get=ALL_OK),
    Row(
        "projects:entry_in_stats",
        lambda w: f"/projects/{w['project_a'].pk}/entries/{entry(w).pk}/in-stats/",
        get={"staff_a": 200, "staff_b": 403, "manager": 200, "admin": 200},
        post={"staff_a": 302, "staff_b": 403, "manager": 302, "admin": 302},
        data=in_stats_data,
    ),
]
