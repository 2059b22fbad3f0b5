"""Units, projects, their place in a year's 四个一批 list, milestones and monthly progress reports.

Statuses (the four colors) are never stored: they depend on the as-of date and are computed by the
querysets in `projects.querysets` with the rules in `projects.status`.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.dates import MAX_YEAR, MIN_YEAR, naming_year_range

from .querysets import ListEntryQuerySet, MilestoneQuerySet, ProgressReportQuerySet, ProjectQuerySet, UnitQuerySet
from .validators import not_in_future


def limited_text(verbose_name, max_length):
    """A free text with a length limit: the forms show it (maxlength) and full_clean and the import enforce it."""
    return models.TextField(
        verbose_name, blank=True, max_length=max_length, validators=[MaxLengthValidator(max_length)]
    )


class Unit(models.Model):
    """A responsible unit (责任单位): a 管委会 department, a town or street, a park, a state firm, an owner."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("管委会部门")
        TOWN = "town", _("镇街")
        PARK = "park", _("园区")
        SOE = "soe", _("国企")
        OWNER = "owner", _("业主企业")
        OTHER = "other", _("其他")

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        if not self.short_name:
            self.short_name = self.name
        super().save(*args, **kwargs)


class Project(models.Model):
    """A project (项目) followed by the zone; its place in each year's list is a ListEntry."""

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("市级重点")
        DISTRICT = "district", _("区级重点")
        OTHER = "other", _("其他")

    code = models.CharField(_("项目编号"), max_length=50, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    level = models.CharField(_("项目级别"), max_length=20, choices=Level.choices, default=Level.OTHER)
    category = models.CharField(_("产业类别"), max_length=50, blank=True)
    area = models.CharField(_("所属片区"), max_length=100, blank=True)
    scope = limited_text(_("建设内容"), 4000)
    responsible_leader = models.CharField(_("责任领导"), max_length=100, blank=True)
    owner_entity = models.CharField(_("业主单位"), max_length=200, blank=True)
    total_investment = models.DecimalField(_("总投资（万元）"), max_digits=14, decimal_places=2, default=0)
    planned_start = models.DateField(_("计划开工"), null=True, blank=True)
    planned_finish = models.DateField(_("计划竣工"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工"), null=True, blank=True, validators=[not_in_future])
    actual_finish = models.DateField(_("实际竣工"), null=True, blank=True, validators=[not_in_future])
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_projects"
    )
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=pgettext_lazy("project", "责任单位"), blank=True, related_name="responsible_projects"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[responsible_units])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["code"]
        permissions = [
            ("change_plan", _("可以修改计划（节点、计划日期、豁免）")),
            ("report_progress", _("可以填报本单位项目的进展")),
            ("import_list", _("可以导入项目清单")),
        ]
        constraints = [
            models.CheckConstraint(
                name="project_planned_finish_after_start",
                condition=Q(planned_start__isnull=True)
                | Q(planned_finish__isnull=True)
                | Q(planned_finish__gte=F("planned_start")),
                violation_error_message=_("计划竣工不能早于计划开工"),
            ),
            models.CheckConstraint(
                name="project_actual_finish_after_start",
                condition=Q(actual_start__isnull=True)
                | Q(actual_finish__isnull=True)
                | Q(actual_finish__gte=F("actual_start")),
                violation_error_message=_("实际竣工不能早于实际开工"),
            ),
            models.CheckConstraint(
                name="project_total_investment_non_negative",
                condition=Q(total_investment__gte=0),
                violation_error_message=_("总投资不能为负数"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def unit_ids(self):
        """Ids of the lead unit and the responsible units (whose staff may update the project)."""
        return {self.lead_unit_id, *self.responsible_units.values_list("pk", flat=True)}


class ListEntry(models.Model):
    """A project's place in one year's 四个一批 list: its batch and the year's planned investment."""

    class Batch(models.TextChoices):
        RESERVE = "reserve", _("储备")
        START = "start", _("开工")
        ONGOING = "ongoing", _("在建")
        IN_USE = "in_use", _("投用")

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="list_entries")
    year = models.PositiveSmallIntegerField(_("清单年度"))
    batch = models.CharField(_("批次"), max_length=10, choices=Batch.choices)
    annual_plan_investment = models.DecimalField(_("年度计划投资（万元）"), max_digits=14, decimal_places=2, default=0)
    listed_on = models.DateField(
        _("列入清单日期"),
        null=True,
        blank=True,
        help_text=_("年中列入清单的项目填写；此日之前到期的月报不需报送。空表示全年都在清单中"),
    )
    in_stats_date = models.DateField(
        _("入统日期"),
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("项目纳入固定资产投资统计（开工入统）的日期"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单项")
        verbose_name_plural = _("清单项")
        ordering = ["-year", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="list_entry_one_per_project_year"),
            models.CheckConstraint(
                name="list_entry_annual_plan_non_negative",
                condition=Q(annual_plan_investment__gte=0),
                violation_error_message=_("年度计划投资不能为负数"),
            ),
            models.CheckConstraint(
                name="list_entry_year_in_range",
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                violation_error_message=naming_year_range(_("清单年度应在 %(min)s 至 %(max)s 之间")),
            ),
        ]
        indexes = [models.Index(fields=["year", "batch"], name="list_entry_year_batch")]

    def __str__(self):
        return f"{self.year} {self.get_batch_display()} {self.project}"

    def clean(self):
        # A listing date outside the list's year says nothing the empty field does not (before the year: the whole
        # year) or cannot be (after it); the monthly reports' rule (projects.reporting) reads dates within the year.
        if self.listed_on and self.year and self.listed_on.year != self.year:
            raise ValidationError({"listed_on": _("列入清单日期应在清单年度之内（全年都在清单中则留空）")})


class Milestone(models.Model):
    """A milestone (节点) with its planned and actual dates; the baseline is the first planned date."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    seq = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("节点名称"), max_length=200)
    planned_date = models.DateField(_("计划完成时间"))
    baseline_date = models.DateField(_("基线计划时间"), editable=False, help_text=_("首次确定的计划完成时间"))
    actual_date = models.DateField(_("实际完成时间"), null=True, blank=True, validators=[not_in_future])
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
        help_text=_("默认为项目的牵头单位"),
    )
    note = limited_text(_("备注"), 2000)
    is_exempt = models.BooleanField(_("豁免"), default=False)
    exempt_reason = models.CharField(_("豁免理由"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["project", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["project", "seq"], name="milestone_unique_seq_per_project"),
            models.CheckConstraint(
                name="milestone_exempt_needs_reason",
                condition=Q(is_exempt=False) | ~Q(exempt_reason=""),
                violation_error_message=_("豁免节点必须填写理由"),
            ),
        ]
        indexes = [
            models.Index(fields=["project", "planned_date"], name="milestone_project_planned"),
            models.Index(fields=["project", "actual_date"], name="milestone_project_actual"),
            models.Index(fields=["planned_date"], name="milestone_planned"),
            # The status filters' Exists conditions: "open and planned before a cutoff" reads the open partial
            # index, "done only after the as-of date" the other (PostgreSQL combines both in a BitmapOr); see README,
            # "Performance".
            models.Index(
                fields=["planned_date", "project"],
                name="milestone_open_planned",
                condition=Q(actual_date__isnull=True, is_exempt=False),
            ),
            models.Index(
                fields=["actual_date", "planned_date", "project"],
                name="milestone_done_actual",
                condition=Q(is_exempt=False),
            ),
        ]

    def __str__(self):
        return f"{self.project.code}-{self.seq} {self.name}"

    def save(self, *args, **kwargs):
        if self.unit_id is None and self.project_id is not None:
            self.unit_id = self.project.lead_unit_id
        if self.baseline_date is None:
            self.baseline_date = self.planned_date
        super().save(*args, **kwargs)

    @property
    def contact_unit(self):
        """The unit to call about the milestone: its responsible unit, else the project's lead unit (load both with
        select_related in a list)."""
        return self.unit or self.project.lead_unit

    @property
    def slip_days(self):
        """Days the current plan lies after the baseline (negative when moved earlier)."""
        return (self.planned_date - self.baseline_date).days


class ProgressReport(models.Model):
    """A monthly progress report (月度进展) of one project: investment completed that month and narrative."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    investment_completed = models.DecimalField(_("当月完成投资（万元）"), max_digits=14, decimal_places=2, default=0)
    image_progress = limited_text(_("形象进度"), 2000)
    problems = limited_text(_("存在问题"), 2000)
    coordination_needed = limited_text(_("需协调事项"), 2000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("月度进展")
        verbose_name_plural = _("月度进展")
        ordering = ["project", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="progress_report_one_per_month"),
            models.CheckConstraint(
                name="progress_report_month_valid",
                condition=Q(month__gte=1) & Q(month__lte=12),
                violation_error_message=_("月份应在 1 至 12 之间"),
            ),
            models.CheckConstraint(
                name="progress_report_investment_non_negative",
                condition=Q(investment_completed__gte=0),
                violation_error_message=_("完成投资不能为负数"),
            ),
        ]

    def __str__(self):
        return f"{self.project.code} {self.year}-{self.month:02d}"


class PendingImportQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created_at__lt=timezone.now() - PendingImport.MAX_AGE)

    def forget(self, user):
        """Drop the user's pending workbook (a new upload replaces it) and everyone's expired ones."""
        (self.filter(user=user) | self.expired()).delete()

    def keep(self, user, filename, data):
        """Keep a checked workbook for its confirmation; the token returned claims it."""
        token = secrets.token_urlsafe(32)
        self.create(token=token, user=user, filename=filename, data=data)
        return token

    def claim(self, user, token):
        """The workbook kept under `token` for `user`, or None when there is none (applied, expired, another user's).
        It stays kept until the import deletes it in its own transaction (`import_workbook(..., pending=)`), so an
        import that fails or is cut off (a crash, a timeout) leaves it to be confirmed again. Everyone's expired
        workbooks go."""
        self.expired().delete()
        return self.filter(user=user, token=token).first()

    def take(self, pending):
        """Delete `pending` inside the import's transaction: False when another confirmation took it first (on
        PostgreSQL the second one waits for the first to commit, then finds nothing)."""
        return self.filter(pk=pending.pk).delete()[0] > 0


class PendingImport(models.Model):
    """A workbook checked on the import preview, waiting for its confirmation.

    Kept in the database between the two requests rather than in the session, which every request of the user
    would then load and decode (up to IMPORT_MAX_UPLOAD_MB); never written as a file or to media storage. Deleted by
    the import that applies it, in the same transaction; expired after `MAX_AGE`; deleted at the user's next upload,
    at anyone's next confirmation once expired, and by the `clear_expired_imports` command.
    Not list data: its table is not watched for the data version (`portal.data_version`).
    """

    MAX_AGE = dt.timedelta(hours=24)

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("待确认的导入文件")
        verbose_name_plural = _("待确认的导入文件")

    def __str__(self):
        return f"{self.filename} ({self.user})"
