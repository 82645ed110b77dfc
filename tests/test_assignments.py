"""The autograded assignments (tools/assignments.py, otter-grader), read and graded as an instructor would.

* Every exercise with a code part becomes a question; every question has hidden tests.
* The hidden tests (instructor/autograder_tests.py) pass on the chapters' own solutions, and every one
  of them fails on a classic *wrong-formula* mistake (so such a mistake loses the question's points,
  all of them); an *edge-case* mistake (an overflow) loses the edge-case tests only.
* The student notebook holds no line of any solution, and no hidden test.
* Under `otter run` (no Docker, offline): the reference solution scores full marks, the untouched
  student notebook scores zero on every question, and one classic mistake (E_MSE summed instead of
  averaged; δ_L = a_L − 1 in backpropagation) loses exactly that question's points.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import assignments  # noqa: E402

from toc import chapters_in_toc  # noqa: E402

CHAPTERS = {p.stem: p for p in chapters_in_toc()}
QUESTIONS = {name: assignments.read_chapter(nbformat.read(path, as_version=4))[0] for name, path in CHAPTERS.items()}
ASSIGNED = [name for name, qs in QUESTIONS.items() if qs]
REGISTRY = assignments.read_test_registry()


# otter assign and otter run execute every chapter in a kernel: in `make test`, not in plain pytest
kernel = pytest.mark.notebooks


def _load_hidden_tests():
    spec = importlib.util.spec_from_file_location("autograder_tests", assignments.TESTS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HIDDEN = _load_hidden_tests()


# --- what becomes a question ---------------------------------------------------------------------


def test_every_exercise_with_a_starter_cell_is_a_question():
    for name, path in CHAPTERS.items():
        nb = nbformat.read(path, as_version=4)
        starters = [c for c in nb.cells if "starter" in c.metadata.get("tags", [])]
        questions = QUESTIONS[name]
        assert sum(len(q.starter) for q in questions) == len(starters), name
        for q in questions:
            assert q.solution, f"{q.label}: no solution cell found"
            assert q.functions, f"{q.label}: the starter defines no function"
    assert len(ASSIGNED) >= 5 and sum(len(QUESTIONS[c]) for c in ASSIGNED) >= 11


def test_learner_checks_are_found_where_the_chapter_uses_them():
    for name, path in CHAPTERS.items():
        nb = nbformat.read(path, as_version=4)
        for q in QUESTIONS[name]:
            called = [call for i in q.checks for call in assignments.check_calls(nb.cells[i].source)]
            assert q.learner_checks == [(c, f) for c, f in called if f in q.functions], q.label
            assert all(c.startswith("check_") and f in q.functions for c, f in q.learner_checks)
    with_checks = [q for qs in QUESTIONS.values() for q in qs if q.learner_checks]
    assert len(with_checks) >= 9 and ("check_mse", "my_mse") in [lc for q in with_checks for lc in q.learner_checks]


def test_every_question_has_hidden_tests_and_points():
    missing = [
        f
        for qs in QUESTIONS.values()
        for q in qs
        for f in q.functions
        if not any(s.hidden for s in REGISTRY.get(f, []))
    ]
    assert not missing, f"write hidden tests for {missing} in instructor/autograder_tests.py"
    for specs in REGISTRY.values():
        assert all(s.points > 0 for s in specs)


def test_solution_blocks_are_removed_but_a_following_exercise_stays():
    text = (
        "Intro.\n\n:::{solution} ex-a-1\n:class: dropdown\n\nAnswer.\n\n```python\nx = 1\n```\n:::\n\n"
        ":::{exercise}\n:label: ex-a-2\n\nNext one.\n:::\n\n::::{solution} ex-a-2\n:::{note}\nin\n:::\n::::\nEnd."
    )
    out = assignments.strip_solution_blocks(text)
    assert "Answer" not in out and "x = 1" not in out and "in\n" not in out
    assert ":label: ex-a-2" in out and "Next one." in out and out.startswith("Intro.") and out.endswith("End.")


def test_gated_solutions_count_as_solution_cells():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(":::{exercise}\n:label: ex-g-1\n\nWrite f.\n:::"),
            nbformat.v4.new_code_cell("def f(x):\n    raise NotImplementedError", metadata={"tags": ["starter"]}),
            nbformat.v4.new_markdown_cell(":::{solution-start} ex-g-1\n:::"),
            nbformat.v4.new_code_cell("def f(x):\n    return 2 * x"),
            nbformat.v4.new_markdown_cell(":::{solution-end}\n:::"),
            nbformat.v4.new_code_cell("check_f(f)"),
        ]
    )
    (q,), solution_cells = assignments.read_chapter(nb)
    assert (q.label, q.starter, q.solution, q.checks, q.functions) == ("ex-g-1", [1], [3], [5], ["f"])
    assert solution_cells == {3}


def test_every_exercise_without_autograded_code_has_a_rubric_that_adds_up():
    for name, path in CHAPTERS.items():
        nb = nbformat.read(path, as_version=4)
        labels = set(assignments.directive_blocks(nb, "exercise"))
        rubrics = assignments.read_rubrics(name)
        assert set(rubrics) <= labels, f"instructor/rubrics/{name}.md names exercises the chapter does not have"
        unmarked = labels - set(rubrics) - {q.label for q in QUESTIONS[name]}
        assert not unmarked, f"write a rubric for {sorted(unmarked)} in instructor/rubrics/{name}.md"
        for label, (points, rubric) in rubrics.items():
            assert points > 0 and assignments.rubric_rows_total(rubric) == points, label
            assert "Common wrong answers" in rubric, label


def test_instructor_material_stays_out_of_the_book_and_the_student_edition():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "instructor" in config["exclude_patterns"] and config["only_build_toc_files"] is True
    assert "instructor/" not in (ROOT / "_toc.yml").read_text()
    import student_edition

    for path in CHAPTERS.values():
        student = student_edition.student_notebook(nbformat.read(path, as_version=4))
        assert "Common wrong answers" not in "\n".join(c.source for c in student.cells)
    html = ROOT / "_build" / "html"
    if html.is_dir():  # after `make book`: no page carries a rubric
        pages = [p for p in html.rglob("*.html") if "Common wrong answers" in p.read_text(errors="ignore")]
        assert not pages, pages


# --- the hidden tests themselves, against the chapters' solutions and classic mistakes ---------------


def _reference_functions():
    """The functions defined by the chapters' solution cells (their `def`s only, run with np and nn)."""
    import companion

    found = {}
    for name in ASSIGNED:
        nb = nbformat.read(CHAPTERS[name], as_version=4)
        for q in QUESTIONS[name]:
            for i in q.solution:
                tree = ast.parse(nb.cells[i].source)
                defs = ast.Module([n for n in tree.body if isinstance(n, ast.FunctionDef)], type_ignores=[])
                namespace = {"np": np, "nn": companion}
                exec(compile(defs, f"{name}-solution", "exec"), namespace)
                found.update({f: namespace[f] for f in q.functions if f in namespace})
    return found


