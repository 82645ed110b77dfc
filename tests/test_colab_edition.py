"""The Colab edition (tools/colab_edition.py) as Colab shows it: plain Markdown and MathJax, no MyST left,
the web's numbers, solutions in <details>, and an install cell pinned to the matching companion release.
(Executing it in a fresh environment: tests/routes/test_colab_run.py.)  The chapters themselves must be in
step with tools/myst_sync.py (header cells, reference numbers), which the JupyterLab route relies on."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import colab_edition  # noqa: E402
import myst_sync  # noqa: E402
from student_edition import exercise_labels  # noqa: E402

from toc import chapters_in_toc  # noqa: E402

CHAPTERS = chapters_in_toc()
IDS = [p.stem for p in CHAPTERS]
MYST_LEFT = [
    (r"\{[a-z][\w:-]*\}`", "a role"),
    (r"(?m)^\s*(?::{3,}|`{3,})\{", "a directive fence"),
    (r"(?m)^\s*:[\w-]+:[ \t]", "a directive option"),
    (r"(?m)^\s*\([\w:-]+\)=\s*$", "a target label"),
    (r"(?m)^\s*\$\$[ \t]*\(", "an equation label"),
    (r"\\vect\b|\\mat\b", "a macro only the web defines"),
    (r"(?m)^\s*:::", "a colon fence"),
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("colab")
    colab_edition.main([str(out)])
    return out


def read(edition, path):
    return nbformat.read(edition / "book" / path.name, as_version=4)


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_no_myst_syntax_is_left(edition, path):
    nb = read(edition, path)
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for pattern, what in MYST_LEFT:
            for m in re.finditer(pattern, cell.source):
                problems.append(f"cell {index}: {what}: {cell.source[max(0, m.start() - 30) : m.end() + 30]!r}")
    assert not problems, "\n".join(problems[:10])


def test_the_converter_knows_when_it_meets_something_new():
    nums = myst_sync.numbering()
    converter = colab_edition.Converter("book/notation", nums)
    with pytest.raises(ValueError, match="tab-set"):
        converter.markdown(":::{tab-set}\nx\n:::")
    with pytest.raises(ValueError, match="cite"):
        converter.markdown("see {cite}`lecun98`")


def test_screen_only_text_stays_in_colab_and_print_only_text_goes():
    """`:::{div} web-only` marks what only a screen shows (the sliders); Colab is a screen."""
    converter = colab_edition.Converter("book/notation", myst_sync.numbering())
    out = converter.markdown("A\n\n:::{div} web-only\nThe sliders below.\n:::\n\n:::{div} print-only\nOn paper.\n:::")
    assert "The sliders below." in out and "On paper." not in out and ":::" not in out


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_exercises_solutions_and_equations_keep_their_numbers(edition, path):
    teacher = nbformat.read(path, as_version=4)
    nb = read(edition, path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    nums = myst_sync.numbering()
    labels = exercise_labels(teacher)
    assert re.findall(r"^\*\*Exercise (\d+\.\d+)\*\*", text, flags=re.M) == [nums.exercise[x][1] for x in labels]
    solutions = sum(c.source.count("{solution}") for c in teacher.cells if c.cell_type == "markdown")
    assert len(re.findall(r"<summary><b>Solution to Exercise \d+\.\d+</b></summary>", text)) == solutions
    assert text.count("<details>") == text.count("</details>")
    docname = f"book/{path.stem}"
    own = [number for doc, number in nums.equation.values() if doc == docname]
    assert re.findall(r"\\tag\{([\d.]+)\}", text) == own
    online = colab_edition.online_url()
    for m in re.finditer(r"\[\((\d+\.\d+)\)\]\(([^)]+)\)", text):
        label = m.group(2).split("#equation-")[1]
        match = [n for lab, (d, n) in nums.equation.items() if lab.lower() == label]
        assert match == [m.group(1)] and m.group(2).startswith(online), m.group(0)


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_install_cell_installs_the_release_that_matches(edition, path):
    nb = read(edition, path)
    install = next(c for c in nb.cells if c.cell_type == "code")
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
    version = colab_edition.companion_version()
    import companion

    assert version == companion.__version__
    assert f'"companion @ git+{url}@v{version}"' in install.source
    assert 'if "google.colab" in sys.modules:' in install.source
    assert install.metadata.get("cellView") == "form" and not install.outputs


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_figure_keeps_its_caption(edition, path):
    teacher = nbformat.read(path, as_version=4)
    nb = read(edition, path)
    nums = myst_sync.numbering()
    captions = [c.source for c in nb.cells if "colab-caption" in c.metadata.get("tags", [])]
    names = [c.metadata["mystnb"]["figure"]["name"] for c in teacher.cells if "figure" in c.metadata.get("mystnb", {})]
    assert [re.match(r"\*Fig\. ([\d.]+):", c).group(1) for c in captions] == [nums.figure[n][1] for n in names]


def test_macros_are_expanded_with_balanced_braces():
    macros = myst_sync.tex_macros()
    assert colab_edition.expand_macros(r"\vect{\delta_{\ell}} + \mat{\Theta_{\ell+1}}^T", macros) == (
        r"\underline{\delta_{\ell}} + \underline{\underline{\Theta_{\ell+1}}}^T"
    )
    assert colab_edition.expand_macros(r"\vect{\hat{\vect{y}}}", macros) == r"\underline{\hat{\underline{y}}}"


def test_the_colab_button_opens_the_published_edition():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert "colab_branch" in (ROOT / "book" / "_ext" / "colab_button.py").read_text()
    assert config["sphinx"]["config"]["colab_branch"] == colab_edition.COLAB_BRANCH
    workflow = (ROOT / ".github" / "workflows" / "book.yml").read_text()
    assert f"branch: {colab_edition.COLAB_BRANCH}" in workflow or f"{colab_edition.COLAB_BRANCH}" in workflow


def test_chapters_are_in_step_with_myst_sync():
    # header cells, collapsed install cell, reference titles with the web's numbers, check-cell tags
    assert myst_sync.stale() == {}, "run `python tools/myst_sync.py`"


def test_myst_sync_notices_a_stale_equation_number(tmp_path):
    nums = myst_sync.numbering()
    label, (doc, number) = next(iter(nums.equation.items()))
    stale = f"see {{eq}}`(9.99) <{label}>`"
    assert myst_sync.rewrite_roles(stale, doc, nums) == f"see {{eq}}`({number}) <{label}>`"
