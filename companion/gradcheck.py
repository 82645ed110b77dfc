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

import numbers
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    as_array,
    check_biases,
    check_callable,
    check_choice,
    check_data,
    check_grads,
    check_nonnegative_real,
    check_positive_real,
    check_thetas,
    describe,
)
from .activations import HIDDEN_ACTIVATIONS
from .backprop import _checked_backprop, _network_error
from .losses import LOSSES
from .network import _checked_forward

__all__ = ["numerical_gradient", "relative_error", "gradient_check", "GradientCheck"]


def numerical_gradient(
    f: Callable[[list[np.ndarray]], float], thetas: list[np.ndarray], eps: float = 1e-6
) -> list[np.ndarray]:
    r"""Central-difference estimate of ∂f/∂Θ_ℓ for every weight of every layer.

    Equation (eq-central-difference)::

        ∂f/∂θ_{ℓ,ij} ≈ (f(Θ with θ_{ℓ,ij} + ε) − f(Θ with θ_{ℓ,ij} − ε)) / (2ε)

    ``f`` takes a list of matrices [Θ_1, …, Θ_L] and returns a number, e.g.
    ``lambda th: network_error(th, X, Y)``.  It costs 2 evaluations of f per
    weight, so keep the network small.  ``thetas`` is not modified: every call
    of f gets fresh copies (one entry perturbed), so even an f that writes into
    its argument cannot change them.  f must return a finite number (a float, a
    numpy scalar or a 0-d array); ε must lie in (0, 1].

    Shapes: a list of L matrices → a list of L matrices of the same shapes.

    >>> g = numerical_gradient(lambda th: float((th[0] ** 2).sum()), [np.array([[1.0, 2.0]])])
    >>> g[0].round(6)
    array([[2., 4.]])
    """
    check_callable(f, "f", "f(thetas) returning a number")
    thetas = check_thetas(thetas)
    eps = check_positive_real(eps, "eps", symbol="ε", maximum=1.0)
    return _numerical_gradient(f, thetas, eps, "f")


def _numerical_gradient(f, thetas, eps, name):
    grads = []
    for ell, theta in enumerate(thetas):
        g = np.zeros_like(theta, dtype=np.float64)
        for idx in np.ndindex(theta.shape):
            values = []
            for sign in (+1, -1):
                copies = [t.copy() for t in thetas]  # f gets copies: whatever it does, thetas stay as they are
                copies[ell][idx] += sign * eps
                values.append(_number(f(copies), name, ell + 1, idx, sign))
            with np.errstate(over="ignore", invalid="ignore"):
                g[idx] = (values[0] - values[1]) / (2 * eps)
            if not np.isfinite(g[idx]):
                raise ValueError(
                    f"{name} must change by a finite amount between θ ± ε; got {name} = {values[0]:.4g} "
                    f"and {values[1]:.4g} at Θ_{ell + 1}{list(idx)} ± ε, whose difference overflows"
                )
        grads.append(g)
    return grads


