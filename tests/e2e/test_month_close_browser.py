"""In a real browser: a manager closes last month, opens its bulletin, downloads the .docx (it opens with python-docx
and names the month and the red project) and the workbook."""

import datetime as dt

import openpyxl
import pytest
from django.utils import timezone
from docx import Document

from monthclose.models import ClosedMonth
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def last_month(users, unit_a):
    first = timezone.localdate().replace(day=1)
    end = first - dt.timedelta(days=1)
    make_project(
        unit_a,
        code="E2E-M",
        name="月末红灯项目",
        year=end.year,
        milestones=[{"name": "主体完工", "planned_date": end - dt.timedelta(days=45)}],
    )
    return end


def test_a_manager_closes_last_month_and_downloads_the_bulletin(page, last_month, tmp_path):
    label = f"{last_month.year}年{last_month.month}月"
    log_in(page, "manager", PASSWORD, "/months/")
    page.click(f"text=关账 {label}")
    page.wait_for_url(f"**/months/{last_month.year}/{last_month.month}/")
    assert f"{label}重点项目亮灯情况通报" in page.locator("h1").inner_text()
    assert "月末红灯项目" in page.locator("table.red-projects").inner_text()
    assert ClosedMonth.objects.get().closed_by.username == "manager"

    with page.expect_download() as info:
        page.click("a.docx")
    docx_path = tmp_path / "bulletin.docx"
    info.value.save_as(docx_path)
    document = Document(str(docx_path))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert label in text and "月末红灯项目" in cells

    with page.expect_download() as info:
        page.click("a.xlsx")
    xlsx_path = tmp_path / "bulletin.xlsx"
    info.value.save_as(xlsx_path)
    book = openpyxl.load_workbook(xlsx_path)
    values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("月末红灯项目" in v for v in values)
