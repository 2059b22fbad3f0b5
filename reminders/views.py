"""The reminders' pages: where a login lands, 我的待办 (/my/), the 未报 summary with its workbook, and 催报."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import require
from portal.dates import YearAsOfForm
from portal.redirects import next_url
from portal.spreadsheets import export_filename, xlsx_response

from . import services
from .forms import ChaseForm
from .unreported import summary, write_xlsx
from .work import manager_work, request_work_counts, staff_work


def landing(request):
    """Where a login lands (LOGIN_REDIRECT_URL): managers on the dashboard, unit staff on 我的待办."""
    user = request.user
    if user.is_manager or user.unit_id is None:
        return redirect("dashboard")
    return redirect("reminders:my")


def my_work(request):
    """我的待办: staff see their unit's items, managers the zone's (today; nothing to choose)."""
    today = timezone.localdate()
    counts = request_work_counts(request)
    user = request.user
    context = {"today": today, "counts": counts, "is_manager": user.is_manager, "due_soon_days": settings.DUE_SOON_DAYS}
    if user.is_manager:
        work = context["work"] = manager_work(today, counts)
        context["manager_order_sections"] = [
            (
                work.to_verify,
                "to-verify",
                _("待核验的督办反馈"),
                _("已反馈、等待核验办结或退回的督办单。"),
                _("没有待核验的反馈。"),
            ),
            (
                work.replies_overdue,
                "replies-overdue",
                _("逾期未反馈的督办单"),
                _("已过办理时限仍未反馈的督办单，逾期最久的在前。"),
                _("没有逾期未反馈的督办单。"),
            ),
        ]
    elif user.unit_id is not None:
        context["work"] = staff_work(user, today, counts)
    return render(request, "reminders/my.html", context)


def unreported(request):
    """未报汇总 (managers): units × months of a year's list as of a date; 催报 buttons when as of today."""
    require(request.user.is_manager)
    form = YearAsOfForm(request.GET)
    table = summary(form.list_year, form.as_of_date)
    context = {
        "form": form,
        "summary": table,
        "months": range(1, 13),
        "can_chase": form.as_of_date == timezone.localdate(),
        "export_url": reverse("reminders:unreported_xlsx") + "?" + request.GET.urlencode(),
    }
    return render(request, "reminders/unreported.html", context)


def unreported_xlsx(request):
    require(request.user.is_manager)
    form = YearAsOfForm(request.GET)
    table = summary(form.list_year, form.as_of_date)
    filename = export_filename(_("月度进展未报汇总"), table.year, table.as_of, "xlsx")
    return xlsx_response(filename, lambda workbook: write_xlsx(table, workbook))


def chase(request):
    """催报 (managers, POST): record the chase of a unit's missing reports of a month and remind its staff."""
    require(request.user.is_manager)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = next_url(request) or reverse("reminders:unreported")
    form = ChaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("催报未完成：单位或月份无效。"))
        return redirect(back)
    unit, year, month = (form.cleaned_data[name] for name in ("unit", "year", "month"))
    try:
        chased, reminded = services.chase_reports(unit, year, month, user=request.user, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        values = {"unit": unit, "year": year, "month": month, "n": chased.missing, "people": len(reminded)}
        messages.success(
            request, _("已向%(unit)s催报 %(year)s年%(month)s月进展：%(n)s 个项目未报，提醒 %(people)s 人。") % values
        )
    return redirect(back)
