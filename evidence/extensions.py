"""What evidence adds to the pages of `projects` and `supervision` (named in the settings PROJECT_MARKERS,
PROJECT_PANELS and PROJECT_UPLOADS, see projects/extensions.py): the file field of the update forms and their save,
the project's gallery of photos by month, and the marker 无现场照片 (the latest report has no photo) with its list
filter."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from projects.extensions import Marker, Panel
from projects.models import ProgressReport

from . import services
from .access import sees_project_evidence
from .forms import evidence_form
from .models import Attachment, Kind


@dataclass(frozen=True)
class Uploads:
    template: str = "evidence/_upload.html"

    def form(self, request, owner=None):
        return evidence_form(request, owner)

    def save(self, write, form, user, milestone=None):
        """Run `write()` and keep the form's files on its result; with `milestone` (as it was before the write),
        the required-evidence rule applies to the new actual date."""
        check = services.required_evidence_check(milestone.actual_date) if milestone is not None else None
        return services.save_with_files(write, form.uploads, user, check=check)


uploads = Uploads()

GALLERY_FIELDS = ("pk", "kind", "month", "original_name", "taken_at", "width", "height", "project_id")


def _gallery(*, project, as_of, user):
    """The project's photos by month (newest first) and its documents, for who sees the project's evidence."""
    if not sees_project_evidence(user, project):
        return {"project": project, "evidence_hidden": True}
    rows = Attachment.objects.filter(project=project).only(*GALLERY_FIELDS).order_by("-month", "taken_at", "pk")
    photos, documents = [], []
    for row in rows:
        (photos if row.kind == Kind.IMAGE else documents).append(row)
    months = [{"month": month, "photos": list(items)} for month, items in groupby(photos, key=lambda a: a.month)]
    return {"project": project, "months": months, "documents": documents}


def latest_report_without_photo(ref="pk"):
    """Exists: the row's project has reports and its latest one (by year and month) has no photo."""
    latest = ProgressReport.objects.filter(project_id=OuterRef(OuterRef(ref))).order_by("-year", "-month")
    reports = ProgressReport.objects.filter(pk=Subquery(latest.values("pk")[:1]))
    return Exists(reports.filter(~Exists(Attachment.objects.filter(report_id=OuterRef("pk"), kind=Kind.IMAGE))))


def _latest_report_without_photo_on_milestone(ref="pk"):
    latest = ProgressReport.objects.filter(project__milestones=OuterRef(OuterRef(ref))).order_by("-year", "-month")
    reports = ProgressReport.objects.filter(pk=Subquery(latest.values("pk")[:1]))
    return Exists(reports.filter(~Exists(Attachment.objects.filter(report_id=OuterRef("pk"), kind=Kind.IMAGE))))


no_photo = Marker(
    key="no_photo",
    label=_("无现场照片"),
    filter_label=_("最新月报无照片"),
    on_project=latest_report_without_photo,
    on_milestone=_latest_report_without_photo_on_milestone,
)
gallery = Panel(template="evidence/_gallery.html", context=_gallery, stylesheet="evidence/evidence.css")
