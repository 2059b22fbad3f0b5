"""An indicator's year as server-drawn SVG: the series (completion % or the figure) against 序时进度 or the target.

The chart fills its card (a viewBox, width 100% in indicators/static/indicators/detail.css). One drawing cannot be
legible both across a laptop's card and on a phone's, so the page gets two frames of the same data, `WIDE` and
`NARROW`, and the stylesheet shows one of them by the screen's width. The value axis has round ticks: steps of
1, 2, 2.5 or 5 × 10ⁿ (0/25/50/75/100 % for a completion against time progress).
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import explain as ex
from .status import AMOUNT, GROWTH, IndicatorColor, time_progress


@dataclass(frozen=True)
class Frame:
    name: str  # its CSS class
    width: int
    height: int
    font: int  # the largest size detail.css gives its text, in the chart's units (room for the axis labels)
    month_step: int  # every month labelled, or every other one

    def months(self):
        """The months labelled on the time axis: all twelve, or 2, 4, … 12 (1–2月 is the first period)."""
        return range(1, 13) if self.month_step == 1 else range(self.month_step, 13, self.month_step)


WIDE = Frame("wide", 1000, 320, 16, 1)  # a laptop's card, about 1000–1300 px
NARROW = Frame("narrow", 400, 300, 14, 2)  # a phone's card, about 330–700 px
FRAMES = (WIDE, NARROW)
NICE_STEPS = (1, 2, 2.5, 5, 10)
TICK_INTERVALS = 4
TOP = 14


def nice_ticks(low, high, intervals=TICK_INTERVALS):
    """Round ticks from at most `low` to at least `high`, about `intervals` steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if high <= low:
        high = low + 1
    raw = (high - low) / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(n * magnitude for n in NICE_STEPS if n * magnitude >= raw * (1 - 1e-9))
    start = math.floor(low / step + 1e-9)
    stop = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(start, stop + 1)], step


def tick_decimals(step):
    """The decimals a tick label needs: 0 for 25, 1 for 2.5, 2 for 0.25."""
    return next(d for d in range(6) if abs(round(step, d) - step) < 1e-9)


def _text_width(text, font):
    """About how wide a label is: a CJK character an em, a digit or a sign about 0.6 em."""
    return sum(font if ord(c) > 0x2E80 else 0.6 * font for c in text)


def _series(indicator, target, points):
    """(values [(month, value, status)], reference [(month, value)], unit) of the chart."""
    if indicator.kind == AMOUNT:
        values = [(p.period_month, p.completion, p.status) for p in points if p.completion is not None]
        reference = [(m, time_progress(m)) for m in range(2, 13)] if target else []
        return values, reference, "%"
    attr = "growth_yoy" if indicator.kind == GROWTH else "value_cum"
    values = [(p.period_month, getattr(p, attr), p.status) for p in points if getattr(p, attr) is not None]
    reference = [(2, target.value), (12, target.value)] if target else []
    return values, reference, "%" if indicator.kind == GROWTH else indicator.measure


def chart(indicator, target, points, frame=WIDE):
    """Coordinates of one frame of the chart, for templates/indicators/_chart.html."""
    values, reference, unit = _series(indicator, target, points)
    numbers = [float(v) for _m, v, _s in values] + [float(v) for _m, v in reference] + [0.0]
    if indicator.kind == AMOUNT:
        numbers.append(100.0)  # completion reads against the whole year's 0–100 %
    ticks, step = nice_ticks(min(numbers), max(numbers))
    low, high = ticks[0], ticks[-1]
    decimals = tick_decimals(step)
    suffix = "%" if unit == "%" else ""
    labels = [f"{t:.{decimals}f}{suffix}" for t in ticks]
    left = round(max(_text_width(label, frame.font) for label in labels)) + 12
    right = frame.width - round(_text_width("12月", frame.font) / 2) - 6  # the last month's label stays inside
    bottom = round(frame.height - 1.6 * frame.font - 16)  # the lowest value label clears the months' row
    inner_width = right - left

    def x(month):
        return round(left + (month - 1) * inner_width / 11, 1)

    def y(v):
        return round(TOP + (high - float(v)) * (bottom - TOP) / (high - low), 1)

    return {
        "frame": frame.name,
        "width": frame.width,
        "height": frame.height,
        "left": left,
        "right": right,
        "top": TOP,
        "bottom": bottom,
        "label_x": left - 6,
        "label_y": frame.height - 8,
        "unit": unit,
        "line": " ".join(f"{x(m)},{y(v)}" for m, v, _s in values),
        "points": [
            {
                "x": x(m),
                "y": y(v),
                "status": s,
                "label": f"{ex.period_label(m)}{_('：')}{ex.fmt(v, 1)}{unit} · {IndicatorColor(s).label}",
            }
            for m, v, s in values
        ],
        "reference": " ".join(f"{x(m)},{y(v)}" for m, v in reference),
        "y_ticks": [{"y": y(t), "label": label} for t, label in zip(ticks, labels, strict=True)],
        "x_ticks": [{"x": x(m), "label": m} for m in frame.months()],
    }


def charts(indicator, target, points):
    """The chart in every frame (the page's stylesheet shows the one that fits the screen)."""
    return [chart(indicator, target, points, frame) for frame in FRAMES]
