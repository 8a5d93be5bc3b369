"""`pip install .` (not editable) into a clean virtual environment gives a
working `casedesk` command that finds its migrations and resources from
any directory."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def bin_path(env: Path, name: str) -> Path:
    return (
        env
        / ("Scripts" if os.name == "nt" else "bin")
        / (name + (".exe" if os.name == "nt" else ""))
    )


@pytest.mark.slow
def test_pip_install_into_clean_venv(tmp_path: Path) -> None:
    # Build from a copy of the tracked sources, so a stray local file (or the
    # developer's editable install) cannot make the test pass.
    src = tmp_path / "src"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in files:
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)

    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = str(bin_path(env, "python"))
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(src)],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run_env = {**os.environ, "CASEDESK_DATA_DIR": str(tmp_path / "data")}
    run_env.pop("PYTHONPATH", None)
    casedesk = str(bin_path(env, "casedesk"))

    version = subprocess.run(
        [casedesk, "--version"], cwd=elsewhere, capture_output=True, text=True, env=run_env
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("casedesk 0.")
    # The package's metadata takes its version from casedesk.__version__.
    metadata = subprocess.run(
        [
            python,
            "-c",
            "import importlib.metadata as m, casedesk;"
            " print(m.version('casedesk'), casedesk.__version__)",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=run_env,
    )
    assert metadata.returncode == 0, metadata.stderr
    installed, source = metadata.stdout.split()
    assert installed == source and version.stdout.strip() == f"casedesk {source}"

    demo_db = elsewhere / "demo.sqlite3"
    demo = subprocess.run(
        [casedesk, "demo", "--db", str(demo_db), "--consultations", "300"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=run_env,
    )
    assert demo.returncode == 0, demo.stderr
    con = sqlite3.connect(demo_db)
    try:
        assert con.execute("SELECT count(*) FROM consultations").fetchone()[0] == 300
    finally:
        con.close()

    # Resources ship in the wheel and resolve inside site-packages, not the checkout.
    probe = subprocess.run(
        [
            python,
            "-c",
            "from importlib.resources import files; import db, resources;"
            "f = files('resources');"
            "print(f.joinpath('fonts/ipaexg.ttf').is_file(),"
            " f.joinpath('translations/casedesk_ja.qm').is_file(),"
            " files('db').joinpath('migrations/versions').is_dir(), db.__file__)",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=run_env,
    )
    assert probe.returncode == 0, probe.stderr
    found = probe.stdout.split()
    assert found[:3] == ["True", "True", "True"], probe.stdout
    assert str(env) in found[3] and str(ROOT) not in found[3]
    assert sys.executable != python
