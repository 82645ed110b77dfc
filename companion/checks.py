"""Checks for the exercises: call one on your own function and read what it says.

Each ``check_…`` runs your function on a few inputs, compares the results with
a reference written here from the book's equations (plain numpy, independent of
the rest of ``companion``, so that a slip there cannot hide one in your code)
and answers with a ``CheckResult`` that prints either a ✓ line or a specific
hint about the *first* thing that is off — the shape, a row that does not sum
to 1, a factor of M, a sign, an overflow — without ever showing the solution.

A check never raises.  Whatever your function does — raises, warns, prints,
returns None, a ragged list, strings, complex numbers, the wrong shape, NaN —
the check answers with a message that says what it expected and what came back.

    >>> from companion.checks import check_softmax
    >>> check_softmax(lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))   # doctest: +ELLIPSIS
    ✗ softmax: ... overflow ...

How a check works (one helper, ``_verdict``, does it for all ten): for each
test case it (1) calls your function on fresh copies of the inputs, catching
whatever it raises, warns or prints; (2) reads what came back as the kind the
exercise asks for — a number, an array of a given shape, a list of arrays;
(3) applies the exercise's rules (a softmax row sums to 1, …), compares with the
reference and, if they differ, phrases the most specific hint it has; (4) checks
that your function left its inputs unchanged.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import numbers
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "CheckResult",
    "check_one_hot",
    "check_sigmoid",
    "check_softmax",
    "check_forward",
    "check_mse",
    "check_cross_entropy",
    "check_output_delta",
    "check_hidden_delta",
    "check_gradients",
    "check_gradient_descent_step",
    "check_tanh_hidden_delta",
    "check_bias_gradient",
]

RTOL, ATOL = 1e-6, 1e-9  # how close "right" has to be


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a check: ``passed`` (bool) and a ``message`` for the learner."""

    name: str
    passed: bool
    message: str

    def __str__(self) -> str:
        return f"{'✓' if self.passed else '✗'} {self.name}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.passed


@dataclass(frozen=True)
class _Case:
    """One test of the learner's function.

    ``want`` is the reference result; its kind says what the function must return: a float (a single
    number), an array (that shape) or a list of arrays (named by ``items``).  ``rules`` are looked at
    before comparing (each ``rule(got)`` returns a message or None); ``hints`` explain a difference
    (each ``hint(got, want)`` returns a message or None; the first that answers is used).
    """

    what: str  # the inputs in words: "a 4×3 array z"
    args: tuple  # the function is called with copies of these
    arg_names: tuple  # their names in the exercise: ("z",)
    want: object
    rules: tuple = ()
    hints: tuple = ()
    items: tuple = field(default=())


# --- the helper: call safely, read, compare, phrase --------------------------------------------------


def _verdict(name, fn, cases, passed_message):
    """Run ``cases`` on ``fn`` and return the ``CheckResult`` of the first problem, or ✓."""
    if not callable(fn):
        return CheckResult(
            name,
            False,
            f"check_{name} takes your function itself, as in check_{name}(my_{name}); "
            f"got {_describe(fn)} — pass the function, without calling it",
        )
    printed = []
    for case in cases:
        output = io.StringIO()
        try:
            problem = _try_case(fn, case, output)
        except Exception as exc:  # a safety net: whatever happens, a check answers and never raises
            problem = f"on {case.what}, the check could not read your result ({_exception_text(exc)})"
        text = output.getvalue()
        if problem:
            if text.strip():
                problem += f". Your function printed: {_excerpt(text)}"
            return CheckResult(name, False, problem)
        printed.append(text)
    message = passed_message
    if any(t.strip() for t in printed):
        message += " (Your function printed something while it was checked; it is not shown here.)"
    return CheckResult(name, True, message)


def _try_case(fn, case, output):
    """Steps (1)–(4) for one case; returns a message for the first problem, or None."""
    given = _copy(case.args)
    out, problem = _call(fn, given, case, output)
    if problem:
        return problem
    with warnings.catch_warnings(), np.errstate(all="ignore"):  # our own arithmetic never warns
        warnings.simplefilter("ignore")
        got, problem = _read(out, case.want, case.items)
        if problem:
            return f"on {case.what}, {problem}"
        for rule in case.rules:
            problem = _quietly(rule, got)
            if problem:
                return f"on {case.what}, {problem}"
        if not _close(got, case.want):
            for hint in case.hints:
                problem = _quietly(hint, got, case.want)
                if problem:
                    return f"on {case.what}: {problem}"
            return f"on {case.what}, {_difference(got, case.want, case.items)}"
        changed = [name for name, now, before in zip(case.arg_names, given, case.args) if not _same(now, before)]
    if changed:
        return (
            f"the result is right, but your function changed {' and '.join(changed)} in place; "
            f"return new arrays instead and leave the inputs as they were, so that the caller still has them"
        )
    return None


