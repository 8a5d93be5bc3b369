"""The Japanese translation is complete and the shipped .qm matches the .ts.

When this fails after a UI change: run ``scripts/update_translations.py``,
translate the strings it marks unfinished, run it again, commit .ts and .qm.
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "casedesk_ja.ts"
QM_FILE = ROOT / "resources" / "translations" / "casedesk_ja.qm"
FIX = "run scripts/update_translations.py, translate what it marks unfinished, run it again"

Key = tuple[str, str, str]  # context, source, disambiguation comment


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_ts(path: Path) -> dict[Key, ET.Element]:
    messages: dict[Key, ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            messages[key] = message
    return messages


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[Key, ET.Element]:
    """What lupdate finds in the code right now."""
    ts = tmp_path_factory.mktemp("lupdate") / "fresh.ts"
    load_script().run_lupdate(ts)
    return read_ts(ts)


def test_lupdate_finds_the_ui_strings(extracted: dict[Key, ET.Element]) -> None:
    contexts = {context for context, _, _ in extracted}
    assert {"MainWindow", "CaseListModel"} <= contexts
    assert ("MainWindow", "&File", "") in extracted


def test_every_string_is_translated(extracted: dict[Key, ET.Element]) -> None:
    committed = read_ts(TS_FILE)
    missing = sorted(key for key in extracted if key not in committed)
    assert not missing, f"not in casedesk_ja.ts: {missing}; {FIX}"
    unfinished = []
    for key in extracted:
        translation = committed[key].find("translation")
        assert translation is not None
        if (
            translation.get("type") in {"unfinished", "vanished", "obsolete"}
            or not (translation.text or "").strip()
        ):
            unfinished.append(key)
    assert not unfinished, f"untranslated in casedesk_ja.ts: {unfinished}; {FIX}"


def test_no_stale_strings(extracted: dict[Key, ET.Element]) -> None:
    stale = sorted(key for key in read_ts(TS_FILE) if key not in extracted)
    assert not stale, f"no longer in the code: {stale}; {FIX}"


def test_translations_keep_placeholders_and_shortcuts() -> None:
    # A lost "{location}" would make str.format raise at run time; a lost
    # "&F" would take the access key away from the Japanese menu.
    for (context, source, _), message in read_ts(TS_FILE).items():
        translation = message.findtext("translation") or ""
        fields = re.compile(r"\{[a-z_]+\}")
        assert sorted(fields.findall(source)) == sorted(fields.findall(translation)), (
            context,
            source,
        )
        # Japanese menus put the access key after the word: 開く(&O), 終了(&X).
        if re.search(r"&\w", source):
            assert re.search(r"\(&[A-Z]\)", translation), (context, source)


def test_committed_qm_is_built_from_the_committed_ts(tmp_path: Path) -> None:
    rebuilt = tmp_path / "casedesk_ja.qm"
    load_script().run_lrelease(TS_FILE, rebuilt)
    assert QM_FILE.read_bytes() == rebuilt.read_bytes(), f"casedesk_ja.qm is out of date; {FIX}"


def test_the_qm_translates(qapp: QCoreApplication) -> None:
    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    assert translator.translate("MainWindow", "&File") == "ファイル(&F)"
    assert translator.translate("CaseListModel", "Case No.") == "ケース番号"
    assert translator.translate("MainWindow", "Cases: {count}") == "ケース {count} 件"


def test_the_app_installs_japanese_by_default(
    qapp: QCoreApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.i18n import install_translators, ui_language

    monkeypatch.delenv("CASEDESK_LANG", raising=False)
    assert ui_language() == "ja"
    installed = install_translators(qapp)
    try:
        assert installed
        assert QCoreApplication.translate("MainWindow", "&Help") == "ヘルプ(&H)"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_english_on_request(qapp: QCoreApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.i18n import install_translators, ui_language

    monkeypatch.setenv("CASEDESK_LANG", "en")
    assert ui_language() == "en"
    assert install_translators(qapp) == []
