"""The student edition: no solution survives, the starter cells and checks remain, and it runs."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from toc import chapters_in_toc  # noqa: E402

pytestmark = pytest.mark.notebooks  # executes the student notebooks in a kernel: in `make test`, not plain pytest
CHAPTERS = [
    p
    for p in chapters_in_toc()
    if any("solution" in c.get("metadata", {}).get("tags", []) for c in json.loads(p.read_text())["cells"])
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "student_edition.py"), str(out)], check=True, capture_output=True
    )
    return out


def solution_lines(path):
    """Distinctive lines of the solution cells: long enough not to occur by chance, and not found in
    the cells students get anyway (a starter repeats the solution's `def` line; a solution may restate
    a formula the chapter derived)."""
    cells = nbformat.read(path, as_version=4).cells
    given = "\n".join(c.source for c in cells if "solution" not in c.metadata.get("tags", []))
    return {
        line.strip()
        for c in cells
        if "solution" in c.metadata.get("tags", [])
        for line in c.source.splitlines()
        if len(line.strip()) >= 25 and line.strip() not in given
    }


def test_there_are_exercises_to_hand_out():
    assert len(CHAPTERS) >= 5


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_no_solution_text_survives(edition, path):
    student = nbformat.read(edition / path.name, as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)
    assert "{solution}" not in text
    leaked = [line for line in solution_lines(path) if line in text]
    assert not leaked, leaked[:3]
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_starter_cells_are_visible_and_checks_remain(edition, path):
    teacher = nbformat.read(path, as_version=4)
    student = nbformat.read(edition / path.name, as_version=4)
    starters = [c for c in student.cells if "starter" in c.metadata.get("tags", [])]
    assert len(starters) == sum("starter" in c.metadata.get("tags", []) for c in teacher.cells)
    assert all("remove-cell" not in c.metadata["tags"] for c in starters)
    checks = [
        c for c in teacher.cells if "companion.checks" in c.source and "solution" not in c.metadata.get("tags", [])
    ]
    assert all(any(c.source == s.source for s in student.cells) for c in checks)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebook_runs_and_the_checks_answer_with_a_hint(edition, path):
    from nbclient import NotebookClient

    nb = nbformat.read(edition / path.name, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "book")}},
        record_timing=False,
    ).execute()  # raises on the first error
    printed = "\n".join(json.dumps(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    if any("companion.checks" in c.source for c in nb.cells):
        assert "not implemented yet" in printed and "run that cell, then run this check again" in printed  # a hint
