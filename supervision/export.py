"""The ledger as an xlsx workbook (portal.spreadsheets: frozen header, autofilter, widths, A4 landscape): the rows of
the filtered page, in its order."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.spreadsheets import export_filename, xlsx_response

from .choices import Cause
from .filters import LedgerFilter
from .models import days_overdue
from .tables import LedgerTable

# (header, width in characters)
COLUMNS = [
    (gettext_lazy("编号"), 20),
    (gettext_lazy("督办等级"), 10),
    (gettext_lazy("状态"), 10),
    (gettext_lazy("逾期未反馈天数"), 10),
    (gettext_lazy("项目编号"), 14),
    (gettext_lazy("项目名称"), 30),
    (gettext_lazy("主办单位"), 16),
    (gettext_lazy("协办单位"), 20),
    (gettext_lazy("交办日期"), 12),
    (gettext_lazy("办理时限"), 12),
    (gettext_lazy("原因分类"), 14),
    (gettext_lazy("事由"), 50),
    (gettext_lazy("整改要求"), 40),
]


def ledger_records(request):
    """The filter set and the filtered orders in the order of the page (its `sort` parameter, else the table's)."""
    filterset = LedgerFilter(request.GET)
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    table = LedgerTable(rows.prefetch_related("co_units"), as_of=filterset.as_of, order_by=request.GET.get("sort"))
    return filterset, list(table.data)


def ledger_xlsx(request):
    filterset, orders = ledger_records(request)
    as_of = filterset.as_of

    def write(book):
        headers = [str(header) for header, _width in COLUMNS]
        sheet = book.sheet(_("督办台账"), headers, widths={str(header): width for header, width in COLUMNS})
        for order in orders:
            sheet.append(
                [
                    order.number or _("草稿"),
                    order.get_level_display(),
                    order.get_state_display(),
                    days_overdue(order, as_of),
                    order.project.code,
                    order.project.name,
                    order.lead_unit.short_name,
                    "、".join(u.short_name for u in order.co_units.all()),
                    order.issued_on,
                    order.reply_due,
                    str(Cause(order.cause).label) if order.cause else "",
                    order.reason,
                    order.requirements,
                ]
            )

    return xlsx_response(export_filename(_("督办台账"), filterset.year, as_of, "xlsx"), write)
