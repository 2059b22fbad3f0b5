"""Chinese text is written with full-width punctuation (conventions.md 16): no half-width , ; : ( ) ? ! beside a
Chinese character, and no space beside a full-width mark. Scanned: every msgid of the English catalog (the Chinese
UI strings that makemessages collects from the code and templates: labels, help texts, messages, explanations), the
templates' own text around their {% trans %} tags, and the explanations as rendered for each color."""

import datetime as dt
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from indicators.explain import explain
from projects.explain import explain_milestone, explain_project, explain_report_late
from projects.status import Color
from tests.factories import make_project, make_unit
from tests.indicator_factories import add_value, make_indicator, set_target, status_of

ROOT = Path(settings.BASE_DIR)
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Chinese characters, and the full-width marks and brackets that sit among them (「」、。，（）…).
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# Format placeholders are neither Chinese nor punctuation: %(name)s (also %%(name)s, a literal one for the
# browser to fill), %s, %%, {{ variable }}. They are skipped when looking for a mark's neighbours.
PLACEHOLDER = re.compile(r"%%?\([^)\s]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|%[sdifr]|\{\{.*?\}\}")
HALF_WIDTH = re.compile(r"[,;:()?!]")
CHINESE = re.compile(f"[{CJK}]")
SPACED_FULL_WIDTH = re.compile(r" [，。；：？！（）、]|[，。；：？！（）、] ")


def half_width_beside_chinese(text):
    """The half-width marks of `text` next to a Chinese character (spaces and placeholders in between do not
    count), each with a few characters of context."""
    masked = PLACEHOLDER.sub(lambda m: "\0" * len(m.group()), text)
    found = []
    for mark in HALF_WIDTH.finditer(masked):
        i = mark.start()
        left = masked[:i].rstrip(" \t\n\0")
        right = masked[i + 1 :].lstrip(" \t\n\0")
        if CHINESE.match(left[-1:]) or CHINESE.match(right[:1]):
            found.append(text[max(i - 6, 0) : i + 7])
    return found


def problems(text):
    return half_width_beside_chinese(text) + [m.group() for m in SPACED_FULL_WIDTH.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "计划 2026-11-01 完成, 截至 2026-12-06",
        "清单年度:",
        "序时进度; 1 月",
        "不能晚于今天 (%(today)s)",
        "（%(count)s)个",
        "%(period)s %(value)s%(measure)s, 目标 %(target)s",
        "确定删除吗?",
        "完成， 截至",
    ],
)
def test_the_scan_finds_half_width_marks_among_chinese(text):
    assert problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "欢迎，填报员",
        "计划 2026-11-01 完成，截至 2026-12-06",
        "清单年度：",
        "…序时进度；1 月…",
        "12:30 开会",
        "共 %(count)s 个",
        "（%(count)s）",
        "Total: %(count)s (%(percent)s%%)",
        "已选 %%(n)s 个节点",
        "{{ start }} 至 {{ end }}，共 {{ n }} 个",
    ],
)
def test_the_scan_passes_full_width_marks_numbers_and_placeholders(text):
    assert problems(text) == []


def test_ui_strings_use_full_width_punctuation():
    catalog = polib.pofile(str(CATALOG))
    found = {
        msgid: problems(msgid)
        for entry in catalog
        for msgid in filter(None, (entry.msgid, entry.msgid_plural))
        if problems(msgid)
    }
    assert found == {}


TRANS_TAG = re.compile(r"""\{%\s*(?:trans|translate)\s+(?:"([^"]*)"|'([^']*)')[^%]*%\}""")
COMMENT = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}", re.S)


def template_text(source):
    """A template's text as the reader gets it in Chinese: {% trans "…" %} replaced by its string, variables by a
    placeholder, other tags and comments dropped."""
    text = COMMENT.sub("", source)
    text = TRANS_TAG.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", "{{ v }}", text, flags=re.S)


def test_template_text_around_translated_strings_uses_full_width_punctuation():
    folders = [Path(folder) for config in settings.TEMPLATES for folder in config["DIRS"]]
    found = {}
    for template in sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in {".html", ".txt"}):
        for number, line in enumerate(template_text(template.read_text(encoding="utf-8")).splitlines(), 1):
            if problems(line):
                found[f"{template.relative_to(ROOT)}:{number}"] = problems(line)
    assert found == {}


AS_OF = dt.date(2026, 6, 30)


