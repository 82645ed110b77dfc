"""Keep the chapters' MyST readable in JupyterLab (jupyterlab-myst) and give every route the web's numbers.

Usage:  python tools/myst_sync.py            rewrite the chapters in place (what /work/notes → conventions say)
        python tools/myst_sync.py --check    change nothing; list what is stale and exit 1 if anything is

jupyterlab-myst renders one notebook at a time: it cannot number equations as Sphinx does (it would number
unlabelled displays too), it knows nothing about other chapters, the glossary or the figures that myst-nb makes
from cell metadata, and its KaTeX does not carry a ``$\\newcommand$`` from one cell to the next.  So, in every
chapter of _toc.yml, this script

* writes the header cell (cell 0, tagged ``remove-cell``): a MyST front-matter block with the ``\\vect``/``\\mat``
  macros of ``_config.yml`` and the chapter's number for exercises (equation numbering off: see below);
* collapses the Colab install cell (cell 1) for JupyterLab readers (``"jupyter": {"source_hidden": true}``);
* gives every ``{eq}`` role the web's number as its title, {eq}`(4.3) <eq-delta-hidden>` (Sphinx ignores the
  title and computes the number itself; JupyterLab shows the title);
* turns ``{numref}`fig-…``` into ``[Fig. 5.2](#fig-…)`` with the web's number, ``{doc}`x``` into
  ``[Title](x.ipynb)``, and gives an untitled ``{ref}`` to another chapter's exercise the title "Exercise 2.4".

The numbers are those Sphinx gives with ``numfig``, ``math_numfig`` and ``numfig_secnum_depth: 1``: chapter
number (the order of the numbered part of _toc.yml) dot the count of labelled displays / figures / exercises.
``numbering()`` is shared with tools/colab_edition.py.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from toc import ROOT  # noqa: E402

EQ_LABEL = re.compile(r"^[ \t]*\$\$[ \t]*\((?P<label>[^)\s]+)\)[ \t]*$", re.M)
EXERCISE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{exercise\}[^\n]*\n(?P<opts>(?::[\w-]+:[^\n]*\n)*)", re.M)
FIGURE_DIRECTIVE = re.compile(r"^(?::{3,}|`{3,})\{figure\}[^\n]*\n(?P<opts>(?::[\w-]+:[^\n]*\n)*)", re.M)
SECTION_TARGET = re.compile(r"^\((?P<label>[\w:-]+)\)=[ \t]*$", re.M)
ROLE = re.compile(r"\{(?P<role>eq|numref|doc|ref|term)\}`(?P<body>[^`]*)`")


def split_role(body: str) -> tuple[str | None, str]:
    """``title <target>`` → (title, target); ``target`` → (None, target)."""
    m = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", body.strip())
    if m and m.group(1):
        return m.group(1), m.group(2).strip()
    return None, body.strip()


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _on_page(cell) -> bool:
    return "remove-cell" not in _tags(cell)


def toc_chapters(book_dir: Path = ROOT) -> list[tuple[str, int | None]]:
    """(docname, chapter number or None) for every page of _toc.yml, in reading order."""
    toc = yaml.safe_load((Path(book_dir) / "_toc.yml").read_text())
    out: list[tuple[str, int | None]] = [(toc["root"], None)]

    def walk(entries, numbered, counter):
        for entry in entries or []:
            if "file" in entry:
                if numbered:
                    counter[0] += 1
                out.append((re.sub(r"\.(md|ipynb)$", "", entry["file"]), counter[0] if numbered else None))

    counter = [0]
    walk(toc.get("chapters"), bool(toc.get("numbered")), counter)
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"), bool(part.get("numbered")), counter)
    return out


@dataclass
class Numbers:
    """Everything a cross-reference can point at, book-wide, with the web's numbers."""

    chapter: dict[str, int | None] = field(default_factory=dict)  # docname -> chapter number
    title: dict[str, str] = field(default_factory=dict)  # docname -> title
    equation: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (docname, "4.3")
    figure: dict[str, tuple[str, str]] = field(default_factory=dict)
    exercise: dict[str, tuple[str, str]] = field(default_factory=dict)
    section: dict[str, str] = field(default_factory=dict)  # label -> docname

    def where(self, label: str) -> str | None:
        for table in (self.equation, self.figure, self.exercise):
            if label in table:
                return table[label][0]
        return self.section.get(label)


def _number(chapter: int | None, k: int) -> str:
    return f"{chapter}.{k}" if chapter is not None else str(k)