REFERENCE = _reference_functions()
CHAPTER_CONTEXT = {"test_accuracy_for"}  # needs the chapter's X_train, … : graded under otter below


def _outcomes(function, implementation):
    """{test name: passed} for every test of ``function`` (the learner check included)."""
    import companion.checks as checks

    results = {}
    for spec in REGISTRY[function]:
        test = getattr(HIDDEN, spec.name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    test(implementation)
            results[spec.name] = True
        except Exception:
            results[spec.name] = False
    for qs in QUESTIONS.values():
        for q in qs:
            for check, f in q.learner_checks:
                if f == function:
                    results[check] = bool(getattr(checks, check)(implementation))
    return results


@pytest.mark.parametrize("function", sorted(set(REFERENCE) - CHAPTER_CONTEXT))
def test_hidden_tests_pass_on_the_chapter_solution(function):
    outcomes = _outcomes(function, REFERENCE[function])
    assert all(outcomes.values()), outcomes


def _forward_all_sigmoid(thetas, X):
    a = X
    for theta in thetas:
        a = 1 / (1 + np.exp(-(a @ theta.T)))
    return a


def _gradients(thetas, X, Y, delta_L=lambda a, Y: a - Y, scale=None):
    """Batched backprop written here, with the output δ_L and the 1/M as parameters (for the mistakes)."""
    M = X.shape[0]
    a = [X]
    for ell, theta in enumerate(thetas, start=1):
        z = a[-1] @ theta.T
        if ell < len(thetas):
            a.append(1 / (1 + np.exp(-np.clip(z, -500, 500))))
        else:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a.append(e / e.sum(axis=1, keepdims=True))
    delta, grads = delta_L(a[-1], Y), [None] * len(thetas)
    for ell in range(len(thetas), 0, -1):
        grads[ell - 1] = delta.T @ a[ell - 1] / (M if scale is None else scale)
        if ell > 1:
            delta = (delta @ thetas[ell - 1]) * a[ell - 1] * (1 - a[ell - 1])
    return grads


# Wrong formulas: each must fail every test of its function (the question's points are all lost).
WRONG_FORMULA = {
    "my_one_hot": [
        lambda labels, P: np.eye(P)[labels][:, ::-1],
        lambda labels, P: np.eye(int(np.max(labels)) + 1)[labels],
    ],
    "my_sigmoid": [lambda z: 1 / (1 + np.exp(np.clip(z, -500, 500))), lambda z: np.exp(-np.abs(z))],
    "my_softmax": [
        lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(),
        lambda z: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0),
    ],
    "my_forward": [
        lambda thetas, X: _forward_all_sigmoid(thetas, X),  # sigmoid at the output
        lambda thetas, X: REFERENCE["my_forward"]([t.T for t in thetas], X),
    ],  # Θ not transposed
    "my_mse": [
        lambda Y, Y_hat: float(((Y_hat - Y) ** 2).sum()),  # summed, not averaged
        lambda Y, Y_hat: float(((Y_hat - Y) ** 2).sum(axis=1).mean()),
    ],  # forgot the 1/P
    "my_cross_entropy": [
        lambda Y, Y_hat: float(-(Y * np.log(np.where(Y > 0, Y_hat, 1))).sum()),
        lambda Y, Y_hat: float((Y * np.log(np.where(Y > 0, Y_hat, 1))).sum() / len(Y)),
    ],
    "my_hidden_delta": [
        lambda d, th, a: d @ th,  # forgot σ'
        lambda d, th, a: a - 1,
    ],  # the article's formula
    "my_gradients": [
        lambda thetas, X, Y: _gradients(thetas, X, Y, delta_L=lambda a, Y: a - 1),  # δ_L = a_L − 1
        lambda thetas, X, Y: _gradients(thetas, X, Y, scale=1),
    ],  # forgot 1/M
    "my_gradient_descent_step": [
        lambda th, g, alpha: [t + alpha * d for t, d in zip(th, g)],
        lambda th, g, alpha: [t - d for t, d in zip(th, g)],
    ],
    "add_constant_feature": [
        lambda X: np.hstack([np.ones((X.shape[0], 1)), X]),
        lambda X: np.hstack([X, np.zeros((X.shape[0], 1))]),
    ],
    "my_tanh_hidden_delta": [
        lambda d, th, a: (d @ th) * a * (1 - a),  # the sigmoid's derivative
        lambda d, th, a: d @ th,  # forgot the derivative
    ],
    "my_bias_gradient": [
        lambda delta: delta.sum(axis=0),  # summed, not averaged over the samples
        lambda delta: delta.mean(axis=1),  # averaged over the units
    ],
}


