"""The overdue list as a report (xlsx and CSV), rows as filtered on the page."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.spreadsheets import STATUS_FILLS, Workbook, csv_text, export_filename

from ..explain import explain_milestones

OVERDUE_WIDTHS = {"项目名称": 30, "节点": 24, "批次": 8, "逾期天数": 9, "状态": 18, "月报填报": 12, "说明": 60}
OVERDUE_WIDTHS.update({"计划完成时间": 13, "存在问题": 40, "需协调事项": 40, "基线计划时间": 13})
CHUNK = 500
# The milestone's moves later of its plan (reporting.md section 4), after its baseline date.
ACCOUNTABILITY_HEADERS = [gettext_noop("调整计划次数"), gettext_noop("调整计划天数")]


def overdue_header():
    names = ["项目编号", "项目名称", "批次", "牵头单位", "责任单位", "节点", "计划完成时间", "逾期天数", "状态"]
    names += ["月报填报", "说明", "责任领导", "联系人", "联系电话", "存在问题", "需协调事项"]
    names += ["基线计划时间", *ACCOUNTABILITY_HEADERS]
    return [_(name) for name in names]


def overdue_rows(filterset):
    """(status, values) per milestone in the filter's order, the values as written to the files; none while the
    filters are invalid (the page lists nothing then)."""
    if not filterset.is_valid():
        return
    chunk = []
    for m in filterset.qs.with_accountability(filterset.as_of_date).iterator(chunk_size=CHUNK):
        chunk.append(m)
        if len(chunk) == CHUNK:
            yield from _values(chunk, filterset.as_of_date)
            chunk = []
    yield from _values(chunk, filterset.as_of_date)


def _values(milestones, as_of):
    explain_milestones(milestones, as_of)
    late = _("未按时填报")
    for m in milestones:
        unit = m.unit.short_name if m.unit else ""
        lead = m.project.lead_unit.short_name
        values = [m.project.code, m.project.name, str(m.batch_label), lead, unit, m.name, m.planned_date]
        values += [m.days_overdue, str(m.status_label), late if m.report_late else "", m.explanation]
        contact = m.contact_unit
        values += [m.project.responsible_leader, contact.contact, contact.phone]
        values += [m.latest_problems or "", m.latest_coordination or ""]
        yield m.status, [*values, m.baseline_date, m.plan_moves, m.plan_moved_days]


def overdue_filename(filterset, ext):
    return export_filename(_("逾期督办"), filterset.list_year, filterset.as_of_date, ext)


def write_overdue_xlsx(filterset, stream):
    year, as_of = filterset.list_year, filterset.as_of_date
    title = f"{_('逾期督办')} · {_('清单年度')} {year} · {_('截止日期')} {as_of}"
    book = Workbook(stream, fills=STATUS_FILLS)
    widths = {_(name): width for name, width in OVERDUE_WIDTHS.items()}
    sheet = book.sheet(_("逾期督办"), overdue_header(), widths=widths, title=title)
    for status, row in overdue_rows(filterset):
        sheet.append(row, status, 8)
    book.close()


def write_overdue_csv(filterset, stream):
    """UTF-8 with BOM, so that Excel reads the Chinese."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(overdue_header())
    for _status, row in overdue_rows(filterset):
        row[6], row[16] = row[6].isoformat(), row[16].isoformat()
        writer.writerow([csv_text(value) if isinstance(value, str) else value for value in row])
    text.flush()
    text.detach()