def _call(fn, args, case, output):
    """Call ``fn(*args)``; turn what it raises or warns into a hint.  Returns (result, problem)."""
    label = _function_label(fn)
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # some built-ins have no signature: just try the call
        signature = None
    if signature is not None:
        try:
            signature.bind(*args)
        except TypeError:
            name = label if label != "your function" else "fn"
            return None, (
                f"the check calls your function with {len(args)} argument{'s' if len(args) > 1 else ''}, "
                f"as {name}({', '.join(case.arg_names)}); yours is defined as {name}{signature}"
            )
    try:
        with (
            contextlib.redirect_stdout(output),
            contextlib.redirect_stderr(output),
            warnings.catch_warnings(record=True),
        ):
            warnings.simplefilter("always")  # other warnings: recorded, not shown
            warnings.simplefilter("error", RuntimeWarning)  # numpy's warnings: a hint
            with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                return fn(*args), None
    except NotImplementedError as exc:
        detail = f" ({_exception_text(exc, with_type=False)})" if str(exc) else ""
        return None, (
            f"not implemented yet{detail} — write your code in {label} in place of "
            f"`raise NotImplementedError`, run that cell, then run this check again"
        )
    except FloatingPointError as exc:
        return None, (
            f"on {case.what}, numpy reported a floating-point problem ({exc}){_where(exc, fn)}: "
            f"an overflow or a division by zero — think about how to keep the numbers in range"
        )
    except RuntimeWarning as exc:
        return None, (f"on {case.what}, numpy warned: {exc}{_where(exc, fn)} — an overflow or an invalid operation")
    except (Exception, SystemExit) as exc:  # the learner's code may raise anything
        return None, f"on {case.what}, your function raised {_exception_text(exc)}{_where(exc, fn)}"


def _read(out, want, items):
    """Read the learner's result as the kind ``want`` is.  Returns (value, problem)."""
    if isinstance(want, float):
        return _read_number(out)
    if isinstance(want, np.ndarray):
        return _read_array(out, want.shape)
    return _read_list(out, [w.shape for w in want], items)


def _read_number(out):
    if isinstance(out, np.ndarray) and out.ndim == 0:
        out = out[()]
    if isinstance(out, (bool, np.bool_)):
        return None, f"expected a single number, got a bool ({out})"
    if isinstance(out, numbers.Real):
        try:
            value = float(out)
        except (OverflowError, ValueError, TypeError):
            return None, f"expected a single number, got {_describe(out)}, which is not a float"
        if not np.isfinite(value):
            return None, f"your function returned {value} — it should be a finite number"
        return value, None
    if isinstance(out, numbers.Complex):
        return None, f"expected a real number, got the complex number {out!r}"
    if isinstance(out, np.ndarray):
        extra = " — take the number out of the array, e.g. with float(...)" if out.size == 1 else ""
        return None, f"expected a single number, got an array of shape {out.shape}{extra}"
    return None, f"expected a single number, got {_describe(out)}"


def _read_array(out, shape):
    expected = f"expected an array of shape {shape}"
    if isinstance(out, (bool, np.bool_, numbers.Number)) or (isinstance(out, np.ndarray) and out.ndim == 0):
        return None, f"{expected}, got a single number ({_short(repr(out))})"
    if isinstance(out, (str, bytes)) or not (isinstance(out, (np.ndarray, list, tuple)) or hasattr(out, "__array__")):
        return None, f"{expected}, got {_describe(out)}"
    try:
        arr = np.asarray(out)
    except Exception:  # ragged nested lists and the like
        return None, f"{expected}, got {_describe(out)} that is not a rectangular array of numbers{_ragged(out)}"
    kind = arr.dtype.kind
    if kind in "US":
        return (
            None,
            f"{expected} of numbers, got {_describe(out)} holding strings such as {_short(repr(str(arr.flat[0])))}",
        )
    if kind == "O":
        first = arr.flat[0] if arr.size else None
        return None, (
            f"{expected} of numbers, got {_describe(out)} holding Python objects (numpy dtype object)"
            + (f", such as {_short(repr(first))}" if arr.size else "")
        )
    if kind == "c":
        return None, f"{expected} of real numbers, got complex numbers (dtype {arr.dtype})"
    if kind not in "biuf":
        return None, f"{expected} of numbers, got dtype {arr.dtype}"
    if arr.shape != shape:
        hint = ""
        if arr.shape == shape[::-1] and len(shape) > 1:
            hint = " (transposed?)"
        elif arr.size == int(np.prod(shape)):
            hint = " (the right number of entries in the wrong shape)"
        return None, f"{expected}, got {arr.shape}{hint}"
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        i = tuple(int(k) for k in np.argwhere(~np.isfinite(arr))[0])
        return None, f"your result has {arr[i]} at index {i}; every entry should be finite"
    return arr, None


