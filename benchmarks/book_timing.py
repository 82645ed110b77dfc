"""How long does each chapter take to execute?  Prints a Markdown table; asserts nothing.

    python benchmarks/book_timing.py

Each notebook of _toc.yml runs top to bottom in a fresh kernel (kernel start included), in the
environment `make book` gives it (precomputed widgets, one BLAS thread), inside a throw-away copy of
the repository: the repository's notebooks and their outputs are never written.  The built book's
"Execution statistics" page (book/execution.md) shows the same per-chapter times from the last build;
this script gives them without a build, for the README.  Run it on a quiet machine: every chapter
trains small networks, and a busy CPU stretches its time.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
AS_MAKE_BOOK = {
    "COMPANION_WIDGETS": "static",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "_build", "__pycache__", "*.egg-info", "node_modules", ".ipynb_checkpoints"
)


def main():
    import nbformat
    from nbclient import NotebookClient

    sys.path.insert(0, str(ROOT / "tools"))
    from toc import chapters_in_toc

    times = {}
    with tempfile.TemporaryDirectory(prefix="companion-book-timing-") as tmp:
        copy = pathlib.Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        os.environ.update(AS_MAKE_BOOK)  # this process only; the kernels inherit it
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(copy), os.environ.get("PYTHONPATH")]))
        print(
            f"Executing each chapter in a fresh kernel ({time.strftime('%Y-%m-%d %H:%M %Z')}, "
            f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores):\n"
        )
        print("| chapter | seconds |\n|---|---|")
        for path in chapters_in_toc(copy):
            name = path.relative_to(copy).with_suffix("").as_posix()
            notebook = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            failed = ""
            try:
                NotebookClient(
                    notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
                ).execute(stderr=subprocess.DEVNULL)
            except Exception as exc:  # report and go on: the figure of the others still counts
                failed = f" (failed: {type(exc).__name__})"
            times[name] = time.perf_counter() - start
            print(f"| {name} | {times[name]:.1f}{failed} |", flush=True)
    print(f"| **all {len(times)} chapters** | **{sum(times.values()):.1f}** |")


if __name__ == "__main__":
    main()
