"""A closed month (月度亮灯结果, reporting.md section 3): the month-end result, frozen in tables of its own.

Colors are otherwise never stored; a closed month is the one deliberate exception, the published result that later
edits (an actual date entered late, a plan moved) must not change. Reopening a month keeps the earlier result as a
version: every close writes a new `ClosedMonth` row with the next version, and exactly one version of a month is
current.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.dates import MAX_YEAR, MIN_YEAR
from projects.models import ListEntry, Milestone, Project, Unit
from projects.status import Color


class ClosedMonthQuerySet(models.QuerySet):
    def current(self):
        """The versions in force (one per closed month)."""
        return self.filter(is_current=True)

    def latest_first(self):
        return self.order_by("-year", "-month", "-version")


class ClosedMonth(models.Model):
    """One version of a month's close: who closed it and when; reopened (by whom, when, why) when superseded."""

    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("现行版本"), default=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("关账人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("关账时间"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("重新打开人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("重新打开时间"), null=True, blank=True)
    reopen_reason = models.CharField(_("重新打开理由"), max_length=500, blank=True)

    objects = ClosedMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("月度亮灯结果")
        verbose_name_plural = _("月度亮灯结果")
        ordering = ["-year", "-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "version"], name="closed_month_unique_version"),
            models.UniqueConstraint(
                fields=["year", "month"], condition=Q(is_current=True), name="closed_month_one_current"
            ),
            models.CheckConstraint(
                name="closed_month_month_valid",
                condition=Q(month__gte=1) & Q(month__lte=12),
                violation_error_message=_("月份应在 1 至 12 之间"),
            ),
            models.CheckConstraint(
                name="closed_month_year_in_range",
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                violation_error_message=_("年度超出范围"),
            ),
            models.CheckConstraint(
                name="closed_month_reopened_has_reason",
                condition=Q(is_current=True) | ~Q(reopen_reason=""),
                violation_error_message=_("重新打开必须填写理由"),
            ),
        ]

    def __str__(self):
        return _("%(year)s年%(month)s月（第%(version)s版）") % {
            "year": self.year,
            "month": self.month,
            "version": self.version,
        }

    @property
    def as_of(self):
        """The month's last day: the date its result is computed as of."""
        return month_end(self.year, self.month)

    @property
    def label(self):
        return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}


def month_end(year, month):
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


class EntryResult(models.Model):
    """A list entry's month-end result: the project's color and milestone counts, investment band and gap, and
    whether its monthly report was late. Code, name and leader are copied: the published text stays as published."""

    closed_month = models.ForeignKey(ClosedMonth, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(Project, null=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(_("项目编号"), max_length=50)
    name = models.CharField(_("项目名称"), max_length=200)
    responsible_leader = models.CharField(_("责任领导"), max_length=100, blank=True)
    batch = models.CharField(_("批次"), max_length=10, choices=ListEntry.Batch.choices)
    lead_unit = models.ForeignKey(Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("进度状态"), max_length=10, choices=Color.choices)
    days_overdue = models.IntegerField(_("逾期天数"), null=True)
    red = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)
    blue = models.PositiveIntegerField(default=0)
    investment_status = models.CharField(_("投资进度"), max_length=10)
    investment_gap_pp = models.FloatField(_("投资偏差（百分点）"), null=True)
    annual_plan_investment = models.DecimalField(_("年度计划投资（万元）"), max_digits=14, decimal_places=2)
    ytd_cents = models.BigIntegerField(_("累计完成投资（分）"), default=0)
    report_late = models.BooleanField(_("未按时填报"), default=False)

    class Meta:
        verbose_name = _("项目月度结果")
        verbose_name_plural = _("项目月度结果")
        constraints = [
            models.UniqueConstraint(fields=["closed_month", "code"], name="entry_result_one_per_project"),
        ]
        indexes = [models.Index(fields=["closed_month", "project"], name="entry_result_month_project")]

    def __str__(self):
        return f"{self.code} {self.name}"


class MilestoneResult(models.Model):
    """A milestone's month-end result: its owning unit (responsible unit, else the project's lead unit), color,
    whether done and done by its baseline date, how far its plan had been moved later, and its dates as then."""

    closed_month = models.ForeignKey(ClosedMonth, on_delete=models.CASCADE, related_name="milestones")
    project = models.ForeignKey(Project, null=True, on_delete=models.SET_NULL, related_name="+")
    milestone = models.ForeignKey(Milestone, null=True, on_delete=models.SET_NULL, related_name="+")
    seq = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("节点名称"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("节点责任单位"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("进度状态"), max_length=10, choices=Color.choices)
    days_overdue = models.IntegerField(_("逾期天数"), null=True)
    done = models.BooleanField(_("已完成"), default=False)
    done_by_baseline = models.BooleanField(_("按基线完成"), default=False)
    plan_moved = models.BooleanField(_("调整计划"), default=False)
    days_moved = models.IntegerField(_("调整天数"), default=0)
    baseline_date = models.DateField(_("基线计划时间"))
    planned_date = models.DateField(_("计划完成时间"))
    actual_date = models.DateField(_("实际完成时间"), null=True)

    class Meta:
        verbose_name = _("节点月度结果")
        verbose_name_plural = _("节点月度结果")
        indexes = [
            models.Index(fields=["closed_month", "unit"], name="milestone_result_month_unit"),
            models.Index(fields=["closed_month", "milestone"], name="milestone_result_month_ms"),
            models.Index(fields=["closed_month", "project"], name="milestone_result_month_prj"),
        ]

    def __str__(self):
        return f"{self.seq} {self.name}"
