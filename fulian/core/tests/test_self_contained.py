"""The project needs nothing outside its repository: no file refers to a place beside it, and the tests that
read the shipped data pass from a copy of the tracked files alone, in a folder with nothing next to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR).resolve()
# What once pointed outside the repository (the national divisions were read from a sibling folder of
# reference material). The patterns are assembled so that this file does not name that folder itself.
SIBLING = "/".join(("..", "shared"))
OUTSIDE = (SIBLING, "FULIAN_SHARED", "BASE_DIR.parent", "ROOT.parent", "/work/")
TEXT = (".py", ".sh", ".md", ".toml", ".cfg", ".ini", ".txt", ".yml", ".yaml", ".html", ".js", ".css", "")
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()


def tracked_files() -> list[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in done.stdout.decode().split("\0") if name]


def test_no_tracked_file_refers_to_a_place_outside_the_repository():
    found = []
    for name in tracked_files():
        path = ROOT / name
        if name == THIS or Path(name).suffix not in TEXT or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {word}" for word in OUTSIDE if word in text]
    assert found == []


def test_the_data_tests_pass_from_a_copy_of_the_tracked_files_alone(tmp_path):
    """Copy what a fresh clone has into a folder with no neighbours and run the tests that read the
    shipped national divisions there (on SQLite, with the suite's clock; once, in the SQLite stage)."""
    if connection.vendor != "sqlite":
        pytest.skip("runs once, in bin/test's SQLite stage")
    copy = tmp_path / "alone" / "fulian"
    for name in tracked_files():
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    assert not (copy.parent / "shared").exists()
    env = {
        **os.environ,
        "DATABASE_URL": "",
        "FULIAN_VAR_DIR": str(tmp_path / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    checks = (
        "import fulian, pathlib, sys; "
        "from fulian.orgs.division_files import BUNDLED; "
        "sys.exit(0 if pathlib.Path(fulian.__file__).resolve().is_relative_to(pathlib.Path.cwd()) "
        "and BUNDLED.is_relative_to(pathlib.Path.cwd()) else 3)"
    )
    subprocess.run([sys.executable, "-c", checks], cwd=copy, env=env, check=True, timeout=60)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "-m", "not browser",
         "fulian/orgs/tests/test_import_divisions.py", "-k", "shipped or compressed"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "4 passed" in done.stdout
