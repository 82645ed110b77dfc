"""Build the student site: the web book without solutions, for instructors to publish during a course.

Usage:  python tools/student_site.py [OUTDIR]        (default OUTDIR: _build/student-site; `make book-student`)

The reader's book (`make book`) keeps its solutions in collapsed dropdowns, for self-learners.  This builds
the same book from the student edition (tools/student_edition.py) instead: no solution block, no solution
code (so no result table of an exercise), the starter cells shown, and every check cell's output is what
the check says to a student who has written nothing yet ("not implemented yet …").  The chapters are
executed at build time as always, so nothing that depends on a solution can appear; the page's .ipynb and
.md downloads are the student notebooks.  The HTML is OUTDIR/html (index.html there).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from student_edition import student_notebook  # noqa: E402

from toc import ROOT, chapters_in_toc  # noqa: E402


def source_tree(src: Path) -> None:
    """A copy of the book's sources in ``src``, with the student edition in place of the chapters."""
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["title"] = f"{config['title']} (student edition)"
    (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    shutil.copy(ROOT / "_toc.yml", src / "_toc.yml")
    shutil.copytree(ROOT / "book", src / "book", ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    for path in chapters_in_toc():
        target = src / path.relative_to(ROOT)
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), target)


def main(argv: list[str]) -> int:
    out = Path(argv[0]).resolve() if argv else ROOT / "_build" / "student-site"
    src = out / "src"
    source_tree(src)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", str(src), "--path-output", str(out), "-W", "-n", "--keep-going"], check=False
    )
    if result.returncode:
        return result.returncode
    html = out / "html"
    if html.exists():
        shutil.rmtree(html)
    shutil.move(str(out / "_build" / "html"), html)
    shutil.rmtree(out / "_build", ignore_errors=True)
    print(f"The student site is at {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
