"""Attachments: files refused for what they are, images re-encoded without EXIF (capture time and GPS kept as
fields), size limits with nothing kept, rollback of row and file, rights on the file URL, the required-evidence
rule at its edges."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from evidence import services
from evidence.models import Attachment
from evidence.sniff import DOCX_MAIN, XLSX_MAIN
from projects import services as project_services
from projects.models import Milestone
from tests.evidence_files import make_report, office, pdf, photo
from tests.supervision_factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(media):
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


def up(name, data):
    return SimpleUploadedFile(name, data)


def refusal(name, data):
    with pytest.raises(ValidationError) as caught:
        services.prepare([up(name, data)])
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "name,data,kind",
    [
        ("现场.jpg", photo(), "image"),
        ("现场.png", photo("PNG"), "image"),
        ("现场.webp", photo("WEBP"), "image"),
        ("验收.pdf", pdf(), "pdf"),
        ("报告.docx", office(DOCX_MAIN), "docx"),
        ("台账.xlsx", office(XLSX_MAIN), "xlsx"),
    ],
)
def test_allowed_types_are_prepared(name, data, kind):
    [upload] = services.prepare([up(name, data)])
    assert upload.kind == kind


def test_png_renamed_pdf_is_refused_as_a_png():
    message = refusal("验收报告.pdf", photo("PNG"))
    assert "PNG 图片" in message and ".pdf" in message


def test_pdf_renamed_jpg_is_refused_as_a_pdf():
    message = refusal("现场.jpg", pdf())
    assert "PDF 文档" in message and ".jpg" in message


@pytest.mark.parametrize(
    "name,data,label",
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML"),
        ("page.jpg", b"<html><body>x</body></html>", "HTML"),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "SVG"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        ("macro.docx", office("application/vnd.ms-word.document.macroEnabled.main+xml"), "压缩包"),
        ("run.pdf", b"MZ\x90\x00", "可执行程序"),
    ],
)
def test_html_svg_and_others_are_refused(name, data, label):
    assert "不支持的文件类型" in refusal(name, data) and label in refusal(name, data)


def test_a_broken_pdf_is_refused():
    assert "PDF" in refusal("坏.pdf", b"%PDF-1.4\n garbage")


def test_exif_is_gone_from_the_kept_image_while_capture_time_and_gps_are_on_the_attachment(project_a, users, media):
    report = make_report(project_a)
    services.attach(
        report,
        services.prepare([up("现场.jpg", photo(taken="2026:11:03 10:21:00", gps=(29.5, 106.25)))]),
        users["staff_a"],
    )
    a = Attachment.objects.get()
    kept = default_storage.open(a.file.name).read()
    assert b"SecretCam" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert not image.getexif()
    assert a.taken_at.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None) == dt.datetime(
        2026, 11, 3, 10, 21
    )
    assert (a.latitude, a.longitude) == (Decimal("29.500000"), Decimal("106.250000"))
    assert a.thumbnail and default_storage.exists(a.thumbnail.name)
    assert a.month == dt.date(2026, 11, 1) and a.project == project_a


def test_trailing_payload_does_not_survive(project_a, users):
    report = make_report(project_a)
    services.attach(
        report, services.prepare([up("现场.png", photo("PNG") + b"<script>evil()</script>")]), users["staff_a"]
    )
    assert b"evil" not in default_storage.open(Attachment.objects.get().file.name).read()


def test_a_file_over_the_limit_is_refused_with_nothing_kept(settings, media):
    settings.EVIDENCE_MAX_FILE_MB = 1
    big = photo() + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        services.prepare([up("小.jpg", photo()), up("大.jpg", big)])
    assert "「大.jpg」" in caught.value.messages[0] and "1 MB" in caught.value.messages[0]
    assert Attachment.objects.count() == 0 and stored_files(media) == []


def test_the_per_object_limit_counts_files_already_kept(settings, project_a, users):
    settings.EVIDENCE_MAX_OBJECT_MB = 1
    report = make_report(project_a)
    services.attach(report, services.prepare([up("a.jpg", photo())]), users["staff_a"])
    existing = services.existing_bytes(report)
    with pytest.raises(ValidationError) as caught:
        services.prepare([up("b.pdf", pdf() + b"\0" * (1024 * 1024 - existing))], existing=existing)
    assert "超过每份材料的上限 1 MB" in " ".join(caught.value.messages)


def test_a_failed_save_rolls_back_both_the_row_and_the_file(project_a, users, media, monkeypatch):
    report = make_report(project_a)
    uploads = services.prepare([up("a.jpg", photo()), up("b.pdf", pdf())])
    real_save = Attachment.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", failing_save)
    with pytest.raises(RuntimeError):
        services.attach(report, uploads, users["staff_a"])
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_failed_owner_write_keeps_no_file(project_a, users, media):
    uploads = services.prepare([up("a.jpg", photo())])

    def write():
        make_report(project_a)
        raise ValidationError("refused")

    with pytest.raises(ValidationError):
        services.save_with_files(write, uploads, users["staff_a"])
    assert stored_files(media) == [] and Attachment.objects.count() == 0


def test_deleting_removes_the_files(project_a, users, media, django_capture_on_commit_callbacks):
    report = make_report(project_a)
    services.attach(report, services.prepare([up("a.jpg", photo())]), users["staff_a"])
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.remove(Attachment.objects.get())
    assert stored_files(media) == []


# --- the file's URL ---------------------------------------------------------------------------------------------


@pytest.fixture
def kept(project_a, users):
    report = make_report(project_a)
    services.attach(report, services.prepare([up("现场.jpg", photo()), up("验收.pdf", pdf())]), users["staff_a"])
    return list(Attachment.objects.order_by("pk"))


def test_staff_of_the_unit_get_the_photo_inline_with_safe_headers(client_for, kept):
    response = client_for("staff_a").get(f"/evidence/{kept[0].pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; filename*=UTF-8''")
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_documents_are_downloads(client_for, kept):
    response = client_for("manager").get(f"/evidence/{kept[1].pk}/file/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_another_units_staff_get_404_on_the_file(client_for, kept):
    client = client_for("staff_b")
    for url in (f"/evidence/{kept[0].pk}/file/", f"/evidence/{kept[0].pk}/thumb/", f"/evidence/{kept[0].pk}/"):
        assert client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_login(client_for, kept):
    response = client_for("anonymous").get(f"/evidence/{kept[0].pk}/file/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_x_accel_redirect_hands_the_file_to_the_proxy(client_for, kept, settings):
    settings.EVIDENCE_X_ACCEL_PREFIX = "/protected-media/"
    response = client_for("staff_a").get(f"/evidence/{kept[0].pk}/file/")
    assert response["X-Accel-Redirect"] == "/protected-media/" + kept[0].file.name
    assert response.content == b"" and response["X-Content-Type-Options"] == "nosniff"


# --- the required-evidence rule ---------------------------------------------------------------------------------


@pytest.fixture
def start(project_a):
    return Milestone.objects.create(project=project_a, seq=1, name="开工建设", planned_date=dt.date(2026, 10, 1))


def record(milestone, user, files=(), actual=dt.date(2026, 11, 2), note=""):
    milestone.refresh_from_db()
    previous = milestone.actual_date
    uploads = services.prepare(list(files))
    return services.save_with_files(
        lambda: project_services.record_actual(
            milestone, version=milestone.version, actual_date=actual, note=note, user=user
        ),
        uploads,
        user,
        check=services.required_evidence_check(previous),
    )


def test_rule_off_by_default_records_without_files(start, users):
    record(start, users["staff_a"])
    start.refresh_from_db()
    assert start.actual_date == dt.date(2026, 11, 2)


def test_rule_refuses_a_named_milestone_without_files_and_saves_nothing(start, users, settings):
    settings.EVIDENCE_REQUIRED_FOR = ["开工建设", "交付投用"]
    with pytest.raises(ValidationError) as caught:
        record(start, users["staff_a"])
    assert "开工建设" in caught.value.messages[0]
    start.refresh_from_db()
    assert start.actual_date is None and start.version == 1


def test_rule_accepts_one_file(start, users, settings):
    settings.EVIDENCE_REQUIRED_FOR = ["开工建设"]
    record(start, users["staff_a"], files=[up("许可证.pdf", pdf())])
    start.refresh_from_db()
    assert start.actual_date and start.attachments.count() == 1


def test_rule_accepts_a_file_kept_before(start, users, settings):
    settings.EVIDENCE_REQUIRED_FOR = ["开工建设"]
    services.attach(start, services.prepare([up("许可证.pdf", pdf())]), users["staff_a"])
    record(start, users["staff_a"])
    start.refresh_from_db()
    assert start.actual_date is not None


def test_rule_ignores_other_milestones_clearing_and_unchanged_dates(start, project_a, users, settings):
    other = Milestone.objects.create(project=project_a, seq=2, name="主体完工", planned_date=dt.date(2026, 10, 1))
    record(other, users["staff_a"])  # not named
    record(start, users["staff_a"])  # recorded before the rule
    settings.EVIDENCE_REQUIRED_FOR = ["开工建设"]
    record(start, users["staff_a"], note="补充说明")  # the date unchanged
    start.refresh_from_db()
    assert start.note == "补充说明"
    record(start, users["staff_a"], actual=None)  # cleared
    start.refresh_from_db()
    assert start.actual_date is None


def test_rule_refuses_changing_a_recorded_date_without_files(start, users, settings):
    record(start, users["staff_a"])  # recorded before the rule
    settings.EVIDENCE_REQUIRED_FOR = ["开工建设"]
    with pytest.raises(ValidationError):
        record(start, users["staff_a"], actual=dt.date(2026, 11, 5))
    start.refresh_from_db()
    assert start.actual_date == dt.date(2026, 11, 2)


def test_rule_names_milestones_exactly(project_a, users, settings):
    settings.EVIDENCE_REQUIRED_FOR = ["开工建设"]
    spaced = Milestone.objects.create(project=project_a, seq=1, name=" 开工建设 ", planned_date=dt.date(2026, 10, 1))
    phase = Milestone.objects.create(
        project=project_a, seq=2, name="开工建设（一期）", planned_date=dt.date(2026, 10, 1)
    )
    with pytest.raises(ValidationError):
        record(spaced, users["staff_a"])  # surrounding spaces do not escape the rule
    record(phase, users["staff_a"])  # another milestone's name, not a prefix match
    phase.refresh_from_db()
    assert phase.actual_date is not None


# --- who sees which file ----------------------------------------------------------------------------------------


def test_the_milestones_unit_sees_the_milestones_files_but_not_the_reports(project_a, unit_b, users, client_for):
    milestone = Milestone.objects.create(
        project=project_a, seq=1, name="土地征收", planned_date=dt.date(2026, 10, 1), unit=unit_b
    )
    services.attach(milestone, services.prepare([up("征收.pdf", pdf())]), users["manager"])
    services.attach(make_report(project_a), services.prepare([up("现场.jpg", photo())]), users["staff_a"])
    on_milestone, on_report = Attachment.objects.order_by("pk")
    client = client_for("staff_b")
    assert client.get(f"/evidence/{on_milestone.pk}/file/").status_code == 200
    assert client.get(f"/evidence/{on_report.pk}/file/").status_code == 404


def test_an_orders_co_unit_sees_the_replys_files(project_a, unit_b, users, client_for):
    order = make_order(project_a, users["manager"], users["staff_a"], "issued", co_units=[unit_b])
    response = client_for("staff_a").post(
        f"/supervision/{order.pk}/reply/",
        {
            "reply-version": order.version,
            "reply-measures": "已整改",
            "reply-cause": "funds",
            "evidence-files": [up("整改.jpg", photo())],
        },
    )
    assert response.status_code == 302
    a = Attachment.objects.get(reply__order=order)
    assert client_for("staff_b").get(f"/evidence/{a.pk}/file/").status_code == 200
    order.co_units.clear()
    assert client_for("staff_b").get(f"/evidence/{a.pk}/file/").status_code == 404
