"""The wall screen's account (group 大屏): it reads the screen and the API the screen fetches, and changes nothing."""

import pytest

from portal.models import SCREEN_GROUP
from projects.models import ProgressReport
from supervision.models import SupervisionOrder
from tests.conftest import make_user
from tests.supervision_factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def screen(client, world):
    client.force_login(make_user("screen", SCREEN_GROUP))
    return client


def test_the_screen_account_reads_the_screen_and_its_api(screen):
    for path in ["/screen/?year=2025", "/api/v1/summary/?year=2025", "/api/v1/projects/?year=2025", "/api/v1/ranking/"]:
        assert screen.get(path).status_code == 200, path


def test_the_screen_account_changes_nothing(screen, world):
    users, project = world["users"], world["project_a"]
    order = make_order(project, users["manager"], users["staff_a"])
    refused = {
        "/supervision/todo/": None,
        "/projects/import/": None,
        f"/projects/{project.pk}/report/": {"version": 0, "year": 2025, "month": 1, "investment_completed": "1"},
        f"/supervision/{order.pk}/acknowledge/": {"acknowledge-version": order.version},
        f"/supervision/{order.pk}/chase/": {"chase-version": order.version, "chase-text": "x"},
    }
    for path, data in refused.items():
        response = screen.post(path, data) if data else screen.get(path)
        assert response.status_code == 403, path
    assert screen.get("/admin/").status_code == 302  # not a member of staff: the admin's login page
    assert not ProgressReport.objects.exists()
    assert SupervisionOrder.objects.get(pk=order.pk).state == "issued"
