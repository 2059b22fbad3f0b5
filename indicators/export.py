"""The indicator list as an xlsx workbook, rows as filtered on the page."""

from django.utils.translation import gettext as _

from portal.spreadsheets import STATUS_FILLS, xlsx_response

from . import explain as ex
from .status import IndicatorColor

WIDTHS = {"指标": 24, "说明": 60, "状态": 16, "累计值": 12, "累计同比增长（%）": 12, "期间": 10, "计量单位": 8}


def _number(value):
    return None if value is None else float(value)


def _rounded(value):
    return None if value is None else round(float(value), 1)


def workbook_response(rows, year, period):
    """An attachment 经济指标_<year>_<period>.xlsx with one line per indicator row (annotated rows)."""
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
        _("累计同比增长（%）"),
        _("完成率（%）"),
        _("序时进度（%）"),
        _("状态"),
        _("说明"),
    ]
    title = _("%(year)s 年 %(period)s 经济指标") % {"year": year, "period": ex.period_label(period)}
    widths = {_(name): width for name, width in WIDTHS.items()}

    def write(book):
        sheet = book.sheet(_("经济指标"), header, widths=widths, title=title)
        for row in rows:
            values = [
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
                _rounded(ex.completion(row)),
                _rounded(ex.progress(row)),
                str(IndicatorColor(row.status).label),
                ex.explain(row, year),
            ]
            sheet.append(values, row.status, len(values) - 2)

    filename = _("经济指标_%(year)s_%(period)s.xlsx") % {"year": year, "period": ex.period_label(period)}
    return xlsx_response(filename, write, fills=STATUS_FILLS)
