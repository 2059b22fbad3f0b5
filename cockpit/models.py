"""The year's goals (年度目标) and the API tokens of the systems that read the cockpit API (数字驾驶舱).

A goal's achievement is never stored: it is computed as of a date from the year's list (`cockpit.goals`).
"""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.dates import MAX_YEAR, MIN_YEAR, naming_year_range
from projects.models import Project


def count_field(label, help_text=""):
    return models.PositiveIntegerField(label, null=True, blank=True, help_text=help_text)


def amount_field(label, help_text=""):
    return models.DecimalField(label, max_digits=12, decimal_places=2, null=True, blank=True, help_text=help_text)


class YearGoal(models.Model):
    """The targets of one year's list (e.g. 2025: 225 projects, 50 开工入统, 60 投用, 100 储备, 620 亿元 of which 150
    industrial, 市级重点 at 150%). A target left empty is not shown."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    list_count = count_field(_("清单项目数"), _("“四个一批”清单建设项目（开工、在建、投用）"))
    start_count = count_field(_("开工项目数"), _("开工一批的项目数"))
    in_stats_count = count_field(_("开工入统项目数"), _("当年入统日期在截止日期之前的项目数"))
    working_count = count_field(_("形成实物工作量项目数"), _("开工、在建一批中当年已报完成投资的项目数"))
    in_use_count = count_field(_("投用项目数"), _("当年实际竣工的项目数"))
    reserve_count = count_field(_("储备项目数"), _("储备一批的项目数"))
    investment = amount_field(_("年度投资（亿元）"), _("清单项目当年累计完成投资"))
    industrial_investment = amount_field(_("工业投资（亿元）"), _("产业类别属于工业的项目当年累计完成投资"))
    key_level = models.CharField(
        _("重点项目级别"), max_length=20, choices=Project.Level.choices, default=Project.Level.MUNICIPAL
    )
    key_level_count = count_field(_("该级别项目数"))
    key_level_rate = models.DecimalField(
        _("该级别投资完成率目标（%）"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("该级别项目当年累计完成投资 ÷ 年度计划投资"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["-year"]
        permissions = [("view_screen", _("可以查看一屏统览大屏"))]
        constraints = [
            models.CheckConstraint(
                name="year_goal_year_in_range",
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                violation_error_message=naming_year_range(_("年度应在 %(min)s 至 %(max)s 之间")),
            ),
        ]

    def __str__(self):
        return str(_("%(year)s 年目标") % {"year": self.year})


def hash_key(key):
    """The stored form of an API key: its SHA-256 (a key is 32 random bytes: no salt or slow hash needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_key(self, key):
        """The active token of a key, or None."""
        return self.active().filter(key_hash=hash_key(key)).first()


class ApiToken(models.Model):
    """A consuming system's key to the read-only API (e.g. the district's 数字驾驶舱). Only its hash is stored: the key
    is shown once, when the token is created in the admin."""

    PREFIX_LENGTH = 8

    name = models.CharField(_("使用系统"), max_length=100, unique=True, help_text=_("如：区数字驾驶舱 2.3 版"))
    key_prefix = models.CharField(_("密钥前缀"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.revoked_at is None

    def new_key(self):
        """Give the token a new random key and return it (only its hash and first characters are kept)."""
        key = secrets.token_urlsafe(32)
        self.key_prefix, self.key_hash = key[: self.PREFIX_LENGTH], hash_key(key)
        return key
