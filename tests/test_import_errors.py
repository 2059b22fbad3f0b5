"""The import's error table: each error shows the cell's content as read (escaped on the page), and a row refused only
because a row it refers to is wrong says so, naming that row, instead of calling its project or unit unknown."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_unit
from tests.test_excel_import import MILESTONE_HEADER, PROJECT_HEADER, good_project, row_counts, run, xlsx

UNIT_HEADER = ["单位名称", "简称", "类型"]


@pytest.fixture
def lead(db):
    return make_unit("示例区管委会建设局", "建设局", kind="department")


def where(result):
    return [(e.sheet, e.row, e.column, e.value, e.message) for e in result.errors]


def test_a_milestone_of_a_refused_project_row_names_that_row(lead):
    projects = [PROJECT_HEADER, good_project("XM-1", **{"批次": "施工"}), good_project("XM-2")]
    milestones = [MILESTONE_HEADER, ["XM-2", 1, "开工", "2025-03-31"], ["XM-1", 1, "开工", "2025-03-31"]]
    before = row_counts()
    result = run(xlsx({"项目": projects, "节点": milestones}))
    assert not result.ok and row_counts() == before
    assert where(result)[1:] == [("节点", 3, "项目编号", "XM-1", "因工作表「项目」第 2 行有错误而未导入")]
    assert [e.dependent for e in result.errors] == [False, True]
    assert result.dependent_count == 1


def test_a_milestone_with_errors_of_its_own_lists_only_those(lead):
    projects = [PROJECT_HEADER, good_project("XM-1", **{"批次": "施工"})]
    milestones = [MILESTONE_HEADER, ["XM-1", 1, "开工", "昨天"]]
    result = run(xlsx({"项目": projects, "节点": milestones}))
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("项目", 2, "批次"), ("节点", 2, "计划完成时间")]


@pytest.mark.parametrize(
    "unit_row,why",
    [
        (["新建示例局", "建设局", "管委会部门"], "简称「建设局」已被单位「示例区管委会建设局」使用"),  # by the plan
        (["新建示例局", "新局", "机关"], "不是可选值之一"),  # while parsing, its name read
        (["新建示例局" + "长" * 200, "新局", "管委会部门"], "不能超过"),  # while parsing, its name too
    ],
    ids=["short name taken", "bad kind", "name too long"],
)
def test_a_reference_to_a_unit_whose_row_is_refused_names_that_row_not_an_unknown_unit(lead, unit_row, why):
    name = unit_row[0]
    projects = [[*PROJECT_HEADER, "责任单位"], [*good_project("XM-1", **{"牵头单位": name}), f"建设局、{name}"]]
    milestones = [[*MILESTONE_HEADER, "责任单位"], ["XM-1", 1, "开工", "2025-03-31", None, name]]
    result = run(xlsx({"单位": [UNIT_HEADER, unit_row], "项目": projects, "节点": milestones}))
    [unit_error, *rest] = result.errors
    assert (unit_error.sheet, unit_error.row) == ("单位", 2) and why in unit_error.message
    cause = "因工作表「单位」第 2 行有错误而未导入"
    value = name if len(name) <= 40 else name[:39] + "…"
    assert [(e.sheet, e.row, e.column, e.value, e.message) for e in rest] == [
        ("项目", 2, "牵头单位", value, cause),
        ("项目", 2, "责任单位", value, cause),
        ("节点", 2, "项目编号", "XM-1", "因工作表「项目」第 2 行有错误而未导入"),
        ("节点", 2, "责任单位", value, cause),
    ]
    assert not any("未知单位" in e.message for e in result.errors)


def test_a_refused_row_of_a_unit_already_in_the_system_leaves_references_to_it_alone(lead):
    units = [UNIT_HEADER, ["示例区管委会建设局", "建设局", "机关"]]  # an update refused: the unit is still there
    result = run(xlsx({"单位": units, "项目": [PROJECT_HEADER, good_project("XM-1")]}))
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("单位", 2, "类型")]


def test_a_chain_of_refusals_names_each_cause(lead):
    units = [UNIT_HEADER, ["新建示例局", "新局", "机关"]]
    projects = [PROJECT_HEADER, good_project("XM-1", **{"牵头单位": "新局"})]
    milestones = [MILESTONE_HEADER, ["XM-1", 1, "开工", "2025-03-31"]]
    result = run(xlsx({"单位": units, "项目": projects, "节点": milestones}))
    assert [(e.sheet, e.row, e.message) for e in result.errors if e.dependent] == [
        ("项目", 2, "因工作表「单位」第 2 行有错误而未导入"),
        ("节点", 2, "因工作表「项目」第 2 行有错误而未导入"),
    ]


def test_a_truly_unknown_unit_or_project_is_still_called_unknown_with_its_name_as_content(lead):
    projects = [PROJECT_HEADER, good_project("XM-1", **{"牵头单位": "没有这个单位"})]
    milestones = [MILESTONE_HEADER, ["XM-9", 1, "开工", "2025-03-31"]]
    result = run(xlsx({"项目": projects, "节点": milestones}))
    assert where(result) == [
        ("项目", 2, "牵头单位", "没有这个单位", "未知单位「没有这个单位」（系统和「单位」工作表中均没有）"),
        ("节点", 2, "项目编号", "XM-9", "项目编号「XM-9」在「项目」工作表和系统中都不存在"),
    ]


def test_every_error_about_a_cell_shows_its_content(lead):
    projects = [
        [*PROJECT_HEADER, "总投资(万元)"],
        [*good_project("XM-1", **{"计划开工": "2025-06-01", "计划竣工": "2025-05-31"}), "一千"],
        [*good_project("XM-2", **{"项目名称": "长" * 201}), None],
        [*good_project("XM-2"), None],
    ]
    result = run(xlsx({"项目": projects}))
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (2, "总投资(万元)", "一千"),
        (2, "计划竣工", "2025-05-31"),
        (3, "项目名称", "长" * 39 + "…"),
        (4, "项目编号", "XM-2"),  # a repeated key
    ]


def test_the_error_table_shows_the_content_escaped_and_the_dependent_rows_in_both_languages(client_for, lead):
    projects = [PROJECT_HEADER, good_project("XM-1", **{"牵头单位": "<b>坏单位</b>"})]
    milestones = [MILESTONE_HEADER, ["XM-1", 1, "开工", "2025-03-31"]]
    data = xlsx({"项目": projects, "节点": milestones})
    client = client_for("manager")
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("坏.xlsx", data)}).content.decode()
    assert "<b>坏单位</b>" not in page and "&lt;b&gt;坏单位&lt;/b&gt;" in page
    assert "<th>单元格内容</th>" in page and 'class="dependent"' in page
    assert "其中 1 处只因所引用的行有错误而未导入，改正那些行即可。" in page
    assert "因工作表「项目」第 2 行有错误而未导入" in page
    client.cookies["django_language"] = "en"
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("bad.xlsx", data)}).content.decode()
    assert "<th>Cell content</th>" in page and "&lt;b&gt;坏单位&lt;/b&gt;" in page
    assert "Not imported because row 2 of sheet 项目 is wrong" in page
    assert "1 of them only because a row it refers to is wrong" in page
