"""Putting formulas to the test: the book's measuring tools, and the article's recipe as written.

The backpropagation and errata chapters test every formula the same way: measure
the derivative by central differences, compare the formula with the measurement
through the relative error, and say whether they agree.  The three tools they
share live here, so that both chapters call one tested implementation:

* ``partial_derivatives(f, v)``: ∂f/∂v for every entry of an array v;
* ``layer_derivative(thetas, X, Y, ell, wrt)``: ∂E/∂z_ℓ (that is δ_ℓ / M) or
  ∂E/∂a_ℓ, measured without any backpropagation;
* ``compare(name, formula, measured)``: "agrees" or "DISAGREES (r = …)".

``article_gradients`` is the article's recipe exactly as it writes it
(δ_ℓ = a_ℓ − 1 in every layer).  It is wrong — the book shows where and why —
and is here only so that the book can train with it and show the damage.
Depends on numpy only, like the rest of the core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    as_array,
    check_choice,
    check_int,
    check_positive_real,
    check_thetas,
    check_X,
    check_Y,
    describe,
)
from .activations import _sigmoid, _softmax
from .gradcheck import numerical_gradient, relative_error
from .losses import LOSSES, _cross_entropy_from_logits, _mse
from .network import _checked_forward

__all__ = ["partial_derivatives", "layer_derivative", "compare", "Comparison", "article_gradients"]


def _inputs(thetas, X, Y, loss):
    check_choice(loss, "loss", LOSSES)
    thetas = check_thetas(thetas)
    X = check_X(X, thetas)
    return thetas, X, check_Y(Y, X.shape[0], thetas[-1].shape[0], dtype=thetas[0].dtype)


def partial_derivatives(f: Callable[[np.ndarray], float], v: ArrayLike, eps: float = 1e-6) -> np.ndarray:
    r"""Central differences of the number f(v) with respect to every entry of the array v.

    Equation (eq-central-difference)::

        ∂f/∂v_k ≈ (f(v with v_k + ε) − f(v with v_k − ε)) / (2ε)

    ``f`` takes an array shaped like ``v`` and returns a number; ``v`` is not
    modified (f sees perturbed copies).  Two evaluations of f per entry.

    Shapes: v of any shape, e.g. a row (1, n) → an array of the same shape.

    >>> partial_derivatives(lambda v: float((v ** 2).sum()), np.array([[1.0, -2.0]])).round(6)
    array([[ 2., -4.]])
    """
    if not callable(f):
        raise TypeError(f"f must be a function of v returning a number, got {describe(f)}")
    v = as_array(v, "v")
    if v.ndim == 0 or v.size == 0:
        raise ValueError(f"v must be an array with at least one entry, e.g. a row (1, n); got shape {v.shape}")
    # numerical_gradient perturbs matrices: v is seen as one row, and f gets it back in v's own shape
    row = v.reshape(1, -1)
    return numerical_gradient(lambda vs: f(vs[0].reshape(v.shape)), [row], eps)[0].reshape(v.shape)


def layer_derivative(
    thetas: list[np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    ell: int,
    wrt: str = "z",
    loss: str = "cross_entropy",
    eps: float = 1e-6,
) -> np.ndarray:
    r"""∂E/∂z_ℓ or ∂E/∂a_ℓ, measured by central differences (no backpropagation involved).

    Equations (eq-delta-def) and (eq-grad-mean)::

        wrt="z":  ∂E/∂z_{ℓ,i} of each sample = δ_{ℓ,i} / M
        wrt="a":  ∂E/∂a_{ℓ,i} of each sample = (Θ_{ℓ+1}ᵀ δ_{ℓ+1})_i / M   (ℓ < L)

    E is seen as a function of one layer's values alone: the layers ℓ+1 … L are
    run on them (and, for wrt="z", the activation g_ℓ first).  With one sample
    (M = 1), E is that sample's loss ℒ and the result *is* δ_ℓ (for wrt="z") —
    an independent reference for backpropagation.

    Shapes: X (M, N), Y (M, P) or labels (M,); 1 ≤ ℓ ≤ L → (M, H_ℓ).

    >>> thetas = [np.array([[1.0, -1.0]]), np.array([[2.0], [0.0]])]
    >>> layer_derivative(thetas, [[0.5, 0.5]], [[1, 0]], 2).round(4)   # δ_2 = a_2 − y
    array([[-0.2689,  0.2689]])
    """
    thetas, X, Y = _inputs(thetas, X, Y, loss)
    L = len(thetas)
    ell = check_int(ell, "ℓ (ell)", minimum=1)
    if ell > L:
        raise ValueError(f"ℓ (ell) must be a layer 1 … L = {L} of this network, got ℓ = {ell}")
    check_choice(wrt, "wrt", ("z", "a"))
    eps = check_positive_real(eps, "eps", symbol="ε")
    fp = _checked_forward(thetas, X)  # a z_ℓ that overflows is refused here, naming X and Θ_ℓ
    values = fp.z[ell] if wrt == "z" else fp.a[ell]

    def error_from(v):
        with np.errstate(all="ignore"):
            E = _error_after(v)
        if not np.isfinite(E):
            raise ValueError(
                f"ε = {eps:g} must be small enough for E to stay finite when {wrt}_{ell} moves by ±ε; "
                f"got E = {E} (try ε = 1e-6)"
            )
        return E

    def _error_after(v):
        # E from layer ℓ's values on: g_ℓ (if v is z_ℓ), then layers ℓ+1 … L
        if wrt == "a" and ell == L:
            return float(_error_from_output(Y, v, loss))
        a = v if wrt == "a" else _sigmoid(v)
        z = v
        for k in range(ell + 1, L + 1):
            z = a @ thetas[k - 1].T
            a = _sigmoid(z)
        if loss == "cross_entropy":
            return float(_cross_entropy_from_logits(Y, z).mean())
        return float(_mse(Y, _softmax(z)).mean())

    return partial_derivatives(error_from, values, eps)


@dataclass(frozen=True)
class Comparison:
    """The outcome of ``compare``: the relative error r of a formula against a measurement.

    ``passed`` is True when r < ``tol``.  Printing it gives one line,
    ``name: agrees`` or ``name: DISAGREES (r = 0.65)``.
    """

    name: str
    r: float
    tol: float

    @property
    def passed(self) -> bool:
        return self.r < self.tol

    def __str__(self) -> str:
        verdict = "agrees" if self.passed else f"DISAGREES (r = {self.r:.2f})"
        return f"{self.name}: {verdict}"

    def _repr_pretty_(self, p, cycle):  # IPython shows the verdict line
        p.text(str(self))


def compare(name: str, formula: ArrayLike, measured: ArrayLike, tol: float = 1e-7) -> Comparison:
    r"""Does a formula agree with a measured derivative?  Relative error against a tolerance.

    Equation (eq-relative-error)::

        r = ‖G − Ĝ‖ / (‖G‖ + ‖Ĝ‖),   the formula agrees when r < tol

    A correct formula measured with ε = 10⁻⁶ gives r around 10⁻⁹; a wrong one
    10⁻² or more.  ``print`` the result to see the verdict.

    Shapes: formula and measured, arrays of one shape → ``Comparison``.

    >>> print(compare("2v", np.array([2.0, -4.0]), np.array([2.0, -4.0])))
    2v: agrees
    >>> print(compare("v", np.array([1.0, -2.0]), np.array([2.0, -4.0])))
    v: DISAGREES (r = 0.33)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str that names the formula, got {describe(name)}")
    tol = check_positive_real(tol, "tol")
    return Comparison(name=name, r=relative_error(formula, measured), tol=tol)


