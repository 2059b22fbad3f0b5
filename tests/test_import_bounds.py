"""Bounded imports (issue 19): a workbook that unpacks past the limit or has too many rows is refused before it is
read, a control character is refused at the preview naming its cell, free texts have length limits, and a previewed
workbook stays until its import commits."""

import csv
import datetime as dt
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook

from projects.excel.importer import import_workbook
from projects.excel.plan import Plan
from projects.models import Milestone, PendingImport, Project
from tests.factories import make_project

pytestmark = pytest.mark.django_db
HEADER = ["项目编号", "项目名称", "清单年度", "批次", "牵头单位"]


def _workbook_bytes(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _bomb(unpacked_mb, kind="cell"):
    """A valid-looking workbook, small on disk: its sheet unpacks to `unpacked_mb` (one huge cell, or many rows)."""
    template = zipfile.ZipFile(io.BytesIO(_workbook_bytes([])))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in template.infolist():
            if not info.filename.startswith("xl/worksheets/"):
                bomb.writestr(info, template.read(info))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            row = b'<row><c t="inlineStr"><is><t>X</t></is></c></row>'
            chunk = b"A" * (1 << 20) if kind == "cell" else row * ((1 << 20) // len(row))
            if kind == "cell":
                sheet.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
            for _ in range(unpacked_mb):
                sheet.write(chunk)
            if kind == "cell":
                sheet.write(b"</t></is></c></row>")
            sheet.write(b"</sheetData></worksheet>")
    return stream.getvalue()


@pytest.fixture(scope="module")
def bombs():
    return {kind: _bomb(120, kind) for kind in ("cell", "rows")}


def _refusal_costs(call):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = call()
    finally:
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return outcome, elapsed, peak


@pytest.mark.parametrize("kind", ["cell", "rows"])
def test_a_workbook_unpacking_past_the_limit_is_refused_by_the_page_fast_and_small(bombs, client_for, kind):
    data = bombs[kind]
    assert len(data) < 2 * 1024 * 1024  # small on disk, 120 MB inside
    client = client_for("manager")
    client.get("/projects/import/")  # the first request of the process loads the views and templates: not timed
    upload = io.BytesIO(data)
    upload.name = "炸弹.xlsx"
    response, elapsed, peak = _refusal_costs(lambda: client.post("/projects/import/", {"file": upload}))
    assert response.status_code == 200
    assert "工作簿解压后为 120 MB，超过上限 100 MB，未读取" in response.content.decode()
    assert elapsed < 2
    assert peak < 100 * 1024 * 1024
    assert not PendingImport.objects.exists()


def test_a_workbook_unpacking_past_the_limit_is_refused_by_the_command(bombs, tmp_path, capsys):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bombs["cell"])
    _result, elapsed, peak = _refusal_costs(
        lambda: pytest.raises(CommandError, call_command, "import_projects", str(path))
    )
    assert "超过上限 100 MB" in capsys.readouterr().err
    assert elapsed < 2
    assert peak < 100 * 1024 * 1024


def test_the_unpacked_limit_comes_from_the_settings(settings, bombs):
    settings.IMPORT_MAX_UNPACKED_MB = 200
    result = import_workbook(io.BytesIO(_workbook_bytes([["A-1", "项目", 2025, "在建", "甲单位"]])), "ok.xlsx")
    assert not any("解压后" in str(e) for e in result.errors)
    settings.IMPORT_MAX_UNPACKED_MB = 1
    result = import_workbook(io.BytesIO(_bomb(2)), "b.xlsx", dry_run=True)
    assert "超过上限 1 MB" in str(result.errors[0])


def _sheet_of(rows, dimension=True):
    """A workbook whose 项目 sheet is written by hand (fast at 50,000 rows), with its dimension declared or not."""
    template = zipfile.ZipFile(io.BytesIO(_workbook_bytes([])))
    cells = [HEADER, *rows]
    xml = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    if dimension:
        xml.append(f'<dimension ref="A1:E{len(cells)}"/>')
    xml.append("<sheetData>")
    for number, row in enumerate(cells, start=1):
        xml.append(f'<row r="{number}">')
        xml += [f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in row]
        xml.append("</row>")
    xml.append("</sheetData></worksheet>")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in template.infolist():
            is_sheet = info.filename.startswith("xl/worksheets/")
            target.writestr(info, "".join(xml).encode() if is_sheet else template.read(info))
    return stream.getvalue()


def test_a_sheet_of_50001_rows_is_refused_before_it_is_read(unit_a):
    rows = [[f"P-{n:05d}", "项目", 2025, "在建", unit_a.short_name] for n in range(50_001)]
    started = time.perf_counter()
    result = import_workbook(io.BytesIO(_sheet_of(rows)), "big.xlsx", dry_run=True)
    assert time.perf_counter() - started < 2
    assert [str(e) for e in result.errors] == ["项目: 工作表「项目」超过 50,000 行数据，未导入。请拆分后分批导入。"]


def test_a_sheet_at_the_row_limit_is_read(unit_a, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [[f"P-{n}", "项目", 2025, "在建", unit_a.short_name] for n in range(4)]
    result = import_workbook(io.BytesIO(_sheet_of(rows[:3])), "three.xlsx", dry_run=True)
    assert result.ok and result.sheets["项目"].created == 3
    assert "超过 3 行数据" in str(import_workbook(io.BytesIO(_sheet_of(rows)), "four.xlsx", dry_run=True).errors[0])


def test_rows_beyond_a_missing_dimension_are_counted_while_reading(unit_a, settings):
    settings.IMPORT_MAX_ROWS = 10
    rows = [[f"P-{n}", "项目", 2025, "在建", unit_a.short_name] for n in range(11)]
    result = import_workbook(io.BytesIO(_sheet_of(rows, dimension=False)), "no-dimension.xlsx", dry_run=True)
    assert "超过 10 行数据" in str(result.errors[0])


def test_a_csv_of_too_many_rows_is_refused(unit_a, settings):
    settings.IMPORT_MAX_ROWS = 2
    lines = [",".join(HEADER)] + [f"P-{n},项目,2025,在建,{unit_a.short_name}" for n in range(3)]
    result = import_workbook(io.BytesIO("\n".join(lines).encode()), "big.csv", dry_run=True)
    assert "超过 2 行数据" in str(result.errors[0])


def test_a_nul_byte_is_refused_at_the_preview_naming_the_cell(client_for, unit_a):
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    writer.writerow(["A-1", "项目\x00名称", "2025", "在建", unit_a.short_name])
    writer.writerow(["A-2", "正常项目", "2025", "在建", unit_a.short_name + "\x07"])
    upload = io.BytesIO(stream.getvalue().encode())
    upload.name = "nul.csv"
    response = client_for("manager").post("/projects/import/", {"file": upload})
    errors = [str(e) for e in response.context["result"].errors]
    assert "项目, 2, 项目名称: 含有不可见的控制字符（如 NUL），请在 Excel 中删除后重新上传 [项目\\x00名称]" in errors
    assert any(e.startswith("项目, 3, 牵头单位: 含有不可见的控制字符") for e in errors)
    assert "\\x00" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_an_over_long_text_is_refused_by_the_import_naming_the_cell(unit_a):
    rows = [["A-1", "项目", 2025, "在建", unit_a.short_name]]
    data = _workbook_bytes(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目"
    sheet.append([*HEADER, "建设内容"])
    sheet.append([*rows[0], "很长" * 2001])
    stream = io.BytesIO()
    workbook.save(stream)
    result = import_workbook(io.BytesIO(stream.getvalue()), "long.xlsx", dry_run=True)
    assert [str(e) for e in result.errors] == [f"项目, 2, 建设内容: 不能超过 4000 个字符 [{'很长' * 19}很…]"]
    assert import_workbook(io.BytesIO(data), "ok.xlsx", dry_run=True).ok


@pytest.mark.parametrize(
    "url_name,field,limit",
    [("report", "problems", 2000), ("report", "image_progress", 2000), ("actual", "note", 2000)],
)
def test_free_texts_on_the_pages_show_and_enforce_their_limit(client_for, unit_a, url_name, field, limit):
    project = make_project(unit_a, milestones=[(dt.date(2025, 3, 31), None)])
    milestone = Milestone.objects.get(project=project)
    path = (
        f"/projects/{project.pk}/report/?year=2025&month=3"
        if url_name == "report"
        else f"/projects/{project.pk}/milestones/{milestone.pk}/actual/"
    )
    client = client_for("staff_a")
    page = client.get(path).content.decode()
    assert f'maxlength="{limit}"' in page
    assert f"不超过 {limit} 字" in page
    form = client.get(path).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data[field] = "长" * (limit + 1)
    data.setdefault("investment_completed", "1")
    response = client.post(path, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def _preview(client, data, name="list.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post("/projects/import/", {"file": upload})
    assert response.context["result"].ok, response.context["result"].errors
    return response.context["token"]


def test_a_crash_between_preview_and_confirm_leaves_the_workbook_confirmable(users, unit_a, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(users["manager"])
    token = _preview(client, _workbook_bytes([["A-1", "导入项目", 2025, "在建", unit_a.short_name]]))

    def crash(self, user=None, reason=""):
        Project.objects.create(code="HALF", name="half-written", lead_unit=unit_a)  # rolled back with the rest
        raise RuntimeError("worker killed mid-import")

    monkeypatch.setattr(Plan, "write", crash)
    response = client.post("/projects/import/confirm/", {"token": token})
    assert response.status_code == 500, response.context and response.context["result"].errors
    assert PendingImport.objects.filter(token=token).exists()
    assert not Project.objects.filter(code__in=["A-1", "HALF"]).exists()

    monkeypatch.undo()
    response = client.post("/projects/import/confirm/", {"token": token})
    assert response.status_code == 200 and response.context["result"].applied
    assert Project.objects.filter(code="A-1").exists()
    assert not PendingImport.objects.exists()
    # Applied once: the same confirmation again finds nothing to import.
    response = client.post("/projects/import/confirm/", {"token": token}, follow=True)
    assert "没有待确认的导入文件或已过期" in response.content.decode()


def test_a_confirmation_that_lost_the_race_imports_nothing(users, unit_a):
    data = _workbook_bytes([["A-1", "导入项目", 2025, "在建", unit_a.short_name]])
    pending = PendingImport.objects.create(token="t", user=users["manager"], filename="a.xlsx", data=data)
    PendingImport.objects.filter(pk=pending.pk).delete()  # the other confirmation committed first
    result = import_workbook(io.BytesIO(data), "a.xlsx", user=users["manager"], pending=pending)
    assert not result.applied
    assert "这份文件已由另一次确认导入" in str(result.errors[0])
    assert not Project.objects.filter(code="A-1").exists()
