"""Permission rows for attachments: a photo of a report of project_a (unit A) is opened by unit A's staff and the
managers, never by unit B's staff (404: outside their scope); removal is POST only, for the uploader and managers."""

from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import services
from evidence.models import Attachment
from tests.evidence_files import make_report, photo
from tests.permission_rows import Row

SEE = {"staff_a": 200, "staff_b": 404, "manager": 200, "admin": 200}


def photo_a(w):
    """A photo on a report of project_a, added by staff_a, made on first use (per path: a removal deletes it)."""
    if "photo_a" not in w or not Attachment.objects.filter(pk=w["photo_a"].pk).exists():
        report = w.get("report_a") or make_report(w["project_a"])
        w["report_a"] = report
        services.attach(report, services.prepare([SimpleUploadedFile("现场.jpg", photo())]), w["users"]["staff_a"])
        w["photo_a"] = Attachment.objects.latest("pk")
    return w["photo_a"]


ROWS = [
    Row("evidence:page", lambda w: f"/evidence/{photo_a(w).pk}/", get=SEE),
    Row("evidence:file", lambda w: f"/evidence/{photo_a(w).pk}/file/", get=SEE),
    Row("evidence:thumbnail", lambda w: f"/evidence/{photo_a(w).pk}/thumb/", get=SEE),
    Row(
        "evidence:delete",
        lambda w: f"/evidence/{photo_a(w).pk}/delete/",
        get={"staff_a": 405, "staff_b": 405, "manager": 405, "admin": 405},
        post={"staff_a": 302, "staff_b": 404, "manager": 302, "admin": 302},
    ),
]
