"""Backups of the database (and of uploaded files under MEDIA_ROOT, when there are any) and their restore.

A backup is one .tar.gz file holding `manifest.json` (when, which database engine, the row count of every table),
the database (`database.dump`: pg_dump's custom format, for PostgreSQL; `database.sqlite3`: a consistent copy made by
SQLite's online backup API, for SQLite) and `media/` (the files under MEDIA_ROOT). `restore` loads it into an empty
database of the same engine (pg_restore; SQLite's backup API), puts the files back, then compares every table's row
count with the manifest. Used by the `backup_data` and `restore_data` commands.
"""

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _database(alias):
    connection = connections[alias]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"unsupported database engine {connection.vendor!r}")
    return connection


def table_counts(alias="default"):
    """{table: row count} of every table of the database."""
    connection = _database(alias)
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_environment(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_arguments(settings_dict):
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    return [*args, "--dbname", str(settings_dict["NAME"])]


def _run(command, env=None):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _sqlite_connect(name):
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _media_root():
    root = settings.MEDIA_ROOT
    return Path(root) if root else None


def backup(path, alias="default"):
    """Write a backup of the database `alias` (and MEDIA_ROOT's files) to `path` (.tar.gz); returns the manifest."""
    connection = _database(alias)
    manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "tables": table_counts(alias),
        "media_files": 0,
    }
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if connection.vendor == "postgresql":
            database_file = work / POSTGRES_DUMP
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database_file)]
            _run(command + _pg_arguments(connection.settings_dict), env=_pg_environment(connection.settings_dict))
        else:
            database_file = work / SQLITE_COPY
            source, target = _sqlite_connect(connection.settings_dict["NAME"]), sqlite3.connect(database_file)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        media = _media_root()
        media_files = [f for f in media.rglob("*") if f.is_file()] if media and media.is_dir() else []
        manifest["media_files"] = len(media_files)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=database_file.name)
            for file in media_files:
                archive.add(file, arcname=f"{MEDIA}/{file.relative_to(media).as_posix()}")
        partial.replace(path)  # a backup file is complete or absent, never half-written
    return manifest


def _is_empty(alias):
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(path, alias="default"):
    """Load the backup at `path` into the empty database `alias` and MEDIA_ROOT; returns the manifest. Raises
    BackupError when the database is not empty, the engines differ, or the restored counts differ."""
    connection = _database(alias)
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        archive.extractall(work, filter="data")
        work = Path(work)
        manifest = json.loads((work / MANIFEST).read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"the backup is of {manifest['engine']}, the database is {connection.vendor}")
        if not _is_empty(alias):
            raise BackupError("the database is not empty: restore into a new, empty database")
        media = _media_root()
        restored_media = work / MEDIA
        if restored_media.is_dir() and media and media.is_dir() and any(media.iterdir()):
            raise BackupError(f"MEDIA_ROOT ({media}) is not empty")
        if connection.vendor == "postgresql":
            command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            settings_dict = connection.settings_dict
            connection.close()
            _run(
                command + _pg_arguments(settings_dict) + [str(work / POSTGRES_DUMP)], env=_pg_environment(settings_dict)
            )
        else:
            source, target = sqlite3.connect(work / SQLITE_COPY), _sqlite_connect(connection.settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            connection.close()
        if restored_media.is_dir() and media:
            shutil.copytree(restored_media, media, dirs_exist_ok=True)
    counts = table_counts(alias)
    if counts != manifest["tables"]:
        differing = sorted(
            t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"restored row counts differ from the backup's in: {', '.join(differing)}")
    return manifest
