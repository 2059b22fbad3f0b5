"""The demo's site photos (load_demo_photos, run by `make run` after load_demo): drawn pictures kept on the latest
reports of the first demo projects like uploads (re-encoded, thumbnailed, under MEDIA_ROOT), with capture time and
place, shown in the project's gallery; idempotent."""

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from PIL import Image

from evidence.demo import PROJECTS, REPORTS, VIEWS, load_demo_photos
from evidence.models import Attachment
from projects.demo import load_demo
from projects.models import ProgressReport

LOAD_DAY = dt.date(2025, 6, 15)


@pytest.fixture
def demo(db):
    load_demo(today=LOAD_DAY)
    return load_demo_photos(today=LOAD_DAY)


def test_demo_photos_are_kept_on_the_latest_reports_of_the_first_projects(demo, settings):
    assert demo == PROJECTS * REPORTS * len(VIEWS) == Attachment.objects.images().count()
    reports = ProgressReport.objects.filter(attachments__isnull=False).distinct()
    assert reports.count() == PROJECTS * REPORTS
    assert set(reports.values_list("month", flat=True)) == {LOAD_DAY.month - 2, LOAD_DAY.month - 1}
    for a in Attachment.objects.select_related("report"):
        assert a.month == dt.date(a.report.year, a.report.month, 1) and a.project_id == a.report.project_id
        assert (a.taken_at.date().year, a.taken_at.date().month) == (a.report.year, a.report.month)
        assert a.latitude and a.longitude and (a.width, a.height) == (960, 640)
        kept = Path(settings.MEDIA_ROOT) / a.file.name
        assert kept.is_file() and (Path(settings.MEDIA_ROOT) / a.thumbnail.name).is_file()
        with Image.open(io.BytesIO(kept.read_bytes())) as image:
            assert image.format == "JPEG" and not image.getexif()  # re-encoded: the camera's EXIF is gone
    assert load_demo_photos(today=LOAD_DAY) == 0 and Attachment.objects.count() == demo  # loaded again: none added


def test_the_gallery_and_the_lists_filter_show_the_demo_photos(demo, client_for, users):
    codes = lambda q: {r.record.project.code for r in client_for("manager").get(q).context["table"].rows}  # noqa: E731
    without = codes(f"/projects/?year={LOAD_DAY.year}&no_photo=yes")
    with_photo = codes(f"/projects/?year={LOAD_DAY.year}&no_photo=no")
    photographed = set(Attachment.objects.values_list("project__code", flat=True))
    assert len(photographed) == PROJECTS and photographed <= with_photo
    assert len(without) >= 10 and not photographed & without  # the list's filter finds the others

    photo = Attachment.objects.order_by("pk").first()
    c = client_for("manager")
    html = c.get(f"/projects/{photo.project_id}/").content.decode()
    assert html.count("/thumb/") == REPORTS * len(VIEWS)
    page = c.get(f"/evidence/{photo.pk}/").content.decode()
    assert f"{photo.report.year}-{photo.report.month:02d}-20 09:00" in page and "演示" in page
    assert b"".join(c.get(f"/evidence/{photo.pk}/file/").streaming_content)[:3] == b"\xff\xd8\xff"


def test_the_command_after_load_demo(db):
    out = io.StringIO()
    with time_machine.travel(dt.datetime(2025, 6, 15, 2, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo_photos", stdout=out)
    assert out.getvalue().strip() == f"demo site photos: {PROJECTS * REPORTS * len(VIEWS)} kept"
