from django.core.management.base import BaseCommand

from projects.models import PendingImport


class Command(BaseCommand):
    help = "Delete previewed import workbooks that were never confirmed and have expired (schedule it daily)."

    def handle(self, *args, **options):
        deleted, _per_model = PendingImport.objects.expired().delete()
        self.stdout.write(f"expired pending imports deleted: {deleted}")
