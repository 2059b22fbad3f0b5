"""Adding and removing attachments.

`prepare(files)` reads every uploaded file and refuses, file by file, what may not be kept (`sniff`, `images`, the
size limits); nothing is stored yet. `save_with_files(write, uploads, user)` then runs the owner's own write (filing
the report, recording the milestone's date, the reply) and stores the prepared files on its result, in one
transaction: when anything fails (the write, a file, a row, the required-evidence rule, the commit) the rows roll
back and the files already stored are deleted, so the storage keeps no orphan. It must be the outermost
transaction (durable), so that its end is the commit.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import images, sniff
from .models import Attachment, Kind, owner_field

MB = 1024 * 1024


@dataclass
class Upload:
    """A checked file, ready to be kept."""

    name: str
    kind: str
    content: bytes
    extension: str
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    taken_at: dt.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _mb(size):
    return f"{size / MB:.1f}"


def existing_bytes(owner):
    """The bytes already kept for `owner` (its per-object limit counts them)."""
    if owner is None or owner.pk is None:
        return 0
    return sum(Attachment.objects.of_owner(owner).values_list("size", flat=True))


def prepare(files, *, existing=0):
    """The uploads of `files` (Django's UploadedFile) checked and processed; ValidationError listing, file by file,
    every refusal (then nothing is kept of any of them)."""
    if len(files) > settings.EVIDENCE_MAX_FILES:
        raise ValidationError(
            _("一次最多上传 %(max)s 个文件，本次选择了 %(n)s 个")
            % {"max": settings.EVIDENCE_MAX_FILES, "n": len(files)}
        )
    errors, uploads, total = [], [], existing
    max_file = settings.EVIDENCE_MAX_FILE_MB * MB
    for file in files:
        name = file.name or "?"
        total += file.size
        if file.size > max_file:
            errors.append(
                _("「%(name)s」：文件大小 %(size)s MB，超过单个文件上限 %(max)s MB")
                % {"name": name, "size": _mb(file.size), "max": settings.EVIDENCE_MAX_FILE_MB}
            )
            continue
        try:
            uploads.append(_prepare_one(name, file.read()))
        except ValidationError as error:
            errors += [_("「%(name)s」：%(reason)s") % {"name": name, "reason": m} for m in error.messages]
    if total > settings.EVIDENCE_MAX_OBJECT_MB * MB:
        errors.append(
            _("附件合计 %(size)s MB（含已上传的），超过每份材料的上限 %(max)s MB")
            % {"size": _mb(total), "max": settings.EVIDENCE_MAX_OBJECT_MB}
        )
    if errors:
        raise ValidationError(errors)
    return uploads


def _prepare_one(name, data):
    found = sniff.check(name, data)
    if found.kind != Kind.IMAGE:
        return Upload(name=name, kind=found.kind, content=data, extension=found.extensions[0])
    image = images.process(data)
    return Upload(
        name=name,
        kind=Kind.IMAGE,
        content=image.content,
        extension=image.extension,
        thumbnail=image.thumbnail,
        width=image.width,
        height=image.height,
        taken_at=image.taken_at,
        latitude=image.latitude,
        longitude=image.longitude,
    )


def _project_id(owner):
    return owner.order.project_id if owner_field(owner) == "reply" else owner.project_id


def _month(owner, upload):
    if owner_field(owner) == "report":
        return dt.date(owner.year, owner.month, 1)
    day = timezone.localtime(upload.taken_at).date() if upload.taken_at else timezone.localdate()
    return day.replace(day=1)


def _store(owner, upload, user, stored):
    """Keep one upload on `owner`: its file(s) on the storage (their names appended to `stored` at once), its row."""
    project_id = _project_id(owner)
    stem = f"evidence/{project_id}/{uuid.uuid4().hex}"
    name = default_storage.save(stem + upload.extension, ContentFile(upload.content))
    stored.append(name)
    thumbnail = ""
    if upload.thumbnail is not None:
        thumbnail = default_storage.save(f"{stem}-thumb.jpg", ContentFile(upload.thumbnail))
        stored.append(thumbnail)
    attachment = Attachment(
        **{owner_field(owner): owner},
        project_id=project_id,
        month=_month(owner, upload),
        kind=upload.kind,
        file=name,
        thumbnail=thumbnail,
        original_name=upload.name[-255:],
        size=len(upload.content),
        width=upload.width,
        height=upload.height,
        taken_at=upload.taken_at,
        latitude=upload.latitude,
        longitude=upload.longitude,
        uploaded_by=user,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def _delete(names):
    for name in names:
        default_storage.delete(name)


def save_with_files(write, uploads, user, check=None):
    """Run `write()` (it returns the owner: a report, a milestone or a reply) and keep `uploads` on it, then
    `check(owner)` (a rule that may refuse), all in one transaction; returns the owner. On any failure nothing is
    kept: neither rows nor files."""
    stored = []
    try:
        with transaction.atomic(durable=True):
            owner = write()
            for upload in uploads:
                _store(owner, upload, user, stored)
            if check is not None:
                check(owner)
    except BaseException:
        _delete(stored)
        raise
    return owner


def attach(owner, uploads, user):
    """Keep `uploads` on an existing owner (in its own transaction)."""
    save_with_files(lambda: owner, uploads, user)


@transaction.atomic
def remove(attachment):
    """Delete an attachment; its files leave the storage when the deletion commits (`signals`)."""
    Attachment.objects.filter(pk=attachment.pk).delete()


# --- the required-evidence rule ---------------------------------------------------------------------------------


def evidence_required(milestone):
    """Whether recording the milestone's actual date needs an attachment (its name is in EVIDENCE_REQUIRED_FOR)."""
    return milestone.name.strip() in settings.EVIDENCE_REQUIRED_FOR


def required_evidence_check(previous_actual_date):
    """The rule for `save_with_files`: a newly recorded (or changed) actual date of a milestone named in
    EVIDENCE_REQUIRED_FOR needs at least one attachment on the milestone."""

    def check(milestone):
        if (
            milestone.actual_date is not None
            and milestone.actual_date != previous_actual_date
            and evidence_required(milestone)
            and not Attachment.objects.of_owner(milestone).exists()
        ):
            raise ValidationError(
                _("节点「%(name)s」须上传至少一份佐证材料（照片或文件）才能填报实际完成时间") % {"name": milestone.name}
            )

    return check
