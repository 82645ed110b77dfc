"""The built HTML, read as files: launch buttons point at notebooks that exist, every image has real
alt text, every chapter offers .ipynb and .md downloads, and the reader's buttons are there."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from offline_site import HTML, ROOT, toc_pages
from toc import chapters_in_toc

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = CONFIG["repository"]["url"].rstrip("/")
ORG_REPO = "/".join(urlsplit(REPO).path.strip("/").split("/")[:2])
CHAPTERS = [p.relative_to(ROOT).with_suffix("").as_posix() for p in chapters_in_toc()]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(docname):
    path = HTML / f"{docname}.html"
    if not path.exists():
        pytest.fail(f"no built page {path}: run `make book` first")
    parser = Tags()
    parser.feed(path.read_text())
    return parser.tags


def links(docname):
    return [attrs["href"] for tag, attrs in tags_of(docname) if tag == "a" and "href" in attrs]


@pytest.mark.parametrize("docname", CHAPTERS)
def test_launch_buttons_point_at_this_notebook(docname):
    hrefs = links(docname)
    binder = [h for h in hrefs if h.startswith("https://mybinder.org/v2/gh/")]
    colab = [h for h in hrefs if h.startswith("https://colab.research.google.com/github/")]
    assert len(binder) == 1 and len(colab) == 1, (binder, colab)
    b = urlsplit(binder[0])
    assert b.path == f"/v2/gh/{ORG_REPO}/{CONFIG['repository']['branch']}"
    urlpath = unquote(parse_qs(b.query)["urlpath"][0])
    assert urlpath.startswith("lab/tree/"), urlpath  # JupyterLab interface
    target = urlpath.removeprefix("lab/tree/")
    assert target == f"{docname}.ipynb" and (ROOT / target).exists()
    c = urlsplit(colab[0]).path
    # The Colab button opens the Colab edition, published to its own branch (book/_ext/colab_button.py).
    assert c == f"/github/{ORG_REPO}/blob/{CONFIG['sphinx']['config']['colab_branch']}/{docname}.ipynb"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_downloads_offer_the_notebook_and_markdown(docname):
    hrefs = links(docname)
    for suffix in (".ipynb", ".md"):
        href = next((h for h in hrefs if h.endswith(f"_sources/{docname}{suffix}")), None)
        assert href, f"no {suffix} download on {docname}"
        assert (HTML / "_sources" / f"{docname}{suffix}").is_file()
    text = (HTML / "_sources" / f"{docname}.md").read_text()
    assert text.startswith("---\njupytext:") and "```{code-cell} ipython3" in text


@pytest.mark.parametrize("docname", CHAPTERS)
def test_issue_and_edit_buttons_point_at_the_repository(docname):
    hrefs = links(docname)
    assert any(h.startswith(f"{REPO}/issues/new") for h in hrefs)
    assert f"{REPO}/edit/{CONFIG['repository']['branch']}/{docname}.ipynb" in hrefs


@pytest.mark.parametrize("docname", toc_pages())
def test_every_image_has_alt_text_that_describes_it(docname):
    images = [attrs for tag, attrs in tags_of(docname) if tag == "img"]
    for attrs in images:
        alt = (attrs.get("alt") or "").strip()
        src = attrs.get("src", "")
        assert alt, f"image without alt text on {docname}: {src}"
        assert not re.search(r"\.(png|jpe?g|svg|gif)\b", alt, re.I), f"file-name-like alt on {docname}: {alt!r}"
        assert not re.fullmatch(r"(image|figure|fig|plot|png|output)[\s_-]*\d*", alt, re.I), alt
        if "_images/" in src:  # the book's own figures (not the theme's button icons)
            assert len(alt.split()) >= 6, f"alt text too short to describe the figure on {docname}: {alt!r}"


def test_the_book_has_figures_to_check():
    count = sum(tag == "img" and "_images/" in attrs.get("src", "") for p in CHAPTERS for tag, attrs in tags_of(p))
    assert count >= 20, count


def test_execution_statistics_page_lists_every_chapter():
    text = (HTML / "book" / "execution.html").read_text()
    for docname in CHAPTERS:
        assert Path(docname).name in text, docname
