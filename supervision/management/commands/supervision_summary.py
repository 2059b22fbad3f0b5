import csv
import datetime as dt
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from supervision.metrics import COLUMNS, default_as_of, unit_figures

HEADER = ("unit", *COLUMNS)


class Command(BaseCommand):
    help = (
        "Supervision figures per unit for a year as of a date (default: today, or the year's last day): one row per "
        "unit that received orders in the year, by unit name. received: orders issued to it in the year (cancelled "
        "ones excluded); replied_on_time: of those, replied on time; reply_overdue: its orders waiting for a reply "
        "past the due date; open: its open orders; closed: its orders closed resolved in the year; closed_on_time: of "
        "those, the ones whose accepted reply came on time (see supervision/metrics.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["csv", "table"], default="csv")

    def handle(self, *args, year, as_of, format, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be between 2000 and 2100")
        as_of = as_of or default_as_of(year)
        rows = [[f.unit.name, *f.row()] for f in unit_figures(year, as_of) if f.received]
        if format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
            return
        widths = [max(_width(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
        for row in [HEADER, *rows]:
            pads = [" " * (w - _width(v)) for v, w in zip(row, widths, strict=True)]
            cells = [f"{v}{pad}" if i == 0 else f"{pad}{v}" for i, (v, pad) in enumerate(zip(row, pads, strict=True))]
            self.stdout.write("  ".join(cells).rstrip())


def _width(value):
    """Columns a text takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))
