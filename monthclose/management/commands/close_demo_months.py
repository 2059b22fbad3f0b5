"""The demo: close the months of this year before the current one that are not closed yet (idempotent), so that the
trends and a bulletin show at once."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from monthclose.services import close_month, months_to_close


class Command(BaseCommand):
    help = "Close every ended month of this year that is not closed yet (the demo; safe to run again)."

    def handle(self, *args, **options):
        closed = [close_month(year, month, None) for year, month in months_to_close()]
        self.stdout.write(_("已关账 %(n)s 个月份") % {"n": len(closed)})
