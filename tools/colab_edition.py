"""Make the Colab edition: the chapters in plain Markdown and MathJax, with a pinned install cell.

Usage:  python tools/colab_edition.py [OUTDIR]        (default OUTDIR: _build/colab; writes OUTDIR/book/*.ipynb)

Colab renders plain Markdown only, so from every chapter in _toc.yml this writes a copy in which every MyST
construct is turned into what Colab shows correctly:

* exercises and admonitions → a bold heading and the body ("**Exercise 2.3**", "**Learning objectives**");
  dropdown admonitions and solutions → ``<details>`` ("Solution to Exercise 2.3", collapsed);
* equation labels → ``\\tag{4.3}`` (the web's number); references to equations, figures, exercises, sections,
  glossary terms and other pages → Markdown links to the online book with the same numbers and texts;
* the ``\\vect``/``\\mat`` macros of ``_config.yml`` expanded, the front-matter header cell dropped;
* figure captions (myst-nb cell metadata) → an italic caption under the figure;
* the install cell installs **the companion release that matches the chapter**:
  ``companion @ git+<repository url>@v<version>`` (the version from companion/__init__.py, the URL from
  ``_config.yml``); it still does nothing outside Colab.

The workflow .github/workflows/book.yml publishes this folder to the ``colab`` branch on every release tag;
the Colab launch button of the web book opens ``book/<chapter>.ipynb`` on that branch.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from myst_sync import ROLE, Numbers, numbering, split_role, tex_macros, toc_chapters  # noqa: E402

from toc import ROOT  # noqa: E402

COLAB_BRANCH = "colab"
OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
PLAIN_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?!\{)")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
ADMONITION_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "seealso": "See also",
}


def config(book_dir: Path = ROOT) -> dict:
    return yaml.safe_load((Path(book_dir) / "_config.yml").read_text())


def repository_url(book_dir: Path = ROOT) -> str:
    return config(book_dir)["repository"]["url"].rstrip("/")


def online_url(book_dir: Path = ROOT) -> str:
    """Where the workflow publishes the HTML: GitHub Pages of the repository (html.baseurl if set)."""
    base = (config(book_dir).get("html") or {}).get("baseurl")
    if base:
        return base.rstrip("/") + "/"
    org, repo = repository_url(book_dir).split("/")[-2:]
    return f"https://{org.lower()}.github.io/{repo}/"


def colab_url(docname: str, book_dir: Path = ROOT) -> str:
    org, repo = repository_url(book_dir).split("/")[-2:]
    return f"https://colab.research.google.com/github/{org}/{repo}/blob/{COLAB_BRANCH}/{docname}.ipynb"


def companion_version(book_dir: Path = ROOT) -> str:
    text = (Path(book_dir) / "companion" / "__init__.py").read_text()
    return re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M).group(1)


def install_source(book_dir: Path = ROOT) -> str:
    version = companion_version(book_dir)
    return (
        "#@title Install companion (Colab only)\n"
        f"# Colab has no `companion`: install release v{version}, the one this chapter was written for.\n"
        "# (Outside Colab this cell does nothing.)\n"
        "import sys\n"
        'if "google.colab" in sys.modules:\n'
        f'    %pip install --quiet "companion @ git+{repository_url(book_dir)}@v{version}"'
    )


def expand_macros(text: str, macros: dict[str, tuple[str, int]]) -> str:
    """Replace ``\\name{arg}`` by the macro's body, braces balanced, innermost first if nested."""
    for _ in range(10):
        changed = False
        for name, (body, nargs) in macros.items():
            out, i = [], 0
            pattern = re.compile(r"\\" + re.escape(name) + r"(?![A-Za-z])")
            while True:
                m = pattern.search(text, i)
                if not m:
                    out.append(text[i:])
                    break
                out.append(text[i : m.start()])
                j, args = m.end(), []
                for _ in range(nargs):
                    while j < len(text) and text[j] in " \t":
                        j += 1
                    if j < len(text) and text[j] == "{":
                        depth, k = 0, j
                        while k < len(text):
                            depth += {"{": 1, "}": -1}.get(text[k], 0)
                            if depth == 0:
                                break
                            k += 1
                        args.append(text[j + 1 : k])
                        j = k + 1
                    elif j < len(text):
                        args.append(text[j])
                        j += 1
                expanded = body
                for n, arg in enumerate(args, 1):
                    expanded = expanded.replace(f"#{n}", arg)
                out.append(expanded)
                i = j
                changed = True
            text = "".join(out)
        if not changed:
            break
    return text


