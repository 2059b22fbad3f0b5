"""调整计划 and 逾期完成 (reporting.md section 4) beside the color: on the project list, the overdue list and the
project page, as list filters and in the exports, each at its edges. Colors use the current plan; the markers use
the baseline."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from projects.models import Milestone
from tests.factories import make_project
from tests.test_excel_import import row_counts, run

AS_OF = dt.date(2025, 6, 30)
QUERY = f"year=2025&as_of={AS_OF}"


def days(n):
    return AS_OF + dt.timedelta(days=n)


def move_plan(milestone, planned_date, on):
    """Move a milestone's plan as a manager would (saved with its history), recorded on the day `on`."""
    milestone.planned_date = planned_date
    milestone._history_date = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
    milestone.save()
    return milestone


def first(project, seq=1):
    return Milestone.objects.get(project=project, seq=seq)


@pytest.fixture
def world(db, unit_a, unit_b):
    """As of 2025-06-30, each project of the 2025 list has one story:

    - MOVED: a milestone moved later twice (+10 days, then +20), another moved earlier (not a move later);
    - EARLIER: its only milestone moved earlier;
    - ON-BASE: done on its baseline date; DAY-AFTER: done a day after it (green both);
    - LATE-MOVED: moved 20 days later, then done on the new plan (green, yet 20 days after its baseline);
    - RED-MOVED: red, its plan moved 20 days later; RED: red, never moved;
    - EXEMPT: an exempt milestone done late after a move (counts nowhere).
    """
    projects = {
        "MOVED": make_project(unit_a, code="MOVED", milestones=[(days(10), None), (days(10), None)]),
        "EARLIER": make_project(unit_a, code="EARLIER", milestones=[(days(10), None)]),
        "ON-BASE": make_project(unit_a, code="ON-BASE", milestones=[(days(-10), days(-10))]),
        "DAY-AFTER": make_project(unit_b, code="DAY-AFTER", milestones=[(days(-10), days(-9))]),
        "LATE-MOVED": make_project(unit_b, code="LATE-MOVED", milestones=[(days(-30), None)]),
        "RED-MOVED": make_project(unit_b, code="RED-MOVED", milestones=[(days(-60), None)]),
        "RED": make_project(unit_b, code="RED", milestones=[(days(-50), None)]),
        "EXEMPT": make_project(unit_a, code="EXEMPT", milestones=[(days(-30), None), (days(-60), days(-60))]),
    }
    moved, earlier = first(projects["MOVED"]), first(projects["MOVED"], 2)
    move_plan(moved, days(20), on=days(-5))
    move_plan(moved, days(40), on=days(-3))
    move_plan(earlier, days(5), on=days(-3))
    move_plan(first(projects["EARLIER"]), days(5), on=days(-3))
    late = move_plan(first(projects["LATE-MOVED"]), days(-10), on=days(-40))
    Milestone.objects.filter(pk=late.pk).update(actual_date=days(-10))
    move_plan(first(projects["RED-MOVED"]), days(-40), on=days(-70))
    exempt = move_plan(first(projects["EXEMPT"]), days(-10), on=days(-40))
    Milestone.objects.filter(pk=exempt.pk).update(actual_date=days(-5), is_exempt=True, exempt_reason="政策调整")
    return projects


def list_rows(response):
    return {row.record.project.code: row.record for row in response.context["table"].paginated_rows}


def marks(row):
    return [(mark.key, mark.label, mark.title) for mark in row.accountability]


def test_the_list_marks_moves_later_with_their_count_and_days(world, client_for):
    rows = list_rows(client_for("staff_a").get(f"/projects/?{QUERY}"))
    assert marks(rows["MOVED"]) == [("plan-moved", "调整计划 2 次", "节点计划推迟 2 次，共 30 天（相对基线计划）")]
    assert marks(rows["EARLIER"]) == []  # moved earlier: not a move
    assert marks(rows["RED"]) == []
    assert marks(rows["EXEMPT"]) == []  # an exempt milestone counts nowhere


def test_the_list_marks_late_done_against_the_baseline_while_green(world, client_for):
    rows = list_rows(client_for("staff_a").get(f"/projects/?{QUERY}"))
    assert marks(rows["ON-BASE"]) == []  # done on the baseline date
    assert rows["DAY-AFTER"].status == "green"
    assert marks(rows["DAY-AFTER"]) == [("late-done", "逾期完成 1 天", "1 个节点晚于基线计划完成，最多晚 1 天")]
    assert rows["LATE-MOVED"].status == "green"  # done on its (moved) plan
    assert [label for _key, label, _title in marks(rows["LATE-MOVED"])] == ["调整计划 1 次", "逾期完成 20 天"]


def test_the_list_shows_the_markers_beside_the_color(world, client_for):
    html = client_for("staff_a").get(f"/projects/?{QUERY}").content.decode()
    title = "节点计划推迟 2 次，共 30 天（相对基线计划）"
    assert f'<span class="marker plan-moved" title="{title}">调整计划 2 次</span>' in html
    assert '<span class="marker late-done" title="1 个节点晚于基线计划完成，最多晚 1 天">逾期完成 1 天</span>' in html


