"""Make the student edition: the chapters without their exercise solutions, ready to hand out.

Usage:  python tools/student_edition.py [OUTDIR]          (default OUTDIR: _build/student)

From every chapter in _toc.yml this writes OUTDIR/<chapter>.ipynb in which
* every cell tagged ``solution`` is deleted (solution text and solution code),
* the *starter* cells (tagged ``starter``) are kept and made visible, so students
  see where to write their code,
* all outputs are cleared, so students run the notebook themselves.
The check functions stay: a student's attempt is answered with a ✓, or with a
hint, never with the solution.  The instructor's copy (book/) is not modified.
"""

from __future__ import annotations

import pathlib
import sys

import nbformat

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from toc import ROOT, chapters_in_toc  # noqa: E402


def student_notebook(nb):
    """Return a copy of ``nb`` without solutions, with starter cells shown and outputs cleared."""
    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if "solution" in tags:
            continue
        if "starter" in tags:
            cell.metadata["tags"] = [t for t in tags if t != "remove-cell"]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def main(argv):
    out = pathlib.Path(argv[0]) if argv else ROOT / "_build" / "student"
    out.mkdir(parents=True, exist_ok=True)
    for path in chapters_in_toc():
        nb = student_notebook(nbformat.read(path, as_version=4))
        target = out / path.name
        nbformat.write(nb, target)
        removed = sum("solution" in c.metadata.get("tags", []) for c in nbformat.read(path, as_version=4).cells)
        print(f"{target}: {removed} solution cell(s) removed")


if __name__ == "__main__":
    main(sys.argv[1:])
