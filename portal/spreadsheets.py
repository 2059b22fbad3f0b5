"""Every workbook the site writes (XlsxWriter), and the text rules of its CSV files.

Tables the office works in open ready to read and print (conventions 17): a bold header row that stays in view
(frozen) with an autofilter, columns as wide as their longest text (up to a cap, beyond which text wraps), A4
landscape fitted to the page width with the header row repeated on every page, dates as yyyy-mm-dd. Every download
is named in the reader's language after what it holds, its list year and its date (`export_filename`).

Text is always written as text: a project's or unit's name starting with "=" never runs as a formula in the
reader's Excel. In CSV files such a text gets a leading ' (Excel shows the text without
it), which the import takes off again (`from_csv_text`).

Cells are kept until `close()`: each distinct string is written once (shared strings). XlsxWriter's
`constant_memory` mode would stream rows with less memory but writes every string inline (slower at 10,000 rows).
"""

import datetime as dt
import tempfile
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
A4 = 9  # XlsxWriter's paper index
MIN_WIDTH, MAX_WIDTH = 6, 50  # characters of a fitted column (a Chinese character counts two)
DATE_WIDTH = 10

# Excel's day numbers (the 1900 date system) count from this day; they are exact from 1900-03-01 on (Excel counts
# a 29 February 1900 that did not exist).
EXCEL_DAY_ZERO, SERIALS_EXACT_FROM = dt.date(1899, 12, 30), dt.date(1900, 3, 1)

# Cell fills of the status columns in every export, by color code (the label is always written too).
STATUS_FILLS = {"red": "F4B6B6", "yellow": "FFE699", "green": "C6EFCE", "blue": "BDD7EE"}

# A CSV cell starting with one of these runs as a formula when Excel opens the file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_width(text):
    """The characters a text takes in a cell: a Chinese (wide) character counts two. A UTF-8 byte count is quick
    and close: 3 bytes for a Chinese character, 1 for a Latin one."""
    return (len(text) + len(text.encode())) // 2


def export_filename(title, year, as_of, ext):
    """A download's name: what it holds, its list year and its as-of date (逾期督办_2025_截至2025-06-30.xlsx)."""
    return _("%(title)s_%(year)s_截至%(day)s.%(ext)s") % {
        "title": title,
        "year": year,
        "day": as_of.isoformat(),
        "ext": ext,
    }


def csv_text(value):
    """A text for a CSV cell that Excel shows as text, never runs as a formula. A text already starting with ' gets
    one more, so that `from_csv_text` gives back exactly the text."""
    return f"'{value}" if value.startswith((*FORMULA_STARTS, "'")) else value


def from_csv_text(value):
    """The text `csv_text` wrote (one leading ' taken off before a formula character or another ')."""
    return value[1:] if value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'")) else value


class Workbook:
    """An xlsx workbook written to `stream` (a file or a response), sheet after sheet, row after row.

    `fills` names background colors ({key: "RRGGBB"}) that rows may give a cell (e.g. a status's color)."""

    def __init__(self, stream, *, fills=None):
        self.book = xlsxwriter.Workbook(stream, {"in_memory": True})
        self.bold = self.book.add_format({"bold": True})
        self.title = self.book.add_format({"bold": True, "font_size": 13})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.fills = {
            key: self.book.add_format({"pattern": 1, "bg_color": f"#{rgb}"}) for key, rgb in (fills or {}).items()
        }
        self.sheets = []

    def sheet(self, name, headers, *, widths=None, title=None, landscape=True, notes=None):
        """A new sheet with its header row (after a title line when given). Columns fit their longest text;
        `widths` ({header: characters}) caps a column of long text (which then wraps) below MAX_WIDTH; `notes`
        ({header: text}) become Excel notes (comments) on those header cells."""
        sheet = Sheet(self, self.book.add_worksheet(name[:31]), headers, widths or {}, title, landscape)
        for column, header in enumerate(headers):
            if notes and header in notes:
                sheet.ws.write_comment(sheet.header_row, column, notes[header])
        self.sheets.append(sheet)
        return sheet

    def close(self):
        for sheet in self.sheets:
            sheet.finish()
        self.book.close()


