"""Actions say what they do: a milestone already done offers 更正, the report form opens on the earliest month
still owed, and a date box offers no day the server refuses."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from projects.models import ListEntry, Milestone, ProgressReport
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def project(unit_a):
    return make_project(
        unit_a,
        code="A-100",
        name="科学大道",
        annual_plan=Decimal("1200"),
        milestones=[(dt.date(2025, 5, 1), dt.date(2025, 4, 28)), (dt.date(2025, 9, 30), None)],
    )


def report(project, *months):
    for month in months:
        ProgressReport.objects.create(project=project, year=2025, month=month, investment_completed=Decimal("1"))


def row_actions(html, name):
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(name) + r"(?:(?!</tr>).)*</tr>", html, re.S).group(0)
    return re.findall(r'<a href="[^"]*/actual/[^"]*">([^<]+)</a>', row)


def test_a_done_milestone_offers_a_correction_and_an_open_one_its_filing(project, client_for):
    html = client_for("staff_a").get(f"/projects/{project.pk}/").content.decode()
    assert row_actions(html, "节点1") == ["更正"]
    assert row_actions(html, "节点2") == ["填报完成"]
    done = Milestone.objects.get(project=project, seq=1)
    form = client_for("staff_a").get(f"/projects/{project.pk}/milestones/{done.pk}/actual/").content.decode()
    assert "<h1>更正节点完成情况</h1>" in form


def opened_month(client, project, query=""):
    html = client.get(f"/projects/{project.pk}/report/{query}").content.decode()
    return re.search(r"填报 (\d+) 年 (\d+) 月", html).groups()


def test_the_report_form_opens_on_the_earliest_month_not_reported(project, client_for):
    client = client_for("staff_a")
    report(project, 1, 2, 4)
    assert opened_month(client, project) == ("2025", "3")
    report(project, 3, 5, 6)
    assert opened_month(client, project) == ("2025", "7")  # this month, still to file
    report(project, 7)
    assert opened_month(client, project) == ("2025", "7")  # all filed: this month (a correction)


def test_a_project_listed_mid_year_opens_on_its_first_owed_month(project, client_for):
    ListEntry.objects.filter(project=project).update(listed_on=dt.date(2025, 4, 30))  # after April's due day
    assert opened_month(client_for("staff_a"), project) == ("2025", "5")


def test_a_month_asked_for_is_kept(project, client_for):
    assert opened_month(client_for("staff_a"), project, "?year=2025&month=6") == ("2025", "6")


def test_a_reserve_project_owes_nothing_and_opens_on_this_month(unit_a, client_for):
    reserve = make_project(unit_a, code="R-1", batch="reserve")
    assert opened_month(client_for("staff_a"), reserve) == ("2025", "7")


def test_date_boxes_offer_no_day_the_server_refuses(project, client_for):
    client = client_for("staff_a")
    open_milestone = Milestone.objects.get(project=project, seq=2)
    actual = client.get(f"/projects/{project.pk}/milestones/{open_milestone.pk}/actual/").content.decode()
    assert re.search(r'<input type="date" name="actual_date"[^>]*max="2025-07-15"', actual)
    entry = ListEntry.objects.get(project=project)
    in_stats = client.get(f"/projects/{project.pk}/entries/{entry.pk}/in-stats/").content.decode()
    assert re.search(r'<input type="date" name="in_stats_date"[^>]*max="2025-07-15"', in_stats)
    refused = client.post(
        f"/projects/{project.pk}/milestones/{open_milestone.pk}/actual/",
        {"actual_date": "2025-07-16", "note": "", "version": open_milestone.version},
    )
    assert "不能晚于今天" in refused.content.decode()
