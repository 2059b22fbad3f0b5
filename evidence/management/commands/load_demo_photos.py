from django.core.management.base import BaseCommand

from evidence.demo import load_demo_photos


class Command(BaseCommand):
    help = (
        "Attach drawn site photos (形象进度) to the latest reports of the first demo projects (after load_demo); "
        "stored like uploads, under MEDIA_ROOT by default; safe to run again."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"demo site photos: {load_demo_photos()} kept")
