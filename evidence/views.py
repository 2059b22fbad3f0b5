"""Attachments are served only here, after the rights check (`access`): with their own content type (never one
the browser could run), `Content-Disposition`, `X-Content-Type-Options: nosniff` and a policy that forbids any
script; optionally handed to nginx (`X-Accel-Redirect`, EVIDENCE_X_ACCEL_PREFIX) for a file-system storage."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import require
from portal.redirects import next_url

from . import services
from .access import can_remove, get_attachment_for_user
from .models import Kind

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _content_type(name):
    suffix = name[name.rfind(".") :].lower()
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def _download_name(attachment, stored_name):
    """The original name with the kept file's extension (a re-encoded HEIC or WebP is a JPEG now)."""
    stem = attachment.original_name.rsplit(".", 1)[0] or "file"
    return stem + stored_name[stored_name.rfind(".") :]


def _serve(field, filename, inline):
    name = field.name
    disposition = "inline" if inline else "attachment"
    header = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    prefix = settings.EVIDENCE_X_ACCEL_PREFIX
    if prefix and isinstance(field.storage, FileSystemStorage):
        response = HttpResponse(content_type=_content_type(name))
        response["X-Accel-Redirect"] = prefix + quote(name)
    else:
        try:
            handle = field.storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(handle, content_type=_content_type(name))
    response["Content-Disposition"] = header
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_file(request, pk):
    """The kept file: photos inline (they show in the page), documents as downloads."""
    attachment = get_attachment_for_user(request, pk)
    filename = _download_name(attachment, attachment.file.name)
    return _serve(attachment.file, filename, inline=attachment.kind == Kind.IMAGE)


def attachment_thumbnail(request, pk):
    attachment = get_attachment_for_user(request, pk)
    if not attachment.thumbnail:
        raise Http404
    return _serve(attachment.thumbnail, _download_name(attachment, attachment.thumbnail.name), inline=True)


def attachment_page(request, pk):
    """The photo large (or the document's link) with its capture time and place and where it belongs."""
    attachment = get_attachment_for_user(request, pk)
    context = {"a": attachment, "project": attachment.project, "can_remove": can_remove(request.user, attachment)}
    return render(request, "evidence/page.html", context)


@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for_user(request, pk)
    require(can_remove(request.user, attachment))
    services.remove(attachment)
    messages.success(request, _("已删除佐证材料「%(name)s」") % {"name": attachment.original_name})
    return redirect(next_url(request) or reverse("projects:detail", args=[attachment.project_id]) + "#evidence")
