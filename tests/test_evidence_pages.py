"""Attachments through the pages: several files with a monthly report, a refused file refusing the whole save (one
error per file, nothing half-saved), the milestone's date with the required-evidence rule, a reply with its file, the
project's gallery by month (query count pinned with 50 photos), the list's filter 最新月报无照片."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evidence import services
from evidence.models import Attachment
from projects.models import Milestone, ProgressReport
from supervision.models import Reply
from tests.evidence_files import make_report, pdf, photo
from tests.supervision_factories import make_order

pytestmark = pytest.mark.django_db


def f(name, data):
    return SimpleUploadedFile(name, data)


def report_post(client, project, files, month=None):
    today = timezone.localdate()
    data = {
        "version": 0,
        "year": today.year,
        "month": month or today.month,
        "investment_completed": "10",
        "image_progress": "主体施工",
        "evidence-files": files,
    }
    return client.post(f"/projects/{project.pk}/report/", data)


def stored(media_root):
    from pathlib import Path

    return [p for p in Path(media_root).rglob("*") if p.is_file()]


def test_staff_file_a_report_with_several_files(client_for, project_a, settings):
    response = report_post(
        client_for("staff_a"), project_a, [f("一.jpg", photo()), f("二.png", photo("PNG")), f("验收.pdf", pdf())]
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(project=project_a)
    assert sorted(report.attachments.values_list("kind", flat=True)) == ["image", "image", "pdf"]
    assert len(stored(settings.MEDIA_ROOT)) == 5  # three files, two thumbnails


def test_a_refused_file_refuses_the_save_with_an_error_per_file(client_for, project_a, settings):
    response = report_post(
        client_for("staff_a"),
        project_a,
        [f("一.jpg", photo()), f("假.pdf", photo("PNG")), f("页.html", b"<html></html>")],
    )
    assert response.status_code == 200
    errors = response.context["files_form"].errors["files"]
    assert len(errors) == 2 and "「假.pdf」" in errors[0] and "「页.html」" in errors[1]
    assert ProgressReport.objects.count() == 0 and Attachment.objects.count() == 0
    assert stored(settings.MEDIA_ROOT) == []


def test_the_milestone_page_applies_the_required_evidence_rule(client_for, project_a, settings):
    settings.EVIDENCE_REQUIRED_FOR = ["开工建设"]
    m = Milestone.objects.create(project=project_a, seq=1, name="开工建设", planned_date=dt.date(2025, 3, 1))
    c = client_for("staff_a")
    page = f"/projects/{project_a.pk}/milestones/{m.pk}/actual/"
    response = c.post(page, {"version": 1, "actual_date": "2025-03-02", "note": ""})
    assert response.status_code == 200 and "须上传至少一份佐证材料" in response.content.decode()
    m.refresh_from_db()
    assert m.actual_date is None
    response = c.post(
        page, {"version": 1, "actual_date": "2025-03-02", "note": "", "evidence-files": [f("证.pdf", pdf())]}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.actual_date == dt.date(2025, 3, 2) and m.attachments.count() == 1


def test_the_lead_unit_replies_with_a_file(client_for, project_a, users):
    order = make_order(project_a, users["manager"], users["staff_a"], "issued")
    response = client_for("staff_a").post(
        f"/supervision/{order.pk}/reply/",
        {
            "reply-version": order.version,
            "reply-measures": "已整改",
            "reply-cause": "funds",
            "evidence-files": [f("整改.jpg", photo())],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reply = Reply.objects.get(order=order)
    assert reply.attachments.count() == 1 and reply.attachments.get().project == project_a


def test_the_project_page_shows_the_gallery_by_month_with_a_pinned_query_count(
    client_for, project_a, users, django_assert_num_queries
):
    thumbs = services.prepare([f("现场.jpg", photo())])
    for month in (9, 10):
        report = make_report(project_a, year=2026, month=month)
        services.attach(report, thumbs * 25, users["staff_a"])
    c = client_for("staff_a")
    c.get(f"/projects/{project_a.pk}/")
    # the project page's queries for unit staff, the gallery one of them: the same with 50 photos as with one
    with django_assert_num_queries(20):
        response = c.get(f"/projects/{project_a.pk}/")
    html = response.content.decode()
    assert html.count('class="evidence-thumbs"') == 2 and html.count("/thumb/") == 50
    assert html.index("2026-10") < html.index("2026-09")


def test_another_units_staff_see_no_gallery(client_for, project_a, users):
    services.attach(make_report(project_a), services.prepare([f("现场.jpg", photo())]), users["staff_a"])
    html = client_for("staff_b").get(f"/projects/{project_a.pk}/").content.decode()
    assert "/thumb/" not in html and "佐证材料仅项目的责任单位和管理人员可见" in html


def test_the_list_filters_projects_whose_latest_report_has_no_photo(client_for, project_a, unit_b, users):
    from tests.factories import make_project

    project_b = make_project(lead_unit=unit_b, code="B-009", name="乙项目")
    with_photo = make_report(project_a, year=2025, month=5)
    services.attach(with_photo, services.prepare([f("现场.jpg", photo())]), users["staff_a"])
    make_report(project_b, year=2025, month=4)
    make_report(project_b, year=2025, month=5)
    c = client_for("manager")
    codes = lambda q: [r.record.project.code for r in c.get(f"/projects/?year=2025&no_photo={q}").context["table"].rows]  # noqa: E731
    assert codes("yes") == ["B-009"]
    assert codes("no") == ["A-001"]


def test_a_file_over_the_limit_refuses_the_report_with_nothing_kept(client_for, project_a, settings):
    settings.EVIDENCE_MAX_FILE_MB = 1
    big = photo() + b"\0" * (1024 * 1024)
    response = report_post(client_for("staff_a"), project_a, [f("小.jpg", photo()), f("大.jpg", big)])
    assert response.status_code == 200
    [error] = response.context["files_form"].errors["files"]
    assert "「大.jpg」" in error and "1 MB" in error
    assert ProgressReport.objects.count() == 0 and Attachment.objects.count() == 0
    assert stored(settings.MEDIA_ROOT) == []


def test_a_request_larger_than_the_site_reads_is_refused_whole(client_for, project_a, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 4096  # the files of a larger request never reach the form
    response = report_post(client_for("staff_a"), project_a, [f("一.jpg", photo() + b"\0" * 8192)])
    assert response.status_code == 200
    assert "本次上传的内容合计超过" in response.context["files_form"].errors["files"][0]
    assert ProgressReport.objects.count() == 0 and stored(settings.MEDIA_ROOT) == []


def test_the_gallery_costs_the_same_queries_with_one_photo(client_for, project_a, users, django_assert_num_queries):
    services.attach(
        make_report(project_a, year=2026, month=9), services.prepare([f("现场.jpg", photo())]), users["staff_a"]
    )
    c = client_for("staff_a")
    c.get(f"/projects/{project_a.pk}/")
    with django_assert_num_queries(20):  # as with 50 photos (test above)
        assert c.get(f"/projects/{project_a.pk}/").content.decode().count("/thumb/") == 1
