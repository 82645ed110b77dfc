"""Make the autograded assignments (otter-grader) from the chapters' own exercises.

Usage:  python tools/assignments.py [OUTDIR] [--no-run-tests] [--chapter NAME ...]
        (default OUTDIR: _build/assignments; ``make assignments`` runs it)

For every chapter in _toc.yml that has at least one exercise with a code part, this writes

    OUTDIR/<chapter>/source/<chapter>.ipynb       the otter "master" notebook (instructor only)
    OUTDIR/<chapter>/autograder/<chapter>.ipynb   the reference solution, and <chapter>-autograder.zip
    OUTDIR/<chapter>/student/<chapter>.ipynb      what students get: no solution, no hidden test
    OUTDIR/answer-keys/<chapter>.md               the written exercises: statement, solution, rubric
    OUTDIR/summary.json                           the questions and their points

An *exercise with a code part* is a sphinx-exercise ``:::{exercise}`` whose label is followed (before the
next exercise) by a code cell tagged ``starter``.  Everything else is read from the chapter as it is:

* the question's name is the exercise label (``ex-loss-1`` → ``ex_loss_1``);
* the student's cell is the starter cell, verbatim; the reference solution is the exercise's code
  cell(s) tagged ``solution`` (or inside a gated ``{solution-start}`` … ``{solution-end}``);
* the public test is the chapter's own learner check (the cell that calls ``check_…(my_function)``
  from ``companion.checks``): it must answer ✓;
* the hidden tests (edge cases, written independently of ``companion``) and their points come from
  ``instructor/autograder_tests.py``, by the name of the function the starter defines.

So a fix to an exercise, its starter, its solution or its check reaches the assignment the next time
this runs.  Every other solution (``:::{solution}`` blocks, solution-only code cells) is removed from
the assignment; derivation exercises stay as text, graded by hand with the answer keys, which join the
book's solutions to the rubrics of ``instructor/rubrics/<chapter>.md``.
Otter's own solution markers are put into the solution cell here, never into the chapters, and
``tests/test_assignments.py`` checks that no solution line reaches the student notebook.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from toc import ROOT, chapters_in_toc  # noqa: E402

TESTS_FILE = ROOT / "instructor" / "autograder_tests.py"
PUBLIC_POINTS = 1  # the chapter's learner check, shown to students
PYTHON_VERSION = "3.11"  # of the grading image (Gradescope); the version CI tests everything on

EXERCISE_LABEL = re.compile(r"^(:{3,})\{exercise\}[^\n]*\n(?::[a-z_-]+:[^\n]*\n)*?:label:\s*(\S+)", re.M)
GATED_START = re.compile(r"^:{3,}\{solution-start\}", re.M)
GATED_END = re.compile(r"^:{3,}\{solution-end\}", re.M)


# --- reading the chapter ------------------------------------------------------------------------


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def strip_solution_blocks(text: str) -> str:
    """``text`` without its ``:::{solution}`` blocks (the statement of a following exercise stays)."""
    lines, out, depth = text.split("\n"), [], None
    for line in lines:
        if depth is None:
            m = re.match(r"^(:{3,})\{solution\}", line)
            if m:
                depth = len(m.group(1))
                continue
            out.append(line)
        elif re.fullmatch(r":{" + str(depth) + r",}\s*", line):
            depth = None
    if depth is not None:
        raise ValueError(f"an unclosed {{solution}} block in:\n{text[:300]}")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def defined_functions(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def check_calls(source: str) -> list[tuple[str, str]]:
    """``(check_name, function_name)`` for every ``check_…(name)`` call in a code cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("check_")
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            calls.append((node.func.id, node.args[0].id))
    return calls


@dataclass
class Question:
    label: str  # ex-loss-1
    starter: list[int] = field(default_factory=list)  # cell indices
    solution: list[int] = field(default_factory=list)
    checks: list[int] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)  # what the starter defines
    learner_checks: list[tuple[str, str]] = field(default_factory=list)
    points: float = 0

    @property
    def name(self) -> str:
        return self.label.replace("-", "_")


