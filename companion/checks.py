"""Checks for the exercises: call one on your own function and read what it says.

Each ``check_…`` runs your function on a few inputs, compares the results with
``companion``'s own implementation and answers with a ``CheckResult`` that
prints either a ✓ line or a specific hint about the *first* thing that is off
— the shape, a row that does not sum to 1, a factor of M, a sign, an overflow
— without ever showing the solution.  Checks never raise on a wrong answer; an
exception inside your function is reported as a message too.

    >>> from companion.checks import check_softmax
    >>> check_softmax(lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))   # doctest: +ELLIPSIS
    ✗ softmax: ... overflow ...
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .activations import _sigmoid, _softmax
from .backprop import _backprop, _output_delta
from .datasets import one_hot as _one_hot
from .network import _forward, init_thetas
from .training import _step

__all__ = ["CheckResult", "check_one_hot", "check_sigmoid", "check_softmax", "check_forward", "check_mse",
           "check_cross_entropy", "check_output_delta", "check_hidden_delta", "check_gradients",
           "check_gradient_descent_step"]


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


class _Fail(Exception):
    """Raised inside a check to stop at the first problem found."""


def _run(name, body):
    try:
        ok_message = body()
    except _Fail as fail:
        return CheckResult(name, False, str(fail))
    return CheckResult(name, True, ok_message)


def _call(fn, what, *args):
    """Call the learner's function; turn exceptions and numpy warnings into hints."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                out = fn(*args)
        except FloatingPointError as exc:
            raise _Fail(f"on {what}, numpy reported a floating-point problem ({exc}): an overflow "
                        f"or a division by zero — think about how to keep the numbers in range") from None
        except RuntimeWarning as exc:
            raise _Fail(f"on {what}, numpy warned: {exc} — an overflow or an invalid operation") from None
        except NotImplementedError:
            raise _Fail(f"on {what}, your function raised NotImplementedError — "
                        f"have you written it yet?") from None
        except Exception as exc:  # the learner's code may raise anything
            raise _Fail(f"on {what}, your function raised {type(exc).__name__}: {exc}") from None
    return out


def _as_result(out, what, shape):
    if isinstance(out, (list, tuple)) and shape is not None and not np.isscalar(out):
        out = np.asarray(out, dtype=float)
    if shape == ():
        try:
            value = float(out)
        except (TypeError, ValueError):
            raise _Fail(f"on {what}, expected a single number, got {type(out).__name__}"
                        + (f" of shape {np.shape(out)}" if hasattr(out, "shape") else "")) from None
        if not np.isfinite(value):
            raise _Fail(f"on {what}, your function returned {value} — it should be a finite number")
        return value
    if not isinstance(out, np.ndarray):
        raise _Fail(f"on {what}, expected a numpy array of shape {shape}, got {type(out).__name__}")
    if out.shape != shape:
        hint = " (transposed?)" if out.shape == shape[::-1] else ""
        raise _Fail(f"on {what}, expected an array of shape {shape}, got {out.shape}{hint}")
    if not np.all(np.isfinite(out)):
        i = tuple(int(k) for k in np.argwhere(~np.isfinite(out))[0])
        raise _Fail(f"on {what}, your result has {out[i]} at index {i}; every entry should be finite")
    return out


def _compare(got, want, what, hints=(), rtol=1e-6, atol=1e-9):
    """Fail with the most specific hint that explains the difference."""
    if np.allclose(got, want, rtol=rtol, atol=atol):
        return
    for test, hint in hints:
        try:
            if test(got, want):
                raise _Fail(f"on {what}: {hint}")
        except _Fail:
            raise
        except Exception:  # a hint's test may not apply to this shape
            pass
    diff = np.abs(np.asarray(got, dtype=float) - np.asarray(want, dtype=float))
    if np.ndim(diff) == 0:
        raise _Fail(f"on {what}, your value {float(got):.6g} differs from the expected one")
    i = tuple(int(k) for k in np.unravel_index(np.argmax(diff), np.shape(diff)))
    raise _Fail(f"on {what}, the largest difference from the expected result is at index {i}: "
                f"you have {np.asarray(got)[i]:.6g} there")


