"""Fill the English catalog from locale/en/strings/*.tsv (msgid<TAB>msgstr per line, or msgid<TAB>singular<TAB>plural
for a message with plural forms: ngettext, blocktrans count) and compile the .mo. A message with a context
(pgettext, trans … context) starts its line with a column `msgctxt=<context>`.

The TSV files are the source of the English texts, one per feature, so that features never edit the same
lines of django.po. `make messages` collects new strings (makemessages) and runs this script.
Reports msgids missing from the catalog and catalog entries left untranslated (exit 1).
`\\n` in either column stands for a newline.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def main():
    po = polib.pofile(str(PO))
    by_id = {(entry.msgctxt, entry.msgid): entry for entry in po}
    missing = []
    lines = [line for tsv in sorted(PO.parent.parent.glob("strings/*.tsv")) for line in tsv.open(encoding="utf-8")]
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip() or "\t" not in line:
            continue
        parts = [part.replace("\\n", "\n") for part in line.split("\t")]
        context = parts.pop(0).removeprefix("msgctxt=") if parts[0].startswith("msgctxt=") else None
        msgid, *forms = parts
        entry = by_id.get((context, msgid))
        if entry is None:
            missing.append(msgid if context is None else f"{msgid} (context {context})")
            continue
        if entry.msgid_plural and len(forms) == 2:
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        elif not entry.msgid_plural and len(forms) == 1:
            entry.msgstr = forms[0]
        else:
            print(f"{msgid}: {len(forms)} translations for {2 if entry.msgid_plural else 1} forms", file=sys.stderr)
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    for msgid in missing:
        print(f"not in catalog: {msgid}", file=sys.stderr)
    for msgid in untranslated:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 1 if untranslated else 0


if __name__ == "__main__":
    sys.exit(main())