def numbering(book_dir: Path = ROOT) -> Numbers:
    nums = Numbers()
    for docname, chapter in toc_chapters(book_dir):
        nums.chapter[docname] = chapter
        path = Path(book_dir) / f"{docname}.ipynb"
        if not path.exists():
            md = Path(book_dir) / f"{docname}.md"
            if md.exists():
                title = re.search(r"^# (.+)$", md.read_text(), re.M)
                nums.title[docname] = title.group(1).strip() if title else docname
                for m in SECTION_TARGET.finditer(md.read_text()):
                    nums.section[m.group("label")] = docname
            continue
        nb = nbformat.read(path, as_version=4)
        eq = fig = ex = 0
        for cell in nb.cells:
            if not _on_page(cell):
                continue
            src = cell.source
            if cell.cell_type == "markdown":
                if docname not in nums.title:
                    title = re.search(r"^# (.+)$", src, re.M)
                    if title:
                        nums.title[docname] = title.group(1).strip()
                events = []
                events += [(m.start(), "eq", m.group("label")) for m in EQ_LABEL.finditer(src)]
                for m in EXERCISE.finditer(src):
                    label = re.search(r"^:label:\s*(\S+)", m.group("opts"), re.M)
                    events.append((m.start(), "ex", label.group(1) if label else None))
                for m in FIGURE_DIRECTIVE.finditer(src):
                    name = re.search(r"^:name:\s*(\S+)", m.group("opts"), re.M)
                    events.append((m.start(), "fig", name.group(1) if name else None))
                for m in SECTION_TARGET.finditer(src):
                    nums.section[m.group("label")] = docname
                for _, kind, label in sorted(events, key=lambda e: e[0]):
                    if kind == "eq":
                        eq += 1
                        nums.equation[label] = (docname, _number(chapter, eq))
                    elif kind == "ex":
                        ex += 1
                        if label:
                            nums.exercise[label] = (docname, _number(chapter, ex))
                    else:
                        fig += 1
                        if label:
                            nums.figure[label] = (docname, _number(chapter, fig))
            elif cell.cell_type == "code":
                name = cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
                if name:
                    fig += 1
                    nums.figure[name] = (docname, _number(chapter, fig))
        nums.title.setdefault(docname, docname)
    return nums


def tex_macros(book_dir: Path = ROOT) -> dict[str, tuple[str, int]]:
    """The MathJax macros that _config.yml defines for the web: name -> (body, number of arguments)."""
    config = yaml.safe_load((Path(book_dir) / "_config.yml").read_text())
    macros = config["sphinx"]["config"]["mathjax3_config"]["tex"]["macros"]
    out = {}
    for name, value in macros.items():
        body, nargs = (value[0], int(value[1])) if isinstance(value, list) else (value, 0)
        out[name] = (body, nargs)
    return out


def header_source(docname: str, book_dir: Path = ROOT) -> str:
    """Cell 0 of a chapter: MyST front matter for jupyterlab-myst (macros; exercise numbers; no eq numbers)."""
    chapter = dict(toc_chapters(book_dir)).get(docname)
    lines = ["---", "math:"]
    for name, (body, _) in tex_macros(book_dir).items():
        lines.append(f"  '\\{name}': '{body}'")
    lines += ["numbering:", "  equation: false"]
    if chapter is not None:
        lines += ["  exercise:", f"    enumerator: '{chapter}.%s'"]
    lines.append("---")
    return "\n".join(lines)


def _relative_link(target_doc: str, from_doc: str) -> str:
    suffix = ".ipynb" if (ROOT / f"{target_doc}.ipynb").exists() else ".md"
    rel = Path(target_doc + suffix)
    base = Path(from_doc).parent
    try:
        return str(rel.relative_to(base))
    except ValueError:
        return str(rel)


def rewrite_roles(src: str, docname: str, nums: Numbers) -> str:
    """The cell source with eq/numref/doc/ref roles written so that jupyterlab-myst reads them well."""

    def replace(m: re.Match) -> str:
        role, body = m.group("role"), m.group("body")
        title, target = split_role(body)
        if role == "eq" and target in nums.equation:
            return f"{{eq}}`({nums.equation[target][1]}) <{target}>`"
        if role == "numref" and target in nums.figure:
            return f"[Fig. {nums.figure[target][1]}](#{target})"
        if role == "numref" and target in nums.exercise:
            return f"{{ref}}`Exercise {nums.exercise[target][1]} <{target}>`"
        if role == "doc":
            target_doc = str(Path(docname).parent / target) if not target.startswith("/") else target[1:]
            text = title or nums.title.get(target_doc, target)
            return f"[{text}]({_relative_link(target_doc, docname)})"
        if role == "ref" and title is None and target in nums.exercise and nums.exercise[target][0] != docname:
            return f"{{ref}}`Exercise {nums.exercise[target][1]} <{target}>`"
        return m.group(0)

    return ROLE.sub(replace, src)


