"""The overdue list says who to call: the project's 责任领导, the contact person and phone of the milestone's unit
(else the lead unit), and the 存在问题 / 需协调事项 of the project's latest monthly report, on the page and in its
exports (xlsx and CSV)."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from projects.models import ProgressReport, Unit
from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)
Q = f"year=2025&as_of={AS_OF}"
CONTACT_HEADERS = ["责任领导", "联系人", "联系电话", "存在问题", "需协调事项"]
# After them come the baseline and the plan's moves (tests/test_accountability_exports.py).
AFTER = 3


@pytest.fixture
def overdue(db):
    lead = make_unit("甲局全称", "甲局", contact="赵科长", phone="023-61234567")
    town = make_unit("乙镇全称", "乙镇", contact="钱主任", phone="13800000000")
    project = make_project(
        lead,
        code="C-1",
        name="科学大道",
        responsible_leader="孙副主任",
        milestones=[{"planned_date": AS_OF - dt.timedelta(days=40), "unit": town}],
    )
    ProgressReport.objects.create(project=project, year=2025, month=4, problems="旧问题", coordination_needed="旧事项")
    ProgressReport.objects.create(
        project=project, year=2025, month=5, problems="征地拆迁未完成", coordination_needed="请规划局加快审批"
    )
    ProgressReport.objects.create(project=project, year=2025, month=7, problems="截止日之后的月报")
    return project


def test_the_page_shows_the_leader_the_units_contact_and_the_latest_reports_issues(overdue, client_for):
    html = client_for("manager").get(f"/overdue/?{Q}").content.decode()
    assert "孙副主任" in html and "钱主任" in html and "13800000000" in html
    assert "征地拆迁未完成" in html and "请规划局加快审批" in html
    assert "旧问题" not in html and "截止日之后的月报" not in html


def test_the_xlsx_export_carries_the_contacts_and_the_issues(overdue, client_for):
    response = client_for("manager").get(f"/overdue/export.xlsx?{Q}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    headers = [cell.value for cell in sheet[2]]
    assert headers[-5 - AFTER : -AFTER] == CONTACT_HEADERS
    row = [cell.value for cell in sheet[3]]
    assert row[-5 - AFTER : -AFTER] == ["孙副主任", "钱主任", "13800000000", "征地拆迁未完成", "请规划局加快审批"]


def test_without_a_milestone_unit_the_lead_units_contact_is_given(overdue, client_for):
    milestone = overdue.milestones.get()
    milestone.unit = None
    milestone.save()  # saved without a unit, it takes the lead unit's
    Unit.objects.filter(short_name="乙镇").update(contact="", phone="")
    response = client_for("manager").get(f"/overdue/export.csv?{Q}")
    lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8").lstrip("\ufeff"))))
    assert lines[0][-5 - AFTER : -AFTER] == CONTACT_HEADERS
    assert lines[1][-5 - AFTER : -2 - AFTER] == ["孙副主任", "赵科长", "023-61234567"]
