"""月度通报 (reporting.md section 3): what the bulletin of a closed month says, from one context that the A4 page, the
Word document (`bulletin_docx`) and the workbook (`write_bulletin_xlsx`) all show.

The month's figures come from its frozen rows (the published result); the orders issued and closed in the month,
the red projects' open orders and the indicators are read as of the month's last day.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.status import IndicatorColor
from projects.investment import InvestmentColor
from projects.models import ListEntry
from projects.status import Color
from ranking.core import UnitRank
from supervision.choices import OPEN_STATES
from supervision.models import SupervisionOrder

from .changes import month_changes
from .models import EntryResult
from .results import (
    COLORS,
    Listing,
    counts_by,
    entry_results,
    listing,
    milestone_results,
    previous,
    unit_ranking,
)


@dataclass
class Cell:
    n: int
    before: int | None  # last month's, None when it was not closed

    @property
    def text(self):
        """ "n（last month's）", or n alone when last month was not closed."""
        if self.before is None:
            return str(self.n)
        return _("%(n)s（%(before)s）") % {"n": self.n, "before": self.before}  # "n (m)" in English


@dataclass
class TotalRow:
    label: str
    cells: list  # [Cell] per color
    total: Cell


def _total_rows(closed, before):
    now = counts_by(closed, "batch")
    then = counts_by(before, "batch") if before else None

    def row(label, counts, previous_counts):
        cells = [
            Cell(counts.get(c.value, 0), None if previous_counts is None else previous_counts.get(c.value, 0))
            for c in COLORS
        ]
        total = Cell(sum(cell.n for cell in cells), None if previous_counts is None else sum(c.before for c in cells))
        return TotalRow(label, cells, total)

    rows = [
        row(label, now.get(batch, {}), None if then is None else then.get(batch, {}))
        for batch, label in ListEntry.Batch.choices
        if batch in now or (then and batch in then)
    ]
    zone = {c.value: sum(r.cells[i].n for r in rows) for i, c in enumerate(COLORS)}
    zone_before = (
        None if then is None else {c.value: sum(r.cells[i].before for r in rows) for i, c in enumerate(COLORS)}
    )
    rows.append(row(_("合计"), zone, zone_before))
    return rows


@dataclass
class Place:
    """A unit's line of the bulletin's 红黄榜: its place, its figures, and its place in the month before's."""

    position: int
    rank: UnitRank
    previous_position: int | None  # None when the month before was not closed or did not rank the unit

    @property
    def movement(self):
        """Places moved up (positive) or down (negative) since the month before; None when it was not ranked."""
        return None if self.previous_position is None else self.previous_position - self.position

    @property
    def moved_down(self):
        """Places moved down since the month before (for the text 下降 n 位)."""
        return None if self.movement is None else -self.movement


def _ranking(closed, before):
    """The month's ranking with each unit's place in the month before's (when that month is closed)."""
    places = {}
    if before is not None:
        places = {r.unit.pk: n for n, r in enumerate(unit_ranking(before, with_orders=False), start=1)}
    return [Place(n, r, places.get(r.unit.pk)) for n, r in enumerate(unit_ranking(closed), start=1)]


@dataclass
class RedProject:
    entry: EntryResult
    milestones: list
    orders: list

    @property
    def units(self):
        """The responsible units of its red milestones, in order, once each."""
        return list(dict.fromkeys(m.unit.short_name for m in self.milestones))


def _red_projects(closed, limit):
    """A Listing of the red projects (most overdue first) with their red milestones and open orders: three queries."""
    entries = listing(entry_results(closed).filter(status=Color.RED).order_by("-days_overdue", "code"), limit)
    projects = [e.project_id for e in entries if e.project_id]
    milestones = {}
    red = milestone_results(closed).filter(status=Color.RED)
    if entries.more:
        red = red.filter(project_id__in=projects)
    for m in red.select_related("unit").order_by("planned_date", "seq"):
        milestones.setdefault(m.project_id, []).append(m)
    orders = {}
    for order in (
        SupervisionOrder.objects.filter(project_id__in=projects, state__in=OPEN_STATES, issued_on__lte=closed.as_of)
        .select_related("lead_unit")
        .order_by("issued_on", "serial")
    ):
        orders.setdefault(order.project_id, []).append(order)
    rows = [RedProject(e, milestones.get(e.project_id, []), orders.get(e.project_id, [])) for e in entries]
    return Listing(rows, entries.total)


def _orders(closed, limit):
    first = closed.as_of.replace(day=1)
    rows = SupervisionOrder.objects.select_related("project", "lead_unit").order_by("issued_on", "serial")
    issued = listing(rows.filter(issued_on__range=(first, closed.as_of)), limit)
    closed_orders = listing(rows.filter(closed_on__range=(first, closed.as_of)).order_by("closed_on", "serial"), limit)
    return issued, closed_orders


def _investment(closed):
    totals = EntryResult.objects.filter(closed_month=closed).aggregate(
        plan=Sum("annual_plan_investment"), ytd_cents=Sum("ytd_cents")
    )
    plan, ytd = totals["plan"] or 0, (totals["ytd_cents"] or 0) / 100
    bands = dict(
        EntryResult.objects.filter(closed_month=closed)
        .order_by()
        .values_list("investment_status")
        .annotate(n=Count("pk"))
    )
    return {
        "plan": plan,
        "ytd": round(ytd, 2),
        "rate": None if not plan else round(ytd / float(plan) * 100, 1),
        "time_progress": round(closed.month / 12 * 100, 1),
        "bands": [(c.value, c.label, bands.get(c.value, 0)) for c in InvestmentColor],
    }


def _indicators(closed):
    rows = list(Indicator.objects.active().with_status(closed.year, closed.month).order_by_severity())
    labels = dict(IndicatorColor.choices)
    for i in rows:
        # With the indicator's display decimals, as its own page shows them: a value derived from the projects is
        # a quotient (万元 to 亿元) of many digits.
        i.value_cum, i.target_value = _rounded(i.value_cum, i.decimals), _rounded(i.target_value, i.decimals)
    return [(i, i.status, labels.get(i.status, i.status)) for i in rows]


def _rounded(value, decimals):
    return None if value is None else Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals))


def bulletin_context(closed, limit=None):
    """Everything the bulletin shows, for the page, the .docx and the .xlsx. With a `limit`, each list (red projects,
    changes, orders) holds its first rows and its total: the page, whose lists at 10,000 projects run to thousands of
    rows, shows those and points to the complete lists (the files, the changes page)."""
    before = previous(closed)
    issued, closed_orders = _orders(closed, limit)
    return {
        "closed": closed,
        "before": before,
        "org": settings.SUPERVISION_ORG_NAME,
        "title": _("%(month)s重点项目亮灯情况通报") % {"month": closed.label},
        "colors": [(c.value, c.label) for c in COLORS],
        "totals": _total_rows(closed, before),
        "ranking": _ranking(closed, before),
        "red_projects": _red_projects(closed, limit),
        "changes": month_changes(closed, before, limit),
        "orders_issued": issued,
        "orders_closed": closed_orders,
        "investment": _investment(closed),
        "indicators": _indicators(closed),
    }
