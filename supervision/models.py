"""Supervision orders (督办单), their replies, extension requests and log (../shared/docs/supervision.md).

Nothing that depends on a date is stored: whether a reply is overdue, whether a reply came on time, the rates of
section 4 are computed as of a date by `supervision.querysets` (SQL) and `supervision.metrics` (one object). What
is stored are the facts: when the order was issued, acknowledged, closed or cancelled, each reply with the due date
in force when it came, the log of every action.
"""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from projects.models import Milestone, Project, Unit

from .choices import AWAITING_REPLY, LEVEL_RANK, OPEN_STATES, Cause, Level, Outcome, State


def on_time_q():
    """On a reply row: it came on or before the reply due date in force then."""
    return Q(replied_on__lte=F("due"))


class OrderQuerySet(models.QuerySet):
    """Orders, and what section 4 computes of them as of a date `d` (never stored).

    - open as of `d`: issued on or before `d`, state issued, acknowledged, replied or returned;
    - reply overdue (逾期未反馈): issued on or before `d`, state issued, acknowledged or returned, `d` > reply due;
    - replied on time: a reply came by `d`, every reply by `d` came on or before the due date in force then (the
      first, and each after a return), and the order is not reply overdue as of `d`;
    - accepted reply on time: the latest reply (the one a closure accepted) came on time.
    The states are the orders' current ones: an as-of date in the past counts what was issued and replied by then.
    """

    def issued(self):
        """Orders with a number (drafts and drafts cancelled before issue left out)."""
        return self.filter(issued_on__isnull=False)

    def open(self, as_of=None):
        """Open orders (issued, neither closed nor cancelled); with `as_of`, only those issued by then."""
        rows = self.filter(state__in=OPEN_STATES)
        return rows if as_of is None else rows.filter(issued_on__lte=as_of)

    def in_year(self, year):
        """Orders of `year`: numbered that year, or drafts written then."""
        return self.filter(year=year)

    def for_unit(self, unit):
        """Orders a unit must answer (lead unit) or helps with (co-unit)."""
        return self.filter(Q(lead_unit=unit) | Q(co_units=unit)).distinct()

    @staticmethod
    def reply_overdue_q(as_of):
        """The condition of 逾期未反馈 as of a date, for filters and conditional counts."""
        return Q(state__in=AWAITING_REPLY, issued_on__lte=as_of, reply_due__lt=as_of)

    def reply_overdue(self, as_of):
        """Orders waiting for a reply past their reply due date as of `as_of`."""
        return self.filter(self.reply_overdue_q(as_of))

    @staticmethod
    def replied_on_time_q(as_of):
        """The condition of "replied on time" as of a date (see the class docstring)."""
        replies = Reply.objects.filter(order=OuterRef("pk"), replied_on__lte=as_of)
        return Q(Exists(replies)) & ~Q(Exists(replies.exclude(on_time_q()))) & ~OrderQuerySet.reply_overdue_q(as_of)

    @staticmethod
    def accepted_on_time():
        """Whether the latest reply came on time (NULL without a reply): for closed orders, the accepted reply."""
        latest = Reply.objects.filter(order=OuterRef("pk")).order_by("-seq")
        return Subquery(latest.annotate(ok=ExpressionWrapper(on_time_q(), BooleanField())).values("ok")[:1])

    @staticmethod
    def latest_cause(as_of=None):
        """The cause named by the latest reply (by `as_of` when given)."""
        replies = Reply.objects.filter(order=OuterRef("pk"))
        if as_of is not None:
            replies = replies.filter(replied_on__lte=as_of)
        return Subquery(replies.order_by("-seq").values("cause")[:1])

    def with_reply_status(self, as_of):
        """Annotate `reply_overdue` and `replied_on_time` (booleans) as of a date, and `cause` (the latest reply's)."""
        return self.annotate(
            reply_overdue=ExpressionWrapper(self.reply_overdue_q(as_of), BooleanField()),
            replied_on_time=ExpressionWrapper(self.replied_on_time_q(as_of), BooleanField()),
            cause=self.latest_cause(),
        )


