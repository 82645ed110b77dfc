"""Losses ℒ(y_i, ŷ_i) for one sample, and the error E, their mean over the dataset.

The article's vocabulary, which this package keeps:

* the **loss** ℒ compares one target row y_i with one prediction row ŷ_i;
* the **error** E is the mean of the losses over the M samples.

Every loss function here takes the whole batch, Y and Ŷ of shape (M, P), and
returns the M per-sample losses, shape (M,).  ``error`` averages them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, check_choice
from .activations import _log_softmax

__all__ = ["mse", "cross_entropy", "cross_entropy_from_logits", "error",
           "mse_gradient", "cross_entropy_gradient", "LOSSES"]

LOSSES = ("cross_entropy", "mse")


# --- the mathematics

def _mse(Y, Y_hat):
    return ((Y_hat - Y) ** 2).mean(axis=1)


def _cross_entropy(Y, Y_hat):
    # Only the terms with y_ij > 0 count (0·log 0 is 0, not NaN); a probability
    # that underflowed to exactly 0 is read as the smallest positive float, so
    # a confidently wrong prediction gives a large finite loss, not inf.
    tiny = np.finfo(Y_hat.dtype).tiny
    safe = np.where(Y > 0, np.maximum(Y_hat, tiny), 1)
    return 0.0 - (Y * np.log(safe)).sum(axis=1)        # 0.0 − …: a perfect prediction gives 0, not −0


def _cross_entropy_from_logits(Y, Z_L):
    return 0.0 - (Y * _log_softmax(Z_L)).sum(axis=1)


def _pair(Y, Y_hat, name_hat="Ŷ"):
    Y = as_array(Y, "Y", ndim=2, shape_hint="(M, P)")
    Y_hat = as_array(Y_hat, name_hat, ndim=2, shape_hint="(M, P)")
    if Y.shape != Y_hat.shape:
        raise ValueError(f"Y and {name_hat} must have the same shape (M, P); got Y {Y.shape} "
                         f"and {name_hat} {Y_hat.shape}")
    return Y, Y_hat


# --- public functions

def mse(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""Mean squared error of each sample, as the article defines it (mean over the P outputs).

    Equation (eq-mse)::

        ℒ_MSE(y_i, ŷ_i) = (1/P) Σ_{j=1}^{P} (ŷ_ij − y_ij)²

    Shapes: Y (M, P), Ŷ (M, P) → (M,), one loss per sample.

    >>> mse([[0.0, 1.0]], [[0.2, 0.8]]).round(4)
    array([0.04])
    """
    return _mse(*_pair(Y, Y_hat))


def cross_entropy(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""Multiclass cross-entropy of each sample, from probabilities Ŷ.

    Equation (eq-ce)::

        ℒ_CE(y_i, ŷ_i) = − Σ_{j=1}^{P} y_ij log ŷ_ij

    Shapes: Y (M, P), Ŷ (M, P) → (M,).  Terms with y_ij = 0 contribute exactly 0,
    so a confident correct prediction (ŷ_ij = 0 on the wrong classes) gives 0,
    not NaN.  A predicted probability that underflowed to 0 on the true class is
    read as the smallest positive float (loss ≈ 708 in float64), so the result is
    always finite; use ``cross_entropy_from_logits`` for the exact value.

    >>> cross_entropy([[0, 1, 0]], [[0.2, 0.7, 0.1]]).round(4)
    array([0.3567])
    """
    return _cross_entropy(*_pair(Y, Y_hat))


def cross_entropy_from_logits(Y: ArrayLike, Z_L: ArrayLike) -> np.ndarray:
    r"""Cross-entropy computed from the output layer's z_L, never forming ŷ = softmax(z_L).

    Equation (eq-ce-logits), combining (eq-ce) with (eq-log-softmax)::

        ℒ_CE(y_i, ŷ_i) = − Σ_j y_ij log softmax(z_{L,i})_j
                       = − Σ_j y_ij (z_{L,ij} − m_i − log Σ_k e^{z_{L,ik} − m_i})

    Shapes: Y (M, P), z_L (M, P) → (M,).  Exact and finite for any finite z_L,
    including |z| ≈ 1e3 where log(softmax(z)) would be log 0 = −inf.

    >>> cross_entropy_from_logits([[1, 0]], [[0.0, 1000.0]]).round(4)
    array([1000.])
    """
    return _cross_entropy_from_logits(*_pair(Y, Z_L, "z_L"))


def error(Y: ArrayLike, Y_hat: ArrayLike, loss: str = "cross_entropy") -> float:
    r"""The error E: the mean of the per-sample losses over the dataset.

    Equations (eq-error) and, for cross-entropy, (eq-error-ce)::

        E = (1/M) Σ_{i=1}^{M} ℒ(y_i, ŷ_i)
        E_CE = −(1/M) Σ_{i=1}^{M} Σ_{j=1}^{P} y_ij log ŷ_ij

    Shapes: Y (M, P), Ŷ (M, P) → a float.  ``loss`` is ``"cross_entropy"`` or ``"mse"``.

    >>> round(error([[0, 1], [1, 0]], [[0.5, 0.5], [0.9, 0.1]]), 4)
    0.3993
    """
    check_choice(loss, "loss", LOSSES)
    per_sample = cross_entropy(Y, Y_hat) if loss == "cross_entropy" else mse(Y, Y_hat)
    return float(per_sample.mean())


def mse_gradient(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""∂ℒ_MSE/∂ŷ for each sample.

    Equation (eq-dmse-da)::

        ∂ℒ_MSE / ∂a_{L,j} = (2/P) (a_{L,j} − y_j)          (a_L = ŷ)

    Shapes: Y (M, P), Ŷ (M, P) → (M, P).

    >>> mse_gradient([[0.0, 1.0]], [[0.2, 0.8]]).round(4)
    array([[ 0.2, -0.2]])
    """
    Y, Y_hat = _pair(Y, Y_hat)
    return 2 * (Y_hat - Y) / Y.shape[1]


def cross_entropy_gradient(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""∂ℒ_CE/∂ŷ for each sample — note the y_j in the numerator.

    Equation (eq-dce-da)::

        ∂ℒ_CE / ∂a_{L,j} = − y_j / a_{L,j}

    which is −1/a_{L,j} for the true class and 0 for every other class (the
    article's −1/a_{L,i} holds for the true class only — see the errata).

    Shapes: Y (M, P), Ŷ (M, P) with Ŷ > 0 → (M, P).

    >>> cross_entropy_gradient([[0, 1]], [[0.5, 0.5]])
    array([[ 0., -2.]])
    """
    Y, Y_hat = _pair(Y, Y_hat)
    if np.any((Y > 0) & (Y_hat <= 0)):
        raise ValueError("Ŷ must be > 0 wherever Y is 1: ∂ℒ_CE/∂ŷ = −y/ŷ is infinite at ŷ = 0")
    return 0.0 - Y / np.where(Y > 0, Y_hat, 1)
