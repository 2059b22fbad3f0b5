"""The indicator list as an xlsx workbook (openpyxl), rows as filtered on the page."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from projects.excel.format import plain_text
from projects.status import Color

from . import explain as ex


def _number(value):
    return None if value is None else float(value)


def workbook_response(rows, year, period):
    """An attachment `indicators-<year>-<period>.xlsx` with one line per indicator row (annotated rows)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("经济指标")
    ws.append([_("%(year)s 年 %(period)s 经济指标") % {"year": year, "period": ex.period_label(period)}])
    ws["A1"].font = Font(bold=True)
    header = [
        _("指标编码"),
        _("指标"),
        _("分组"),
        _("责任单位"),
        _("计量单位"),
        _("年度目标"),
        _("目标表述"),
        _("期间"),
        _("累计值"),
        _("累计同比增长(%)"),
        _("完成率(%)"),
        _("序时进度(%)"),
        _("状态"),
        _("说明"),
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(
            plain_text(
                ws,
                [
                    row.code,
                    row.name,
                    row.get_group_display(),
                    str(row.responsible_unit) if row.responsible_unit else "",
                    row.measure,
                    _number(row.target_value),
                    ex.comparator_label(row.target_comparator),
                    ex.period_label(row.period_month) if row.period_month else "",
                    _number(row.value_cum),
                    _number(row.growth_yoy),
                    None if ex.completion(row) is None else round(float(ex.completion(row)), 1),
                    None if ex.progress(row) is None else round(float(ex.progress(row)), 1),
                    str(Color(row.status).label),
                    ex.explain(row, year),
                ],
            )
        )
    for column, width in zip("ABCDEFGHIJKLMN", [12, 24, 10, 14, 8, 10, 8, 10, 12, 12, 10, 10, 16, 60], strict=True):
        ws.column_dimensions[column].width = width
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="indicators-{year}-{period}.xlsx"'
    return response