def read_chapter(nb) -> tuple[list[Question], set[int]]:
    """The code questions of a chapter, and the indices of every cell that is solution material.

    A cell belongs to the exercise whose label was seen last (in cell order, and within a cell in
    text order); cells between ``{solution-start}`` and ``{solution-end}`` are solution cells.
    """
    exercises: dict[str, Question] = {}
    solution_cells: set[int] = set()
    current, gated = None, False
    for i, cell in enumerate(nb.cells):
        src = cell.source
        if cell.cell_type == "markdown":
            starts = [m.start() for m in GATED_START.finditer(src)]
            ends = [m.start() for m in GATED_END.finditer(src)]
            labels = list(EXERCISE_LABEL.finditer(src))
            if labels:
                current = labels[-1].group(2)
                for m in labels:
                    exercises.setdefault(m.group(2), Question(m.group(2)))
            if starts and (not ends or max(starts) > max(ends)):
                gated = True
            elif ends:
                gated = False
            continue
        if cell.cell_type != "code" or current is None:
            continue
        q = exercises[current]
        if gated or "solution" in tags(cell):
            solution_cells.add(i)
            q.solution.append(i)
        elif "starter" in tags(cell):
            q.starter.append(i)
            q.functions += defined_functions(src)
        elif check_calls(src):
            q.checks.append(i)
            q.learner_checks += check_calls(src)
    questions = [q for q in exercises.values() if q.starter]
    for q in questions:
        if not q.solution:
            raise ValueError(f"exercise {q.label} has a starter cell but no solution cell")
        q.learner_checks = [(c, f) for c, f in q.learner_checks if f in q.functions]
    return questions, solution_cells


# --- the tests ----------------------------------------------------------------------------------


@dataclass
class TestSpec:
    function: str
    name: str
    points: float
    hidden: bool
    source: str  # a function definition whose parameters name variables of the notebook


def read_test_registry(path: Path = TESTS_FILE) -> dict[str, list[TestSpec]]:
    """The tests of ``instructor/autograder_tests.py``: every function decorated
    ``@autograde("<student function>", points=…, hidden=…)``, by student function."""
    text = path.read_text()
    registry: dict[str, list[TestSpec]] = {}
    for node in ast.parse(text).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for deco in node.decorator_list:
            if isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == "autograde":
                target = ast.literal_eval(deco.args[0])
                kw = {k.arg: ast.literal_eval(k.value) for k in deco.keywords}
                lines = text.split("\n")[node.lineno - 1 : node.end_lineno]
                registry.setdefault(target, []).append(
                    TestSpec(target, node.name, kw.get("points", 1), kw.get("hidden", True), "\n".join(lines))
                )
    return registry


def public_check_test(check: str, function: str) -> str:
    return (
        f"def test_{check}_answers_yes({function}):\n"
        f'    """the chapter\'s learner check, {check}({function}), answers ✓"""\n'
        f"    from companion.checks import {check}\n"
        f"    result = {check}({function})\n"
        f"    assert result.passed, str(result)\n"
    )


def test_cell(source: str, points: float, hidden: bool):
    config = f'""" # BEGIN TEST CONFIG\npoints: {points}\nhidden: {str(hidden).lower()}\n""" # END TEST CONFIG\n'
    return nbformat.v4.new_code_cell(config + source)


# --- the otter master notebook ------------------------------------------------------------------


def raw(text: str):
    return nbformat.v4.new_raw_cell(text)


