"""In a real browser under the strict Content-Security-Policy: no page has anything refused, the print button
prints, the dashboard's investment bar and the charts keep their styles (issue 19)."""

import datetime as dt

import pytest
from django.utils import timezone

from projects.models import ProgressReport
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import make_project
from tests.indicator_factories import add_value, make_indicator, set_target

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site(users, unit_a):
    today = timezone.localdate()
    project = make_project(
        unit_a, code="CSP-1", name="红色项目", year=today.year, milestones=[(today - dt.timedelta(days=40), None)]
    )
    project.list_entries.update(annual_plan_investment=1000)
    ProgressReport.objects.create(project=project, year=today.year, month=1, investment_completed=300)
    indicator = make_indicator("growth", unit=unit_a, code="gdp", name="地区生产总值增速")
    set_target(indicator, "7")
    add_value(indicator, 6, growth="7.2")
    return {"project": project, "indicator": indicator}


def test_no_page_has_anything_refused_by_the_policy(page, site):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else 0)
    # Stands in for the print dialog (an init script runs outside the page's policy, as an extension would).
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    log_in(page, "manager", PASSWORD)
    for path in ["/", "/projects/", "/overdue/", "/indicators/", f"/indicators/{site['indicator'].pk}/",
                 f"/projects/{site['project'].pk}/", "/projects/import/", "/admin/"]:  # fmt: skip
        page.goto(path)
        page.wait_for_load_state("load")
    assert refused == []

    page.goto("/projects/")
    page.click("button[data-print]")
    assert page.evaluate("window.printed") == 1

    page.goto("/")
    bar = page.locator("svg.progress rect.done")
    assert float(bar.get_attribute("width")) > 0
    assert page.locator("svg.progress").bounding_box()["height"] == pytest.approx(14, abs=1)
    # The style sheets apply: the chart's red segment is filled with the page's red, not the default black.
    fill = page.locator("svg.dash-chart .seg.red").first.evaluate("e => getComputedStyle(e).fill")
    assert fill not in ("rgb(0, 0, 0)", "")
