"""Load the demo indicators (fixtures/demo_indicators.json): the seed report's figures plus demo values.

Idempotent: indicators, targets and values are found by code and period; existing ones are left alone.
The current year gets the latest earlier target of each indicator and demo values for the months elapsed,
so the list shows something sensible whatever the date.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from projects.models import Unit

from .models import Indicator, Target, Value

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_indicators.json"
REPORT_YEAR = 2024  # the seed report states 2024's actual figures
DEMO_NOTE = "演示数据"


def _dec(x):
    return None if x is None else Decimal(str(x))


@transaction.atomic
def load_demo_indicators(today=None, path=DEMO_FILE):
    """Create what is missing; returns (indicators created, targets created, values created)."""
    today = today or timezone.localdate()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for spec in data.get("units", []):
        Unit.objects.get_or_create(short_name=spec["short_name"], defaults=spec)
    units = {u.short_name: u for u in Unit.objects.all()}
    counts = [0, 0, 0]
    for order, spec in enumerate(data["indicators"], start=1):
        indicator, created = Indicator.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "measure": spec["measure"],
                "kind": spec["kind"],
                "frequency": spec["frequency"],
                "group": spec["group"],
                "responsible_unit": units.get(spec.get("unit")),
                "source": spec.get("source", ""),
                "decimals": spec.get("decimals", 1),
                "derived_from_projects": bool(spec.get("derived")),
                "derivation": spec.get("derived") if isinstance(spec.get("derived"), str) else Indicator.Derivation.ALL,
                "lower_is_better": spec.get("lower_is_better", False),
                "sort_order": order * 10,
            },
        )
        counts[0] += created
        for year, (value, comparator, note) in spec.get("targets", {}).items():
            counts[1] += _target(indicator, int(year), value, comparator, note)
        for year, months in spec.get("values", {}).items():
            note = "2024年报告数据" if int(year) == REPORT_YEAR else DEMO_NOTE
            for month, figures in months.items():
                counts[2] += _value(indicator, int(year), int(month), figures.get("value"), figures.get("growth"), note)
        created_t, created_v = _current_year(indicator, spec.get("trend"), today)
        counts[1] += created_t
        counts[2] += created_v
    return tuple(counts)


def _target(indicator, year, value, comparator, note):
    _t, created = Target.objects.get_or_create(
        indicator=indicator, year=year, defaults={"value": _dec(value), "comparator": comparator, "note": note}
    )
    return created


def _value(indicator, year, month, value_cum, growth, note):
    if indicator.derived_from_projects:
        return False
    _v, created = Value.objects.get_or_create(
        indicator=indicator,
        year=year,
        month=month,
        defaults={"value_cum": _dec(value_cum), "growth_yoy": _dec(growth), "note": note},
    )
    return created


def _current_year(indicator, trend, today):
    """Repeat the latest earlier target for this year and add demo values for the months elapsed."""
    year = today.year
    latest = Target.objects.filter(indicator=indicator, year__lt=year).order_by("-year").first()
    created_t = bool(latest) and _target(
        indicator, year, latest.value, latest.comparator, f"{DEMO_NOTE}：沿用{latest.year}年目标"
    )
    created_v = 0
    if indicator.kind == Indicator.Kind.GROWTH and not latest:
        # No target: the demo still moves around the last growth figure known.
        last = Value.objects.filter(indicator=indicator, year__lt=year, growth_yoy__isnull=False)
        last = last.order_by("-year", "-month").first()
        latest = Target(value=last.growth_yoy) if last else None
    if not trend or not latest:
        return created_t, created_v
    months = [m for m in indicator.allowed_months() if m <= today.month - 1]
    for month in months:
        if indicator.kind == Indicator.Kind.AMOUNT:
            value = (latest.value * month / 12 * Decimal(str(trend["factor"]))).quantize(Decimal("0.01"))
            created_v += _value(indicator, year, month, value, None, DEMO_NOTE)
        else:
            wobble = Decimal((month % 3) - 1) / 10  # a little movement from month to month
            growth = latest.value + Decimal(str(trend["offset"])) + wobble
            created_v += _value(indicator, year, month, None, growth, DEMO_NOTE)
    return created_t, created_v
