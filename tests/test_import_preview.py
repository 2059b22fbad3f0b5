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


def confirm(client, data, filename="清单.xlsx"):
    response = client.post("/projects/import/", {"file": SimpleUploadedFile(filename, data)})
    return client.post("/projects/import/confirm/", {"token": response.context["token"]})


def test_after_confirming_a_link_lists_exactly_the_imported_projects(client_for, lead):
    make_project(lead, "OTHER-1", "别的项目")  # on the same year's list, not in the file
    projects = [PROJECT_HEADER, good_project("XM-1", **{"项目名称": "甲"}), good_project("XM-2", **{"项目名称": "乙"})]
    client = client_for("manager")
    response = confirm(client, xlsx({"项目": projects}))
    assert response.context["result"].applied
    [link] = response.context["list_links"]
    assert link == {"year": 2025, "count": 2, "url": "/projects/?year=2025&codes=XM-1%2CXM-2"}
    href = link["url"].replace("&", "&amp;")
    assert f'<a href="{href}">查看导入的 2 个项目（2025 年清单）</a>' in response.content.decode()
    page = client.get(link["url"])
    assert [row.record.project.code for row in page.context["table"].page.object_list] == ["XM-1", "XM-2"]
    content = page.content.decode()
    assert "仅列出指定编号的 2 个项目" in content and 'type="hidden" name="codes" value="XM-1,XM-2"' in content
    export = client.get("/projects/export/csv/?year=2025&codes=XM-1,XM-2")
    assert "OTHER-1" not in b"".join(export.streaming_content).decode("utf-8-sig")


def test_a_preview_and_a_refused_import_have_no_link(client_for, lead):
    client = client_for("manager")
    data = xlsx({"项目": [PROJECT_HEADER, good_project("XM-1")]})
    preview_page = client.post("/projects/import/", {"file": SimpleUploadedFile("a.xlsx", data)})
    assert "list_links" not in preview_page.context and "查看导入的" not in preview_page.content.decode()


def test_an_import_of_many_projects_links_to_the_years_list(client_for, lead, settings):
    projects = [PROJECT_HEADER] + [good_project(f"XM-{n:03d}") for n in range(201)]
    response = confirm(client_for("manager"), xlsx({"项目": projects}))
    assert response.context["list_links"] == [{"year": 2025, "count": 201, "url": "/projects/?year=2025"}]


@pytest.mark.parametrize(
    "codes,message",
    [(",".join(f"C{n}" for n in range(201)), "项目编号最多 200 个"), ("X" * 51, "项目编号不能超过 50 个字符")],
    ids=["too many", "too long"],
)
def test_the_codes_filter_refuses_too_many_or_too_long_codes(client_for, lead, codes, message):
    make_project(lead, "XM-1")
    page = client_for("manager").get("/projects/", {"year": 2025, "codes": codes})
    assert page.status_code == 200 and message in page.content.decode()
    assert not page.context["table"].page.object_list
