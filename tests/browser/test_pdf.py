"""The PDF edition, read as a reader reads it: a title page, a table of contents whose page numbers are
right, chapter and section bookmarks titled as on the web, continuous page numbers, metadata; no solutions,
no widget notes or code-cell bars, no equation wider than the text, and the web's figures, all of them."""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

from make_pdf import render_pdf
from offline_site import HTML, ROOT, toc_pages

TITLE = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def strip_tags(markup: str) -> str:
    return norm(re.sub(r"<[^>]+>", "", markup).replace("&amp;", "&").replace("&#64;", "@"))


def web_title(docname: str) -> str:
    """The page's first heading as the web shows it, with its number ("3. Loss and error")."""
    html = (HTML / f"{docname}.html").read_text()
    article = html[html.index('<article class="bd-article">') :]
    h1 = re.search(r"<h1>(.*?)</h1>", article, re.S).group(1)
    return strip_tags(re.sub(r'<a class="headerlink".*?</a>', "", h1))


def solution_snippets(docname: str) -> list[str]:
    """From each solution box and "Answers" dropdown of the built page: its longest stretch of plain text
    (between two pieces of maths), as it would appear in the PDF's text."""
    html = (HTML / f"{docname}.html").read_text()
    boxes = re.findall(r'<div class="(?:solution )?dropdown admonition"[^>]*>(.*?)</div>', html, re.S)
    out = []
    for box in boxes:
        paragraphs = re.findall(r"<p>(.*?)</p>", box, re.S)  # the prose, not the title or the code
        parts = [
            part
            for paragraph in paragraphs
            for part in re.split(
                r'<span class="math[^"]*">.*?</span>|<code.*?</code>|<a .*?</a>', paragraph, flags=re.S
            )
        ]
        best = max((strip_tags(p) for p in parts), key=len, default="")
        if len(best) >= 25:
            out.append(best.strip(" .,;:")[:50])
    return out


def image_count(page) -> int:
    """How many images a PDF page draws (image XObjects, also inside form XObjects), without decoding them."""

    def count(resources, seen):
        xobjects = (resources or {}).get("/XObject") or {}
        n = 0
        for ref in xobjects.values():
            obj = ref.get_object()
            key = getattr(ref, "idnum", id(obj))
            if key in seen:
                continue
            seen.add(key)
            if obj.get("/Subtype") == "/Image":
                n += 1
            elif obj.get("/Subtype") == "/Form":
                n += count(obj.get("/Resources"), seen)
        return n

    return count(page.get("/Resources"), set())


def outline(reader):
    """[(title, page index, [(section title, page index), ...]), ...] of the top-level bookmarks."""
    out, items = [], list(reader.outline)
    for k, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[k + 1] if k + 1 < len(items) and isinstance(items[k + 1], list) else []
        kids = [(c.title, reader.get_destination_page_number(c)) for c in children if not isinstance(c, list)]
        out.append((item.title, reader.get_destination_page_number(item), kids))
    return out


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, browser):
    from pypdf import PdfReader

    path = tmp_path_factory.mktemp("pdf") / "book.pdf"
    info = render_pdf(path, browser=browser)  # the session's browser: one Playwright per thread
    reader = PdfReader(path)
    texts = [norm(page.extract_text() or "") for page in reader.pages]
    return reader, texts, info


def test_page_one_is_the_title_page(pdf):
    _, texts, _ = pdf
    assert texts[0].startswith(norm(TITLE)), texts[0][:120]
    assert "The (detailled) mathematics behind neural networks" in texts[0]  # the source article, credited
    assert "2019-12-17" in texts[0] and "edition" in texts[0]


def test_metadata(pdf):
    reader, _, _ = pdf
    meta = reader.metadata
    assert meta.title == TITLE
    assert meta.author and meta.subject and "backpropagation" in meta.subject


def test_bookmarks_are_the_chapter_and_section_titles_of_the_web(pdf):
    reader, _, info = pdf
    marks = outline(reader)
    assert marks[0][0] == "Contents"
    chapters = marks[1:]
    assert [title for title, _, _ in chapters] == [web_title(doc) for doc in toc_pages()]
    assert "3. Loss and error" in [title for title, _, _ in chapters]  # numbered, as on the web
    for (title, page, sections), chapter in zip(chapters, info["chapters"]):
        assert page + 1 == chapter["first_page"], title
        assert [s for s, _ in sections] == [s["title"] for s in chapter["sections"]], title
    numbered = [c for c in chapters if re.match(r"\d+\. ", c[0])]
    assert numbered and all(len(sections) >= 3 for _, _, sections in numbered)
    assert all(re.match(r"\d+\.\d+\. ", s) for _, _, sections in numbered for s, _ in sections)


