"""The ranking's page and workbook: every logged-in user reads them (staff and managers)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.dates import YearAsOfForm
from portal.spreadsheets import xlsx_response

from .table import ranking_table, write_xlsx


@require_GET
def page(request):
    """红黄榜 of a year's list as of a date (`year`, `as_of` in the query string)."""
    form = YearAsOfForm(request.GET)
    table = ranking_table(form.list_year, form.as_of_date)
    export_url = reverse("ranking:xlsx") + ("?" + request.GET.urlencode() if request.GET else "")
    return render(request, "ranking/page.html", {"form": form, "table": table, "export_url": export_url})


@require_GET
def xlsx(request):
    form = YearAsOfForm(request.GET)
    table = ranking_table(form.list_year, form.as_of_date)
    filename = _("红黄榜_%(year)s_截至%(day)s.xlsx") % {"year": table.year, "day": table.as_of.isoformat()}
    return xlsx_response(filename, lambda workbook: write_xlsx(table, workbook))
