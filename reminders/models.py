"""What the reminders of reporting.md (section 2) keep: the chases of a unit's missing monthly reports (催报)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.dates import MAX_YEAR, MIN_YEAR


class ReportChase(models.Model):
    """A manager chased a unit for its missing reports of one month (催报): who, when, which unit and month, and how
    many of its projects had not reported then. Rows are never edited; the unit's staff are reminded
    (`reminders.services.notify_unit_report_chase`)."""

    unit = models.ForeignKey(
        "projects.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="report_chases"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    missing = models.PositiveIntegerField(_("未报项目数"), help_text=_("催报时该单位该月未报的项目数"))
    chased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("催报人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("催报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催报记录")
        verbose_name_plural = _("催报记录")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="report_chase_month_valid",
                condition=Q(month__gte=1) & Q(month__lte=12),
                violation_error_message=_("月份应在 1 至 12 之间"),
            ),
            models.CheckConstraint(
                name="report_chase_year_in_range",
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                violation_error_message=_("年度超出范围"),
            ),
        ]
        indexes = [models.Index(fields=["year", "unit", "month"], name="report_chase_year_unit_month")]

    def __str__(self):
        return f"{self.unit} {self.year}-{self.month:02d}"
