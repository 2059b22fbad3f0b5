from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MANAGERS_GROUP = "管理人员"
STAFF_GROUP = "填报人员"


class User(AbstractUser):
    """A person who logs in: unit staff (填报人员), managers (管理人员) or administrators (superusers)."""

    unit = models.ForeignKey(
        "projects.Unit",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("填报人员只能更新本单位牵头或负责的项目"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @property
    def is_manager(self):
        """Managers review everything and change plans; superusers are managers too."""
        return self.is_active and (self.is_superuser or self.has_perm("projects.change_plan"))

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class DataVersion(models.Model):
    """A token that the database replaces whenever a row of a watched table changes (`portal.data_version`); whole-list
    aggregates cached against it are not served after the data they were computed from has changed. One row, id 1."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self):
        return self.token


class LoginEvent(models.Model):
    """One line of the login audit: a login, a failed or refused login, a lockout, a logout or a password change.

    Written by portal.audit from the authentication signals; read-only in the admin for administrators; rows older
    than LOGIN_AUDIT_DAYS are deleted by `purge_login_audit`.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        FAILED = "failed", _("登录失败")
        REFUSED = "refused", _("锁定期间拒绝登录")
        LOCKED = "locked", _("锁定")
        LOGOUT = "logout", _("退出")
        PASSWORD_CHANGED = "password", _("修改密码")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("事件"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("账号删除后为空，用户名仍保留"),
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, help_text=_("登录时填写的用户名"))
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["username", "-at"], name="loginevent_username_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"
