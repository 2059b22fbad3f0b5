"""What supervision adds to the pages of `projects` through projects/extensions.py: the marker 督办中 with its filter on
the project list and the overdue list, the project's orders and the milestone marker on its page, the section-4
figures on the dashboard; and `projects` alone when nothing is named in the settings."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_project
from tests.supervision_factories import make_order

MARKER = '<span class="marker open_order">督办中</span>'


def today():
    return timezone.localdate()


@pytest.fixture
def supervised(world):
    """Two lagging projects of this year's list; an open order names the first's milestone, a closed one the second."""
    m = world["users"]["manager"]
    late = today() - dt.timedelta(days=40)
    year = today().year
    first = make_project(world["unit_a"], code="S-001", year=year, milestones=[(late, None), (late, None)])
    second = make_project(world["unit_b"], code="S-002", year=year, milestones=[(late, None)])
    named = first.milestones.get(seq=1)
    order = make_order(first, m, world["users"]["staff_a"], milestones=[named], today=today())
    make_order(second, m, world["users"]["staff_b"], "closed", milestones=[second.milestones.get()], today=today())
    return {"first": first, "second": second, "named": named, "order": order, "year": year}


def codes(response):
    return [row.record.project.code for row in response.context["table"].page.object_list]


@pytest.mark.django_db
def test_project_list_marks_and_filters_projects_with_an_open_order(supervised, client_for):
    client = client_for("staff_b")
    response = client.get("/projects/", {"year": supervised["year"]})
    html = response.content.decode()
    assert html.count(MARKER) == 1
    row = html[html.index("S-001") : html.index("S-002")]
    assert MARKER in row
    assert codes(client.get("/projects/", {"year": supervised["year"], "open_order": "yes"})) == ["S-001"]
    assert codes(client.get("/projects/", {"year": supervised["year"], "open_order": "no"})) == ["S-002"]


@pytest.mark.django_db
def test_overdue_list_marks_and_filters_milestones_named_by_an_open_order(supervised, client_for):
    client = client_for("manager")
    params = {"year": supervised["year"]}
    rows = client.get("/overdue/", params).context["table"].page.object_list
    marked = [(m.record.project.code, m.record.seq) for m in rows if m.record.open_order]
    assert marked == [("S-001", 1)]  # the order names the first milestone only; the closed order marks nothing
    filtered = client.get("/overdue/", {**params, "open_order": "yes"}).context["table"].page.object_list
    assert [(m.record.project.code, m.record.seq) for m in filtered] == [("S-001", 1)]
    html = client.get("/overdue/", {**params, "open_order": "no"}).content.decode()
    assert MARKER not in html and "S-002" in html


@pytest.mark.django_db
def test_project_page_lists_its_orders_and_marks_the_named_milestone(supervised, client_for):
    order = supervised["order"]
    html = client_for("staff_b").get(f"/projects/{supervised['first'].pk}/").content.decode()
    assert order.number in html and f"/supervision/{order.pk}/" in html
    assert html.count(MARKER) == 1
    assert "新建督办单" not in html  # staff do not issue orders
    manager_html = client_for("manager").get(f"/projects/{supervised['first'].pk}/").content.decode()
    assert f"/supervision/new/?project={supervised['first'].pk}" in manager_html


@pytest.mark.django_db
def test_dashboard_shows_the_supervision_figures(supervised, client_for):
    html = client_for("staff_a").get("/", {"year": supervised["year"]}).content.decode()
    assert 'class="card supervision-metrics"' in html and "supervision/supervision.css" in html


@pytest.mark.django_db
def test_projects_stand_alone_when_nothing_is_named(supervised, client_for, settings):
    settings.PROJECT_MARKERS, settings.PROJECT_PANELS = [], {}
    client = client_for("manager")
    assert MARKER not in client.get("/projects/", {"year": supervised["year"]}).content.decode()
    assert "open_order" not in client.get("/projects/", {"year": supervised["year"]}).context["filter"].filters
    page = client.get(f"/projects/{supervised['first'].pk}/").content.decode()
    assert supervised["order"].number not in page and MARKER not in page
    assert "supervision-metrics" not in client.get("/").content.decode()
