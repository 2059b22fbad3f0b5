"""Make the day's date-based reminders (reporting.md, section 2) and send the daily digest e-mails; run daily by the
scheduler (README, "Deploy")."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.digest import NoSiteUrl, send_digests
from reminders.daily import DATE_KINDS, make_reminders


def parse_day(value):
    if value is None:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(_("无效的日期「%(value)s」，应为 YYYY-MM-DD 格式") % {"value": value}) from None


class Command(BaseCommand):
    help = (
        "Make the date-based reminders (due soon, turned yellow/red, report due/late, reply due soon/overdue) as of "
        "a day (default today) and print one line per kind with the number made. Each reminder is made once per "
        "person, kind, object and day: a second run makes nothing. --date replays a day; --dry-run writes nothing. "
        "Then sends each person with an e-mail address one digest of their notifications not mailed yet (once a day; "
        "a failed send is retried on the next run); --no-mail skips it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to make reminders for, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be made, write nothing")
        parser.add_argument("--no-mail", action="store_true", help="make the reminders, send no digest e-mail")

    def handle(self, *args, **options):
        day = parse_day(options["date"])
        made = make_reminders(day, dry_run=options["dry_run"])
        for kind in DATE_KINDS:
            self.stdout.write(f"{kind.value} {made[kind]}  {kind.label}")
        if options["no_mail"]:
            return
        try:
            mailed = send_digests(dry_run=options["dry_run"])
        except NoSiteUrl:
            self.stderr.write(_("未设置 SITE_URL（网站地址），不发送提醒邮件。"))
            return
        sent_label, failed_label = _("提醒邮件已发送"), _("提醒邮件发送失败（已记入日志，下次运行时重试）")
        self.stdout.write(f"emails_sent {mailed.sent}  {sent_label}")
        self.stdout.write(f"emails_failed {mailed.failed}  {failed_label}")
        if mailed.failed:
            self.stderr.write(_("发送失败：%(users)s") % {"users": "、".join(mailed.failed_users)})
