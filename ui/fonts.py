"""The bundled Japanese fonts.

Offices run casedesk on whatever Windows, macOS or Linux machine they have;
with the system's font the list looked different on each, and a bare Linux
install showed boxes instead of kana.  IPAexGothic ships with casedesk (IPA
Font License v1.0, see resources/fonts) and becomes the application font.
"""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

GOTHIC_FILE = "ipaexg.ttf"
GOTHIC_FAMILY = "IPAexGothic"
# Point size when the platform reports none (offscreen, some X11 setups);
# 10 pt is what Windows and most Linux desktops use for dialogs.
FALLBACK_POINT_SIZE = 10


def _register(filename: str) -> list[str]:
    # Loaded from bytes, not a path: that also works when the package is
    # installed as a zip or wheel-in-place, where there is no file to point at.
    data = (files("resources") / "fonts" / filename).read_bytes()
    font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
    if font_id < 0:
        return []
    return QFontDatabase.applicationFontFamilies(font_id)


def install_bundled_fonts(app: QGuiApplication) -> str | None:
    """Register IPAexGothic and make it the application font.  Returns the
    family now in use, or None if the font could not be loaded (the system
    font then stays, which is better than not starting)."""
    gothic = _register(GOTHIC_FILE)
    if GOTHIC_FAMILY not in gothic:
        return None
    current = app.font()
    size = current.pointSize() if current.pointSize() > 0 else FALLBACK_POINT_SIZE
    font = QFont(GOTHIC_FAMILY, size)
    app.setFont(font)
    return GOTHIC_FAMILY
