"""Make the student edition: the chapters without their exercise solutions, ready to hand out.

Usage:  python tools/student_edition.py [OUTDIR]          (default OUTDIR: _build/student)

From every chapter in _toc.yml this writes OUTDIR/<chapter>.ipynb in which
* every ``{solution}`` block is cut out of the Markdown — the block, not the cell: an exercise statement
  that shares a cell with the previous exercise's solution stays; a cell left empty is dropped;
* every code cell tagged ``solution`` (solution code) is deleted;
* the *starter* cells (tagged ``starter``) are kept and made visible, so students see where to write
  their code, each under its own exercise;
* all outputs are cleared, so students run the notebook themselves.
The check functions stay: a student's attempt is answered with a ✓, or with a hint, never with the
solution.  The "Check yourself" answers (dropdown admonitions) stay: they are self-tests, not exercise
solutions.  The instructor's copy (book/) is not modified.
"""

from __future__ import annotations

import pathlib
import re
import sys

import nbformat

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from toc import ROOT, chapters_in_toc  # noqa: E402

OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}")
EXERCISE_LABEL = re.compile(r"^(?::{3,}|`{3,})\{exercise\}[^\n]*\n(?:(?::[\w-]+:[^\n]*\n)*?):label:\s*(\S+)", re.M)


def remove_blocks(text: str, name: str = "solution") -> tuple[str, int]:
    """``text`` without its ``{name}`` directive blocks (colon or backtick fences); and how many went."""
    lines = text.split("\n")
    out, removed, i = [], 0, 0
    while i < len(lines):
        m = OPEN.match(lines[i])
        if not m or m.group("name") != name:
            out.append(lines[i])
            i += 1
            continue
        fence = m.group("fence")
        closing = re.compile("^" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        removed += 1
        i = j + 1
        # the blank lines that separated the block from what follows
        while i < len(lines) and not lines[i].strip() and (not out or not out[-1].strip()):
            i += 1
    return "\n".join(out).strip("\n"), removed


def exercise_labels(nb) -> list[str]:
    """The labels of the notebook's exercises, in order."""
    return [m.group(1) for c in nb.cells if c.cell_type == "markdown" for m in EXERCISE_LABEL.finditer(c.source)]


def student_notebook(nb):
    """Return a copy of ``nb`` without solutions, with starter cells shown and outputs cleared."""
    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            source, removed = remove_blocks(cell.source)
            if removed:
                if not source.strip():
                    continue
                cell.source = source
                cell.metadata["tags"] = [t for t in tags if t != "solution"]
            elif "solution" in tags:
                raise ValueError(f"a markdown cell tagged 'solution' holds no {{solution}} block: {cell.source[:80]!r}")
        elif "solution" in tags:
            continue
        if "starter" in tags:
            cell.metadata["tags"] = [t for t in tags if t != "remove-cell"]
        if "check" in tags:
            # the book hides a check's output (it is the solution passing); a student's is their own
            cell.metadata["tags"] = [t for t in tags if t not in ("remove-output", "nbval-ignore-output")]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            jupyter = cell.metadata.get("jupyter", {})
            jupyter.pop("outputs_hidden", None)
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def main(argv):
    out = pathlib.Path(argv[0]) if argv else ROOT / "_build" / "student"
    out.mkdir(parents=True, exist_ok=True)
    for path in chapters_in_toc():
        teacher = nbformat.read(path, as_version=4)
        nb = student_notebook(teacher)
        target = out / path.name
        nbformat.write(nb, target)
        blocks = sum(remove_blocks(c.source)[1] for c in teacher.cells if c.cell_type == "markdown")
        code = sum(c.cell_type == "code" and "solution" in c.metadata.get("tags", []) for c in teacher.cells)
        print(f"{target}: {blocks} solution block(s) and {code} solution code cell(s) removed")


if __name__ == "__main__":
    main(sys.argv[1:])
