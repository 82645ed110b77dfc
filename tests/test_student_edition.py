"""The student edition: no solution survives, every exercise and its starter cell remain, the checks remain,
and it runs."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from student_edition import exercise_labels, remove_blocks, student_notebook  # noqa: E402

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


def solution_text(cell) -> str:
    """What in a cell is solution: the {solution} blocks of Markdown, all of a solution code cell."""
    if cell.cell_type == "markdown":
        kept, _ = remove_blocks(cell.source)
        return "\n".join(line for line in cell.source.splitlines() if line not in kept.splitlines())
    return cell.source if "solution" in cell.metadata.get("tags", []) else ""


def solution_lines(path):
    """Distinctive lines of the solutions: long enough not to occur by chance, and not found in what
    students get anyway (a starter repeats the solution's `def` line; a solution may restate a formula
    the chapter derived)."""
    cells = nbformat.read(path, as_version=4).cells
    given = "\n".join(c.source for c in cells if not solution_text(c))
    return {
        line.strip()
        for c in cells
        for line in solution_text(c).splitlines()
        if len(line.strip()) >= 25 and line.strip() not in given
    }


def exercise_of_each_starter(nb) -> list[tuple[str, str]]:
    """(starter cell source, label of the last exercise stated above it) for every starter cell."""
    out, current = [], None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            labels = exercise_labels(nbformat.v4.new_notebook(cells=[cell]))
            current = labels[-1] if labels else current
        elif "starter" in cell.metadata.get("tags", []):
            out.append((cell.source, current))
    return out


ALL_CHAPTERS = chapters_in_toc()


@pytest.mark.parametrize("path", ALL_CHAPTERS, ids=[p.stem for p in ALL_CHAPTERS])
def test_every_exercise_survives_in_order(path):
    teacher = nbformat.read(path, as_version=4)
    assert exercise_labels(student_notebook(teacher)) == exercise_labels(teacher)


def test_the_book_has_all_its_exercises():
    labels = [label for p in ALL_CHAPTERS for label in exercise_labels(nbformat.read(p, as_version=4))]
    assert len(labels) >= 23 and len(set(labels)) == len(labels)


@pytest.mark.parametrize("path", ALL_CHAPTERS, ids=[p.stem for p in ALL_CHAPTERS])
def test_each_starter_stays_under_its_own_exercise(path):
    teacher = nbformat.read(path, as_version=4)
    expected = exercise_of_each_starter(teacher)
    assert all(label is not None for _, label in expected)
    assert exercise_of_each_starter(student_notebook(teacher)) == expected


def test_a_shared_cell_loses_only_its_solution():
    cell = nbformat.v4.new_markdown_cell(
        ":::{solution} ex-a-1\n:class: dropdown\n\nThe answer.\n:::\n\n:::{exercise}\n:label: ex-a-2\n\nNext.\n:::",
        metadata={"tags": ["solution"]},
    )
    nb = nbformat.v4.new_notebook(cells=[cell])
    student = student_notebook(nb)
    assert exercise_labels(student) == ["ex-a-2"]
    assert "The answer" not in student.cells[0].source and "solution" not in student.cells[0].metadata.get("tags", [])


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
