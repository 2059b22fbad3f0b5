"""The ranking as a page, the dashboard and the workbook show it: positions, the optional score, links."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from .core import UnitRank, unit_ranking
from .score import Scoring


@dataclass
class Row:
    position: int
    rank: UnitRank
    score: Decimal | None
    url: str  # the unit's red and yellow milestones on the overdue list


@dataclass
class Ranking:
    year: int
    as_of: dt.date
    rows: list
    scoring: Scoring | None

    @property
    def formula(self):
        return self.scoring.formula() if self.scoring else ""


def ranking_table(year, as_of):
    """The year's ranking as of a date with positions, scores (when weights are configured) and links."""
    scoring = Scoring.current()
    rows = []
    for position, rank in enumerate(unit_ranking(year, as_of), start=1):
        query = urlencode({"year": year, "as_of": as_of.isoformat(), "unit": rank.unit.pk})
        url = reverse("projects:overdue") + "?" + query
        rows.append(Row(position, rank, scoring.score(rank) if scoring else None, url))
    return Ranking(year, as_of, rows, scoring)


def _pct(value):
    return None if value is None else round(value, 1)


def write_xlsx(table, workbook):
    """The ranking as one sheet, in its order; the score and its formula when weights are configured."""
    headers = [
        _("名次"),
        _("单位"),
        _("红色节点"),
        _("黄色节点"),
        _("按期完成率（%）"),
        _("已完成节点"),
        _("调整计划节点"),
        _("未按时填报（月次）"),
        _("收到督办单"),
        _("按时反馈率（%）"),
        _("反馈逾期"),
    ]
    if table.scoring:
        headers.append(_("考核得分"))
    title = _("%(year)s 年红黄榜 · 截至 %(day)s") % {"year": table.year, "day": table.as_of.isoformat()}
    if table.scoring:
        title += f"（{table.formula}）"
    sheet = workbook.sheet(_("红黄榜"), headers, widths={headers[1]: 28}, title=title)
    for row in table.rows:
        r = row.rank
        values = [
            row.position,
            r.unit.name,
            r.red,
            r.yellow,
            _pct(r.on_time_pct),
            r.done,
            r.plan_moves,
            r.late_reports,
            r.orders_received,
            _pct(r.reply_on_time_pct),
            r.orders_reply_overdue,
        ]
        if table.scoring:
            values.append(row.score)
        sheet.append(values)
