"""Print the built book as one PDF with headless Chromium: a book worth printing.

Usage:  python tools/make_pdf.py [OUT.pdf] [--instructor]
        (default _build/pdf/book.pdf; needs `make book` first; `make pdf`, `make pdf-instructor`)

What it makes:
  * a title page (title, subtitle, edition and date, the source article credited) and a table of
    contents with page numbers, chapter and section headings numbered as on the web;
  * the pages in table-of-contents order, each opened from a local server with its CDN files
    (MathJax, the widget manager) answered from tools/assets (see offline_site.py), laid out in
    print media at the A4 text width (182 mm = 688 CSS px, the desktop column's width);
  * continuous page numbers in the footer (stamped onto the merged book), bookmarks titled by
    chapter and section, and PDF metadata (Title, Author, Subject, Keywords).

On paper: the theme's navigation, the slider rows, the "Precomputed…" notes, the "Show code cell"
bars (and the code they hide) and prose marked ``web-only`` are left out; sliders print at their
starting position. The reader's edition leaves out the solutions (``div.solution``, the cells tagged
``solution`` and the "Answers" dropdowns); ``--instructor`` prints them, opened. A display equation
wider than the text width is scaled down to fit (at least to MIN_EQ_SCALE); one still wider is
reported in ``wide_equations``. Headings stay with what follows them, and a cell, code block, figure
or equation is not split across pages unless it is taller than a page.
"""

from __future__ import annotations

import datetime
import html
import io
import subprocess
import sys
import time
from pathlib import Path

import yaml

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

PAPER_MM = (210, 297)  # A4
MARGIN_MM = {"top": 16, "bottom": 18, "left": 14, "right": 14}
MM_TO_PX = 96 / 25.4
TEXT_WIDTH_PX = round((PAPER_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) * MM_TO_PX)  # 688
MIN_EQ_SCALE = 0.6
SUBTITLE = "The mathematics of a dense neural network, derived by hand and checked in code"
SUBJECT = "Feed-forward pass, loss, backpropagation and gradient descent of a dense neural network"
KEYWORDS = "neural network, backpropagation, gradient descent, cross-entropy, softmax, numpy"

PRINT_CSS = """
@media print {
  .bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area,
  .bd-footer, .bd-footer-article, .bd-footer-content, .skip-link, #pst-back-to-top, .headerlink,
  .copybtn, .toggle-button, #searchbox { display: none !important; }
  /* the theme prints its own title and page contents above each page: the book has one title page
     and one table of contents, and the chapter's own numbered heading ("3. Loss and error") */
  #jb-print-docs-body { display: none !important; }
  .bd-main .bd-content .bd-article h1:first-of-type { display: block !important; }
  .bd-main .bd-content { margin-left: 0 !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .bd-article { padding-left: 0 !important; padding-right: 0 !important; }
  /* widgets: the figure at the starting position, no slider rows, no note about precomputed sliders */
  .widget-slider, .widget-dropdown, .widget-button, .widget-toggle-buttons, .widget-checkbox,
  .static-slider .widget-html, .static-slider .widget-htmlmath { display: none !important; }
  /* hidden cells: no "Show code cell …" bars and none of the code they hide */
  details.hide, .tag_hide-cell, .tag_remove-input .cell_input { display: none !important; }
  /* wrap code instead of cutting it off at the margin */
  pre, pre code, div.highlight pre, .cell_output pre, .output pre {
    white-space: pre-wrap !important; overflow-wrap: anywhere !important; word-break: break-word !important;
    overflow: visible !important; max-height: none !important;
  }
  div.highlight, div.cell, .cell_input, .cell_output, .output, .widget-subarea {
    overflow: visible !important; max-height: none !important;
  }
  /* an equation keeps to the text width (tools/make_pdf.py scales a wide one down) */
  div.math > mjx-container[display="true"] { overflow: hidden !important; min-width: 0; background: none !important; }
  /* keep together: a cell, its code frame, a figure, an equation, a table, a box; a heading with what follows */
  div.cell, .cell_input, .cell_output, pre, div.highlight, figure, img, div.math, table, .admonition,
  .jupyter-widgets, .keep-with-next { break-inside: avoid; }
  h1, h2, h3, h4, h5 { break-after: avoid; break-inside: avoid; }
  p, li { orphans: 3; widows: 3; }
  /* the book starts each chapter on a new page (the first element of each printed page) */
}
"""

READER_CSS = """
@media print {
  /* the reader's edition: no solutions (they are div.solution, not <details>), no "Answers" */
  div.solution, .solution.dropdown, .tag_solution, div.dropdown.admonition { display: none !important; }
}
"""