def _in_place_step(thetas, grads, alpha):
    for t, d in zip(thetas, grads):
        t -= alpha * d
    return thetas


# Edge-case mistakes: right on moderate inputs, wrong on the edge. They must lose the edge-case tests
# (named here) and the learner check, and keep the rest: partial credit.
EDGE_CASE = {
    "my_sigmoid": (lambda z: 1 / (1 + np.exp(-z)), {"test_sigmoid_extreme_inputs_no_warning_full_precision"}),
    "my_softmax": (
        lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
        {"test_softmax_extreme_logits_and_one_class"},
    ),
    "my_cross_entropy": (
        lambda Y, Y_hat: float(-(Y * np.log(Y_hat)).sum() / len(Y)),
        {"test_cross_entropy_non_square_by_hand"},
    ),
}


def test_every_function_has_wrong_formulas_to_try():
    assert set(REFERENCE) - CHAPTER_CONTEXT <= set(WRONG_FORMULA), "add classic mistakes for the new exercise"


@pytest.mark.parametrize("function,k", [(f, k) for f, ms in WRONG_FORMULA.items() for k in range(len(ms))])
def test_a_wrong_formula_fails_every_test_of_its_question(function, k):
    outcomes = _outcomes(function, WRONG_FORMULA[function][k])
    assert not any(outcomes.values()), {name: ok for name, ok in outcomes.items() if ok}


