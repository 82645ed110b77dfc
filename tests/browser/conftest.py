"""Fixtures for the browser tests: the built book on a local HTTP server, headless Debian Chromium,
and every CDN request (MathJax, require.js, the widget manager) answered from local npm copies."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from offline_site import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    HTML,
    SiteServer,
    missing_prerequisites,
    offline_context,
    open_book_page,
)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site():
    missing = missing_prerequisites()
    if missing:
        pytest.fail("; ".join(missing))
    with SiteServer(HTML) as server:
        yield server


@pytest.fixture(scope="session")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class OfflinePage:
    """A page plus everything that went wrong on it (errors, failed or external requests)."""

    def __init__(self, page, router, base_url):
        self.page, self.router, self.base_url = page, router, base_url
        self.page_errors, self.console_errors, self.bad_responses, self.failed_requests = [], [], [], []
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("response", lambda r: r.status >= 400 and self.bad_responses.append(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: self.failed_requests.append(f"{r.failure} {r.url}"))

    def open(self, docname: str):
        """Open a page of the book (``book/loss``) and wait until its maths and widgets are shown."""
        return open_book_page(self.page, self.base_url + docname + ".html")


@pytest.fixture
def offline_page(browser, site):
    context, router = offline_context(browser, viewport={"width": 1280, "height": 900}, service_workers="block")
    op = OfflinePage(context.new_page(), router, site.url)
    yield op
    context.close()


# --- what a reader sees, measured once per screen width and shared by test_layout and test_pdf ---------

SCREENS = {"phone": 390, "desktop": 1280}

# One pass over a page: its column, the display equations, code blocks and tables wider than their box,
# whether each of those shows that it scrolls (shadow backgrounds and a visible scrollbar), the page's
# width, the slider rows and readouts and the figures that leave the screen, and the figures a reader sees.
MEASURE_JS = """() => {
  const art = document.querySelector('article.bd-article');
  const a = art.getBoundingClientRect(), st = getComputedStyle(art);
  const column = {left: a.left + parseFloat(st.paddingLeft), right: a.right - parseFloat(st.paddingRight)};
  const shown = e => e.offsetParent !== null && e.getBoundingClientRect().width > 0;
  const label = e => ((e.closest('[id]') || {}).id || '') + ': ' + e.textContent.replace(/\\s+/g, ' ').slice(0, 50);
  const hint = e => {
    const s = getComputedStyle(e);
    return /auto|scroll/.test(s.overflowX) && (s.backgroundImage.match(/radial-gradient/g) || []).length === 2
      && /local/.test(s.backgroundAttachment)
      && getComputedStyle(e, '::-webkit-scrollbar').height !== '0px';
  };
  const eqs = [...art.querySelectorAll('mjx-container[display="true"]')].filter(shown);
  const wideEq = eqs.filter(c => {
    const m = c.querySelector(':scope > mjx-math').getBoundingClientRect();
    return m.width > c.clientWidth + 1 || c.getBoundingClientRect().right > column.right + 1;
  });
  const pres = [...art.querySelectorAll('div.highlight pre')].filter(shown);
  const widePre = pres.filter(p => p.scrollWidth > p.clientWidth + 1 || p.getBoundingClientRect().right > column.right + 1);
  const tables = [...art.querySelectorAll('table')].filter(shown);
  const wideTab = tables.filter(t => t.getBoundingClientRect().width > column.right - column.left + 1);
  const tableBoxes = wideTab.map(t => t.closest('.pst-scrollable-table-container') || t);
  const offScreen = e => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > innerWidth + 0.5; };
  const readouts = [...document.querySelectorAll('.widget-readout')].filter(shown);
  const sliders = [...document.querySelectorAll('.widget-slider')].filter(shown);
  const images = [...art.querySelectorAll('img')].filter(shown);
  return {
    column: column.right - column.left, screen: innerWidth, page: document.documentElement.scrollWidth,
    equations: eqs.length, wide_equations: wideEq.map(label),
    code_blocks: pres.length, wide_code: widePre.map(label),
    tables: tables.length, wide_tables: wideTab.map(label),
    no_hint: [...wideEq, ...widePre, ...tableBoxes].filter(e => !hint(e)).map(label),
    table_outside_its_box: tableBoxes.filter(b => b.getBoundingClientRect().right > column.right + 1).map(label),
    readouts: readouts.length, readouts_off_screen: readouts.filter(offScreen).map(label),
    sliders_off_screen: sliders.filter(offScreen).map(label),
    images: images.length, images_wider_than_column: images.filter(i => i.getBoundingClientRect().right > column.right + 1).map(i => i.alt.slice(0, 50)),
  };
}"""


@pytest.fixture(scope="session")
def seen(browser, site):
    """``seen[screen][docname]``: MEASURE_JS on every page of the book at a phone's and a desktop's width."""
    from toc import toc_pages

    out = {}
    for screen, width in SCREENS.items():
        context, _ = offline_context(browser, viewport={"width": width, "height": 900}, service_workers="block")
        page = context.new_page()
        out[screen] = {}
        for docname in toc_pages():
            open_book_page(page, site.url + docname + ".html")
            out[screen][docname] = page.evaluate(MEASURE_JS)
        context.close()
    return out
