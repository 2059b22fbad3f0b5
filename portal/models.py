from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MANAGERS_GROUP = "管理人员"
STAFF_GROUP = "填报人员"
SCREEN_GROUP = "大屏"  # read-only accounts of wall screens (一屏统览): cockpit's migrations give it its permission


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


class NotificationKind(models.TextChoices):
    """Every kind of reminder of reporting.md, section 2 (imported from `portal.notifications`)."""

    DUE_SOON = "due_soon", _("节点临期")
    TURNED_YELLOW = "turned_yellow", _("节点转为黄色")
    TURNED_RED = "turned_red", _("节点转为红色")
    REPORT_DUE = "report_due", _("月报即将到期")
    REPORT_LATE = "report_late", _("月报未按时填报")
    REPORT_CHASED = "report_chased", _("月报催报")
    ORDER_ISSUED = "order_issued", _("督办单已交办")
    ORDER_CHASED = "order_chased", _("督办单催办")
    ORDER_RETURNED = "order_returned", _("督办反馈被退回")
    EXTENSION_DECIDED = "extension_decided", _("延期申请已审批")
    REPLY_DUE_SOON = "reply_due_soon", _("督办反馈即将到期")
    REPLY_OVERDUE = "reply_overdue", _("督办逾期未反馈")
    REPLY_RECEIVED = "reply_received", _("收到督办反馈")
    EXTENSION_REQUESTED = "extension_requested", _("收到延期申请")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        """Notifications not read yet."""
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        """A person's notifications, newest first."""
        return self.filter(user=user).order_by("-created_at", "-pk")


class Notification(models.Model):
    """One in-app notification (提醒) for one person (`portal.notifications.notify` makes them).

    Unique per (person, kind, object, day): the same reminder made twice, by a repeated run or by two servers at
    once, is kept once. `emailed_at` is set by the daily digest (`portal.digest`) once the mail carrying it is sent.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类别"), max_length=40, choices=NotificationKind.choices)
    text = models.CharField(_("内容"), max_length=500)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("对象编号"), null=True, blank=True)
    obj = GenericForeignKey("content_type", "object_id")
    day = models.DateField(_("日期"), help_text=_("提醒所涉及的日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "content_type", "object_id", "day"], name="notification_once_per_day"
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            # The daily digest reads the notifications not e-mailed yet (few, whatever the table's size).
            models.Index(fields=["user"], condition=models.Q(emailed_at__isnull=True), name="notification_not_emailed"),
        ]

    def __str__(self):
        return self.text


class EmailOptOut(models.Model):
    """A person does not want the notifications of one kind in their daily e-mail (不接收邮件); the bell keeps them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(_("类别"), max_length=40, choices=NotificationKind.choices)

    class Meta:
        verbose_name = _("不接收邮件的提醒类别")
        verbose_name_plural = _("不接收邮件的提醒类别")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once")]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}"


class EmailDigest(models.Model):
    """One person's daily digest e-mail of one day (`portal.digest`): written before the mail is sent, so that two
    servers never both send it (unique per person and day), deleted again when the send fails (retried on the next
    run), completed with `sent_at` once delivered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="email_digests"
    )
    day = models.DateField(_("日期"))
    started_at = models.DateTimeField(_("开始发送时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    lines = models.PositiveIntegerField(_("提醒条数"), default=0)

    class Meta:
        verbose_name = _("提醒邮件")
        verbose_name_plural = _("提醒邮件")
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="email_digest_once_per_day")]

    def __str__(self):
        return f"{self.user} {self.day}"
