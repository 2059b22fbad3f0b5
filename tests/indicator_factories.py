"""Helpers that make indicators, targets and values through the models (indicator tests only)."""

import itertools
from decimal import Decimal

from indicators.models import Indicator, Target, Value

_seq = itertools.count(1)


def make_indicator(kind="growth", unit=None, measure=None, **fields):
    n = next(_seq)
    measure = measure or {"growth": "%", "amount": "亿元", "level": "%"}[kind]
    defaults = {"code": f"ZB-{n:04d}", "name": f"测试指标{n}", "sort_order": n}
    return Indicator.objects.create(kind=kind, measure=measure, responsible_unit=unit, **{**defaults, **fields})


def set_target(indicator, value, year=2025, comparator="gte"):
    return Target.objects.create(indicator=indicator, year=year, value=Decimal(str(value)), comparator=comparator)


def add_value(indicator, month, value_cum=None, growth=None, year=2025, **fields):
    return Value.objects.create(
        indicator=indicator,
        year=year,
        month=month,
        value_cum=None if value_cum is None else Decimal(str(value_cum)),
        growth_yoy=None if growth is None else Decimal(str(growth)),
        **fields,
    )


def status_of(indicator, year=2025, period=12):
    return Indicator.objects.with_status(year, period).get(pk=indicator.pk)
