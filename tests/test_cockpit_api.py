"""The read-only cockpit API (/api/v1/): tokens, throttling, the same rows and statuses as the list and
`project_status`, a constant number of queries, the schema and its documentation page."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cockpit.models import ApiToken, YearGoal
from projects.filters import ListEntryFilter
from projects.models import ListEntry, ProgressReport, Project
from tests.factories import d, make_project, make_unit
from tests.supervision_factories import make_order

pytestmark = pytest.mark.django_db
AS_OF = "2025-06-30"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def new_token(name="区数字驾驶舱"):
    token = ApiToken(name=name)
    key = token.new_key()
    token.save()
    return token, key


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def listed(unit_a, unit_b):
    make_project(unit_a, code="A-RED", batch="ongoing", milestones=[(d("2025-04-01"), None)], annual_plan=1000)
    make_project(unit_a, code="A-GREEN", batch="start", milestones=[(d("2025-07-31"), None)], annual_plan=500)
    make_project(unit_b, code="B-YELLOW", batch="ongoing", milestones=[(d("2025-06-20"), None)], annual_plan=0)
    red = Project.objects.get(code="A-RED")
    ProgressReport.objects.create(project=red, year=2025, month=3, investment_completed=600)


# --- authentication ----------------------------------------------------------------------------------------


def test_a_valid_token_reads_and_its_use_is_recorded(client, listed):
    token, key = new_token()
    response = client.get(f"/api/v1/projects/?year=2025&as_of={AS_OF}", **bearer(key))
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["results"]] == ["A-GREEN", "A-RED", "B-YELLOW"]
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    assert response["X-Request-User"] == "api%3A%E5%8C%BA%E6%95%B0%E5%AD%97%E9%A9%BE%E9%A9%B6%E8%88%B1"


def test_only_the_hash_of_a_key_is_stored(db):
    token, key = new_token()
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.key_prefix) and stored.key_prefix == key[:8]
    assert ApiToken.objects.for_key(key) == stored


@pytest.mark.parametrize("path", ["projects/", "summary/", "ranking/", "indicators/", "schema/", "projects/A-RED/"])
def test_a_revoked_an_unknown_or_a_missing_token_is_401(client, listed, path):
    token, key = new_token()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert client.get(f"/api/v1/{path}", **bearer(key)).status_code == 401
    assert client.get(f"/api/v1/{path}", **bearer("not-a-key")).status_code == 401
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_token_used_for_a_write_is_refused_405(client, listed, method):
    _token, key = new_token()
    for path in ["projects/", "projects/A-RED/", "summary/", "ranking/", "indicators/"]:
        response = getattr(client, method)(f"/api/v1/{path}", {}, content_type="application/json", **bearer(key))
        assert response.status_code == 405, path
    assert ListEntry.objects.count() == 3


def test_a_session_write_without_csrf_is_403_and_with_it_405(listed, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["manager"])
    assert client.post("/api/v1/projects/", {}).status_code == 403
    assert client.get("/api/v1/projects/").status_code == 200


def test_a_logged_in_user_reads_with_the_session(client_for, listed):
    assert client_for("staff_b").get(f"/api/v1/summary/?year=2025&as_of={AS_OF}").status_code == 200


def test_requests_are_throttled_per_token(client, listed, settings):
    settings.API_THROTTLE_RATE = "3/min"
    _one, key_one = new_token("one")
    _two, key_two = new_token("two")
    codes = [client.get("/api/v1/ranking/", **bearer(key_one)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/ranking/", **bearer(key_two)).status_code == 200


# --- the same rows as the list, the same statuses as project_status -------------------------------------------


def test_the_list_endpoint_filters_with_the_list_pages_filterset(client_for, listed, unit_a):
    client = client_for("manager")
    for query in ["status=red", "batch=ongoing", f"lead_unit={unit_a.pk}", "q=YELLOW", "investment_status=blue"]:
        full = f"year=2025&as_of={AS_OF}&{query}"
        api = [r["code"] for r in client.get(f"/api/v1/projects/?{full}").json()["results"]]
        data = dict(part.split("=") for part in full.split("&"))
        page = ListEntryFilter(data, queryset=ListEntry.objects.all()).qs.order_by("project__code")
        assert api == [e.project.code for e in page], query
    assert client.get("/api/v1/projects/?status=purple").status_code == 400


def test_money_is_in_wan_yuan_as_numbers_and_dates_are_iso(client_for, listed):
    ListEntry.objects.filter(project__code="A-RED").update(in_stats_date=d("2025-02-28"))
    row = client_for("manager").get(f"/api/v1/projects/A-RED/?year=2025&as_of={AS_OF}").json()
    assert row["annual_plan_investment"] == 1000 and row["investment_ytd"] == 600
    assert row["investment_status"] == "blue"  # 60% done at 50% of the year
    assert row["in_stats_date"] == "2025-02-28"
    assert row["milestones"][0] == {
        "seq": 1,
        "name": "节点1",
        "unit": "甲单位全称",
        "planned_date": "2025-04-01",
        "baseline_date": "2025-04-01",
        "actual_date": None,
        "is_exempt": False,
        "exempt_reason": "",
        "status": "red",
        "days_overdue": 90,
    }
    assert client_for("manager").get("/api/v1/projects/NOPE/?year=2025").status_code == 404
    assert client_for("manager").get("/api/v1/projects/A-RED/?year=2024").status_code == 404


BASE = dt.date(2025, 1, 1)
offsets = st.integers(min_value=-120, max_value=120)
milestone_specs = st.lists(
    st.tuples(offsets, st.one_of(st.none(), offsets), st.sampled_from([False, False, True])), max_size=5
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(projects=st.lists(milestone_specs, min_size=1, max_size=5), as_of_offset=offsets)
def test_the_apis_statuses_equal_project_status(client_for, projects, as_of_offset):
    Project.objects.all().delete()
    unit = make_unit()
    day = lambda n: BASE + dt.timedelta(days=n)  # noqa: E731
    for spec in projects:
        make_project(lead_unit=unit, milestones=[(day(p), None if a is None else day(a), e) for p, a, e in spec])
    as_of = day(as_of_offset).isoformat()
    out = io.StringIO()
    call_command("project_status", "--year", "2025", "--as-of", as_of, "--format", "csv", stdout=out)
    expected = list(csv.DictReader(io.StringIO(out.getvalue())))
    response = client_for("admin").get(f"/api/v1/projects/?year=2025&as_of={as_of}&page_size=500")
    fields = ["code", "name", "batch", "lead_unit", "status", "red", "yellow", "green", "blue"]
    got = [{f: str(row[f]) for f in fields} for row in response.json()["results"]]
    assert got == expected


def test_the_list_endpoints_query_count_is_constant_in_the_page_size(client, unit_a):
    for _n in range(30):
        make_project(unit_a, milestones=[(d("2025-03-01"), None), (d("2025-08-01"), None)], annual_plan=100)
    _token, key = new_token()
    client.get("/api/v1/ranking/", **bearer(key))  # records the token's use (at most once a minute)
    counts = []
    for size in (2, 30):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/api/v1/projects/?year=2025&as_of={AS_OF}&page_size={size}", **bearer(key))
        assert len(response.json()["results"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 4  # the token, the count, the page's keys, its rows with their statuses


def test_summary_carries_batch_colors_goals_and_investment(client_for, listed):
    YearGoal.objects.create(year=2025, list_count=3, investment=1)
    data = client_for("manager").get(f"/api/v1/summary/?year=2025&as_of={AS_OF}").json()
    total = data["batch_status"][-1]
    assert total["batch"] is None and total["total"] == 3 and total["counts"]["red"] == 1
    assert [g["code"] for g in data["goals"]] == ["list_count", "investment"]
    assert data["goals"][0]["achieved"] == 3
    assert data["investment"]["plan"] == 1500 and data["investment"]["completed"] == 600
    assert data["supervision"] == {
        "received": 0,
        "replied_on_time": 0,
        "reply_overdue": 0,
        "open": 0,
        "closed": 0,
        "closed_on_time": 0,
        "escalated": 0,
    }
    assert data["trend"] == {}  # the month's close is wired: no month of 2025 closed yet


def test_ranking_lists_the_units_worst_first(client_for, listed):
    data = client_for("manager").get(f"/api/v1/ranking/?year=2025&as_of={AS_OF}").json()
    units = data["units"]
    assert [(u["rank"], u["unit_short"], u["red"]) for u in units] == [(1, "甲单位", 1), (2, "乙单位", 0)]
    assert units[0]["score"] is None and data["score_formula"] is None  # no weights configured: no score


def test_ranking_scores_units_when_weights_are_configured(client_for, listed, settings):
    settings.RANKING_WEIGHTS = {"red": 2, "yellow": 1}
    data = client_for("manager").get(f"/api/v1/ranking/?year=2025&as_of={AS_OF}").json()
    first = data["units"][0]
    assert Decimal(first["score"]) == 100 - 2 * first["red"] - first["yellow"]
    assert data["score_formula"] == "考核得分 = 100 − 2 × 红色节点数 − 1 × 黄色节点数"


# --- the schema and its page ---------------------------------------------------------------------------------


def test_the_schema_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text(encoding="utf-8")
    assert "/api/v1/projects/" in text and "title: 项目编号" in text and "bearer" in text


def test_the_docs_page_is_served_from_the_site_without_inline_script_or_style(client_for, client):
    page = client_for("staff_a").get("/api/v1/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<style" not in html and "style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert all(src.startswith("/") for src in re.findall(r'(?:src|href)="([^"]+)"', html))
    script = client_for("staff_a").get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    client.logout()
    assert client.get("/api/v1/docs/").status_code == 302  # the login page


def test_summary_counts_the_zones_supervision_orders(client_for, listed, users):
    red = Project.objects.get(code="A-RED")
    make_order(red, users["manager"], users["staff_a"])  # issued 2025-06-02, waiting for its reply
    data = client_for("manager").get(f"/api/v1/summary/?year=2025&as_of={AS_OF}").json()
    assert data["supervision"]["received"] == 1 and data["supervision"]["open"] == 1
    assert data["supervision"]["closed"] == 0


def test_an_administrator_creates_a_token_and_sees_its_key_once(client_for):
    client = client_for("admin")
    response = client.post("/admin/cockpit/apitoken/add/", {"name": "区数字驾驶舱", "note": ""}, follow=True)
    shown = [str(m) for m in response.context["messages"] if "密钥" in str(m)]
    assert len(shown) == 1
    key = shown[0].rsplit("：", 1)[1]
    token = ApiToken.objects.get(name="区数字驾驶舱")
    assert ApiToken.objects.for_key(key) == token and token.created_by.username == "admin"
    page = client.get(f"/admin/cockpit/apitoken/{token.pk}/change/").content.decode()
    assert key not in page and token.key_prefix in page
    client.post("/admin/cockpit/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert ApiToken.objects.for_key(key) is None
    assert client_for("manager").get("/admin/cockpit/apitoken/").status_code == 403  # administrators only