def days_overdue(order, as_of):
    """Days the reply is overdue as of a date (section 4), 0 when it is not: the Python twin of reply_overdue_q for
    one order."""
    if order.state in AWAITING_REPLY and order.issued_on and order.issued_on <= as_of and as_of > order.reply_due:
        return (as_of - order.reply_due).days
    return 0


def replied_on_time(order, replies, as_of):
    """Whether the order was replied on time as of a date, from its replies (the twin of replied_on_time_q)."""
    replies = [r for r in replies if r.replied_on <= as_of]
    return bool(replies) and all(r.on_time for r in replies) and not days_overdue(order, as_of)


class ExtensionRequestQuerySet(models.QuerySet):
    def pending(self):
        """Requests waiting for a manager's decision."""
        return self.filter(decision="pending")


class OrderCounter(models.Model):
    """The last number given in a year. Issuing locks the year's row (select_for_update) in its transaction, so two
    managers issuing at once get consecutive numbers, and a rolled-back issue gives its number back."""

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("督办单编号")
        verbose_name_plural = _("督办单编号")

    def __str__(self):
        return f"{self.year}: {self.last}"


class SupervisionOrder(models.Model):
    """A supervision order (督办单) about a project and some of its milestones, to a lead unit."""

    level = models.CharField(_("督办等级"), max_length=20, choices=Level.choices, default=Level.ORDER)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    outcome = models.CharField(_("办结方式"), max_length=20, choices=Outcome.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True, editable=False)
    serial = models.PositiveIntegerField(_("年度序号"), null=True, blank=True, editable=False)
    number = models.CharField(_("督办单编号"), max_length=60, blank=True, editable=False)
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="orders")
    milestones = models.ManyToManyField(
        Milestone, verbose_name=_("涉及节点"), through="OrderMilestone", blank=True, related_name="orders"
    )
    lead_unit = models.ForeignKey(Unit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="orders_led")
    co_units = models.ManyToManyField(Unit, verbose_name=_("协办单位"), blank=True, related_name="orders_assisted")
    reason = models.TextField(_("事由"), max_length=4000)
    requirements = models.TextField(_("整改要求"), max_length=4000)
    reply_due = models.DateField(_("办理时限"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders_issued",
    )
    issued_on = models.DateField(_("交办日期"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    cancelled_on = models.DateField(_("撤销日期"), null=True, blank=True)
    escalated_from = models.OneToOneField(
        "self",
        verbose_name=_("升级自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_to",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_on", "-serial", "-pk"]
        permissions = [("answer_order", _("可以签收、反馈本单位的督办单"))]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial"], name="order_number_unique_per_year", condition=Q(serial__isnull=False)
            ),
            models.CheckConstraint(
                name="order_issued_has_number",
                condition=Q(state="draft", serial__isnull=True, issued_on__isnull=True)
                | Q(state="cancelled", serial__isnull=True, issued_on__isnull=True)
                | Q(serial__isnull=False, year__isnull=False, issued_on__isnull=False),
                violation_error_message=_("已交办的督办单必须有编号和交办日期"),
            ),
            models.CheckConstraint(
                name="order_closed_has_outcome",
                condition=Q(state="closed", closed_on__isnull=False) & ~Q(outcome="")
                | ~Q(state="closed") & Q(outcome="", closed_on__isnull=True),
                violation_error_message=_("办结的督办单必须有办结方式和日期"),
            ),
            models.CheckConstraint(
                name="order_reply_due_after_issue",
                condition=Q(issued_on__isnull=True) | Q(reply_due__gte=F("issued_on")),
                violation_error_message=_("办理时限不能早于交办日期"),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "reply_due"], name="order_state_due"),
            models.Index(fields=["year", "issued_on"], name="order_year_issued"),
            models.Index(fields=["lead_unit", "issued_on"], name="order_unit_issued"),
            models.Index(fields=["project", "state"], name="order_project_state"),
        ]

    def __str__(self):
        return self.number or _("督办单草稿 #%(pk)s") % {"pk": self.pk}

    @property
    def level_rank(self):
        return LEVEL_RANK[Level(self.level)]

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def awaits_reply(self):
        return self.state in AWAITING_REPLY


class OrderMilestone(models.Model):
    """A milestone an order is about."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="order_milestones")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="order_links")

    class Meta:
        verbose_name = _("督办节点")
        verbose_name_plural = _("督办节点")
        constraints = [models.UniqueConstraint(fields=["order", "milestone"], name="order_milestone_once")]

    def __str__(self):
        return f"{self.order} · {self.milestone}"


class Reply(models.Model):
    """A reply (反馈) of the lead unit: the first one, or one after a return. `due` is the reply due date in force
    when it came, so whether it came on time never changes afterwards; `returned_on` is set when a manager returns
    it (退回重办)."""

    order = models.ForeignKey(
        SupervisionOrder, verbose_name=_("督办单"), on_delete=models.CASCADE, related_name="replies"
    )
    seq = models.PositiveSmallIntegerField(_("次序"))
    measures = models.TextField(_("整改措施"), max_length=4000)
    cause = models.CharField(_("原因分类"), max_length=20, choices=Cause.choices)
    expected_completion = models.DateField(_("预计完成时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("反馈人"), on_delete=models.PROTECT)
    replied_on = models.DateField(_("反馈日期"))
    due = models.DateField(_("当时的办理时限"))
    returned_on = models.DateField(_("退回日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办反馈")
        verbose_name_plural = _("督办反馈")
        ordering = ["order", "seq"]
        constraints = [models.UniqueConstraint(fields=["order", "seq"], name="reply_seq_per_order")]
        indexes = [models.Index(fields=["order", "replied_on"], name="reply_order_day")]

    def __str__(self):
        return f"{self.order} · {self.seq}"

    @property
    def on_time(self):
        return self.replied_on <= self.due


class ExtensionRequest(models.Model):
    """延期申请: the lead unit asks for a later reply due date; a manager approves (the due date changes, the old one
    stays here) or refuses. One pending request per order at a time (a partial unique constraint)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("不同意")
        LAPSED = "lapsed", _("已失效")

    order = models.ForeignKey(
        SupervisionOrder, verbose_name=_("督办单"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    old_due = models.DateField(_("原办理时限"))
    requested_due = models.DateField(_("申请延至"))
    reason = models.TextField(_("申请理由"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision = models.CharField(_("审批结果"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), max_length=2000, blank=True)

    objects = ExtensionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["order", "requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=Q(decision="pending"), name="extension_one_pending_per_order"
            ),
            models.CheckConstraint(
                name="extension_later_due",
                condition=Q(requested_due__gt=F("old_due")),
                violation_error_message=_("申请延至的日期必须晚于原办理时限"),
            ),
        ]

    def __str__(self):
        return f"{self.order} · {self.requested_due}"


class OrderLog(models.Model):
    """One row per transition or action on an order: who, when, what, text. Rows are written by the services and
    never edited or deleted (save refuses an update; the admin shows them read-only)."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建草稿")
        EDIT = "edit", _("修改草稿")
        ISSUE = "issue", _("交办")
        ACKNOWLEDGE = "acknowledge", _("签收")
        REPLY = "reply", _("反馈")
        CLOSE = "close", _("办结")
        RETURN = "return", _("退回重办")
        ESCALATE = "escalate", _("升级督办")
        CANCEL = "cancel", _("撤销")
        CHASE = "chase", _("催办")
        REQUEST_EXTENSION = "request_extension", _("申请延期")
        DECIDE_EXTENSION = "decide_extension", _("审批延期")
        NOTE = "note", _("协办意见")
        CORRECT = "correct", _("管理员更正")

    order = models.ForeignKey(SupervisionOrder, verbose_name=_("督办单"), on_delete=models.CASCADE, related_name="log")
    action = models.CharField(_("操作"), max_length=30, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    state_before = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    state_after = models.CharField(_("新状态"), max_length=20, choices=State.choices, blank=True)
    text = models.TextField(_("内容"), blank=True)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["order", "at", "pk"]

    def __str__(self):
        return f"{self.order} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("OrderLog rows are never changed")
        super().save(*args, **kwargs)
