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