def _read_list(out, shapes, items):
    L = len(shapes)
    expected = (
        f"expected a list of L = {L} array{'s' if L > 1 else ''} [{items[0]}{', …, ' + items[-1] if L > 1 else ''}]"
    )
    if not isinstance(out, (list, tuple)):
        extra = " (return a list: list(...) or a list comprehension)" if _is_iterator(out) else ""
        return None, f"{expected}, got {_describe(out)}{extra}"
    if len(out) != L:
        return None, f"{expected}, got a {type(out).__name__} of length {len(out)}"
    arrays = []
    for item, element, shape in zip(items, out, shapes):
        arr, problem = _read_array(element, shape)
        if problem:
            return None, f"{item}: {problem}"
        arrays.append(arr)
    return arrays, None


def _close(got, want):
    if isinstance(want, list):
        return all(_close(g, w) for g, w in zip(got, want))
    return bool(np.allclose(got, want, rtol=RTOL, atol=ATOL))


def _difference(got, want, items):
    """The default message: where the result is furthest from the reference."""
    if isinstance(want, list):
        ell = next(k for k, (g, w) in enumerate(zip(got, want)) if not _close(g, w))
        return f"{items[ell]}: {_difference(got[ell], want[ell], ())}"
    if isinstance(want, float):
        return f"your value {got:.6g} differs from the expected one"
    diff = np.abs(got - want)
    i = tuple(int(k) for k in np.unravel_index(np.argmax(diff), diff.shape))
    return f"the largest difference from the expected result is at index {i}: you have {got[i]:.6g} there"


def _quietly(test, *args):
    """Apply a rule or a hint; one that does not apply to this result (and fails) says nothing."""
    try:
        return test(*args)
    except Exception:
        return None


def _if(test, message):
    """A hint that gives ``message`` when ``test(got, want)`` is true."""
    return lambda got, want: message if test(got, want) else None


def _times(k, message):
    """A hint for a result ``k`` times the right one (a factor M or P, a sign)."""
    return _if(
        lambda got, want: (
            _close(got, k * want) if not isinstance(want, list) else all(_close(g, k * w) for g, w in zip(got, want))
        ),
        message,
    )


# --- small helpers for messages -----------------------------------------------------------------------


def _describe(value) -> str:
    """What came back, in words: type, and shape or length."""
    if value is None:
        return "None (does your function `return` its result?)"
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value})"
    if isinstance(value, (str, bytes)):
        return f"a string {_short(repr(value))}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, numbers.Number):
        return f"the number {_short(repr(value))}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if _is_iterator(value):
        return f"a {type(value).__name__} (an iterator, not yet a list or an array)"
    return f"a {type(value).__name__}"


def _is_iterator(value) -> bool:
    return inspect.isgenerator(value) or isinstance(value, (map, filter, zip, range))


def _ragged(out) -> str:
    try:
        lengths = [len(row) for row in out[:6]]
    except Exception:
        return ""
    return f" (its rows have lengths {', '.join(map(str, lengths))}{', …' if len(out) > 6 else ''})"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _excerpt(text: str) -> str:
    lines = text.strip().splitlines()
    shown = " / ".join(lines[:5]) + (f" / … ({len(lines)} lines)" if len(lines) > 5 else "")
    return repr(_short(shown, 300))


def _exception_text(exc, with_type=True) -> str:
    try:
        text = _short(str(exc), 300)
    except Exception:
        text = ""
    name = type(exc).__name__
    if not with_type:
        return text
    return f"{name}: {text}" if text else name


def _function_label(fn) -> str:
    name = getattr(fn, "__name__", "")
    return name if name.isidentifier() else "your function"


