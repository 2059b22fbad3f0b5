"""Indicator pages through HTTP: list, filters, detail chart, value and target entry, export, admin, demo."""

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from indicators.models import Indicator, Target, Value
from projects.models import ProgressReport
from tests.conftest import PERSONAS
from tests.factories import make_project
from tests.indicator_factories import add_value, make_indicator, set_target

pytestmark = pytest.mark.django_db
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.fixture
def board(unit_a, unit_b):
    """Five indicators as of 2025 1–6月, one per color."""
    made = {}
    for code, actual, unit in [
        ("red", "1", unit_a),
        ("yellow", "6", unit_a),
        ("green", "7", unit_b),
        ("blue", "9.5", unit_b),
    ]:
        made[code] = make_indicator("growth", unit=unit, code=code, name=f"指标{code}")
        set_target(made[code], "7")
        add_value(made[code], 6, growth=actual)
    made["amount"] = make_indicator("amount", unit=unit_a, code="amount", name="年度投资", decimals=0)
    set_target(made["amount"], "620")
    add_value(made["amount"], 6, value_cum="318")
    return made


@pytest.mark.parametrize("persona", LOGGED_IN)
@pytest.mark.parametrize(
    "language,words",
    [
        ("zh-hans", ["经济指标", "红色 · 未达标", "序时进度"]),
        ("en", ["Indicators", "Red · off target", "Time progress"]),
    ],
)
def test_list_and_detail_render_for_every_persona_in_both_languages(board, client_for, persona, language, words):
    client = client_for(persona)
    client.cookies["django_language"] = language
    page = client.get("/indicators/?year=2025&period=6").content.decode()
    for word in words:
        assert word in page
    detail = client.get(f"/indicators/{board['amount'].pk}/?year=2025").content.decode()
    assert "<svg" in detail and "<script" not in detail


def test_list_shows_target_latest_value_completion_progress_and_labelled_status(board, client_for):
    page = client_for("staff_a").get("/indicators/?year=2025&period=6").content.decode()
    assert "620亿元 以上" in page
    assert "318亿元" in page and "51.3%" in page and "50.0%" in page
    assert '<span class="badge blue">蓝色 · 超额</span>' in page
    text = page.replace('<span class="nw">', "").replace("</span>", "")  # without the nowrap spans
    assert "1–6月累计 318亿元，完成年度目标 51.3%，序时进度 50.0%，快 1.3 个百分点" in text


def test_list_filters_by_status_group_unit_and_period(board, client_for, unit_b):
    client = client_for("manager")
    rows = client.get("/indicators/?year=2025&period=6&status=red").context["table"].rows
    assert [r.record.code for r in rows] == ["red"]
    rows = client.get(f"/indicators/?year=2025&period=6&unit={unit_b.pk}").context["table"].rows
    assert sorted(r.record.code for r in rows) == ["blue", "green"]
    rows = client.get("/indicators/?year=2025&period=5&status=none").context["table"].rows
    assert len(rows) == 5  # nothing reported by 1–5月
    rows = client.get("/indicators/?year=2025&period=6&group=investment").context["table"].rows
    assert len(rows) == 0


def test_list_defaults_to_the_latest_year_with_targets(board, client_for):
    response = client_for("staff_a").get("/indicators/")
    assert response.context["year"] == 2025  # targets only for 2025; "today" is later
    assert response.context["period"] == 12
    form = response.context["filter"].form  # the boxes show the year and period used, not blanks
    assert form["year"].value() == "2025" and form["period"].value() == "12"
    page = response.content.decode()
    assert 'name="year" value="2025"' in page and '<option value="12" selected>' in page


def test_list_form_keeps_a_given_period_and_defaults_only_the_year(board, client_for):
    response = client_for("staff_a").get("/indicators/?period=6&status=red")
    assert (response.context["year"], response.context["period"]) == (2025, 6)
    form = response.context["filter"].form
    assert (form["year"].value(), form["period"].value(), form["status"].value()) == ("2025", "6", "red")
    assert [r.record.code for r in response.context["table"].rows] == ["red"]


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/indicators/?year=2025&period=6").status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_the_number_of_indicators(client_for, unit_a):
    client = client_for("manager")
    for n in range(5):
        ind = make_indicator("amount", unit=unit_a)
        set_target(ind, "100")
        add_value(ind, 6, value_cum=n * 10)
    few = _list_queries(client)
    for n in range(45):
        ind = make_indicator("growth", unit=unit_a)
        set_target(ind, "5")
        add_value(ind, 3, growth=n / 10)
    assert _list_queries(client) == few
    # session, user, permissions (2, navigation), the bell, the 我的待办 badge (3 for a manager: it counts orders),
    # count, unit choices, the page
    assert few == 11


