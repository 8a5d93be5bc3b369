"""The headless command line (the GUI path is tested with pytest-qt)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from casedesk import __version__
from casedesk.cli import EXIT_REFUSED
from db.migrate import head_revision
from ui.launcher import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"casedesk {__version__}"


def test_db_upgrade_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "office.sqlite3"
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    assert path.exists()
    capsys.readouterr()
    assert main(["db", "info", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"revision: {head_revision()}" in out and "state:    current" in out


def test_global_db_option_reaches_subcommand(tmp_path: Path) -> None:
    path = tmp_path / "global.sqlite3"
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert path.exists()


def test_refused_file_gives_japanese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("買い物メモ", encoding="utf-8")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["db", "upgrade", "--db", str(path)]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "casedesk のデータベースではないため開けません" in err
    assert "手を加えていません" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_demo_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    path.write_bytes(b"precious")
    assert main(["demo", "--db", str(path), "--consultations", "10"]) == EXIT_REFUSED
    assert "--force" in capsys.readouterr().err
    assert path.read_bytes() == b"precious"
