"""The Colab launch button opens the Colab edition, not the source chapter.

sphinx-book-theme builds every launch URL from ``repository.branch`` (main).  The Colab edition (plain
Markdown, pinned install cell: tools/colab_edition.py) is published by .github/workflows/book.yml to the
branch named by the Sphinx setting ``colab_branch`` (``sphinx: config: colab_branch:`` in _config.yml),
at the same path (``book/<chapter>.ipynb``).  This moves the Colab button's URL to that branch; Binder,
the edit and the issue buttons keep using ``main``.
"""

from __future__ import annotations


def _colab_to_branch(app, pagename, templatename, context, doctree):
    branch = app.config.colab_branch
    source = app.config.html_theme_options.get("repository_branch") or "main"
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            if button.get("text") == "Colab" and f"/blob/{source}/" in button.get("url", ""):
                button["url"] = button["url"].replace(f"/blob/{source}/", f"/blob/{branch}/", 1)


def setup(app):
    app.add_config_value("colab_branch", "colab", "html")
    # after sphinx-book-theme's add_launch_buttons (priority 501)
    app.connect("html-page-context", _colab_to_branch, priority=510)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