def test_detail_shows_the_monthly_series_against_time_progress(board, client_for):
    add_value(board["amount"], 3, value_cum="150")
    response = client_for("staff_b").get(f"/indicators/{board['amount'].pk}/?year=2025")
    points = response.context["points"]
    assert [p.period_month for p in points] == [3, 6]
    assert [p.status for p in points] == ["green", "green"]
    page = response.content.decode()
    assert "<polyline" in page and "1–3月" in page and "24.2%" in page  # 150 / 620


def test_staff_enter_a_value_and_correct_it_with_history(board, client_for, users):
    client = client_for("staff_a")
    ind = board["red"]
    url = f"/indicators/{ind.pk}/value/"
    response = client.post(url, {"year": 2025, "month": 9, "growth_yoy": "5.5", "note": "统计局初值"})
    assert response.status_code == 302
    value = Value.objects.get(indicator=ind, year=2025, month=9)
    assert value.growth_yoy == Decimal("5.5") and value.reported_by == users["staff_a"]
    # The same period again without the version it corrects: refused, current figures loaded.
    response = client.post(url, {"year": 2025, "month": 9, "growth_yoy": "6.0"})
    assert response.status_code == 200
    assert "该期数据已有人填报" in response.content.decode()
    assert response.context["form"].initial["version"] == 1
    value.refresh_from_db()
    assert value.growth_yoy == Decimal("5.5")
    # A correction with the version seen: saved, history keeps both.
    response = client.post(url, {"year": 2025, "month": 9, "growth_yoy": "6.0", "version": 1, "version_of": "2025-9"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.growth_yoy == Decimal("6.0") and value.version == 2
    assert [h.growth_yoy for h in value.history.order_by("history_date")] == [Decimal("5.5"), Decimal("6.0")]
    # A stale version: refused.
    response = client.post(
        url, {"year": 2025, "month": 9, "growth_yoy": "7.0", "note": "第二次", "version": 1, "version_of": "2025-9"}
    )
    assert response.content.decode().count("已被他人修改") == 1  # above the current figures, once
    assert response.context["form"].initial["growth_yoy"] == Decimal("6.0") and not response.context["form"].is_bound
    # What the user entered is listed beside them, as they read it.
    assert response.context["refused_input"] == [
        ("年度", 2025),
        ("截止月份", "1–9月"),
        ("累计同比增长（%）", Decimal("7.0")),
        ("备注", "第二次"),
    ]
    assert "第二次" in response.content.decode()
    value.refresh_from_db()
    assert value.growth_yoy == Decimal("6.0")


def test_value_entry_refuses_bad_input_with_field_errors(board, client_for):
    client = client_for("staff_a")
    quarterly = make_indicator("growth", unit=board["red"].responsible_unit, frequency="quarterly")
    response = client.post(f"/indicators/{quarterly.pk}/value/", {"year": 2025, "month": 5, "growth_yoy": "5"})
    assert response.status_code == 200 and response.context["form"].errors["month"]
    response = client.post(f"/indicators/{board['red'].pk}/value/", {"year": 2025, "month": 1, "growth_yoy": "5"})
    assert response.context["form"].errors["month"]  # January is merged into 1–2月
    response = client.post(f"/indicators/{board['red'].pk}/value/", {"year": 2025, "month": 3})
    assert "累计值和累计同比增长至少填写一项" in response.content.decode()
    assert not Value.objects.filter(month__in=[1, 3, 5]).exists()


def test_a_period_ending_in_a_month_not_yet_begun_is_refused(board, client_for):
    """As for project reports: on 28 November, 1–12月 has not ended (nor begun its last month); 1–11月 may be filed."""
    url = f"/indicators/{board['red'].pk}/value/"
    with time_machine.travel(dt.datetime(2025, 11, 28, 10, tzinfo=dt.UTC), tick=False):
        response = client_for("staff_a").post(url, {"year": 2025, "month": 12, "growth_yoy": "5"})
        assert "不能填报尚未开始的月份" in response.context["form"].errors["month"]
        assert client_for("staff_a").post(url, {"year": 2025, "month": 11, "growth_yoy": "5"}).status_code == 302
    assert list(Value.objects.filter(indicator=board["red"]).values_list("month", flat=True).order_by("month")) == [
        6,
        11,
    ]


def test_the_chart_caption_names_what_the_line_plots(board, client_for):
    client = client_for("manager")
    growth = client.get(f"/indicators/{board['red'].pk}/?year=2025").content.decode()
    assert "实线：累计同比增长（%）；虚线：年度目标" in growth
    amount = client.get(f"/indicators/{board['amount'].pk}/?year=2025").content.decode()
    assert "实线：完成年度目标的百分比；虚线：序时进度。圆点的颜色是该期的状态（悬停可见）。" in amount
    client.cookies["django_language"] = "en"
    amount = client.get(f"/indicators/{board['amount'].pk}/?year=2025").content.decode()
    assert "dashed line: time progress. A dot's color" in amount


def test_a_target_reads_the_same_on_the_list_and_the_detail_page(board, client_for):
    client = client_for("manager")
    listed = client.get("/indicators/?year=2025").content.decode()
    detail = client.get(f"/indicators/{board['amount'].pk}/?year=2025").content.decode()
    assert "620亿元 以上" in listed and "620亿元 以上" in detail  # the indicator shows no decimals
    assert "620.00" not in detail
    client.cookies["django_language"] = "en"  # the comparator reads first in English
    listed = client.get("/indicators/?year=2025").content.decode()
    detail = client.get(f"/indicators/{board['amount'].pk}/?year=2025").content.decode()
    assert "at least 620亿元" in listed and "at least 620亿元" in detail
    assert '<th class="num">Cumulative YoY growth (%)</th>' in detail


def test_derived_indicator_refuses_manual_values_and_follows_the_projects(client_for, unit_a):
    derived = make_indicator("amount", unit=unit_a, derived_from_projects=True, code="invest")
    set_target(derived, "1")
    project = make_project(lead_unit=unit_a, year=2025)
    ProgressReport.objects.create(project=project, year=2025, month=2, investment_completed=2000)
    ProgressReport.objects.create(project=project, year=2025, month=4, investment_completed=3000)
    client = client_for("manager")
    response = client.post(f"/indicators/{derived.pk}/value/", {"year": 2025, "month": 6, "value_cum": "999"})
    assert response.status_code == 403
    assert client.get(f"/indicators/{derived.pk}/value/").status_code == 403
    assert not Value.objects.filter(indicator=derived).exists()
    detail = client.get(f"/indicators/{derived.pk}/?year=2025")
    # Every period of the (past) year, a month without reports adding 0, as the list reads them.
    points = [(p.period_month, p.value_cum, p.status) for p in detail.context["points"]]
    assert [(m, v) for m, v, _s in points] == [(2, Decimal("0.2")), (3, Decimal("0.2"))] + [
        (m, Decimal("0.5")) for m in range(4, 13)
    ]
    assert detail.context["can_enter"] is False
    for month, value, status in points:
        row = client.get(f"/indicators/?year=2025&period={month}").context["table"].rows[0].record
        assert (row.period_month, row.value_cum, row.status) == (month, value, status)


def test_managers_set_targets_and_changes_are_kept(board, client_for):
    client = client_for("manager")
    url = f"/indicators/{board['green'].pk}/target/"
    assert client.post(url, {"year": 2026, "value": "6.5", "comparator": "about"}).status_code == 302
    page = client.get(url + "?year=2026")
    assert page.context["form"].initial["version"] == 1 and page.context["form"].initial["value"] == Decimal("6.5")
    assert '<input type="hidden" name="version" value="1"' in page.content.decode()
    assert "Version" not in page.content.decode()  # hidden, not a labelled field
    assert (
        client.post(
            url, {"year": 2026, "value": "7", "comparator": "gte", "version": 1, "version_of": "2026"}
        ).status_code
        == 302
    )
    target = Target.objects.get(indicator=board["green"], year=2026)
    assert (target.value, target.comparator, target.version) == (Decimal("7"), "gte", 2)
    assert target.history.count() == 2
    response = client.post(url, {"year": 2026, "value": "", "comparator": "gte"})
    assert response.status_code == 200 and response.context["form"].errors["value"]


def test_a_target_changed_meanwhile_is_not_overwritten(board, client_for):
    """Two managers open the same year's target; the second save is refused and shows the first one's target."""
    url = f"/indicators/{board['green'].pk}/target/"
    first, second = client_for("manager"), client_for("admin")
    assert (
        first.post(
            url, {"year": 2025, "value": "8", "comparator": "gte", "version": 1, "version_of": "2025"}
        ).status_code
        == 302
    )
    response = second.post(url, {"year": 2025, "value": "6", "comparator": "about", "version": 1, "version_of": "2025"})
    assert response.status_code == 200 and response.content.decode().count("已被他人修改") == 1
    assert response.context["form"].initial["value"] == Decimal("8")
    assert dict(response.context["refused_input"])["目标表述"] == "左右"  # the comparator's label, not its code
    response = second.post(url, {"year": 2025, "value": "6", "comparator": "about"})  # opened before any target
    assert response.status_code == 200 and "已有人设定" in response.content.decode()
    target = Target.objects.get(indicator=board["green"], year=2025)
    assert (target.value, target.version) == (Decimal("8"), 2)


@pytest.mark.parametrize("model", ["value", "target"])
def test_a_first_entry_inserted_by_someone_else_at_the_same_moment_is_refused_as_exists(
    board, users, monkeypatch, model
):
    """Between the check for an existing row and the insert another request may insert it: the database's unique
    constraint refuses ours, which is reported like a row found by the check (the view then shows that row)."""
    from django.db import IntegrityError

    from indicators import services
    from portal.access import StaleEdit

    cls = {"value": Value, "target": Target}[model]

    def insert_refused(self, *args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(cls, "save", insert_refused)
    with pytest.raises(StaleEdit) as refused:
        if model == "value":
            services.record_value(board["red"], users["staff_a"], year=2025, month=9, growth_yoy=Decimal("5"))
        else:
            services.set_target(board["red"], year=2024, value=Decimal("6"), comparator="gte")
    assert refused.value.created_meanwhile


def test_a_version_shown_for_one_period_does_not_apply_to_another_chosen_in_the_form(board, client_for):
    """Opened for one year (or month), saved for another that has its own entry: refused, that entry shown."""
    manager = client_for("manager")
    target_url = f"/indicators/{board['green'].pk}/target/"
    Target.objects.create(indicator=board["green"], year=2026, value=Decimal("9"))
    opened = manager.get(target_url + "?year=2025").context["form"].initial
    assert (opened["version"], opened["version_of"]) == (1, "2025")
    data = {"year": 2026, "value": "1", "comparator": "gte", "version": 1, "version_of": "2025"}
    response = manager.post(target_url, data)
    assert "已有人设定" in response.content.decode()
    assert Target.objects.get(indicator=board["green"], year=2026).value == Decimal("9")
    value_url = f"/indicators/{board['red'].pk}/value/"
    add_value(board["red"], 3, growth="2")
    opened = manager.get(value_url + "?year=2025&month=6").context["form"].initial
    assert (opened["version"], opened["version_of"]) == (1, "2025-6")
    response = manager.post(
        value_url, {"year": 2025, "month": 3, "growth_yoy": "9", "version": 1, "version_of": "2025-6"}
    )
    assert "已有人填报" in response.content.decode()
    assert Value.objects.get(indicator=board["red"], year=2025, month=3).growth_yoy == Decimal("2")


def test_export_xlsx_has_the_filtered_rows_with_labelled_status(board, client_for):
    response = client_for("staff_b").get("/indicators/export.xlsx?year=2025&period=6")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2025 年 1–6月 经济指标"
    assert rows[1][:3] == ("指标编码", "指标", "分组")
    by_code = {r[0]: r for r in rows[2:]}
    assert set(by_code) == {"red", "yellow", "green", "blue", "amount"}
    assert by_code["amount"][5] == 620 and by_code["amount"][8] == 318
    assert by_code["amount"][10] == 51.3 and by_code["amount"][11] == 50.0
    assert by_code["red"][12] == "红色 · 未达标"
    filtered = client_for("staff_b").get("/indicators/export.xlsx?year=2025&period=6&status=blue")
    codes = [r[0] for r in load_workbook(BytesIO(filtered.getvalue())).active.iter_rows(min_row=3, values_only=True)]
    assert codes == ["blue"]


def test_demo_loader_is_idempotent_and_shows_every_status(db):
    call_command("load_demo_indicators")
    counts = (Indicator.objects.count(), Target.objects.count(), Value.objects.count())
    call_command("load_demo_indicators")
    assert (Indicator.objects.count(), Target.objects.count(), Value.objects.count()) == counts
    assert Target.objects.get(indicator__code="annual_investment", year=2025).value == 620
    assert Value.objects.get(indicator__code="gdp_growth", year=2024, month=12).growth_yoy == Decimal("7.4")
    statuses = Indicator.objects.status_counts(2025, 6)
    assert all(statuses[c] > 0 for c in ("red", "yellow", "green", "blue", "none"))


@pytest.mark.parametrize("model", ["indicator", "target", "value"])
def test_admin_pages_render(board, client_for, model):
    client = client_for("admin")
    assert client.get(f"/admin/indicators/{model}/").status_code == 200
    obj = {"indicator": board["red"], "target": Target.objects.first(), "value": Value.objects.first()}[model]
    assert client.get(f"/admin/indicators/{model}/{obj.pk}/change/").status_code == 200
    assert client.get(f"/admin/indicators/{model}/add/").status_code == 200


def test_admin_correction_of_a_value_bumps_its_version_and_records_the_user(board, client_for, users):
    value = Value.objects.get(indicator=board["red"])
    response = client_for("admin").post(
        f"/admin/indicators/value/{value.pk}/change/",
        {"indicator": value.indicator_id, "year": 2025, "month": 6, "value_cum": "", "growth_yoy": "1.5", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    value.refresh_from_db()
    assert (value.growth_yoy, value.version, value.reported_by) == (Decimal("1.5"), 2, users["admin"])


def test_a_new_value_form_opens_on_the_period_to_fill(board, client_for):
    """The earliest begun period without a value; when all have one, the latest (loaded for correction); nothing
    for a year that has not begun."""
    client = client_for("staff_a")
    ind = board["red"]  # monthly, 2025 1–6月 entered
    add_value(ind, 2, growth="6")
    url = f"/indicators/{ind.pk}/value/"
    with time_machine.travel(dt.datetime(2025, 9, 15, 10, tzinfo=dt.UTC), tick=False):
        assert client.get(url, {"year": 2025}).context["form"].initial["month"] == 3  # 1–3月 was never entered
        for month in (3, 4, 5, 7, 8, 9):
            add_value(ind, month, growth="6")
        form = client.get(url, {"year": 2025}).context["form"]
        assert form.initial["month"] == 9 and form.initial["version"] == 1  # 1–9月, its figures to correct
        assert client.get(url, {"year": 2025, "month": 5}).context["form"].initial["month"] == 5  # as asked
        assert client.get(url, {"year": 2026}).context["form"].initial.get("month") is None


@pytest.mark.parametrize(
    "today,filled,expected",
    [
        (dt.date(2025, 2, 10), [], None),  # a period counts from its end month on: none by February
        (dt.date(2025, 3, 1), [], 3),
        (dt.date(2025, 8, 15), [], 3),  # the earliest begun quarter without a value
        (dt.date(2025, 8, 15), [3], 6),
        (dt.date(2025, 8, 15), [3, 6], 6),  # all begun quarters filled: the latest, to correct it
        (dt.date(2025, 9, 20), [3, 6], 9),
        (dt.date(2026, 1, 5), [3, 6, 9, 12], 12),  # a past year: its last quarter
        (dt.date(2025, 12, 31), [6, 9], 3),  # a gap early in the year comes first
    ],
)
def test_a_quarterly_indicator_fills_its_quarters_in_order(db, today, filled, expected):
    ind = make_indicator(frequency="quarterly")
    for month in filled:
        add_value(ind, month, growth="5")
    assert ind.period_to_fill(2025, today) == expected


def test_the_chart_names_its_unit_and_each_dots_status(board, client_for):
    page = client_for("manager").get(f"/indicators/{board['red'].pk}/?year=2025").content.decode()
    assert re.search(r'class="tick y"[^>]*>-?\d+(\.\d+)?%</text>', page)  # y-axis in percent
    assert "<title>1–6月：1.0% · 红色 · 未达标</title>" in page  # a dot's period, figure and status
    assert "圆点的颜色是该期的状态" in page


def test_detail_labels_the_reporter_cell_only_when_it_says_something(board, client_for, users):
    """On a phone every cell shows its label: a period nobody entered (demo data) has no empty 「填报:」."""
    add_value(board["amount"], 3, value_cum="150", reported_by=users["staff_a"])
    reader = client_for("staff_b").get(f"/indicators/{board['amount'].pk}/?year=2025").content.decode()
    assert reader.count('data-label="填报"') == 1  # 1–3月 (entered by staff A); 1–6月 has neither reporter nor note
    enterer = client_for("staff_a").get(f"/indicators/{board['amount'].pk}/?year=2025").content.decode()
    assert enterer.count('data-label="填报"') == 2  # both periods carry the 更正 link


def test_derived_indicator_has_no_reporter_column(client_for, unit_a):
    derived = make_indicator("amount", unit=unit_a, derived_from_projects=True, code="invest")
    set_target(derived, "1")
    page = client_for("manager").get(f"/indicators/{derived.pk}/?year=2025").content.decode()
    assert "<th>填报</th>" not in page and 'data-label="填报"' not in page