CHECK_CALL = re.compile(r"^\s*check_\w+\(", re.M)


def is_check_cell(cell) -> bool:
    """A learner-facing check under an exercise (``check_…(my_fn)``), or a code cell tagged ``check``."""
    tags = _tags(cell)
    if cell.cell_type != "code" or "solution" in tags or "starter" in tags:
        return False
    return "check" in tags or bool(CHECK_CALL.search(cell.source))


def sync_code_cell(cell) -> str:
    """Solution code: collapsed in JupyterLab, its output hidden with it on the web (``hide-cell``).
    Check cells: tagged ``check``; the web hides their output, which depends on the solution, and nbval does
    not compare it (the stored output is the check run on the starter code: tools/refresh_outputs.py)."""
    tags = _tags(cell)
    what = []
    if "solution" in tags:
        new = ["hide-cell" if t == "hide-input" else t for t in tags]
        if "hide-cell" not in new and "remove-cell" not in new:
            new.append("hide-cell")
        if new != tags:
            cell.metadata["tags"] = new
            what.append("solution code: hide-cell")
        jupyter = cell.metadata.setdefault("jupyter", {})
        if jupyter.get("source_hidden") is not True or jupyter.get("outputs_hidden") is not True:
            jupyter.update(source_hidden=True, outputs_hidden=True)
            what.append("solution code collapsed in JupyterLab")
    elif is_check_cell(cell):
        new = tags + [t for t in ("check", "remove-output", "nbval-ignore-output") if t not in tags]
        if new != tags:
            cell.metadata["tags"] = new
            what.append("check cell tags")
    return ", ".join(what)


def sync_notebook(path: Path, docname: str, nums: Numbers) -> tuple[nbformat.NotebookNode, list[str]]:
    """The notebook as it should be, and a list of what differed."""
    nb = nbformat.read(path, as_version=4)
    changes = []
    header = header_source(docname)
    first = nb.cells[0]
    if first.cell_type != "markdown" or first.source != header or "remove-cell" not in _tags(first):
        changes.append("header cell (front matter)")
        if first.cell_type == "markdown" and "remove-cell" in _tags(first):
            first.source = header
        else:
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(header, metadata={"tags": ["remove-cell"]}))
    install = nb.cells[1]
    if install.cell_type == "code" and "google.colab" in install.source:
        if install.metadata.get("jupyter", {}).get("source_hidden") is not True:
            changes.append("install cell not collapsed")
            install.metadata.setdefault("jupyter", {})["source_hidden"] = True
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and i > 1:
            what = sync_code_cell(cell)
            if what:
                changes.append(f"cell {i}: {what}")
        if cell.cell_type != "markdown" or i == 0:
            continue
        new = rewrite_roles(cell.source, docname, nums)
        if new != cell.source:
            old_roles = set(ROLE.findall(cell.source)) - set(ROLE.findall(new))
            changes.append(f"cell {i}: " + ", ".join(f"{{{r}}}`{b}`" for r, b in sorted(old_roles))[:300])
            cell.source = new
    return nb, changes


def stale(book_dir: Path = ROOT) -> dict[str, list[str]]:
    nums = numbering(book_dir)
    out = {}
    for docname, _ in toc_chapters(book_dir):
        path = Path(book_dir) / f"{docname}.ipynb"
        if path.exists():
            _, changes = sync_notebook(path, docname, nums)
            if changes:
                out[docname] = changes
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    nums = numbering()
    bad = 0
    for docname, _ in toc_chapters():
        path = ROOT / f"{docname}.ipynb"
        if not path.exists():
            continue
        nb, changes = sync_notebook(path, docname, nums)
        if not changes:
            continue
        bad += 1
        print(f"{docname}: {len(changes)} change(s)" + ("" if check else " written"))
        for change in changes:
            print("   ", change)
        if not check:
            nbformat.write(nb, path)
    if check and bad:
        print("run `python tools/myst_sync.py` to bring them up to date")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
