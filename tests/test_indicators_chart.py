"""The indicator chart: as wide as its card (a viewBox, no fixed size), round ticks on its value axis, and a narrow
frame for a phone with fewer, larger labels."""

import re

import pytest

from indicators.chart import NARROW, WIDE, nice_ticks, tick_decimals
from tests.indicator_factories import add_value, make_indicator, set_target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "low,high,ticks",
    [
        (0, 100, [0, 25, 50, 75, 100]),  # completion against time progress
        (0, 51.3, [0, 20, 40, 60]),
        (0, 130, [0, 50, 100, 150]),
        (0, 7, [0, 2, 4, 6, 8]),
        (-3, 8, [-5, 0, 5, 10]),
        (0, 0.9, [0, 0.25, 0.5, 0.75, 1]),
        (0, 0, [0, 0.25, 0.5, 0.75, 1]),  # nothing to draw: still an axis
    ],
)
def test_ticks_are_round_and_cover_the_range(low, high, ticks):
    got, step = nice_ticks(low, high)
    assert got == ticks
    assert got[0] <= low and got[-1] >= high and step == ticks[1] - ticks[0]


def test_tick_labels_have_the_decimals_their_step_needs():
    assert [tick_decimals(s) for s in (25, 2.5, 0.25, 5, 0.5)] == [0, 1, 2, 0, 1]


def svgs(page):
    return re.findall(r"<svg class=\"indicator-chart (\w+)\"[^>]*>.*?</svg>", page, re.S), re.findall(
        r"<svg class=\"indicator-chart[^>]*>", page
    )


def test_an_amount_chart_reads_0_25_50_75_100_percent_at_its_cards_width(client_for, unit_a):
    amount = make_indicator("amount", unit=unit_a, decimals=0)
    set_target(amount, "620")
    add_value(amount, 3, value_cum="150")
    add_value(amount, 6, value_cum="318")
    page = client_for("staff_b").get(f"/indicators/{amount.pk}/?year=2025").content.decode()
    frames, tags = svgs(page)
    assert frames == ["wide", "narrow"]
    for tag, frame in zip(tags, (WIDE, NARROW), strict=True):
        assert f'viewBox="0 0 {frame.width} {frame.height}"' in tag
        assert "width=" not in tag and "height=" not in tag and "style" not in tag  # the stylesheet sizes it
    for svg in re.findall(r"<svg class=\"indicator-chart.*?</svg>", page, re.S):
        assert re.findall(r'class="tick y"[^>]*>([^<]*)</text>', svg) == ["0%", "25%", "50%", "75%", "100%"]
    wide, narrow = re.findall(r"<svg class=\"indicator-chart.*?</svg>", page, re.S)
    assert re.findall(r'class="tick x"[^>]*>([^<]*)</text>', wide) == [f"{m}月" for m in range(1, 13)]
    assert re.findall(r'class="tick x"[^>]*>([^<]*)</text>', narrow) == [f"{m}月" for m in range(2, 13, 2)]
    assert narrow.count('<circle class="pt') == wide.count('<circle class="pt') == 2


def test_a_growth_chart_has_round_ticks_around_its_target(client_for, unit_a):
    growth = make_indicator("growth", unit=unit_a)
    set_target(growth, "8")
    add_value(growth, 6, growth="-3")
    page = client_for("staff_b").get(f"/indicators/{growth.pk}/?year=2025").content.decode()
    wide = re.findall(r"<svg class=\"indicator-chart wide.*?</svg>", page, re.S)[0]
    assert re.findall(r'class="tick y"[^>]*>([^<]*)</text>', wide) == ["-5%", "0%", "5%", "10%"]
