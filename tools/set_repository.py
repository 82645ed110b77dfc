"""Point the book at its repository: the one URL behind the launch, issue and edit buttons.

Usage:  python tools/set_repository.py https://github.com/<your-organisation>/<your-repository>

The URL lives in _config.yml (``repository: url:``).  Colab cannot read that file, so the hidden
first code cell of every chapter, which installs companion in Colab, repeats it, and so do the
package's links in pyproject.toml (``[project.urls]``); this script writes the new URL to all three
places (tests/test_chapters.py and tests/test_project.py check that they agree).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from toc import ROOT, chapters_in_toc  # noqa: E402

URL = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+")


def main(argv):
    if len(argv) != 1 or not URL.fullmatch(argv[0].rstrip("/")):
        raise SystemExit("usage: python tools/set_repository.py https://github.com/<organisation>/<repository>")
    new = argv[0].rstrip("/")
    config = ROOT / "_config.yml"
    text = config.read_text()
    config.write_text(re.sub(r"(repository:\n(?:  .*\n)*?  url: )\S+", rf"\g<1>{new}", text, count=1))
    for path in chapters_in_toc():
        nb = nbformat.read(path, as_version=4)
        colab = nb.cells[1]
        colab.source = URL.sub(new, colab.source)
        nbformat.write(nb, path)
    pyproject = ROOT / "pyproject.toml"
    text = pyproject.read_text()
    start = text.index("[project.urls]")
    end = text.find("\n[", start)  # the next table, or the end of the file
    end = len(text) if end == -1 else end
    pyproject.write_text(text[:start] + URL.sub(new, text[start:end]) + text[end:])
    print(f"repository set to {new} in _config.yml, pyproject.toml and {len(chapters_in_toc())} chapters")


if __name__ == "__main__":
    main(sys.argv[1:])