def test_contents_page_lists_every_chapter_with_its_page(pdf):
    reader, texts, info = pdf
    contents = " ".join(texts[1 : info["front_pages"]])
    assert contents.startswith("Contents")
    for chapter in info["chapters"]:
        assert f"{norm(chapter['title'])} {chapter['first_page']}" in contents, chapter["title"]
        # the chapter's heading is on the page the contents give
        assert norm(chapter["title"]) in texts[chapter["first_page"] - 1]


def test_page_numbers_run_on_through_the_book(pdf):
    _, texts, info = pdf
    for k in range(info["front_pages"], len(texts)):
        assert texts[k].endswith(f"— {k + 1}"), (k + 1, texts[k][-80:])


def test_no_solutions_in_the_readers_pdf(pdf):
    _, texts, _ = pdf
    text = " ".join(texts)
    snippets = [s for doc in toc_pages() for s in solution_snippets(doc)]
    assert len(snippets) >= 15, len(snippets)  # the check looks for something
    assert [s for s in snippets if s in text] == []
    assert "Solution to" not in text


def test_instructors_pdf_has_the_solutions(tmp_path, browser):
    from pypdf import PdfReader

    path = tmp_path / "instructor.pdf"
    render_pdf(path, browser=browser, instructor=True, docs=["book/notation"])
    text = norm(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))
    snippets = solution_snippets("book/notation")
    assert snippets and all(s in text for s in snippets), [s for s in snippets if s not in text]
    assert "Solution to Exercise 1.1" in text and "Instructor" in text


def test_no_widget_notes_or_code_cell_bars_on_paper(pdf):
    _, texts, _ = pdf
    text = " ".join(texts)
    for leftover in ("Precomputed", "Show code cell", "Hide code cell", "Click to show"):
        assert leftover not in text, leftover
    on_screen_only = re.findall(
        r"[^.]{0,60}\b(?:sliders? (?:below|above)|(?:drag|move) the sliders?)\b[^.]{0,40}", text, re.I
    )
    assert on_screen_only == []


def test_no_equation_is_wider_than_the_printed_text(pdf):
    _, _, info = pdf
    assert info["wide_equations"] == {}, info["wide_equations"]
    print("equations scaled down to fit the A4 text width:", info["scaled_equations"])


def test_no_code_line_is_cut_off_at_the_margin(pdf):
    _, _, info = pdf
    assert info["cut_off_code"] == {}, info["cut_off_code"]


def test_pdf_contains_no_raw_tex(pdf):
    _, texts, _ = pdf
    text = " ".join(texts)
    for raw in ("$$", "\\mat{", "\\vect{", "\\frac", "\\begin{", "\\text{"):
        assert raw not in text, raw


def test_every_figure_of_the_web_is_in_the_pdf(pdf, seen):
    """The figures a reader sees on each page at 1280 px (one per precomputed slider, solutions closed)
    are the images printed in that chapter's pages."""
    reader, _, info = pdf
    printed, web = {}, {}
    for chapter in info["chapters"]:
        pages = range(chapter["first_page"] - 1, chapter["first_page"] - 1 + chapter["pages"])
        printed[chapter["doc"]] = sum(image_count(reader.pages[k]) for k in pages)
        web[chapter["doc"]] = seen["desktop"][chapter["doc"]]["images"]
    assert sum(web.values()) >= 20
    assert printed == web


def test_no_heading_is_left_at_the_foot_of_a_page(pdf):
    """A section heading is followed on its page by some of its text (heading and block kept together), and
    is not split across two pages."""
    _, texts, info = pdf
    stranded = []
    for chapter in info["chapters"]:
        for section in chapter["sections"]:
            page = texts[chapter["first_page"] - 1 + section["page"]]
            body = page[: page.rfind(norm(TITLE))].strip()  # the footer starts with the book's title
            title = norm(section["title"])
            number = title.split(" ")[0]  # "2.2.1."
            tail = body[body.rfind(number) :] if number in body else ""
            # the page ends with the heading, or with its first line (a heading split across two pages)
            if tail and title.startswith(tail):
                stranded.append((section["title"], chapter["first_page"] + section["page"]))
    assert stranded == []
