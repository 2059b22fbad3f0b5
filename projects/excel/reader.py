"""Reading an uploaded workbook (.xlsx) or CSV (the 项目 sheet alone) into rows keyed by column.

Problems with the file as a whole (not a workbook, encrypted, no 项目 sheet, a required header missing, too large
once unpacked, too many rows) raise `FileProblem` with every such problem found; problems with single cells are left
to the importer.

Bounds: a workbook is a zip file whose directory declares each part's unpacked size, and Python's zipfile never
unpacks a part past its declared size, so the declared total is checked against IMPORT_MAX_UNPACKED_MB before any
part is read; rows are counted from each sheet's declared dimension before reading and again while reading, so a
sheet with more than IMPORT_MAX_ROWS rows is refused without being loaded.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _

from portal.spreadsheets import from_csv_text

from . import format as fmt


@dataclass
class Issue:
    """One problem: the sheet, the row number as Excel shows it, the column header, what is wrong, and the cell's
    content (as read, shortened; empty for an empty cell or a problem of the whole file)."""

    sheet: str
    row: int | None
    column: str
    message: str
    value: str = ""
    dependent: bool = False  # refused only because another row it refers to was

    def __str__(self):
        where = ", ".join(str(part) for part in (self.sheet, self.row, self.column) if part not in (None, ""))
        text = f"{self.message} [{self.value}]" if self.value else self.message
        return f"{where}: {text}" if where else text


class FileProblem(Exception):
    def __init__(self, issues):
        super().__init__("; ".join(str(issue) for issue in issues))
        self.issues = issues


@dataclass
class Sheet:
    name: str
    columns: dict  # column key -> header as written in the file
    rows: list = field(default_factory=list)  # (Excel row number, {column key: cell value, None if empty})
    warnings: list = field(default_factory=list)


def read(data, filename):
    """{sheet name: Sheet} for the format's sheets found in the file's bytes."""
    if filename.lower().endswith(".csv"):
        sheet = _sheet(fmt.PROJECTS, _csv_rows(data))
        if not sheet.rows:
            raise FileProblem([Issue(fmt.PROJECTS, None, "", _("文件中没有数据行"))])
        return {fmt.PROJECTS: sheet}
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileProblem(
            [Issue("", None, "", _("文件已加密或是旧版 .xls 工作簿：请在 Excel 中另存为未加密的 .xlsx 文件"))]
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileProblem([Issue("", None, "", _("文件不是可读取的 Excel 工作簿（.xlsx）或 CSV 文件"))])
    _check_unpacked_size(data)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same to the user
        raise FileProblem([Issue("", None, "", _("文件不是可读取的 Excel 工作簿（.xlsx），可能已损坏"))]) from None
    sheets, problems = {}, []
    try:
        for worksheet in workbook.worksheets:
            name = fmt.sheet_for(worksheet.title)
            if name and name not in sheets:
                _check_declared_rows(name, worksheet.max_row)
                try:
                    parsed = _sheet(name, _xlsx_rows(worksheet))
                    if parsed is not None:
                        sheets[name] = parsed
                except FileProblem as problem:
                    sheets[name] = None
                    problems += problem.issues
    except FileProblem:
        raise
    except Exception:
        raise FileProblem([Issue("", None, "", _("文件不是可读取的 Excel 工作簿（.xlsx），可能已损坏"))]) from None
    finally:
        workbook.close()
    if fmt.PROJECTS not in sheets:
        problems.insert(0, Issue(fmt.PROJECTS, None, "", _("缺少工作表「项目」")))
    if problems:
        raise FileProblem(problems)
    if not any(sheet.rows for sheet in sheets.values()):
        raise FileProblem([Issue("", None, "", _("工作簿中没有数据行"))])
    return sheets


def _check_unpacked_size(data):
    """Refuse a workbook whose parts, as its zip directory declares them, unpack past IMPORT_MAX_UNPACKED_MB."""
    limit = settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem([Issue("", None, "", _("文件不是可读取的 Excel 工作簿（.xlsx），可能已损坏"))]) from None
    if unpacked > limit:
        message = _("工作簿解压后为 %(size)s MB，超过上限 %(max)s MB，未读取。请拆分后分批导入。") % {
            "size": f"{unpacked / 1024 / 1024:,.0f}",
            "max": settings.IMPORT_MAX_UNPACKED_MB,
        }
        raise FileProblem([Issue("", None, "", message)])


def _too_many_rows(sheet):
    message = _("工作表「%(sheet)s」超过 %(max)s 行数据，未导入。请拆分后分批导入。") % {
        "sheet": sheet,
        "max": f"{settings.IMPORT_MAX_ROWS:,}",
    }
    return FileProblem([Issue(sheet, None, "", message)])


def _check_declared_rows(sheet, max_row):
    """The sheet's declared dimension (header row included); a missing or false one is caught while reading."""
    if max_row is not None and max_row - 1 > settings.IMPORT_MAX_ROWS:
        raise _too_many_rows(sheet)


def _xlsx_rows(worksheet):
    yield from worksheet.iter_rows(values_only=True)


def _csv_rows(data):
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem([Issue("", None, "", _("CSV 文件应为 UTF-8 编码"))]) from None
    try:
        for row in csv.reader(io.StringIO(content, newline="")):
            yield [from_csv_text(cell) for cell in row]
    except csv.Error:
        raise FileProblem([Issue("", None, "", _("CSV 文件格式有误"))]) from None


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _sheet(name, rows):
    """The sheet's columns and rows, or None for an optional sheet without a header."""
    rows = iter(rows)
    header = next(rows, None)
    known = fmt.header_map(name)
    sheet = Sheet(name, {})
    positions = {}  # column index -> key
    problems = []
    for index, cell in enumerate(header or ()):
        title = _clean(cell)
        if title is None:
            continue
        title = fmt.text(title)
        key = known.get(fmt.normalize_header(title), "?")
        if key == "?":
            sheet.warnings.append(Issue(name, 1, title, _("未知列，已忽略")))
        elif key is None:
            continue  # a read-only column of an export
        elif key in sheet.columns:
            problems.append(Issue(name, 1, title, _("列重复")))
        else:
            sheet.columns[key] = title
            positions[index] = key
    if not sheet.columns and name != fmt.PROJECTS:
        return None  # an empty optional sheet (单位, 节点) is as good as none
    if not sheet.columns:
        raise FileProblem([Issue(name, 1, "", _("工作表「%(sheet)s」没有表头或为空") % {"sheet": name})])
    for col in fmt.SHEETS[name]:
        if col.required and col.key not in sheet.columns:
            problems.append(Issue(name, 1, col.header, _("缺少必填列「%(column)s」") % {"column": col.header}))
    if problems:
        raise FileProblem(problems)
    for number, row in enumerate(rows, start=2):
        if number - 1 > settings.IMPORT_MAX_ROWS:
            raise _too_many_rows(name)
        values = {key: _clean(row[index]) if index < len(row) else None for index, key in positions.items()}
        if any(value is not None for value in values.values()):
            sheet.rows.append((number, values))
    return sheet
