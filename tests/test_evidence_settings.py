"""The S3 settings of the attachments' storage are checked at start: a bad value stops it, naming the variable."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def start(**env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "env,named",
    [
        ({"EVIDENCE_STORAGE": "s3", "S3_BUCKET": ""}, "S3_BUCKET"),
        ({"EVIDENCE_STORAGE": "s3", "S3_BUCKET": "Bad_Bucket"}, "S3_BUCKET"),
        ({"EVIDENCE_STORAGE": "s3", "S3_BUCKET": "kxc", "S3_ENDPOINT_URL": "minio:9000"}, "S3_ENDPOINT_URL"),
        ({"EVIDENCE_STORAGE": "s3", "S3_BUCKET": "kxc", "S3_ACCESS_KEY_ID": "k"}, "S3_SECRET_ACCESS_KEY"),
        ({"EVIDENCE_STORAGE": "ftp"}, "EVIDENCE_STORAGE"),
    ],
)
def test_a_bad_storage_setting_stops_the_start_naming_the_variable(env, named):
    result = start(**env)
    assert result.returncode != 0 and named in result.stderr


def test_good_s3_settings_start():
    result = start(EVIDENCE_STORAGE="s3", S3_BUCKET="kxc-evidence", S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert result.returncode == 0, result.stderr
