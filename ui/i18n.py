"""The UI language.

Source strings are English and wrapped in ``tr()``; Japanese, the language
of every office that uses casedesk, comes from ``casedesk_ja.qm`` (built
from ``resources/translations/casedesk_ja.ts`` by
``scripts/update_translations.py``).  ``CASEDESK_LANG=en`` shows the English
source strings, for developers and for bug reports; without it, the
language chosen in 表示 > 言語 (saved in the settings, applied at the next
start) counts.
"""

from __future__ import annotations

import os
from importlib.resources import as_file, files

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from ui.settings import AppSettings

LANG_ENV = "CASEDESK_LANG"
DEFAULT_LANGUAGE = "ja"
QM_FILE = "casedesk_ja.qm"


def ui_language(settings: AppSettings | None = None) -> str:
    """The UI language: ``CASEDESK_LANG`` if set ("en" for the English
    source strings, anything else Japanese), else the saved choice, else
    Japanese."""
    wanted = os.environ.get(LANG_ENV, "").strip().lower()
    if wanted:
        return "en" if wanted == "en" else DEFAULT_LANGUAGE
    saved = (settings or AppSettings()).language()
    return saved or DEFAULT_LANGUAGE


def casedesk_translator(parent: QObject | None = None) -> QTranslator | None:
    """A translator loaded with the bundled Japanese strings, or None if the
    .qm is missing or unreadable (the English strings then show)."""
    translator = QTranslator(parent)
    # as_file: the real file in a checkout or a normal install; only a
    # zipped install gets a temporary copy, which QTranslator has already
    # read (or mapped) when the block removes it.
    with as_file(files("resources") / "translations" / QM_FILE) as path:
        if not path.is_file() or not translator.load(str(path)):
            return None
    return translator


def qt_translator(parent: QObject | None = None) -> QTranslator | None:
    """Qt's own strings (OK and Cancel buttons, the file dialog) in Japanese."""
    translator = QTranslator(parent)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Japanese), "qtbase", "_", directory):
        return translator
    return None


def install_translators(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Install the translators for ``language`` (default: ``ui_language()``)
    and return them; English installs none."""
    if (language or ui_language()) != DEFAULT_LANGUAGE:
        return []
    installed: list[QTranslator] = []
    for translator in (casedesk_translator(app), qt_translator(app)):
        if translator is not None and app.installTranslator(translator):
            installed.append(translator)
    return installed
