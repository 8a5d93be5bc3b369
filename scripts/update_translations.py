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
    return sorted((ROOT / "ui").glob("*.py"))


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile the .ts to .qm")
    args = parser.parse_args(argv)
    if not args.release:
        run_lupdate(TS_FILE)
        print(f"updated {TS_FILE.relative_to(ROOT)}")
    run_lrelease(TS_FILE, QM_FILE)
    print(f"compiled {QM_FILE.relative_to(ROOT)}")
    unfinished = TS_FILE.read_text(encoding="utf-8").count('type="unfinished"')
    if unfinished:
        print(f"{unfinished} string(s) still need a translation (marked unfinished)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