def test_the_markers_read_as_of_the_date(world, client_for):
    client = client_for("staff_a")
    rows = list_rows(client.get("/projects/?year=2025&as_of=2025-06-26"))  # the second move was made on 06-27
    assert marks(rows["MOVED"])[0][1] == "调整计划 1 次"
    rows = list_rows(client.get("/projects/?year=2025&as_of=2025-06-20"))  # DAY-AFTER not done yet
    assert marks(rows["DAY-AFTER"]) == []


def test_the_list_filters_plan_moved_and_late_done(world, client_for):
    client = client_for("staff_a")
    response = client.get(f"/projects/?{QUERY}&plan=moved")
    assert set(list_rows(response)) == {"MOVED", "LATE-MOVED", "RED-MOVED"}
    assert response.context["total"] == 3  # the summary bar counts the filtered rows
    assert set(list_rows(client.get(f"/projects/?{QUERY}&late_done=1"))) == {"DAY-AFTER", "LATE-MOVED"}
    assert set(list_rows(client.get(f"/projects/?{QUERY}&late_done=1&plan=moved"))) == {"LATE-MOVED"}
    assert set(list_rows(client.get(f"/projects/?{QUERY}&plan=moved&status=red"))) == {"RED-MOVED"}
    assert set(list_rows(client.get("/projects/?year=2025&as_of=2025-06-20&late_done=1"))) == {"LATE-MOVED"}
    html = client.get(f"/projects/?{QUERY}").content.decode()
    assert '<select name="plan"' in html and '<option value="moved">计划推迟过</option>' in html
    assert '<select name="late_done"' in html and '<option value="1">晚于基线计划完成</option>' in html


@pytest.mark.parametrize(
    "page, query",
    [
        ("/projects/", "plan=later"),
        ("/projects/", "late_done=yes"),
        ("/projects/", "plan=moved&late_done=2"),
        ("/overdue/", "plan=1"),
    ],
)
def test_an_unknown_filter_value_is_an_error_not_a_crash(world, client_for, page, query):
    response = client_for("staff_a").get(f"{page}?{QUERY}&{query}")
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_the_overdue_list_marks_each_milestones_own_moves(world, client_for):
    client = client_for("staff_a")
    response = client.get(f"/overdue/?{QUERY}")
    rows = {row.record.project.code: row.record for row in response.context["table"].page.object_list}
    assert set(rows) == {"RED-MOVED", "RED"}
    assert marks(rows["RED-MOVED"]) == [("plan-moved", "调整计划 1 次", "基线计划 2025-05-01，计划推迟 1 次，共 20 天")]
    assert marks(rows["RED"]) == []
    assert 'class="marker plan-moved"' in response.content.decode()
    response = client.get(f"/overdue/?{QUERY}&plan=moved")
    assert [row.record.project.code for row in response.context["table"].page.object_list] == ["RED-MOVED"]
    assert response.context["total"] == 1
    assert '<option value="moved" selected>计划推迟过</option>' in response.content.decode()


def test_the_project_page_shows_each_milestones_markers_and_baseline(world, client_for):
    client = client_for("staff_b")
    response = client.get(f"/projects/{world['MOVED'].pk}/?as_of={AS_OF}")
    moved, earlier = response.context["milestones"]
    title = "基线计划 2025-07-10，计划推迟 2 次，共 30 天"
    assert marks(moved) == [("plan-moved", "调整计划（2 次，共 30 天）", title)]
    assert marks(earlier) == []
    html = response.content.decode()
    assert ">调整计划（2 次，共 30 天）</span>" in html and "2025-07-10" in html  # the baseline date is shown
    response = client.get(f"/projects/{world['LATE-MOVED'].pk}/?as_of={AS_OF}")
    (late,) = response.context["milestones"]
    assert late.status == "green"
    assert marks(late)[1] == ("late-done", "逾期完成 20 天", "基线计划 2025-05-31，实际 2025-06-20 完成")
    html = response.content.decode()
    assert "绿色 · 推进正常" in html and ">逾期完成 20 天</span>" in html
    (on_base,) = client.get(f"/projects/{world['ON-BASE'].pk}/?as_of={AS_OF}").context["milestones"]
    assert marks(on_base) == []
    (day_after,) = client.get(f"/projects/{world['DAY-AFTER'].pk}/?as_of={AS_OF}").context["milestones"]
    assert marks(day_after) == [("late-done", "逾期完成 1 天", "基线计划 2025-06-20，实际 2025-06-21 完成")]
    milestones = client.get(f"/projects/{world['EXEMPT'].pk}/?as_of={AS_OF}").context["milestones"]
    assert [marks(m) for m in milestones] == [[], []]


