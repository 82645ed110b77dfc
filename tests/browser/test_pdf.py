"""The PDF edition: printed from the built book, every chapter present, maths typeset (no raw TeX)."""

from __future__ import annotations

import pytest

from make_pdf import render_pdf
from offline_site import toc_pages


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, browser):
    from pypdf import PdfReader

    path = tmp_path_factory.mktemp("pdf") / "book.pdf"
    info = render_pdf(path, browser=browser)  # the session's browser: one Playwright per thread
    reader = PdfReader(path)
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages), info


def test_pdf_has_a_plausible_number_of_pages(pdf):
    reader, _, _ = pdf
    chapters = len(toc_pages())
    assert 2 * chapters <= len(reader.pages) <= 40 * chapters, len(reader.pages)
    assert len(reader.outline) == chapters  # one bookmark per chapter


def test_pdf_contains_no_raw_tex(pdf):
    _, text, _ = pdf
    for raw in ("$$", "\\mat{", "\\vect{", "\\frac", "\\begin{", "\\text{"):
        assert raw not in text, raw


def test_pdf_contains_every_chapter_title(pdf):
    _, text, _ = pdf
    for title in ("Notation", "Feed-forward", "Backpropagation", "Errata"):
        assert title.lower() in text.lower(), title


def test_no_code_line_is_cut_off_at_the_margin(pdf):
    _, _, info = pdf
    assert info["cut_off_code"] == {}, info["cut_off_code"]
