"""Fixtures of the route tests (`make routes-test`, marker ``routes``): the environment a reader gets.

``reader_python`` is a fresh virtual environment from requirements.txt alone — what Binder builds and what a
reader installs — made once per session.  Set ROUTES_VENV=/some/dir to keep it between runs while you work
(it is reused if its python exists)."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def reader_python(tmp_path_factory):
    home = (
        Path(os.environ["ROUTES_VENV"]) if os.environ.get("ROUTES_VENV") else tmp_path_factory.mktemp("reader") / "venv"
    )
    python = home / "bin" / "python"
    if not python.exists():
        venv.create(home, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], cwd=ROOT, check=True)
    return python


def clean_env(python: Path, home: Path, **extra: str) -> dict[str, str]:
    """A minimal environment: the reader's venv first on PATH, no variables of ours leaking in."""
    return {
        "PATH": f"{python.parent}:/usr/bin:/bin",
        "HOME": str(home),
        "OPENBLAS_NUM_THREADS": "1",
        "LANG": "C.UTF-8",
        **extra,
    }
