"""The book's pages in reading order, read from _toc.yml (format: jb-book)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_pages(book_dir: Path = ROOT) -> list[str]:
    """Docnames (paths without suffix, e.g. ``book/loss``) in table-of-contents order."""
    toc = yaml.safe_load((Path(book_dir) / "_toc.yml").read_text())
    out = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                out.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return [re.sub(r"\.(md|ipynb|rst)$", "", page) for page in out]


def chapters_in_toc(book_dir: Path = ROOT) -> list[Path]:
    """The notebooks among the pages, in reading order."""
    notebooks = [Path(book_dir) / f"{page}.ipynb" for page in toc_pages(book_dir)]
    return [path for path in notebooks if path.exists()]
