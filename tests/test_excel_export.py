"""Exporting the filtered list in the import format, with status columns; the round trip through Excel."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.utils import get_column_letter

from projects.excel.exporter import write_list_xlsx
from projects.excel.format import MILESTONE_COLUMNS, PROJECT_COLUMNS
from projects.models import ListEntry, Milestone, Project
from tests.factories import d, make_project
from tests.test_excel_import import row_counts, run

AS_OF = "2025-06-30"
PROJECT_HEADERS = [c.header for c in PROJECT_COLUMNS] + ["进度状态", "月报填报", "红色节点", "黄色节点", "绿色节点"]
PROJECT_HEADERS += ["蓝色节点"]
PROJECT_HEADERS += ["状态说明", "调整计划次数", "调整计划天数", "逾期完成节点数", "逾期完成最多天数"]
MILESTONE_EXTRA = ["节点状态", "状态说明", "基线计划时间", "调整计划次数", "调整计划天数", "逾期完成天数"]


@pytest.fixture
def listing(unit_a, unit_b):
    red = make_project(
        lead_unit=unit_a,
        code="E-RED",
        name="逾期项目",
        batch="ongoing",
        annual_plan=1200.5,
        responsible_units=[unit_b],
        planned_start=d("2025-01-01"),
        milestones=[(d("2025-03-31"), None, False), (d("2025-09-30"), None, False)],
    )
    make_project(lead_unit=unit_b, code="E-GREEN", batch="start", milestones=[(d("2025-07-31"), None, False)])
    make_project(lead_unit=unit_a, code="E-2024", year=2024)
    return red


def download(client, name, query):
    response = client.get(f"/projects/export/{name}/", query)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def read_sheets(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return workbook, {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_xlsx_export_writes_the_format_and_the_status_columns(listing, client_for):
    response, data = download(client_for("staff_a"), "xlsx", {"year": 2025, "as_of": AS_OF})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95_2025_" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith("2025-06-30.xlsx")
    workbook, sheets = read_sheets(data)
    assert list(sheets) == ["单位", "项目", "节点", "汇总"]  # 汇总: the totals row (not a sheet of the format)
    assert list(sheets["项目"][0]) == PROJECT_HEADERS
    rows = {row[0]: dict(zip(PROJECT_HEADERS, row, strict=True)) for row in sheets["项目"][1:]}
    assert set(rows) == {"E-RED", "E-GREEN"}
    red = rows["E-RED"]
    assert (red["批次"], red["牵头单位"], red["责任单位"], red["年度计划投资(万元)"]) == (
        "在建",
        "甲单位全称",
        "乙单位全称",
        1200.5,
    )
    assert red["进度状态"] == "红色 · 滞后督办"
    assert (red["红色节点"], red["黄色节点"], red["绿色节点"], red["蓝色节点"]) == (1, 0, 1, 0)
    assert "逾期 91 天" in red["状态说明"]
    column = PROJECT_HEADERS.index("进度状态") + 1
    fills = {r[0].value: r[column - 1].fill.start_color.rgb[-6:] for r in workbook["项目"].iter_rows(min_row=2)}
    assert fills == {"E-GREEN": "C6EFCE", "E-RED": "F4B6B6"}
    milestones = sheets["节点"]
    assert list(milestones[0]) == [c.header for c in MILESTONE_COLUMNS] + MILESTONE_EXTRA
    status, reason = len(MILESTONE_COLUMNS), milestones[0].index("计划调整理由")
    assert {r[reason] for r in milestones[1:]} == {None}  # asked for only when a plan moves: empty on export
    assert [(r[0], r[1], r[status]) for r in milestones[1:]] == [
        ("E-GREEN", 1, "绿色 · 推进正常"),
        ("E-RED", 1, "红色 · 滞后督办"),
        ("E-RED", 2, "绿色 · 推进正常"),
    ]
    assert {row[0] for row in sheets["单位"][1:]} == {"甲单位全称", "乙单位全称"}


def column_widths(sheet):
    """{column letter: width} as stored, a range of columns with one width spread out."""
    widths = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            widths[get_column_letter(index)] = dimension.width
    return widths


def test_xlsx_export_keeps_the_look_of_the_format(listing, unit_a, client_for):
    """Bold frozen headers, column widths, dates and amounts as Excel values, status cells filled but "none"."""
    make_project(lead_unit=unit_a, code="E-NONE")
    _response, data = download(client_for("manager"), "xlsx", {"year": 2025, "as_of": AS_OF})
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
    # Columns fit their longest text (a Chinese character counts two), at most their cap (状态说明 wraps at 50).
    sheet = workbook["项目"]
    widths = column_widths(sheet)
    assert widths["A"] == len("项目编码") * 2 + 2  # the header is longer than the codes
    explanation = max(len(str(cell.value or "")) for cell in sheet["Z"][1:])
    assert explanation * 2 > 50 and widths["Z"] == 50 and sheet["Z2"].alignment.wrap_text
    assert column_widths(workbook["单位"])["A"] == len("乙单位全称") * 2 + 2

    projects = {row[0].value: row for row in workbook["项目"].iter_rows(min_row=2)}
    red = projects["E-RED"]
    start, plan = red[PROJECT_HEADERS.index("计划开工")], red[PROJECT_HEADERS.index("年度计划投资(万元)")]
    assert (start.value, start.number_format) == (dt.datetime(2025, 1, 1), "yyyy-mm-dd")
    assert (plan.value, plan.data_type, red[2].value) == (1200.5, "n", 2025)
    status = PROJECT_HEADERS.index("进度状态")
    assert projects["E-NONE"][status].value == "未评估"
    assert projects["E-NONE"][status].fill.fill_type is None

    milestones = {(row[0].value, row[1].value): row for row in workbook["节点"].iter_rows(min_row=2)}
    status = len(MILESTONE_COLUMNS)
    first = milestones["E-RED", 1]
    assert (first[3].value, first[3].number_format, first[4].value) == (dt.datetime(2025, 3, 31), "yyyy-mm-dd", None)
    fills = {key: (r[status].fill.fill_type, r[status].fill.start_color.rgb[-6:]) for key, r in milestones.items()}
    assert fills == {
        ("E-GREEN", 1): ("solid", "C6EFCE"),
        ("E-RED", 1): ("solid", "F4B6B6"),
        ("E-RED", 2): ("solid", "C6EFCE"),
    }


def test_export_applies_the_list_filters_and_the_as_of_date(listing, client_for):
    client = client_for("manager")
    _response, data = download(client, "xlsx", {"year": 2025, "as_of": AS_OF, "status": "red"})
    assert [row[0] for row in read_sheets(data)[1]["项目"][1:]] == ["E-RED"]
    _response, data = download(client, "xlsx", {"year": 2025, "batch": "start"})
    assert [row[0] for row in read_sheets(data)[1]["项目"][1:]] == ["E-GREEN"]
    _response, data = download(client, "xlsx", {"year": 2024})
    assert [row[0] for row in read_sheets(data)[1]["项目"][1:]] == ["E-2024"]
    response, data = download(client, "xlsx", {"year": 2025, "as_of": "2025-03-01"})
    rows = {row[0]: row for row in read_sheets(data)[1]["项目"][1:]}
    assert rows["E-RED"][PROJECT_HEADERS.index("进度状态")] == "绿色 · 推进正常"
    assert response["Content-Disposition"].endswith("2025-03-01.xlsx")


def test_csv_export_is_the_projects_sheet_with_a_bom(listing, client_for):
    response, data = download(client_for("staff_b"), "csv", {"year": 2025, "as_of": AS_OF, "status": "red"})
    assert response["Content-Disposition"].endswith("2025-06-30.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == PROJECT_HEADERS
    assert [(r[0], r[3], r[13], r[14], r[18], r[19]) for r in rows[1:]] == [
        ("E-RED", "在建", "1200.50", "2025-01-01", "", "红色 · 滞后督办")
    ]


def test_csv_cells_that_excel_would_run_as_formulas_are_text_and_import_back_unchanged(unit_a, client_for, users):
    formula = '=HYPERLINK("http://x","点我")'
    make_project(lead_unit=unit_a, code="F-1", name=formula, scope="-拆除旧桥", milestones=[(d("2025-03-31"), None)])
    _response, data = download(client_for("manager"), "csv", {"year": 2025, "as_of": AS_OF})
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    row = rows[1]
    assert row[header.index("项目名称")] == "'" + formula and row[header.index("建设内容")] == "'-拆除旧桥"
    assert row[header.index("总投资(万元)")].replace(".", "").isdigit()  # numbers stay numbers
    result = run(data, "export.csv", user=users["manager"])
    assert result.ok, result.errors
    assert [s.updated for s in result.sheets.values()] == [0]
    project = Project.objects.get(code="F-1")
    assert (project.name, project.scope) == (formula, "-拆除旧桥")
    overdue = client_for("manager").get(f"/overdue/export.csv?year=2025&as_of={AS_OF}").getvalue().decode()
    assert list(csv.reader(io.StringIO(overdue.lstrip("\ufeff"))))[1][1] == "'" + formula


@pytest.mark.parametrize("text", ["=x", "+1", "-5", "@a", "'=x", "'-5", "''", "'", "'abc", "abc", "=", "é=x"])
def test_csv_text_comes_back_exactly_as_it_was(text):
    from portal.spreadsheets import csv_text, from_csv_text

    written = csv_text(text)
    assert not written.startswith(("=", "+", "-", "@"))
    assert from_csv_text(written) == text


def test_export_queries_do_not_grow_with_the_rows(unit_a):
    def count():
        with CaptureQueriesContext(connection) as queries:
            write_list_xlsx(ListEntry.objects.filter(year=2025), d(AS_OF), io.BytesIO())
        return len(queries)

    make_project(lead_unit=unit_a, milestones=[(d("2025-03-31"), None, False)])
    few = count()
    for _ in range(8):
        make_project(lead_unit=unit_a, responsible_units=[unit_a], milestones=[(d("2025-03-31"), None, False)] * 3)
    assert count() == few <= 6  # + the totals of sheet 汇总


def test_round_trip_changes_nothing_then_exactly_the_edited_milestone(listing, client_for, users):
    _response, data = download(client_for("manager"), "xlsx", {"year": 2025, "as_of": AS_OF})
    before = row_counts()
    result = run(data, "export.xlsx", user=users["manager"])
    assert result.ok, result.errors
    assert all(s.created == s.updated == 0 for s in result.sheets.values())
    assert row_counts() == before

    def edited(reason):
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        sheet = workbook["节点"]
        reason_column = [cell.value for cell in sheet[1]].index("计划调整理由")
        for row in sheet.iter_rows(min_row=2):
            if (row[0].value, row[1].value) == ("E-RED", 2):
                row[3].value = "2025/10/31"
                row[reason_column].value = reason
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()

    refused = run(edited(None), "清单-改.xlsx", user=users["manager"])
    assert [(e.sheet, e.row, e.column) for e in refused.errors] == [("节点", 4, "计划调整理由")]
    assert row_counts() == before
    result = run(edited("征地延期"), "清单-改.xlsx", user=users["manager"])
    assert result.ok, result.errors
    assert [(s.name, s.updated) for s in result.sheets.values()] == [("单位", 0), ("项目", 0), ("节点", 1)]
    after = row_counts()
    assert after == {**before, "history Milestone": before["history Milestone"] + 1}
    milestone = Milestone.objects.get(project__code="E-RED", seq=2)
    assert (milestone.planned_date, milestone.baseline_date) == (d("2025-10-31"), d("2025-09-30"))
    record = milestone.history.first()
    reason = "征地延期（导入文件 清单-改.xlsx）"
    assert (record.history_user, record.history_change_reason) == (users["manager"], reason)


def test_template_download_has_every_header_and_imports_cleanly(client_for, db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())  # its example unit must not collide with real ones
    response = client_for("manager").get("/projects/import/template/")
    data = b"".join(response.streaming_content)
    _workbook, sheets = read_sheets(data)
    assert list(sheets["项目"][0]) == [c.header for c in PROJECT_COLUMNS]
    assert all(len(rows) == 2 for rows in sheets.values())
    result = run(data, "模板.xlsx", dry_run=True)
    assert result.ok, result.errors
