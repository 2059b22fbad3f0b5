"""In a real browser: staff file this month's report with two site photos (形象进度), find them in the project's
gallery and open one large, with the capture time and place read from its EXIF; a refused file is named on the form
and nothing is saved."""

import pytest
from django.utils import timezone

from evidence.models import Attachment
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.evidence_files import photo
from tests.factories import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def project(users, unit_a):
    return make_project(unit_a, code="E2E-PHOTO", name="甲单位在建项目", year=timezone.localdate().year)


def test_staff_upload_two_photos_with_a_report_see_them_in_the_gallery_and_open_one(page, project):
    today = timezone.localdate()
    log_in(page, "staff_a", PASSWORD)
    page.goto(f"/projects/{project.pk}/report/?year={today.year}&month={today.month}")
    page.fill("input[name=investment_completed]", "120")
    page.fill("textarea[name=image_progress]", "主体结构施工至三层")
    page.set_input_files(
        "input[name=evidence-files]",
        [
            {"name": "东侧.jpg", "mimeType": "image/jpeg", "buffer": photo(taken="2026:11:03 10:21:00")},
            {"name": "西侧.png", "mimeType": "image/png", "buffer": photo("PNG", color=(30, 90, 160), taken=None)},
        ],
    )
    chosen = page.locator(".evidence-chosen li")
    assert chosen.count() == 2 and "东侧.jpg" in chosen.first.inner_text()

    page.locator("main form button.primary").click()
    page.wait_for_url(f"**/projects/{project.pk}/")  # upload.js follows the redirect (XHR drops its #reports)
    assert f"已保存 {today.year} 年 {today.month} 月进展" in page.locator(".messages").inner_text()
    assert Attachment.objects.filter(report__project=project).count() == 2

    gallery = page.locator("#evidence")
    assert f"{today:%Y-%m}" in gallery.locator("h3").first.inner_text()
    thumbs = gallery.locator(".evidence-thumbs img")
    assert thumbs.count() == 2
    for i in range(2):
        thumbs.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbs.nth(i).element_handle())

    gallery.locator("a[title^='东侧.jpg']").click()
    page.wait_for_url("**/evidence/*/")
    assert page.locator("h1").inner_text() == "东侧.jpg"
    large = page.locator("img.evidence-large")
    page.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=large.element_handle())
    assert page.locator(".taken-at").inner_text() == "2026-11-03 10:21"
    assert "纬度 29.500000" in page.locator(".place").inner_text()


def test_a_refused_file_is_named_on_the_form_and_nothing_is_saved(page, project):
    today = timezone.localdate()
    log_in(page, "staff_a", PASSWORD)
    form_url = f"/projects/{project.pk}/report/?year={today.year}&month={today.month}"
    page.goto(form_url)
    page.fill("input[name=investment_completed]", "120")
    page.set_input_files(
        "input[name=evidence-files]",
        [
            {"name": "东侧.jpg", "mimeType": "image/jpeg", "buffer": photo()},
            {"name": "验收.pdf", "mimeType": "application/pdf", "buffer": photo("PNG")},
        ],
    )
    page.locator("main form button.primary").click()
    refused = page.locator(".evidence-refused li")
    refused.first.wait_for()
    assert refused.count() == 1 and "「验收.pdf」" in refused.first.inner_text()
    assert page.url.endswith(form_url)
    assert page.locator("input[name=investment_completed]").input_value() == "120"
    assert not Attachment.objects.exists() and not project.progress_reports.exists()
