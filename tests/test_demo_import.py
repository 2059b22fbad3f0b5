"""The demo as `make run` builds it: its codes read the demo's year, the downloadable import template imports
cleanly into it (upload, preview, confirm), and re-running create_demo_users says how to reset a password."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from portal.models import User
from projects.models import ListEntry, Project

TODAY = dt.datetime(2026, 12, 6, 2, tzinfo=dt.UTC)
MAKE_RUN = ["load_demo", "load_demo_indicators", "load_demo_goals", "create_demo_users"]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # create_demo_users is for the demo database only
    with time_machine.travel(TODAY, tick=False):
        for command in MAKE_RUN:
            call_command(command, stdout=io.StringIO())
        yield


def test_demo_codes_read_the_demos_year(demo):
    codes = set(ListEntry.objects.filter(year=2026).values_list("project__code", flat=True))
    assert codes and all(code.startswith("GX-2026-") for code in codes)
    assert not Project.objects.filter(code__startswith="GX-2025-").exists()


def test_loading_the_demo_again_in_a_later_year_makes_no_second_set(demo):
    before = Project.objects.count()
    with time_machine.travel(TODAY + dt.timedelta(days=60), tick=False):
        call_command("load_demo", stdout=io.StringIO())
    assert Project.objects.count() == before


def test_the_template_imports_cleanly_into_the_demo(demo, client):
    client.force_login(User.objects.get(username="manager"))  # the demo's own manager
    with time_machine.travel(TODAY, tick=False):
        template = client.get("/projects/import/template/")
        assert "2026" in template["Content-Disposition"]
        upload = SimpleUploadedFile("模板.xlsx", template.getvalue())
        preview = client.post("/projects/import/", {"file": upload})
        assert preview.context["result"].ok, preview.context["result"].errors
        confirmed = client.post("/projects/import/confirm/", {"token": preview.context["token"]})
    result = confirmed.context["result"]
    assert result.ok and not result.dry_run
    example = Project.objects.get(name="示例道路改造工程")
    assert example.list_entries.get().year == 2026
    assert example.lead_unit.short_name == "示例局" and example.milestones.count() == 1


def test_running_create_demo_users_again_says_how_to_reset_a_password(demo, settings):
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    text = out.getvalue()
    assert "exist already" in text and "manage.py changepassword" in text