def article_gradients(thetas: list[np.ndarray], X: ArrayLike, Y: ArrayLike) -> list[np.ndarray]:
    r"""The article's gradients exactly as it writes them — WRONG; for showing the damage only.

    Equations: the article's boxes, δ_ℓ = a_ℓ − 1 in every layer (errata 10 and
    11 of the book), inserted in its batched gradients (errata 8 and 13)::

        ∂E/∂Θ_L = (1/M) (A_L − 1)ᵀ A_{L−1}
        ∂E/∂Θ_ℓ = (1/M) [((A_{ℓ+1} − 1) Θ_{ℓ+1}) ⊙ A_ℓ ⊙ (1 − A_ℓ)]ᵀ A_{ℓ−1}

    Y never enters: the result is the same whatever the labels say.  The correct
    gradients are ``companion.gradients`` (eq-grad-batch).

    Shapes: X (M, N), Y (M, P) or labels (M,) → a list like thetas.

    >>> thetas = [np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([[1.0, 0.0], [0.0, 1.0]])]
    >>> wrong = article_gradients(thetas, [[1.0, 2.0]], [[0, 1]])
    >>> same = article_gradients(thetas, [[1.0, 2.0]], [[1, 0]])
    >>> all(np.array_equal(w, s) for w, s in zip(wrong, same))
    True
    """
    thetas, X, Y = _inputs(thetas, X, Y, "cross_entropy")
    A = _checked_forward(thetas, X).a
    L, M = len(thetas), X.shape[0]
    grads = [None] * L
    grads[L - 1] = (A[L] - 1).T @ A[L - 1] / M
    for ell in range(L - 1, 0, -1):
        back = ((A[ell + 1] - 1) @ thetas[ell]) * A[ell] * (1 - A[ell])
        grads[ell - 1] = back.T @ A[ell - 1] / M
    return grads


def _error_from_output(Y, a_L, loss):
    """E from the outputs a_L themselves (not the logits): the article's ℒ_CE or ℒ_MSE."""
    if loss == "mse":
        return _mse(Y, a_L).mean()
    return -(Y * np.log(a_L)).sum(axis=1).mean()
