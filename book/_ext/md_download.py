"""A ".md" entry in every chapter's download menu, next to ".ipynb".

At the end of the build each chapter notebook is also written as a MyST Markdown
notebook (the text format Jupyter Book and jupytext read: markdown as it is, code in
``{code-cell}`` blocks, outputs left out), at ``_sources/<chapter>.md`` beside the
``.ipynb`` the theme already offers.
"""

from __future__ import annotations

import json
from pathlib import Path

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def notebook_to_myst(nb: dict) -> str:
    """MyST Markdown notebook text for a notebook (dict as read from .ipynb)."""
    parts = [FRONT_MATTER]
    for cell in nb["cells"]:
        source = "".join(cell["source"]).rstrip("\n")
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code":
            options = f":tags: [{', '.join(tags)}]\n\n" if tags else ""
            parts.append(f"```{{code-cell}} ipython3\n{options}{source}\n```\n")
        else:
            marker = "+++" + (f" {json.dumps({'tags': tags}, ensure_ascii=False)}" if tags else "")
            parts.append(f"{marker}\n\n{source}\n")
    return "\n".join(parts)


def _add_button(app, pagename, templatename, context, doctree):
    if context.get("page_source_suffix") != ".ipynb":
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            url = f"{context['pathto']('_sources', 1)}/{pagename}.md"
            group["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": url,
                    "text": ".md",
                    "icon": "fas fa-file-lines",
                    "tooltip": "Download as MyST Markdown",
                    "label": "download-md-button",
                },
            )


def _write_markdown(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for docname in app.env.found_docs:
        source = Path(app.env.doc2path(docname))
        if source.suffix == ".ipynb":
            target = Path(app.outdir) / "_sources" / f"{docname}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(notebook_to_myst(json.loads(source.read_text())), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _add_button, priority=502)  # after the theme builds its menu (501)
    app.connect("build-finished", _write_markdown)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
