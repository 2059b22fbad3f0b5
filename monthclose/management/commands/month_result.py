"""A closed month's published project results, in the same format as `project_status`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from monthclose.management.commands.close_month import parse_month
from monthclose.results import closed_month, entry_results
from projects.management.commands.project_status import parse_year
from projects.models import ListEntry
from projects.status import Color
from projects.status_output import write_csv, write_table


class Command(BaseCommand):
    help = (
        "Print a closed month's project results (frozen at its close). --format csv: header "
        "code,name,batch,lead_unit,status,red,yellow,green,blue, ordered by code. Exit 1 when the month is not closed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True)
        parser.add_argument("--month", required=True)
        parser.add_argument("--format", dest="fmt", choices=["csv", "table"], default="table")

    def handle(self, *args, year, month, fmt="table", **options):
        year, month = parse_year(year), parse_month(month)
        closed = closed_month(year, month)
        if closed is None:
            raise CommandError(_("%(year)s年%(month)s月未关账，没有月度结果") % {"year": year, "month": month})
        rows = entry_results(closed).order_by("code")
        if fmt == "csv":
            values = rows.values_list(
                "code", "name", "batch", "lead_unit__name", "status", "red", "yellow", "green", "blue"
            )
            write_csv(self.stdout, values)
            return
        header = [_("项目编号"), _("项目名称"), _("批次"), _("牵头单位"), _("进度状态"), _("红"), _("黄"), _("绿")]
        header += [_("蓝"), _("说明")]
        lines = [
            [
                e.code,
                e.name,
                str(ListEntry.Batch(e.batch).label),
                e.lead_unit.name,
                str(Color(e.status).label),
                *(str(n) for n in (e.red, e.yellow, e.green, e.blue)),
                _("未按时填报") if e.report_late else "",
            ]
            for e in rows
        ]
        title = _("%(month)s月度亮灯结果（第%(version)s版，%(by)s 于 %(at)s 关账），共 %(n)s 个项目") % {
            "month": closed.label,
            "version": closed.version,
            "by": closed.closed_by.display_name if closed.closed_by else "—",
            "at": timezone.localtime(closed.closed_at).strftime("%Y-%m-%d %H:%M"),
            "n": len(lines),
        }
        write_table(self.stdout, title, header, lines)
