"""The overdue list: red and yellow milestones of a year's list as of a date, filters, order, exports."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)


def ago(days):
    return AS_OF - dt.timedelta(days=days)


@pytest.fixture
def data(db):
    a, b, c = make_unit("甲局", "甲局"), make_unit("乙镇", "乙镇"), make_unit("丙园", "丙园")
    p1 = make_project(
        a,
        code="P1",
        name="科学大道",
        batch="start",
        milestones=[
            {"planned_date": ago(40), "unit": b},  # red, 40 days, the milestone's unit is 乙镇
            (ago(5), None),  # yellow, 5 days
            (ago(60), ago(50)),  # done late: green, not listed
        ],
    )
    p2 = make_project(b, code="P2", name="金凤隧道", batch="ongoing", milestones=[(ago(12), None)])  # yellow 12
    make_project(c, code="P3", name="往年项目", year=2024, milestones=[(ago(90), None)])  # not in the 2025 list
    make_project(
        c,
        code="P4",
        name="储能电站",
        batch="ongoing",
        milestones=[(ago(100), None, True), (ago(10), AS_OF), (AS_OF, None), (AS_OF + dt.timedelta(days=3), None)],
    )
    return {"a": a, "b": b, "c": c, "p1": p1, "p2": p2}


def records(response):
    return [row.record for row in response.context["table"].page.object_list]


def rows(client, params=""):
    response = client.get(f"/overdue/?year=2025&as_of={AS_OF}&{params}")
    assert response.status_code == 200
    return [(m.project.code, m.days_overdue, m.status) for m in records(response)]


@pytest.fixture
def manager(client_for):
    return client_for("manager")


def test_lists_red_and_yellow_milestones_worst_first(data, manager):
    assert rows(manager) == [("P1", 40, "red"), ("P2", 12, "yellow"), ("P1", 5, "yellow")]


def test_each_filter_narrows(data, manager):
    b = data["b"]
    assert rows(manager, "color=red") == [("P1", 40, "red")]
    assert rows(manager, "color=yellow") == [("P2", 12, "yellow"), ("P1", 5, "yellow")]
    # The milestone's unit (P1's red milestone is 乙镇's) or the project's lead unit (P2).
    assert rows(manager, f"unit={b.pk}") == [("P1", 40, "red"), ("P2", 12, "yellow")]
    assert rows(manager, f"unit={data['a'].pk}") == [("P1", 40, "red"), ("P1", 5, "yellow")]
    assert rows(manager, "batch=start") == [("P1", 40, "red"), ("P1", 5, "yellow")]
    assert rows(manager, "min_days=12") == [("P1", 40, "red"), ("P2", 12, "yellow")]
    assert rows(manager, "color=yellow&batch=ongoing") == [("P2", 12, "yellow")]


def test_the_unit_filter_offers_every_unit_in_order_and_keeps_the_choice(data, manager):
    from projects.models import Unit

    page = manager.get(f"/overdue/?year=2025&as_of={AS_OF}&unit={data['b'].pk}").content.decode()
    start = page.index('<select name="unit"')
    options = re.findall(
        r'<option value="([^"]*)"( selected)?>([^<]*)</option>', page[start : page.index("</select>", start)]
    )
    assert options[0] == ("", "", "全部")
    assert [(value, name) for value, _, name in options[1:]] == [(str(u.pk), str(u)) for u in Unit.objects.all()]
    assert [name for _, selected, name in options if selected] == ["乙镇"]


def test_year_selects_that_years_list(data, manager):
    response = manager.get(f"/overdue/?year=2024&as_of={AS_OF}")
    assert [m.project.code for m in records(response)] == ["P3"]


@time_machine.travel(dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC), tick=False)
def test_defaults_are_this_year_and_today(data, manager):
    response = manager.get("/overdue/")
    assert [(m.project.code, m.days_overdue) for m in records(response)] == [
        ("P1", 40),
        ("P2", 12),
        ("P1", 5),
    ]
    page = response.content.decode()
    assert 'value="2025-06-30"' in page and 'value="2025"' in page


def test_as_of_date_changes_colors_and_days(data, manager):
    earlier = AS_OF - dt.timedelta(days=20)
    response = manager.get(f"/overdue/?year=2025&as_of={earlier}")
    got = [(m.project.code, m.days_overdue, m.status) for m in records(response)]
    assert got == [("P1", 20, "yellow")]  # 40 days overdue on 30 June is 20 days on 10 June: yellow


def test_page_shows_labels_explanations_and_links(data, manager):
    page = manager.get(f"/overdue/?year=2025&as_of={AS_OF}").content.decode()
    page = page.replace('<span class="nw">', "").replace("</span>", "")  # text as read, without its nowrap spans
    assert '<span class="badge red">红色 · 滞后督办' in page
    assert '<span class="badge yellow">黄色 · 超期预警' in page
    assert f'href="/projects/{data["p1"].pk}/"' in page
    assert "逾期 40 天" in page
    assert "乙镇" in page and "开工" in page  # responsible unit, batch label
    assert "共 3 个逾期节点" in page


def test_invalid_filters_show_errors_and_fall_back(data, manager):
    response = manager.get("/overdue/?year=2025&as_of=not-a-date&min_days=x")
    assert response.status_code == 200
    assert response.context["filter"].errors


@pytest.mark.parametrize("bad", ["color=purple", "min_days=abc", "unit=999999", "unit=abc"])
def test_an_invalid_filter_lists_nothing_and_counts_nothing(data, manager, bad):
    response = manager.get(f"/overdue/?year=2025&as_of={AS_OF}&{bad}")
    assert response.context["filter"].errors
    assert response.context["table"].paginator.count == 0
    assert response.context["total"] == 0 and [c["count"] for c in response.context["color_counts"]] == [0, 0]


def test_paginated(db, manager):
    unit = make_unit()
    for i in range(60):
        make_project(unit, code=f"Q{i:03d}", milestones=[(ago(10 + i), None)])
    response = manager.get(f"/overdue/?year=2025&as_of={AS_OF}")
    table = response.context["table"]
    assert table.paginator.count == 60 and len(table.page.object_list) == 50
    assert table.page.object_list.data[0].days_overdue == 69  # worst first
    second = manager.get(f"/overdue/?year=2025&as_of={AS_OF}&page=2").context["table"]
    assert len(second.page.object_list) == 10


def test_xlsx_export_writes_a_name_like_a_formula_as_text(db, manager):
    make_project(make_unit(), code="F1", name='=HYPERLINK("http://x","y")', milestones=[(ago(40), None)])
    response = manager.get(f"/overdue/export.xlsx?year=2025&as_of={AS_OF}")
    cell = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active.cell(row=3, column=2)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_xlsx_export_keeps_filters_and_labels_colors(data, manager):
    response = manager.get(f"/overdue/export.xlsx?year=2025&as_of={AS_OF}&color=red")
    assert response.status_code == 200
    # 逾期督办_2025_截至2025-06-30.xlsx
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%80%BE%E6%9C%9F%E7%9D%A3%E5%8A%9E_2025_%E6%88%AA%E8%87%B32025-06-30.xlsx"
    )
    ws = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(values) == 1
    row = values[0]
    assert row[:6] == ["P1", "科学大道", "开工", "甲局", "乙镇", "节点1"]
    assert row[6].date() == ago(40) and row[7] == 40 and row[8] == "红色 · 滞后督办"
    assert row[9] == "未按时填报"  # 月报填报: no report of June, due on 06-25
    assert "逾期 40 天" in row[10]
    status_cell = ws.cell(row=3, column=9)
    assert status_cell.fill.fgColor.rgb.endswith("F4B6B6")  # the same fill as the list export


def test_xlsx_export_all_rows(data, manager):
    response = manager.get(f"/overdue/export.xlsx?year=2025&as_of={AS_OF}")
    ws = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert [(r[0].value, r[7].value) for r in ws.iter_rows(min_row=3)] == [("P1", 40), ("P2", 12), ("P1", 5)]
    assert ws.cell(row=4, column=9).value == "黄色 · 超期预警"


def test_csv_export_keeps_filters(data, manager):
    response = manager.get(f"/overdue/export.csv?year=2025&as_of={AS_OF}&batch=ongoing")
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0][:3] == ["项目编号", "项目名称", "批次"]
    assert [line[:11] for line in lines[1:]] == [
        [
            "P2",
            "金凤隧道",
            "在建",
            "乙镇",
            "乙镇",
            "节点1",
            ago(12).isoformat(),
            "12",
            "黄色 · 超期预警",
            "未按时填报",
            lines[1][10],
        ]
    ]
    assert "逾期 12 天" in lines[1][10]


def test_export_in_english(data, client_for):
    client = client_for("staff_b")
    client.cookies["django_language"] = "en"
    text = client.get(f"/overdue/export.csv?year=2025&as_of={AS_OF}&color=red").getvalue().decode()
    assert text.splitlines()[0].startswith("\ufeffCode,Project name,Batch,Lead unit")
    assert "Red · lagging, supervised" in text


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _make_many(n, unit):
    for i in range(n):
        make_project(unit, milestones=[(ago(5 + i % 50), None), (ago(40 + i), None, i % 3 == 0)])


@pytest.mark.parametrize("url", ["/overdue/", "/overdue/export.xlsx", "/overdue/export.csv"])
def test_query_count_does_not_grow_with_projects(db, manager, url):
    url += f"?year=2025&as_of={AS_OF}"
    unit = make_unit()
    _make_many(10, unit)
    small = _count_queries(manager, url)
    _make_many(190, unit)
    large = _count_queries(manager, url)
    assert small == large
    # The page, the bell and the 我的待办 badge of the navigation (3 for a manager: it counts orders).
    expected = {"/overdue/": 11, "/overdue/export.xlsx": 3, "/overdue/export.csv": 3}[url.split("?")[0]]
    assert large == expected


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "manager", "admin"])
@pytest.mark.parametrize("lang,text", [("zh-hans", "逾期督办"), ("en", "Overdue")])
def test_renders_for_every_persona_in_both_languages(data, client_for, persona, lang, text):
    client = client_for(persona)
    client.cookies["django_language"] = lang
    page = client.get(f"/overdue/?year=2025&as_of={AS_OF}").content.decode()
    assert f'lang="{lang}"' in page
    assert f"<h1>{text}</h1>" in page
