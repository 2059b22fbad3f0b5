"""Every download is named in Chinese after what it holds, its year and its date (RFC 5987 filename*), and every
xlsx export opens ready to read and print: frozen header, autofilter, fitted columns, A4 landscape fitted to the
page width with the header row repeated (portal.spreadsheets, the one writer)."""

import datetime as dt
import io
from urllib.parse import unquote

import openpyxl
import pytest

from tests.factories import make_project
from tests.supervision_factories import make_order

AS_OF = dt.date(2025, 6, 30)
Q = f"year=2025&as_of={AS_OF}"

# (URL, the file's name in Chinese, its header row)
XLSX_EXPORTS = [
    (f"/projects/export/xlsx/?{Q}", "项目清单_2025_截至2025-06-30.xlsx", 1),
    (f"/overdue/export.xlsx?{Q}", "逾期督办_2025_截至2025-06-30.xlsx", 2),
    (f"/reports/unreported/export.xlsx?{Q}", "月度进展未报汇总_2025_截至2025-06-30.xlsx", 2),
    (f"/supervision/export.xlsx?{Q}", "督办台账_2025_截至2025-06-30.xlsx", 1),
    ("/indicators/export.xlsx?year=2025&period=6", "经济指标_2025_1–6月.xlsx", 2),
    (f"/ranking/ranking.xlsx?{Q}", "红黄榜_2025_截至2025-06-30.xlsx", 2),
]
CSV_EXPORTS = [
    (f"/projects/export/csv/?{Q}", "项目清单_2025_截至2025-06-30.csv"),
    (f"/overdue/export.csv?{Q}", "逾期督办_2025_截至2025-06-30.csv"),
]


@pytest.fixture
def listed(world):
    make_project(
        world["unit_a"],
        code="X-LONG",
        name="西部科学城重庆高新区金凤实验室二期配套基础设施建设项目",
        milestones=[(AS_OF - dt.timedelta(days=40), None)],
    )
    return world


def attachment_name(response):
    """The file name of a response's Content-Disposition, which must be the RFC 5987 form for a Chinese name."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''"), disposition
    return unquote(disposition.removeprefix("attachment; filename*=utf-8''"))


@pytest.mark.parametrize("url, name, header_row", XLSX_EXPORTS, ids=[name for _u, name, _r in XLSX_EXPORTS])
def test_an_xlsx_export_is_named_and_opens_ready_to_read_and_print(listed, client_for, url, name, header_row):
    response = client_for("manager").get(url)
    assert response.status_code == 200
    assert attachment_name(response) == name
    book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    for sheet in book:
        assert sheet.freeze_panes == f"A{header_row + 1}"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith(f"A{header_row}:")
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # One page wide (1 is the file format's default, left out), as many pages down as needed (0).
        assert (sheet.page_setup.fitToWidth or 1, int(sheet.page_setup.fitToHeight)) == (1, 0)
        assert sheet.print_title_rows == f"${header_row}:${header_row}"
        headers = [cell.value for cell in sheet[header_row]]
        for index, header in enumerate(headers, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            width = sheet.column_dimensions[letter].width
            assert 6 <= width <= 50, (sheet.title, header, width)
            assert width >= len(str(header)) * 1.5, (sheet.title, header, width)  # never narrower than its header


def test_a_column_fits_its_longest_text_up_to_a_cap(listed, client_for):
    response = client_for("manager").get(f"/overdue/export.xlsx?{Q}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    headers = [cell.value for cell in sheet[2]]
    name_column = openpyxl.utils.get_column_letter(headers.index("项目名称") + 1)
    code_column = openpyxl.utils.get_column_letter(headers.index("项目编号") + 1)
    long_name = "西部科学城重庆高新区金凤实验室二期配套基础设施建设项目"
    assert sheet.column_dimensions[name_column].width == 30  # its cap (OVERDUE_WIDTHS)
    assert len(long_name) * 2 + 2 > 30 and sheet[f"{name_column}3"].alignment.wrap_text
    assert sheet.column_dimensions[code_column].width == len("项目编号") * 2 + 2


@pytest.mark.parametrize("url, name", CSV_EXPORTS, ids=[name for _u, name in CSV_EXPORTS])
def test_a_csv_export_is_named_with_its_year_and_date(listed, client_for, url, name):
    response = client_for("manager").get(url)
    assert response.status_code == 200
    assert attachment_name(response) == name


def test_the_notice_is_named_with_its_number_and_date(listed, client_for):
    users = listed["users"]
    order = make_order(listed["project_a"], users["manager"], users["staff_a"])
    response = client_for("manager").get(f"/supervision/{order.pk}/notice.docx")
    assert response.status_code == 200
    assert attachment_name(response) == f"督办单_{order.number}_{order.issued_on.isoformat()}.docx"


def test_names_follow_the_language(listed, client_for):
    client = client_for("manager")
    client.cookies["django_language"] = "en"
    response = client.get(f"/overdue/export.xlsx?{Q}", headers={"accept-language": "en"})
    name = response["Content-Disposition"]
    assert "2025" in name and "2025-06-30" in name and "%E9" not in name


def test_an_empty_text_leaves_its_column_as_wide_as_its_own_texts():
    from portal.spreadsheets import Workbook

    stream = io.BytesIO()
    book = Workbook(stream)
    sheet = book.sheet("表", ["说明", "备注"])
    sheet.append(["一段很长的说明文字，比表头宽得多", ""])  # the empty 备注 follows a long text
    sheet.append(["短", "无"])
    book.close()
    widths = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active.column_dimensions
    assert widths["A"].width == len("一段很长的说明文字，比表头宽得多") * 2 + 2
    assert widths["B"].width == len("备注") * 2 + 2  # its header, not the text before it
