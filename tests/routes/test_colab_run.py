"""The Colab route: the Colab edition's notebooks execute from top to bottom in a fresh environment (the
reader's, from requirements.txt alone) in which the install cell is a no-op, as it is outside Colab."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT, clean_env

sys.path.insert(0, str(ROOT / "tools"))
import colab_edition  # noqa: E402

from toc import chapters_in_toc  # noqa: E402

pytestmark = pytest.mark.routes

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
    install = next(c for c in nb.cells if c.cell_type == "code")
    print(json.dumps({"chapter": path.name, "errors": len(errors), "install_outputs": len(install.outputs),
                      "pip_ran": "google.colab" in sys.modules}), flush=True)
"""


def test_every_colab_notebook_executes_where_the_install_cell_is_a_no_op(reader_python, tmp_path):
    colab_edition.main([str(tmp_path / "colab")])
    notebooks = [tmp_path / "colab" / "book" / p.name for p in chapters_in_toc()]
    result = subprocess.run(
        [str(reader_python), "-c", EXECUTE, *map(str, notebooks)],
        capture_output=True,
        text=True,
        env=clean_env(reader_python, tmp_path, COMPANION_WIDGETS="live"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["chapter"] for r in reports] == [p.name for p in chapters_in_toc()]
    assert all(r["errors"] == 0 for r in reports), reports
    # the pinned %pip line never ran: no output, no Colab module
    assert all(r["install_outputs"] == 0 and not r["pip_ran"] for r in reports), reports