def _number(value, name, ell, idx, sign):
    """The value f returned, as a finite float, or a clear error naming f and where it was evaluated."""
    where = f"Θ_{ell}{list(idx)} {'+' if sign > 0 else '−'} ε"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        hint = "; take one entry, e.g. f(thetas)[0], or .item()" if isinstance(value, np.ndarray) else ""
        raise TypeError(f"{name} must return a number (a float), got {describe(value)} at {where}{hint}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must return a finite number near thetas, got {value} at {where}")
    return value


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
    a = as_array(a, "a", dtype=np.float64)
    b = as_array(b, "b", dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"b must have the shape of a, {a.shape}; got {b.shape}")
    biggest = max(float(np.abs(a).max(initial=0)), float(np.abs(b).max(initial=0)))
    if biggest == 0:
        return 0.0
    if not 2.0**-500 < biggest < 2.0**500:
        # r is scale-free: bring the largest entry near 1 by a power of two (exact), so that
        # neither the squares in the norms nor a − b overflow (or underflow) for extreme inputs.
        shift = -np.frexp(biggest)[1]
        with np.errstate(under="ignore"):
            a, b = np.ldexp(a, shift), np.ldexp(b, shift)
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
    ``bias_errors[ℓ - 1]`` does the same for ∂E/∂b_ℓ when the network has bias
    units (empty otherwise); ``passed`` is True when every error is ≤ ``tol``.  Printing it shows a table
    with each error rounded *up* to a power of ten, which reads the same on
    every machine.
    """

    errors: list
    shapes: list
    tol: float
    loss: str
    eps: float
    bias_errors: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(e <= self.tol for e in self.errors + self.bias_errors)

    @property
    def max_error(self) -> float:
        return max(self.errors + self.bias_errors)

    def __str__(self) -> str:
        lines = [
            f"gradient check: {self.loss}",
            f"  central differences with ε = {self.eps:g}, tolerance {self.tol:g}",
            "  ℓ   shape of Θ_ℓ   relative error   verdict",
        ]
        for ell, (err, shape) in enumerate(zip(self.errors, self.shapes), start=1):
            verdict = "ok" if err <= self.tol else "WRONG"
            lines.append(f"  {ell:<3d} {str(shape):<14s} {_bucket(err):<16s} {verdict}")
        for ell, (err, shape) in enumerate(zip(self.bias_errors, self.shapes), start=1):
            verdict = "ok" if err <= self.tol else "WRONG"
            lines.append(f"  b_{ell:<2d}{str((shape[0],)):<14s} {_bucket(err):<16s} {verdict}")
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
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
    weight_decay: float = 0.0,
    grads_b: list[np.ndarray] | None = None,
) -> GradientCheck:
    r"""Check gradients of E(Θ) against central differences, layer by layer.

    Equations (eq-central-difference) and (eq-relative-error)::

        r_ℓ = ‖G_ℓ − Ĝ_ℓ‖ / (‖G_ℓ‖ + ‖Ĝ_ℓ‖),   Ĝ_ℓ,ij = (E(θ_{ℓ,ij} + ε) − E(θ_{ℓ,ij} − ε)) / 2ε

    ``grads`` are the gradients under test, [∂E/∂Θ_1, …, ∂E/∂Θ_L]; by default
    those of ``companion``'s backpropagation.  Pass your own to test a formula.
    Run it in float64: float32 rounding swamps the differences.

    Beyond the article: with ``biases`` the b_ℓ are nudged too and compared with
    ``grads_b`` (default: backpropagation's ∂E/∂b_ℓ); ``activation`` and
    ``weight_decay`` (E_λ of eq-l2) as in ``network_error``.

    Shapes: X (M, N), Y (M, P) or labels (M,), grads like thetas, grads_b like
    biases → ``GradientCheck``.

    >>> X = [[0.5, -1.0], [1.0, 2.0]]; Y = [0, 1]
    >>> gradient_check(init_thetas([2, 3, 2]), X, Y).passed
    True
    >>> gradient_check(init_thetas([2, 3, 2]), X, Y, biases=[[0.1] * 3, [0.2] * 2], activation="tanh").passed
    True
    """
    check_choice(loss, "loss", LOSSES)
    thetas, X, Y = check_data(thetas, X, Y)
    eps = check_positive_real(eps, "eps", symbol="ε", maximum=1.0)
    tol = check_positive_real(tol, "tol")
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    lam = check_nonnegative_real(weight_decay, "weight_decay", symbol="λ (weight_decay)")
    if grads_b is not None and biases is None:
        raise ValueError("grads_b must come with biases: got grads_b but biases is None (a network without bias)")
    fp = _checked_forward(thetas, X, biases=biases, activation=activation)
    computed = None
    if grads is None or (biases is not None and grads_b is None):
        computed = _checked_backprop(thetas, fp, Y, loss, biases is not None, lam)
    grads = computed.grad if grads is None else check_grads(grads, thetas)
    if biases is not None:
        grads_b = computed.grad_b if grads_b is None else _check_grads_b(grads_b, biases)
    L = len(thetas)

    def E(params):
        with np.errstate(over="ignore", invalid="ignore"):
            return _network_error(params[:L], X, Y, loss, params[L:] or None, activation, lam)

    numeric = _numerical_gradient(E, thetas + (biases or []), eps, "E(Θ) (from thetas, X and Y)")
    errors = [relative_error(g, n) for g, n in zip(grads, numeric)]
    bias_errors = [relative_error(g, n) for g, n in zip(grads_b or [], numeric[L:])]
    return GradientCheck(
        errors=errors, shapes=[t.shape for t in thetas], tol=tol, loss=loss, eps=eps, bias_errors=bias_errors
    )


def _check_grads_b(grads_b, biases):
    """A list [∂E/∂b_1, …, ∂E/∂b_L], each shaped like its b_ℓ."""
    if isinstance(grads_b, np.ndarray) or not isinstance(grads_b, (list, tuple)) or len(grads_b) != len(biases):
        raise TypeError(
            f"grads_b must be a list of L = {len(biases)} vectors [∂E/∂b_1, …, ∂E/∂b_L], got {describe(grads_b)}"
        )
    out = []
    for ell, (g, b) in enumerate(zip(grads_b, biases), start=1):
        g = as_array(g, f"∂E/∂b_{ell}", dtype=b.dtype)
        if g.shape != b.shape:
            raise ValueError(f"∂E/∂b_{ell} must have the shape of b_{ell}, (H_{ell},) = {b.shape}; got {g.shape}")
        out.append(g)
    return out
