"""The Binder / local JupyterLab route: every chapter opened in a real JupyterLab (from requirements.txt alone,
as Binder builds it) in headless Chromium, and its Markdown read as the reader sees it.

jupyterlab-myst renders the cells; notebook windowing is turned off (user settings), so that every cell is in
the page.  For each chapter: no raw MyST (roles, fences, options, labels, unresolved targets), no KaTeX/MathJax
error, every exercise shown with its number, every solution collapsed, equation references showing the web's
numbers, the Colab install cell collapsed.  Screenshots of the top of each chapter go to _build/routes/.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from .conftest import ROOT, clean_env

sys.path.insert(0, str(ROOT / "tools"))
from myst_sync import numbering, toc_chapters  # noqa: E402
from student_edition import exercise_labels  # noqa: E402

from toc import chapters_in_toc  # noqa: E402

pytestmark = pytest.mark.routes
CHAPTERS = chapters_in_toc()
TOKEN = "routes-test"
SHOTS = ROOT / "_build" / "routes"

RAW_MYST = [
    (r"\{(?:eq|term|doc|ref|numref|exercise|solution|admonition|note|tip|warning|figure|math)\}", "a role/directive"),
    (r"(?m)^\s*(?::::|```)", "a fence"),
    (r"(?m)^\s*:(?:label|class|name|nonumber):", "a directive option"),
    (r"\$\$|\\vect\b|\\mat\b|\\frac|\\begin\{", "raw TeX"),
    (r"(?m)^\([\w-]+\)=\s*$", "a target label"),
    (r"(?<![\w/#.-])(?:eq|fig|ex|errata|erratum|errata-proof)-[a-z][\w-]*", "an unresolved label"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(reader_python, tmp_path_factory):
    """A JupyterLab server from the reader's environment, serving a copy of book/."""
    home = tmp_path_factory.mktemp("lab-home")
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    settings = home / "settings" / "@jupyterlab"
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    port = free_port()
    env = clean_env(
        reader_python,
        home,
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        COMPANION_WIDGETS="live",
    )
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(
        [
            str(reader_python),
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail((home / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 60 s")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium")
        yield chromium
        chromium.close()


def test_the_reader_environment_has_the_myst_renderer(reader_python, tmp_path):
    out = subprocess.run(
        [str(reader_python), "-m", "jupyter", "labextension", "list"],
        capture_output=True,
        text=True,
        env=clean_env(reader_python, tmp_path),
    )
    assert re.search(r"jupyterlab-myst v\S+ .*enabled", out.stdout + out.stderr), out.stdout + out.stderr


READ_CELLS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const cells = [...panel.querySelectorAll('.jp-Notebook > .jp-Cell, .jp-WindowedPanel-viewport > .jp-Cell')];
  return cells.map(cell => {
    const myst = cell.querySelector('.myst');
    return {
      markdown: cell.classList.contains('jp-MarkdownCell'),
      rendered: !!myst,
      text: myst ? myst.innerText : '',
      errors: myst ? myst.querySelectorAll('.text-red-500, .katex-error, mjx-merror').length : 0,
      exercises: myst ? [...myst.querySelectorAll('aside.myst-exercise')].map(a => a.id) : [],
      solutions: myst ? [...myst.querySelectorAll('details.myst-exercise')].map(d => d.open) : [],
      inputHidden: !!cell.querySelector('.jp-InputPlaceholder'),
      outputErrors: cell.querySelectorAll('.jp-OutputArea mjx-merror, .jp-OutputArea .katex-error').length,
    };
  });
}"""


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_reads_like_the_web_page_in_jupyterlab(lab, browser, path):
    docname = f"book/{path.stem}"
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(f"{lab}/lab/workspaces/w-{path.stem}/tree/{docname}.ipynb?token={TOKEN}&reset")
        nb = nbformat.read(path, as_version=4)
        n_markdown = sum(c.cell_type == "markdown" for c in nb.cells)
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .myst').length >= n",
            arg=n_markdown,
            timeout=90_000,
        )
        page.wait_for_timeout(1500)  # KaTeX and the cross-references settle
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"jupyterlab-{path.stem}.png"))
        exercises = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) aside.myst-exercise")
        if exercises.count():
            exercises.first.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            page.screenshot(path=str(SHOTS / f"jupyterlab-{path.stem}-exercise.png"))
        closed = page.evaluate(READ_CELLS)
        # read what the collapsed solutions and answers hold too: open every <details>
        page.evaluate(
            "() => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) details').forEach(d => d.open = true)"
        )
        page.wait_for_timeout(500)
        cells = page.evaluate(READ_CELLS)
        for before, after in zip(closed, cells):
            after["solutions"] = before["solutions"]
    finally:
        page.close()

    assert len(cells) == len(nb.cells)
    assert all(c["rendered"] for c in cells if c["markdown"]), "a Markdown cell not rendered by jupyterlab-myst"
    problems = []
    for index, cell in enumerate(cells):
        if not cell["markdown"]:
            continue
        for pattern, what in RAW_MYST:
            for m in re.finditer(pattern, cell["text"]):
                context = cell["text"][max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                problems.append(f"cell {index}: {what}: …{context}…")
        if cell["errors"]:
            problems.append(f"cell {index}: {cell['errors']} math/rendering error(s): {cell['text'][:80]!r}")
    problems += [f"cell {i}: MathJax error in an output" for i, c in enumerate(cells) if c["outputErrors"]]
    assert not problems, "\n".join(problems[:20])

    # exercises numbered as on the web, solutions collapsed
    nums = numbering()
    shown = [label for c in cells for label in c["exercises"]]
    labels = exercise_labels(nb)
    assert shown == [label.replace("_", "-") for label in labels]  # mystmd's ids: "_" becomes "-"
    text = "\n".join(c["text"] for c in cells)
    for label in labels:
        assert f"Exercise {nums.exercise[label][1]}" in text.replace("\xa0", " ")
    solutions = [state for c in cells for state in c["solutions"]]
    assert len(solutions) == sum(c.source.count("{solution}") for c in nb.cells if c.cell_type == "markdown")
    assert not any(solutions), "a solution is open"
    # equation references show the web's numbers
    for m in re.finditer(r"\{eq\}`\((\d+\.\d+)\) <", "\n".join(c.source for c in nb.cells)):
        assert f"({m.group(1)})" in text
    # the first thing the reader sees is the title; the Colab install cell is collapsed
    assert cells[0]["text"].strip() == ""
    assert cells[1]["inputHidden"] and "google.colab" in nb.cells[1].source
    chapter = dict(toc_chapters()).get(docname)
    assert chapter is None or all(nums.exercise[label][1].startswith(f"{chapter}.") for label in labels)