def milestone_explanations():
    """A milestone's explanation in every case of status-rules.md: exempt, done early (blue), done late, done on
    time, overdue (red, yellow, within the grace period), due today, due later."""
    day = dt.timedelta(days=1)
    cases = [
        (AS_OF - 60 * day, None, True, "不可抗力（汛期停工）", Color.NONE),
        (AS_OF - 10 * day, AS_OF - 50 * day, False, "", Color.BLUE),
        (AS_OF - 50 * day, AS_OF - 10 * day, False, "", Color.GREEN),
        (AS_OF - 10 * day, AS_OF - 10 * day, False, "", Color.GREEN),
        (AS_OF - 91 * day, None, False, "", Color.RED),
        (AS_OF - 5 * day, None, False, "", Color.YELLOW),
        (AS_OF - day, None, False, "", Color.GREEN),
        (AS_OF, None, False, "", Color.GREEN),
        (AS_OF + 20 * day, None, False, "", Color.GREEN),
    ]
    for planned, actual, exempt, reason, color in cases:
        yield explain_milestone("路基施工", planned, actual, exempt, reason, color, AS_OF)


def project_explanations():
    yield explain_project(Color.NONE, AS_OF)
    yield explain_project(Color.GREEN, AS_OF, next_due=("竣工验收", AS_OF + dt.timedelta(days=9), None))
    yield explain_project(Color.GREEN, AS_OF)
    yield explain_project(Color.RED, AS_OF, worst=("施工许可", AS_OF - dt.timedelta(days=40), None))
    yield explain_report_late(2026, 5)


def test_project_explanations_use_full_width_punctuation():
    with translation.override("zh-hans"):
        texts = [*milestone_explanations(), *project_explanations()]
    assert {text: problems(text) for text in texts if problems(text)} == {}


def indicator_rows():
    """An indicator row as the list shows it in every case of its explanation."""
    ahead, behind = make_indicator("amount", decimals=0), make_indicator("amount", decimals=0)
    for indicator, value in ((ahead, "318"), (behind, "100")):
        set_target(indicator, "620")
        add_value(indicator, 6, value_cum=value)
    zero = make_indicator("amount")
    set_target(zero, "0")
    add_value(zero, 6, value_cum="5")
    growths = []
    for actual in ("9", "5", "7"):
        growth = make_indicator("growth")
        set_target(growth, "7")
        add_value(growth, 6, growth=actual)
        growths.append(growth)
    level_in_year, level_year_end, level_empty = (make_indicator("level", frequency="annual") for _ in range(3))
    for indicator in (level_in_year, level_year_end, level_empty):
        set_target(indicator, "5.5")
    add_value(level_in_year, 6, value_cum="4.0")
    add_value(level_year_end, 12, value_cum="6.0")
    no_target, no_data = make_indicator("growth"), make_indicator("growth")
    set_target(no_data, "7")
    rows = [status_of(i, period=6) for i in (ahead, behind, zero, *growths, level_in_year, no_target, no_data)]
    return rows + [status_of(level_year_end), status_of(level_empty, period=6)]


@pytest.mark.django_db
def test_indicator_explanations_use_full_width_punctuation():
    rows = indicator_rows()
    with translation.override("zh-hans"):
        texts = [explain(row, 2025) for row in rows]
    assert len(set(texts)) == len(texts)  # every case says something of its own
    assert {text: problems(text) for text in texts if problems(text)} == {}


@pytest.mark.django_db
def test_form_labels_end_with_a_full_width_colon_in_chinese(client):
    """Django's own zh_Hans catalog gives the label suffix as a half-width colon; ours gives 「：」."""
    chinese = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "用户名：</label>" in chinese and "密码：</label>" in chinese
    assert ":</label>" not in chinese
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Username:</label>" in english and "：" not in english


FULL_WIDTH_MARKS = re.compile(r"[，：；]")


def test_an_english_page_has_no_chinese_punctuation_in_its_own_text(client_for):
    """The project list's subtotal and the overdue list's contact and issue lines join their parts with the page
    language's marks (they had ：and ，in English); the projects' own texts are data and stay as written."""
    unit = make_unit("建设局全称", "建设局", contact="王工", phone="023-1")
    make_project(unit, code="P-1", responsible_leader="张副主任", milestones=[(dt.date(2025, 5, 1), None)])
    client = client_for("manager")
    client.cookies["django_language"] = "en"
    page = client.get("/projects/?year=2025&as_of=2025-06-30").content.decode()
    subtotal = re.search(r'<p class="subtotal".*?</p>', page, re.S).group()
    assert "Subtotal of the filtered projects: 1 project, " in re.sub(r"\s+", " ", subtotal)
    assert not FULL_WIDTH_MARKS.search(re.sub(r"<[^>]+>", "", subtotal))
    overdue = client.get("/overdue/?year=2025&as_of=2025-06-30").content.decode()
    contact = re.search(r'class="contact.*?</td>', overdue, re.S).group()
    assert "Responsible leader: 张副主任" in contact
