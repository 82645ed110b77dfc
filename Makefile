# The two commands of the README are `make book` and `make test`; the others are helpers.
# Everything runs in a virtual environment: the active one if you have one, otherwise ./.venv (created here).
PYTHON ?= python3
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),.venv)
BIN := $(VENV)/bin
STAMP := $(VENV)/.companion-installed
# Widgets are precomputed ("static") when the book is built and its outputs refreshed, so that the web page's
# sliders need no kernel; nbval runs them live (their output cells are not compared, the unit tests cover them).
# The chapters' matrices are small: one BLAS thread per kernel is as fast, and much faster on a busy machine.
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
STATIC := COMPANION_WIDGETS=static $(ONE_THREAD)
LIVE := COMPANION_WIDGETS=live $(ONE_THREAD)

.PHONY: install book test unit lint outputs assets browser-test binder-test pdf pdf-instructor student assignments bench mutation clean \
	colab book-student routes-test

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

## make book: execute every chapter and build the HTML book; warnings are errors
book: $(STAMP)
	$(STATIC) $(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html"

## make test: unit tests, docstring examples, and nbval over every chapter
test: $(STAMP)
	$(LIVE) $(BIN)/python -m pytest companion tests book --doctest-modules \
	    --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg -m "not browser and not binder and not routes"

## make unit: the unit tests and docstring examples only, in seconds (what plain `pytest` runs)
unit: $(STAMP)
	$(ONE_THREAD) $(BIN)/python -m pytest

## make lint: ruff's lint and format checks, as CI runs them (`ruff check --fix .` and `ruff format .` repair)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make outputs: re-execute every chapter in place, refreshing the outputs that nbval compares against
outputs: $(STAMP)
	$(STATIC) $(BIN)/python tools/refresh_outputs.py

## make assets: the npm files (MathJax, require.js, widget manager, axe-core) the browser tests serve offline
assets:
	tools/install_assets.sh

## make browser-test: open the built book in headless Chromium (needs `make book` first and /usr/bin/chromium)
browser-test: $(STAMP) assets
	$(BIN)/python -m pytest tests/browser -m browser

## make binder-test: a fresh environment from requirements.txt alone (what Binder builds) runs every chapter
binder-test: $(STAMP)
	$(BIN)/python -m pytest tests/binder -m binder

## make pdf: the whole book as one PDF, printed by headless Chromium (needs `make book` first): title page,
## contents with page numbers, bookmarks; no solutions (make pdf-instructor: the same with the solutions)
pdf: $(STAMP) assets
	$(BIN)/python tools/make_pdf.py _build/pdf/book.pdf

pdf-instructor: $(STAMP) assets
	$(BIN)/python tools/make_pdf.py _build/pdf/book-instructor.pdf --instructor

## make student: the student edition (chapters without solutions) in _build/student
student: $(STAMP)
	$(BIN)/python tools/student_edition.py _build/student

## make colab: the Colab edition (plain Markdown + MathJax, install cell pinned to this companion release)
## in _build/colab/book/; the release workflow publishes it to the branch the Colab button opens
colab: $(STAMP)
	$(BIN)/python tools/colab_edition.py _build/colab

## make book-student: the student site, the web book without solutions or answer-revealing outputs,
## in _build/student-site/html
book-student: $(STAMP)
	$(STATIC) $(BIN)/python tools/student_site.py _build/student-site

## make routes-test: each notebook route as its reader meets it (needs `make book book-student` first and
## /usr/bin/chromium): JupyterLab from requirements.txt alone in Chromium, the Colab edition run in that
## environment, the student site, the reader's site, and the GitHub workflow against its schema
routes-test: $(STAMP)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(ONE_THREAD) $(BIN)/python -m pytest tests/routes -m routes

## make assignments: otter-grader assignments from the chapters' exercises in _build/assignments/<chapter>/
## (student/ to hand out, autograder/ with the zip for `otter run` or Gradescope; instructor/ has the hidden tests)
assignments: $(STAMP)
	$(ONE_THREAD) $(BIN)/python tools/assignments.py _build/assignments

## make bench: the performance figures quoted in the README
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## make mutation: mutation testing (mutmut) of the numpy core, judged by the fast unit tests; results are cached
## in mutants/.  Scope it with MUTANTS, e.g. make mutation MUTANTS='companion.losses.*'
mutation: $(STAMP)
	$(ONE_THREAD) $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results

clean:
	rm -rf _build