def solution_cell(solution_src: str, starter_src: str):
    """One otter solution cell: the reference solution between BEGIN/END SOLUTION (removed, with no
    ``...`` prompt, from the student's notebook) and the starter, verbatim, as the student's prompt."""
    quote = '"""' if '"""' not in starter_src else "'''"
    if quote in starter_src:
        raise ValueError("a starter cell uses both kinds of triple quotes; otter cannot carry it")
    for marker in ("# BEGIN SOLUTION", "# END SOLUTION", "# SOLUTION", "# BEGIN PROMPT", "# END PROMPT", "# IGNORE"):
        if marker in solution_src or marker in starter_src:
            raise ValueError(f"an exercise's code contains otter's marker {marker!r}")
    return nbformat.v4.new_code_cell(
        "# BEGIN SOLUTION NO PROMPT\n"
        + solution_src.rstrip("\n")
        + "\n# END SOLUTION\n"
        + f"{quote} # BEGIN PROMPT\n"
        + starter_src.rstrip("\n")
        + f"\n{quote} # END PROMPT"
    )


def assignment_config(chapter: str) -> str:
    config = {
        "name": chapter,
        "requirements": "requirements.txt",
        "overwrite_requirements": False,
        "files": ["companion"],
        "run_tests": True,  # otter grades the reference solution: it must score full marks
        "init_cell": True,
        "check_all_cell": True,
        "export_cell": {
            "pdf": False,
            "run_tests": False,
            "instructions": "Upload the zip file this cell makes, as your course tells you.",
        },
        "tests": {"files": True, "ok_format": False},
        "show_question_points": False,
        "python_version": PYTHON_VERSION,
        "generate": {"pdf": False, "show_hidden": True, "show_stdout": True},
    }
    import yaml

    return "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def master_notebook(nb, chapter: str, registry):
    """The otter master notebook of one chapter, or None if it has no code exercise.

    Returns ``(notebook, questions, missing)`` where ``missing`` lists the functions that have no
    hidden test in the registry (they are graded by their public check alone)."""
    questions, solution_cells = read_chapter(nb)
    if not questions:
        return None, [], []
    by_starter = {q.starter[0]: q for q in questions}
    skip = set(solution_cells) | {i for q in questions for i in q.starter}
    cells, missing = [raw(assignment_config(chapter))], []
    for i, cell in enumerate(nb.cells):
        if i in by_starter:
            q = by_starter[i]
            starter_src = "\n\n".join(nb.cells[j].source for j in q.starter)
            solution_src = "\n\n".join(nb.cells[j].source for j in q.solution)
            tests = [(public_check_test(check, function), PUBLIC_POINTS, False) for check, function in q.learner_checks]
            for function in q.functions:
                specs = registry.get(function, [])
                if not specs:
                    missing.append(function)
                tests += [(s.source, s.points, s.hidden) for s in specs]
            if not tests:
                raise ValueError(
                    f"exercise {q.label} has neither a learner check nor a test in "
                    f"{TESTS_FILE.relative_to(ROOT)}: nothing could grade it"
                )
            q.points = sum(p for _, p, _ in tests)
            public = sum(p for _, p, hidden in tests if not hidden)
            if public:
                note = (
                    f"{public:g} for the tests you can run here (`grader.check`) and {q.points - public:g} "
                    f"for hidden tests of edge cases, run when your work is graded"
                )
            else:
                note = "all for hidden tests, run when your work is graded (the checks above help you get there)"
            cells += [
                raw(f"# BEGIN QUESTION\nname: {q.name}"),
                nbformat.v4.new_markdown_cell(f"*Autograded question `{q.name}`: {q.points:g} points, {note}.*"),
                raw("# BEGIN SOLUTION"),
                solution_cell(solution_src, starter_src),
                raw("# END SOLUTION"),
                raw("# BEGIN TESTS"),
            ]
            cells += [test_cell(*t) for t in tests]
            cells += [raw("# END TESTS"), raw("# END QUESTION")]
            continue
        if i in skip:
            continue
        cell = nbformat.from_dict(cell)
        if cell.cell_type == "markdown":
            cell.source = strip_solution_blocks(cell.source)
            if not cell.source.strip():
                continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("tags", None)
        cells.append(cell)
    out = nbformat.v4.new_notebook(cells=cells, metadata={k: v for k, v in nb.metadata.items() if k != "widgets"})
    return out, questions, missing


