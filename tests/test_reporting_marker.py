"""未按时填报 beside the color: on the project list (and its filter), the project page, the overdue list, the exports
and, per unit, on the dashboard."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from projects.models import ListEntry
from tests.factories import make_project
from tests.reporting_factories import file_report

AS_OF = dt.date(2025, 6, 30)  # June's report was due on 06-25
QUERY = "year=2025&as_of=2025-06-30"


@pytest.fixture
def reports(db, unit_a, unit_b):
    """Four red projects of the 2025 list: A-LATE (unit A) and B-LATE (unit B) without June's report, A-OK with it,
    A-RES in reserve (exempt) without it."""
    red = [(AS_OF - dt.timedelta(days=40), None)]
    projects = {
        "A-LATE": make_project(unit_a, code="A-LATE", milestones=red),
        "B-LATE": make_project(unit_b, code="B-LATE", milestones=red),
        "A-OK": make_project(unit_a, code="A-OK", milestones=red),
        "A-RES": make_project(unit_a, code="A-RES", batch="reserve", milestones=red),
    }
    for code in ("A-LATE", "B-LATE", "A-OK"):
        file_report(projects[code], 2025, 5, filed=dt.date(2025, 5, 20))
    file_report(projects["A-OK"], 2025, 6, filed=dt.date(2025, 6, 24))
    return projects


def rows_by_code(response):
    return {row.record.project.code: row.record for row in response.context["table"].paginated_rows}


def test_the_list_marks_late_reports_beside_the_color(reports, client_for):
    response = client_for("staff_b").get(f"/projects/?{QUERY}")
    rows = rows_by_code(response)
    assert {code for code, row in rows.items() if row.report_late} == {"A-LATE", "B-LATE"}
    assert rows["A-LATE"].report_late_text == "2025年6月进展未按时填报（截止 2025-06-25）"
    html = response.content.decode()
    assert html.count('class="marker report-late"') == 2
    assert 'title="2025年6月进展未按时填报（截止 2025-06-25）">未按时填报</span>' in html


def test_the_list_filter_reporting_late(reports, client_for, unit_a):
    client = client_for("staff_a")
    response = client.get(f"/projects/?{QUERY}&reporting=late")
    assert set(rows_by_code(response)) == {"A-LATE", "B-LATE"}
    assert response.context["total"] == 2  # the summary bar counts the filtered rows
    response = client.get(f"/projects/?{QUERY}&reporting=late&lead_unit={unit_a.pk}&status=red")
    assert set(rows_by_code(response)) == {"A-LATE"}
    # The day before the due day nobody was late for June (May's reports are in; A-RES reports nothing).
    assert rows_by_code(client.get("/projects/?year=2025&as_of=2025-06-25&reporting=late")) == {}
    html = client.get(f"/projects/?{QUERY}").content.decode()
    assert '<select name="reporting"' in html and '<option value="late">未按时填报</option>' in html


def test_an_unknown_reporting_value_is_an_error_not_a_crash(reports, client_for):
    response = client_for("staff_a").get(f"/projects/?{QUERY}&reporting=maybe")
    assert response.status_code == 200
    assert "reporting" in response.context["filter"].errors


def test_the_project_page_marks_the_as_of_years_entry(reports, client_for):
    project = reports["A-LATE"]
    ListEntry.objects.create(project=project, year=2024, batch="ongoing")  # December 2024 missing too
    response = client_for("staff_b").get(f"/projects/{project.pk}/?as_of=2025-06-30")
    assert response.context["report_late_text"] == "2025年6月进展未按时填报（截止 2025-06-25）"
    entries = {e.year: e.report_late_text for e in response.context["entries"]}
    assert entries == {
        2025: "2025年6月进展未按时填报（截止 2025-06-25）",
        2024: "2024年12月进展未按时填报（截止 2024-12-25）",
    }
    html = response.content.decode()
    status_card = html.split('class="card status-card')[1].split("</section>")[0]
    assert "未按时填报</span>" in status_card
    ok = client_for("staff_b").get(f"/projects/{reports['A-OK'].pk}/?as_of=2025-06-30")
    assert ok.context["report_late_text"] == "" and "marker report-late" not in ok.content.decode()


def test_the_overdue_list_marks_late_reports(reports, client_for):
    response = client_for("manager").get(f"/overdue/?{QUERY}")
    rows = {row.record.project.code: row.record for row in response.context["table"].paginated_rows}
    assert {code for code, m in rows.items() if m.report_late} == {"A-LATE", "B-LATE"}
    assert rows["B-LATE"].report_late_text == "2025年6月进展未按时填报（截止 2025-06-25）"
    assert response.content.decode().count('class="marker report-late"') == 2


def test_the_exports_have_a_read_only_column(reports, client_for):
    client = client_for("manager")
    response = client.get("/projects/export/xlsx/", {"year": 2025, "as_of": AS_OF})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["项目"]
    header, *rows = sheet.iter_rows(values_only=True)
    column = header.index("月报填报")
    assert header[column - 1] == "进度状态"
    assert {row[0]: row[column] for row in rows} == {
        "A-LATE": "未按时填报",
        "B-LATE": "未按时填报",
        "A-OK": None,
        "A-RES": None,
    }
    response = client.get("/projects/export/csv/", {"year": 2025, "as_of": AS_OF, "reporting": "late"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(line[0], line[lines[0].index("月报填报")]) for line in lines[1:]] == [
        ("A-LATE", "未按时填报"),
        ("B-LATE", "未按时填报"),
    ]
    response = client.get(f"/overdue/export.xlsx?{QUERY}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    header, *rows = sheet.iter_rows(min_row=2, values_only=True)
    assert {row[0]: row[header.index("月报填报")] for row in rows} == {
        "A-LATE": "未按时填报",
        "B-LATE": "未按时填报",
        "A-OK": None,
        "A-RES": None,
    }


def test_the_dashboard_counts_late_reports_per_unit_and_links_to_them(reports, client_for, unit_a, unit_b):
    make_project(unit_a, code="A-LATE2")  # no report at all
    response = client_for("manager").get(f"/?{QUERY}")
    late = response.context["late_reports"]
    assert [(row["name"], row["count"]) for row in late] == [("甲单位", 2), ("乙单位", 1)]
    assert response.context["late_reports_total"] == 3
    url = late[0]["url"]
    assert "reporting=late" in url and f"lead_unit={unit_a.pk}" in url and "as_of=2025-06-30" in url
    assert set(rows_by_code(client_for("manager").get(url))) == {"A-LATE", "A-LATE2"}
    assert f'href="{url.replace("&", "&amp;")}">2</a>' in response.content.decode()
