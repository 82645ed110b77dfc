"""The README's pictures: the live explorer in JupyterLab, a static slider page of the built book, the
book on a phone (390 px) and a page of the PDF.

Usage:  python tools/screenshots.py [explorer] [slider] [phone] [pdf]     (default: all four;
        needs `make book`, `make assets` and /usr/bin/chromium; `pdf` uses _build/pdf/book.pdf, run `make pdf`)

Starts a local JupyterLab on a scratch notebook that shows the explorer, runs it, moves a slider
and photographs the result; then opens the built backprop chapter offline and photographs its
learning-rate slider after moving it.  Writes book/_static/readme/*.png.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from offline_site import CHROMIUM, CHROMIUM_ARGS, HTML, ROOT, SiteServer, offline_context, open_book_page  # noqa: E402

OUT = ROOT / "book" / "_static" / "readme"
EXPLORER_CELL = "from companion import widgets as nnw\nnnw.explorer()"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_explorer(browser):
    work = Path(tempfile.mkdtemp())
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": EXPLORER_CELL}
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = {"cells": [cell], "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}
    (work / "explorer.ipynb").write_text(json.dumps(nb))
    port = free_port()
    lab_options = [f"--port={port}", f"--ServerApp.root_dir={work}", "--no-browser", "--allow-root"]
    lab_options += ["--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.news_url="]
    lab_options += ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", *lab_options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COMPANION_WIDGETS": "live"},
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/lab/tree/explorer.ipynb")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-Toolbar", timeout=60_000)
        time.sleep(3)
        no_news = page.get_by_role("button", name="No")  # JupyterLab asks about its news feed once
        if no_news.count():
            no_news.first.click()
        page.click(".jp-Cell .jp-InputArea-editor")
        page.keyboard.press("Shift+Enter")
        page.wait_for_selector(".jp-OutputArea-output .widget-image", timeout=60_000)
        time.sleep(2)
        page.locator(".widget-dropdown select").first.select_option("spirals")
        time.sleep(3)
        output = page.locator(".jp-Cell").first
        output.screenshot(path=str(OUT / "explorer-live.png"))
        page.close()
    finally:
        lab.terminate()
        lab.wait(timeout=20)


def static_page(browser):
    with SiteServer(HTML) as server:
        context, _ = offline_context(browser, viewport={"width": 1100, "height": 900})
        page = open_book_page(context.new_page(), server.url + "book/backprop.html")
        box = page.locator(".static-slider").first
        box.scroll_into_view_if_needed()
        handle = box.locator(".noUi-handle").first
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")
        time.sleep(0.5)
        box.screenshot(path=str(OUT / "static-slider.png"))
        context.close()


def small_png(path: Path, colours: int = 96) -> None:
    """Rewrite ``path`` with an adaptive palette: a screenshot of text and line art stays sharp and small."""
    from PIL import Image

    image = Image.open(path).convert("RGB")
    image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def phone_page(browser, docname="book/feedforward", anchor="equation-eq-theta"):
    """A phone's screen (390 x 760 CSS px) on a chapter: a full matrix that scrolls sideways (with its shadow
    at the hidden edge), the text and the equations after it."""
    with SiteServer(HTML) as server:
        context, _ = offline_context(
            browser, viewport={"width": 390, "height": 760}, device_scale_factor=1.5, is_mobile=True, has_touch=True
        )
        page = open_book_page(context.new_page(), server.url + docname + ".html")
        # the theme's "Back to top" button appears while scrolling up: not part of the page
        page.add_style_tag(content="#pst-back-to-top { display: none !important; }")
        page.evaluate(
            f"""() => {{
              const box = document.getElementById('{anchor}');
              window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY - 150);
            }}"""
        )
        time.sleep(0.5)
        page.screenshot(path=str(OUT / "phone.png"))
        context.close()
    small_png(OUT / "phone.png")


def pdf_page(number=None):
    """One page of the reader's PDF as a PNG (pdftoppm): the first page of the loss chapter."""
    from pypdf import PdfReader

    book = ROOT / "_build" / "pdf" / "book.pdf"
    if not book.exists():
        raise SystemExit(f"{book} not found: run `make pdf` first")
    reader = PdfReader(book)
    if number is None:
        number = next(
            reader.get_destination_page_number(item) + 1
            for item in reader.outline
            if not isinstance(item, list) and item.title.startswith("3. ")
        )
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            str(number),
            "-l",
            str(number),
            "-singlefile",
            str(book),
            str(OUT / "pdf-page"),
        ],
        check=True,
    )
    small_png(OUT / "pdf-page.png", colours=64)


def main(which=("slider", "explorer", "phone", "pdf")):
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if "slider" in which:
            static_page(browser)
        if "explorer" in which:
            live_explorer(browser)
        if "phone" in which:
            phone_page(browser)
        browser.close()
    if "pdf" in which:
        pdf_page()
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT), png.stat().st_size, "bytes")


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or ("slider", "explorer", "phone", "pdf"))
