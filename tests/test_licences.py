"""Licences and citation: the files exist, agree with each other, and the built book shows them."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = CONFIG["repository"]["url"].rstrip("/")


def test_code_licence_is_mit_as_pyproject_says():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"


def test_content_licence_is_cc_by_and_names_what_it_covers():
    text = (ROOT / "LICENSE-CONTENT.md").read_text()
    assert "Creative Commons Attribution 4.0 International" in text
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    assert "The (detailled) mathematics behind neural networks" in text and "2019-12-17" in text
    assert "[`LICENSE`](LICENSE)" in text and REPO in text


def test_citation_file_is_valid_cff_and_agrees_with_the_repository():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "license", "repository-code", "preferred-citation"):
        assert cff[key], key
    assert cff["title"] == CONFIG["title"] == cff["preferred-citation"]["title"]
    assert set(cff["license"]) == {"CC-BY-4.0", "MIT"}
    assert cff["repository-code"] == REPO == cff["preferred-citation"]["url"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"].get("version")
    if version:
        assert cff["version"] == version
    article = cff["references"][0]
    assert article["title"] == "The (detailled) mathematics behind neural networks"
    assert str(article["date-published"]) == "2019-12-17"


def test_footer_names_both_licences_with_links_to_this_repository():
    footer = CONFIG["html"]["extra_footer"]
    assert "CC BY 4.0" in footer and "MIT" in footer and "CITATION.cff" in footer
    links = re.findall(r'href="([^"]+)"', footer)
    assert "https://creativecommons.org/licenses/by/4.0/" in links
    ours = [link for link in links if "github.com" in link]
    assert ours and all(link.startswith(REPO + "/blob/") for link in ours), (
        "the footer's links must follow `repository: url` in _config.yml"
    )
    for link in ours:
        assert (ROOT / link.rsplit("/", 1)[-1]).is_file(), link


def test_readme_states_the_licences_and_credits_the_article():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Licences and citation") :]
    assert "CC BY 4.0" in section and "MIT" in section and "CITATION.cff" in section
    assert "The (detailled) mathematics behind neural networks" in readme and "2019-12-17" in readme


@pytest.mark.skipif(not (ROOT / "_build" / "html" / "index.html").exists(), reason="needs `make book` first")
def test_every_built_page_shows_the_licences():
    sys.path.insert(0, str(ROOT / "tools"))
    from toc import toc_pages

    pages = [ROOT / "_build" / "html" / f"{docname}.html" for docname in toc_pages()]
    assert pages
    for page in pages:
        html = page.read_text(errors="ignore")
        assert 'class="licence-footer"' in html and "CC BY 4.0" in html and "licenses/by/4.0" in html, page
