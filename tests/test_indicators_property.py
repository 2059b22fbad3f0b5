"""Property: the SQL status of indicators equals the Python rule on random figures (both databases)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.models import Indicator
from indicators.status import indicator_color
from tests.indicator_factories import add_value, make_indicator, set_target

cents = st.integers(min_value=-2000, max_value=200000).map(lambda n: Decimal(n) / 100)
# Offsets that land on or next to the band edges of growth and level indicators.
edges = st.sampled_from(["-2.01", "-2", "-1.99", "-0.51", "-0.5", "-0.49", "-0.01", "0", "0.01", "1.99", "2", "2.01"])
spec = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["growth", "amount", "level"]),
        "lower": st.booleans(),
        "comparator": st.sampled_from(["gte", "about", "lte"]),
        "target": st.one_of(st.none(), cents),
        "month": st.one_of(st.none(), st.integers(min_value=2, max_value=12)),
        "value": cents,
        "edge": st.one_of(st.none(), edges),
        # amounts: the completion in percent of the target, at or near the edges of section 3's bands
        "pp": st.one_of(st.none(), st.integers(min_value=-50, max_value=50)),
    }
)


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(spec, min_size=1, max_size=6), period=st.integers(min_value=2, max_value=12))
def test_sql_and_python_agree_on_indicator_status(specs, period):
    Indicator.objects.all().delete()
    made = []
    for s in specs:
        ind = make_indicator(s["kind"], lower_is_better=s["lower"])
        target = s["target"]
        if target is not None:
            set_target(ind, target, comparator=s["comparator"])
        value = s["value"]
        if target is not None and s["edge"] is not None and s["kind"] != "amount":
            value = target + Decimal(s["edge"])
        if target is not None and target > 0 and s["pp"] is not None and s["kind"] == "amount" and s["month"]:
            # completion = time progress + pp, rounded to cents
            value = (target * (Decimal(s["month"]) * 100 / 12 + s["pp"]) / 100).quantize(Decimal("0.01"))
        if s["month"] is not None:
            growth = value if s["kind"] == "growth" else None
            add_value(ind, s["month"], value_cum=None if s["kind"] == "growth" else value, growth=growth)
        month = s["month"] if s["month"] is not None and s["month"] <= period else None
        figures = (target, month, None if s["kind"] == "growth" else value, value if s["kind"] == "growth" else None)
        made.append((ind, s, figures))
    rows = {r.pk: r for r in Indicator.objects.with_status(2025, period)}
    counts = Indicator.objects.status_counts(2025, period)
    expected_counts = {c: 0 for c in counts}
    for ind, s, (target, month, value_cum, growth) in made:
        row = rows[ind.pk]
        comparator = s["comparator"] if target is not None else None
        expected = indicator_color(s["kind"], s["lower"], comparator, target, month, value_cum, growth)
        assert row.status == expected
        expected_counts[expected] += 1
    assert counts == expected_counts
