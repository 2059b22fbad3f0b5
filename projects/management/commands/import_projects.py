"""python manage.py import_projects FILE [--dry-run] [--user USERNAME]: import a project-list workbook."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from projects.excel.importer import import_workbook


class Command(BaseCommand):
    help = "导入项目清单工作簿（.xlsx，或仅含项目表的 .csv）：全部检查无误才写入，否则不做任何修改。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--user", help="username recorded in the history as the importing user")

    def handle(self, *args, file, dry_run, user, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user named {user!r}") from None
        try:
            with open(file, "rb") as handle:
                result = import_workbook(handle, file, user=importer, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was written")
        for line in result.summary_lines():
            self.stdout.write(line)
        self.stdout.write("dry run: nothing was written" if dry_run else "imported")
