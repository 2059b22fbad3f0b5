"""Export a filtered list in the import format (plus read-only status columns), and the empty template.

The list is read in chunks (`.iterator(chunk_size=CHUNK)`) with statuses annotated in SQL; each chunk costs
two more queries (responsible units, milestones), so memory and queries stay bounded whatever the row count.
The workbook is written by openpyxl in write-only mode.
"""

import csv
import datetime as dt
import io
from collections import defaultdict
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from ..explain import explain_milestone
from ..models import ListEntry, Milestone, Project, Unit
from ..querysets import explanation
from ..status import Color
from . import format as fmt

CHUNK = 2000
WIDTHS = {"项目名称": 36, "建设内容": 40, "状态说明": 60, "节点名称": 30, "单位名称": 30, "牵头单位": 24}


def _headers(sheet):
    return [col.header for col in fmt.SHEETS[sheet]] + [zh for zh, _en in fmt.EXTRAS[sheet]]


def _label(choices, code):
    return fmt.chinese_label(choices, code) if code else ""


def _chunks(entries, as_of):
    """Lists of at most CHUNK entries with status, explanation, project and lead unit loaded."""
    rows = (
        entries.with_status(as_of)
        .with_explanation(as_of)
        .select_related("project", "project__lead_unit")
        .order_by("project__code", "year")
    )
    batch = []
    for entry in rows.iterator(chunk_size=CHUNK):
        batch.append(entry)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
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
    """The format's columns of one list entry, then its status columns."""
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
        str(Color(entry.status).label),
        entry.red_count,
        entry.yellow_count,
        entry.green_count,
        entry.blue_count,
        explanation(entry, as_of),
    ]


def _styled_cell(sheet, value, key, **style):
    """A write-only cell with a style, the style resolved once per sheet and key.

    Assigning a style to a cell makes openpyxl hash the style object and look it up in the workbook's
    collections, for every cell (a third of the export's time at 100,000 milestones); a prepared style
    array is copied instead."""
    arrays = sheet.__dict__.setdefault("_export_style_arrays", {})
    if key not in arrays:
        prototype = WriteOnlyCell(sheet)
        for name, value_ in style.items():
            setattr(prototype, name, value_)
        arrays[key] = prototype._style
    return Cell(sheet, row=1, column=1, value=value, style_array=copy(arrays[key]))


def _status_cell(sheet, status, label):
    if status not in fmt.STATUS_FILLS:
        return WriteOnlyCell(sheet, value=label)
    fill = PatternFill(fill_type="solid", start_color=fmt.STATUS_FILLS[status], end_color=fmt.STATUS_FILLS[status])
    return _styled_cell(sheet, label, ("fill", status), fill=fill)


def _header_row(sheet, headers):
    for index, header in enumerate(headers):
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(header, 14)
    sheet.freeze_panes = "A2"
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _dated(sheet, values):
    """Cells with dates shown as yyyy-mm-dd."""
    cells = []
    for value in values:
        if isinstance(value, dt.date):
            cells.append(_styled_cell(sheet, value, "date", number_format="yyyy-mm-dd"))
        else:
            cells.append(value)
    return cells


def write_list_xlsx(entries, as_of, stream):
    """Write the entries (a filtered ListEntry queryset) as a workbook: sheets 单位, 项目, 节点."""
    workbook = Workbook(write_only=True)
    units_sheet = workbook.create_sheet(fmt.UNITS)
    projects_sheet = workbook.create_sheet(fmt.PROJECTS)
    milestones_sheet = workbook.create_sheet(fmt.MILESTONES)
    for sheet in (units_sheet, projects_sheet, milestones_sheet):
        _header_row(sheet, _headers(sheet.title))
    unit_ids = set()
    for batch in _chunks(entries, as_of):
        project_ids = [entry.project_id for entry in batch]
        responsible = _responsible(project_ids)
        milestones = defaultdict(list)
        rows = Milestone.objects.filter(project_id__in=project_ids).with_status(as_of).select_related("unit")
        for milestone in rows.order_by("project_id", "seq"):
            milestones[milestone.project_id].append(milestone)
        for entry in batch:
            unit_ids.add(entry.project.lead_unit_id)
            unit_ids.update(uid for uid, _name in responsible[entry.project_id])
            values = project_values(entry, responsible[entry.project_id], as_of)
            cells = _dated(projects_sheet, values)
            cells[-6] = _status_cell(projects_sheet, entry.status, values[-6])
            projects_sheet.append(cells)
            for m in milestones.pop(entry.project_id, []):
                unit_ids.add(m.unit_id)
                color = Color(m.status)
                text = explain_milestone(
                    m.name, m.planned_date, m.actual_date, m.is_exempt, m.exempt_reason, color, as_of
                )
                values = [entry.project.code, m.seq, m.name, m.planned_date, m.actual_date]
                values += [m.unit.name if m.unit else "", m.note, str(color.label), text]
                cells = _dated(milestones_sheet, values)
                cells[-2] = _status_cell(milestones_sheet, m.status, values[-2])
                milestones_sheet.append(cells)
    unit_ids.discard(None)
    units = Unit.objects.filter(pk__in=unit_ids).order_by("sort_order", "name")
    for unit in units.iterator(chunk_size=CHUNK):
        units_sheet.append([unit.name, unit.short_name, _label(Unit.Kind, unit.kind), unit.contact, unit.phone])
    workbook.save(stream)


def write_list_csv(entries, as_of, stream):
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
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


TEMPLATE_ROWS = {
    fmt.UNITS: ["示例区管委会建设局", "建设局", "管委会部门", "张三", "023-00000000"],
    fmt.PROJECTS: [
        "XM-2025-001",
        "示例道路改造工程",
        2025,
        "在建",
        "建设局",
        None,
        "区级重点",
        "基础设施",
        "北片区",
        "道路改造 3.2 公里",
        "王五",
        "示例城投公司",
        32000,
        12000,
        dt.date(2024, 10, 1),
        dt.date(2026, 6, 30),
        dt.date(2024, 10, 15),
        None,
    ],  # fmt: skip
    fmt.MILESTONES: ["XM-2025-001", 1, "取得施工许可", dt.date(2024, 9, 30), dt.date(2024, 9, 20), "建设局", ""],
}


def write_template_xlsx(stream):
    """An empty workbook with the headers of the three sheets and one example row each."""
    workbook = Workbook(write_only=True)
    for name in (fmt.UNITS, fmt.PROJECTS, fmt.MILESTONES):
        sheet = workbook.create_sheet(name)
        _header_row(sheet, [col.header for col in fmt.SHEETS[name]])
        sheet.append(_dated(sheet, TEMPLATE_ROWS[name]))
    workbook.save(stream)
