"""Demo orders (load_demo) in every state and level, dates relative to the load day, idempotent; synthetic orders for
the benchmark (generate_data --orders) numbered without gaps, in every state."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from projects.demo import load_demo
from supervision.choices import Level, State
from supervision.demo import load_demo_orders
from supervision.models import OrderCounter, SupervisionOrder

LOAD_DAY = dt.date(2025, 6, 16)


@pytest.mark.django_db
def test_demo_orders_cover_every_state_and_level_and_load_once():
    load_demo(today=LOAD_DAY)
    made = load_demo_orders(today=LOAD_DAY)
    assert made == SupervisionOrder.objects.count() == 10
    assert set(SupervisionOrder.objects.values_list("state", flat=True)) == {s.value for s in State}
    assert set(SupervisionOrder.objects.values_list("level", flat=True)) == {lv.value for lv in Level}
    assert SupervisionOrder.objects.reply_overdue(LOAD_DAY).exists()
    assert load_demo_orders(today=LOAD_DAY) == 0
    serials = sorted(SupervisionOrder.objects.issued().values_list("serial", flat=True))
    assert serials == list(range(1, len(serials) + 1))


@pytest.mark.django_db
def test_load_demo_command_makes_the_orders():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "demo supervision orders: 10 created" in out.getvalue()


@pytest.mark.django_db
def test_generate_data_makes_numbered_orders_in_every_state():
    out = io.StringIO()
    args = ["--projects", "200", "--seed", "3", "--year", "2025", "--today", "2025-06-15", "--orders", "150"]
    call_command("generate_data", *args, stdout=out)
    assert "150 orders" in out.getvalue()
    assert set(SupervisionOrder.objects.values_list("state", flat=True)) == {s.value for s in State}
    serials = sorted(SupervisionOrder.objects.issued().values_list("serial", flat=True))
    assert serials == list(range(1, len(serials) + 1)) and OrderCounter.objects.get(year=2025).last == len(serials)
    for order in SupervisionOrder.objects.exclude(state=State.DRAFT):
        order.full_clean()
