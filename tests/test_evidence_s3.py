"""Attachments on an S3-compatible object store: moto's server, started on this machine for the test, stands in for
MinIO or a cloud's store. The storage is configured as the site configures it (EVIDENCE_STORAGE=s3 and the S3_*
variables, read by `portal.settings.s3_storage_from_env`), then a report is filed with a photo and a PDF through the
page, both are served through the rights-checking view, and removing them takes them out of the bucket.

Skipped, with the reason, where moto (the dev extras' `moto[server]`) is not installed."""

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evidence.models import Attachment
from portal.settings import s3_storage_from_env
from tests.evidence_files import pdf, photo

moto_server = pytest.importorskip(
    "moto.server", reason="moto is not installed: pip install 'moto[server]>=5,<6' (the dev extras) for the S3 test"
)
boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (it comes with django-storages' S3 backend)")

pytestmark = pytest.mark.django_db

BUCKET = "kxc-evidence"
PREFIX = "site-a"
KEYS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret", "region_name": "us-east-1"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free loopback port for this module's tests."""
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh private bucket, and the site's default storage pointed at it through the S3_* variables."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    client.create_bucket(Bucket=BUCKET)
    for name, value in {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": KEYS["region_name"],
        "S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        "S3_ADDRESSING_STYLE": "path",
        "S3_PREFIX": f"/{PREFIX}/",
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_from_env()}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def body(client, key):
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def file_report(client, project, files):
    today = timezone.localdate()
    data = {
        "version": 0,
        "year": today.year,
        "month": today.month,
        "investment_completed": "10",
        "image_progress": "主体施工",
        "evidence-files": files,
    }
    return client.post(f"/projects/{project.pk}/report/", data)


def test_upload_serve_and_delete_on_an_s3_compatible_store(
    bucket, client_for, project_a, django_capture_on_commit_callbacks
):
    staff, document_bytes = client_for("staff_a"), pdf()
    response = file_report(
        staff, project_a, [SimpleUploadedFile("现场.jpg", photo()), SimpleUploadedFile("验收.pdf", document_bytes)]
    )
    assert response.status_code == 302

    shot, document = Attachment.objects.order_by("kind")  # image, pdf
    stored = keys(bucket)
    assert stored == sorted(f"{PREFIX}/{name}" for name in (shot.file.name, shot.thumbnail.name, document.file.name))
    assert all(key.startswith(f"{PREFIX}/evidence/{project_a.pk}/") for key in stored)

    response = staff.get(f"/evidence/{shot.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == body(bucket, f"{PREFIX}/{shot.file.name}")
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''%E7%8E%B0%E5%9C%BA.jpg"
    assert "X-Accel-Redirect" not in response

    response = staff.get(f"/evidence/{document.pk}/file/")
    assert b"".join(response.streaming_content) == document_bytes == body(bucket, f"{PREFIX}/{document.file.name}")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")

    thumbnail = staff.get(f"/evidence/{shot.pk}/thumb/")
    assert b"".join(thumbnail.streaming_content) == body(bucket, f"{PREFIX}/{shot.thumbnail.name}")
    assert client_for("staff_b").get(f"/evidence/{shot.pk}/file/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("staff_a").post(f"/evidence/{shot.pk}/delete/").status_code == 302
    assert keys(bucket) == [f"{PREFIX}/{document.file.name}"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("manager").post(f"/evidence/{document.pk}/delete/").status_code == 302
    assert keys(bucket) == [] and not Attachment.objects.exists()


def test_a_failed_save_leaves_nothing_in_the_bucket(bucket, client_for, project_a, monkeypatch):
    """The second file's row fails after the first's files were put in the bucket: rows and objects both go."""
    real_save, saved = Attachment.save, []

    def failing_save(self, *args, **kwargs):
        saved.append(self)
        if len(saved) == 2:
            raise RuntimeError("the database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", failing_save)
    client = client_for("staff_a")
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        file_report(client, project_a, [SimpleUploadedFile("一.jpg", photo()), SimpleUploadedFile("二.jpg", photo())])
    assert len(saved) == 2
    assert keys(bucket) == [] and not Attachment.objects.exists()


def test_the_x_accel_setting_does_not_apply_to_s3(bucket, client_for, project_a, settings):
    settings.EVIDENCE_X_ACCEL_PREFIX = "/protected-media/"
    file_report(client_for("staff_a"), project_a, [SimpleUploadedFile("现场.jpg", photo())])
    shot = Attachment.objects.get()
    response = client_for("staff_a").get(f"/evidence/{shot.pk}/file/")
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == body(bucket, f"{PREFIX}/{shot.file.name}")
