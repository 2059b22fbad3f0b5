"""The enumerations of supervision.md: levels (section 2), states (section 3), outcomes, causes (section 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The ladder of section 2, lowest first."""

    WARNING = "warning", _("预警提醒")
    ORDER = "order", _("督办")
    LISTED = "listed", _("挂牌督办")
    INTERVIEW = "interview", _("约谈")


LEVEL_RANK = {Level.WARNING: 1, Level.ORDER: 2, Level.LISTED: 3, Level.INTERVIEW: 4}
NEXT_LEVEL = {Level.WARNING: Level.ORDER, Level.ORDER: Level.LISTED, Level.LISTED: Level.INTERVIEW}


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已交办")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    REPLIED = "replied", _("已反馈")
    RETURNED = "returned", _("退回重办")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


# An open order is issued and neither closed nor cancelled; it awaits a reply unless it has one to verify.
OPEN_STATES = (State.ISSUED, State.ACKNOWLEDGED, State.REPLIED, State.RETURNED)
AWAITING_REPLY = (State.ISSUED, State.ACKNOWLEDGED, State.RETURNED)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("办结销号")
    ESCALATED = "escalated", _("升级督办")


class Cause(models.TextChoices):
    """原因分类 (section 5): every reply names one."""

    LAND = "land", _("用地及规划")
    FUNDS = "funds", _("资金")
    APPROVAL = "approval", _("审批手续")
    RELOCATION = "relocation", _("征地拆迁")
    CONSTRUCTION = "construction", _("施工组织")
    EXTERNAL = "external", _("市场及外部因素")
    OTHER = "other", _("其他")
