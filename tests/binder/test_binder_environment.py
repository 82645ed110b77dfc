"""The environment Binder builds: a fresh virtual environment from requirements.txt alone (no
constraints, no build or test tools), in which every chapter must execute from top to bottom.

Slow (it installs packages), so it is marked ``binder`` and run by CI, not by `make test`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from toc import chapters_in_toc  # noqa: E402

pytestmark = pytest.mark.binder

EXECUTE = """
import json, pathlib, sys
import nbformat
from nbclient import NotebookClient
for name in sys.argv[1:]:
    path = pathlib.Path(name)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    print(json.dumps({"chapter": path.name, "errors": len(errors)}), flush=True)
"""


@pytest.fixture(scope="module")
def binder_python(tmp_path_factory):
    home = tmp_path_factory.mktemp("binder") / "venv"
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    # Binder runs `pip install -r requirements.txt` from the repository root (the file holds `-e .`).
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], cwd=ROOT, check=True)
    return python


def test_binder_installs_no_build_or_test_tools(binder_python):
    installed = subprocess.run(
        [str(binder_python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True
    ).stdout
    names = {p["name"].lower() for p in json.loads(installed)}
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "scikit-learn", "companion"} <= names
    assert not names & {"jupyter-book", "nbval", "pytest", "hypothesis", "playwright", "sphinx"}


def test_every_chapter_executes_in_the_binder_environment(binder_python, tmp_path):
    copies = []
    for path in chapters_in_toc():
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(str(copy))
    result = subprocess.run(
        [str(binder_python), "-c", EXECUTE, *copies],
        capture_output=True,
        text=True,
        env={
            "PATH": str(binder_python.parent),
            "HOME": str(tmp_path),
            "OPENBLAS_NUM_THREADS": "1",
            "COMPANION_WIDGETS": "live",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["chapter"] for r in reports] == [p.name for p in chapters_in_toc()]
    assert all(r["errors"] == 0 for r in reports)