def test_the_markers_in_english(world, client_for):
    client = client_for("staff_a")
    client.cookies["django_language"] = "en"
    rows = list_rows(client.get(f"/projects/?{QUERY}"))
    assert [label for _k, label, _t in marks(rows["LATE-MOVED"])] == ["Plan moved 1×", "Done 20 days late"]
    assert marks(rows["DAY-AFTER"])[0][1] == "Done 1 day late"
    (moved, _earlier) = client.get(f"/projects/{world['MOVED'].pk}/?as_of={AS_OF}").context["milestones"]
    assert marks(moved)[0][1:] == (
        "Plan moved (2×, 30 days in all)",
        "Baseline 2025-07-10; plan moved later 2×, 30 days in all",
    )


# --- exports ------------------------------------------------------------------------------------------------


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def sheet_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_list_workbook_carries_the_projects_and_the_milestones_accountability(world, client_for):
    data = download(client_for("manager"), f"/projects/export/xlsx/?{QUERY}")
    book = openpyxl.load_workbook(io.BytesIO(data))
    projects = {row["项目编号"]: row for row in sheet_dicts(list(book["项目"].iter_rows(values_only=True)))}
    columns = ("调整计划次数", "调整计划天数", "逾期完成节点数", "逾期完成最多天数")
    figures = {code: tuple(row[c] for c in columns) for code, row in projects.items()}
    assert figures["MOVED"] == (2, 30, 0, None)
    assert figures["LATE-MOVED"] == (1, 20, 1, 20)
    assert figures["DAY-AFTER"] == (0, 0, 1, 1)
    assert figures["ON-BASE"] == figures["EARLIER"] == figures["EXEMPT"] == (0, 0, 0, None)
    milestones = sheet_dicts(list(book["节点"].iter_rows(values_only=True)))
    columns = ("节点状态", "基线计划时间", "调整计划次数", "调整计划天数", "逾期完成天数")
    figures = {(row["项目编号"], row["序号"]): tuple(row[c] for c in columns) for row in milestones}
    assert figures["MOVED", 1] == ("绿色 · 推进正常", dt.datetime(2025, 7, 10), 2, 30, None)
    assert figures["MOVED", 2] == ("绿色 · 推进正常", dt.datetime(2025, 7, 10), 0, 0, None)  # moved earlier
    assert figures["LATE-MOVED", 1] == ("绿色 · 推进正常", dt.datetime(2025, 5, 31), 1, 20, 20)
    assert figures["ON-BASE", 1][2:] == (0, 0, None)
    assert figures["DAY-AFTER", 1][2:] == (0, 0, 1)
    assert figures["EXEMPT", 1][2:] == (None, None, None)  # exempt: counts nowhere


def test_the_list_csv_carries_the_columns_and_the_filters(world, client_for):
    data = download(client_for("manager"), f"/projects/export/csv/?{QUERY}&plan=moved")
    rows = sheet_dicts(list(csv.reader(io.StringIO(data.decode("utf-8-sig")))))
    columns = ("调整计划次数", "调整计划天数", "逾期完成节点数", "逾期完成最多天数")
    assert {row["项目编号"]: tuple(row[c] for c in columns) for row in rows} == {
        "MOVED": ("2", "30", "0", ""),
        "LATE-MOVED": ("1", "20", "1", "20"),
        "RED-MOVED": ("1", "20", "0", ""),
    }
    data = download(client_for("manager"), f"/projects/export/csv/?{QUERY}&late_done=1")
    assert {row["项目编号"] for row in sheet_dicts(list(csv.reader(io.StringIO(data.decode("utf-8-sig")))))} == {
        "DAY-AFTER",
        "LATE-MOVED",
    }


def test_the_exported_workbook_imports_back_unchanged(world, client_for, users):
    data = download(client_for("manager"), f"/projects/export/xlsx/?{QUERY}")
    before = row_counts()
    result = run(data, "export.xlsx", user=users["manager"])
    assert result.ok, result.errors
    assert not result.warnings  # the accountability columns are the export's own: ignored without a warning
    assert [sheet.updated for sheet in result.sheets.values()] == [0, 0, 0]
    assert row_counts() == before


def test_the_overdue_exports_carry_the_baseline_and_the_moves(world, client_for):
    client = client_for("manager")
    book = openpyxl.load_workbook(io.BytesIO(download(client, f"/overdue/export.xlsx?{QUERY}")))
    sheet = book.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]  # row 1: the title
    by_code = {row["项目编号"]: row for row in sheet_dicts(rows)}
    columns = ("基线计划时间", "调整计划次数", "调整计划天数")
    assert tuple(by_code["RED-MOVED"][c] for c in columns) == (dt.datetime(2025, 5, 1), 1, 20)
    assert tuple(by_code["RED"][c] for c in columns) == (dt.datetime(2025, 5, 11), 0, 0)
    data = download(client, f"/overdue/export.csv?{QUERY}&plan=moved")
    rows = sheet_dicts(list(csv.reader(io.StringIO(data.decode("utf-8-sig")))))
    assert [(row["项目编号"], *(row[c] for c in columns)) for row in rows] == [("RED-MOVED", "2025-05-01", "1", "20")]


def test_the_overdue_export_in_english(world, client_for):
    client = client_for("manager")
    client.cookies["django_language"] = "en"
    data = download(client, f"/overdue/export.csv?{QUERY}")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[-3:] == ["Baseline date", "Plan moves", "Days moved"]
