"""Backpropagation: every δ_ℓ and every ∂E/∂Θ_ℓ from one forward pass.

The per-sample error signal of layer ℓ is

    δ_ℓ = ∂ℒ/∂z_ℓ ∈ R^{H_ℓ}

and everything follows from three facts, each derived in the backpropagation
chapter and checked there against finite differences:

* output layer, softmax + cross-entropy:  δ_L = a_L − y
  (softmax + MSE: δ_L = J_softmax(a_L) · (2/P)(a_L − y), with the full Jacobian);
* hidden layers (sigmoid):  δ_ℓ = (Θ_{ℓ+1}ᵀ δ_{ℓ+1}) ⊙ a_ℓ ⊙ (1 − a_ℓ);
* weights:  ∂ℒ/∂θ_{ℓ,ij} = δ_{ℓ,i} a_{ℓ−1,j}, averaged over the M samples for E.

Index conventions are those of ``network``: ``delta[ℓ]`` is δ_ℓ for ℓ = 1 … L
(``delta[0]`` is ``None``), and ``grad[ℓ - 1]`` is ∂E/∂Θ_ℓ, aligned with
``thetas[ℓ - 1]`` = Θ_ℓ so that gradient descent can zip the two lists.
With samples in rows, ``delta[ℓ]`` has shape (M, H_ℓ): row i is δ_ℓ of sample i.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, check_choice, check_thetas, check_X, check_Y
from .activations import _softmax_backward
from .losses import LOSSES, _cross_entropy_from_logits, _mse
from .network import ForwardPass, _forward

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
        ``grad[ℓ - 1]`` = ∂E/∂Θ_ℓ, shape (H_ℓ, H_{ℓ−1}) like Θ_ℓ, ℓ = 1 … L.
    """

    delta: list
    grad: list


# --- the mathematics

def _output_delta(a_L, Y, loss):
    if loss == "cross_entropy":
        return a_L - Y                                        # δ_L = a_L − y
    P = Y.shape[1]
    return _softmax_backward(a_L, 2 * (a_L - Y) / P)          # δ_L = J (2/P)(a_L − y)


def _backprop(thetas, fp, Y, loss):
    L, M = len(thetas), Y.shape[0]
    delta = [None] * (L + 1)
    grad = [None] * L
    delta[L] = _output_delta(fp.a[L], Y, loss)
    for ell in range(L, 0, -1):
        grad[ell - 1] = delta[ell].T @ fp.a[ell - 1] / M                   # (1/M) Δ_ℓᵀ A_{ℓ−1}
        if ell > 1:
            a = fp.a[ell - 1]
            delta[ell - 1] = (delta[ell] @ thetas[ell - 1]) * a * (1 - a)  # (Δ_ℓ Θ_ℓ) ⊙ A ⊙ (1 − A)
    return Gradients(delta=delta, grad=grad)


def _error_from_forward(fp, Y, loss):
    if loss == "cross_entropy":
        return float(_cross_entropy_from_logits(Y, fp.z[-1]).mean())   # stable: from z_L
    return float(_mse(Y, fp.y_hat).mean())


def _network_error(thetas, X, Y, loss):
    return _error_from_forward(_forward(thetas, X), Y, loss)


# --- validation shared by the public functions

def _check_inputs(thetas, X, Y, loss):
    check_choice(loss, "loss", LOSSES)
    thetas = check_thetas(thetas)
    X = check_X(X, thetas)
    Y = check_Y(Y, X.shape[0], thetas[-1].shape[0], dtype=thetas[0].dtype)
    return thetas, X, Y


def _check_forward_pass(fp, thetas):
    if not isinstance(fp, ForwardPass):
        raise TypeError(f"fp must be the ForwardPass returned by forward(thetas, X), got {type(fp).__name__}")
    L = len(thetas)
    if fp.L != L:
        raise ValueError(f"the forward pass has L = {fp.L} layers but thetas has L = {L} matrices")
    M = fp.a[0].shape[0]
    for ell in range(1, L + 1):
        want = (M, thetas[ell - 1].shape[0])
        if fp.a[ell].shape != want:
            raise ValueError(f"a_{ell} from the forward pass must have shape (M, H_{ell}) = {want}, "
                             f"got {fp.a[ell].shape}: was it computed with these thetas?")


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
    Y = check_Y(Y, a_L.shape[0], a_L.shape[1], dtype=a_L.dtype)
    return _output_delta(a_L, Y, loss)


