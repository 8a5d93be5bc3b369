"""Auto-lock: after a while with no keyboard or mouse, the window hides
what it shows until the signed-in staff member types her password again.

A laptop left open at a pop-up consultation day must not show a client's
record to whoever passes by.  Locking hides every casedesk window (the
main window's contents behind a cover, its actions and menus disabled so
that no shortcut works, the open forms and record windows hidden); nothing
is closed, so a form
being typed is there again, as it was, once she unlocks.  A different
person can sign out from the cover instead (the window then asks who
signs in, and a form with changes asks before it is thrown away).

The password is checked by ``casedesk.accounts.sign_in`` on the worker,
so an unlock is audited (and slowed after failures) like a sign-in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.accounts import SignInRefused, sign_in
from casedesk.database import Database
from ui.context import AppContext

# What counts as someone at the keyboard.
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}

# What the View menu offers (0: never).
CHOICES_MINUTES = (5, 10, 15, 30, 0)


class LockCover(QWidget):
    """What covers the main window while it is locked."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lock_cover")
        # Opaque, whatever the style: a QWidget subclass paints neither its
        # palette nor a style sheet background unless told to, and a see-
        # through cover would show the records it is there to hide.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_cover { background: #f2f2f2; }")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 18pt;")
        layout.addWidget(self.title)
        self.who = QLabel(self)
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.who)
        self.password = QLineEdit(self)
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(320)
        layout.addWidget(self.password, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel(self)
        self.message.setObjectName("unlock_message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.unlock_button = QPushButton(self)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.sign_out_button = QPushButton(self)
        self.sign_out_button.setFlat(True)
        layout.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()


class IdleLock(QObject):
    """Locks ``window`` after ``minutes`` without input (0: never)."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        minutes: int,
        sign_out: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._sign_out_of_window = sign_out
        self._context = context
        self._locked = False
        self._checking = False
        self._hidden: list[QWidget] = []
        # The main window's actions as they were (their shortcuts would
        # still fire under the cover), and the windows whose input is watched.
        self._actions: list[tuple[QAction, bool]] = []
        self._watched: set[int] = set()
        self.cover = LockCover(window)
        self.cover.title.setText(self.tr("casedesk is locked"))
        self.cover.unlock_button.setText(self.tr("&Unlock"))
        self.cover.sign_out_button.setText(self.tr("Someone else? Sign out"))
        self.cover.password.setPlaceholderText(self.tr("Password"))
        self.cover.unlock_button.clicked.connect(self.unlock)
        self.cover.password.returnPressed.connect(self.unlock)
        self.cover.sign_out_button.clicked.connect(self._sign_out)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        # Input is watched where it arrives, at each top-level window (an
        # application-wide filter also sees objects being destroyed, which
        # PySide does not survive); a form gets the focus when it opens.
        app = QApplication.instance()
        assert isinstance(app, QGuiApplication)
        # A bound slot, not a lambda: disconnected when this object goes.
        app.focusWindowChanged.connect(self._on_focus_window)
        self._watch_windows()

    @property
    def locked(self) -> bool:
        return self._locked

    def set_minutes(self, minutes: int) -> None:
        self._minutes = minutes
        self._timer.stop()
        if minutes > 0:
            self._timer.setInterval(minutes * 60_000)
            self._timer.start()

    def set_interval_ms(self, milliseconds: int) -> None:
        """For tests: lock after ``milliseconds`` instead of minutes."""
        self._timer.setInterval(milliseconds)
        self._timer.start()

    @Slot(object)
    def _on_focus_window(self, _window: object) -> None:
        self._watch_windows()

    def _watch_windows(self) -> None:
        for window in QGuiApplication.topLevelWindows():
            key = id(window)
            if key not in self._watched:
                self._watched.add(key)
                window.installEventFilter(self)
                window.destroyed.connect(lambda _obj=None, key=key: self._watched.discard(key))

    def _database(self) -> Database | None:
        database = self._context.database
        return database if database is not None and database.actor is not None else None

    # --- locking ---------------------------------------------------------

    def lock(self) -> None:
        """Hide everything now (nothing happens when nobody is signed in)."""
        database = self._database()
        if self._locked or database is None or database.actor is None:
            return
        self._locked = True
        # Every other casedesk window (forms, record windows): hidden, kept.
        self._hidden = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self._window and widget.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        self._actions = [(action, action.isEnabled()) for action in self._window.actions()]
        for action, _enabled in self._actions:
            action.setEnabled(False)
        self._window.menuBar().setEnabled(False)
        actor = database.actor
        self.cover.who.setText(
            self.tr("Signed in: {name}. Type your password to go on.").format(name=actor.name)
        )
        self.cover.message.clear()
        self.cover.password.clear()
        self.cover.setGeometry(self._window.rect())
        self.cover.show()
        self.cover.raise_()
        self.cover.password.setFocus()
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        database = self._database()
        if not self._locked or self._checking:
            return
        if database is None or database.actor is None:
            self._release()
            return
        password = self.cover.password.text()
        if not password:
            self.cover.message.setText(self.tr("Enter your password."))
            return
        login = database.actor.login
        plain = database.as_user(None)
        self._checking = True
        self.cover.unlock_button.setEnabled(False)
        self._context.worker.submit(
            lambda: sign_in(plain, login, password), self._unlocked, self._refused
        )

    def _unlocked(self, signed_in: Database) -> None:
        self._checking = False
        self.cover.unlock_button.setEnabled(True)
        current = self._database()
        if current is None or signed_in.actor is None or current.actor != signed_in.actor:
            return
        self._release()

    def _refused(self, exc: Exception) -> None:
        self._checking = False
        self.cover.unlock_button.setEnabled(True)
        self.cover.password.clear()
        message = exc.message if isinstance(exc, SignInRefused) else str(exc)
        self.cover.message.setText(message)

    def _release(self) -> None:
        self._locked = False
        self.cover.hide()
        for action, enabled in self._actions:
            action.setEnabled(enabled)
        self._actions = []
        self._window.menuBar().setEnabled(True)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.locked_changed.emit(False)
        self.set_minutes(self._minutes)

    def _sign_out(self) -> None:
        # The forms come back first, so that one with changes can ask.
        self._release()
        self._sign_out_of_window()

    # --- watching --------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._locked and kind == QEvent.Type.Resize:
            self.cover.setGeometry(self._window.rect())
        elif not self._locked and kind in _ACTIVITY and self._minutes > 0:
            self._timer.start()
        return False
