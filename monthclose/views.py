"""The month's close pages (thin: the rules are in services, the reads in results, trends, changes and bulletin).

Everyone logged in reads closed months, trends, changes and bulletins; managers close a month; administrators
reopen one with a reason.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import require
from portal.spreadsheets import xlsx_response
from projects.models import Unit

from . import services, trends
from .bulletin import bulletin_context
from .bulletin_files import bulletin_docx, write_bulletin_xlsx
from .changes import month_changes
from .forms import CloseForm, ReopenForm, TrendForm
from .models import ClosedMonth
from .results import closed_month

# Rows of each list on the bulletin page (red projects, each change, orders); the files and the changes page hold all.
BULLETIN_PAGE_ROWS = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _closed_or_404(request, year, month):
    version = request.GET.get("version", "")
    closed = closed_month(year, month, int(version) if version.isdigit() else None)
    if closed is None:
        raise Http404(_("该月未关账"))
    return closed


def month_list(request, close_form=None, reopen_form=None, status=200):
    """Closed months with their versions; managers close a month that has ended."""
    user = request.user
    today = timezone.localdate()
    context = {
        "versions": ClosedMonth.objects.latest_first().select_related("closed_by", "reopened_by"),
        "can_close": user.is_manager,
        "can_reopen": services.can_reopen(user),
        "to_close": services.months_to_close(today, today.year - 1) + services.months_to_close(today, today.year)
        if user.is_manager
        else [],
        "close_form": close_form or CloseForm(),
        "reopen_form": reopen_form or ReopenForm(),
    }
    return render(request, "monthclose/months.html", context, status=status)


def close(request):
    require(request.user.is_manager)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CloseForm(request.POST)
    if form.is_valid():
        year, month = form.cleaned_data["year"], form.cleaned_data["month"]
        try:
            closed = services.close_month(year, month, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(month)s已关账（第%(version)s版）") % {"month": closed.label, "version": closed.version}
            )
            return redirect("monthclose:bulletin", closed.year, closed.month)
    return month_list(request, close_form=form, status=400)


def reopen(request, year, month):
    require(services.can_reopen(request.user))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            closed = services.reopen_month(year, month, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(month)s已重新打开，原结果保留为第%(version)s版")
                % {"month": closed.label, "version": closed.version},
            )
            return redirect("monthclose:months")
    return month_list(request, reopen_form=form, status=400)


def bulletin(request, year, month):
    """月度通报: the page to read and print (A4)."""
    closed = _closed_or_404(request, year, month)
    context = bulletin_context(closed, limit=BULLETIN_PAGE_ROWS)
    query = f"?version={closed.version}" if not closed.is_current else ""
    context.update(
        docx_url=reverse("monthclose:bulletin_docx", args=[year, month]) + query,
        xlsx_url=reverse("monthclose:bulletin_xlsx", args=[year, month]) + query,
        changes_url=reverse("monthclose:changes", args=[year, month]) + query,
    )
    return render(request, "monthclose/bulletin.html", context)


def bulletin_docx_view(request, year, month):
    closed = _closed_or_404(request, year, month)
    response = HttpResponse(bulletin_docx(closed), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bulletin-{year}-{month:02d}-v{closed.version}.docx"'
    return response


def bulletin_xlsx_view(request, year, month):
    closed = _closed_or_404(request, year, month)
    filename = f"bulletin-{year}-{month:02d}-v{closed.version}.xlsx"
    return xlsx_response(filename, lambda workbook: write_bulletin_xlsx(closed, workbook))


def changes(request, year, month):
    """The month's changes against the month before, each a list linking to the projects."""
    closed = _closed_or_404(request, year, month)
    return render(request, "monthclose/changes.html", {"closed": closed, "changes": month_changes(closed)})


def trend(request):
    """Projects per color per closed month of a year: the zone, or one batch; the units' pages linked."""
    form = TrendForm(request.GET)
    year, batch = form.list_year, form.batch_value
    counts = trends.project_counts(year, batch=batch or None)
    context = {
        "form": form,
        "year": year,
        "chart": trends.chart(counts),
        "rows": trends.table(counts),
        "units": Unit.objects.filter(is_active=True).order_by("sort_order", "name"),
    }
    return render(request, "monthclose/trend.html", context)


def unit_trend(request, pk):
    """A unit's trend: the projects it leads per color, and the milestones it owns, per closed month."""
    unit = get_object_or_404(Unit, pk=pk)
    form = TrendForm(request.GET)
    year = form.list_year
    projects = trends.project_counts(year, unit_id=unit.pk)
    milestones = trends.milestone_counts(year, unit.pk)
    context = {
        "form": form,
        "year": year,
        "unit": unit,
        "project_chart": trends.chart(projects),
        "project_rows": trends.table(projects),
        "milestone_chart": trends.chart(milestones),
        "milestone_rows": trends.table(milestones),
    }
    return render(request, "monthclose/unit_trend.html", context)
