"""Permission rows for the indicator pages: everyone reads; staff of the responsible unit and managers enter
values; managers set targets; an unknown indicator is 404."""

from tests.permission_rows import Row

ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}


def indicator(w):
    """An indicator of unit A with a 2025 target, made once per world."""
    if "indicator_a" not in w:
        from tests.indicator_factories import make_indicator, set_target

        w["indicator_a"] = make_indicator("growth", unit=w["unit_a"], code="perm-a")
        set_target(w["indicator_a"], "7")
    return w["indicator_a"]


def value_data(w):
    return {"year": 2025, "month": 6, "growth_yoy": "7.5", "note": ""}


def target_data(w):
    version = indicator(w).targets.get(year=2025).version  # the form shows the current target's version
    return {"year": 2025, "value": "8", "comparator": "gte", "note": "", "version": version, "version_of": "2025"}


ROWS = [
    Row("indicators:list", lambda w: "/indicators/", get=ALL_OK),
    Row("indicators:export_xlsx", lambda w: "/indicators/export.xlsx?year=2025", get=ALL_OK),
    Row("indicators:detail", lambda w: f"/indicators/{indicator(w).pk}/?year=2025", get=ALL_OK),
    Row(
        "indicators:value_edit",
        lambda w: f"/indicators/{indicator(w).pk}/value/?year=2025",
        get={"staff_a": 200, "staff_b": 403, "manager": 200, "admin": 200},
        post={"staff_a": 302, "staff_b": 403, "manager": 302, "admin": 302},
        data=value_data,
    ),
    Row(
        "indicators:target_edit",
        lambda w: f"/indicators/{indicator(w).pk}/target/?year=2025",
        get={"staff_a": 403, "staff_b": 403, "manager": 200, "admin": 200},
        post={"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302},
        data=target_data,
    ),
    Row("indicators:detail", lambda w: "/indicators/999999/", get={"staff_a": 404, "manager": 404}),
]
