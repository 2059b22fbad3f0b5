"""Economic indicators (经济指标), their annual targets and their cumulative values per reporting period.

Statuses are never stored: they depend on the year and period asked for and are computed by the queryset
in `indicators.querysets` with the rules in `indicators.status` (status-rules.md, section 5).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.dates import MAX_YEAR, MIN_YEAR, naming_year_range

from .querysets import IndicatorQuerySet


class Indicator(models.Model):
    """An indicator the zone is measured by, e.g. GDP 增速 (%), 年度投资 (亿元), 研发投入强度 (%)."""

    class Kind(models.TextChoices):
        GROWTH = "growth", _("增速")
        AMOUNT = "amount", _("累计量")
        LEVEL = "level", _("水平值")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("月度")
        QUARTERLY = "quarterly", _("季度")
        ANNUAL = "annual", _("年度")

    class Group(models.TextChoices):
        ECONOMY = "economy", _("经济运行")
        INVESTMENT = "investment", _("项目投资")
        INNOVATION = "innovation", _("科技创新")
        INDUSTRY = "industry", _("产业发展")
        LIVELIHOOD = "livelihood", _("民生保障")

    code = models.CharField(_("指标编码"), max_length=50, unique=True)
    name = models.CharField(_("指标名称"), max_length=100)
    measure = models.CharField(_("计量单位"), max_length=20, help_text=_("如 %、亿元、万人、家、个"))
    kind = models.CharField(_("指标类型"), max_length=10, choices=Kind.choices)
    frequency = models.CharField(_("报送频率"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    group = models.CharField(_("指标分组"), max_length=20, choices=Group.choices, default=Group.ECONOMY)
    lower_is_better = models.BooleanField(_("越低越好"), default=False)
    responsible_unit = models.ForeignKey(
        "projects.Unit",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    source = models.CharField(_("数据来源"), max_length=50, blank=True, help_text=_("如 统计局、税务局、人社局"))
    decimals = models.PositiveSmallIntegerField(_("显示小数位"), default=1)

    class Derivation(models.TextChoices):
        ALL = "all", _("全部清单项目的完成投资")
        INDUSTRIAL = "industrial", _("工业项目的完成投资")

    derived_from_projects = models.BooleanField(
        _("由项目清单计算"),
        default=False,
        help_text=_("累计量指标：数值为当年清单项目已填报完成投资之和（亿元），不能手工填报"),
    )
    derivation = models.CharField(
        _("计算口径"),
        max_length=20,
        choices=Derivation.choices,
        default=Derivation.ALL,
        help_text=_("由项目清单计算时：全部项目，或产业类别属于工业的项目（设置 INDUSTRIAL_CATEGORIES）"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("经济指标")
        verbose_name_plural = _("经济指标")
        ordering = ["sort_order", "code"]
        permissions = [
            ("enter_value", _("可以填报本单位指标的数值")),
            ("set_target", _("可以设定指标的年度目标")),
        ]
        constraints = [
            models.CheckConstraint(
                name="indicator_derived_only_for_amounts",
                condition=Q(derived_from_projects=False) | Q(kind="amount"),
                violation_error_message=_("只有累计量指标可以由项目清单计算"),
            ),
            models.CheckConstraint(
                name="indicator_decimals_in_range",
                condition=Q(decimals__lte=4),
                violation_error_message=_("显示小数位应在 0 至 4 之间"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.derived_from_projects and self.measure != "亿元":
            raise ValidationError({"measure": _("由项目清单计算的指标以亿元计")})

    def allowed_months(self):
        """End months of the periods this indicator is reported for (January is merged into 1–2月)."""
        return {
            self.Frequency.MONTHLY: list(range(2, 13)),
            self.Frequency.QUARTERLY: [3, 6, 9, 12],
            self.Frequency.ANNUAL: [12],
        }[self.Frequency(self.frequency)]

    def period_to_fill(self, year, today):
        """The end month of the period a new entry of `year` is most likely for: the earliest begun period without a
        value, else the latest begun one (to correct it); None when no period of the year has begun."""
        begun = [m for m in self.allowed_months() if (year, m) <= (today.year, today.month)]
        filled = set(self.values.filter(year=year).values_list("month", flat=True))
        unfilled = [m for m in begun if m not in filled]
        return unfilled[0] if unfilled else (begun[-1] if begun else None)


class Target(models.Model):
    """An indicator's target for one year, e.g. 年度投资 620 亿元以上, 社零增长 5% 左右."""

    class Comparator(models.TextChoices):
        AT_LEAST = "gte", _("以上")
        ABOUT = "about", _("左右")
        AT_MOST = "lte", _("以内")

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    comparator = models.CharField(_("目标表述"), max_length=5, choices=Comparator.choices, default=Comparator.AT_LEAST)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["indicator", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_one_per_year"),
            models.CheckConstraint(
                name="indicator_target_year_in_range",
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                violation_error_message=naming_year_range(_("年度应在 %(min)s 至 %(max)s 之间")),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.value}{self.indicator.measure}{self.get_comparator_display()}"


class Value(models.Model):
    """The cumulative figure of one period (1–N月), as the cumulative value and/or its year-on-year growth."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("截止月份"), help_text=_("累计期的最后一个月；1月数据并入1–2月"))
    value_cum = models.DecimalField(_("累计值"), max_digits=14, decimal_places=2, null=True, blank=True)
    growth_yoy = models.DecimalField(_("累计同比增长（%）"), max_digits=8, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reported_at = models.DateTimeField(_("填报时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        ordering = ["indicator", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "month"], name="indicator_value_one_per_period"),
            models.CheckConstraint(
                name="indicator_value_month_valid",
                condition=Q(month__gte=2) & Q(month__lte=12),
                violation_error_message=_("截止月份应在 2 至 12 之间（1月数据并入1–2月）"),
            ),
            models.CheckConstraint(
                name="indicator_value_year_in_range",
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                violation_error_message=naming_year_range(_("年度应在 %(min)s 至 %(max)s 之间")),
            ),
            models.CheckConstraint(
                name="indicator_value_has_a_figure",
                condition=Q(value_cum__isnull=False) | Q(growth_yoy__isnull=False),
                violation_error_message=_("累计值和累计同比增长至少填写一项"),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year} 1–{self.month}"

    def clean(self):
        indicator = self.indicator if self.indicator_id else None
        if indicator is None:
            return
        if indicator.derived_from_projects:
            raise ValidationError(_("该指标的数值由项目清单的月度完成投资计算，不能手工填报"))
        if self.month is not None and self.month not in indicator.allowed_months():
            raise ValidationError(
                {
                    "month": _("该指标按%(frequency)s报送，截止月份不可为 %(month)s 月")
                    % {"frequency": indicator.get_frequency_display(), "month": self.month}
                }
            )
