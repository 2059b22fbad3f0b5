"""`manage.py project_status`: every project of a year's list with its status as of a date."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)
HEADER = ["code", "name", "batch", "lead_unit", "status", "red", "yellow", "green", "blue"]


def days(n):
    return AS_OF + dt.timedelta(days=n)


def run(*args, **options):
    out = io.StringIO()
    call_command("project_status", *args, stdout=out, **options)
    return out.getvalue()


def run_csv(**options):
    text = run(format="csv", **options)
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}, [r[0] for r in rows[1:]]


@pytest.fixture
def listed(db):
    a = make_unit("重庆高新区管委会建设局", "建设局")
    b = make_unit("重庆高新区金凤镇", "金凤镇")
    # Created out of code order on purpose: the output must be ordered by code.
    make_project(
        b,
        code="P3",
        name="金凤隧道, 配套",
        batch="start",
        milestones=[(days(-5), None), (days(-40), days(-41)), (days(20), None)],
    )
    make_project(
        a,
        code="P1",
        name="科学大道二期",
        batch="ongoing",
        # red (40 days late), yellow (3 days late), green (done on time), exempt (counts nowhere)
        milestones=[(days(-40), None), (days(-3), None), (days(-60), days(-60)), (days(-100), None, True)],
    )
    make_project(a, code="P2", name="科学会堂", batch="in_use", milestones=[(days(0), days(-35))])
    make_project(b, code="P4", name="嘉陵江实验室", batch="reserve")
    make_project(a, code="P9", name="去年的项目", year=2024, batch="ongoing", milestones=[(days(-400), None)])


def test_csv_header_order_and_values(listed):
    header, rows, order = run_csv(year="2025", as_of="2025-06-30")
    assert header == HEADER
    assert order == ["P1", "P2", "P3", "P4"]
    assert rows["P1"] == {
        "code": "P1",
        "name": "科学大道二期",
        "batch": "ongoing",
        "lead_unit": "重庆高新区管委会建设局",
        "status": "red",
        "red": "1",
        "yellow": "1",
        "green": "1",
        "blue": "0",
    }
    assert (rows["P2"]["batch"], rows["P2"]["status"], rows["P2"]["blue"]) == ("in_use", "blue", "1")
    assert rows["P3"]["name"] == "金凤隧道, 配套"  # quoted by the csv module, read back intact
    assert (rows["P3"]["batch"], rows["P3"]["lead_unit"], rows["P3"]["status"]) == (
        "start",
        "重庆高新区金凤镇",
        "yellow",
    )
    assert [rows["P3"][c] for c in ("red", "yellow", "green", "blue")] == ["0", "1", "2", "0"]
    assert (rows["P4"]["batch"], rows["P4"]["status"]) == ("reserve", "none")


def test_as_of_date_changes_the_status(listed):
    _h, rows, _o = run_csv(year=2025, as_of="2025-06-01")
    # 1 June: P1's worst milestone (planned 21 May) is 11 days late, not yet 31.
    assert (rows["P1"]["status"], rows["P1"]["red"], rows["P1"]["yellow"], rows["P1"]["green"]) == (
        "yellow",
        "0",
        "1",
        "2",
    )
    assert rows["P2"]["status"] == "blue"
    _h, rows, _o = run_csv(year=2025, as_of="2025-05-01")
    # 1 May: P2's milestone done on 26 May is still open as of then, and not yet due.
    assert (rows["P1"]["status"], rows["P2"]["status"], rows["P2"]["blue"]) == ("green", "green", "0")


def test_other_year_lists_only_its_own_projects(listed):
    _h, rows, order = run_csv(year=2024, as_of="2025-06-30")
    assert order == ["P9"]
    assert rows["P9"]["status"] == "red"


@time_machine.travel(dt.datetime(2025, 6, 30, 10, tzinfo=dt.UTC), tick=False)
def test_as_of_defaults_to_today(listed):
    assert run_csv(year=2025) == run_csv(year=2025, as_of="2025-06-30")
    assert run_csv(year=2025) != run_csv(year=2025, as_of="2025-05-01")


def test_table_shows_labels_and_explanations(listed):
    text = run(year=2025, as_of="2025-06-30")
    assert "截至 2025-06-30，共 4 个项目" in text
    lines = text.splitlines()
    assert lines[1].split()[:5] == ["项目编号", "项目名称", "批次", "牵头单位", "进度状态"]
    p1 = next(line for line in lines if line.startswith("P1 "))
    assert "在建" in p1 and "红色 · 滞后督办" in p1 and "逾期 40 天（≥31 天为红色）" in p1
    assert "没有需要评估的节点" in next(line for line in lines if line.startswith("P4 "))


def test_empty_year_prints_only_the_header(listed):
    header, rows, _o = run_csv(year=2030, as_of="2030-01-01")
    assert header == HEADER and rows == {}


def test_one_query_for_the_rows(listed, django_assert_num_queries):
    with django_assert_num_queries(1):
        run(format="csv", year=2025, as_of="2025-06-30")
    with django_assert_num_queries(2):  # and the milestones that explain the statuses
        run(year=2025, as_of="2025-06-30")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": "20x5"}, "无效的年度「20x5」"),
        ({"year": "1999"}, "无效的年度「1999」"),
        ({"year": "2025", "as_of": "2025-13-01"}, "无效的截止日期「2025-13-01」"),
        ({"year": "2025", "as_of": "30/06/2025"}, "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_a_clear_error(db, options, message):
    with pytest.raises(CommandError, match=message):
        run(**options)


def test_year_is_required(db):
    with pytest.raises(CommandError, match="--year"):
        run()


def test_bad_format_is_refused(db):
    with pytest.raises(CommandError, match="format"):
        run("--year", "2025", "--format", "xml")


def test_csv_writes_a_name_like_a_formula_as_text(db):
    make_project(make_unit("=单位", "=单位"), code="F1", name='=HYPERLINK("http://x","y")', year=2025)
    _header, rows, _order = run_csv(year="2025", as_of="2025-06-30")
    assert rows["F1"]["name"] == '\'=HYPERLINK("http://x","y")' and rows["F1"]["lead_unit"] == "'=单位"
