"""The English catalog's sources (locale/en/strings/*.tsv) say one thing once: a Chinese string given twice gets the
same English (the later file silently won: 年度计划投资（万元） read "Annual planned investment (10k CNY)" in one file,
"Annual plan (10k yuan)" in another), and 万元 is "10k yuan" throughout (headers mixed "10k CNY" and "10k yuan")."""

from pathlib import Path

from django.conf import settings

STRINGS = Path(settings.BASE_DIR) / "locale" / "en" / "strings"


def _lines():
    for path in sorted(STRINGS.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "\t" in line and line.strip():
                parts = line.split("\t")
                key = tuple(parts[:2]) if parts[0].startswith("msgctxt=") else (parts[0],)
                yield f"{path.name}:{number}", key, tuple(parts[len(key) :])


def test_a_string_given_twice_has_one_translation():
    seen, differing = {}, []
    for where, key, english in _lines():
        if key in seen and seen[key][1] != english:
            differing.append((key, seen[key], (where, english)))
        seen.setdefault(key, (where, english))
    assert differing == []


def test_ten_thousand_yuan_has_one_english_name():
    assert [where for where, _key, english in _lines() if "10k CNY" in " ".join(english)] == []
