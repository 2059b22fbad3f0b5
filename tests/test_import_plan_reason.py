"""The import's 计划调整理由 column: a row that moves a saved milestone's planned date gives a reason (else the row is
refused and nothing is written); the reason is kept in the milestone's history, where the ranking counts the move."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from projects.changelog import project_changes
from projects.models import Milestone
from ranking.core import milestone_rows
from tests.factories import d, make_project, make_unit
from tests.test_excel_import import MILESTONE_HEADER, PROJECT_HEADER, good_project, row_counts, run, xlsx

REASON_HEADER = [*MILESTONE_HEADER, "计划调整理由"]


@pytest.fixture
def lead(db):
    return make_unit("示例区管委会建设局", "建设局", kind="department")


@pytest.fixture
def project(lead):
    """As `good_project()` writes it, with one milestone."""
    dates = {"planned_start": d("2025-01-01"), "planned_finish": d("2025-12-31")}
    return make_project(lead, "XM-1", "示例项目", milestones=[(d("2025-03-31"), None, False)], **dates)


def workbook(*milestone_rows, header=REASON_HEADER):
    return xlsx({"项目": [PROJECT_HEADER, good_project()], "节点": [header, *milestone_rows]})


@pytest.mark.parametrize(
    "header,row",
    [
        (MILESTONE_HEADER, ["XM-1", 1, "节点1", "2025-05-31", None]),
        (REASON_HEADER, ["XM-1", 1, "节点1", "2025-05-31", None, None]),
        (REASON_HEADER, ["XM-1", 1, "节点1", "2025-05-31", None, "   "]),
    ],
    ids=["no column", "empty cell", "blank cell"],
)
def test_a_moved_plan_without_a_reason_is_refused_and_nothing_is_written(project, header, row):
    before = row_counts()
    result = run(workbook(row, header=header))
    assert not result.ok and not result.applied
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("节点", 2, "计划调整理由")
    assert error.message == "计划完成时间由 2025-03-31 改为 2025-05-31，须在「计划调整理由」列填写理由"
    assert row_counts() == before
    assert project.milestones.get().planned_date == d("2025-03-31")


def test_the_refusal_is_in_english_for_an_english_user(project):
    with translation.override("en"):
        result = run(workbook(["XM-1", 1, "节点1", "2025-05-31", None, None]))
    [error] = result.errors
    assert "2025-03-31" in error.message and "2025-05-31" in error.message
    assert "计划完成" not in error.message and "reason" in error.message.lower()


def test_the_reason_is_recorded_in_the_history_and_shown_in_the_project_changes(project, users):
    result = run(workbook(["XM-1", 1, "节点1", "2025-05-31", None, "征地延期"]), "改期.xlsx", user=users["manager"])
    assert result.ok, result.errors
    milestone = project.milestones.get()
    assert (milestone.planned_date, milestone.baseline_date) == (d("2025-05-31"), d("2025-03-31"))
    latest = milestone.history.first()
    assert (latest.history_user, latest.history_change_reason) == (users["manager"], "征地延期（导入文件 改期.xlsx）")
    [change] = [c for c in project_changes(project) if c.action == "修改"]  # the project row is unchanged
    assert change.reason == "征地延期（导入文件 改期.xlsx）"
    assert ("计划完成时间", "2025-03-31", "2025-05-31") in change.fields


def test_the_ranking_counts_an_imported_move_later(project, lead):
    today = timezone.localdate()
    assert milestone_rows(2025, today)[lead.pk]["plan_moves"] == 0
    assert run(workbook(["XM-1", 1, "节点1", "2025-05-31", None, "征地延期"])).ok
    assert milestone_rows(2025, today)[lead.pk]["plan_moves"] == 1


def test_no_reason_is_needed_without_a_plan_change_and_a_given_one_is_not_recorded(project, users):
    rows = [
        ["XM-1", 1, "节点一（改名）", "2025-03-31", None, "无关的理由"],  # same plan, other field changed
        ["XM-1", 2, "新节点", "2025-06-30", None, None],  # a new milestone has no plan to move
    ]
    result = run(workbook(*rows), "改名.xlsx", user=users["manager"])
    assert result.ok, result.errors
    assert [(s.name, s.created, s.updated) for s in result.sheets.values()] == [("项目", 0, 0), ("节点", 1, 1)]
    reasons = set(Milestone.history.filter(history_type__in="~+").values_list("history_change_reason", flat=True))
    assert "改名.xlsx" in reasons and not any("无关" in (reason or "") for reason in reasons)


def test_a_reason_longer_than_the_pages_allow_is_refused(project):
    result = run(workbook(["XM-1", 1, "节点1", "2025-05-31", None, "长" * 101]))
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("节点", 2, "计划调整理由")]
    assert "100" in result.errors[0].message


def test_the_command_names_the_row_and_column_of_a_missing_reason(project, tmp_path):
    path = tmp_path / "改期.xlsx"
    path.write_bytes(workbook(["XM-1", 1, "节点1", "2025-05-31", None, None]))
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_projects", str(path), stdout=io.StringIO(), stderr=stderr)
    assert "节点, 2, 计划调整理由: 计划完成时间由 2025-03-31 改为 2025-05-31" in stderr.getvalue()
    assert project.milestones.get().planned_date == d("2025-03-31")


def test_the_template_has_the_column_with_a_note(client_for):
    response = client_for("manager").get("/projects/import/template/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["节点"]
    cell = next(cell for cell in sheet[1] if cell.value == "计划调整理由")
    assert "修改已有节点的计划完成时间时必填" in cell.comment.text
    assert sheet.cell(2, cell.column).value is None


def test_the_upload_page_says_when_the_reason_is_needed_in_both_languages(client_for):
    client = client_for("manager")
    assert "须在「节点」工作表的「计划调整理由」列填写理由" in client.get("/projects/import/").content.decode()
    client.cookies["django_language"] = "en"
    assert "gives the reason in column 计划调整理由 of sheet 节点" in client.get("/projects/import/").content.decode()
