"""The ledger as an xlsx workbook (XlsxWriter): the rows of the filtered page, in its order, with a frozen header,
an autofilter, column widths and an A4 landscape print setup (fit to width, header repeated on every page). Text
that Excel would run as a formula is written as text."""

import io

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .choices import Cause
from .filters import LedgerFilter
from .models import days_overdue
from .tables import LedgerTable


def header():
    return [
        _("编号"),
        _("督办等级"),
        _("状态"),
        _("逾期未反馈天数"),
        _("项目编号"),
        _("项目名称"),
        _("主办单位"),
        _("协办单位"),
        _("交办日期"),
        _("办理时限"),
        _("原因分类"),
        _("事由"),
        _("整改要求"),
    ]


WIDTHS = [20, 10, 10, 10, 14, 30, 16, 20, 12, 12, 14, 50, 40]


def ledger_records(request):
    """The filtered orders in the order of the page (its `sort` parameter, else the table's default)."""
    filterset = LedgerFilter(request.GET)
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    table = LedgerTable(rows.prefetch_related("co_units"), as_of=filterset.as_of, order_by=request.GET.get("sort"))
    return filterset, [row.record for row in table.rows]


def write_text(ws, row, col, value, fmt=None):
    """Text as text: a value starting with = + - @ stays a string, never a formula."""
    ws.write_string(row, col, str(value), fmt) if fmt else ws.write_string(row, col, str(value))


def ledger_xlsx(request):
    filterset, records = ledger_records(request)
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(_("督办台账"))
    bold = wb.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1, "text_wrap": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    for col, (title, width) in enumerate(zip(header(), WIDTHS, strict=True)):
        ws.write_string(0, col, title, bold)
        ws.set_column(col, col, width)
    as_of = filterset.as_of
    for r, order in enumerate(records, start=1):
        write_text(ws, r, 0, order.number or _("草稿"))
        write_text(ws, r, 1, order.get_level_display())
        write_text(ws, r, 2, order.get_state_display())
        ws.write_number(r, 3, days_overdue(order, as_of))
        write_text(ws, r, 4, order.project.code)
        write_text(ws, r, 5, order.project.name)
        write_text(ws, r, 6, order.lead_unit.short_name)
        write_text(ws, r, 7, "、".join(u.short_name for u in order.co_units.all()))
        if order.issued_on:
            ws.write_datetime(r, 8, order.issued_on, date)
        ws.write_datetime(r, 9, order.reply_due, date)
        write_text(ws, r, 10, Cause(order.cause).label if order.cause else "")
        write_text(ws, r, 11, order.reason, wrap)
        write_text(ws, r, 12, order.requirements, wrap)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(records), 1), len(WIDTHS) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    wb.close()
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"supervision-{filterset.year}-{as_of.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
