"""The units' ranking (红黄榜, ../shared/docs/reporting.md section 5) of a year's list as of a date.

A milestone belongs to its responsible unit (节点责任单位), else to its project's lead unit; a report to the project's
lead unit; an order to its lead unit (主办单位). For each unit:

- `red`, `yellow`: its open milestones red / yellow as of `d` (rule 1 of the status rules, current plan);
- `done`, `on_time`: its milestones done by `d`, and of those the ones done by their **baseline** date (section 4);
- `plan_moves`: its milestones whose plan was moved later by `d` (`projects.querysets.accountability_sql`);
- `late_reports`: the monthly reports of the projects it leads due before `d` and missing as of `d`, summed over the
  months (`ListEntry.objects.grouped_missing_reports`, the one late-report rule, as 未报汇总 counts them);
- `orders_*`: the supervision orders it received in the year, those replied on time, and its open ones with the
  reply overdue (`supervision.metrics.figures_by_unit`).

Exempt milestones count nowhere. Units are ordered by `sort_key`: red (most first), yellow, on-time rate (lowest
first; a unit with nothing done after those with a rate), name. Four queries, whatever the size of the list, each
cached for the data version (every table they read is watched: the list's, the milestones' history, supervision's).
"""

from dataclasses import dataclass

from django.db.models import Count

from portal.aggregate_cache import cached_values
from projects.models import ListEntry, Milestone, Unit
from projects.querysets.accountability_sql import AccountabilitySQL
from projects.querysets.status_sql import MilestoneStatusSQL
from projects.reporting import Cadence
from projects.status import Color
from supervision.metrics import figures_by_unit


@dataclass
class UnitRank:
    unit: Unit
    red: int = 0
    yellow: int = 0
    done: int = 0
    on_time: int = 0
    plan_moves: int = 0
    late_reports: int = 0
    orders_received: int = 0
    orders_replied_on_time: int = 0
    orders_reply_overdue: int = 0

    @property
    def name(self):
        return self.unit.name

    @property
    def on_time_rate(self):
        """Milestones done by their baseline date ÷ milestones done (None when nothing is done)."""
        return self.on_time / self.done if self.done else None

    @property
    def on_time_pct(self):
        return None if self.on_time_rate is None else self.on_time_rate * 100

    @property
    def reply_on_time_rate(self):
        """Orders replied on time ÷ orders received (None without orders)."""
        return self.orders_replied_on_time / self.orders_received if self.orders_received else None

    @property
    def reply_on_time_pct(self):
        return None if self.reply_on_time_rate is None else self.reply_on_time_rate * 100


def sort_key(row):
    """The ranking's order for any row with `red`, `yellow`, `on_time_rate` (0..1 or None) and `name`: most red
    first, then most yellow, then the lowest on-time rate (none after any), then name. The live ranking and a closed
    month's (monthclose) both sort by it."""
    rate = row.on_time_rate
    return (-row.red, -row.yellow, rate is None, rate if rate is not None else 0, row.name)


def milestone_rows(year, as_of):
    """{unit id: {red, yellow, done, on_time, plan_moves}} of the counted milestones of `year`'s list, grouped by the
    unit they belong to: one query (it reads every milestone of the list and their history), cached for the data
    version."""
    status, account = MilestoneStatusSQL(as_of), AccountabilitySQL(as_of)
    colors = status.conditions()
    counts = {
        "red": Count("pk", filter=colors[Color.RED]),
        "yellow": Count("pk", filter=colors[Color.YELLOW]),
        "done": Count("pk", filter=status.done_q()),
        "on_time": Count("pk", filter=account.on_time_q()),
        "plan_moves": Count("pk", filter=account.moved_q()),
    }
    rows = Milestone.objects.listed_in(year).filter(is_exempt=False).owned().order_by().values("owner")
    return {
        row["owner"]: {k: row[k] for k in counts} for row in cached_values(rows.annotate(**counts), "owner", *counts)
    }


def late_report_rows(year, as_of):
    """{lead unit id: reports due before `as_of` and missing} over the projects of `year`'s list: one query (none
    when no month was due yet)."""
    months = list(Cadence.current().months_due(year, as_of))
    if not months:
        return {}
    grouped = ListEntry.objects.all().grouped_missing_reports(year, as_of, months, "project__lead_unit")
    return {unit_id: sum(missing.values()) for unit_id, _n, missing in grouped}


def order_rows(year, as_of):
    """{unit id: supervision Figures} of the units that received orders in `year` by `as_of`, or have open ones or
    replies overdue: one query."""
    return {k: f for k, f in figures_by_unit(year, as_of).items() if f.received or f.open or f.reply_overdue}


def ranked(milestones, reports, orders):
    """[UnitRank] of every unit in `milestones` ({unit id: {red, yellow, done, on_time, plan_moves}}), `reports`
    ({unit id: late reports}) or `orders` ({unit id: Figures}), in the ranking's order (`sort_key`): at most one
    query (the units, read through the aggregate cache). The live ranking gives it figures as of a date; a closed
    month its frozen ones."""
    ids = set(milestones) | set(reports) | set(orders)
    units = Unit.objects.cached_by_id(ids)
    ranks = []
    for unit_id in ids:
        rank = UnitRank(unit=units[unit_id], **milestones.get(unit_id, {}), late_reports=reports.get(unit_id, 0))
        if (figures := orders.get(unit_id)) is not None:
            rank.orders_received = figures.received
            rank.orders_replied_on_time = figures.replied_on_time
            rank.orders_reply_overdue = figures.reply_overdue
        ranks.append(rank)
    ranks.sort(key=sort_key)
    return ranks


def unit_ranking(year, as_of):
    """[UnitRank] of every unit that owns a counted milestone of `year`'s list, leads a project of it that reports, or
    received or has open orders, in the ranking's order (`sort_key`). Four queries, each cached for the data version."""
    return ranked(milestone_rows(year, as_of), late_report_rows(year, as_of), order_rows(year, as_of))