# --- answer keys for the exercises no code can grade ------------------------------------------------

RUBRICS = ROOT / "instructor" / "rubrics"
RUBRIC_HEADING = re.compile(r"^## (ex-\S+) — (\d+(?:\.\d+)?) points?\b.*$", re.M)


def read_rubrics(chapter: str) -> dict[str, tuple[float, str]]:
    """``{label: (total points, rubric text)}`` from ``instructor/rubrics/<chapter>.md``."""
    path = RUBRICS / f"{chapter}.md"
    if not path.exists():
        return {}
    text = path.read_text()
    heads = list(RUBRIC_HEADING.finditer(text))
    ends = [m.start() for m in heads[1:]] + [len(text)]
    return {m.group(1): (float(m.group(2)), text[m.end() : end].strip()) for m, end in zip(heads, ends)}


def rubric_rows_total(rubric: str) -> float:
    """The sum of the last column of a rubric's table (the points of its parts)."""
    total = 0.0
    for line in rubric.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and re.fullmatch(r"\d+(?:\.\d+)?", cells[-1]):
            total += float(cells[-1])
    return total


def directive_blocks(nb, name: str) -> dict[str, str]:
    """``{label: text}`` of every ``:::{exercise}`` (name="exercise") or ``:::{solution} label`` block."""
    blocks = {}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        k = 0
        while k < len(lines):
            m = re.match(r"^(:{3,})\{" + name + r"\}\s*(\S*)", lines[k])
            if not m:
                k += 1
                continue
            depth, label, body = len(m.group(1)), m.group(2), []
            k += 1
            while k < len(lines) and not re.fullmatch(r":{" + str(depth) + r",}\s*", lines[k]):
                option = re.match(r"^:(label|class):\s*(\S+)", lines[k])
                if option and option.group(1) == "label":
                    label = option.group(2)
                elif not option:
                    body.append(lines[k])
                k += 1
            blocks[label] = "\n".join(body).strip("\n")
    return blocks


def answer_key(chapter_path: Path) -> tuple[str, list[str]]:
    """The answer key of one chapter as Markdown: for every exercise with a rubric, its statement, the
    book's solution (text and code, read from the chapter) and the rubric.  Also returns the labels of
    the exercises that have neither a rubric nor an autograded code part."""
    nb = nbformat.read(chapter_path, as_version=4)
    rubrics = read_rubrics(chapter_path.stem)
    statements, solutions = directive_blocks(nb, "exercise"), directive_blocks(nb, "solution")
    questions, _ = read_chapter(nb)
    coded = {q.label for q in questions}
    code = {}
    for label in statements:
        cells = [c for q in questions if q.label == label for c in q.solution]
        code[label] = [nb.cells[i].source for i in cells]
    title = next(
        (
            line[2:]
            for c in nb.cells
            if c.cell_type == "markdown"
            for line in c.source.splitlines()
            if line.startswith("# ")
        ),
        chapter_path.stem,
    )
    out = [
        f"# Answer key: {title}",
        "",
        "Instructors only: do not hand this out. Made by `make assignments` from the chapter "
        f"(`book/{chapter_path.name}`) and `instructor/rubrics/{chapter_path.stem}.md`.",
        "",
    ]
    for label, statement in statements.items():
        if label not in rubrics:
            continue
        points, rubric = rubrics[label]
        out += [
            f"## {label} ({points:g} points)",
            "",
            "**Exercise**",
            "",
            statement,
            "",
            "**Expected answer** (the book's solution)",
            "",
            solutions.get(label, "(no solution text)"),
            "",
        ]
        out += [f"```python\n{src.rstrip()}\n```\n" for src in code.get(label, [])]
        out += ["**Rubric**", "", rubric, ""]
    unmarked = [label for label in statements if label not in rubrics and label not in coded]
    return "\n".join(out).rstrip() + "\n", unmarked


