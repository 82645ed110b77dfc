"""The two web sites as their readers meet them (after `make book` and `make book-student`):

* the student site carries no solution text, no output of solution code (the result tables of the
  exercises), no solution dropdown, and its check cells say "not implemented yet", never ✓;
* the reader's site keeps its solutions collapsed, shows no check output (it would be the solution's ✓),
  and numbers equations, figures and exercises as tools/myst_sync.py and the Colab edition do;
* every link the Colab edition makes into the online book has its anchor on the built page.
"""

from __future__ import annotations

import html as htmllib
import re
import sys
from pathlib import Path

import nbformat
import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))
import colab_edition  # noqa: E402
from myst_sync import numbering  # noqa: E402
from student_edition import remove_blocks  # noqa: E402

from toc import chapters_in_toc  # noqa: E402

pytestmark = pytest.mark.routes
CHAPTERS = chapters_in_toc()
IDS = [p.stem for p in CHAPTERS]
READER = ROOT / "_build" / "html"
STUDENT = ROOT / "_build" / "student-site" / "html"


def page(site: Path, path: Path) -> str:
    file = site / "book" / f"{path.stem}.html"
    if not file.exists():
        pytest.fail(f"no {file}: run `make book book-student` first")
    return file.read_text()


def visible_text(markup: str) -> str:
    markup = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", markup)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", markup))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def answers(path: Path) -> set[str]:
    """Distinctive lines only a solution holds: of {solution} blocks, solution code and its printed output."""
    cells = nbformat.read(path, as_version=4).cells
    given = "\n".join(
        c.source + "".join(o.get("text", "") for o in c.get("outputs", []))
        if c.cell_type == "code" and "solution" not in c.metadata.get("tags", [])
        else remove_blocks(c.source)[0]
        if c.cell_type == "markdown"
        else ""
        for c in cells
    )
    lines = set()
    for cell in cells:
        if cell.cell_type == "markdown":
            kept = remove_blocks(cell.source)[0].splitlines()
            lines |= {line for line in cell.source.splitlines() if line not in kept}
        elif "solution" in cell.metadata.get("tags", []):
            lines |= set(cell.source.splitlines())
            for output in cell.get("outputs", []):
                lines |= set(output.get("text", "").splitlines())
    out = set()
    for line in lines:
        line = line.strip()
        words = re.sub(r"[`*$\\{}()\[\]]", " ", line)
        if len(line) >= 25 and line not in given and not re.search(r"[\\$`{]", line):
            out.add(squash(words).strip())
    return out


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_student_site_gives_no_answer_away(path):
    markup = page(STUDENT, path)
    text = squash(re.sub(r"[`*$\\{}()\[\]]", " ", visible_text(markup)))
    leaked = [line for line in answers(path) if line in text]
    assert not leaked, leaked[:3]
    assert 'class="solution' not in markup and "Solution to" not in text
    assert "✓" not in text
    teacher = nbformat.read(path, as_version=4)
    if any("check" in c.metadata.get("tags", []) for c in teacher.cells):
        assert "not implemented yet" in text


def test_student_site_still_has_every_exercise():
    nums = numbering()
    for path in CHAPTERS:
        text = squash(visible_text(page(STUDENT, path)))
        for label, (doc, number) in nums.exercise.items():
            if doc == f"book/{path.stem}":
                assert f"Exercise {number}" in text, label


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_reader_site_shows_no_check_output_and_keeps_solutions_collapsed(path):
    markup = page(READER, path)
    text = visible_text(markup)
    assert "✓" not in text, "a check cell's output (the solution passing) is on the page"
    for block in re.findall(r'(?s)<details class="[^"]*solution[^"]*"[^>]*>', markup):
        assert " open" not in block
    teacher = nbformat.read(path, as_version=4)
    elsewhere = "\n".join(
        c.source + "".join(o.get("text", "") for o in c.get("outputs", []))
        for c in teacher.cells
        if "solution" not in c.metadata.get("tags", [])
    )
    solution_outputs = [
        line.strip()
        for c in teacher.cells
        if "solution" in c.metadata.get("tags", []) and c.cell_type == "code"
        for o in c.get("outputs", [])
        for line in o.get("text", "").splitlines()
        if len(line.strip()) >= 25 and line.strip() not in elsewhere
    ]
    for line in solution_outputs:  # present, but inside a collapsed "hide-cell" toggle
        start = markup.find(htmllib.escape(line, quote=False))
        if start >= 0:
            opening = markup.rfind('<div class="cell tag_solution', 0, start)
            assert opening >= 0 and "tag_hide-cell" in markup[opening : opening + 200], line


def test_numbers_agree_with_the_built_book():
    nums = numbering()
    for label, (doc, number) in nums.equation.items():
        html = (READER / f"{doc}.html").read_text()
        anchor = colab_edition.Converter.anchor(label)
        m = re.search(rf'id="equation-{re.escape(anchor)}">\s*<span class="eqno">\(([\d.]+)\)', html)
        assert m and m.group(1) == number, (label, number)
    for table, pattern in ((nums.figure, r"Fig\. ([\d.]+)"), (nums.exercise, r"Exercise ([\d.]+)")):
        for label, (doc, number) in table.items():
            html = (READER / f"{doc}.html").read_text()
            start = html.find(f'id="{label}"')
            m = re.search(pattern, html[start : start + 6000])
            assert start >= 0 and m and m.group(1) == number, (label, number)


def test_every_link_of_the_colab_edition_into_the_book_has_its_target(tmp_path):
    colab_edition.main([str(tmp_path)])
    online = colab_edition.online_url()
    missing = []
    for nb_path in sorted((tmp_path / "book").glob("*.ipynb")):
        for cell in nbformat.read(nb_path, as_version=4).cells:
            for url in re.findall(r"\]\((" + re.escape(online) + r"[^)\s]+)\)", cell.source):
                doc, _, anchor = url[len(online) :].partition("#")
                file = READER / doc
                if not file.exists() or (anchor and f'id="{anchor}"' not in file.read_text()):
                    missing.append(url)
    assert not missing, sorted(set(missing))[:10]
