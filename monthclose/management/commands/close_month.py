"""Close a month: record its month-end result (reporting.md section 3)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monthclose.services import close_month
from projects.management.commands.project_status import parse_year


def parse_month(value):
    try:
        month = int(str(value).strip())
    except (TypeError, ValueError):
        month = 0
    if not 1 <= month <= 12:
        raise CommandError(_("无效的月份「%(value)s」，应为 1 至 12 之间的整数") % {"value": value})
    return month


class Command(BaseCommand):
    help = "Close a month (YEAR MONTH): record every list entry's and milestone's result as of its last day."

    def add_arguments(self, parser):
        parser.add_argument("year")
        parser.add_argument("month")
        parser.add_argument("--user", help="username recorded as the one who closed it")

    def handle(self, *args, year, month, user=None, **options):
        year, month = parse_year(year), parse_month(month)
        closer = None
        if user:
            closer = get_user_model().objects.filter(username=user).first()
            if closer is None:
                raise CommandError(_("用户「%(user)s」不存在") % {"user": user})
        try:
            closed = close_month(year, month, closer)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stdout.write(
            _("%(month)s已关账（第%(version)s版）：%(entries)s 个项目，%(milestones)s 个节点")
            % {
                "month": closed.label,
                "version": closed.version,
                "entries": closed.entries.count(),
                "milestones": closed.milestones.count(),
            }
        )
