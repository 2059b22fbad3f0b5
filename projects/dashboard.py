"""What the dashboard shows for a year's list as of a date, read in a fixed number of queries.

- the batch × status matrix of project counts and the stacked-bar chart drawn from it;
- milestones due within DUE_SOON_DAYS;
- the units whose projects' monthly reports are late (未按时填报, reporting.md section 1), each linking to them;
- the year's investment: planned, completed for the months elapsed, rate against time progress, and its color
  (section 3 of the status rules, by the same functions as each list entry: projects.investment).
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.aggregate_cache import cached_aggregate, cached_values

from .investment import InvestmentColor, gap_pp, investment_color, months_elapsed
from .models import ListEntry, Milestone, ProgressReport
from .status import SEVERITY

DUE_SOON_LIMIT = 20


def list_url(**params):
    """The project list filtered by `params` (query string; empty values left out)."""
    return reverse("projects:list") + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


# --- batch × status ------------------------------------------------------------------------------------


def status_rows(year, as_of):
    """Rows (batch, lead unit id, status, n) of the year's list: the one grouped status query of the dashboard's
    batch × status matrix."""
    return ListEntry.objects.filter(year=year).grouped_status_counts(as_of, "batch", "project__lead_unit")


def batch_status_matrix(year, as_of, rows=None):
    """Rows per batch (and a total row) with counts per color in severity order; one grouped query (none when
    `rows` of `status_rows` are given)."""
    rows = status_rows(year, as_of) if rows is None else rows
    counts = {}
    for batch, _unit, status, n in rows:
        counts[(batch, status)] = counts.get((batch, status), 0) + n
    common = {"year": year, "as_of": as_of.isoformat()}
    matrix = []
    for batch, label in [*ListEntry.Batch.choices, (None, _("合计"))]:
        cells = []
        for color in SEVERITY:
            n = sum(v for (b, s), v in counts.items() if s == color.value and batch in (None, b))
            cells.append(
                {"color": color.value, "label": color.label, "count": n, "url": _cell_url(common, batch, color)}
            )
        total = sum(c["count"] for c in cells)
        matrix.append({"batch": batch, "label": label, "cells": cells, "total": total, "url": _cell_url(common, batch)})
    return matrix


def _cell_url(common, batch, color=None):
    return list_url(**common, batch=batch, status=color.value if color else None)


# --- chart ---------------------------------------------------------------------------------------------

CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, BAR_GAP, TOTAL_WIDTH = 640, 100, 26, 12, 50
MIN_TEXT_WIDTH = 22  # narrower segments carry their number in the tooltip and the table only
PHONE_FONT_SIZE = 24  # the chart's text on a phone, in its own units (projects/static/projects/dashboard.css)


def _label_width(labels):
    """Room for the longest bar label at the phone's font size (a CJK character takes an em, others about half),
    at least LABEL_WIDTH: English batch names were cut off."""

    def ems(label):
        return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in str(label))

    longest = max((ems(label) for label in labels), default=0)
    return max(LABEL_WIDTH, round(longest * PHONE_FONT_SIZE) + 8)


@dataclass
class Segment:
    x: float
    width: float
    color: str
    label: str
    count: int
    url: str

    @property
    def text_x(self):
        return round(self.x + self.width / 2, 1)

    @property
    def show_text(self):
        return self.width >= MIN_TEXT_WIDTH


def status_chart(matrix):
    """Geometry of a horizontal stacked-bar chart (status by batch) drawn from the matrix rows."""
    rows = [r for r in matrix if r["batch"] is not None]
    longest = max((r["total"] for r in rows), default=0) or 1
    label_width = _label_width(r["label"] for r in rows)
    scale = (CHART_WIDTH - label_width - TOTAL_WIDTH) / longest
    bars = []
    for i, row in enumerate(rows):
        y = i * (BAR_HEIGHT + BAR_GAP)
        x = label_width
        segments = []
        for cell in row["cells"]:
            if cell["count"]:
                width = round(cell["count"] * scale, 1)
                segments.append(Segment(x, width, cell["color"], cell["label"], cell["count"], cell["url"]))
                x += width
        bars.append(
            {"label": row["label"], "y": y, "text_y": y + BAR_HEIGHT / 2, "segments": segments, "total": row["total"]}
        )
        bars[-1]["total_x"] = round(x + 6, 1)
    height = len(rows) * (BAR_HEIGHT + BAR_GAP)
    return {"width": CHART_WIDTH, "height": height, "bar_height": BAR_HEIGHT, "bars": bars}


# --- due soon ------------------------------------------------------------------------------------------


def due_soon(year, as_of, limit=DUE_SOON_LIMIT):
    """(milestones due within DUE_SOON_DAYS of the year's list projects, earliest first, up to `limit`; total):
    a range of the plan dates' index, read as it is; the total cached for the data version."""
    qs = Milestone.objects.due_soon(as_of).in_list(year)
    ordered = qs.select_related("project", "project__lead_unit", "unit").order_by(
        "planned_date", "project__code", "seq"
    )
    rows, total = list(ordered[:limit]), cached_aggregate(qs, n=Count("pk"))["n"] or 0
    for m in rows:
        m.days_left = (m.planned_date - as_of).days
    return rows, total


# --- late reports --------------------------------------------------------------------------------------


def late_reports(year, as_of):
    """[{unit id, name, count, url}] of the lead units with late reports in the year's list as of the date, most
    first (one grouped query, cached per data version); the url opens the list filtered to them."""
    entries = ListEntry.objects.filter(year=year).report_late_filter(as_of).order_by()
    fields = ("project__lead_unit", "project__lead_unit__short_name", "project__lead_unit__sort_order")
    rows = cached_values(entries.values(*fields).annotate(n=Count("pk")), *fields, "n")
    rows.sort(key=lambda row: (-row["n"], row["project__lead_unit__sort_order"], row["project__lead_unit__short_name"]))
    return [
        {
            "unit_id": row["project__lead_unit"],
            "name": row["project__lead_unit__short_name"],
            "count": row["n"],
            "url": list_url(year=year, as_of=as_of.isoformat(), lead_unit=row["project__lead_unit"], reporting="late"),
        }
        for row in rows
    ]


# --- investment ----------------------------------------------------------------------------------------


@dataclass
class Investment:
    plan: Decimal
    completed: Decimal
    months: int
    color: InvestmentColor

    @property
    def rate(self):
        """Completed ÷ planned, in percent (None without a plan)."""
        return self.completed * 100 / self.plan if self.plan > 0 else None

    @property
    def completed_yi(self):
        """The completed investment in 亿元, as the 年度投资 indicator states it."""
        return self.completed / 10000

    @property
    def time_progress(self):
        return Decimal(self.months * 100) / 12

    @property
    def gap(self):
        """Percentage points ahead (+) or behind (−) time progress (None without a plan)."""
        return gap_pp(self.plan, self.completed, self.months)

    @property
    def bar_rate(self):
        """The rate clipped to 0..100 for the progress bar."""
        return max(0, min(100, float(self.rate or 0)))


def investment(year, as_of):
    """The year's planned investment, the completed investment of months 1..m, and its color (the rule of one
    list entry, projects.investment, applied to the totals)."""
    months = months_elapsed(year, as_of)
    plan = _total(ListEntry.objects.filter(year=year), "annual_plan_investment")
    completed = _total(
        ProgressReport.objects.in_list(year).filter(month__gte=1, month__lte=months),
        "investment_completed",
    )
    return Investment(plan, completed, months, investment_color(plan, completed, months))


def _total(queryset, field):
    """Sum of a field over the queryset (0 when empty), cached per data version."""
    return cached_aggregate(queryset, s=Sum(field))["s"] or Decimal(0)


# --- all of it -----------------------------------------------------------------------------------------


def dashboard(year, as_of):
    """Everything the dashboard shows, as plain values for the template."""
    statuses = status_rows(year, as_of)
    matrix = batch_status_matrix(year, as_of, statuses)
    soon, soon_total = due_soon(year, as_of)
    late = late_reports(year, as_of)
    return {
        "year": year,
        "as_of": as_of,
        "colors": [{"color": c.value, "label": c.label} for c in SEVERITY],
        "matrix": matrix,
        "chart": status_chart(matrix),
        "due_soon": soon,
        "due_soon_total": soon_total,
        "due_soon_days": settings.DUE_SOON_DAYS,
        "due_soon_until": as_of + dt.timedelta(days=settings.DUE_SOON_DAYS),
        "investment": investment(year, as_of),
        "late_reports": late,
        "late_reports_total": sum(row["count"] for row in late),
        "late_reports_url": list_url(year=year, as_of=as_of.isoformat(), reporting="late"),
        "overdue_url": _overdue_url(year, as_of),
    }


def _overdue_url(year, as_of):
    return reverse("projects:overdue") + "?" + urlencode({"year": year, "as_of": as_of.isoformat()})