def _where(exc, fn) -> str:
    """`` (in my_forward, line 4)``: the last line of the learner's own code the exception passed."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return ""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == code.co_filename]
    if not frames:
        return ""
    name = frames[-1].name if frames[-1].name.isidentifier() else "your function"
    return f" (in {name}, line {frames[-1].lineno})"


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(v) for v in value)
    return value


def _same(now, before) -> bool:
    if isinstance(before, np.ndarray):
        return (
            isinstance(now, np.ndarray)
            and now.shape == before.shape
            and now.dtype == before.dtype
            and bool(np.array_equal(now, before))
        )
    if isinstance(before, (list, tuple)):
        return type(now) is type(before) and len(now) == len(before) and all(_same(n, b) for n, b in zip(now, before))
    return now == before


# --- references, from the book's equations --------------------------------------------------------------


def _one_hot_ref(labels, P):
    Y = np.zeros((len(labels), P))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def _sigmoid_ref(z):
    """σ(z) = 1/(1 + e^{−z}) = e^{min(z, 0)} / (1 + e^{−|z|}): the same value, never an overflow."""
    return np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))


def _softmax_ref(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _forward_ref(thetas, X, last=_softmax_ref):
    """A_ℓ = g_ℓ(A_{ℓ−1} Θ_ℓᵀ): sigmoid hidden layers, ``last`` (the softmax) at layer L; returns [A_0, …, A_L]."""
    a = [X]
    for ell, theta in enumerate(thetas, start=1):
        z = a[-1] @ theta.T
        a.append(last(z) if ell == len(thetas) else _sigmoid_ref(z))
    return a


def _gradients_ref(thetas, X, Y, delta_L=None):
    """∂E/∂Θ_ℓ = (1/M) δ_ℓᵀ A_{ℓ−1}, with δ_L = A_L − Y and δ_ℓ = (δ_{ℓ+1} Θ_{ℓ+1}) ⊙ A_ℓ ⊙ (1 − A_ℓ).

    ``delta_L(A_L, Y)`` replaces the output δ (to recognise a learner's variant)."""
    a = _forward_ref(thetas, X)
    delta = a[-1] - Y if delta_L is None else delta_L(a[-1], Y)
    grads = [None] * len(thetas)
    for ell in range(len(thetas), 0, -1):
        grads[ell - 1] = delta.T @ a[ell - 1] / len(X)
        if ell > 1:
            delta = (delta @ thetas[ell - 1]) * a[ell - 1] * (1 - a[ell - 1])
    return grads


def _random_thetas(sizes, rng):
    """Θ_ℓ with entries uniform in ±1/√H_{ℓ−1}, like the book's initialisation."""
    return [rng.uniform(-1, 1, size=(h, h_prev)) / np.sqrt(h_prev) for h_prev, h in zip(sizes[:-1], sizes[1:])]


_ARTICLE_DELTA = (
    "your gradient is right only on the true-class row: did you use a_L − 1 instead of a_L − y? "
    "(a_L − 1 is the article's formula)"
)


# --- notation


def check_one_hot(fn):
    """Check ``fn(labels, P) -> Y``: labels (M,) in [0, P) → one-hot Y (M, P).

    >>> from companion.checks import check_one_hot
    >>> check_one_hot(lambda labels, P: np.eye(P)[labels])
    ✓ one_hot: your one-hot matrices are right, including a class that never occurs.
    """

    def zeros_and_ones(got):
        bad = ~np.all((got == 0) | (got == 1), axis=1)
        if bad.any():
            i = int(np.argmax(bad))
            return f"row {i} is {np.round(got[i], 4).tolist()}; a one-hot row holds only 0s and a single 1"

    def one_one(got):
        sums = got.sum(axis=1)
        if not np.all(sums == 1):
            i = int(np.argmax(sums != 1))
            return f"row {i} should hold exactly one 1; it sums to {sums[i]:g}"

    cases = [
        _Case(
            f"labels = {labels}, P = {P}",
            (np.array(labels), P),
            ("labels", "P"),
            _one_hot_ref(labels, P),
            rules=(zeros_and_ones, one_one),
            hints=(
                _if(lambda g, w: _close(g, w[:, ::-1]), "your columns are in reverse order"),
                _if(
                    lambda g, w: _close(g, np.roll(w, 1, axis=1)) or _close(g, np.roll(w, -1, axis=1)),
                    "your 1s are one column off: label j belongs in column j, counting from 0",
                ),
            ),
        )
        for labels, P in (([2, 0, 1, 1], 3), ([0, 0, 3], 5))
    ]
    return _verdict("one_hot", fn, cases, "your one-hot matrices are right, including a class that never occurs.")


# --- activations


def check_sigmoid(fn):
    """Check ``fn(z) -> a``: the sigmoid, element by element, stable for |z| up to 1000.

    >>> from companion.checks import check_sigmoid
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(-z)))   # doctest: +ELLIPSIS
    ✗ sigmoid: on z = [-1000, ...], numpy ... overflow ...
    """
    z = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0], [1.0, -1.0, 4.0, -4.0, 0.1]])
    big = np.array([[-1000.0, -40.0, 40.0, 1000.0]])
    cases = [
        _Case(
            "a 2×5 array of moderate z",
            (z,),
            ("z",),
            _sigmoid_ref(z),
            hints=(
                _if(lambda g, w: _close(g, 1 - w), "you computed 1/(1 + e^{+z}): check the sign in the exponent"),
                _if(lambda g, w: _close(g, np.exp(-z)), "that is e^{−z}, not 1/(1 + e^{−z})"),
            ),
        ),
        _Case("z = [-1000, -40, 40, 1000]", (big,), ("z",), _sigmoid_ref(big)),
    ]
    return _verdict("sigmoid", fn, cases, "right values, and no overflow even at z = ±1000.")


