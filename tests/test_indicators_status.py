"""Indicator colors (status-rules.md section 5) at their band edges, through the queryset and the Python rule."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator
from indicators.status import indicator_color
from projects.models import ProgressReport
from projects.status import Color
from tests.factories import make_project, make_unit
from tests.indicator_factories import add_value, make_indicator, set_target, status_of

pytestmark = pytest.mark.django_db


def both(indicator, year=2025, period=12):
    """The SQL status of an indicator, checked against the Python rule on the same figures."""
    row = status_of(indicator, year, period)
    python = indicator_color(
        row.kind,
        row.lower_is_better,
        row.target_comparator,
        row.target_value,
        row.period_month,
        row.value_cum,
        row.growth_yoy,
    )
    assert row.status == python
    return row.status


@pytest.mark.parametrize(
    "actual,expected",
    [
        ("9.00", Color.BLUE),  # +2 pp exactly
        ("8.99", Color.GREEN),
        ("7.00", Color.GREEN),  # met exactly
        ("6.99", Color.YELLOW),
        ("5.00", Color.YELLOW),  # −2 pp exactly
        ("4.99", Color.RED),
    ],
)
def test_growth_indicator_bands_at_their_edges(actual, expected):
    gdp = make_indicator("growth")
    set_target(gdp, "7")
    add_value(gdp, 6, growth=actual)
    assert both(gdp) == expected


@pytest.mark.parametrize("actual,expected", [("4.50", Color.GREEN), ("4.49", Color.YELLOW), ("7.00", Color.BLUE)])
def test_about_target_counts_as_met_from_minus_half_a_point(actual, expected):
    retail = make_indicator("growth")
    set_target(retail, "5", comparator="about")
    add_value(retail, 6, growth=actual)
    assert both(retail) == expected


@pytest.mark.parametrize(
    "actual,comparator,expected",
    [
        ("1.00", "gte", Color.BLUE),
        ("3.00", "gte", Color.GREEN),
        ("3.01", "gte", Color.YELLOW),
        ("5.01", "gte", Color.RED),
    ],
)
def test_lower_is_better_inverts_the_comparison(actual, comparator, expected):
    energy = make_indicator("growth", lower_is_better=True)
    set_target(energy, "3", comparator=comparator)
    add_value(energy, 6, growth=actual)
    assert both(energy) == expected


def test_an_at_most_target_reads_as_lower_is_better():
    cpi = make_indicator("growth")
    set_target(cpi, "3", comparator="lte")
    add_value(cpi, 6, growth="2.5")
    assert both(cpi) == Color.GREEN
    add_value(cpi, 9, growth="3.5")
    assert both(cpi) == Color.YELLOW


@pytest.mark.parametrize(
    "value,month,expected",
    [
        # target 600: time progress at 1–6月 is 50% = 300; each 10 pp = 60
        ("360", 6, Color.BLUE),  # +10 pp exactly
        ("359.99", 6, Color.GREEN),
        ("240.01", 6, Color.GREEN),
        ("240", 6, Color.YELLOW),  # −10 pp exactly
        ("120", 6, Color.YELLOW),  # −30 pp exactly
        ("119.99", 6, Color.RED),
        ("100", 2, Color.GREEN),  # 1–2月: 16.7% elapsed, 16.7% done
    ],
)
def test_amount_indicator_compares_completion_with_time_progress(value, month, expected):
    investment = make_indicator("amount")
    set_target(investment, "600")
    add_value(investment, month, value_cum=value)
    assert both(investment) == expected


def test_amount_explanation_states_completion_time_progress_and_gap():
    from indicators.explain import explain

    investment = make_indicator("amount", decimals=0)
    set_target(investment, "620")
    add_value(investment, 6, value_cum="318")
    row = status_of(investment)
    assert row.status == Color.GREEN
    assert explain(row, 2025) == "1–6月累计 318亿元，完成年度目标 51.3%，序时进度 50.0%，快 1.3 个百分点"


def test_level_indicator_has_no_color_within_the_year():
    rd = make_indicator("level", frequency="annual")
    set_target(rd, "5.5")
    add_value(rd, 6, value_cum="4.0")
    assert both(rd) == Color.NONE


@pytest.mark.parametrize(
    "value,comparator,expected",
    [
        ("5.50", "gte", Color.GREEN),
        ("5.49", "gte", Color.RED),
        ("5.00", "about", Color.GREEN),
        ("4.99", "about", Color.RED),
    ],
)
def test_level_indicator_after_the_year_is_green_when_met_red_when_missed(value, comparator, expected):
    rd = make_indicator("level", frequency="annual")
    set_target(rd, "5.5", comparator=comparator)
    add_value(rd, 12, value_cum=value)
    assert both(rd) == expected


def test_no_target_or_no_value_is_not_assessed():
    gdp = make_indicator("growth")
    add_value(gdp, 6, growth="8")
    assert both(gdp) == Color.NONE
    tax = make_indicator("growth")
    set_target(tax, "7")
    assert both(tax) == Color.NONE


def test_status_as_of_a_period_uses_the_latest_value_up_to_it():
    gdp = make_indicator("growth")
    set_target(gdp, "7")
    add_value(gdp, 3, growth="4")
    add_value(gdp, 6, growth="9.5")
    assert both(gdp, period=5) == Color.RED
    assert status_of(gdp, period=5).period_month == 3
    assert both(gdp, period=6) == Color.BLUE


def test_january_is_merged_into_january_february():
    gdp = make_indicator("growth")
    with pytest.raises(IntegrityError), transaction.atomic():
        add_value(gdp, 1, growth="7")
    add_value(gdp, 2, growth="7")
    assert status_of(gdp, period=2).period_month == 2


def test_a_value_needs_a_figure():
    gdp = make_indicator("growth")
    with pytest.raises(IntegrityError), transaction.atomic():
        add_value(gdp, 3)


def test_one_value_per_period():
    gdp = make_indicator("growth")
    add_value(gdp, 3, growth="7")
    with pytest.raises(IntegrityError), transaction.atomic():
        add_value(gdp, 3, growth="8")


def test_only_amount_indicators_may_be_derived_from_projects():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator("growth", derived_from_projects=True)


def test_derived_investment_equals_the_sum_of_the_list_projects_reports():
    unit = make_unit()
    p1 = make_project(lead_unit=unit, year=2025, annual_plan=100000)
    p2 = make_project(lead_unit=unit, year=2025, annual_plan=50000)
    outside = make_project(lead_unit=unit, year=2024)  # not in the 2025 list
    for project, month, amount in [(p1, 1, 10000), (p1, 3, 20000), (p2, 2, 5000), (p1, 7, 90000), (outside, 3, 99999)]:
        ProgressReport.objects.create(project=project, year=2025, month=month, investment_completed=amount)
    ProgressReport.objects.create(project=p1, year=2024, month=3, investment_completed=77777)
    investment = make_indicator("amount", derived_from_projects=True, code="invest")
    set_target(investment, "12")
    row = status_of(investment, period=6)
    assert row.value_cum == Decimal("3.5")  # (10000 + 20000 + 5000) 万元 = 3.5 亿元
    assert row.period_month == 6
    # 3.5 / 12 = 29.2% done against 50% elapsed: −20.8 pp
    assert both(investment, period=6) == Color.YELLOW
    assert status_of(investment, period=7).value_cum == Decimal("12.5")
    assert both(investment, period=7) == Color.BLUE


def test_status_filter_and_counts_agree_with_the_annotation():
    for actual in ("9", "7", "6", "1"):
        gdp = make_indicator("growth")
        set_target(gdp, "7")
        add_value(gdp, 6, growth=actual)
    make_indicator("growth")
    counts = Indicator.objects.status_counts(2025, 12)
    assert counts == {"red": 1, "yellow": 1, "green": 1, "blue": 1, "none": 1}
    reds = Indicator.objects.with_status_filter(2025, 12, Color.RED)
    assert [r.status for r in reds] == ["red"]
    ordered = [r.status for r in Indicator.objects.with_status(2025, 12).order_by_severity()]
    assert ordered == ["red", "yellow", "green", "blue", "none"]


@pytest.mark.django_db
def test_status_sql_stays_small():
    """Each figure is a joined column read in place, not a subquery inlined in every rule (was ~125,000 chars)."""
    qs = Indicator.objects.active().with_status(2025, 6)
    assert len(str(qs.query)) < 15_000
    assert len(str(qs.filter(status="red").order_by_severity().query)) < 30_000
