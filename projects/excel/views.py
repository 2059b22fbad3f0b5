"""Pages for the project-list workbook: upload with a dry-run preview, confirm, template, exports.

The uploaded bytes are read in memory and kept between preview and confirm in the database for the uploader
(`PendingImport`, claimed by a token in the preview's form), never written as a file or to media storage; the import
deletes it in its own transaction, so after a failed or cut-off import the preview can be confirmed again.
"""

import io

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from portal.spreadsheets import XLSX_TYPE, export_filename, file_response

from ..filters import CODES_MAX, ListEntryFilter, OverdueFilter
from ..models import ListEntry, PendingImport
from .exporter import write_list_csv, write_list_xlsx, write_template_xlsx
from .forms import UploadForm, max_upload_bytes
from .importer import import_workbook
from .reports import overdue_filename, write_overdue_csv, write_overdue_xlsx

ERRORS_SHOWN = 500
CSV_TYPE = "text/csv; charset=utf-8"


class ImportPermission(PermissionRequiredMixin):
    permission_required = "projects.import_list"
    raise_exception = True


class ImportView(ImportPermission, View):
    """GET: the upload form. POST: check the file (dry run) and show the preview or the errors."""

    def get(self, request):
        return render(request, "projects/import.html", {"form": UploadForm()})

    def post(self, request):
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > max_upload_bytes() + 64 * 1024
        form = UploadForm(request.POST, request.FILES, too_big=too_big)
        PendingImport.objects.forget(request.user)
        if not form.is_valid():
            return render(request, "projects/import.html", {"form": form})
        upload = form.cleaned_data["file"]
        data = upload.read()
        result = import_workbook(io.BytesIO(data), upload.name, user=request.user, dry_run=True)
        token = PendingImport.objects.keep(request.user, result.filename, data) if result.ok else None
        return render(request, "projects/import.html", _context(UploadForm(), result, token))


class ImportConfirmView(ImportPermission, View):
    """Apply the file checked on the preview (kept until then), then show what was done."""

    http_method_names = ["post"]

    def post(self, request):
        pending = PendingImport.objects.claim(request.user, request.POST.get("token", ""))
        if pending is None:
            if PendingImport.objects.filter(user=request.user).exists():
                messages.error(
                    request, _("这份预览已被您之后上传的文件取代，未导入。请在最新一次上传的预览中确认，或重新上传。")
                )
            else:
                messages.error(request, _("没有待确认的导入文件或已过期，请重新上传。"))
            return redirect("projects:import")
        result = import_workbook(io.BytesIO(bytes(pending.data)), pending.filename, user=request.user, pending=pending)
        if result.ok:
            messages.success(request, _("导入完成：%(name)s") % {"name": result.filename})
        context = _context(UploadForm(), result, None)
        context["list_links"] = list_links(result.listed) if result.applied else []
        return render(request, "projects/import.html", context)


def list_links(listed):
    """Per year of an applied import, the project list showing its projects ({year, count, url}): by their codes
    (the list's `codes` filter) when they fit in one, else the year's whole list."""
    links = []
    for year, codes in listed.items():
        query = {"year": year}
        if len(codes) <= CODES_MAX and not any("," in code for code in codes):
            query["codes"] = ",".join(codes)
        links.append({"year": year, "count": len(codes), "url": f"{reverse('projects:list')}?{urlencode(query)}"})
    return links


def _context(form, result, token):
    return {
        "form": form,
        "result": result,
        "token": token,
        "errors_shown": result.errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN),
    }


class TemplateView(ImportPermission, View):
    def get(self, request):
        year = timezone.localdate().year
        name = _("项目清单导入模板_%(year)s.xlsx") % {"year": year}
        return file_response(name, lambda stream: write_template_xlsx(stream, year), XLSX_TYPE)


class ExportView(View):
    """The list filtered by the list page's query string (year, as_of, batch, status, …) as a download."""

    extension = "xlsx"
    content_type = XLSX_TYPE
    writer = staticmethod(write_list_xlsx)

    def get(self, request):
        filterset = ListEntryFilter(request.GET, queryset=ListEntry.objects.all(), request=request)
        as_of = filterset.as_of_date
        # Invalid filters export nothing, as the page then lists nothing.
        entries = filterset.qs if filterset.is_valid() else ListEntry.objects.none()
        return file_response(
            export_filename(_("项目清单"), filterset.list_year, as_of, self.extension),
            lambda stream: self.writer(entries, as_of, stream, year=filterset.list_year),
            self.content_type,
        )


class CsvExportView(ExportView):
    extension = "csv"
    content_type = CSV_TYPE
    writer = staticmethod(write_list_csv)


class OverdueExportView(View):
    """The overdue list with the page's filters as an Excel workbook (colored, labelled status cells)."""

    extension = "xlsx"
    content_type = XLSX_TYPE
    writer = staticmethod(write_overdue_xlsx)

    def get(self, request):
        filterset = OverdueFilter(request.GET)
        write = lambda stream: self.writer(filterset, stream)  # noqa: E731
        return file_response(overdue_filename(filterset, self.extension), write, self.content_type)


class OverdueCsvExportView(OverdueExportView):
    extension = "csv"
    content_type = CSV_TYPE
    writer = staticmethod(write_overdue_csv)
