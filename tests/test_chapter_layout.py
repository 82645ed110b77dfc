"""The chapters' code cells fit a reader's screen: no line longer than 88 characters, no trailing comments.

A code block on the web page scrolls sideways when a line is wider than the text column (at 1280 px
the column holds about 77 characters of code, on a phone far fewer); comments at the end of a line
are what made most lines long. Cells tagged ``remove-cell`` are not on the page (Colab's install cell).
"""

from __future__ import annotations

import io
import json
import pathlib
import sys
import tokenize

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from toc import chapters_in_toc  # noqa: E402

MAX_LINE = 88
CHAPTERS = chapters_in_toc()
IDS = [p.stem for p in CHAPTERS]


def shown_code_cells(path):
    """(cell number, source) of every code cell a reader sees on the page."""
    for k, cell in enumerate(json.loads(path.read_text())["cells"]):
        if cell["cell_type"] == "code" and "remove-cell" not in cell.get("metadata", {}).get("tags", []):
            yield k, "".join(cell["source"])


def long_lines(source, limit=MAX_LINE):
    """The lines of ``source`` longer than ``limit`` characters, as (line number, length)."""
    return [(n, len(line)) for n, line in enumerate(source.splitlines(), 1) if len(line) > limit]


def trailing_comments(source):
    """Line numbers of comments that follow code on the same line (magics are read as comments)."""
    python = "\n".join("#" + line if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    lines = python.splitlines()
    found = []
    for token in tokenize.generate_tokens(io.StringIO(python).readline):
        if token.type == tokenize.COMMENT and lines[token.start[0] - 1][: token.start[1]].strip():
            found.append(token.start[0])
    return found


def test_the_checks_find_what_they_name():
    assert long_lines("x = 1\n" + "y = '" + "a" * 90 + "'\n") == [(2, 96)]
    assert long_lines("x = 1  # short") == []
    assert trailing_comments("x = 1  # the answer\n# own line\ny = 2") == [1]
    assert trailing_comments("s = '# not a comment'\n%pip install x  # magic") == []


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_code_lines_fit_the_column(path):
    too_long = [
        f"cell {k}, line {n}: {length} characters" for k, src in shown_code_cells(path) for n, length in long_lines(src)
    ]
    assert not too_long, f"{path.name}: code lines longer than {MAX_LINE} characters: {too_long}"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_comments_sit_on_their_own_line(path):
    trailing = [f"cell {k}, line {n}" for k, src in shown_code_cells(path) for n in trailing_comments(src)]
    assert not trailing, f"{path.name}: comments after code (put them on the line above): {trailing}"