def check_softmax(fn):
    """Check ``fn(z) -> a``: the softmax of each row of z (M, P), stable for large z.

    >>> from companion.checks import check_softmax
    >>> check_softmax(lambda z: np.exp(z) / np.exp(z).sum())   # doctest: +ELLIPSIS
    ✗ softmax: on a 4×3 array z, your rows do not sum to 1: row 1 sums to 0.0142 (normalise each row by its own sum)
    """

    def rows_sum_to_one(got):
        sums = got.sum(axis=1)
        if not np.allclose(sums, 1):
            i = int(np.argmax(np.abs(sums - 1)))
            return f"your rows do not sum to 1: row {i} sums to {sums[i]:.3g} (normalise each row by its own sum)"

    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 5.0, 2.0], [3.0, -2.0, 0.5]])
    big = np.array([[1000.0, 999.0, 0.0], [-1000.0, -1001.0, -999.0]])
    cases = [
        _Case(
            "a 4×3 array z",
            (z,),
            ("z",),
            _softmax_ref(z),
            rules=(rows_sum_to_one,),
            hints=(_if(lambda g, w: _close(g, _softmax_ref(z.T).T), "you normalised columns instead of rows"),),
        ),
        _Case("z with entries near ±1000", (big,), ("z",), _softmax_ref(big), rules=(rows_sum_to_one,)),
    ]
    return _verdict("softmax", fn, cases, "rows sum to 1, values right, and stable at |z| ≈ 1000.")


# --- forward pass


def check_forward(fn):
    """Check ``fn(thetas, X) -> Ŷ``: the whole forward pass, sigmoid hidden layers, softmax output.

    ``thetas[ℓ-1]`` is Θ_ℓ of shape (H_ℓ, H_{ℓ−1}); X is (M, N); return Ŷ = a_L (M, P).

    >>> from companion.checks import check_forward
    >>> from companion import forward
    >>> check_forward(lambda thetas, X: forward(thetas, X).y_hat)
    ✓ forward: Ŷ is right for networks with 1, 2 and 3 layers.
    """
    rng = np.random.default_rng(7)
    cases = []
    for sizes in ([3, 2], [3, 4, 2], [4, 5, 3, 3]):
        thetas = _random_thetas(sizes, rng)
        X = rng.normal(size=(5, sizes[0]))
        sigmoid_last = _forward_ref(thetas, X, last=_sigmoid_ref)[-1]
        cases.append(
            _Case(
                f"a network with sizes {sizes} and M = 5 samples",
                (thetas, X),
                ("thetas", "X"),
                _forward_ref(thetas, X)[-1],
                hints=(
                    _if(
                        lambda g, w, s=sigmoid_last: _close(g, s),
                        "the last layer should use the softmax, not the sigmoid",
                    ),
                    _if(
                        lambda g, w: not np.allclose(g.sum(axis=1), 1), "each row of Ŷ should sum to 1 (softmax output)"
                    ),
                ),
            )
        )
    return _verdict("forward", fn, cases, "Ŷ is right for networks with 1, 2 and 3 layers.")


# --- losses


def _loss_inputs():
    Y = _one_hot_ref([0, 2, 1, 2], 3)
    Y_hat = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25], [0.05, 0.05, 0.9]])
    return Y, Y_hat


