"""Importing the project-list workbook: format spellings, every kind of error, all-or-nothing, upsert, history."""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps

from portal.models import User
from projects.excel.importer import import_workbook
from projects.models import ListEntry, Milestone, Project, Unit
from tests.factories import d, make_project, make_unit

SAMPLE = Path(__file__).parent / "data" / "sample-list.xlsx"
PROJECT_HEADER = ["项目编号", "项目名称", "清单年度", "批次", "牵头单位", "计划开工", "计划竣工"]
MILESTONE_HEADER = ["项目编号", "序号", "节点名称", "计划完成时间", "实际完成时间"]


def xlsx(sheets):
    """The bytes of a workbook with the given sheets: {name: [header, row, ...]}."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def run(data, filename="清单.xlsx", **kwargs):
    return import_workbook(io.BytesIO(data), filename, **kwargs)


def row_counts():
    """Rows of every table an import may write, history tables included."""
    m2m_history = apps.get_model("projects", "HistoricalProject_responsible_units")
    counts = {model.__name__: model.objects.count() for model in (Unit, Project, ListEntry, Milestone)}
    counts |= {f"history {model.__name__}": model.history.count() for model in (Unit, Project, ListEntry, Milestone)}
    counts["responsible"] = Project.responsible_units.through.objects.count()
    counts["responsible history"] = m2m_history.objects.count()
    return counts


def issues(result):
    return [(e.sheet, e.row, e.column) for e in result.errors]


@pytest.fixture
def lead(db):
    return make_unit("示例区管委会建设局", "建设局", kind="department")


def good_project(code="XM-1", **overrides):
    row = dict(zip(PROJECT_HEADER, [code, "示例项目", 2025, "在建", "建设局", "2025-01-01", "2025-12-31"], strict=True))
    row.update(overrides)
    return [row[h] for h in PROJECT_HEADER]


# --- the happy path ---------------------------------------------------------------------------------------


def test_sample_workbook_imports_and_a_second_import_changes_nothing(db):
    data = Path(SAMPLE).read_bytes()
    first = run(data, "sample-list.xlsx")
    assert first.ok, first.errors
    assert [(s.name, s.created) for s in first.sheets.values()] == [("单位", 2), ("项目", 3), ("节点", 4)]
    project = Project.objects.get(code="SL-2025-002")
    assert project.total_investment == Decimal("150000.00")
    assert project.list_entries.get().annual_plan_investment == Decimal("45000.50")
    assert (project.planned_start, project.planned_finish) == (d("2025-03-01"), d("2027-12-31"))
    assert Project.objects.get(code="SL-2025-003").planned_start == d("2026-03-01")
    first_project = Project.objects.get(code="SL-2025-001")
    assert [u.name for u in first_project.responsible_units.all()] == ["示例区白鹭镇"]
    milestone = Milestone.objects.get(project__code="SL-2025-001", seq=2)
    assert milestone.unit.short_name == "白鹭镇" and milestone.note == "雨季影响"
    assert Milestone.objects.get(project__code="SL-2025-001", seq=1).unit == first_project.lead_unit
    before = row_counts()
    second = run(data, "sample-list.xlsx")
    assert second.ok
    assert all(s.created == s.updated == 0 for s in second.sheets.values())
    assert row_counts() == before


def test_history_records_the_user_and_the_file_name(db):
    importer = User.objects.create_user("importer")
    result = run(Path(SAMPLE).read_bytes(), "/tmp/路径/sample-list.xlsx", user=importer)
    assert result.ok
    for model in (Unit, Project, ListEntry, Milestone):
        rows = model.history.all()
        assert rows and {(r.history_user, r.history_change_reason) for r in rows} == {(importer, "sample-list.xlsx")}
    m2m_history = apps.get_model("projects", "HistoricalProject_responsible_units")
    record = Project.history.get(code="SL-2025-001")
    assert list(m2m_history.objects.filter(history=record).values_list("unit__short_name", flat=True)) == ["白鹭镇"]


def test_headers_in_english_any_case_and_any_order_and_unknown_columns_warn(lead):
    header = ["Batch", "YEAR", "code", "Name", "lead_unit", "Total_Investment", "备用列"]
    result = run(xlsx({"项目": [header, ["start", 2025, "XM-1", "英文表头项目", "建设局", "1,000", "x"]]}))
    assert result.ok, result.errors
    assert [(w.sheet, w.row, w.column) for w in result.warnings] == [("项目", 1, "备用列")]
    project = Project.objects.get(code="XM-1")
    assert (project.name, project.total_investment) == ("英文表头项目", Decimal("1000.00"))
    assert project.list_entries.get().batch == "start"


@pytest.mark.parametrize(
    "spelling",
    [dt.date(2025, 3, 31), dt.datetime(2025, 3, 31, 0, 0), "2025-03-31", "2025/3/31", "2025.3.31", "2025年3月31日"],
)
def test_every_date_spelling_is_read(lead, spelling):
    result = run(xlsx({"项目": [PROJECT_HEADER, good_project(**{"计划开工": spelling, "计划竣工": None})]}))
    assert result.ok, result.errors
    assert Project.objects.get().planned_start == d("2025-03-31")


@pytest.mark.parametrize(
    "spelling,value",
    [(12000.5, "12000.50"), ("12,000.5", "12000.50"), ("12，000.50", "12000.50"), (0, "0.00"), ("  7 ", "7.00")],
)
def test_every_number_spelling_is_read(lead, spelling, value):
    header = [*PROJECT_HEADER, "年度计划投资(万元)"]
    result = run(xlsx({"项目": [header, [*good_project(), spelling]]}))
    assert result.ok, result.errors
    assert ListEntry.objects.get().annual_plan_investment == Decimal(value)


def test_csv_with_and_without_bom(lead):
    text = ",".join(PROJECT_HEADER) + "\nXM-1,CSV项目,2025,投用,示例区管委会建设局,2025/1/1,2025.12.31\n"
    assert run(text.encode("utf-8"), "list.csv").ok
    result = run(("\ufeff" + text.replace("CSV项目", "CSV项目二")).encode("utf-8"), "list.csv")
    assert result.ok and result.sheets["项目"].updated == 1
    assert Project.objects.get().name == "CSV项目二"


def test_responsible_units_by_any_separator_are_replaced_by_the_files_list(lead):
    other, third = make_unit("示例区白鹭镇", "白鹭镇"), make_unit("示例区科学城公司", "科学城公司")
    project = make_project(lead_unit=lead, code="XM-1", responsible_units=[other])
    header = [*PROJECT_HEADER, "责任单位"]
    result = run(xlsx({"项目": [header, [*good_project(), "科学城公司；示例区管委会建设局,白鹭镇、 科学城公司"]]}))
    assert result.ok, result.errors
    assert set(project.responsible_units.all()) == {lead, other, third}
    result = run(xlsx({"项目": [header, [*good_project(), "白鹭镇"]]}))
    assert result.ok and set(project.responsible_units.all()) == {other}
    project.refresh_from_db()
    assert project.version == 3  # created at 1, bumped by each import


def test_units_sheet_creates_units_that_projects_refer_to_by_short_name(db):
    units = [["单位名称", "简称", "类型", "联系人", "电话"], ["新单位全称", "新单位", "国企", "张三", "123"]]
    result = run(xlsx({"单位": units, "项目": [PROJECT_HEADER, good_project(**{"牵头单位": "新单位"})]}))
    assert result.ok, result.errors
    unit = Unit.objects.get(name="新单位全称")
    assert (unit.kind, unit.contact) == ("soe", "张三")
    assert Project.objects.get().lead_unit == unit


def test_dry_run_reports_and_writes_nothing(db):
    before = row_counts()
    result = run(Path(SAMPLE).read_bytes(), dry_run=True)
    assert result.ok and not result.applied
    assert result.sheets["项目"].created == 3
    assert [row["key"] for row in result.sheets["项目"].preview["created"]] == [
        "SL-2025-001 2025",
        "SL-2025-002 2025",
        "SL-2025-003 2025",
    ]
    assert row_counts() == before


def test_a_changed_planned_date_keeps_the_baseline_and_bumps_the_version(lead, users):
    project = make_project(lead_unit=lead, code="XM-1", milestones=[(d("2025-03-31"), None, False)])
    rows = [[*MILESTONE_HEADER, "计划调整理由"], ["XM-1", 1, "节点1", "2025-05-31", None, "征地延期"]]
    result = run(xlsx({"项目": [PROJECT_HEADER, good_project()], "节点": rows}), "改期.xlsx", user=users["manager"])
    assert result.ok, result.errors
    assert result.sheets["节点"].preview["updated"][0]["changes"] == [
        "计划完成时间：2025-03-31 → 2025-05-31",
        "计划调整理由：征地延期",
    ]
    milestone = project.milestones.get()
    assert (milestone.planned_date, milestone.baseline_date, milestone.version) == (
        d("2025-05-31"),
        d("2025-03-31"),
        2,
    )
    latest = milestone.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        users["manager"],
        "征地延期（导入文件 改期.xlsx）",
    )


def test_a_large_real_world_workbook_imports(lead):
    """2,000+ projects with long names and texts, mixed date styles, and their milestones."""
    styles = [dt.date(2025, 3, 31), "2025-03-31", "2025/3/31", "2025.3.31", "2025年3月31日", dt.datetime(2025, 3, 31)]
    header = [*PROJECT_HEADER, "建设内容", "总投资(万元)", "责任单位"]
    projects, milestones = [header], [MILESTONE_HEADER]
    for n in range(2100):
        name = f"西部科学城重庆高新区第{n}号" + "科技创新与产业发展综合配套基础设施建设工程" * 4
        scope = "新建厂房、研发楼、配套道路、管网及绿化等;" * 40
        projects.append(
            [f"XM-{n:05d}", name[:200], 2025, "在建", "建设局", styles[n % 6], None, scope, "1,234.5", "建设局"]
        )
        for seq in (1, 2):
            milestones.append([f"XM-{n:05d}", seq, f"第{seq}阶段" + "工程" * 50, styles[(n + seq) % 6], None])
    result = run(xlsx({"项目": projects, "节点": milestones}))
    assert result.ok, result.errors[:5]
    assert Project.objects.count() == 2100 and Milestone.objects.count() == 4200
    assert set(Milestone.objects.values_list("planned_date", flat=True)) == {d("2025-03-31")}


# --- errors -----------------------------------------------------------------------------------------------


ROW_ERRORS = [
    ("bad date", {"项目": [PROJECT_HEADER, good_project(**{"计划开工": "2025-13-01"})]}, ("项目", 2, "计划开工")),
    ("bad date text", {"项目": [PROJECT_HEADER, good_project(**{"计划竣工": "明年"})]}, ("项目", 2, "计划竣工")),
    ("unknown unit", {"项目": [PROJECT_HEADER, good_project(**{"牵头单位": "没有这个单位"})]}, ("项目", 2, "牵头单位")),
    (
        "negative money",
        {"项目": [[*PROJECT_HEADER, "总投资(万元)"], [*good_project(), -5]]},
        ("项目", 2, "总投资(万元)"),
    ),
    (
        "non-numeric money",
        {"项目": [[*PROJECT_HEADER, "年度计划投资(万元)"], [*good_project(), "一千"]]},
        ("项目", 2, "年度计划投资(万元)"),
    ),
    ("unknown batch", {"项目": [PROJECT_HEADER, good_project(**{"批次": "施工"})]}, ("项目", 2, "批次")),
    ("unknown level", {"项目": [[*PROJECT_HEADER, "项目级别"], [*good_project(), "省级"]]}, ("项目", 2, "项目级别")),
    (
        "unknown kind",
        {"单位": [["单位名称", "类型"], ["新单位", "机关"]], "项目": [PROJECT_HEADER]},
        ("单位", 2, "类型"),
    ),
    ("missing required value", {"项目": [PROJECT_HEADER, good_project(**{"项目名称": None})]}, ("项目", 2, "项目名称")),
    (
        "planned finish before start",
        {"项目": [PROJECT_HEADER, good_project(**{"计划开工": "2025-06-01", "计划竣工": "2025-05-31"})]},
        ("项目", 2, "计划竣工"),
    ),
    (
        "actual finish before start",
        {"项目": [[*PROJECT_HEADER, "实际开工", "实际竣工"], [*good_project(), "2025-06-01", "2025-01-01"]]},
        ("项目", 2, "实际竣工"),
    ),
    ("duplicate code", {"项目": [PROJECT_HEADER, good_project(), [], good_project()]}, ("项目", 4, "项目编号")),
    (
        "duplicate milestone",
        {"项目": [PROJECT_HEADER, good_project()], "节点": [MILESTONE_HEADER, ["XM-1", 1, "a", "2025-01-01"]] * 2},
        ("节点", 4, "序号"),
    ),
    (
        "milestone of an unknown project",
        {"项目": [PROJECT_HEADER, good_project()], "节点": [MILESTONE_HEADER, ["XM-9", 1, "a", "2025-01-01"]]},
        ("节点", 2, "项目编号"),
    ),
    ("year out of range", {"项目": [PROJECT_HEADER, good_project(**{"清单年度": 1999})]}, ("项目", 2, "清单年度")),
    ("name too long", {"项目": [PROJECT_HEADER, good_project(**{"项目名称": "长" * 201})]}, ("项目", 2, "项目名称")),
]


@pytest.mark.parametrize("case,sheets,where", ROW_ERRORS, ids=[case[0] for case in ROW_ERRORS])
def test_each_kind_of_bad_row_is_refused_with_its_place_and_nothing_is_written(lead, case, sheets, where):
    sheets = {name: [list(row) for row in rows] for name, rows in sheets.items()}
    sheets["项目"] = sheets["项目"] + [good_project("XM-OK")]  # a good row is not written either
    before = row_counts()
    result = run(xlsx(sheets))
    assert not result.ok and not result.applied
    assert where in issues(result)
    assert all(error.message for error in result.errors)
    assert row_counts() == before


def test_every_error_is_reported_at_once(lead):
    rows = [
        PROJECT_HEADER,
        good_project("XM-1", **{"计划开工": "2025-02-30"}),
        good_project("XM-2", **{"批次": "施工", "牵头单位": "无名单位"}),
        good_project("XM-3", **{"清单年度": "二〇二五"}),
        good_project("XM-4", **{"批次": "施工", "计划开工": "2025-06-01", "计划竣工": "2025-05-31"}),
    ]
    milestones = [MILESTONE_HEADER, ["XM-404", 1, "节点", "2025-01-01"], ["XM-1", "x", "节点", "昨天"]]
    result = run(xlsx({"项目": rows, "节点": milestones}))
    assert issues(result) == [
        ("项目", 2, "计划开工"),
        ("项目", 3, "批次"),
        ("项目", 3, "牵头单位"),
        ("项目", 4, "清单年度"),
        ("项目", 5, "批次"),
        ("项目", 5, "计划竣工"),  # dates out of order on a row with another error: in the same upload
        ("节点", 2, "项目编号"),
        ("节点", 3, "序号"),
        ("节点", 3, "计划完成时间"),
    ]


def test_a_sequence_number_written_twice_in_two_spellings_is_a_row_error_of_the_preview(lead):
    """01 and 1 are the same 序号: reported on the row in the dry run, not a database error on confirming."""
    milestones = [MILESTONE_HEADER, ["XM-1", 1, "甲", "2025-03-01"], ["XM-1", "01", "乙", "2025-04-01"]]
    sheets = {"项目": [PROJECT_HEADER, good_project("XM-1")], "节点": milestones}
    assert ("节点", 3, "序号") in issues(run(xlsx(sheets), dry_run=True))
    before = row_counts()
    result = run(xlsx(sheets))
    assert not result.applied and ("节点", 3, "序号") in issues(result)
    assert row_counts() == before


@pytest.mark.parametrize("cell", ["1e300000", "-1e300000", "12345678901"])
def test_a_huge_whole_number_is_refused_as_too_large(lead, cell):
    result = run(xlsx({"项目": [PROJECT_HEADER, good_project(**{"清单年度": cell})]}), dry_run=True)
    assert [(e.column, e.message) for e in result.errors] == [("清单年度", "数值过大")]


def test_an_actual_date_after_today_is_refused_as_on_the_pages(lead):
    from django.utils import timezone

    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    projects = [[*PROJECT_HEADER, "实际开工"], [*good_project("XM-1"), tomorrow]]
    milestones = [
        MILESTONE_HEADER,
        ["XM-1", 1, "开工", "2025-01-01", tomorrow],
        ["XM-1", 2, "验收", "2025-02-01", today],
    ]
    result = run(xlsx({"项目": projects, "节点": milestones}), dry_run=True)
    # 节点 3 is refused only because its project's row is, and says so.
    assert issues(result) == [("项目", 2, "实际开工"), ("节点", 2, "实际完成时间"), ("节点", 3, "项目编号")]
    assert result.errors[2].message == "因工作表「项目」第 2 行有错误而未导入"
    assert result.errors[0].message == f"不能晚于今天（{today.isoformat()}）"


def test_errors_are_in_the_users_language(lead, settings):
    from django.utils import translation

    with translation.override("en"):
        result = run(xlsx({"项目": [PROJECT_HEADER, good_project(**{"批次": "施工"})]}))
    assert result.errors[0].message.startswith("Not one of the allowed values")


def _zip_bytes():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return stream.getvalue()


FILE_ERRORS = [
    ("text file", b"just some text", "x.xlsx"),
    ("zip that is no workbook", _zip_bytes(), "x.xlsx"),
    ("encrypted or old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "x.xlsx"),
    ("empty file", b"", "x.xlsx"),
    ("missing sheet", xlsx({"Sheet1": [PROJECT_HEADER, good_project()]}), "x.xlsx"),
    ("missing header", xlsx({"项目": [PROJECT_HEADER[:-3] + ["计划开工"], good_project()[:-3]]}), "x.xlsx"),
    ("empty workbook", xlsx({"项目": [PROJECT_HEADER]}), "x.xlsx"),
    ("empty sheet", xlsx({"项目": []}), "x.xlsx"),
    ("csv not utf-8", ",".join(PROJECT_HEADER).encode("gbk"), "x.csv"),
]


@pytest.mark.parametrize("case,data,filename", FILE_ERRORS, ids=[case[0] for case in FILE_ERRORS])
def test_an_unreadable_file_is_one_clear_error(lead, case, data, filename):
    before = row_counts()
    result = run(data, filename)
    assert len(result.errors) == 1, result.errors
    assert result.errors[0].message
    assert row_counts() == before


def test_a_missing_header_names_the_column(lead):
    result = run(xlsx({"项目": [PROJECT_HEADER[:3], ["XM-1", "名称", 2025]]}))
    assert [e.column for e in result.errors] == ["批次", "牵头单位"]
    assert all("批次" in str(e) or "牵头单位" in str(e) for e in result.errors)


def test_empty_optional_sheets_are_ignored(lead):
    result = run(xlsx({"项目": [PROJECT_HEADER, good_project()], "单位": [], "节点": []}))
    assert result.ok, result.errors
    assert Project.objects.filter(code="XM-1").exists()


def test_a_new_unit_with_a_long_name_gets_a_usable_short_name(db):
    long_name = "重庆高新区" + "某某产业园区开发建设运营管理有限公司" * 3
    unit_header = ["单位名称", "简称", "类型"]
    project = dict(zip(PROJECT_HEADER, good_project(), strict=True)) | {"牵头单位": long_name}
    result = run(
        xlsx({"单位": [unit_header, [long_name, None, "国企"]], "项目": [PROJECT_HEADER, list(project.values())]})
    )
    assert result.ok, result.errors
    assert Unit.objects.get(name=long_name).short_name == long_name
