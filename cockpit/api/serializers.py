"""What the API returns: stable English field names, their Chinese labels in the schema, dates in ISO 8601, money in
万元 as numbers with two decimals (goals and indicators in their own measure, e.g. 亿元)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from indicators.models import Indicator, Target
from indicators.status import IndicatorColor
from projects.models import ListEntry, Project
from projects.status import Color

MONEY = {"max_digits": 16, "decimal_places": 2, "coerce_to_string": False}


def money(label, **kwargs):
    return serializers.DecimalField(label=label, **MONEY, **kwargs)


def color(label, choices=Color.choices, **kwargs):
    """A color code (red, yellow, green, blue, none): schedule, investment, goal and indicator statuses share them
    (each kind with labels of its own in the schema)."""
    return serializers.ChoiceField(label=label, choices=choices, **kwargs)


class ProjectRowSerializer(serializers.Serializer):
    """One project of a year's list, as the list shows it (`project_status`'s CSV columns first, same names)."""

    code = serializers.CharField(label=_("项目编号"), source="project.code")
    name = serializers.CharField(label=_("项目名称"), source="project.name")
    batch = serializers.ChoiceField(label=_("批次"), choices=ListEntry.Batch.choices)
    lead_unit = serializers.CharField(label=_("牵头单位"), source="project.lead_unit.name")
    status = color(_("进度状态"))
    red = serializers.IntegerField(label=_("红色节点数"), source="red_count")
    yellow = serializers.IntegerField(label=_("黄色节点数"), source="yellow_count")
    green = serializers.IntegerField(label=_("绿色节点数"), source="green_count")
    blue = serializers.IntegerField(label=_("蓝色节点数"), source="blue_count")
    year = serializers.IntegerField(label=_("清单年度"))
    lead_unit_short = serializers.CharField(label=_("牵头单位简称"), source="project.lead_unit.short_name")
    level = serializers.ChoiceField(label=_("项目级别"), choices=Project.Level.choices, source="project.level")
    category = serializers.CharField(label=_("产业类别"), source="project.category")
    days_overdue = serializers.IntegerField(label=_("逾期天数"), allow_null=True)
    total_investment = money(_("总投资（万元）"), source="project.total_investment")
    annual_plan_investment = money(_("年度计划投资（万元）"))
    investment_ytd = money(_("累计完成投资（万元）"))
    investment_status = color(
        _("投资进度"), help_text=_("四色代码同进度状态：red 严重滞后，yellow 滞后，green 正常，blue 超前")
    )
    investment_gap_pp = serializers.FloatField(label=_("较序时进度（个百分点）"), allow_null=True)
    in_stats_date = serializers.DateField(label=_("入统日期"), allow_null=True)


class MilestoneSerializer(serializers.Serializer):
    seq = serializers.IntegerField(label=_("序号"))
    name = serializers.CharField(label=_("节点名称"))
    unit = serializers.CharField(label=_("责任单位"), source="unit.name", allow_null=True, default=None)
    planned_date = serializers.DateField(label=_("计划完成时间"))
    baseline_date = serializers.DateField(label=_("基线计划时间"))
    actual_date = serializers.DateField(label=_("实际完成时间"), allow_null=True)
    is_exempt = serializers.BooleanField(label=_("豁免"))
    exempt_reason = serializers.CharField(label=_("豁免理由"))
    status = color(_("节点状态"), help_text=_("豁免节点为 none"))
    days_overdue = serializers.IntegerField(label=_("逾期天数"), allow_null=True)


class ProjectDetailSerializer(ProjectRowSerializer):
    area = serializers.CharField(label=_("所属片区"), source="project.area")
    scope = serializers.CharField(label=_("建设内容"), source="project.scope")
    planned_start = serializers.DateField(label=_("计划开工"), source="project.planned_start", allow_null=True)
    planned_finish = serializers.DateField(label=_("计划竣工"), source="project.planned_finish", allow_null=True)
    actual_start = serializers.DateField(label=_("实际开工"), source="project.actual_start", allow_null=True)
    actual_finish = serializers.DateField(label=_("实际竣工"), source="project.actual_finish", allow_null=True)
    milestones = MilestoneSerializer(label=_("节点"), many=True)


class ColorCountsSerializer(serializers.Serializer):
    red = serializers.IntegerField(label=_("红色"))
    yellow = serializers.IntegerField(label=_("黄色"))
    green = serializers.IntegerField(label=_("绿色"))
    blue = serializers.IntegerField(label=_("蓝色"))
    none = serializers.IntegerField(label=_("未评估"))


class BatchRowSerializer(serializers.Serializer):
    batch = serializers.ChoiceField(label=_("批次"), choices=ListEntry.Batch.choices, allow_null=True)
    label = serializers.CharField(label=_("批次名称"))
    counts = ColorCountsSerializer(label=_("各状态项目数"))
    total = serializers.IntegerField(label=_("合计"))


class GoalSerializer(serializers.Serializer):
    code = serializers.CharField(label=_("目标代码"))
    label = serializers.CharField(label=_("目标"))
    measure = serializers.ChoiceField(label=_("计量"), choices=[("count", "个"), ("yi", "亿元"), ("percent", "%")])
    target = serializers.DecimalField(label=_("目标值"), max_digits=14, decimal_places=2, coerce_to_string=False)
    achieved = serializers.DecimalField(
        label=_("完成值"), max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    completion_pct = serializers.FloatField(label=_("完成率（%）"), allow_null=True)
    time_progress = serializers.FloatField(label=_("序时进度（%）"))
    gap_pp = serializers.FloatField(label=_("较序时进度（个百分点）"), allow_null=True)
    status = color(_("状态"), IndicatorColor.choices)


class InvestmentSerializer(serializers.Serializer):
    plan = money(_("年度计划投资（万元）"))
    completed = money(_("累计完成投资（万元）"))
    months = serializers.IntegerField(label=_("已过月数"))
    rate = serializers.FloatField(label=_("完成率（%）"), allow_null=True)
    time_progress = serializers.FloatField(label=_("序时进度（%）"))
    gap_pp = serializers.FloatField(label=_("较序时进度（个百分点）"), allow_null=True)
    status = color(_("投资进度"), help_text=_("四色代码同进度状态：red 严重滞后，yellow 滞后，green 正常，blue 超前"))


class SupervisionSerializer(serializers.Serializer):
    received = serializers.IntegerField(label=pgettext_lazy("figure", "交办"))
    replied_on_time = serializers.IntegerField(label=_("按期反馈"))
    reply_overdue = serializers.IntegerField(label=_("逾期未反馈"))
    open = serializers.IntegerField(label=_("未办结"))
    closed = serializers.IntegerField(label=pgettext_lazy("figure", "办结"))
    closed_on_time = serializers.IntegerField(label=_("按期办结"))
    escalated = serializers.IntegerField(label=_("升级督办"))


class SummarySerializer(serializers.Serializer):
    year = serializers.IntegerField(label=_("清单年度"))
    as_of = serializers.DateField(label=_("截止日期"))
    batch_status = BatchRowSerializer(label=_("批次 × 状态"), many=True)
    goals = GoalSerializer(label=_("年度目标"), many=True)
    investment = InvestmentSerializer(label=_("年度投资"))
    supervision = SupervisionSerializer(label=_("督办单统计"), allow_null=True, help_text=_("督办模块未安装时为 null"))
    trend = serializers.DictField(
        label=_("已关账月份的状态趋势"),
        child=serializers.DictField(child=serializers.IntegerField()),
        allow_null=True,
        help_text=_("月度关账接入前为 null；{月份：{颜色：项目数}}"),
    )


class UnitRankSerializer(serializers.Serializer):
    rank = serializers.IntegerField(label=_("名次"))
    unit = serializers.CharField(label=_("单位"), source="unit.name")
    unit_short = serializers.CharField(label=_("单位简称"), source="unit.short_name")
    red = serializers.IntegerField(label=_("红色节点"))
    yellow = serializers.IntegerField(label=_("黄色节点"))
    done = serializers.IntegerField(label=_("已完成节点"))
    on_time = serializers.IntegerField(label=_("按基线按期完成节点"))
    on_time_rate = serializers.FloatField(label=_("按期完成率（%）"), allow_null=True)
    plan_moves = serializers.IntegerField(label=_("调整计划节点"))
    late_reports = serializers.IntegerField(label=_("未按时填报（月次）"))
    orders_received = serializers.IntegerField(label=_("收到督办单"))
    orders_reply_on_time_rate = serializers.FloatField(label=_("按时反馈率（%）"), allow_null=True)
    orders_reply_overdue = serializers.IntegerField(label=_("反馈逾期"))
    score = serializers.DecimalField(
        label=_("考核得分"), max_digits=12, decimal_places=2, allow_null=True, help_text=_("未配置权重时为 null")
    )


class RankingSerializer(serializers.Serializer):
    year = serializers.IntegerField(label=_("清单年度"))
    as_of = serializers.DateField(label=_("截止日期"))
    units = UnitRankSerializer(label=_("红黄榜"), many=True)
    score_formula = serializers.CharField(label=_("考核得分计算公式"), allow_null=True)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(label=_("指标编码"))
    name = serializers.CharField(label=_("指标名称"))
    measure = serializers.CharField(label=_("计量单位"))
    kind = serializers.ChoiceField(label=_("指标类型"), choices=Indicator.Kind.choices)
    group = serializers.ChoiceField(label=_("指标分组"), choices=Indicator.Group.choices)
    derived_from_projects = serializers.BooleanField(label=_("由项目清单计算"))
    derivation = serializers.ChoiceField(label=_("计算口径"), choices=Indicator.Derivation.choices)
    year = serializers.IntegerField(label=_("年度"))
    period_month = serializers.IntegerField(label=_("截止月份"), allow_null=True)
    target_value = serializers.DecimalField(
        label=_("目标值"), max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    target_comparator = serializers.ChoiceField(label=_("目标表述"), choices=Target.Comparator.choices, allow_null=True)
    value_cum = serializers.DecimalField(
        label=_("累计值"), max_digits=20, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    growth_yoy = serializers.DecimalField(
        label=_("累计同比增长（%）"), max_digits=8, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    status = color(_("状态"), IndicatorColor.choices)
