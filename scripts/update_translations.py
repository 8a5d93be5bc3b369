"""Refresh the Japanese translation after UI strings changed.

    .venv/bin/python scripts/update_translations.py          # lupdate, then lrelease
    .venv/bin/python scripts/update_translations.py --release  # lrelease only

1. ``lupdate`` collects every ``tr()`` / ``QCoreApplication.translate()``
   string of ``ui/*.py`` into ``resources/translations/casedesk_ja.ts``.
   New strings arrive marked unfinished; strings no longer in the code are
   dropped.  Translate the unfinished ones (Qt Linguist: ``pyside6-linguist``,
   or any text editor) and run the script again.
2. ``lrelease`` compiles the .ts into ``casedesk_ja.qm``, which the app loads
   and the wheel ships.  Commit both files.

``tests/test_translations.py`` fails while a string is untranslated or the
.qm is older than the .ts.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
TS_FILE = TRANSLATIONS / "casedesk_ja.ts"
QM_FILE = TRANSLATIONS / "casedesk_ja.qm"


def qt_tool(name: str) -> Path:
    """``lupdate`` or ``lrelease`` as shipped inside the PySide6 wheel (the
    same Qt version as the app), else the ``pyside6-`` wrapper on PATH."""
    import PySide6

    bundled = Path(PySide6.__file__).parent / (name + (".exe" if sys.platform == "win32" else ""))
    if bundled.is_file():
        return bundled
    wrapper = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent))
    if wrapper is None:
        wrapper = shutil.which(f"pyside6-{name}")
    if wrapper is None:
        raise SystemExit(f"cannot find Qt's {name}; is PySide6 installed in this environment?")
    return Path(wrapper)


def sources() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py"))


def run_lupdate(ts_file: Path, *, no_obsolete: bool = True) -> None:
    """Collect the UI strings into ``ts_file`` (created or merged)."""
    command = [
        str(qt_tool("lupdate")),
        *(str(p.relative_to(ROOT)) for p in sources()),
        # No line numbers: a .ts that changes only when strings change
        # merges cleanly while several people edit the UI.
        "-locations",
        "none",
        "-source-language",
        "en",
        "-target-language",
        "ja_JP",
        "-ts",
        str(ts_file),
    ]
    if no_obsolete:
        command.insert(-2, "-no-obsolete")
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [str(qt_tool("lrelease")), "-silent", str(ts_file), "-qm", str(qm_file)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )


def fill(ts_file: Path, table: Path) -> int:
    """Fill unfinished messages from a table of ``source<TAB>translation``
    lines (``\\n`` for a line break); returns how many were filled.

    For several people adding screens at once: each keeps the Japanese for
    their new strings in a table, and this merges them into the one .ts.
    """
    import xml.etree.ElementTree as ET

    wanted: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            source, translation = line.split("\t", 1)
            wanted[source.replace("\\n", "\n")] = translation.replace("\\n", "\n")
    tree = ET.parse(ts_file)
    filled = 0
    for message in tree.getroot().iter("message"):
        target = message.find("translation")
        source = message.findtext("source") or ""
        if target is None or target.get("type") != "unfinished" or source not in wanted:
            continue
        target.text = wanted[source]
        del target.attrib["type"]
        filled += 1
    ET.indent(tree)
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile the .ts to .qm")
    parser.add_argument(
        "--fill",
        type=Path,
        action="append",
        default=[],
        metavar="TABLE",
        help="translate unfinished strings from a source<TAB>translation table (repeatable)",
    )
    args = parser.parse_args(argv)
    if not args.release:
        run_lupdate(TS_FILE)
        print(f"updated {TS_FILE.relative_to(ROOT)}")
        for table in args.fill:
            print(f"filled {fill(TS_FILE, table)} string(s) from {table}")
        if args.fill:
            run_lupdate(TS_FILE)  # lupdate's own layout again
    run_lrelease(TS_FILE, QM_FILE)
    print(f"compiled {QM_FILE.relative_to(ROOT)}")
    unfinished = TS_FILE.read_text(encoding="utf-8").count('type="unfinished"')
    if unfinished:
        print(f"{unfinished} string(s) still need a translation (marked unfinished)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