def _ratio(k):
    """A hint test: got = k · want (for a factor like M or P)."""
    return lambda got, want: np.allclose(np.asarray(got), k * np.asarray(want), rtol=1e-6)


def _check_callable(fn, name):
    if not callable(fn):
        raise TypeError(f"{name} takes your function as its argument, got {type(fn).__name__}")


# --- notation

def check_one_hot(fn):
    """Check ``fn(labels, P) -> Y``: labels (M,) in [0, P) → one-hot Y (M, P).

    >>> from companion.checks import check_one_hot
    >>> check_one_hot(lambda labels, P: np.eye(P)[labels])
    ✓ one_hot: your one-hot matrices are right, including a class that never occurs.
    """
    _check_callable(fn, "check_one_hot")

    def body():
        for labels, P in (([2, 0, 1, 1], 3), ([0, 0, 3], 5)):
            what = f"labels = {labels}, P = {P}"
            got = _as_result(_call(fn, what, np.array(labels), P), what, (len(labels), P))
            if not np.all(got.sum(axis=1) == 1):
                i = int(np.argmax(got.sum(axis=1) != 1))
                raise _Fail(f"on {what}, row {i} should hold exactly one 1; it sums to {got[i].sum():g}")
            _compare(got, _one_hot(labels, P), what,
                     hints=[(lambda g, w: np.allclose(g, w[:, ::-1]), "your columns are in reverse order")])
        return "your one-hot matrices are right, including a class that never occurs."
    return _run("one_hot", body)


# --- activations

def check_sigmoid(fn):
    """Check ``fn(z) -> a``: the sigmoid, element by element, stable for |z| up to 1000.

    >>> from companion.checks import check_sigmoid
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(-z)))   # doctest: +ELLIPSIS
    ✗ sigmoid: on z = [-1000, ...], numpy ... overflow ...
    """
    _check_callable(fn, "check_sigmoid")

    def body():
        z = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0], [1.0, -1.0, 4.0, -4.0, 0.1]])
        what = "a 2×5 array of moderate z"
        got = _as_result(_call(fn, what, z.copy()), what, z.shape)
        _compare(got, _sigmoid(z), what,
                 hints=[(lambda g, w: np.allclose(g, 1 - w), "you computed 1/(1 + e^{+z}): check the sign in the exponent"),
                        (lambda g, w: np.allclose(g, np.exp(-z)), "that is e^{−z}, not 1/(1 + e^{−z})")])
        big = np.array([[-1000.0, -40.0, 40.0, 1000.0]])
        what = "z = [-1000, -40, 40, 1000]"
        got = _as_result(_call(fn, what, big.copy()), what, big.shape)
        _compare(got, _sigmoid(big), what)
        return "right values, and no overflow even at z = ±1000."
    return _run("sigmoid", body)


def check_softmax(fn):
    """Check ``fn(z) -> a``: the softmax of each row of z (M, P), stable for large z.

    >>> from companion.checks import check_softmax
    >>> check_softmax(lambda z: np.exp(z) / np.exp(z).sum())   # doctest: +ELLIPSIS
    ✗ softmax: on a 4×3 array z, your rows do not sum to 1: row 1 sums to 0.0142 (normalise each row by its own sum)
    """
    _check_callable(fn, "check_softmax")

    def body():
        z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 5.0, 2.0], [3.0, -2.0, 0.5]])
        what = "a 4×3 array z"
        got = _as_result(_call(fn, what, z.copy()), what, z.shape)
        sums = got.sum(axis=1)
        if not np.allclose(sums, 1):
            i = int(np.argmax(np.abs(sums - 1)))
            raise _Fail(f"on {what}, your rows do not sum to 1: row {i} sums to {sums[i]:.3g} "
                        f"(normalise each row by its own sum)")
        _compare(got, _softmax(z), what,
                 hints=[(lambda g, w: np.allclose(g, _softmax(z.T).T), "you normalised columns instead of rows")])
        big = np.array([[1000.0, 999.0, 0.0], [-1000.0, -1001.0, -999.0]])
        what = "z with entries near ±1000"
        got = _as_result(_call(fn, what, big.copy()), what, big.shape)
        _compare(got, _softmax(big), what)
        return "rows sum to 1, values right, and stable at |z| ≈ 1000."
    return _run("softmax", body)