def check_mse(fn):
    """Check ``fn(Y, Y_hat) -> E_MSE``: (1/M) Σ_i (1/P) Σ_j (ŷ_ij − y_ij)², a single number.

    >>> from companion.checks import check_mse
    >>> check_mse(lambda Y, Y_hat: ((Y_hat - Y) ** 2).sum())   # doctest: +ELLIPSIS
    ✗ mse: ... M·P ...
    """
    Y, Y_hat = _loss_inputs()
    M, P = Y.shape
    want = float(np.sum((Y_hat - Y) ** 2) / (M * P))
    case = _Case(
        f"M = {M} samples and P = {P} classes",
        (Y, Y_hat),
        ("Y", "Y_hat"),
        want,
        hints=(
            _times(M * P, "your value is M·P times too large: average over samples and outputs, not sum"),
            _times(P, "your value is P times too large: ℒ_MSE averages over the P outputs"),
            _times(M, "your value is M times too large: E averages the M losses"),
            _if(lambda g, w: np.isclose(g, np.sqrt(w)), "that is a root mean square: do not take the square root"),
        ),
    )
    return _verdict("mse", fn, [case], "E_MSE is right.")


def check_cross_entropy(fn):
    """Check ``fn(Y, Y_hat) -> E_CE``: −(1/M) Σ_i Σ_j y_ij log ŷ_ij, finite when some ŷ_ij = 0.

    >>> from companion.checks import check_cross_entropy
    >>> check_cross_entropy(lambda Y, Y_hat: -(Y * np.log(Y_hat)).sum(axis=1).mean())   # doctest: +ELLIPSIS
    ✗ cross_entropy: on a prediction with ŷ_ij = 0 ...
    """
    Y, Y_hat = _loss_inputs()
    M = Y.shape[0]
    true_class = Y_hat[Y == 1]  # ŷ on each sample's true class, in row order
    binary = float(-np.sum(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat)) / M)
    Y0 = _one_hot_ref([0, 1], 3)
    Y_hat0 = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    cases = [
        _Case(
            f"M = {M} samples",
            (Y, Y_hat),
            ("Y", "Y_hat"),
            float(-np.sum(np.log(true_class)) / M),
            hints=(
                _times(-1, "your sign is flipped: E_CE has a minus in front, so that it is ≥ 0"),
                _times(M, "your value is M times too large: E averages the losses over the samples"),
                _times(1 / np.log(10), "you used log₁₀; the book's log is the natural logarithm"),
                _if(
                    lambda g, w: np.isclose(g, binary),
                    "that is the binary cross-entropy summed over classes; the multiclass one has only the y log ŷ terms",
                ),
            ),
        ),
        _Case(
            "a prediction with ŷ_ij = 0 on the wrong classes (a confident correct answer)",
            (Y0, Y_hat0),
            ("Y", "Y_hat"),
            0.0,
        ),
    ]
    return _verdict("cross_entropy", fn, cases, "E_CE is right, and 0·log 0 is handled.")


# --- backpropagation


def check_output_delta(fn):
    """Check ``fn(a_L, Y) -> δ_L``: the output layer's δ for softmax + cross-entropy, shape (M, P).

    >>> from companion.checks import check_output_delta
    >>> check_output_delta(lambda a_L, Y: a_L - 1)   # doctest: +ELLIPSIS
    ✗ output_delta: ... your gradient is right only on the true-class row: did you use a_L − 1 instead of a_L − y? ...
    """
    Y, a_L = _loss_inputs()
    true = Y == 1
    case = _Case(
        "a_L and Y for M = 4 samples, P = 3 classes",
        (a_L, Y),
        ("a_L", "Y"),
        a_L - Y,
        hints=(
            _if(lambda g, w: _close(g[true], w[true]) and not _close(g[~true], w[~true]), _ARTICLE_DELTA),
            _if(lambda g, w: _close(g, -w), "your sign is flipped"),
            _if(
                lambda g, w: _close(g, w * a_L * (1 - a_L)),
                "you multiplied by a(1 − a), the diagonal of the softmax Jacobian: with cross-entropy "
                "the off-diagonal terms cancel it out",
            ),
        ),
    )
    return _verdict("output_delta", fn, [case], "δ_L is right for every class, not only the true one.")


