"""The import's preview names each row (a project's code and name) and says what it does: what a new row creates
(新建项目, 新增节点 N 个, 新建单位 …), the exact differences of a changed one; after confirming, a link to the imported
projects on the list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import d, make_project, make_unit
from tests.test_excel_import import MILESTONE_HEADER, PROJECT_HEADER, good_project, run, xlsx

UNIT_HEADER = ["单位名称", "简称", "类型"]


@pytest.fixture
def lead(db):
    return make_unit("示例区管委会建设局", "建设局", kind="department")


def preview(result, sheet, kind):
    return [(row["key"], row["name"], row["changes"]) for row in result.sheets[sheet].preview[kind]]


def test_new_rows_say_what_they_create(lead):
    units = [UNIT_HEADER, ["示例区新建局", "新建局", "管委会部门"]]
    projects = [[*PROJECT_HEADER, "责任单位"], [*good_project("XM-1", **{"项目名称": "滨江路"}), "新建局、建设局"]]
    projects.append([*good_project("XM-2", **{"项目名称": "无节点项目"}), None])
    milestones = [MILESTONE_HEADER, ["XM-1", 1, "开工", "2025-03-31"], ["XM-1", 2, "竣工", "2025-11-30"]]
    result = run(xlsx({"单位": units, "项目": projects, "节点": milestones}), dry_run=True)
    assert result.ok, result.errors
    assert preview(result, "单位", "created") == [("示例区新建局", "新建局", ["新建单位"])]
    assert preview(result, "项目", "created") == [
        ("XM-1 2025", "滨江路", ["新建项目", "新建单位：示例区新建局", "新增节点 2 个"]),
        ("XM-2 2025", "无节点项目", ["新建项目"]),
    ]
    assert preview(result, "节点", "created") == [
        ("XM-1-1", "开工", ["新增节点（计划完成时间 2025-03-31）"]),
        ("XM-1-2", "竣工", ["新增节点（计划完成时间 2025-11-30）"]),
    ]


def test_changed_rows_keep_their_exact_differences_and_name_the_row(lead):
    dates = {"planned_start": d("2025-01-01"), "planned_finish": d("2025-12-31")}
    make_project(lead, "XM-1", "旧名称", milestones=[(d("2025-03-31"), None, False)], **dates)
    make_project(lead, "XM-2", "上年项目", year=2024, **dates)
    projects = [
        PROJECT_HEADER,
        good_project("XM-1", **{"项目名称": "新名称"}),
        good_project("XM-2", **{"项目名称": "上年项目"}),
    ]
    milestones = [MILESTONE_HEADER, ["XM-1", 1, "节点1", "2025-03-31"], ["XM-1", 2, "新节点", "2025-06-30"]]
    result = run(xlsx({"项目": projects, "节点": milestones}), dry_run=True)
    assert result.ok, result.errors
    changes = ["项目名称：旧名称 → 新名称", "新增节点 1 个"]
    assert preview(result, "项目", "updated") == [("XM-1 2025", "新名称", changes)]
    assert preview(result, "项目", "created") == [("XM-2 2025", "上年项目", ["列入 2025 年清单"])]
    assert preview(result, "节点", "unchanged") == [("XM-1-1", "节点1", [])]


def test_the_preview_page_lists_code_name_and_what_is_created_in_both_languages(client_for, lead):
    projects = [PROJECT_HEADER, good_project("XM-1", **{"项目名称": "<i>滨江路</i>"})]
    data = xlsx({"项目": projects, "节点": [MILESTONE_HEADER, ["XM-1", 1, "开工", "2025-03-31"]]})
    client = client_for("manager")
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("a.xlsx", data)}).content.decode()
    assert "<th>名称</th>" in page and "&lt;i&gt;滨江路&lt;/i&gt;" in page and "<i>滨江路" not in page
    assert "新建项目;新增节点 1 个" in page
    client.cookies["django_language"] = "en"
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("a.xlsx", data)}).content.decode()
    assert "<th>Name</th>" in page and "New project;New milestones: 1" in page
    assert "New milestone (planned 2025-03-31)" in page