def test_changing_the_weights_in_place_fails_every_test_of_its_question():
    outcomes = _outcomes("my_gradient_descent_step", _in_place_step)
    assert not any(outcomes.values()), outcomes


@pytest.mark.parametrize("function", sorted(EDGE_CASE))
def test_an_edge_case_mistake_loses_the_edge_case_points_only(function):
    implementation, failing = EDGE_CASE[function]
    outcomes = _outcomes(function, implementation)
    lost = {name for name, ok in outcomes.items() if not ok}
    learner_checks = {name for name in outcomes if name.startswith("check_")}
    assert lost == failing | learner_checks, outcomes


# --- the generated assignments -------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("assignments")
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        assignments.main([str(out), "--no-run-tests"])  # the reference is graded below instead
    return out


def _cells(path):
    return nbformat.read(path, as_version=4).cells


def _lines(text):
    return {line.strip() for line in text.splitlines()}


def _solution_lines(chapter, cells=None):
    """Distinctive lines of the chapter's solution code (of ``cells``, default all solution cells): not
    short, not found in any cell students get (a starter repeats the solution's `def` line)."""
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    solution_cells = assignments.read_chapter(nb)[1]
    given = _lines("\n".join(c.source for i, c in enumerate(nb.cells) if i not in solution_cells))
    chosen = solution_cells if cells is None else cells
    return {
        line.strip()
        for i in chosen
        for line in nb.cells[i].source.splitlines()
        if len(line.strip()) >= 8 and line.strip() not in given
    }


@kernel
def test_make_assignments_writes_every_chapter_with_code_exercises(built):
    summary = json.loads((built / "summary.json").read_text())
    assert [s["chapter"] for s in summary] == ASSIGNED
    for s in summary:
        assert (built / s["autograder_zip"]).is_file()
        assert (built / s["chapter"] / "student" / f"{s['chapter']}.ipynb").is_file()
        assert list(s["points"]) == [q.name for q in QUESTIONS[s["chapter"]]]
        assert not s["missing_hidden_tests"]


@kernel
@pytest.mark.parametrize("chapter", ASSIGNED)
def test_student_notebook_lacks_every_solution_and_hidden_test(built, chapter):
    student_dir = built / chapter / "student"
    cells = _cells(student_dir / f"{chapter}.ipynb")
    code = _lines("\n".join(c.source for c in cells if c.cell_type == "code"))
    text = "\n".join(c.source for c in cells)
    # the check is not vacuous: the autograder's notebook does hold the questions' solutions
    reference = _lines("\n".join(c.source for c in _cells(built / chapter / "autograder" / f"{chapter}.ipynb")))
    graded = _solution_lines(chapter, [i for q in QUESTIONS[chapter] for i in q.solution])
    assert graded and graded <= reference
    leaked = sorted(_solution_lines(chapter) & code)
    assert not leaked, leaked[:5]
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "# SOLUTION", "BEGIN PROMPT", "BEGIN TESTS", "TEST CONFIG"):
        assert marker not in text, marker
    assert "{solution}" not in text and "solution-start" not in text
    assert all(not c.get("outputs") for c in cells if c.cell_type == "code")
    # every starter cell is there, verbatim, once
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    for q in QUESTIONS[chapter]:
        for i in q.starter:
            assert sum(c.source == nb.cells[i].source for c in cells) == 1, q.label
    # the tests students get are the public ones only
    shipped = "\n".join(p.read_text() for p in (student_dir / "tests").glob("*.py"))
    for q in QUESTIONS[chapter]:
        for s in (s for f in q.functions for s in REGISTRY.get(f, [])):
            assert (f"def {s.name}(" in shipped) == (not s.hidden), s.name
    assert "hidden=True" not in shipped


