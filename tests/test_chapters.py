"""The chapters as files: what every notebook must have for nbval, the book build, Colab and readers."""

from __future__ import annotations

import json
import pathlib
import re
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from toc import chapters_in_toc  # noqa: E402

CHAPTERS = chapters_in_toc()
IDS = [p.stem for p in CHAPTERS]


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def test_every_chapter_of_the_toc_is_a_notebook():
    assert [p.stem for p in CHAPTERS] == [
        "intro",
        "notation",
        "feedforward",
        "loss",
        "backprop",
        "putting_it_together",
        "beyond",
        "errata",
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_code_cell_has_been_executed(path):
    # nbval passes a cell with no stored output silently: an unexecuted notebook would test nothing.
    unexecuted = [
        source(c)[:60]
        for c in cells(path)
        if c["cell_type"] == "code" and source(c).strip() and c.get("execution_count") is None
    ]
    assert not unexecuted, unexecuted


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_outputs_hold_no_addresses_paths_or_errors(path):
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        text = json.dumps(
            [
                o
                for o in cell.get("outputs", [])
                if o.get("output_type") != "display_data" or "image/png" not in o.get("data", {})
            ]
        )
        assert not re.search(r"0x[0-9a-fA-F]{6,}", text), f"memory address in {path.name}: {source(cell)[:60]}"
        assert "/work/" not in text and "/home/" not in text and "site-packages" not in text, source(cell)[:60]
        assert not any(o.get("output_type") == "error" for o in cell.get("outputs", [])), source(cell)[:60]
        assert not any(o.get("name") == "stderr" for o in cell.get("outputs", [])), (
            f"stderr output (a warning?) in {path.name}: {source(cell)[:60]}"
        )


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_no_cell_relies_on_a_trailing_semicolon(path):
    for cell in cells(path):
        if cell["cell_type"] == "code" and not tags(cell) == ["remove-cell"]:
            assert not source(cell).rstrip().endswith(";"), source(cell)[-80:]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_header_cells_are_the_same_everywhere(path):
    first, second = cells(path)[:2]
    reference = cells(CHAPTERS[0])
    assert first["cell_type"] == "markdown" and "remove-cell" in tags(first)
    assert source(first) == source(reference[0])  # the \vect and \mat macros
    assert second["cell_type"] == "code" and "remove-cell" in tags(second)
    assert source(second) == source(reference[1])  # the Colab install cell


def test_colab_cell_installs_from_the_configured_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert f"git+{url}" in source(cells(CHAPTERS[0])[1])


def _run_colab_cell(in_colab, monkeypatch):
    import types

    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    calls = []
    shell.register_magic_function(lambda line: calls.append(line), magic_kind="line", magic_name="pip")
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    result = shell.run_cell(source(cells(CHAPTERS[0])[1]))
    assert result.success
    return calls


def test_colab_cell_is_a_no_op_outside_colab(monkeypatch):
    assert _run_colab_cell(False, monkeypatch) == []


def test_colab_cell_installs_companion_in_colab(monkeypatch):
    calls = _run_colab_cell(True, monkeypatch)
    assert len(calls) == 1 and "companion @ git+https://github.com/" in calls[0]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_figure_has_a_caption_a_name_and_real_alt_text(path):
    for cell in cells(path):
        if cell["cell_type"] != "code" or "remove-cell" in tags(cell) or "nbval-ignore-output" in tags(cell):
            continue
        pictures = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if not pictures:
            continue
        meta = cell.get("metadata", {}).get("mystnb", {})
        caption = meta.get("figure", {}).get("caption", "")
        alt = meta.get("image", {}).get("alt", "")
        where = f"{path.name}: {source(cell)[:60]!r}"
        assert len(pictures) == 1, f"one figure per cell ({where})"
        assert caption.strip(), f"figure without caption ({where})"
        assert meta.get("figure", {}).get("name", "").startswith("fig-"), f"figure without a name ({where})"
        assert len(alt.split()) >= 6, f"alt text must say what the figure shows ({where}): {alt!r}"
        assert not re.search(r"\.(png|jpg|svg)\b|^fig|^image|^figure", alt, re.I), f"file-name-like alt ({where})"


@pytest.mark.parametrize("path", CHAPTERS[1:], ids=IDS[1:])
def test_chapters_end_with_exercises_and_hidden_solutions(path):
    text = [source(c) for c in cells(path)]
    exercises = sum(s.count(":::{exercise}") + s.count("```{exercise}") for s in text)
    solutions = [c for c in cells(path) if "solution" in tags(c) and c["cell_type"] == "markdown"]
    assert exercises >= 3 or path.stem == "errata", f"{path.name}: {exercises} exercises"
    assert len(solutions) >= exercises
    for cell in solutions:
        assert "{solution}" in source(cell) and ":class: dropdown" in source(cell)
    for cell in cells(path):
        if "starter" in tags(cell):
            assert "remove-cell" in tags(cell)  # the book hides the empty starter


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_equations_referenced_are_defined_somewhere(path):
    defined = set()
    for other in CHAPTERS:
        for cell in cells(other):
            if cell["cell_type"] == "markdown":
                defined |= set(re.findall(r"\$\$\s*\((eq-[\w-]+)\)", source(cell)))
    used = set()
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            used |= set(re.findall(r"\{eq\}`(eq-[\w-]+)`", source(cell)))
    assert used <= defined, sorted(used - defined)


def glossary_terms():
    text = (ROOT / "book" / "glossary.md").read_text()
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {line.strip() for line in body.splitlines() if line and not line.startswith(" ")}


def term_links(path):
    found = set()
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            for role in re.findall(r"\{term\}`([^`]*)`", source(cell)):
                found.add(re.sub(r"^.*<(.*)>$", r"\1", role).strip())
    return found


def test_glossary_covers_every_symbol_of_the_issue():
    assert glossary_terms() >= {
        "M",
        "N",
        "P",
        "L",
        "H_l",
        "X",
        "Y",
        "x_i",
        "X_j",
        "D",
        "Theta_l",
        "z_l",
        "a_l",
        "g_l",
        "F",
        "loss",
        "E",
        "delta_l",
        "alpha",
    }


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_glossary_links_resolve(path):
    assert term_links(path) <= glossary_terms(), sorted(term_links(path) - glossary_terms())


@pytest.mark.parametrize(
    "path",
    [p for p in CHAPTERS if p.stem not in ("intro", "errata")],
    ids=[p.stem for p in CHAPTERS if p.stem not in ("intro", "errata")],
)
def test_chapters_link_their_symbols_to_the_glossary(path):
    assert len(term_links(path)) >= 8, sorted(term_links(path))


def test_every_glossary_term_is_used_by_some_chapter():
    used = set().union(*(term_links(p) for p in CHAPTERS))
    assert glossary_terms() <= used, sorted(glossary_terms() - used)


def test_every_figure_is_referenced_by_number():
    names, refs = set(), set()
    for path in CHAPTERS:
        for cell in cells(path):
            name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
            if name:
                names.add(name)
            if cell["cell_type"] == "markdown":
                refs |= set(re.findall(r"\{numref\}`(?:[^`<]*<)?(fig-[\w-]+)>?`", source(cell)))
    assert len(names) >= 20
    assert names <= refs, sorted(names - refs)


# --- issue 12: objectives first, "check yourself" last, the backpropagation chapter taught right first


def chapter(stem):
    return next(p for p in CHAPTERS if p.stem == stem)


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_chapter_starts_with_learning_objectives(path):
    title, objectives = cells(path)[2], cells(path)[3]
    assert source(title).startswith("# ")
    text = source(objectives)
    assert text.startswith(":::{admonition} Learning objectives"), text[:80]
    assert "you can" in text
    assert 3 <= len(re.findall(r"^\* ", text, flags=re.M)) <= 5, text


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_chapter_ends_with_check_yourself_and_hidden_answers(path):
    last = source(cells(path)[-1])
    assert last.startswith("## Check yourself"), last[:80]
    assert re.search(r"^1\. ", last, flags=re.M)
    assert ":::{admonition} Answer" in last and ":class: dropdown" in last


def test_instructors_page_lists_the_chapters_objectives():
    page = (ROOT / "book" / "instructors.md").read_text()
    for path in CHAPTERS[1:]:
        row = next(line for line in page.splitlines() if line.startswith(f"| {{doc}}`{path.stem}`"))
        objectives = source(cells(path)[3])
        # every objective of the chapter appears on its line of the table, in the same words
        for item in re.findall(r"^\* (.+?)(?=^\* |^:::)", objectives, flags=re.M | re.S):
            first_words = " ".join(item.split()[:4])
            assert first_words in row, (path.stem, first_words)


def test_no_wrong_formula_carries_an_equation_number():
    for path in CHAPTERS:
        for cell in cells(path):
            if cell["cell_type"] == "markdown":
                labels = re.findall(r"\$\$\s*\((eq-[\w-]+)\)", source(cell))
                assert not [label for label in labels if "article" in label], (path.name, labels)
                for block in re.findall(r"\$\$(.*?)\$\$\s*\(eq-", source(cell), flags=re.S):
                    assert "(article)" not in block, (path.name, block[:80])


def test_backprop_opens_with_the_four_equations():
    text = [source(c) for c in cells(chapter("backprop"))]
    first_section = next(i for i, s in enumerate(text) if s.removeprefix("(backprop-summary)=\n").startswith("## "))
    box = text[first_section]
    assert "## The result" in box and ":::{admonition} Backpropagation" in box
    for label in ("eq-delta-L-ce", "eq-delta-hidden", "eq-grad-batch", "eq-gd"):
        assert f"{{eq}}`{label}`" in box, label
    assert box.count("$$") == 2 * 4  # one display per equation
    assert "{numref}`fig-backprop-flow`" in box


def test_backprop_asides_are_collapsed_and_each_shows_the_article_failing():
    nb = cells(chapter("backprop"))
    asides = [i for i, c in enumerate(nb) if "What the article writes — and why it fails here" in source(c)]
    assert len(asides) >= 10
    for i in asides:
        assert ":class: dropdown" in source(nb[i])
        assert re.search(r"\{ref\}`erratum \d+ <errata-proof-", source(nb[i])), source(nb[i])[:80]
        check = nb[i + 1]
        assert check["cell_type"] == "code" and "hide-cell" in tags(check)
        output = json.dumps(check.get("outputs", []))
        assert re.search(r"DISAGREES|WRONG|undefined", output), source(check)[:80]
    # the main line has no Erratum box left
    assert not any(":::{admonition} Erratum" in source(c) for c in nb)


def test_every_erratum_link_of_the_errata_chapter_has_its_target():
    targets = set()
    for path in CHAPTERS:
        for cell in cells(path):
            if cell["cell_type"] == "markdown":
                targets |= set(re.findall(r"^\((erratum-[\w-]+)\)=", source(cell), flags=re.M))
    links = set()
    for cell in cells(chapter("errata")):
        links |= set(re.findall(r"<(erratum-[\w-]+)>", source(cell)))
    assert len(links) == 13 and links <= targets, sorted(links - targets)


def test_the_errata_count_does_not_drop():
    nb = cells(chapter("errata"))
    table = next(source(c) for c in nb if "## Summary" in source(c))
    rows = re.findall(r"^\| \{ref\}`(\d+) <(errata-proof-[\w-]+)>`", table, flags=re.M)
    assert [int(n) for n, _ in rows] == list(range(1, 14))
    for _, label in rows:
        i = next(k for k, c in enumerate(nb) if source(c).startswith(f"({label})="))
        proof = nb[i + 1]
        assert proof["cell_type"] == "code" and proof.get("outputs"), label


def test_backprop_works_the_feedforward_example_backwards_and_checks_it():
    text = "\n".join(source(c) for c in cells(chapter("backprop")) if c["cell_type"] == "code")
    forward = "\n".join(source(c) for c in cells(chapter("feedforward")) if c["cell_type"] == "code")
    for matrix in ("[[2.0, -1.0], [1.0, 0.0], [1.0, -1.0]]", "[[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]"):
        assert matrix in text and matrix.replace("[[", "np.array([[") in forward.replace("\n", " ") or matrix in forward
    assert "assert np.allclose(value, by_companion[name]" in text
    assert "assert loss_after < loss_before" in text
    assert "cp.plot_backprop_flow(" in text and "cp.plot_layer_graph(" in text
