"""Gradient checking: compare analytic gradients with central differences.

Backpropagation is easy to get subtly wrong — the source article itself does.
The remedy is independent of any derivation: nudge one weight up and down by ε,
measure how E changes, and compare with what backpropagation claims.

    ∂E/∂θ ≈ (E(θ + ε) − E(θ − ε)) / (2ε)          error O(ε²)

``gradient_check`` does this for every weight of every layer and reports one
relative error per layer.  You can hand it your own gradients (``grads=``) to
test a formula of yours — the book does so with the article's formulas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import check_grads, check_positive_real, check_thetas, describe
from .backprop import _backprop, _check_inputs, _network_error
from .network import _forward

__all__ = ["numerical_gradient", "relative_error", "gradient_check", "GradientCheck"]


def numerical_gradient(
    f: Callable[[list[np.ndarray]], float], thetas: list[np.ndarray], eps: float = 1e-6
) -> list[np.ndarray]:
    r"""Central-difference estimate of ∂f/∂Θ_ℓ for every weight of every layer.

    Equation (eq-central-difference)::

        ∂f/∂θ_{ℓ,ij} ≈ (f(Θ with θ_{ℓ,ij} + ε) − f(Θ with θ_{ℓ,ij} − ε)) / (2ε)

    ``f`` takes a list of matrices [Θ_1, …, Θ_L] and returns a number, e.g.
    ``lambda th: network_error(th, X, Y)``.  It costs 2 evaluations of f per
    weight, so keep the network small.  ``thetas`` is not modified: f sees
    perturbed copies.

    Shapes: a list of L matrices → a list of L matrices of the same shapes.

    >>> g = numerical_gradient(lambda th: float((th[0] ** 2).sum()), [np.array([[1.0, 2.0]])])
    >>> g[0].round(6)
    array([[2., 4.]])
    """
    if not callable(f):
        raise TypeError(f"f must be a function of thetas returning a number, got {describe(f)}")
    thetas = check_thetas(thetas)
    eps = check_positive_real(eps, "eps", symbol="ε")
    grads = []
    for ell, theta in enumerate(thetas):
        g = np.zeros_like(theta, dtype=np.float64)
        for idx in np.ndindex(theta.shape):
            values = []
            for sign in (+1, -1):
                shifted = theta.copy()
                shifted[idx] += sign * eps
                values.append(float(f(thetas[:ell] + [shifted] + thetas[ell + 1:])))
            g[idx] = (values[0] - values[1]) / (2 * eps)
        grads.append(g)
    return grads


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Relative distance between two arrays: ‖a − b‖ / (‖a‖ + ‖b‖), Frobenius norms.

    Equation (eq-relative-error)::

        r = ‖a − b‖ / (‖a‖ + ‖b‖)        (0 when both are 0)

    0 means identical, 1 means unrelated (or opposite).  Scale-free, so one
    threshold (1e-7 in float64) serves every layer.

    Shapes: any two arrays of the same shape → a float.

    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> round(relative_error([1.0, 0.0], [-1.0, 0.0]), 4)
    1.0
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error needs two arrays of one shape, got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def _bucket(r):
    """'< 1e-09'-style upper bound: stable across machines, unlike the last digits of r."""
    if r == 0:
        return "0"
    return f"< 1e{int(np.floor(np.log10(r))) + 1:+03d}"


@dataclass(frozen=True)
class GradientCheck:
    """The outcome of ``gradient_check``: one relative error per layer.

    ``errors[ℓ - 1]`` compares the checked ∂E/∂Θ_ℓ with central differences;
    ``passed`` is True when every error is ≤ ``tol``.  Printing it shows a table
    with each error rounded *up* to a power of ten, which reads the same on
    every machine.
    """

    errors: list
    shapes: list
    tol: float
    loss: str
    eps: float

    @property
    def passed(self) -> bool:
        return all(e <= self.tol for e in self.errors)

    @property
    def max_error(self) -> float:
        return max(self.errors)

    def __str__(self) -> str:
        lines = [f"gradient check: {self.loss}",
                 f"  central differences with ε = {self.eps:g}, tolerance {self.tol:g}",
                 "  ℓ   shape of Θ_ℓ   relative error   verdict"]
        for ell, (err, shape) in enumerate(zip(self.errors, self.shapes), start=1):
            verdict = "ok" if err <= self.tol else "WRONG"
            lines.append(f"  {ell:<3d} {str(shape):<14s} {_bucket(err):<16s} {verdict}")
        lines.append("all layers agree" if self.passed else "some layers disagree with central differences")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle):  # IPython shows the table, not the dataclass fields
        p.text(str(self))


def gradient_check(
    thetas: list[np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    loss: str = "cross_entropy",
    grads: list[np.ndarray] | None = None,
    eps: float = 1e-6,
    tol: float = 1e-7,
) -> GradientCheck:
    r"""Check gradients of E(Θ) against central differences, layer by layer.

    Equations (eq-central-difference) and (eq-relative-error)::

        r_ℓ = ‖G_ℓ − Ĝ_ℓ‖ / (‖G_ℓ‖ + ‖Ĝ_ℓ‖),   Ĝ_ℓ,ij = (E(θ_{ℓ,ij} + ε) − E(θ_{ℓ,ij} − ε)) / 2ε

    ``grads`` are the gradients under test, [∂E/∂Θ_1, …, ∂E/∂Θ_L]; by default
    those of ``companion``'s backpropagation.  Pass your own to test a formula.
    Run it in float64: float32 rounding swamps the differences.

    Shapes: X (M, N), Y (M, P) or labels (M,), grads like thetas → ``GradientCheck``.

    >>> X = [[0.5, -1.0], [1.0, 2.0]]; Y = [0, 1]
    >>> gradient_check(init_thetas([2, 3, 2]), X, Y).passed
    True
    """
    thetas, X, Y = _check_inputs(thetas, X, Y, loss)
    eps = check_positive_real(eps, "eps", symbol="ε")
    tol = check_positive_real(tol, "tol")
    if grads is None:
        grads = _backprop(thetas, _forward(thetas, X), Y, loss).grad
    else:
        grads = check_grads(grads, thetas)
    numeric = numerical_gradient(lambda th: _network_error(th, X, Y, loss), thetas, eps)
    errors = [relative_error(g, n) for g, n in zip(grads, numeric)]
    return GradientCheck(errors=errors, shapes=[t.shape for t in thetas], tol=tol, loss=loss, eps=eps)
