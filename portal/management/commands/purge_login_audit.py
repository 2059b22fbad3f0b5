"""python manage.py purge_login_audit [--days N]: delete login audit rows older than LOGIN_AUDIT_DAYS."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.models import LoginEvent


class Command(BaseCommand):
    help = "删除早于保留期（LOGIN_AUDIT_DAYS，默认 180 天）的登录日志。Schedule it daily."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="keep this many days instead of LOGIN_AUDIT_DAYS")

    def handle(self, *args, days=None, **options):
        days = settings.LOGIN_AUDIT_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1")
        cutoff = timezone.now() - dt.timedelta(days=days)
        deleted, _ = LoginEvent.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"deleted {deleted} login audit row(s) older than {days} days")
