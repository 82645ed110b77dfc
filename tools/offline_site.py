"""Serve the built book offline: answer CDN requests from local npm packages.

Used by the browser tests (tests/browser) and the PDF command (tools/make_pdf.py).
The built pages load MathJax, require.js and the widget manager from jsDelivr;
here every such request is answered from ``tools/assets/node_modules`` (installed by
``tools/install_assets.sh``), so nothing is downloaded while testing or printing.

Reusable helpers (no pytest dependency):
  * ``SiteServer``      - threaded http.server on 127.0.0.1:<free port> for _build/html
  * ``CdnRouter``       - Playwright route handler: CDN URL -> file in node_modules
  * ``toc_pages``       - page names in _toc.yml order (jb-book format)
  * ``wait_for_mathjax``- wait until MathJax 3 finished typesetting
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

# CDN URLs that are not plain npm-file URLs -> (npm package, file inside it, byte-identical?)
EXPLICIT = {
    # myst-nb 1.4.0 default; cdnjs' minified file is NOT in the npm package, so the
    # SRI hash (sha256-Ae2Vz/...) will not match -> needs strip_integrity=True
    "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js":
        ("requirejs", "require.js", False),
}


ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
NODE_MODULES = ROOT / "tools" / "assets" / "node_modules"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


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

    def __init__(self, node_modules: Path, strip_integrity: bool = False):
        self.nm = Path(node_modules)
        self.strip_integrity = strip_integrity
        self.served: dict[str, str] = {}     # url -> local file
        self.unmapped: list[str] = []         # external urls we could not answer
        self.problems: list[str] = []         # version mismatches etc.

    # -- mapping -----------------------------------------------------------
    def _pkg_version(self, pkg: str) -> str | None:
        pj = self.nm / pkg / "package.json"
        return json.loads(pj.read_text())["version"] if pj.exists() else None

    def local_file(self, url: str) -> Path | None:
        url = url.split("?", 1)[0].split("#", 1)[0]
        if url in EXPLICIT:
            pkg, rel, _ = EXPLICIT[url]
            return self.nm / pkg / rel
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
            if self.strip_integrity and req.resource_type == "document":
                resp = route.fetch()
                body = re.sub(r'\sintegrity="[^"]*"', "", resp.text())
                return route.fulfill(response=resp, body=body)
            return route.continue_()
        path = self.local_file(req.url)
        if path is None:
            self.unmapped.append(req.url)
            return route.abort()
        self.served[req.url] = str(path)
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return route.fulfill(
            status=200,
            body=path.read_bytes(),
            headers={"Content-Type": ctype,
                     "Access-Control-Allow-Origin": "*",   # needed: crossorigin="anonymous"
                     "Cache-Control": "no-store"},
        )


def wait_for_mathjax(page, timeout_ms: int = 30_000) -> None:
    """Block until MathJax 3 has loaded and finished its initial typeset."""
    page.wait_for_function(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
        timeout=timeout_ms)
    page.evaluate("() => MathJax.startup.promise.then(() => true)")
    page.evaluate("() => document.fonts.ready.then(() => true)")
