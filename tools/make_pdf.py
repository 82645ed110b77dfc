"""Print the built book to one PDF with headless Chromium (for offline reading and printing).

Usage:  python tools/make_pdf.py [OUT.pdf]          (default _build/pdf/book.pdf; needs `make book` first)

Each page, in table-of-contents order, is opened from a local server with its CDN files
(MathJax, the widget manager) answered from tools/assets (see offline_site.py); the
script waits until MathJax has typeset every equation, hides the theme's navigation,
wraps long code lines instead of cutting them off, prints the page with Chromium and
appends it to the PDF with a bookmark.  Sliders print at their starting position.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from offline_site import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    HTML,
    ROOT,
    SiteServer,
    missing_prerequisites,
    offline_context,
    open_book_page,
    toc_pages,
)

PRINT_CSS = """
@media print {
  .bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area,
  .bd-footer, .bd-footer-article, .bd-footer-content, .skip-link, #pst-back-to-top, .headerlink,
  .copybtn, .toggle-button, .widget-slider { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  /* wrap code instead of cutting it off at the margin */
  pre, pre code, div.highlight pre, .cell_output pre, .output pre {
    white-space: pre-wrap !important; overflow-wrap: anywhere !important; word-break: break-word !important;
    overflow: visible !important; max-height: none !important;
  }
  div.highlight, div.cell, .cell_input, .cell_output, .output, .widget-subarea {
    overflow: visible !important; max-height: none !important;
  }
  mjx-container[display="true"] { overflow: visible !important; }
  pre, div.highlight, figure, img, mjx-container[display="true"], .jupyter-widgets { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  details.dropdown { display: none !important; }   /* solutions stay hidden on paper too */
}
"""

FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center"><span class="title"></span> — '
    '<span class="pageNumber"></span>/<span class="totalPages"></span></div>'
)


def render_pdf(out: Path, browser=None) -> dict:
    """Print every page of the built book and merge them into ``out``. Returns page names and timings.

    ``browser``: a Playwright Chromium already running (the browser tests' session browser: Playwright's
    sync API allows one instance per thread); without it, one is started and closed here.
    """
    from contextlib import ExitStack

    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    missing = missing_prerequisites()
    if missing:
        raise SystemExit("; ".join(missing))
    start = time.perf_counter()
    pages, blobs, errors, cut_off = toc_pages(ROOT), [], [], {}
    with ExitStack() as stack:
        server = stack.enter_context(SiteServer(HTML))
        if browser is None:
            p = stack.enter_context(sync_playwright())
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        context, router = offline_context(browser, viewport={"width": 1100, "height": 1400}, color_scheme="light")
        stack.callback(context.close)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        for doc in pages:
            open_book_page(page, f"{server.url}{doc}.html")
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            # code blocks wider than the printed column would be cut off at the margin
            wide = page.evaluate(
                "() => Array.from(document.querySelectorAll('article pre'))"
                ".filter(p => p.scrollWidth > p.clientWidth + 1).length"
            )
            if wide:
                cut_off[doc] = wide
            blobs.append(
                page.pdf(
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
                    header_template="<span></span>",
                    footer_template=FOOTER,
                )
            )
    if errors or router.unmapped:
        raise SystemExit(f"page errors {errors} or unmapped requests {router.unmapped}")
    writer = PdfWriter()
    for doc, blob in zip(pages, blobs):
        first = len(writer.pages)
        writer.append(io.BytesIO(blob))
        writer.add_outline_item(title=doc.split("/")[-1], page_number=first)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return {"pages": pages, "seconds": round(time.perf_counter() - start, 1), "cut_off_code": cut_off}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "pdf" / "book.pdf")
    info = render_pdf(target)
    from pypdf import PdfReader

    print(f"{target}: {len(PdfReader(target).pages)} pages from {len(info['pages'])} chapters in {info['seconds']} s")
