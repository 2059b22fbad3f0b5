"""Every project of a year's list with its status as of a date, as CSV (for scripts) or an aligned table."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dates import MAX_YEAR, MIN_YEAR
from projects.explain import explain_rows
from projects.models import ListEntry
from projects.status_output import write_csv, write_table


def _invalid_year(value):
    return _("无效的年度「%(value)s」，应为 %(min)s 至 %(max)s 之间的整数") % {
        "value": value,
        "min": MIN_YEAR,
        "max": MAX_YEAR,
    }


def parse_year(value):
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise CommandError(_invalid_year(value)) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CommandError(_invalid_year(value))
    return year


def parse_date(value):
    if value is None:
        return timezone.localdate()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise CommandError(_("无效的截止日期「%(value)s」，应为 YYYY-MM-DD 格式") % {"value": value}) from None


class Command(BaseCommand):
    help = (
        "Print every project in a year's 四个一批 list with its schedule status as of a date (default today). "
        "--format csv: header code,name,batch,lead_unit,status,red,yellow,green,blue, ordered by code."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="list year, e.g. 2025")
        parser.add_argument("--as-of", dest="as_of", help="as-of date YYYY-MM-DD (default: today)")
        parser.add_argument("--format", dest="fmt", choices=["csv", "table"], default="table")

    def handle(self, *args, year, as_of=None, fmt="table", **options):
        year = parse_year(year)
        as_of = parse_date(as_of)
        rows = ListEntry.objects.in_year(year).with_status(as_of).order_by("project__code")
        if fmt == "csv":
            self.write_csv(rows)
        else:
            self.write_table(rows, year, as_of)

    def write_csv(self, rows):
        write_csv(
            self.stdout,
            (
                (e.project.code, e.project.name, e.batch, e.project.lead_unit.name, e.status)
                + (e.red_count, e.yellow_count, e.green_count, e.blue_count)
                for e in rows
            ),
        )

    def write_table(self, rows, year, as_of):
        rows = list(rows)
        explain_rows(rows, as_of)
        header = [_("项目编号"), _("项目名称"), _("批次"), _("牵头单位"), _("进度状态"), _("红"), _("黄"), _("绿")]
        header += [_("蓝"), _("说明")]
        lines = [
            [
                e.project.code,
                e.project.name,
                str(ListEntry.Batch(e.batch).label),
                e.project.lead_unit.name,
                str(e.status_label),
                str(e.red_count),
                str(e.yellow_count),
                str(e.green_count),
                str(e.blue_count),
                e.explanation,
            ]
            for e in rows
        ]
        title = _("%(year)s 年清单，截至 %(as_of)s，共 %(n)s 个项目") % {"year": year, "as_of": as_of, "n": len(lines)}
        write_table(self.stdout, title, header, lines)
