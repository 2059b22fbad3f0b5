"""Export a filtered list in the import format (plus read-only status columns), and the empty template.

The list is read in chunks (`.iterator(chunk_size=CHUNK)`) with statuses annotated in SQL; each chunk costs
two more queries (responsible units, milestones), so the queries stay bounded whatever the row count. The workbook
is written by `portal.spreadsheets` (XlsxWriter; openpyxl, which reads workbooks, took ~3.5 times as long to write).
"""

import csv
import datetime as dt
import functools
import io
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.spreadsheets import STATUS_FILLS, Workbook, csv_text

from ..explain import explain_milestone, explain_rows
from ..investment import list_subtotal
from ..models import ListEntry, Milestone, Project, Unit
from ..status import Color, Thresholds
from . import format as fmt

CHUNK = 2000
WIDTHS = {"项目名称": 36, "建设内容": 40, "状态说明": 60, "节点名称": 30, "单位名称": 30, "牵头单位": 24}
MILESTONE_FIELDS = ["project_id", "seq", "name", "planned_date", "actual_date", "unit_id", "unit__name", "note"]
MILESTONE_FIELDS += ["status", "is_exempt", "exempt_reason", "baseline_date", "plan_moves", "plan_moved_days"]
MILESTONE_FIELDS += ["late_done_days"]


def _headers(sheet):
    return [col.header for col in fmt.SHEETS[sheet]] + [zh for zh, _en in fmt.EXTRAS[sheet]]


def _label(choices, code):
    return _chinese_labels(choices)[code] if code else ""


@functools.cache
def _chinese_labels(choices):
    return {code: fmt.chinese_label(choices, code) for code in choices.values}


def _chunks(entries, as_of):
    """Lists of at most CHUNK entries with status, explanation, report flag, project and lead unit loaded."""
    rows = entries.with_status(as_of).with_report_status(as_of).with_accountability(as_of)
    rows = rows.select_related("project", "project__lead_unit")
    rows = rows.order_by("project__code", "year")
    batch = []
    for entry in rows.iterator(chunk_size=CHUNK):
        batch.append(entry)
        if len(batch) == CHUNK:
            explain_rows(batch, as_of)
            yield batch
            batch = []
    if batch:
        explain_rows(batch, as_of)
        yield batch


def _responsible(project_ids):
    """{project id: [(unit id, full name)]} in one query."""
    through = Project.responsible_units.through
    result = defaultdict(list)
    rows = (
        through.objects.filter(project_id__in=project_ids)
        .order_by("id")
        .values_list("project_id", "unit_id", "unit__name")
    )
    for project_id, unit_id, name in rows:
        result[project_id].append((unit_id, name))
    return result


def project_values(entry, responsible, as_of):
    """The format's columns of one list entry, then its status columns (with the report's marker) and its
    accountability (`with_accountability`)."""
    p = entry.project
    return [
        p.code,
        p.name,
        entry.year,
        _label(ListEntry.Batch, entry.batch),
        p.lead_unit.name,
        "、".join(name for _uid, name in responsible),
        _label(Project.Level, p.level),
        p.category,
        p.area,
        p.scope,
        p.responsible_leader,
        p.owner_entity,
        p.total_investment,
        entry.annual_plan_investment,
        p.planned_start,
        p.planned_finish,
        p.actual_start,
        p.actual_finish,
        entry.in_stats_date,
        str(entry.status_label),
        _("未按时填报") if entry.report_late else "",
        entry.red_count,
        entry.yellow_count,
        entry.green_count,
        entry.blue_count,
        entry.explanation,
        entry.plan_moves,
        entry.plan_moved_days,
        entry.late_done_count,
        entry.late_done_days,
    ]


SUBTOTAL = "汇总"  # not a sheet of the format: the import ignores it
SUBTOTAL_HEADERS = ["项目数", "年度计划投资(万元)", "1–N月完成投资(万元)", "完成率(%)", "已过月数", "截止日期"]


def write_subtotal(book, entries, as_of, year, count):
    """Sheet 汇总: the totals row of the list page's summary bar for the same rows (`list_subtotal`)."""
    subtotal = list_subtotal(entries, year, as_of, count)
    rate = subtotal.rate.quantize(Decimal("0.1")) if subtotal.rate is not None else None
    sheet = book.sheet(SUBTOTAL, SUBTOTAL_HEADERS, widths={h: 20 for h in SUBTOTAL_HEADERS})
    sheet.append([subtotal.count, subtotal.plan, subtotal.ytd, rate, subtotal.months, as_of])