class Converter:
    """MyST Markdown of one chapter → plain Markdown for Colab."""

    def __init__(self, docname: str, nums: Numbers, book_dir: Path = ROOT):
        self.docname = docname
        self.nums = nums
        self.online = online_url(book_dir)
        self.macros = tex_macros(book_dir)
        self.book_dir = Path(book_dir)
        self.headings = self._section_titles()

    # --- links
    def page(self, docname: str, anchor: str = "") -> str:
        return f"{self.online}{docname}.html" + (f"#{anchor}" if anchor else "")

    def _section_titles(self) -> dict[str, str]:
        titles = {}
        for docname, _ in toc_chapters(self.book_dir):
            for suffix in (".ipynb", ".md"):
                path = self.book_dir / f"{docname}{suffix}"
                if not path.exists():
                    continue
                if suffix == ".ipynb":
                    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
                else:
                    text = path.read_text()
                for m in re.finditer(r"^\(([\w:-]+)\)=[ \t]*\n+#+ (.+)$", text, re.M):
                    titles[m.group(1)] = m.group(2).strip()
        return titles

    @staticmethod
    def anchor(label: str) -> str:
        """The HTML id docutils makes from a label (lower case, runs of other characters → one hyphen)."""
        return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")

    def role(self, m: re.Match) -> str:
        role, body = m.group("role"), m.group("body")
        title, target = split_role(body)
        nums = self.nums
        if role == "eq":
            doc, number = nums.equation[target]
            return f"[({number})]({self.page(doc, 'equation-' + self.anchor(target))})"
        if role == "numref" and target in nums.exercise:
            doc, number = nums.exercise[target]
            return f"[Exercise {number}]({self.page(doc, self.anchor(target))})"
        if role == "numref":
            doc, number = nums.figure[target]
            text = (title or "Fig. {number}").replace("{number}", number).replace("%s", number)
            return f"[{text}]({self.page(doc, self.anchor(target))})"
        if role == "term":
            text = title or target
            anchor = "term-" + (target if re.fullmatch(r"[A-Za-z][\w-]*", target) else self.anchor(target))
            return f"[{text}]({self.page('book/glossary', anchor)})"
        if role == "doc":
            doc = str(Path(self.docname).parent / target)
            return f"[{title or nums.title.get(doc, target)}]({self.page(doc)})"
        if role == "ref":
            doc = nums.where(target) or self.docname
            if title is None:
                if target in nums.exercise:
                    title = f"Exercise {nums.exercise[target][1]}"
                else:
                    title = self.headings.get(target, target)
            return f"[{title}]({self.page(doc, self.anchor(target))})"
        raise ValueError(f"{self.docname}: no Colab form for the role {{{role}}}")

    def inline(self, text: str) -> str:
        for m in re.finditer(r"\{([a-z][\w:-]*)\}`", text):
            if m.group(1) not in ("eq", "numref", "doc", "ref", "term"):
                raise ValueError(f"{self.docname}: no Colab form for the role {{{m.group(1)}}}")
        text = ROLE.sub(self.role, text)

        def link(m: re.Match) -> str:
            label, href = m.group(1), m.group(2)
            if href.startswith("#"):
                doc = self.nums.where(href[1:]) or self.docname
                return f"[{label}]({self.page(doc, self.anchor(href[1:]))})"
            if re.match(r"^[\w./-]+\.ipynb(#.*)?$", href):
                doc = str(Path(self.docname).parent / href.split("#")[0])[: -len(".ipynb")]
                return f"[{label}]({colab_url(doc, self.book_dir)})"
            if re.match(r"^[\w./-]+\.md(#.*)?$", href):
                doc = str(Path(self.docname).parent / href.split("#")[0])[: -len(".md")]
                return f"[{label}]({self.page(doc)})"
            return m.group(0)

        text = re.sub(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)", link, text)
        text = re.sub(r"^\(([\w:-]+)\)=[ \t]*\n", "", text, flags=re.M)

        def tag(m: re.Match) -> str:
            label = m.group("label")
            number = self.nums.equation.get(label, (None, None))[1]
            indent = m.group("indent")
            return f"{indent}\\tag{{{number}}}\n{indent}$$" if number else f"{indent}$$"

        text = re.sub(r"^(?P<indent>[ \t]*)\$\$[ \t]*\((?P<label>[^)\s]+)\)[ \t]*$", tag, text, flags=re.M)
        return expand_macros(text, self.macros)

    # --- blocks
    def convert(self, text: str) -> str:
        lines = text.split("\n")
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            plain = PLAIN_FENCE.match(line)
            if plain:
                j = i + 1
                while j < len(lines) and not lines[j].startswith(plain.group("fence")):
                    j += 1
                out.extend(lines[i : j + 1])
                i = j + 1
                continue
            m = OPEN.match(line)
            if not m:
                out.append(line)
                i += 1
                continue
            fence = m.group("fence")
            j = i + 1
            options = {}
            while j < len(lines) and OPTION.match(lines[j]):
                o = OPTION.match(lines[j])
                options[o.group("key")] = o.group("value").strip()
                j += 1
            body_start = j
            closing = re.compile("^" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
            while j < len(lines) and not closing.match(lines[j]):
                j += 1
            body = self.convert("\n".join(lines[body_start:j]).strip("\n"))
            out.append(self.directive(m.group("name"), m.group("arg").strip(), options, body))
            i = j + 1
        return "\n".join(out)

    def directive(self, name: str, arg: str, options: dict, body: str) -> str:
        dropdown = "dropdown" in options.get("class", "").split()
        if name == "exercise":
            label = options.get("label")
            number = self.nums.exercise.get(label, (None, "?"))[1] if label else ""
            heading = f"**Exercise {number}**" + (f" ({self.inline(arg)})" if arg else "")
            return f"{heading}\n\n{body}"
        if name == "solution":
            number = self.nums.exercise.get(arg, (None, "?"))[1]
            return self.details(f"Solution to Exercise {number}", body)
        if name in ("admonition", *ADMONITION_TITLES):
            title = self.inline(arg) if name == "admonition" else ADMONITION_TITLES[name]
            if dropdown:
                return self.details(title, body)
            return f"**{title}**\n\n{body}"
        if name == "figure":
            caption = body
            return f"![{options.get('alt', caption)}]({arg})\n\n*{caption}*"
        if name == "math":
            return f"$$\n{body}\n$$"
        if name == "div":
            # web-only (screens, e.g. "the sliders below"): Colab is a screen, keep it; print-only: drop it.
            return "" if "print-only" in arg.split() + options.get("class", "").split() else body
        raise ValueError(f"{self.docname}: no Colab form for the directive {{{name}}}")

    @staticmethod
    def details(summary: str, body: str) -> str:
        # A blank line after <summary> and before </details>: Colab renders the Markdown inside.
        return f"<details>\n<summary><b>{summary}</b></summary>\n\n{body}\n\n</details>"

    def markdown(self, text: str) -> str:
        return self.inline(self.convert(text))


def colab_notebook(nb, docname: str, nums: Numbers, book_dir: Path = ROOT):
    """The Colab edition of one chapter (a new notebook; ``nb`` is not modified)."""
    nb = copy.deepcopy(nbformat.from_dict(nb))
    conv = Converter(docname, nums, book_dir)
    macros = tex_macros(book_dir)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = list(cell.metadata.get("tags", []))
        if index == 0 and cell.cell_type == "markdown" and "remove-cell" in tags and cell.source.startswith("---"):
            continue  # the front matter for jupyterlab-myst
        if cell.cell_type == "markdown":
            cell.source = conv.markdown(cell.source)
            cells.append(cell)
            continue
        if cell.cell_type == "code" and "google.colab" in cell.source and index <= 2:
            cell.source = install_source(book_dir)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("jupyter", None)
            cell.metadata["cellView"] = "form"
            cells.append(cell)
            continue
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                for mime in ("text/markdown", "text/latex", "text/html"):
                    if mime in data:
                        text = data[mime] if isinstance(data[mime], str) else "".join(data[mime])
                        data[mime] = expand_macros(text, macros)
        cells.append(cell)
        caption = cell.metadata.get("mystnb", {}).get("figure", {}).get("caption")
        name = cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
        if caption and name in nums.figure:
            text = f"*Fig. {nums.figure[name][1]}: {conv.inline(caption)}*"
            caption_cell = nbformat.v4.new_markdown_cell(text, metadata={"tags": ["colab-caption"]})
            caption_cell["id"] = f"caption-{name}"[:64]
            cells.append(caption_cell)
    nb.cells = cells
    nb.metadata["colab"] = {"provenance": [], "toc_visible": True}
    nb.metadata.pop("jupytext", None)
    return nb


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else ROOT / "_build" / "colab"
    nums = numbering()
    written = 0
    for docname, _ in toc_chapters():
        path = ROOT / f"{docname}.ipynb"
        if not path.exists():
            continue
        nb = colab_notebook(nbformat.read(path, as_version=4), docname, nums)
        target = out / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written += 1
    print(f"{written} chapters written to {out / 'book'} (companion v{companion_version()}, {online_url()})")


if __name__ == "__main__":
    main(sys.argv[1:])
