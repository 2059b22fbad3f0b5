"""The project list's subtotal (annual plan, year-to-date completed, rate) is the sum over the filtered rows, on
SQLite and PostgreSQL alike, on the page and in the xlsx export's 汇总 sheet."""

import io
import random
from decimal import Decimal

import openpyxl
import pytest

from projects.filters import ListEntryFilter
from projects.investment import entry_investment
from projects.models import ListEntry, ProgressReport
from tests.factories import d, make_project

pytestmark = pytest.mark.django_db
AS_OF = d("2025-06-30")


@pytest.fixture
def listed(unit_a, unit_b):
    rng = random.Random(7)
    for n in range(24):
        project = make_project(
            unit_a if n % 2 else unit_b,
            batch=["start", "ongoing", "in_use", "reserve"][n % 4],
            level=["municipal", "district"][n % 3 == 0],
            annual_plan=Decimal(rng.randint(0, 900000)) / 100,
            milestones=[(d("2025-03-01") if n % 5 == 0 else d("2025-09-01"), None)],
        )
        for month in range(1, 9):
            if rng.random() < 0.7:
                amount = Decimal(rng.randint(0, 30000000)) / 100
                ProgressReport.objects.create(project=project, year=2025, month=month, investment_completed=amount)


def rows_of(query):
    data = {"year": "2025", "as_of": AS_OF.isoformat(), **query}
    return list(ListEntryFilter(data, queryset=ListEntry.objects.all()).qs)


@pytest.mark.parametrize(
    "query", [{}, {"status": "red"}, {"batch": "ongoing"}, {"level": "municipal"}, {"q": "测试项目1"}]
)
def test_the_subtotal_is_the_sum_of_the_filtered_rows(listed, client_for, query):
    response = client_for("manager").get("/projects/", {"year": 2025, "as_of": AS_OF.isoformat(), **query})
    subtotal = response.context["subtotal"]
    rows = rows_of(query)
    investments = [entry_investment(row, AS_OF) for row in rows]
    assert subtotal.count == len(rows)
    assert subtotal.plan == sum((row.annual_plan_investment for row in rows), Decimal(0))
    assert subtotal.ytd == sum((i.ytd for i in investments), Decimal(0))
    assert subtotal.months == 6
    html = response.content.decode()
    assert "data-subtotal-plan" in html


def test_the_xlsx_export_carries_the_same_totals_row(listed, client_for):
    query = {"year": 2025, "as_of": AS_OF.isoformat(), "batch": "ongoing"}
    page = client_for("manager").get("/projects/", query).context["subtotal"]
    response = client_for("manager").get("/projects/export/xlsx/", query)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, row = list(book["汇总"].iter_rows(values_only=True))
    assert header[:3] == ("项目数", "年度计划投资(万元)", "1–N月完成投资(万元)")
    assert row[0] == page.count
    assert Decimal(str(row[1])) == page.plan and Decimal(str(row[2])) == page.ytd
    assert row[3] == pytest.approx(float(page.rate), abs=0.05)