@kernel
def test_answer_keys_hold_statement_solution_and_rubric(built):
    for name in CHAPTERS:
        rubrics = assignments.read_rubrics(name)
        if not rubrics:
            continue
        key = (built / "answer-keys" / f"{name}.md").read_text()
        nb = nbformat.read(CHAPTERS[name], as_version=4)
        solutions = assignments.directive_blocks(nb, "solution")
        for label in rubrics:
            assert f"## {label} (" in key
            assert solutions[label][:200] in key, label
    assert "Common wrong answers" not in "".join(
        p.read_text() for p in built.glob("*/student/**/*") if p.is_file() and p.suffix in (".ipynb", ".py", ".txt")
    )


@kernel
@pytest.mark.parametrize("chapter", ASSIGNED)
def test_every_exercise_statement_reaches_the_assignment(built, chapter):
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    labels = {
        m.group(2) for c in nb.cells if c.cell_type == "markdown" for m in assignments.EXERCISE_LABEL.finditer(c.source)
    }
    text = "\n".join(c.source for c in _cells(built / chapter / "student" / f"{chapter}.ipynb"))
    assert labels and all(f":label: {label}" in text for label in labels)


# --- grading with otter run ----------------------------------------------------------------------

CLI_CHAPTER = "loss" if "loss" in ASSIGNED else ASSIGNED[0]


def _otter_run(zip_path, submission, out_dir):
    """`otter run` itself, as an instructor types it: scores per question from results.json."""
    otter = Path(sys.executable).with_name("otter")
    done = subprocess.run(
        [str(otter), "run", "--no-logo", "-a", str(zip_path), "-o", str(out_dir), str(submission)],
        capture_output=True,
        text=True,
        cwd=out_dir,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((Path(out_dir) / "results.json").read_text())
    return {t["name"]: (t["score"], t["max_score"]) for t in results["tests"] if "score" in t}


def _grade_one(job):
    """Scores per question of one submission under otter's non-containerized grading: the function that
    `otter run` calls (run in a worker process, which imports otter once for many notebooks)."""
    zip_path, submission = job
    from otter.run import main as otter_run

    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        results = otter_run(str(submission), autograder=str(zip_path), output_dir=None, no_logo=True)
    return {name: (r.score, r.possible) for name, r in results.results.items()}


def _solution_defs(chapter, function):
    """The source of ``function`` as the chapter's solution defines it."""
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    for q in QUESTIONS[chapter]:
        for i in q.solution:
            source = nb.cells[i].source
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef) and node.name == function:
                    return ast.get_source_segment(source, node)
    raise AssertionError(f"no solution defines {function}")


@kernel
def test_the_student_route_check_export_and_otter_run(built, tmp_path):
    """As a student: the student folder, right answers typed into the starter cells, the notebook run in
    a kernel; grader.check passes each question, grader.export() writes the zip to hand in, and
    `otter run` on that zip gives full marks."""
    from nbclient import NotebookClient

    chapter = CLI_CHAPTER
    work = tmp_path / "student"
    shutil.copytree(built / chapter / "student", work)
    path = work / f"{chapter}.ipynb"
    nb = nbformat.read(path, as_version=4)
    answers = [c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    assert len(answers) == len(QUESTIONS[chapter])
    for cell in answers:
        cell.source = "\n\n".join(_solution_defs(chapter, f) for f in assignments.defined_functions(cell.source))
    nbformat.write(nb, path)  # the student saves, then runs everything
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}, record_timing=False
    ).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    assert len(checks) == len(QUESTIONS[chapter])
    for cell in checks:
        shown = json.dumps(cell.outputs)
        assert "All test cases passed" in shown, (cell.source, shown[:500])
    exported = sorted(work.glob(f"{chapter}_*.zip"))
    assert len(exported) == 1, sorted(p.name for p in work.iterdir())
    points = next(s["points"] for s in json.loads((built / "summary.json").read_text()) if s["chapter"] == chapter)
    out = tmp_path / "results"
    out.mkdir()
    scores = _otter_run(built / chapter / "autograder" / f"{chapter}-autograder.zip", exported[0], out)
    assert scores == {q: (p, p) for q, p in points.items()}


def _replace_function(notebook, function, source):
    """The notebook with the code cell that defines ``function`` now defining it as ``source``."""
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for cell in notebook.cells:
        if cell.cell_type == "code" and function in assignments.defined_functions(cell.source):
            tree = ast.parse(cell.source)
            lines = cell.source.splitlines()
            node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
            cell.source = "\n".join(
                lines[: node.lineno - 1] + source.strip("\n").splitlines() + lines[node.end_lineno :]
            )
            return notebook
    raise AssertionError(f"no cell defines {function}")


