"""The one place for the workbook format: sheets, columns, and how a cell's text becomes a value.

Parsers take a cell value as openpyxl (or the csv module) gives it and return the Python value, or raise
`CellError` with a message in the active language. An empty cell is None before it reaches a parser.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from portal.dates import MAX_YEAR, MIN_YEAR

from ..models import ListEntry, Milestone, Project, Unit
from ..validators import PLAN_REASON_MAX_LENGTH, not_in_future

UNITS, PROJECTS, MILESTONES = "单位", "项目", "节点"
SHEET_ALIASES = {UNITS: ("units",), PROJECTS: ("projects",), MILESTONES: ("milestones",)}
MONEY_MAX = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
UNIT_SEPARATORS = re.compile(r"[、,;，；]")
# Control characters (C0 but tab and line breaks, DEL, C1): invisible in Excel, refused by PostgreSQL (NUL).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why, in the active language."""


# --- cell parsers -----------------------------------------------------------------------------------------


def text(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_text(raw, limit=40):
    """A cell's content as the user typed it, for an error message (control characters shown as \\x00)."""
    if raw is None:
        return ""
    value = raw.isoformat() if hasattr(raw, "isoformat") else text(raw)
    value = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def date(value):
    """Excel dates and datetimes, 2025-03-31, 2025/3/31, 2025.3.31, 2025年3月31日."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and 20000 <= value <= 80000:
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel serial number left unformatted
    else:
        match = _DATE_TEXT.match(text(value))
        if not match:
            raise CellError(_("不是有效日期（应为 2025-03-31、2025/3/31、2025.3.31 或 2025年3月31日）"))
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise CellError(_("不是有效日期（应为 2025-03-31、2025/3/31、2025.3.31 或 2025年3月31日）")) from None
    if not MIN_YEAR - 100 <= day.year <= MAX_YEAR:
        raise CellError(_("日期年份超出范围"))
    return day


def done_date(value):
    """An actual date: not after today (the models' validator)."""
    day = date(value)
    try:
        not_in_future(day)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    return day


INTEGER_MAX = 10**9  # far above any year or sequence number


def number(value):
    """Excel numbers or text with thousands separators (12,000.5)."""
    if isinstance(value, bool):
        raise CellError(_("不是有效数字"))
    if isinstance(value, int | float | Decimal):
        result = Decimal(str(value))
    else:
        cleaned = re.sub(r"[,，\s]", "", text(value))
        try:
            result = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(_("不是有效数字")) from None
    if not result.is_finite():
        raise CellError(_("不是有效数字"))
    return result


def money(value):
    """A number ≥ 0 in 万元, rounded to 2 decimals."""
    result = number(value)
    if result < 0:
        raise CellError(_("金额不能为负数"))
    if result > MONEY_MAX:
        raise CellError(_("金额过大"))
    return result.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def integer(value):
    result = number(value)
    if abs(result) > INTEGER_MAX:  # before int(): converting 1e300000 takes minutes
        raise CellError(_("数值过大"))
    if result != result.to_integral_value():
        raise CellError(_("应为整数"))
    return int(result)


def year(value):
    result = integer(value)
    if not MIN_YEAR <= result <= MAX_YEAR:
        raise CellError(_("年度应在 %(min)s 至 %(max)s 之间") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return result


def seq(value):
    result = integer(value)
    if not 1 <= result <= 32767:
        raise CellError(_("序号应为 1 至 32767 之间的整数"))
    return result


def _choice_parser(choices):
    """A parser accepting the Chinese label, the English label or the code of a TextChoices (any case)."""

    spellings = {}

    def parse(value):
        if not spellings:  # built on first use: labels are translated, the app registry must be ready
            for code, label in choices.choices:
                for language in ("zh-hans", "en"):
                    with translation.override(language):
                        spellings[str(label).lower()] = code
                spellings[code.lower()] = code
        key = text(value).lower()
        if key in spellings:
            return spellings[key]
        allowed = "、".join(f"{chinese_label(choices, code)}（{code}）" for code in choices.values)
        raise CellError(_("不是可选值之一：%(allowed)s") % {"allowed": allowed})

    return parse


def chinese_label(choices, code):
    with translation.override("zh-hans"):
        return str(choices(code).label)


batch = _choice_parser(ListEntry.Batch)
level = _choice_parser(Project.Level)
kind = _choice_parser(Unit.Kind)


def unit_names(value):
    """Unit names separated by 、 , ; ， ；, without blanks or repeats."""
    names = [part.strip() for part in UNIT_SEPARATORS.split(text(value))]
    return list(dict.fromkeys(name for name in names if name))


# --- columns ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the name used in the code (and the English header)
    header: str  # the Chinese header
    required: bool = False
    parser: object = text
    max_length: int | None = None
    field: str | None = None  # the model field, when it differs from key


def _len(model, field):
    return model._meta.get_field(field).max_length


UNIT_COLUMNS = [
    Column("name", "单位名称", True, max_length=_len(Unit, "name")),
    Column("short_name", "简称", max_length=_len(Unit, "short_name")),
    Column("kind", "类型", parser=kind),
    Column("contact", "联系人", max_length=_len(Unit, "contact")),
    Column("phone", "电话", max_length=_len(Unit, "phone")),
]

PROJECT_COLUMNS = [
    Column("code", "项目编号", True, max_length=_len(Project, "code")),
    Column("name", "项目名称", True, max_length=_len(Project, "name")),
    Column("year", "清单年度", True, parser=year),
    Column("batch", "批次", True, parser=batch),
    Column("lead_unit", "牵头单位", True),
    Column("responsible_units", "责任单位", parser=unit_names),
    Column("level", "项目级别", parser=level),
    Column("category", "产业类别", max_length=_len(Project, "category")),
    Column("area", "所属片区", max_length=_len(Project, "area")),
    Column("scope", "建设内容", max_length=_len(Project, "scope")),
    Column("leader", "责任领导", max_length=_len(Project, "responsible_leader"), field="responsible_leader"),
    Column("owner", "业主单位", max_length=_len(Project, "owner_entity"), field="owner_entity"),
    Column("total_investment", "总投资(万元)", parser=money),
    Column("annual_plan", "年度计划投资(万元)", parser=money, field="annual_plan_investment"),
    Column("planned_start", "计划开工", parser=date),
    Column("planned_finish", "计划竣工", parser=date),
    Column("actual_start", "实际开工", parser=done_date),
    Column("actual_finish", "实际竣工", parser=done_date),
    Column("in_stats_date", "入统日期", parser=done_date),  # of the year's list entry, optional
]

MILESTONE_COLUMNS = [
    Column("code", "项目编号", True),
    Column("seq", "序号", True, parser=seq),
    Column("name", "节点名称", True, max_length=200),
    Column("planned_date", "计划完成时间", True, parser=date),
    Column("actual_date", "实际完成时间", parser=done_date),
    Column("unit", "责任单位"),
    Column("note", "备注", max_length=_len(Milestone, "note")),
    # Required on a row that changes a saved milestone's planned date; kept as the change's reason in its history.
    Column("change_reason", "计划调整理由", max_length=PLAN_REASON_MAX_LENGTH),
]

# Read-only columns an export adds after the format's columns; an import ignores them without a warning.
PROJECT_EXTRA = [("进度状态", "status"), ("月报填报", "reporting"), ("红色节点", "red"), ("黄色节点", "yellow")]
PROJECT_EXTRA += [("绿色节点", "green"), ("蓝色节点", "blue"), ("状态说明", "explanation")]
# Accountability against the baseline (reporting.md section 4): a project's sums over its milestones, a milestone's own.
PROJECT_EXTRA += [("调整计划次数", "plan_moves"), ("调整计划天数", "plan_moved_days")]
PROJECT_EXTRA += [("逾期完成节点数", "late_done_count"), ("逾期完成最多天数", "late_done_max_days")]
MILESTONE_EXTRA = [("节点状态", "status"), ("状态说明", "explanation"), ("基线计划时间", "baseline_date")]
MILESTONE_EXTRA += [
    ("调整计划次数", "plan_moves"),
    ("调整计划天数", "plan_moved_days"),
    ("逾期完成天数", "late_done_days"),
]

SHEETS = {UNITS: UNIT_COLUMNS, PROJECTS: PROJECT_COLUMNS, MILESTONES: MILESTONE_COLUMNS}
EXTRAS = {UNITS: [], PROJECTS: PROJECT_EXTRA, MILESTONES: MILESTONE_EXTRA}

# Project fields compared and written on the Project model (the rest go to ListEntry or the m2m).
PROJECT_MODEL_KEYS = ["name", "level", "category", "area", "scope", "leader", "owner", "total_investment"]
PROJECT_MODEL_KEYS += ["planned_start", "planned_finish", "actual_start", "actual_finish"]
DATE_PAIRS = [("planned_start", "planned_finish"), ("actual_start", "actual_finish")]


_BY_KEY = {sheet: {c.key: c for c in columns} for sheet, columns in SHEETS.items()}


def column(sheet, key):
    return _BY_KEY[sheet][key]


def normalize_header(value):
    """Headers compare without case, spaces or the full-width/half-width difference of brackets."""
    return re.sub(r"\s+", "", text(value)).replace("（", "(").replace("）", ")").lower()


def header_map(sheet):
    """{normalized header: column key or None for export-only columns}."""
    result = {}
    for col in SHEETS[sheet]:
        result[normalize_header(col.header)] = col.key
        result[normalize_header(col.key)] = col.key
    for zh, en in EXTRAS[sheet]:
        result.setdefault(normalize_header(zh), None)
        result.setdefault(normalize_header(en), None)
    return result


def sheet_for(title):
    """The format's sheet name for a worksheet title (Chinese, or its English alias), or None."""
    key = normalize_header(title)
    for name, aliases in SHEET_ALIASES.items():
        if key == normalize_header(name) or key in aliases:
            return name
    return None


class UnitIndex:
    """Looks units up by full or short name: the system's units, overlaid with those of sheet 单位."""

    def __init__(self, existing):
        self.by_name = {}  # full name -> id (None for a unit the file creates)
        self.alias = {}  # short name -> full name
        for pk, name, short_name in existing:
            self.by_name[name] = pk
            self.alias.setdefault(short_name, name)

    def add(self, name, short_name=None):
        self.by_name.setdefault(name, None)
        if short_name:
            self.alias[short_name] = name

    def resolve(self, value):
        """The full name of the unit called `value` (full or short name), or None when unknown."""
        value = text(value)
        if value in self.by_name:
            return value
        return self.alias.get(value)
