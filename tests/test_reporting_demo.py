"""The demo shows late reports and a populated 我的待办 for the demo staff account (建设局)."""

import datetime as dt

import pytest
import time_machine

from projects.demo import load_demo
from projects.models import ListEntry, ProgressReport, Unit
from tests.conftest import make_user

LOAD_DAY = dt.date(2025, 6, 15)  # May's reports were due on 05-25, June's are due on 06-25


@pytest.fixture
def demo(db):
    with time_machine.travel(dt.datetime(2025, 6, 15, 4, tzinfo=dt.UTC), tick=False):
        load_demo(today=LOAD_DAY)
        yield


def test_reports_are_filed_for_the_months_due_except_the_late_projects_latest(demo):
    late = set(ListEntry.objects.filter(year=2025).report_late_filter(LOAD_DAY).values_list("project__code", flat=True))
    assert {"GX-2025-008", "GX-2025-019", "GX-2025-025", "GX-2025-045"} <= late  # marked report_late
    assert "GX-2025-037" in late  # no monthly figures at all
    reserve = ListEntry.objects.filter(year=2025, batch="reserve").values_list("project__code", flat=True)
    assert not late & set(reserve)
    assert len(late) <= 8  # most projects report on time
    assert not ProgressReport.objects.filter(month=6).exists()  # June's reports are due on 06-25


def test_the_demo_staff_of_the_construction_bureau_have_work_on_every_section(demo, client):
    client.force_login(make_user("staff", "填报人员", unit=Unit.objects.get(short_name="建设局")))
    work = client.get("/my/").context["work"]
    assert work.overdue.total >= 3 and work.due_soon.total >= 1
    assert {e.project.code for e in work.reports_late.items} == {"GX-2025-008", "GX-2025-045"}
    assert work.reports_to_file.total >= 5
