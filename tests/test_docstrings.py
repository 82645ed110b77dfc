"""Docstrings teach: each public function states its equation (with the book's label) and its shapes,
and shows a tiny example that runs (pytest --doctest-modules runs every example).  The labels must
exist in the book, so that a docstring and the chapter deriving its equation cannot drift apart."""

import importlib
import inspect
import json
import pathlib
import re
import typing

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORE = ["activations", "losses", "network", "backprop", "optimisers", "training", "gradcheck", "datasets", "article"]
AIDS = ["checks", "plotting"]


def public_functions(module_name):
    module = importlib.import_module(f"companion.{module_name}")
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            yield f"{module_name}.{name}", obj


# What the core may import besides numpy: itself, the standard library modules it uses, and scikit-learn (inside
# digits() only, whose docstring says so).
ALLOWED_IN_CORE = (
    ".",
    "numpy",
    "__future__",
    "collections",
    "dataclasses",
    "numbers",
    "warnings",
    "sklearn",
    "contextvars",
    "os",
    "threading",  # standard library, for the training loop's element-wise threads
)
CORE_FUNCTIONS = [item for m in CORE for item in public_functions(m)]


def book_equation_labels():
    labels = set()
    for path in (ROOT / "book").glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                labels |= set(re.findall(r"\$\$\s*\((eq-[\w-]+)\)", "".join(cell["source"])))
    return labels


@pytest.mark.parametrize("name, function", CORE_FUNCTIONS, ids=[n for n, _ in CORE_FUNCTIONS])
def test_core_docstring_has_equation_shapes_and_example(name, function):
    doc = inspect.getdoc(function)
    assert doc, f"{name} has no docstring"
    assert "Equation" in doc, f"{name}: the docstring must state the equation it implements"
    assert "Shapes" in doc, f"{name}: the docstring must give the shapes in the book's symbols"
    assert ">>>" in doc, f"{name}: the docstring must show a tiny example"


@pytest.mark.parametrize("name, function", CORE_FUNCTIONS, ids=[n for n, _ in CORE_FUNCTIONS])
def test_core_function_has_type_hints_that_resolve(name, function):
    """Every argument and the result carry a type (numpy.typing.ArrayLike in, np.ndarray out, and so on),
    and the hints name things that exist (get_type_hints evaluates them)."""
    hints = typing.get_type_hints(function)
    parameters = inspect.signature(function).parameters.values()
    missing = [p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in hints]
    assert not missing, f"{name}: no type hint for {missing}"
    assert "return" in hints, f"{name}: no return type"


def test_every_equation_label_in_the_package_is_defined_in_the_book():
    defined = book_equation_labels()
    used = set()
    for module in CORE + AIDS:
        source = (ROOT / "companion" / f"{module}.py").read_text()
        used |= set(re.findall(r"\((eq-[\w-]+)\)", source))
    assert used, "no equation labels found in the package docstrings"
    missing = sorted(used - defined)
    assert not missing, f"labels named in docstrings but not defined in any chapter: {missing}"


@pytest.mark.parametrize("module", CORE + AIDS)
def test_every_public_name_is_documented(module):
    mod = importlib.import_module(f"companion.{module}")
    assert inspect.getdoc(mod), f"companion.{module} has no module docstring"
    for name in mod.__all__:
        obj = getattr(mod, name)
        if callable(obj):
            assert inspect.getdoc(obj), f"companion.{module}.{name} has no docstring"


def test_core_imports_numpy_only():
    for module in CORE + ["_validation", "__init__"]:
        source = (ROOT / "companion" / f"{module}.py").read_text()
        imports = set(re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, flags=re.M))
        outside = {i for i in imports if not i.startswith(ALLOWED_IN_CORE)}
        assert not outside, f"companion/{module}.py imports {outside}: the core depends on numpy only"


def test_teaching_aids_import_the_core_never_the_reverse():
    for module in CORE:
        source = (ROOT / "companion" / f"{module}.py").read_text()
        assert not re.search(r"from \.(checks|plotting|widgets)\b", source), module
