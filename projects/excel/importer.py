"""Import service: check every row of every sheet first, then write everything in one transaction, or nothing.

`import_workbook(file_obj, filename, user=None, dry_run=False) -> ImportResult`. Rows are parsed here
(format rules in `format.py`), compared with the database and written by `plan.py`.
"""

import os
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from ..models import PendingImport
from . import format as fmt
from .plan import Plan
from .reader import FileProblem, Issue, read

PREVIEW_ROWS = 10
KINDS = ("created", "updated", "unchanged")


@dataclass
class SheetResult:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview: dict = field(default_factory=lambda: {kind: [] for kind in KINDS})

    def add(self, outcome):
        kind = outcome.kind
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.preview[kind]) < PREVIEW_ROWS:
            row = {"row": outcome.row, "key": outcome.key, "name": outcome.name, "changes": list(outcome.changes)}
            self.preview[kind].append(row)


@dataclass
class ImportResult:
    filename: str
    dry_run: bool
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    sheets: dict = field(default_factory=dict)
    applied: bool = False
    listed: dict = field(default_factory=dict)  # year -> the codes of the file's projects on that year's list

    @property
    def ok(self):
        return not self.errors

    @property
    def dependent_count(self):
        """Errors of rows refused only because a row they refer to is wrong."""
        return sum(1 for error in self.errors if error.dependent)

    def summary_lines(self):
        return [
            f"{sheet.name}: created {sheet.created}, updated {sheet.updated}, unchanged {sheet.unchanged}"
            for sheet in self.sheets.values()
        ]


def import_workbook(file_obj, filename, user=None, dry_run=False, pending=None):
    """Check the workbook (or CSV) and, unless it is a dry run or any row is wrong, apply it. `pending`, the
    `PendingImport` the file came from, is deleted in the import's transaction: it goes only if the import commits."""
    filename = os.path.basename(filename or "")
    result = ImportResult(filename=filename, dry_run=dry_run)
    data = file_obj.read() if hasattr(file_obj, "read") else bytes(file_obj)
    try:
        sheets = read(data, filename)
    except FileProblem as problem:
        result.errors = problem.issues
        return result
    for sheet in sheets.values():
        result.warnings += sheet.warnings
    records, parse_errors = parse(sheets)
    try:
        with transaction.atomic():
            plan = Plan(records, file_rows=_file_rows(sheets), lock=not dry_run and not parse_errors)
            result.errors = sorted(parse_errors + plan.errors, key=_order)
            for name in (fmt.UNITS, fmt.PROJECTS, fmt.MILESTONES):
                if name in sheets:
                    result.sheets[name] = SheetResult(name)
            result.listed = {year: list(dict.fromkeys(codes)) for year, codes in sorted(plan.listed.items())}
            for outcome in plan.outcomes:
                result.sheets[outcome.sheet].add(outcome)
            if result.errors or dry_run:
                return result
            if pending is not None and not PendingImport.objects.take(pending):
                result.errors = [Issue("", None, "", _("这份文件已由另一次确认导入，未重复导入。"))]
                return result
            plan.write(user=user, reason=filename)
            result.applied = True
    except DatabaseError as exc:
        result.errors = [Issue("", None, "", _("数据库拒绝了写入，未做任何修改：%(error)s") % {"error": exc})]
        result.applied = False
    return result


def _order(issue):
    sheets = [fmt.UNITS, fmt.PROJECTS, fmt.MILESTONES]
    return (sheets.index(issue.sheet) if issue.sheet in sheets else -1, issue.row or 0)


def _file_rows(sheets):
    """{sheet: {key as written: first row}}: each 项目编号 of sheet 项目, each 单位名称 and 简称 of sheet 单位, also of
    rows with errors (a reference to one is to a row that failed, not to an unknown project or unit)."""
    result = {}
    for name, keys in ((fmt.PROJECTS, ("code",)), (fmt.UNITS, ("name", "short_name"))):
        rows = result[name] = {}
        for row, values in sheets[name].rows if name in sheets else ():
            for key in keys:
                if values.get(key) is not None:
                    rows.setdefault(fmt.text(values[key]), row)
    return result


def parse(sheets):
    """({sheet: [(row, {key: value})]}, issues): each cell parsed; duplicates within the file found."""
    records, issues = {}, []
    for name in (fmt.UNITS, fmt.PROJECTS, fmt.MILESTONES):
        sheet = sheets.get(name)
        if sheet is None:
            continue
        parsed_rows = []
        for row, values in sheet.rows:
            parsed, row_issues = _parse_row(sheet, row, values)
            issues += row_issues
            # A wrong row is still checked for references (units, project codes), never written.
            parsed_rows.append((row, parsed, not row_issues))
        records[name] = (sheet.columns, parsed_rows)
    issues += _duplicates(sheets)
    return records, issues


def _parse_row(sheet, row, values):
    parsed, issues = {}, []
    for key, header in sheet.columns.items():
        col = fmt.column(sheet.name, key)
        raw = values.get(key)
        if isinstance(raw, str) and fmt.CONTROL_CHARACTERS.search(raw):
            message = _("含有不可见的控制字符（如 NUL），请在 Excel 中删除后重新上传")
            issues.append(Issue(sheet.name, row, header, message, value=fmt.cell_text(raw)))
            continue
        if raw is None:
            if col.required:
                issues.append(Issue(sheet.name, row, header, _("必填项不能为空")))
            parsed[key] = None
            continue
        try:
            value = col.parser(raw)
        except fmt.CellError as exc:
            parsed.pop(key, None)
            issues.append(Issue(sheet.name, row, header, str(exc), value=fmt.cell_text(raw)))
            continue
        if col.max_length and isinstance(value, str) and len(value) > col.max_length:
            message = _("不能超过 %(max)s 个字符") % {"max": col.max_length}
            issues.append(Issue(sheet.name, row, header, message, value=fmt.cell_text(raw)))
            continue
        if col.required and value in ("", []):
            issues.append(Issue(sheet.name, row, header, _("必填项不能为空")))
            continue
        parsed[key] = value
    return parsed, issues


def _key_value(sheet, key, raw):
    """A key cell as the import reads it (序号 01 and 1 are the same), or its text when it does not parse."""
    try:
        return fmt.column(sheet, key).parser(raw)
    except fmt.CellError:
        return fmt.text(raw)


def _duplicates(sheets):
    """Rows repeating a key of an earlier row in the same sheet (read values, or the raw text for a cell that does
    not parse, so also for bad rows)."""
    keys = {fmt.UNITS: ("name",), fmt.PROJECTS: ("code",), fmt.MILESTONES: ("code", "seq")}
    issues = []
    for name, key_columns in keys.items():
        sheet = sheets.get(name)
        if sheet is None:
            continue
        seen = {}
        for row, values in sheet.rows:
            key = tuple(_key_value(name, k, values[k]) if values.get(k) is not None else None for k in key_columns)
            if None in key:
                continue
            if key in seen:
                header = sheet.columns[key_columns[-1]]
                message = _("与第 %(row)s 行重复") % {"row": seen[key]}
                issues.append(Issue(name, row, header, message, value=fmt.cell_text(values[key_columns[-1]])))
            else:
                seen[key] = row
    return issues