class Sheet:
    def __init__(self, workbook, worksheet, headers, widths, title, landscape):
        self.workbook, self.ws, self.headers = workbook, worksheet, headers
        # A cap never narrows a column below its header.
        self.caps = [max(min(widths.get(h, MAX_WIDTH), MAX_WIDTH), text_width(h) + 2) for h in headers]
        self.fitted = [text_width(header) for header in headers]
        self.header_row = 0
        if title:
            worksheet.write_string(0, 0, title, workbook.title)
            self.header_row = 1
        for column, header in enumerate(headers):
            worksheet.write_string(self.header_row, column, header, workbook.bold)
        self.next_row = self.header_row + 1
        worksheet.freeze_panes(self.next_row, 0)
        worksheet.set_paper(A4)
        if landscape:
            worksheet.set_landscape()
        worksheet.fit_to_pages(1, 0)  # the page width, as many pages down as needed
        worksheet.repeat_rows(self.header_row)

    def append(self, values, fill=None, fill_column=None):
        """Write a row (str, int, float, Decimal, date or None values); the cell at `fill_column` gets the workbook's
        fill named `fill`."""
        row = self.next_row
        self.next_row += 1
        fill_format = self.workbook.fills.get(fill)
        fitted, caps = self.fitted, self.caps
        for column, value in enumerate(values):
            if isinstance(value, str):
                if not value:
                    continue  # an empty text is an empty cell
                self.ws.write_string(row, column, value, fill_format if column == fill_column else None)
                width = None  # measured below, when the column is still being fitted
            elif isinstance(value, dt.date) and not isinstance(value, dt.datetime) and value >= SERIALS_EXACT_FROM:
                # A date cell is its day number with a date format: what write_datetime writes, without its
                # conversion per cell (about 5 % of a 10,000-project export).
                self.ws.write_number(row, column, (value - EXCEL_DAY_ZERO).days, self.workbook.date)
                width = DATE_WIDTH
            elif isinstance(value, dt.date):
                self.ws.write_datetime(row, column, value, self.workbook.date)
                width = DATE_WIDTH
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                self.ws.write_number(row, column, float(value))  # Excel holds a float
                width = len(str(value))
            elif value is not None:
                value = str(value)
                self.ws.write_string(row, column, value)
                width = None
            else:
                continue
            # A column already past its cap wraps and keeps its width: its texts (most of a list's cells) need no
            # measuring.
            if column < len(fitted) and fitted[column] + 2 <= caps[column]:
                width = text_width(value) if width is None else width
                if width > fitted[column]:
                    fitted[column] = width

    def finish(self):
        for column, (fitted, cap) in enumerate(zip(self.fitted, self.caps, strict=True)):
            width = max(MIN_WIDTH, min(fitted + 2, cap))
            # A column of text longer than its cap wraps (cells without a format of their own take the column's).
            wrap = self.workbook.wrap if fitted + 2 > cap else None
            # Stored as N character widths (XlsxWriter stores pixels / 7).
            self.ws.set_column_pixels(column, column, 7 * width, wrap)
        if self.headers:
            self.ws.autofilter(self.header_row, 0, max(self.next_row - 1, self.header_row), len(self.headers) - 1)


def file_response(filename, write, content_type):
    """An attachment `filename` (any language: FileResponse encodes it for the browser) holding what `write(stream)`
    writes to a binary stream; a large file rolls over to a temporary file, closed once sent."""
    stream = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    write(stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=content_type)


def xlsx_response(filename, write, **workbook_options):
    """An attachment `filename` holding the workbook that `write(workbook)` fills."""

    def write_book(stream):
        workbook = Workbook(stream, **workbook_options)
        write(workbook)
        workbook.close()

    return file_response(filename, write_book, XLSX_TYPE)
