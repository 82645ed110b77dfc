"""The notebook regression test must be able to fail: nbval over a chapter passes as committed, and
fails when a stored output is altered or when companion computes something different."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.notebooks  # runs nbval, which starts a kernel: in `make test`, not in plain pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "book" / "intro.ipynb"  # short, and it prints a forward pass


def run_nbval(notebook, extra_env=None):
    env = {**os.environ, **(extra_env or {})}
    sanitize = ROOT / "tests" / "nbval_sanitize.cfg"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", str(notebook)]
    command += ["--nbval-sanitize-with", str(sanitize), "--rootdir", str(notebook.parent)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=notebook.parent)


def test_nbval_passes_on_the_committed_chapter(tmp_path):
    copy = tmp_path / CHAPTER.name
    shutil.copy(CHAPTER, copy)
    result = run_nbval(copy)
    assert result.returncode == 0, result.stdout[-2000:]


def test_nbval_fails_when_a_stored_output_is_altered(tmp_path):
    nb = json.loads(CHAPTER.read_text())
    cell = next(
        c for c in nb["cells"] if c["cell_type"] == "code" and c.get("outputs") and "y_hat" in "".join(c["source"])
    )
    text = "".join(cell["outputs"][0]["text"])
    altered = text.replace(text.strip()[-5:-2], "999", 1)  # change three printed digits
    assert altered != text
    cell["outputs"][0]["text"] = altered
    copy = tmp_path / CHAPTER.name
    copy.write_text(json.dumps(nb))
    result = run_nbval(copy)
    assert result.returncode != 0
    assert "1 failed" in result.stdout and "Cell outputs differ" in result.stdout and "999" in result.stdout


def test_nbval_fails_when_companion_is_perturbed(tmp_path):
    # A sitecustomize module on the kernel's path makes the hidden layers' sigmoid 10 % steeper.
    (tmp_path / "sitecustomize.py").write_text(
        "import companion.network as network\n"
        "_sigmoid = network._sigmoid\n"
        "network._sigmoid = lambda z: _sigmoid(1.1 * z)\n"
    )
    copy = tmp_path / CHAPTER.name
    shutil.copy(CHAPTER, copy)
    result = run_nbval(copy, {"PYTHONPATH": str(tmp_path)})
    assert result.returncode != 0
    assert "1 failed" in result.stdout and "Cell outputs differ" in result.stdout  # a changed number, not a crash