def backprop(thetas: list[np.ndarray], fp: ForwardPass, Y: ArrayLike, loss: str = "cross_entropy") -> Gradients:
    r"""Backpropagation: all δ_ℓ and ∂E/∂Θ_ℓ from a forward pass ``fp = forward(thetas, X)``.

    Equations (eq-delta-L-ce or eq-delta-L-mse), (eq-delta-hidden) and (eq-grad-batch)::

        δ_L = a_L − y                                (cross-entropy)
        δ_ℓ = (Θ_{ℓ+1}ᵀ δ_{ℓ+1}) ⊙ a_ℓ ⊙ (1 − a_ℓ)     ℓ = L−1, …, 1
        ∂E/∂Θ_ℓ = (1/M) Σ_{i=1}^{M} δ_{ℓ,i} a_{ℓ−1,i}ᵀ = (1/M) Δ_ℓᵀ A_{ℓ−1}

    With samples in rows the hidden-layer recursion reads Δ_ℓ = (Δ_{ℓ+1} Θ_{ℓ+1}) ⊙ A_ℓ ⊙ (1 − A_ℓ).

    Shapes: thetas as in ``forward``; Y (M, P) one-hot, or integer labels (M,).
    Returns ``Gradients`` with ``delta[ℓ]`` (M, H_ℓ) and ``grad[ℓ-1]`` (H_ℓ, H_{ℓ−1}).

    >>> thetas = init_thetas([2, 3, 2]); X = [[1.0, -1.0]]
    >>> g = backprop(thetas, forward(thetas, X), [1])
    >>> [d.shape for d in g.grad]
    [(3, 2), (2, 3)]
    """
    check_choice(loss, "loss", LOSSES)
    thetas = check_thetas(thetas)
    _check_forward_pass(fp, thetas)
    Y = check_Y(Y, fp.a[0].shape[0], thetas[-1].shape[0], dtype=thetas[0].dtype)
    return _backprop(thetas, fp, Y, loss)


def gradients(thetas: list[np.ndarray], X: ArrayLike, Y: ArrayLike, loss: str = "cross_entropy") -> Gradients:
    r"""Forward pass then backpropagation: ∂E/∂Θ_ℓ for every layer (and every δ_ℓ).

    Equation (eq-grad-batch)::

        ∂E/∂Θ_ℓ = (1/M) Δ_ℓᵀ A_{ℓ−1}

    Shapes: X (M, N), Y (M, P) or labels (M,) → ``Gradients`` as in ``backprop``.

    >>> [g.shape for g in gradients(init_thetas([2, 4, 3]), [[0.5, 0.5]], [2]).grad]
    [(4, 2), (3, 4)]
    """
    thetas, X, Y = _check_inputs(thetas, X, Y, loss)
    return _backprop(thetas, _forward(thetas, X), Y, loss)


def network_error(thetas: list[np.ndarray], X: ArrayLike, Y: ArrayLike, loss: str = "cross_entropy") -> float:
    r"""E(Θ): the network's error on a dataset, as one number.

    Equations (eq-error) with the forward pass (eq-batch-forward)::

        E(Θ) = (1/M) Σ_{i=1}^{M} ℒ(y_i, F(x_i))

    Cross-entropy is computed from z_L (eq-ce-logits), so it stays exact and
    finite even when the softmax saturates.

    Shapes: X (M, N), Y (M, P) or labels (M,) → a float.

    >>> round(network_error([np.zeros((2, 2))], [[1.0, 2.0]], [0]), 4)
    0.6931
    """
    thetas, X, Y = _check_inputs(thetas, X, Y, loss)
    return _network_error(thetas, X, Y, loss)
