"""Backpropagation: every δ_ℓ and every ∂E/∂Θ_ℓ from one forward pass.

The per-sample error signal of layer ℓ is

    δ_ℓ = ∂ℒ/∂z_ℓ ∈ R^{H_ℓ}

and everything follows from three facts, each derived in the backpropagation
chapter and checked there against finite differences:

* output layer, softmax + cross-entropy:  δ_L = a_L − y
  (softmax + MSE: δ_L = J_softmax(a_L) · (2/P)(a_L − y), with the full Jacobian);
* hidden layers (sigmoid):  δ_ℓ = (Θ_{ℓ+1}ᵀ δ_{ℓ+1}) ⊙ a_ℓ ⊙ (1 − a_ℓ);
* weights:  ∂ℒ/∂θ_{ℓ,ij} = δ_{ℓ,i} a_{ℓ−1,j}, averaged over the M samples for E.

Beyond the article (options, defaulting to the article's network): with tanh or
ReLU hidden layers, a_ℓ ⊙ (1 − a_ℓ) becomes g'(z_ℓ) written in a_ℓ (1 − a_ℓ², or
𝟙[a_ℓ > 0]); with bias units, ∂E/∂b_ℓ = (1/M) Σ_i δ_{ℓ,i}, the mean of δ_ℓ over
the samples (``grad_b``); with L2 weight decay λ, ∂E_λ/∂Θ_ℓ = ∂E/∂Θ_ℓ + λ Θ_ℓ.

Index conventions are those of ``network``: ``delta[ℓ]`` is δ_ℓ for ℓ = 1 … L
(``delta[0]`` is ``None``), and ``grad[ℓ - 1]`` is ∂E/∂Θ_ℓ, aligned with
``thetas[ℓ - 1]`` = Θ_ℓ so that gradient descent can zip the two lists.
With samples in rows, ``delta[ℓ]`` has shape (M, H_ℓ): row i is δ_ℓ of sample i.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    as_array,
    check_biases,
    check_choice,
    check_data,
    check_nonnegative_real,
    check_range,
    check_thetas,
    check_Y,
    describe,
)
from .activations import HIDDEN_ACTIVATIONS, _derivative_from_a, _softmax_backward
from .losses import LOSSES, _error_exact, _error_from_forward, _l2_penalty
from .network import ForwardPass, _checked_forward, _forward

__all__ = ["backprop", "gradients", "network_error", "output_delta", "Gradients"]


@dataclass(frozen=True)
class Gradients:
    """The result of backpropagation.

    Attributes
    ----------
    delta : list
        ``delta[ℓ]`` = δ_ℓ = ∂ℒ/∂z_ℓ, shape (M, H_ℓ), one row per sample, ℓ = 1 … L;
        ``delta[0]`` is ``None``.
    grad : list
        ``grad[ℓ - 1]`` = ∂E/∂Θ_ℓ, shape (H_ℓ, H_{ℓ−1}) like Θ_ℓ, ℓ = 1 … L
        (∂E_λ/∂Θ_ℓ = ∂E/∂Θ_ℓ + λ Θ_ℓ with weight decay λ > 0).
    grad_b : list or None
        ``grad_b[ℓ - 1]`` = ∂E/∂b_ℓ, shape (H_ℓ,), when the network has bias
        units; ``None`` for the article's network (no bias).
    """

    delta: list
    grad: list
    grad_b: list | None = None


# --- the mathematics


def _output_delta(a_L, Y, loss):
    if loss == "cross_entropy":
        return a_L - Y  # δ_L = a_L − y
    P = Y.shape[1]
    return _softmax_backward(a_L, 2 * (a_L - Y) / P)  # δ_L = J (2/P)(a_L − y)


def _backprop(thetas, fp, Y, loss, bias=False, weight_decay=0.0):
    L, M = len(thetas), Y.shape[0]
    delta = [None] * (L + 1)
    grad = [None] * L
    grad_b = [None] * L if bias else None
    delta[L] = _output_delta(fp.a[L], Y, loss)
    for ell in range(L, 0, -1):
        grad[ell - 1] = delta[ell].T @ fp.a[ell - 1] / M  # (1/M) Δ_ℓᵀ A_{ℓ−1}
        if weight_decay:
            grad[ell - 1] = grad[ell - 1] + weight_decay * thetas[ell - 1]  # + λ Θ_ℓ
        if bias:
            grad_b[ell - 1] = delta[ell].sum(axis=0) / M  # (1/M) Σ_i δ_ℓ,i
        if ell > 1:
            a = fp.a[ell - 1]
            if fp.activation == "sigmoid":
                delta[ell - 1] = (delta[ell] @ thetas[ell - 1]) * a * (1 - a)  # (Δ_ℓ Θ_ℓ) ⊙ A ⊙ (1 − A)
            else:
                delta[ell - 1] = (delta[ell] @ thetas[ell - 1]) * _derivative_from_a(a, fp.activation)
    return Gradients(delta=delta, grad=grad, grad_b=grad_b)


def _network_error(thetas, X, Y, loss, biases=None, activation="sigmoid", weight_decay=0.0):
    E = _error_from_forward(_forward(thetas, X, biases=biases, activation=activation), Y, loss)
    return E + _l2_penalty(thetas, weight_decay) if weight_decay else E


def _checked_backprop(thetas, fp, Y, loss, bias=False, weight_decay=0.0):
    """``_backprop`` for a public function: finite results, or a ValueError naming the Θ_ℓ responsible."""
    with np.errstate(over="ignore", invalid="ignore"):
        g = _backprop(thetas, fp, Y, loss, bias, weight_decay)
    for ell in range(len(thetas), 0, -1):
        if not (np.isfinite(g.delta[ell]).all() and np.isfinite(g.grad[ell - 1]).all()):
            culprit = ell + 1 if ell < len(thetas) else ell
            raise ValueError(
                f"Θ_{culprit} must be small enough for δ_{ell} and ∂E/∂Θ_{ell} to fit in "
                f"{g.grad[ell - 1].dtype}; got a non-finite δ_{ell} (largest |Θ_{culprit}| = "
                f"{np.abs(thetas[culprit - 1]).max():.4g})"
            )
    return g


# --- validation shared by the public functions


def _check_forward_pass(fp, thetas):
    """fp must be a ForwardPass of this network: L + 1 finite arrays a_0 … a_L of shapes (M, H_ℓ).

    Returns a ForwardPass of validated arrays (the same arrays when they already are).
    """
    if not isinstance(fp, ForwardPass):
        raise TypeError(f"fp must be the ForwardPass returned by forward(thetas, X), got {describe(fp)}")
    L = len(thetas)
    activation = check_choice(getattr(fp, "activation", "sigmoid"), "fp.activation", HIDDEN_ACTIVATIONS)
    if not isinstance(fp.a, (list, tuple)) or not isinstance(fp.z, (list, tuple)):
        raise TypeError(
            f"fp.a and fp.z must be lists indexed by ℓ, as forward(thetas, X) returns them; "
            f"got fp.a {describe(fp.a)} and fp.z {describe(fp.z)}"
        )
    if len(fp.a) != L + 1:
        raise ValueError(
            f"fp must have L + 1 = {L + 1} activations a_0 … a_L, because thetas has L = {L} "
            f"matrices; got {len(fp.a)} (a forward pass of another network?)"
        )
    a = [as_array(fp.a[0], "fp.a[0] (a_0 = X)", ndim=2, shape_hint="(M, N)", dtype=thetas[0].dtype)]
    M = a[0].shape[0]
    if M == 0 or a[0].shape[1] != thetas[0].shape[1]:
        raise ValueError(
            f"fp.a[0] = X must have shape (M, H_0) = (M ≥ 1, {thetas[0].shape[1]}), "
            f"got {a[0].shape}: was fp computed with these thetas?"
        )
    for ell in range(1, L + 1):
        want = (M, thetas[ell - 1].shape[0])
        a_ell = as_array(fp.a[ell], f"fp.a[{ell}] (a_{ell})", shape_hint=f"(M, H_{ell})", dtype=thetas[0].dtype)
        if a_ell.shape != want:
            raise ValueError(
                f"a_{ell} from the forward pass must have shape (M, H_{ell}) = {want}, "
                f"got {a_ell.shape}: was it computed with these thetas?"
            )
        low, high, what = _RANGES["softmax" if ell == L else activation]
        a.append(check_range(a_ell, f"fp.a[{ell}] (a_{ell})", low, high, what))
    return ForwardPass(z=list(fp.z), a=a, activation=activation)


_RANGES = {
    "sigmoid": (0.0, 1.0, "activations in [0, 1] (sigmoid or softmax outputs)"),
    "softmax": (0.0, 1.0, "activations in [0, 1] (sigmoid or softmax outputs)"),
    "tanh": (-1.0, 1.0, "activations in [−1, 1] (tanh outputs)"),
    "relu": (0.0, None, "activations ≥ 0 (ReLU outputs)"),
}


# --- public functions


def output_delta(a_L: ArrayLike, Y: ArrayLike, loss: str = "cross_entropy") -> np.ndarray:
    r"""δ_L = ∂ℒ/∂z_L for the softmax output layer, one row per sample.

    Equations (eq-delta-L-ce) and (eq-delta-L-mse)::

        cross-entropy:  δ_L = a_L − y
        MSE:            δ_{L,i} = Σ_k (2/P)(a_{L,k} − y_k) · a_{L,k} (𝟙[k = i] − a_{L,i})

    The MSE form goes through the full softmax Jacobian (eq-softmax-jacobian);
    its diagonal alone is not enough.

    Shapes: a_L (M, P), Y (M, P) one-hot or labels (M,) → δ_L (M, P).

    >>> output_delta([[0.25, 0.75]], [[0, 1]])
    array([[ 0.25, -0.25]])
    """
    check_choice(loss, "loss", LOSSES)
    a_L = as_array(a_L, "a_L", ndim=2, shape_hint="(M, P)")
    if 0 in a_L.shape:
        raise ValueError(f"a_L must have at least one sample and one class (M ≥ 1, P ≥ 1), got shape {a_L.shape}")
    check_range(a_L, "a_L", 0.0, 1.0, "probabilities in [0, 1] (softmax outputs)")
    Y = check_Y(Y, a_L.shape[0], a_L.shape[1], dtype=a_L.dtype, like="a_L")
    return _output_delta(a_L, Y, loss)


def backprop(
    thetas: list[np.ndarray],
    fp: ForwardPass,
    Y: ArrayLike,
    loss: str = "cross_entropy",
    biases: list[np.ndarray] | None = None,
    weight_decay: float = 0.0,
) -> Gradients:
    r"""Backpropagation: all δ_ℓ and ∂E/∂Θ_ℓ from a forward pass ``fp = forward(thetas, X)``.

    Equations (eq-delta-L-ce or eq-delta-L-mse), (eq-delta-hidden) and (eq-grad-batch)::

        δ_L = a_L − y                                (cross-entropy)
        δ_ℓ = (Θ_{ℓ+1}ᵀ δ_{ℓ+1}) ⊙ a_ℓ ⊙ (1 − a_ℓ)     ℓ = L−1, …, 1
        ∂E/∂Θ_ℓ = (1/M) Σ_{i=1}^{M} δ_{ℓ,i} a_{ℓ−1,i}ᵀ = (1/M) Δ_ℓᵀ A_{ℓ−1}

    With samples in rows the hidden-layer recursion reads Δ_ℓ = (Δ_{ℓ+1} Θ_{ℓ+1}) ⊙ A_ℓ ⊙ (1 − A_ℓ).

    Beyond the article — (eq-delta-hidden-g), (eq-grad-bias) and (eq-grad-l2)::

        δ_ℓ = (Θ_{ℓ+1}ᵀ δ_{ℓ+1}) ⊙ g'(z_ℓ)      g' from fp.activation
        ∂E/∂b_ℓ = (1/M) Σ_{i=1}^{M} δ_{ℓ,i}       (when ``biases`` is given)
        ∂E_λ/∂Θ_ℓ = ∂E/∂Θ_ℓ + λ Θ_ℓ              (``weight_decay`` = λ ≥ 0)

    The forward pass must come from the same network (``biases`` and
    ``activation`` as given to ``forward``); b_ℓ itself does not enter the
    formulas, only whether the network has biases.

    Shapes: thetas as in ``forward``; Y (M, P) one-hot, or integer labels (M,).
    Returns ``Gradients`` with ``delta[ℓ]`` (M, H_ℓ), ``grad[ℓ-1]`` (H_ℓ, H_{ℓ−1})
    and, with biases, ``grad_b[ℓ-1]`` (H_ℓ,).

    >>> thetas = init_thetas([2, 3, 2]); X = [[1.0, -1.0]]
    >>> g = backprop(thetas, forward(thetas, X), [1])
    >>> [d.shape for d in g.grad]
    [(3, 2), (2, 3)]
    """
    check_choice(loss, "loss", LOSSES)
    thetas = check_thetas(thetas)
    biases = check_biases(biases, thetas)
    lam = check_nonnegative_real(weight_decay, "weight_decay", symbol="λ (weight_decay)")
    fp = _check_forward_pass(fp, thetas)
    Y = check_Y(Y, fp.a[0].shape[0], thetas[-1].shape[0], dtype=thetas[0].dtype)
    return _checked_backprop(thetas, fp, Y, loss, biases is not None, lam)


def gradients(
    thetas: list[np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    loss: str = "cross_entropy",
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
    weight_decay: float = 0.0,
) -> Gradients:
    r"""Forward pass then backpropagation: ∂E/∂Θ_ℓ for every layer (and every δ_ℓ).

    Equation (eq-grad-batch), and with bias units (eq-grad-bias)::

        ∂E/∂Θ_ℓ = (1/M) Δ_ℓᵀ A_{ℓ−1},      ∂E/∂b_ℓ = (1/M) Σ_i δ_{ℓ,i}

    ``biases``, ``activation`` as in ``forward``; ``weight_decay`` λ adds λ Θ_ℓ.

    Shapes: X (M, N), Y (M, P) or labels (M,) → ``Gradients`` as in ``backprop``.

    >>> [g.shape for g in gradients(init_thetas([2, 4, 3]), [[0.5, 0.5]], [2]).grad]
    [(4, 2), (3, 4)]
    >>> gradients([np.zeros((2, 1))], [[1.0]], [0], biases=[[0.0, 0.0]]).grad_b
    [array([-0.5,  0.5])]
    """
    check_choice(loss, "loss", LOSSES)
    thetas, X, Y = check_data(thetas, X, Y)
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    lam = check_nonnegative_real(weight_decay, "weight_decay", symbol="λ (weight_decay)")
    fp = _checked_forward(thetas, X, biases=biases, activation=activation)
    return _checked_backprop(thetas, fp, Y, loss, biases is not None, lam)


def network_error(
    thetas: list[np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    loss: str = "cross_entropy",
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
    weight_decay: float = 0.0,
) -> float:
    r"""E(Θ): the network's error on a dataset, as one number.

    Equations (eq-error) with the forward pass (eq-batch-forward)::

        E(Θ) = (1/M) Σ_{i=1}^{M} ℒ(y_i, F(x_i))

    Cross-entropy is computed from z_L (eq-ce-logits), so it stays exact and
    finite even when the softmax saturates.  With ``weight_decay`` = λ > 0 the
    result is E_λ = E + (λ/2) Σ_ℓ ‖Θ_ℓ‖² (eq-l2); ``biases`` and ``activation``
    as in ``forward``.

    Shapes: X (M, N), Y (M, P) or labels (M,) → a float.

    >>> round(network_error([np.zeros((2, 2))], [[1.0, 2.0]], [0]), 4)
    0.6931
    """
    check_choice(loss, "loss", LOSSES)
    thetas, X, Y = check_data(thetas, X, Y)
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    lam = check_nonnegative_real(weight_decay, "weight_decay", symbol="λ (weight_decay)")
    E = _error_exact(_checked_forward(thetas, X, biases=biases, activation=activation), Y, loss, "Θ and X")
    if not lam:
        return E
    with np.errstate(over="ignore"):
        total = E + _l2_penalty(thetas, lam)
    if not np.isfinite(total):
        raise ValueError(f"λ (weight_decay) = {lam:g} and Θ must keep E + (λ/2) Σ_ℓ ‖Θ_ℓ‖² finite; got inf")
    return total
