"""Re-execute every chapter in place, so that the stored outputs (what nbval compares) are fresh.

Usage:  python tools/refresh_outputs.py [--checks-only] [book/chapter.ipynb ...]   (default: every chapter in _toc.yml)

``--checks-only`` executes the chapters the same way but writes back only the outputs of the check cells
(a small diff, for a change that concerns only them).

Each notebook runs top to bottom in a fresh kernel, from the book/ folder, as
Jupyter Book runs it.  Widget state is stored in the notebook so that the built
page can show the widgets without a kernel.  Timing metadata is not recorded,
so that a refresh that changes no output changes no byte.

A check cell under an exercise (tagged ``check``: tools/myst_sync.py tags them) stores the output of the
check run on the exercise's **starter** code ("not implemented yet …, write it in the cell above"), not
on the book's solution: a reader who opens the notebook (JupyterLab, Binder, Colab) must not find a ✓
before writing anything.  To do so the kernel runs the starter cell again just before the check and the
solution code cells again just after it, so that the rest of the chapter still runs on the solution.
"""

from __future__ import annotations

import copy
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

# The kernel inherits this: widgets are stored precomputed, as on the web page (see companion.widgets).
os.environ.setdefault("COMPANION_WIDGETS", "static")

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from toc import ROOT, chapters_in_toc  # noqa: E402


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def starter_plan(nb) -> dict[int, tuple]:
    """check cell index -> (its exercise's starter cell, the solution code cells between them)."""
    plan, starter, solutions = {}, None, []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = _tags(cell)
        if "starter" in tags:
            starter, solutions = cell, []
        elif "solution" in tags:
            solutions.append(cell)
        elif "check" in tags:
            if starter is not None:
                plan[index] = (starter, list(solutions))
            starter, solutions = None, []
    return plan


class StarterChecks(NotebookClient):
    """Runs a notebook top to bottom, except that each check cell is run against the starter code."""

    plan: dict = {}

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell_index not in self.plan:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        starter, solutions = self.plan[cell_index]
        await super().async_execute_cell(copy.deepcopy(starter), cell_index, store_history=False)
        result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        for solution in solutions:
            await super().async_execute_cell(copy.deepcopy(solution), cell_index, store_history=False)
        # nbclient puts the cell it ran back at nb.cells[cell_index]: make that the check cell again
        self.nb.cells[cell_index] = cell
        return result


def refresh(path: pathlib.Path, checks_only: bool = False) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = StarterChecks(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.plan = starter_plan(nb)
    client.execute()
    if checks_only:
        original = nbformat.read(path, as_version=4)
        for index in client.plan:
            original.cells[index].outputs = nb.cells[index].outputs
        nb = original
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv):
    checks_only = "--checks-only" in argv
    paths = [pathlib.Path(p).resolve() for p in argv if p != "--checks-only"] or chapters_in_toc()
    for path in paths:
        seconds = refresh(path, checks_only)
        print(f"{path.relative_to(ROOT)}: executed in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