# --- forward pass

def check_forward(fn):
    """Check ``fn(thetas, X) -> Ŷ``: the whole forward pass, sigmoid hidden layers, softmax output.

    ``thetas[ℓ-1]`` is Θ_ℓ of shape (H_ℓ, H_{ℓ−1}); X is (M, N); return Ŷ = a_L (M, P).

    >>> from companion.checks import check_forward
    >>> from companion import forward
    >>> check_forward(lambda thetas, X: forward(thetas, X).y_hat)
    ✓ forward: Ŷ is right for networks with 1, 2 and 3 layers.
    """
    _check_callable(fn, "check_forward")

    def body():
        rng = np.random.default_rng(7)
        for sizes in ([3, 2], [3, 4, 2], [4, 5, 3, 3]):
            thetas = init_thetas(sizes, seed=3)
            X = rng.normal(size=(5, sizes[0]))
            what = f"a network with sizes {sizes} and M = 5 samples"
            got = _as_result(_call(fn, what, [t.copy() for t in thetas], X.copy()), what, (5, sizes[-1]))
            fp = _forward(thetas, X)
            _compare(got, fp.y_hat, what, hints=[
                (lambda g, w: np.allclose(g, _sigmoid(fp.z[-1])),
                 "the last layer should use the softmax, not the sigmoid"),
                (lambda g, w: not np.allclose(g.sum(axis=1), 1), "each row of Ŷ should sum to 1 (softmax output)"),
            ])
        return "Ŷ is right for networks with 1, 2 and 3 layers."
    return _run("forward", body)


# --- losses

def _loss_cases():
    Y = _one_hot(np.array([0, 2, 1, 2]), 3)
    Y_hat = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25], [0.05, 0.05, 0.9]])
    return Y, Y_hat


def check_mse(fn):
    """Check ``fn(Y, Y_hat) -> E_MSE``: (1/M) Σ_i (1/P) Σ_j (ŷ_ij − y_ij)², a single number.

    >>> from companion.checks import check_mse
    >>> check_mse(lambda Y, Y_hat: ((Y_hat - Y) ** 2).sum())   # doctest: +ELLIPSIS
    ✗ mse: ... M·P ...
    """
    _check_callable(fn, "check_mse")

    def body():
        Y, Y_hat = _loss_cases()
        M, P = Y.shape
        what = f"M = {M} samples and P = {P} classes"
        got = _as_result(_call(fn, what, Y.copy(), Y_hat.copy()), what, ())
        want = float(((Y_hat - Y) ** 2).mean())
        _compare(got, want, what, hints=[
            (_ratio(M * P), "your value is M·P times too large: average over samples and outputs, not sum"),
            (_ratio(P), "your value is P times too large: ℒ_MSE averages over the P outputs"),
            (_ratio(M), "your value is M times too large: E averages the M losses"),
            (lambda g, w: np.isclose(g, np.sqrt(w)), "that is a root mean square: do not take the square root"),
        ])
        return "E_MSE is right."
    return _run("mse", body)


def check_cross_entropy(fn):
    """Check ``fn(Y, Y_hat) -> E_CE``: −(1/M) Σ_i Σ_j y_ij log ŷ_ij, finite when some ŷ_ij = 0.

    >>> from companion.checks import check_cross_entropy
    >>> check_cross_entropy(lambda Y, Y_hat: -(Y * np.log(Y_hat)).sum(axis=1).mean())   # doctest: +ELLIPSIS
    ✗ cross_entropy: on a prediction with ŷ_ij = 0 ...
    """
    _check_callable(fn, "check_cross_entropy")

    def body():
        Y, Y_hat = _loss_cases()
        M = Y.shape[0]
        what = f"M = {M} samples"
        got = _as_result(_call(fn, what, Y.copy(), Y_hat.copy()), what, ())
        want = float(-(Y * np.log(Y_hat)).sum(axis=1).mean())
        _compare(got, want, what, hints=[
            (_ratio(-1), "your sign is flipped: E_CE has a minus in front, so that it is ≥ 0"),
            (_ratio(M), "your value is M times too large: E averages the losses over the samples"),
            (_ratio(1 / np.log(10)), "you used log₁₀; the book's log is the natural logarithm"),
            (lambda g, w: np.isclose(g, float(-(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat)).sum(axis=1).mean())),
             "that is the binary cross-entropy summed over classes; the multiclass one has only the y log ŷ terms"),
        ])
        Y0 = _one_hot(np.array([0, 1]), 3)
        Y_hat0 = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        what = "a prediction with ŷ_ij = 0 on the wrong classes (a confident correct answer)"
        got = _as_result(_call(fn, what, Y0, Y_hat0), what, ())
        _compare(got, 0.0, what)
        return "E_CE is right, and 0·log 0 is handled."
    return _run("cross_entropy", body)