INSTRUCTOR_JS = """() => {
  // the instructor's edition: every solution and answer shown, opened, without its toggle
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('.tag_solution details.hide').forEach(d => {
    d.open = true; d.classList.remove('hide'); d.style.display = 'block';
    const s = d.querySelector(':scope > summary'); if (s) s.style.display = 'none';
  });
}"""

# A heading stays with the block after it: both go into one unbreakable box (when that box is shorter
# than about half a page; a taller block may break, after at least its first lines).
KEEP_HEADINGS_JS = """() => {
  for (const h of document.querySelectorAll('article h1, article h2, article h3, article h4')) {
    let next = h.nextElementSibling;
    while (next && getComputedStyle(next).display === 'none') next = next.nextElementSibling;
    if (!next || next.getBoundingClientRect().height > 450) continue;
    const box = document.createElement('div');
    box.className = 'keep-with-next';
    h.parentNode.insertBefore(box, h);
    box.appendChild(h);
    box.appendChild(next);
  }
}"""

# Scale a display equation wider than its box down to fit (not below MIN_EQ_SCALE); return what is
# still wider than the text width afterwards.
FIT_EQUATIONS_JS = """(minScale) => {
  const boxes = [...document.querySelectorAll('article mjx-container[display="true"]')]
    .filter(c => c.offsetParent !== null);
  const width = c => c.querySelector(':scope > mjx-math').getBoundingClientRect().width;
  let scaled = 0;
  for (const c of boxes) {
    const w = width(c), room = c.clientWidth;
    if (w > room + 1) {
      const size = parseFloat(getComputedStyle(c).fontSize);
      c.style.fontSize = (size * Math.max(minScale, (room - 2) / w)) + 'px';
      scaled++;
    }
  }
  const text = document.querySelector('article').getBoundingClientRect();
  const wide = boxes.filter(c => width(c) > c.clientWidth + 1
      || c.querySelector(':scope > mjx-math').getBoundingClientRect().right > text.right + 1)
    .map(c => ((c.closest('div.math') || c).id || c.textContent).slice(0, 60));
  return {scaled, wide, total: boxes.length};
}"""

HEADINGS_JS = """() => [...document.querySelectorAll('article h1, article h2, article h3, article h4, article h5, article h6')]
  .filter(h => h.offsetParent !== null)
  .map(h => {
    const c = h.cloneNode(true);
    c.querySelectorAll('.headerlink').forEach(a => a.remove());
    // MathJax's text for an underlined vector or matrix carries the underlines as U+2015 characters
    return {level: +h.tagName[1], title: c.textContent.replace(/[\\u2015\\u203E]/g, '').replace(/\\s+/g, ' ').trim()};
  })"""

# what a reader sees as figures: visible images of the article, in print
IMAGES_JS = """() => [...document.querySelectorAll('article img')].filter(i => i.offsetParent !== null
  && i.getBoundingClientRect().width > 0).length"""


def _book_facts() -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    source = (citation.get("references") or [{}])[0]
    try:
        date = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        date = ""
    return {
        "title": config["title"],
        "author": config.get("author", ""),
        "version": str(citation.get("version", "")),
        "date": date or datetime.date.today().isoformat(),
        "source_title": source.get("title", ""),
        "source_date": str(source.get("date-published", "")),
    }


PAGE_CSS = f"""
@page {{ size: A4; margin: {MARGIN_MM["top"]}mm {MARGIN_MM["right"]}mm {MARGIN_MM["bottom"]}mm {MARGIN_MM["left"]}mm; }}
body {{ font-family: "Lato", "DejaVu Sans", sans-serif; color: #222; margin: 0; }}
"""