def check_hidden_delta(fn):
    """Check ``fn(delta_next, theta_next, a) -> δ_ℓ`` for a sigmoid hidden layer, samples in rows.

    delta_next is δ_{ℓ+1} (M, H_{ℓ+1}), theta_next is Θ_{ℓ+1} (H_{ℓ+1}, H_ℓ), a is a_ℓ (M, H_ℓ);
    return δ_ℓ (M, H_ℓ).

    >>> from companion.checks import check_hidden_delta
    >>> check_hidden_delta(lambda d, th, a: a - 1)   # doctest: +ELLIPSIS
    ✗ hidden_delta: ... you returned a_ℓ − 1, the article's formula; ...
    """
    rng = np.random.default_rng(11)
    M, h_next, h = 4, 3, 5
    delta_next = rng.normal(size=(M, h_next))
    theta_next = rng.normal(size=(h_next, h))
    a = _sigmoid_ref(rng.normal(size=(M, h)))
    back = delta_next @ theta_next  # row i: Θ_(ℓ+1)ᵀ δ_(ℓ+1) for sample i
    case = _Case(
        f"δ_(ℓ+1) of shape {(M, h_next)}, Θ_(ℓ+1) of shape {(h_next, h)}, a_ℓ of shape {(M, h)}",
        (delta_next, theta_next, a),
        ("delta_next", "theta_next", "a"),
        back * a * (1 - a),
        hints=(
            _if(
                lambda g, w: _close(g, a - 1),
                "you returned a_ℓ − 1, the article's formula; the chain rule brings in δ_(ℓ+1) and Θ_(ℓ+1)",
            ),
            _if(lambda g, w: _close(g, back), "you forgot the sigmoid's derivative a_ℓ ⊙ (1 − a_ℓ)"),
            _if(lambda g, w: _close(g, back * a), "the sigmoid's derivative is a_ℓ ⊙ (1 − a_ℓ), not a_ℓ"),
        ),
    )
    return _verdict("hidden_delta", fn, [case], "δ_ℓ = (Θ_(ℓ+1)ᵀ δ_(ℓ+1)) ⊙ a_ℓ ⊙ (1 − a_ℓ), right for a whole batch.")


def check_gradients(fn):
    """Check ``fn(thetas, X, Y) -> [∂E/∂Θ_1, …, ∂E/∂Θ_L]`` for softmax + cross-entropy.

    >>> from companion.checks import check_gradients
    >>> from companion import gradients
    >>> check_gradients(lambda thetas, X, Y: gradients(thetas, X, Y).grad)
    ✓ gradients: every ∂E/∂Θ_ℓ is right, for 1, 2 and 3 layers.
    """

    def layer_times(k, reason):
        def hint(got, want):
            for ell, (g, w) in enumerate(zip(got, want), start=1):
                if not _close(g, w) and _close(g, k * w):
                    return f"∂E/∂Θ_{ell} is {reason}"

        return hint

    rng = np.random.default_rng(5)
    M = 6
    cases = []
    for sizes in ([3, 2], [3, 4, 2], [4, 5, 3, 3]):
        thetas = _random_thetas(sizes, rng)
        X = rng.normal(size=(M, sizes[0]))
        Y = _one_hot_ref(rng.integers(0, sizes[-1], M), sizes[-1])
        article = _gradients_ref(thetas, X, Y, delta_L=lambda a_L, Y: a_L - 1)
        cases.append(
            _Case(
                f"a network with sizes {sizes} and M = {M}",
                (thetas, X, Y),
                ("thetas", "X", "Y"),
                _gradients_ref(thetas, X, Y),
                items=tuple(f"∂E/∂Θ_{ell}" for ell in range(1, len(sizes))),
                hints=(
                    _if(lambda g, w, article=article: _close(g, article), _ARTICLE_DELTA),
                    layer_times(M, f"M = {M} times too large: E is a mean over samples"),
                    layer_times(-1, "of the wrong sign"),
                ),
            )
        )
    return _verdict("gradients", fn, cases, "every ∂E/∂Θ_ℓ is right, for 1, 2 and 3 layers.")


def check_gradient_descent_step(fn):
    """Check ``fn(thetas, grads, alpha) -> new thetas``: Θ_ℓ − α ∂E/∂Θ_ℓ, inputs left unchanged.

    >>> from companion.checks import check_gradient_descent_step
    >>> check_gradient_descent_step(lambda th, g, alpha: [t - alpha * d for t, d in zip(th, g)])
    ✓ gradient_descent_step: right update, and your inputs were left unchanged.
    """
    rng = np.random.default_rng(9)
    thetas = _random_thetas([3, 4, 2], rng)
    grads = [rng.normal(size=t.shape) for t in thetas]
    alpha = 0.3
    case = _Case(
        "a 3-4-2 network with α = 0.3",
        (thetas, grads, alpha),
        ("thetas", "grads", "alpha"),
        [t - alpha * g for t, g in zip(thetas, grads)],
        items=("Θ_1", "Θ_2"),
        hints=(
            _if(
                lambda got, w: _close(got, [t + alpha * g for t, g in zip(thetas, grads)]),
                "you stepped uphill: gradient descent subtracts α ∂E/∂Θ",
            ),
            _if(lambda got, w: _close(got, [t - g for t, g in zip(thetas, grads)]), "you forgot the learning rate α"),
        ),
    )
    return _verdict("gradient_descent_step", fn, [case], "right update, and your inputs were left unchanged.")