# --- backpropagation

def check_output_delta(fn):
    """Check ``fn(a_L, Y) -> δ_L``: the output layer's δ for softmax + cross-entropy, shape (M, P).

    >>> from companion.checks import check_output_delta
    >>> check_output_delta(lambda a_L, Y: a_L - 1)   # doctest: +ELLIPSIS
    ✗ output_delta: ... you returned a_L − 1, the article's formula: it is right on the true class only; ...
    """
    _check_callable(fn, "check_output_delta")

    def body():
        Y, a_L = _loss_cases()
        what = "a_L and Y for M = 4 samples, P = 3 classes"
        got = _as_result(_call(fn, what, a_L.copy(), Y.copy()), what, a_L.shape)
        want = _output_delta(a_L, Y, "cross_entropy")
        _compare(got, want, what, hints=[
            (lambda g, w: np.allclose(g, a_L - 1),
             "you returned a_L − 1, the article's formula: it is right on the true class only; "
             "what happens on the others, where y_j = 0?"),
            (lambda g, w: np.allclose(g, Y - a_L), "your sign is flipped"),
            (lambda g, w: np.allclose(g, (a_L - Y) * a_L * (1 - a_L)),
             "you multiplied by a(1 − a), the diagonal of the softmax Jacobian: with cross-entropy "
             "the off-diagonal terms cancel it out"),
        ])
        return "δ_L is right for every class, not only the true one."
    return _run("output_delta", body)


def check_hidden_delta(fn):
    """Check ``fn(delta_next, theta_next, a) -> δ_ℓ`` for a sigmoid hidden layer, samples in rows.

    delta_next is δ_{ℓ+1} (M, H_{ℓ+1}), theta_next is Θ_{ℓ+1} (H_{ℓ+1}, H_ℓ), a is a_ℓ (M, H_ℓ);
    return δ_ℓ (M, H_ℓ).

    >>> from companion.checks import check_hidden_delta
    >>> check_hidden_delta(lambda d, th, a: a - 1)   # doctest: +ELLIPSIS
    ✗ hidden_delta: ... you returned a_ℓ − 1, the article's formula; ...
    """
    _check_callable(fn, "check_hidden_delta")

    def body():
        rng = np.random.default_rng(11)
        M, h_next, h = 4, 3, 5
        delta_next = rng.normal(size=(M, h_next))
        theta_next = rng.normal(size=(h_next, h))
        a = _sigmoid(rng.normal(size=(M, h)))
        what = f"δ_(ℓ+1) of shape {(M, h_next)}, Θ_(ℓ+1) of shape {(h_next, h)}, a_ℓ of shape {(M, h)}"
        got = _as_result(_call(fn, what, delta_next.copy(), theta_next.copy(), a.copy()), what, (M, h))
        back = delta_next @ theta_next
        _compare(got, back * a * (1 - a), what, hints=[
            (lambda g, w: np.allclose(g, a - 1), "you returned a_ℓ − 1, the article's formula; "
             "the chain rule brings in δ_(ℓ+1) and Θ_(ℓ+1)"),
            (lambda g, w: np.allclose(g, back), "you forgot the sigmoid's derivative a_ℓ ⊙ (1 − a_ℓ)"),
            (lambda g, w: np.allclose(g, back * a), "the sigmoid's derivative is a_ℓ ⊙ (1 − a_ℓ), not a_ℓ"),
        ])
        return "δ_ℓ = (Θ_(ℓ+1)ᵀ δ_(ℓ+1)) ⊙ a_ℓ ⊙ (1 − a_ℓ), right for a whole batch."
    return _run("hidden_delta", body)