def title_page_html(facts: dict, instructor: bool) -> str:
    edition = "Instructor’s edition, with the solutions" if instructor else "Reader’s edition"
    version = f", version {facts['version']}" if facts["version"] else ""
    e = html.escape
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(facts["title"])}</title>
<style>{PAGE_CSS}
.title-page {{ height: 250mm; display: flex; flex-direction: column; justify-content: space-between; }}
h1 {{ font-size: 30pt; line-height: 1.15; margin: 40mm 0 6mm; font-weight: 600; }}
.subtitle {{ font-size: 15pt; color: #444; margin: 0 0 14mm; }}
.edition {{ font-size: 12pt; }}
.source {{ font-size: 10.5pt; color: #333; border-top: 1px solid #999; padding-top: 5mm; line-height: 1.5; }}
</style></head><body><div class="title-page"><div>
<h1>{e(facts["title"])}</h1>
<p class="subtitle">{e(SUBTITLE)}</p>
<p class="edition">{e(edition)}{e(version)} · {e(facts["date"])}<br>{e(facts["author"])}</p>
</div>
<div class="source">Follows the structure and notation of the article
<em>“{e(facts["source_title"])}”</em> ({e(facts["source_date"])}) and corrects its errors; every correction
is proved numerically in the book.<br>Text and figures: CC BY 4.0; code, <code>companion</code> included:
MIT licence. The online edition, with working sliders, is built from the same source.</div>
</div></body></html>"""


def toc_html(entries: list[dict], facts: dict) -> str:
    rows = []
    for entry in entries:
        cls = f"l{entry['level']}"
        number = "" if entry["page"] is None else str(entry["page"])
        rows.append(
            f'<div class="row {cls}"><span class="t">{html.escape(entry["title"])}</span>'
            f'<span class="dots"></span><span class="n">{number}</span></div>'
        )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contents</title>
<style>{PAGE_CSS}
h1 {{ font-size: 22pt; font-weight: 600; margin: 0 0 8mm; }}
.row {{ display: flex; align-items: baseline; break-inside: avoid; font-size: 10.5pt; margin: 1.2mm 0; }}
.row.l1 {{ font-weight: 600; font-size: 12pt; margin-top: 4.5mm; }}
.row.l2 {{ padding-left: 7mm; }}
.t {{ flex: 0 1 auto; }}
.dots {{ flex: 1 1 auto; border-bottom: 1px dotted #888; margin: 0 2mm; min-width: 8mm; }}
.n {{ flex: 0 0 auto; min-width: 8mm; text-align: right; }}
</style></head><body><h1>Contents</h1>{"".join(rows)}</body></html>"""


def footers_html(labels: list[str]) -> str:
    """One A4 page per label, the label at the foot: stamped onto the book's pages."""
    pages = "".join(
        f'<div class="p"><div class="f">{html.escape(label)}</div></div>' if label else '<div class="p"></div>'
        for label in labels
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0; }} body {{ margin: 0; }}
.p {{ height: 297mm; position: relative; break-after: page; overflow: hidden; }}
.f {{ position: absolute; bottom: 8mm; left: 0; right: 0; text-align: center;
      font: 8pt "DejaVu Sans", sans-serif; color: #444; }}
</style></head><body>{pages}</body></html>"""


def _flat_outline(reader) -> list[tuple[int, int]]:
    """(depth, page index) of every bookmark Chromium made from the headings, in document order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def _print(page, **extra) -> bytes:
    return page.pdf(
        format="A4",
        print_background=True,
        margin={k: f"{v}mm" for k, v in MARGIN_MM.items()},
        prefer_css_page_size=False,
        **extra,
    )


def render_pdf(out: Path, browser=None, instructor: bool = False, docs: list[str] | None = None) -> dict:
    """Print the built book into ``out`` (reader's edition, or the instructor's with ``instructor``).

    ``browser``: a Playwright Chromium already running (the browser tests' session browser: Playwright's
    sync API allows one instance per thread); without it, one is started and closed here.
    ``docs``: print only these pages of the book (default: all, in table-of-contents order).
    Returns what was measured: chapters (title, first page, page count, images seen in print, sections),
    equations scaled to fit and still wide, code blocks cut off, timings.
    """
    from contextlib import ExitStack

    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    missing = missing_prerequisites()
    if missing:
        raise SystemExit("; ".join(missing))
    start = time.perf_counter()
    facts = _book_facts()
    docs = list(docs) if docs else toc_pages(ROOT)
    chapters, errors, cut_off, wide_eqs, scaled = [], [], {}, {}, {}
    with ExitStack() as stack:
        server = stack.enter_context(SiteServer(HTML))
        if browser is None:
            p = stack.enter_context(sync_playwright())
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        # the viewport is the printed text width, so that what is measured here is what is printed
        context, router = offline_context(
            browser, viewport={"width": TEXT_WIDTH_PX, "height": 1100}, color_scheme="light"
        )
        stack.callback(context.close)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        for doc in docs:
            open_book_page(page, f"{server.url}{doc}.html")
            page.add_style_tag(content=PRINT_CSS + ("" if instructor else READER_CSS))
            if instructor:
                page.evaluate(INSTRUCTOR_JS)
            page.emulate_media(media="print")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            fit = page.evaluate(FIT_EQUATIONS_JS, MIN_EQ_SCALE)
            if fit["scaled"]:
                scaled[doc] = fit["scaled"]
            if fit["wide"]:
                wide_eqs[doc] = fit["wide"]
            page.evaluate(KEEP_HEADINGS_JS)
            # code blocks wider than the printed column would be cut off at the margin
            wide = page.evaluate(
                "() => Array.from(document.querySelectorAll('article pre'))"
                ".filter(p => p.offsetParent !== null && p.scrollWidth > p.clientWidth + 1).length"
            )
            if wide:
                cut_off[doc] = wide
            headings = page.evaluate(HEADINGS_JS)
            images = page.evaluate(IMAGES_JS)
            blob = _print(page, outline=True, tagged=True)
            reader = PdfReader(io.BytesIO(blob))
            marks = _flat_outline(reader)
            # Chromium's bookmarks give each heading's page; their titles lose spaces at line breaks,
            # so the titles come from the page itself (same headings, same order)
            if len(marks) != len(headings):
                raise SystemExit(f"{doc}: {len(marks)} bookmarks from Chromium but {len(headings)} headings")
            sections = [
                {"level": h["level"], "title": h["title"], "page": pg}
                for h, (_, pg) in zip(headings, marks)
                if h["level"] <= 2
            ]
            top = min((s["level"] for s in sections), default=1)
            title = next((s["title"] for s in sections if s["level"] == top), doc.split("/")[-1])
            chapters.append(
                {
                    "doc": doc,
                    "title": title,
                    "blob": blob,
                    "pages": len(reader.pages),
                    "images": images,
                    "sections": [s for s in sections if s["level"] > top],
                }
            )
        if errors or router.unmapped:
            raise SystemExit(f"page errors {errors} or unmapped requests {router.unmapped}")

        def print_html(markup: str) -> bytes:
            extra = context.new_page()
            extra.set_content(markup, wait_until="load")
            extra.evaluate("() => document.fonts.ready.then(() => true)")
            blob = extra.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            extra.close()
            return blob

        title_blob = print_html(title_page_html(facts, instructor))

        def entries(first_page: dict) -> list[dict]:
            rows = []
            for ch in chapters:
                base = first_page.get(ch["doc"])
                rows.append({"level": 1, "title": ch["title"], "page": base})
                for s in ch["sections"]:
                    rows.append({"level": 2, "title": s["title"], "page": None if base is None else base + s["page"]})
            return rows

        toc_pages_count = len(PdfReader(io.BytesIO(print_html(toc_html(entries({}), facts)))).pages)
        front = len(PdfReader(io.BytesIO(title_blob)).pages) + toc_pages_count
        first_page, n = {}, front + 1  # page numbers as printed: the title page is page 1
        for ch in chapters:
            first_page[ch["doc"]] = n
            ch["first_page"] = n
            n += ch["pages"]
        toc_blob = print_html(toc_html(entries(first_page), facts))
        if len(PdfReader(io.BytesIO(toc_blob)).pages) != toc_pages_count:
            raise SystemExit("the table of contents changed length once page numbers were filled in")

        writer = PdfWriter()
        writer.append(io.BytesIO(title_blob))
        writer.append(io.BytesIO(toc_blob))
        labels = [""] * front
        writer.add_outline_item(title="Contents", page_number=len(PdfReader(io.BytesIO(title_blob)).pages))
        for ch in chapters:
            first = len(writer.pages)
            writer.append(io.BytesIO(ch["blob"]), outline_item=None, import_outline=False)
            parent = writer.add_outline_item(title=ch["title"], page_number=first)
            for s in ch["sections"]:
                writer.add_outline_item(title=s["title"], page_number=first + s["page"], parent=parent)
            labels += [f"{facts['title']} — {ch['title']} — {first + k + 1}" for k in range(ch["pages"])]
        footer_reader = PdfReader(io.BytesIO(print_html(footers_html(labels))))
        for k, label in enumerate(labels):
            if label:
                writer.pages[k].merge_page(footer_reader.pages[k])
        edition = "Instructor's edition (with solutions)" if instructor else "Reader's edition"
        writer.add_metadata(
            {
                "/Title": facts["title"],
                "/Author": facts["author"],
                "/Subject": f"{SUBJECT}. {edition}.",
                "/Keywords": KEYWORDS,
                "/Creator": "tools/make_pdf.py (Jupyter Book HTML printed by Chromium)",
            }
        )
        writer.page_mode = "/UseOutlines"
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as fh:
            writer.write(fh)
    for ch in chapters:
        del ch["blob"]
    return {
        "pages": docs,
        "chapters": chapters,
        "front_pages": front,
        "seconds": round(time.perf_counter() - start, 1),
        "cut_off_code": cut_off,
        "scaled_equations": scaled,
        "wide_equations": wide_eqs,
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    instructor = "--instructor" in sys.argv[1:]
    default = "book-instructor.pdf" if instructor else "book.pdf"
    target = Path(args[0] if args else ROOT / "_build" / "pdf" / default)
    info = render_pdf(target, instructor=instructor)
    from pypdf import PdfReader

    print(
        f"{target}: {len(PdfReader(target).pages)} pages from {len(info['pages'])} pages of the book "
        f"in {info['seconds']} s; equations scaled to fit: {sum(info['scaled_equations'].values())}; "
        f"still wider than the text: {info['wide_equations'] or 'none'}; code cut off: {info['cut_off_code'] or 'none'}"
    )
