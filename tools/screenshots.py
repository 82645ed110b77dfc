"""The README's pictures: the live explorer in JupyterLab, and a static slider page of the built book.

Usage:  python tools/screenshots.py          (needs `make book`, `make assets` and /usr/bin/chromium)

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


def main():
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        static_page(browser)
        live_explorer(browser)
        browser.close()
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT), png.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