def check_gradients(fn):
    """Check ``fn(thetas, X, Y) -> [∂E/∂Θ_1, …, ∂E/∂Θ_L]`` for softmax + cross-entropy.

    >>> from companion.checks import check_gradients
    >>> from companion import gradients
    >>> check_gradients(lambda thetas, X, Y: gradients(thetas, X, Y).grad)
    ✓ gradients: every ∂E/∂Θ_ℓ is right, for 1, 2 and 3 layers.
    """
    _check_callable(fn, "check_gradients")

    def body():
        rng = np.random.default_rng(5)
        for sizes in ([3, 2], [3, 4, 2], [4, 5, 3, 3]):
            thetas = init_thetas(sizes, seed=2)
            M = 6
            X = rng.normal(size=(M, sizes[0]))
            Y = _one_hot(rng.integers(0, sizes[-1], M), sizes[-1])
            what = f"a network with sizes {sizes} and M = {M}"
            got = _call(fn, what, [t.copy() for t in thetas], X.copy(), Y.copy())
            if not isinstance(got, (list, tuple)) or len(got) != len(thetas):
                raise _Fail(f"on {what}, expected a list of L = {len(thetas)} arrays, got "
                            f"{type(got).__name__}" + (f" of length {len(got)}" if hasattr(got, '__len__') else ""))
            want = _backprop(thetas, _forward(thetas, X), Y, "cross_entropy").grad
            for ell, (g, w) in enumerate(zip(got, want), start=1):
                g = _as_result(np.asarray(g) if not isinstance(g, np.ndarray) else g, f"{what}, layer {ell}", w.shape)
                _compare(g, w, f"{what}, ∂E/∂Θ_{ell}", hints=[
                    (_ratio(M), f"∂E/∂Θ_{ell} is M = {M} times too large: E is a mean over samples"),
                    (_ratio(-1), f"∂E/∂Θ_{ell} has the wrong sign"),
                ])
        return "every ∂E/∂Θ_ℓ is right, for 1, 2 and 3 layers."
    return _run("gradients", body)


def check_gradient_descent_step(fn):
    """Check ``fn(thetas, grads, alpha) -> new thetas``: Θ_ℓ − α ∂E/∂Θ_ℓ, inputs left unchanged.

    >>> from companion.checks import check_gradient_descent_step
    >>> check_gradient_descent_step(lambda th, g, alpha: [t - alpha * d for t, d in zip(th, g)])
    ✓ gradient_descent_step: right update, and your inputs were left unchanged.
    """
    _check_callable(fn, "check_gradient_descent_step")

    def body():
        thetas = init_thetas([3, 4, 2], seed=9)
        rng = np.random.default_rng(9)
        grads = [rng.normal(size=t.shape) for t in thetas]
        alpha = 0.3
        originals = [t.copy() for t in thetas]
        what = "a 3-4-2 network with α = 0.3"
        got = _call(fn, what, thetas, grads, alpha)
        if not isinstance(got, (list, tuple)) or len(got) != 2:
            raise _Fail(f"on {what}, expected a list of L = 2 matrices, got {type(got).__name__}")
        want = _step(originals, grads, alpha)
        for ell, (g, w) in enumerate(zip(got, want), start=1):
            g = _as_result(g, f"{what}, Θ_{ell}", w.shape)
            _compare(g, w, f"{what}, Θ_{ell}", hints=[
                (lambda g_, w_, o=originals[ell - 1], d=grads[ell - 1]: np.allclose(g_, o + alpha * d),
                 "you stepped uphill: gradient descent subtracts α ∂E/∂Θ"),
                (lambda g_, w_, o=originals[ell - 1], d=grads[ell - 1]: np.allclose(g_, o - d),
                 "you forgot the learning rate α"),
            ])
        if any(not np.array_equal(t, o) for t, o in zip(thetas, originals)):
            raise _Fail("the update is right, but your function changed the Θ matrices it was given "
                        "(in place); return new arrays instead, so that Θ^(t) is still there to compare with")
        return "right update, and your inputs were left unchanged."
    return _run("gradient_descent_step", body)
