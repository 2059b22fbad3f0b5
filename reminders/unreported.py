"""未报汇总 (managers): per lead unit, the projects of a year's list that have not filed each month's report as of a
date, units × months, with the chases (催报) made; and the same table as a workbook.

A month whose due day has passed shows its missing reports (late); the as-of month before its due day shows those
still to file; later months are empty. One grouped query (cached per data version) and one for the chases.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from projects.models import ListEntry
from projects.reporting import Cadence

from .models import ReportChase

LATE, TO_FILE, LATER = "late", "to_file", "later"


@dataclass
class Cell:
    month: int
    state: str  # LATE, TO_FILE or LATER
    missing: int = 0
    chases: int = 0
    last_chase: object = None  # the latest chase's datetime
    current: bool = False  # the latest month due, or the month to file: where the page offers 催报


@dataclass
class UnitRow:
    unit_id: int
    name: str
    sort_order: int
    projects: int  # its projects in the year's list that report (not 储备)
    cells: list = field(default_factory=list)

    @property
    def late(self):
        """Its reports missing in the months whose due day has passed."""
        return sum(cell.missing for cell in self.cells if cell.state == LATE)


@dataclass
class Summary:
    year: int
    as_of: object
    rows: list
    totals: list  # missing per month, over the units (None for a later month)

    @property
    def late(self):
        return sum(row.late for row in self.rows)

    @property
    def projects(self):
        return sum(row.projects for row in self.rows)


FIELDS = ("project__lead_unit", "project__lead_unit__short_name", "project__lead_unit__sort_order")


def summary(year, as_of):
    """The units × months table of `year`'s list as of a date; units with the most late reports first."""
    c = Cadence.current()
    late_months = list(c.months_due(year, as_of))
    to_file = c.month_to_file(year, as_of)
    months = late_months + ([to_file] if to_file else [])
    grouped = ListEntry.objects.all().grouped_missing_reports(year, as_of, months, *FIELDS)
    chases = {
        (row["unit"], row["month"]): row
        for row in ReportChase.objects.filter(year=year)
        .values("unit", "month")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by()
    }
    rows = []
    for unit_id, name, sort_order, projects, missing in grouped:
        row = UnitRow(unit_id, name, sort_order, projects)
        for month in range(1, 13):
            state = LATE if month in late_months else TO_FILE if month == to_file else LATER
            chase = chases.get((unit_id, month), {})
            current = month == to_file or (late_months and month == late_months[-1])
            row.cells.append(Cell(month, state, missing.get(month, 0), chase.get("n", 0), chase.get("last"), current))
        rows.append(row)
    rows.sort(key=lambda row: (-row.late, row.sort_order, row.name))
    totals = [sum(row.cells[m - 1].missing for row in rows) if m in months else None for m in range(1, 13)]
    return Summary(year, as_of, rows, totals)


def write_xlsx(summary_, workbook):
    """The table as one sheet: unit, projects that report, the missing reports per month (blank for a later month),
    the late total."""
    month_names = [_("%(month)s月") % {"month": m} for m in range(1, 13)]
    headers = [_("牵头单位"), _("应报项目数"), *month_names, _("逾期未报合计")]
    title = _("%(year)s 年月度进展未报汇总 · 截至 %(day)s") % {"year": summary_.year, "day": summary_.as_of.isoformat()}
    sheet = workbook.sheet(_("未报汇总"), headers, widths={headers[0]: 24, headers[1]: 12}, title=title)
    for row in summary_.rows:
        missing = [cell.missing if cell.state != LATER else None for cell in row.cells]
        sheet.append([row.name, row.projects, *missing, row.late])
    sheet.append([_("合计"), summary_.projects, *summary_.totals, summary_.late])
