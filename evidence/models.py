"""Attachments (佐证材料): photos and documents on a monthly report, a milestone's completion or an order's reply.

One model for the three owners: explicit foreign keys, exactly one of them set (a check constraint), so that the
rights of the owner are read with plain joins. `project` is the owner's project, kept on the row for the project's
gallery and the list's filter; `month` is the month the file belongs to (the report's month; else the capture or
upload month), a fact fixed when the file is added. The files themselves live on the default storage
(`settings.STORAGES`): never under a public URL, served by `evidence.views` after a rights check.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import Milestone, ProgressReport, Project
from supervision.models import Reply


class Kind(models.TextChoices):
    IMAGE = "image", _("图片")
    PDF = "pdf", _("PDF 文档")
    DOCX = "docx", _("Word 文档")
    XLSX = "xlsx", _("Excel 表格")


class AttachmentQuerySet(models.QuerySet):
    def images(self):
        """Photos (the gallery's)."""
        return self.filter(kind=Kind.IMAGE)

    def of_owner(self, owner):
        """The attachments of a report, a milestone or a reply."""
        return self.filter(**{owner_field(owner): owner})


def owner_field(owner):
    """The attachment's field that points at `owner` (a report, a milestone or a reply)."""
    for field, model in OWNERS.items():
        if isinstance(owner, model):
            return field
    raise TypeError(f"attachments do not belong to {type(owner).__name__}")


class Attachment(models.Model):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("月度进展"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("节点"), null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    reply = models.ForeignKey(
        Reply, verbose_name=_("督办反馈"), null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="attachments")
    month = models.DateField(_("所属月份"), help_text=_("该月第一天"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("文件"), max_length=300)
    thumbnail = models.FileField(_("缩略图"), max_length=300, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    width = models.PositiveIntegerField(_("宽"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高"), null=True, blank=True)
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="attachment_one_owner",
                condition=Q(report__isnull=False, milestone__isnull=True, reply__isnull=True)
                | Q(report__isnull=True, milestone__isnull=False, reply__isnull=True)
                | Q(report__isnull=True, milestone__isnull=True, reply__isnull=False),
                violation_error_message=_("佐证材料只能属于一份月报、一个节点或一次反馈"),
            ),
            models.CheckConstraint(
                name="attachment_gps_in_range",
                condition=(Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90))
                & (Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180)),
                violation_error_message=_("经纬度超出范围"),
            ),
        ]
        indexes = [models.Index(fields=["project", "kind", "month"], name="attachment_project_kind_month")]

    def __str__(self):
        return self.original_name

    @property
    def owner(self):
        return self.report or self.milestone or self.reply

    @property
    def is_image(self):
        return self.kind == Kind.IMAGE


OWNERS = {"report": ProgressReport, "milestone": Milestone, "reply": Reply}