@pytest.fixture(autouse=True)
def _one_blas_thread(monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")


MSE_SUMMED = """
def my_mse(Y, Y_hat):
    return float(((Y_hat - Y) ** 2).sum())
"""

GRADIENTS_ARTICLE_DELTA = """
def my_gradients(thetas, X, Y):
    M, L = X.shape[0], len(thetas)
    a = [X]
    for ell in range(1, L + 1):
        z = a[-1] @ thetas[ell - 1].T
        if ell < L:
            a.append(1 / (1 + np.exp(-z)))
        else:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a.append(e / e.sum(axis=1, keepdims=True))
    delta = a[L] - 1                      # the article's δ_L: right on the true class only
    grads = [None] * L
    for ell in range(L, 0, -1):
        grads[ell - 1] = delta.T @ a[ell - 1] / M
        if ell > 1:
            delta = (delta @ thetas[ell - 1]) * a[ell - 1] * (1 - a[ell - 1])
    return grads
"""


MISTAKES = {
    "mse-summed": ("loss", "my_mse", MSE_SUMMED),
    "delta-L-article": ("backprop", "my_gradients", GRADIENTS_ARTICLE_DELTA),
}


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    """Every submission graded once: each chapter's reference solution and untouched student notebook,
    and the classic mistakes; two at a time (the notebooks run in full, so this is the slow part)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    folder = tmp_path_factory.mktemp("submissions")
    jobs = {}
    for chapter in ASSIGNED:
        zip_path = built / chapter / "autograder" / f"{chapter}-autograder.zip"
        for kind, source in (("reference", "autograder"), ("student", "student")):
            nb = nbformat.read(built / chapter / source / f"{chapter}.ipynb", as_version=4)
            (folder / kind / chapter).mkdir(parents=True)
            nbformat.write(nb, folder / kind / chapter / f"{chapter}.ipynb")
            jobs[(kind, chapter)] = (zip_path, folder / kind / chapter / f"{chapter}.ipynb")
    for name, (chapter, function, mistake) in MISTAKES.items():
        if any(function in q.functions for q in QUESTIONS.get(chapter, [])):
            nb = nbformat.read(built / chapter / "autograder" / f"{chapter}.ipynb", as_version=4)
            (folder / name).mkdir()
            nbformat.write(_replace_function(nb, function, mistake), folder / name / f"{chapter}.ipynb")
            jobs[(name, chapter)] = (
                built / chapter / "autograder" / f"{chapter}-autograder.zip",
                folder / name / f"{chapter}.ipynb",
            )
    slow_first = sorted(jobs, key=lambda key: -os.path.getsize(CHAPTERS[key[1]]))
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    with ProcessPoolExecutor(
        max_workers=min(2, os.cpu_count() or 1), mp_context=multiprocessing.get_context("fork")
    ) as pool:
        futures = {key: pool.submit(_grade_one, jobs[key]) for key in slow_first}
        return {key: future.result() for key, future in futures.items()}


def _points(built, chapter):
    return next(s["points"] for s in json.loads((built / "summary.json").read_text()) if s["chapter"] == chapter)


@kernel
@pytest.mark.parametrize("chapter", ASSIGNED)
def test_reference_solution_scores_full_marks(built, graded, chapter):
    assert graded[("reference", chapter)] == {q: (p, p) for q, p in _points(built, chapter).items()}


@kernel
@pytest.mark.parametrize("chapter", ASSIGNED)
def test_untouched_student_notebook_scores_zero_on_every_question(built, graded, chapter):
    assert graded[("student", chapter)] == {q: (0, p) for q, p in _points(built, chapter).items()}


@kernel
@pytest.mark.parametrize("name", MISTAKES)
def test_one_classic_mistake_loses_exactly_that_questions_points(graded, name):
    chapter, function, _ = MISTAKES[name]
    if (name, chapter) not in graded:
        pytest.fail(f"no exercise of {chapter} asks for {function} any more: choose another classic mistake")
    question = next(q.name for q in QUESTIONS[chapter] if function in q.functions)
    scores = graded[(name, chapter)]
    assert scores[question][0] == 0 < scores[question][1]
    assert all(score == possible for q, (score, possible) in scores.items() if q != question), scores
