"""The licences under every page of the built book, as a reader sees them (needs `make book`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from toc import toc_pages  # noqa: E402

HTML = ROOT / "_build" / "html"


@pytest.mark.parametrize("docname", toc_pages())
def test_every_page_carries_the_licence_footer(docname):
    page = HTML / f"{docname}.html"
    if not page.exists():
        pytest.fail(f"no built page {page}: run `make book` first")
    html = page.read_text()
    footer = html[html.index('class="licence-footer"') :]
    footer = footer[: footer.index("</p>")]
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in footer and "CC BY 4.0" in footer
    assert "MIT licence" in footer and "CITATION.cff" in footer


@pytest.mark.parametrize("width", [390, 1280])
def test_the_footer_is_visible_and_readable(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, service_workers="block")
    context.route(
        "**/*", lambda route: route.abort() if not route.request.url.startswith(site.url) else route.continue_()
    )
    page = context.new_page()
    page.goto(site.url + "book/intro.html", wait_until="load")
    footer = page.locator(".licence-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    box = footer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box  # within the screen, no sideways scroll
    assert "CC BY 4.0" in footer.inner_text() and "MIT licence" in footer.inner_text()
    context.close()