# --- writing the assignments --------------------------------------------------------------------


def reader_requirements() -> str:
    """requirements.txt for the grading environment (Gradescope's image): the readers' pins, without
    the editable ``-e .`` (companion itself ships inside the assignment; otter adds its own pin)."""
    lines = [
        ln
        for ln in (ROOT / "requirements.txt").read_text().splitlines()
        if ln.strip() and not ln.startswith("#") and not ln.startswith("-e")
    ]
    return "\n".join(lines) + "\n"


def otter_pin() -> str:
    return next(
        ln.strip() for ln in (ROOT / "requirements-dev.txt").read_text().splitlines() if ln.startswith("otter-grader==")
    )


def build(chapter_path: Path, out: Path, registry, run_tests: bool = True, quiet: bool = False) -> dict:
    nb = nbformat.read(chapter_path, as_version=4)
    chapter = chapter_path.stem
    master, questions, missing = master_notebook(nb, chapter, registry)
    if master is None:
        return {}
    base = out / chapter
    if base.exists():
        shutil.rmtree(base)
    source = base / "source"
    source.mkdir(parents=True)
    nbformat.write(master, source / f"{chapter}.ipynb")
    shutil.copytree(ROOT / "companion", source / "companion", ignore=shutil.ignore_patterns("__pycache__"))
    (source / "requirements.txt").write_text(reader_requirements())
    from otter.assign import main as otter_assign  # `otter assign`, without a new interpreter per chapter

    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            otter_assign(str(source / f"{chapter}.ipynb"), str(base), no_run_tests=not run_tests)
    except Exception as exc:
        raise RuntimeError(f"otter assign failed on {chapter}: {exc}\n{log.getvalue()[-3000:]}") from exc
    zips = sorted((base / "autograder").glob("*.zip"))
    if len(zips) != 1:
        raise RuntimeError(f"otter assign made {len(zips)} autograder zip files for {chapter}")
    zip_path = zips[0].rename(base / "autograder" / f"{chapter}-autograder.zip")
    # what a student installs to run the notebook and its public tests on their own machine
    (base / "student" / "requirements.txt").write_text(reader_requirements() + otter_pin() + "\n")
    summary = {
        "chapter": chapter,
        "points": {q.name: q.points for q in questions},
        "missing_hidden_tests": missing,
        "autograder_zip": str(zip_path.relative_to(out)),
    }
    if not quiet:
        print(
            f"{base}: {len(questions)} question(s), " + ", ".join(f"{q.name} ({q.points:g} points)" for q in questions)
        )
        for function in missing:
            print(
                f"  warning: {function} has no hidden test in {TESTS_FILE.relative_to(ROOT)}; "
                f"it is graded by its learner check alone"
            )
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", nargs="?", default=str(ROOT / "_build" / "assignments"))
    parser.add_argument(
        "--no-run-tests", action="store_true", help="do not let otter run the tests against the reference solution"
    )
    parser.add_argument("--chapter", action="append", help="only this chapter (its file name without .ipynb)")
    args = parser.parse_args(argv)
    out = Path(args.outdir)
    registry = read_test_registry()
    summaries = []
    for path in chapters_in_toc():
        if args.chapter and path.stem not in args.chapter:
            continue
        summary = build(path, out, registry, run_tests=not args.no_run_tests)
        if summary:
            summaries.append(summary)
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(summaries, indent=1) + "\n")
    keys = out / "answer-keys"
    keys.mkdir(exist_ok=True)
    for path in chapters_in_toc():
        if args.chapter and path.stem not in args.chapter:
            continue
        text, unmarked = answer_key(path)
        if "\n## " in text:
            (keys / f"{path.stem}.md").write_text(text)
            print(f"{keys / (path.stem + '.md')}: answer key")
        for label in unmarked:
            print(f"  warning: {label} has no rubric in instructor/rubrics/{path.stem}.md and no autograded code")
    return summaries


if __name__ == "__main__":
    main()