def write_list_xlsx(entries, as_of, stream, year=None):
    """Write the entries (a filtered ListEntry queryset of `year`'s list, by default the as-of date's) as a workbook:
    sheets 单位, 项目, 节点, and 汇总 with their totals."""
    book = Workbook(stream, fills=STATUS_FILLS)
    names = (fmt.UNITS, fmt.PROJECTS, fmt.MILESTONES)
    sheets = {name: book.sheet(name, _headers(name), widths=WIDTHS) for name in names}
    project_status = len(fmt.SHEETS[fmt.PROJECTS])
    milestone_status = len(fmt.SHEETS[fmt.MILESTONES])
    colors = {color.value: color for color in Color}
    labels = {color.value: str(color.label) for color in Color}
    thresholds = Thresholds.current()
    unit_ids, count = set(), 0
    for batch in _chunks(entries, as_of):
        count += len(batch)
        project_ids = [entry.project_id for entry in batch]
        responsible = _responsible(project_ids)
        milestones = defaultdict(list)
        rows = (
            Milestone.objects.filter(project_id__in=project_ids)
            .with_status(as_of)
            .with_accountability(as_of)
            .order_by("project_id", "seq")
            .values_list(*MILESTONE_FIELDS)
        )
        for row in rows:
            milestones[row[0]].append(row)
        for entry in batch:
            unit_ids.add(entry.project.lead_unit_id)
            unit_ids.update(uid for uid, _name in responsible[entry.project_id])
            values = project_values(entry, responsible[entry.project_id], as_of)
            sheets[fmt.PROJECTS].append(values, entry.status, project_status)
            code = entry.project.code
            for _pid, seq, name, planned, actual, unit_id, unit, note, status, exempt, reason, *held in milestones.pop(
                entry.project_id, []
            ):
                unit_ids.add(unit_id)
                text = explain_milestone(name, planned, actual, exempt, reason, colors[status], as_of, thresholds)
                baseline, moves, moved_days, late_days = held
                if exempt:  # an exempt milestone counts nowhere (reporting.md section 4)
                    moves = moved_days = late_days = None
                # 计划调整理由 left empty: it is asked for only on a row that moves a plan.
                values = [code, seq, name, planned, actual, unit, note, "", labels[status], text, baseline]
                values += [moves, moved_days, late_days]
                sheets[fmt.MILESTONES].append(values, status, milestone_status)
    unit_ids.discard(None)
    units = Unit.objects.filter(pk__in=unit_ids).order_by("sort_order", "name")
    for unit in units.iterator(chunk_size=CHUNK):
        sheets[fmt.UNITS].append([unit.name, unit.short_name, _label(Unit.Kind, unit.kind), unit.contact, unit.phone])
    write_subtotal(book, entries, as_of, year or as_of.year, count)
    book.close()


def write_list_csv(entries, as_of, stream, year=None):
    """Write the 项目 sheet with its status columns as CSV (UTF-8 with BOM, for Excel) to a binary stream."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(_headers(fmt.PROJECTS))
    for batch in _chunks(entries, as_of):
        responsible = _responsible([entry.project_id for entry in batch])
        for entry in batch:
            values = project_values(entry, responsible[entry.project_id], as_of)
            writer.writerow([_csv_value(value) for value in values])
    text.flush()
    text.detach()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def template_rows(year):
    """Example rows named 示例… on `year`'s list, so that the template imports as it is into any database, the demo's
    too: no real unit (a real 建设局, say) and no code of the demo (GX-…) or of a real list."""
    code = f"示例-{year}-001"
    return {
        fmt.UNITS: ["示例区管委会示例局", "示例局", "管委会部门", "张三", "023-00000000"],
        fmt.PROJECTS: [
            code,
            "示例道路改造工程",
            year,
            "在建",
            "示例局",
            None,
            "区级重点",
            "基础设施",
            "北片区",
            "道路改造 3.2 公里",
            "王五",
            "示例城投公司",
            32000,
            12000,
            dt.date(year - 1, 10, 1),
            dt.date(year + 1, 6, 30),
            dt.date(year - 1, 10, 15),
            None,
            dt.date(year - 1, 11, 30),
        ],  # fmt: skip
        fmt.MILESTONES: [code, 1, "取得施工许可", dt.date(year - 1, 9, 30), dt.date(year - 1, 9, 20), "示例局", "", ""],
    }


def template_notes():
    """Notes on the template's headers that need more than their name: {sheet: {header: note}}."""
    reason = fmt.column(fmt.MILESTONES, "change_reason")
    note = _("修改已有节点的计划完成时间时必填（最多 %(max)s 个字符），记入变更历史；新增节点或计划时间不变时留空。")
    return {fmt.MILESTONES: {reason.header: note % {"max": reason.max_length}}}


def write_template_xlsx(stream, year):
    """An empty workbook with the headers of the three sheets (notes on those that need one) and one example row
    each, on `year`'s list."""
    book = Workbook(stream)
    rows, notes = template_rows(year), template_notes()
    for name in (fmt.UNITS, fmt.PROJECTS, fmt.MILESTONES):
        headers = [col.header for col in fmt.SHEETS[name]]
        book.sheet(name, headers, widths=WIDTHS, notes=notes.get(name)).append(rows[name])
    book.close()
