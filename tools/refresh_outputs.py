"""Re-execute every chapter in place, so that the stored outputs (what nbval compares) are fresh.

Usage:  python tools/refresh_outputs.py [book/chapter.ipynb ...]     (default: every chapter in _toc.yml)

Each notebook runs top to bottom in a fresh kernel, from the book/ folder, as
Jupyter Book runs it.  Widget state is stored in the notebook so that the built
page can show the widgets without a kernel.  Timing metadata is not recorded,
so that a refresh that changes no output changes no byte.
"""

from __future__ import annotations

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


def refresh(path: pathlib.Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv):
    paths = [pathlib.Path(p).resolve() for p in argv] or chapters_in_toc()
    for path in paths:
        seconds = refresh(path)
        print(f"{path.relative_to(ROOT)}: executed in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
