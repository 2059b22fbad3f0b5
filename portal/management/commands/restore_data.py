"""python manage.py restore_data FILE: load a backup_data file into an empty database (and MEDIA_ROOT)."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "把 backup_data 的备份恢复到一个空数据库（DATABASE_URL 指向的库，须为同一种数据库）和 MEDIA_ROOT，"
        "然后核对每张表的行数。Restart the app servers afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup written by backup_data (.tar.gz)")

    def handle(self, *args, file, **options):
        try:
            manifest = restore(file)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {file} (made {manifest['created']}): {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media_files']} media files; every table's row count matches the backup"
        )
