"""Trends from the closed months (reporting.md section 3): per month of a year, the projects per color, for the zone,
a batch or a unit, and the chart drawn from them (an SVG the server renders: coordinates are worked out here, the
template only draws them)."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from .models import EntryResult, MilestoneResult
from .results import COLORS

MONTHS = range(1, 13)


def _grouped(rows):
    """{month: {color: n}} (every color present, 0 when none) from (month, status, n) rows."""
    counts = {}
    for month, status, n in rows:
        if status in counts.setdefault(month, {c.value: 0 for c in COLORS}):
            counts[month][status] = n
    return counts


def project_counts(year, *, batch=None, unit_id=None):
    """{month: {color: count}} of the year's closed months (current versions): projects per color, optionally of one
    batch or one lead unit; one grouped query. (The cockpit's COCKPIT_MONTH_TREND.)"""
    rows = EntryResult.objects.filter(closed_month__year=year, closed_month__is_current=True)
    if batch:
        rows = rows.filter(batch=batch)
    if unit_id:
        rows = rows.filter(lead_unit_id=unit_id)
    rows = rows.order_by().values_list("closed_month__month", "status").annotate(n=Count("pk"))
    return _grouped(rows)


def milestone_counts(year, unit_id):
    """{month: {color: count}} of the milestones a unit owns (section 5), from the year's closed months."""
    rows = MilestoneResult.objects.filter(closed_month__year=year, closed_month__is_current=True, unit_id=unit_id)
    rows = rows.order_by().values_list("closed_month__month", "status").annotate(n=Count("pk"))
    return _grouped(rows)


# --- the chart ---------------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
SLOT = (WIDTH - LEFT - RIGHT) / 12
BAR = SLOT * 0.6


@dataclass
class Bar:
    color: str
    label: str
    n: int
    x: float
    y: float
    height: float


@dataclass
class Column:
    month: int
    label: str
    x: float  # the label's centre
    total: int
    bars: list = field(default_factory=list)


@dataclass
class Chart:
    """A stacked column per month (red at the bottom), a y axis with gridlines, a legend with each color's label."""

    columns: list
    ticks: list  # [(y, value)]
    legend: list  # [(color, label)]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    tick_x: int = LEFT - 6
    label_y: int = HEIGHT - BOTTOM + 18
    bar_width: float = round(BAR, 1)
    empty: bool = False


def _nice_max(value):
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if value <= step * 4:
            return step * 4, step
    step = 10 ** len(str(value))
    return step, step // 4


def chart(counts):
    """The chart of {month: {color: n}}."""
    labels = {c.value: str(c.label) for c in COLORS}
    totals = {m: sum(counts.get(m, {}).values()) for m in MONTHS}
    top, step = _nice_max(max(totals.values()) or 1)
    scale = (HEIGHT - TOP - BOTTOM) / top
    baseline = HEIGHT - BOTTOM
    columns = []
    for m in MONTHS:
        x = LEFT + SLOT * (m - 1) + (SLOT - BAR) / 2
        column = Column(m, _("%(month)s月") % {"month": m}, round(x + BAR / 2, 1), totals[m])
        y = baseline
        for color in COLORS:
            n = counts.get(m, {}).get(color.value, 0)
            if n:
                height = n * scale
                y -= height
                column.bars.append(Bar(color.value, labels[color.value], n, round(x, 1), round(y, 1), round(height, 1)))
        columns.append(column)
    ticks = [(round(baseline - v * scale, 1), v) for v in range(0, top + 1, step)]
    return Chart(columns, ticks, [(c.value, labels[c.value]) for c in COLORS], empty=not any(totals.values()))


def table(counts):
    """Rows (month label, [(color, its label, n)], total) of the months closed, for the table beside the chart (on a
    phone a card per month, each count labelled with its color)."""
    return [
        (
            _("%(month)s月") % {"month": m},
            [(c.value, c.label, counts[m][c.value]) for c in COLORS],
            sum(counts[m].values()),
        )
        for m in MONTHS
        if m in counts
    ]
