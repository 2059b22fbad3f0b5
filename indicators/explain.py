"""Indicator figures in words: periods, targets, completion against time progress (translated)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Target
from .status import AMOUNT, GROWTH, gap_pp, time_progress


def fmt(value, decimals=1):
    """A number with the indicator's display decimals; "—" when missing."""
    if value is None:
        return "—"
    return f"{Decimal(str(value)):.{decimals}f}"


def period_label(month):
    """The cumulative period ending in `month`: 1–2月 … 1–12月 (January is merged into 1–2月)."""
    if month is None:
        return "—"
    return _("1–%(month)s月") % {"month": month}


def comparator_label(code):
    return str(Target.Comparator(code).label) if code else ""


def target_phrase(value, decimals, measure, comparator):
    """E.g. "620亿元 以上", "5% 左右" (English: "at least 620亿元", "about 5%")."""
    return _("%(value)s%(measure)s %(comparator)s") % {
        "value": fmt(value, decimals),
        "measure": measure,
        "comparator": comparator_label(comparator),
    }


def target_text(row):
    """The row's target in words; "—" without a target."""
    if row.target_value is None:
        return "—"
    return target_phrase(row.target_value, row.decimals, row.measure, row.target_comparator)


def completion(row):
    """Cumulative value ÷ annual target in percent, for amount indicators with a value and a target > 0."""
    if row.kind != AMOUNT or row.value_cum is None or not row.target_value or row.target_value <= 0:
        return None
    return Decimal(str(row.value_cum)) * 100 / Decimal(str(row.target_value))


def progress(row):
    """序时进度 of the row's period in percent (amount indicators)."""
    if row.kind != AMOUNT or row.period_month is None:
        return None
    return time_progress(row.period_month)


def latest_text(row):
    """The latest figure: the cumulative value, or the growth for growth-rate indicators."""
    if row.kind == GROWTH:
        return "—" if row.growth_yoy is None else f"{fmt(row.growth_yoy, row.decimals)}%"
    return "—" if row.value_cum is None else f"{fmt(row.value_cum, row.decimals)}{row.measure}"


def explain(row, year):
    """Why an indicator row annotated by `with_status` has its color, in one sentence."""
    if row.target_value is None:
        return _("未设定 %(year)s 年目标") % {"year": year}
    actual = row.growth_yoy if row.kind == GROWTH else row.value_cum
    if row.period_month is None or actual is None:
        if row.kind not in (AMOUNT, GROWTH):
            return _("年度指标，年末报送；%(year)s 年尚无数据，年内不评色") % {"year": year}
        return _("%(year)s 年尚无数据") % {"year": year}
    period = period_label(row.period_month)
    if row.kind == AMOUNT:
        if row.target_value <= 0:
            return _("年度目标不大于 0，不评色")
        gap = gap_pp(row.value_cum, row.target_value, row.period_month)
        args = {
            "period": period,
            "value": fmt(row.value_cum, row.decimals),
            "measure": row.measure,
            "rate": fmt(completion(row), 1),
            "progress": fmt(progress(row), 1),
            "gap": fmt(abs(gap), 1),
        }
        if gap >= 0:
            return (
                _(
                    "%(period)s累计 %(value)s%(measure)s，完成年度目标 %(rate)s%%，序时进度 %(progress)s%%，"
                    "快 %(gap)s 个百分点"
                )
                % args
            )
        return (
            _(
                "%(period)s累计 %(value)s%(measure)s，完成年度目标 %(rate)s%%，序时进度 %(progress)s%%，"
                "慢 %(gap)s 个百分点"
            )
            % args
        )
    diff = Decimal(str(actual)) - Decimal(str(row.target_value))
    args = {
        "period": period,
        "value": fmt(actual, row.decimals),
        "measure": "%" if row.kind == GROWTH else row.measure,
        "target": target_text(row),
        "gap": fmt(abs(diff), row.decimals) + (" " + _("个百分点") if row.kind == GROWTH else row.measure),
    }
    if row.kind != GROWTH and row.period_month != 12:
        return _("%(period)s %(value)s%(measure)s，目标 %(target)s；年度指标，年内不评色") % args
    head = (
        _("%(period)s累计增长 %(value)s%(measure)s，目标 %(target)s")
        if row.kind == GROWTH
        else _("全年 %(value)s%(measure)s，目标 %(target)s")
    ) % args
    if diff > 0:
        return head + _("，高于目标 %(gap)s") % args
    if diff < 0:
        return head + _("，低于目标 %(gap)s") % args
    return head + _("，与目标持平")
