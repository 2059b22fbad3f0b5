"""In a real browser: an indicator's chart spans its card and its labels stay legible on a laptop and on a phone."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.indicator_factories import add_value, make_indicator, set_target

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEASURE = """() => {
  const svg = [...document.querySelectorAll('svg.indicator-chart')].find(s => getComputedStyle(s).display !== 'none');
  const card = svg.parentElement, style = getComputedStyle(card);
  const inner = card.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
  const overlaps = texts.filter((a, i) => texts.some((b, j) => j > i && a.right > b.left && b.right > a.left
                                                   && a.bottom > b.top && b.bottom > a.top)).length;
  const box = svg.getBoundingClientRect();
  const outside = texts.filter(r => r.left < box.left - 0.5 || r.right > box.right + 0.5
                                    || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5).length;
  return {outside, frame: svg.classList[1], width: svg.getBoundingClientRect().width, inner,
          smallest: Math.min(...sizes), overlaps,
          page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("width,frame", [(1366, "wide"), (900, "wide"), (600, "narrow"), (390, "narrow")])
def test_the_chart_fills_its_card_with_legible_labels(page, users, unit_a, width, frame):
    amount = make_indicator("amount", unit=unit_a, decimals=0)
    set_target(amount, "620")
    for month, value in [(3, "150"), (6, "318"), (9, "500")]:
        add_value(amount, month, value_cum=value)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "staff_b", PASSWORD, f"/indicators/{amount.pk}/?year=2025")
    got = page.evaluate(MEASURE)
    assert got["frame"] == frame
    assert abs(got["width"] - got["inner"]) <= 1, got  # the card's width
    assert got["smallest"] >= 11, got  # the labels' font size on screen, in CSS pixels
    assert got["overlaps"] == 0 and got["outside"] == 0, got  # no label on another, none cut off
    assert got["page"] <= width
