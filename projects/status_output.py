"""The one text format of a list's statuses (`project_status`, `month_result`): CSV for scripts with the header
code,name,batch,lead_unit,status,red,yellow,green,blue, or a table aligned for a terminal."""

import csv
import unicodedata

from portal.spreadsheets import csv_text

CSV_HEADER = ["code", "name", "batch", "lead_unit", "status", "red", "yellow", "green", "blue"]


def display_width(text):
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text, width):
    return text + " " * (width - display_width(text))


def write_csv(stream, rows):
    """`rows`: (code, name, batch, lead unit's name, status, red, yellow, green, blue) tuples, in order."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for code, name, batch, lead_unit, *rest in rows:
        writer.writerow([csv_text(code), csv_text(name), batch, csv_text(lead_unit), *rest])


def write_table(stream, title, header, lines):
    """`title`, then the header and lines aligned (the last column, a free text, left ragged)."""
    stream.write(title)
    if not lines:
        return
    widths = [max(display_width(r[i]) for r in [header, *lines]) for i in range(len(header) - 1)]
    for r in [header, *lines]:
        cells = [pad(cell, w) for cell, w in zip(r, widths, strict=False)]
        stream.write("  ".join([*cells, r[-1]]).rstrip())
