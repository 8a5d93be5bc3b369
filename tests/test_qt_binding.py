"""The installed Qt binding does not corrupt the interpreter.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit`` without a new
reference: every emit from Python lowers the reference count of ``True``,
and after a few thousand Python 3.11 aborts ("bool_dealloc").  casedesk
emits signals all day long, so that version is excluded in pyproject.toml;
this test catches the bug again in any version that brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int)


def test_emitting_a_signal_keeps_true_alive(qapp) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(50):
        emitter.fired.emit(n)
    after = sys.getrefcount(True)
    assert received == list(range(50))
    # Other code may hold or drop a few references meanwhile; a leak of one
    # per emit would show as -50.
    assert after - before > -10
