"""backup_data / restore_data round trip on the suite's database (SQLite or PostgreSQL): restored into a new, empty
database by the command in a fresh process, every table has the same rows (count and checksum) (issue 19)."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.backup import table_counts
from portal.models import LoginEvent
from projects.models import ProgressReport
from tests.factories import make_project
from tests.indicator_factories import add_value, make_indicator, set_target

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the groups of migration 0002


def checksums():
    """{table: sha256 of its rows, sorted}: the same on both sides when every row came back."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return result


PRINT_STATE = """
import json, django
django.setup()
from portal.backup import table_counts
from tests.test_backup import checksums
print(json.dumps({"counts": table_counts(), "checksums": checksums()}))
"""


def _run(target_url, *args, media_root=""):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", DEBUG="1", DATABASE_URL=target_url, MEDIA_ROOT=media_root)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def empty_target(tmp_path):
    """The URL of a new, empty database of the suite's engine (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore"  # next to the suite's own test database
    server = dict(host=settings_dict["HOST"] or None, port=settings_dict["PORT"] or None)
    server.update(user=settings_dict["USER"] or None, password=settings_dict["PASSWORD"] or None)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{server['user']}@" if server["user"] else ""
    yield f"postgres://{user}{server['host'] or '127.0.0.1'}:{server['port'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def data(unit_a, unit_b, users):
    project = make_project(unit_a, code="A-1", name="备份项目", milestones=[("2025-03-31", None), ("2025-06-30", None)])
    project.responsible_units.add(unit_b)
    ProgressReport.objects.create(project=project, year=2025, month=3, investment_completed="123.45", problems="无")
    indicator = make_indicator("growth", unit=unit_a, code="gdp", name="地区生产总值增速")
    set_target(indicator, "7")
    add_value(indicator, 6, growth="7.2")
    LoginEvent.objects.create(kind="login", username="staff_a", ip_address="10.0.0.1", user_agent="浏览器")


def test_backup_and_restore_round_trip_with_counts_and_checksums(data, empty_target, tmp_path, settings):
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "督办单.docx").write_bytes(b"PK\x03\x04 not really a docx")
    settings.MEDIA_ROOT = str(media)
    backup_file = tmp_path / "backups" / "kxc-test.tar.gz"
    call_command("backup_data", str(backup_file))
    with tarfile.open(backup_file) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert "media/attachments/督办单.docx" in names
    assert manifest["engine"] == connection.vendor and manifest["media_files"] == 1
    source = {"counts": table_counts(), "checksums": checksums()}
    assert source["counts"]["projects_project"] == 1 and source["counts"]["portal_loginevent"] == 1
    assert manifest["tables"] == source["counts"]

    restored_media = tmp_path / "restored-media"
    result = _run(empty_target, "manage.py", "restore_data", str(backup_file), media_root=str(restored_media))
    assert result.returncode == 0, result.stderr
    assert "every table's row count matches the backup" in result.stdout
    assert (restored_media / "attachments" / "督办单.docx").read_bytes() == b"PK\x03\x04 not really a docx"

    state = _run(empty_target, "-c", PRINT_STATE)
    assert state.returncode == 0, state.stderr
    restored = json.loads(state.stdout.strip().splitlines()[-1])
    assert restored["counts"] == source["counts"]
    assert restored["checksums"] == source["checksums"]

    # Into a database that is not empty (the one just restored): refused, nothing touched.
    again = _run(empty_target, "manage.py", "restore_data", str(backup_file), media_root=str(tmp_path / "m2"))
    assert again.returncode != 0 and "not empty" in again.stderr


def test_backup_keeps_the_newest_files_when_asked(data, tmp_path, settings):
    settings.MEDIA_ROOT = ""
    for name in ["kxc-20250101-000000.tar.gz", "kxc-20250102-000000.tar.gz", "kxc-20250103-000000.tar.gz"]:
        (tmp_path / name).write_bytes(b"old")
    call_command("backup_data", str(tmp_path / "kxc-20990101-000000.tar.gz"), "--keep", "2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kxc-20250103-000000.tar.gz", "kxc-20990101-000000.tar.gz"]


def test_restore_refuses_a_backup_of_another_engine(data, tmp_path):
    path = tmp_path / "other.tar.gz"
    manifest = json.dumps({"engine": "oracle", "tables": {}, "media_files": 0, "created": ""}).encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        archive.addfile(info, io.BytesIO(manifest))
    with pytest.raises(CommandError, match="the backup is of oracle"):
        call_command("restore_data", str(path))
