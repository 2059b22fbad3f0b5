"""What other pages call: the open-order markers and filters (projects, list entries, milestones), the staff's open
orders and the dashboard figures, with their template partials."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from projects.models import ListEntry, Milestone, Project
from supervision import services
from supervision.choices import Cause
from supervision.metrics import dashboard_metrics
from supervision.querysets import filter_open_order, staff_open_orders, with_open_order
from tests.factories import make_project
from tests.supervision_factories import make_order


def today():
    return timezone.localdate()


@pytest.fixture
def marked(world):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    project = make_project(world["unit_a"], code="M-1", milestones=[(today(), None), (today(), None)])
    first = project.milestones.get(seq=1)
    open_order = make_order(project, m, a, milestones=[first], today=today())
    closed = make_order(world["project_b"], m, world["users"]["staff_b"], "closed", today=today())
    return {"project": project, "first": first, "open": open_order, "closed": closed}


@pytest.mark.django_db
def test_open_order_markers_and_filters_on_projects_entries_and_milestones(marked, world):
    projects = with_open_order(Project.objects.order_by("code"))
    assert {p.code: p.has_open_order for p in projects} == {"A-001": False, "B-001": False, "M-1": True}
    entries = filter_open_order(ListEntry.objects.all(), True, ref="project_id")
    assert [e.project.code for e in entries] == ["M-1"]
    assert filter_open_order(ListEntry.objects.all(), False, ref="project_id").count() == 2
    milestones = with_open_order(Milestone.objects.filter(project=marked["project"]).order_by("seq"), on="milestone")
    assert [m.has_open_order for m in milestones] == [True, False]
    overdue_rows = filter_open_order(Milestone.objects.all(), True, ref="project_id")  # the project has one
    assert overdue_rows.count() == 2
    services.cancel(marked["open"], version=marked["open"].version, user=world["users"]["manager"], reason="x")
    assert not filter_open_order(Project.objects.all(), True).exists()


@pytest.mark.django_db
def test_staff_see_their_units_open_orders_with_what_is_due(marked, world):
    a = world["users"]["staff_a"]
    later = today() + dt.timedelta(days=30)
    orders = staff_open_orders(a, later)
    assert [o.pk for o in orders] == [marked["open"].pk]
    assert orders[0].is_lead and orders[0].days_overdue == (later - marked["open"].reply_due).days
    html = render_to_string("supervision/_staff_orders.html", {"staff_orders": orders})
    assert marked["open"].number in html and "逾期未反馈" in html and "主办" in html
    assert staff_open_orders(world["users"]["manager"], later) == []
    empty = render_to_string("supervision/_staff_orders.html", {"staff_orders": []})
    assert "本单位没有未办结的督办单" in empty


@pytest.mark.django_db
def test_dashboard_metrics_partial(marked, world, django_assert_num_queries):
    m, a = world["users"]["manager"], world["users"]["staff_a"]
    replied = make_order(world["project_a"], m, a, today=today())
    services.reply(replied, version=replied.version, user=a, measures="m", cause=Cause.APPROVAL)
    # The units' grouped figures, their causes, the units (the zone's are the units' added up; each query cached for
    # the data version outside a transaction; in a test's transaction each runs)
    with django_assert_num_queries(3):
        figures = dashboard_metrics(today().year, today())
    assert (figures["zone"].received, figures["zone"].open, figures["zone"].closed) == (3, 2, 1)
    assert figures["causes"] == [("用地及规划", 1), ("审批手续", 1)]  # in the order of section 5
    html = render_to_string("supervision/_dashboard_metrics.html", {"supervision_metrics": figures})
    assert "按期办结率" in html and "审批手续 1" in html and str(world["unit_a"]) in html


@pytest.mark.django_db
def test_the_figures_read_as_counts_in_english(marked, world):
    """交办 and 办结 as figures (how many orders were issued, closed) are "Issued" and "Closed", not the verbs of the
    action buttons ("issue", "close")."""
    figures = dashboard_metrics(today().year, today())
    with translation.override("en"):
        html = render_to_string("supervision/_dashboard_metrics.html", {"supervision_metrics": figures})
    assert "<dt>Issued</dt>" in html and "<dt>Closed</dt>" in html
    assert ">issue<" not in html and ">close<" not in html
    with translation.override("zh-hans"):
        html = render_to_string("supervision/_dashboard_metrics.html", {"supervision_metrics": figures})
    assert "<dt>交办</dt>" in html and "<dt>办结</dt>" in html
