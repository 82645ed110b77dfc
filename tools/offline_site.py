"""Serve the built book offline: answer CDN requests from local npm packages.

Used by the browser tests (tests/browser), the PDF command (tools/make_pdf.py) and the README's
pictures (tools/screenshots.py). The built pages load MathJax, require.js and the widget manager
from jsDelivr; here every such request is answered from ``tools/assets/node_modules`` (installed
by ``tools/install_assets.sh``), so nothing is downloaded while testing or printing.

Reusable helpers (no pytest dependency):
  * ``missing_prerequisites`` - what is missing before a browser can open the built book
  * ``SiteServer``      - threaded http.server on 127.0.0.1:<free port> for _build/html
  * ``CdnRouter``       - Playwright route handler: CDN URL -> file in node_modules
  * ``offline_context`` - a browser context whose every request goes through a ``CdnRouter``
  * ``open_book_page``  - open a page and wait until its maths and precomputed widgets are shown
  * ``wait_for_mathjax``- wait until MathJax 3 finished typesetting
  * ``toc_pages``       - page names in _toc.yml order (jb-book format)
"""

from __future__ import annotations

import functools
import http.server
import json
import mimetypes
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from toc import toc_pages  # noqa: F401  (re-exported for the tests and make_pdf)

mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/javascript", ".js")

LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# https://cdn.jsdelivr.net/npm/<name or @scope/name>@<version>/<path>
JSDELIVR_NPM = re.compile(r"^https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")


ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
NODE_MODULES = ROOT / "tools" / "assets" / "node_modules"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def missing_prerequisites() -> list[str]:
    """What must be done before a browser can open the built book offline (empty when ready)."""
    missing = []
    if not (HTML / "index.html").exists():
        missing.append(f"no built book at {HTML}: run `make book` first")
    if not (NODE_MODULES / ".installed").exists():
        missing.append(f"no offline assets in {NODE_MODULES}: run `make assets` first")
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} not found: install Debian's chromium package")
    return missing


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


class SiteServer:
    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class CdnRouter:
    """``context.route("**/*", router.handle)`` (sync API): every request is either local,
    answered from node_modules, or aborted and recorded in ``self.unmapped``."""

    def __init__(self, node_modules: Path):
        self.nm = Path(node_modules)
        self.unmapped: list[str] = []  # external urls we could not answer
        self.problems: list[str] = []  # version mismatches etc.

    # -- mapping -----------------------------------------------------------
    def _pkg_version(self, pkg: str) -> str | None:
        pj = self.nm / pkg / "package.json"
        return json.loads(pj.read_text())["version"] if pj.exists() else None

    def local_file(self, url: str) -> Path | None:
        url = url.split("?", 1)[0].split("#", 1)[0]
        m = JSDELIVR_NPM.match(url)
        if not m:
            return None
        pkg, want, rel = m.groups()
        want = unquote(want)
        have = self._pkg_version(pkg)
        if have is None:
            return None
        # exact pin must match; a bare major ("mathjax@3") or a ^range must match the major
        major = want.lstrip("^~").split(".")[0]
        loose = "." not in want or want[0] in "^~"
        if not (have == want or (loose and have.split(".")[0] == major)):
            self.problems.append(f"{url}: installed {pkg}@{have}, page wants {want}")
        path = self.nm / pkg / rel
        return path if path.is_file() else None

    # -- playwright handler (sync API) ----------------------------------------
    def handle(self, route):
        req = route.request
        host = urlsplit(req.url).hostname
        if req.url.startswith(("data:", "blob:")):
            return route.continue_()
        if host in LOCAL_HOSTS:
            return route.continue_()
        path = self.local_file(req.url)
        if path is None:
            self.unmapped.append(req.url)
            return route.abort()
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return route.fulfill(
            status=200,
            body=path.read_bytes(),
            headers={
                "Content-Type": ctype,
                "Access-Control-Allow-Origin": "*",  # needed: crossorigin="anonymous"
                "Cache-Control": "no-store",
            },
        )


def wait_for_mathjax(page, timeout_ms: int = 30_000) -> None:
    """Block until MathJax 3 has loaded and finished its initial typeset."""
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=timeout_ms)
    page.evaluate("() => MathJax.startup.promise.then(() => true)")
    page.evaluate("() => document.fonts.ready.then(() => true)")


def offline_context(browser, **options):
    """A new browser context (``browser.new_context(**options)``) in which every request goes through a
    ``CdnRouter``: returns ``(context, router)``; the router lists what it could not answer."""
    router = CdnRouter(NODE_MODULES)
    context = browser.new_context(**options)
    context.route("**/*", router.handle)
    return context, router


def open_book_page(page, url: str, timeout_ms: int = 30_000):
    """Open ``url`` (a page of the built book) in ``page`` and wait until a reader would see it whole:
    loaded, its equations typeset by MathJax, its precomputed widgets showing their figures. Returns page."""
    page.goto(url, wait_until="load")
    if page.evaluate("() => !!document.querySelector('script[src*=\"tex-mml-chtml\"]')"):
        wait_for_mathjax(page, timeout_ms)
    if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        page.wait_for_selector("img.widget-image", timeout=timeout_ms)
        # the widgets render after MathJax's first pass: let it typeset their labels too
        page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
    return page
