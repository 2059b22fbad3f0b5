"""Numbers 高新督〔year〕n号: from 1 in each year, given at issue, never reused, no gaps, also under concurrency."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from supervision import services
from supervision.models import SupervisionOrder
from tests.supervision_factories import make_order


@pytest.mark.django_db
def test_numbers_count_from_one_each_year_and_a_cancelled_order_keeps_its_number(world):
    manager, staff, project = world["users"]["manager"], world["users"]["staff_a"], world["project_a"]
    first = make_order(project, manager, staff, today=dt.date(2025, 12, 30))
    second = make_order(project, manager, staff, today=dt.date(2025, 12, 31))
    services.cancel(second, version=second.version, user=manager, reason="撤销")
    third = make_order(project, manager, staff, today=dt.date(2025, 12, 31))
    next_year = make_order(project, manager, staff, today=dt.date(2026, 1, 2))
    second.refresh_from_db()
    assert [o.number for o in (first, second, third, next_year)] == [
        "高新督〔2025〕1号",
        "高新督〔2025〕2号",
        "高新督〔2025〕3号",
        "高新督〔2026〕1号",
    ]
    assert second.state == "cancelled"


@pytest.mark.django_db
def test_a_draft_has_no_number_and_the_prefix_comes_from_settings(world, settings):
    settings.SUPERVISION_NUMBER_PREFIX = "科督"
    manager, staff, project = world["users"]["manager"], world["users"]["staff_a"], world["project_a"]
    draft = make_order(project, manager, staff, "draft")
    assert draft.number == "" and draft.serial is None
    issued = services.issue(draft, version=draft.version, user=manager, today=dt.date(2025, 6, 2))
    assert issued.number == "科督〔2025〕1号"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers: concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_orders_issued_at_once_get_numbers_one_to_twenty(world):
    manager, staff, project = world["users"]["manager"], world["users"]["staff_a"], world["project_a"]
    drafts = [make_order(project, manager, staff, "draft") for _ in range(20)]
    barrier = threading.Barrier(20)
    errors = []

    def issue(draft):
        try:
            barrier.wait()
            services.issue(draft, version=draft.version, user=manager, today=dt.date(2025, 6, 2))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(SupervisionOrder.objects.filter(year=2025).values_list("serial", flat=True))
    assert serials == list(range(1, 21))
