"""python manage.py backup_data [FILE] [--keep N]: back up the database and uploaded files to one .tar.gz file."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup

PATTERN = "kxc-*.tar.gz"


class Command(BaseCommand):
    help = (
        "备份数据库（PostgreSQL 用 pg_dump，SQLite 用其在线备份接口）和 MEDIA_ROOT 下的上传文件到一个 .tar.gz 文件。"
        " Default FILE: backups/kxc-<UTC time>.tar.gz in the checkout."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write the backup (.tar.gz)")
        parser.add_argument(
            "--keep", type=int, help="then delete all but the newest N kxc-*.tar.gz backups in the same folder"
        )

    def handle(self, *args, file=None, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = Path(file) if file else Path(settings.BASE_DIR) / "backups" / f"kxc-{stamp}.tar.gz"
        try:
            manifest = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{path}: {manifest['engine']}, {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media_files']} media files, {path.stat().st_size} bytes"
        )
        if keep:
            for old in sorted(path.parent.glob(PATTERN))[:-keep]:
                old.unlink()
                self.stdout.write(f"deleted old backup {old}")