# --- beyond the article


def check_tanh_hidden_delta(fn):
    """Check ``fn(delta_next, theta_next, a) -> δ_ℓ`` for a tanh hidden layer, samples in rows.

    delta_next is δ_{ℓ+1} (M, H_{ℓ+1}), theta_next is Θ_{ℓ+1} (H_{ℓ+1}, H_ℓ), a is a_ℓ = tanh(z_ℓ)
    (M, H_ℓ); return δ_ℓ = (Θ_{ℓ+1}ᵀ δ_{ℓ+1}) ⊙ (1 − a_ℓ²), shape (M, H_ℓ).

    >>> from companion.checks import check_tanh_hidden_delta
    >>> check_tanh_hidden_delta(lambda d, th, a: (d @ th) * a * (1 - a))   # doctest: +ELLIPSIS
    ✗ tanh_hidden_delta: ... the sigmoid's derivative ...
    """
    rng = np.random.default_rng(13)
    M, h_next, h = 4, 3, 5
    delta_next = rng.normal(size=(M, h_next))
    theta_next = rng.normal(size=(h_next, h))
    a = np.tanh(rng.normal(size=(M, h)))
    back = delta_next @ theta_next  # row i: Θ_(ℓ+1)ᵀ δ_(ℓ+1) for sample i
    case = _Case(
        f"δ_(ℓ+1) of shape {(M, h_next)}, Θ_(ℓ+1) of shape {(h_next, h)}, a_ℓ of shape {(M, h)}",
        (delta_next, theta_next, a),
        ("delta_next", "theta_next", "a"),
        back * (1 - a * a),
        hints=(
            _if(lambda g, w: _close(g, back), "you forgot the derivative of tanh, 1 − a_ℓ²"),
            _if(
                lambda g, w: _close(g, back * a * (1 - a)),
                "you used the sigmoid's derivative a_ℓ(1 − a_ℓ); for tanh it is 1 − a_ℓ²",
            ),
            _if(lambda g, w: _close(g, back * (1 - a)), "the derivative of tanh is 1 − a_ℓ², not 1 − a_ℓ"),
            _if(
                lambda g, w: _close(g, back * (1 - np.tanh(a) ** 2)),
                "a is already tanh(z_ℓ): the derivative is 1 − a², not 1 − tanh(a)²",
            ),
        ),
    )
    return _verdict("tanh_hidden_delta", fn, [case], "(Δ_(ℓ+1) Θ_(ℓ+1)) ⊙ (1 − a_ℓ²): right for a batch.")


def check_bias_gradient(fn):
    """Check ``fn(delta) -> ∂E/∂b_ℓ``: the mean of δ_ℓ over the samples, one number per unit.

    delta is δ_ℓ of shape (M, H_ℓ), one row per sample; return a vector of shape (H_ℓ,).

    >>> from companion.checks import check_bias_gradient
    >>> check_bias_gradient(lambda delta: delta.sum(axis=0))   # doctest: +ELLIPSIS
    ✗ bias_gradient: ... M = 5 times too large: ...
    """
    rng = np.random.default_rng(17)
    cases = []
    for M, h in ((5, 3), (1, 4), (8, 1)):
        delta = rng.normal(size=(M, h))
        cases.append(
            _Case(
                f"δ_ℓ of shape {(M, h)}",
                (delta,),
                ("delta",),
                delta.sum(axis=0) / M,
                hints=(
                    _if(
                        lambda g, w, M=M: M > 1 and _close(g, M * w),
                        f"your result is M = {M} times too large: E is a mean over samples, so ∂E/∂b_ℓ is too",
                    ),
                    _if(lambda g, w: _close(g, -w), "your sign is flipped"),
                ),
            )
        )
    return _verdict("bias_gradient", fn, cases, "the mean of δ_ℓ, right for M = 1 and for M > 1.")
