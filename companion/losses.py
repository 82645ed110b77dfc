"""Losses ℒ(y_i, ŷ_i) for one sample, and the error E, their mean over the dataset.

The article's vocabulary, which this package keeps:

* the **loss** ℒ compares one target row y_i with one prediction row ŷ_i;
* the **error** E is the mean of the losses over the M samples.

Every loss function here takes the whole batch, Y and Ŷ of shape (M, P), and
returns the M per-sample losses, shape (M,).  ``error`` averages them.

What the arguments must be (anything else raises a ``TypeError`` or
``ValueError`` naming it): Y one-hot rows (M, P) or integer labels (M,), as
everywhere in ``companion``; Ŷ (M, P) with M ≥ 1 and P ≥ 1, finite, and for the
cross-entropy functions made of probabilities in [0, 1] (so ℒ_CE ≥ 0).  Results
are finite: where the exact value does not fit in a float (an MSE of |ŷ| ≈ 1e200,
a cross-entropy from logits spanning 1e308 … −1e308) the function raises a
``ValueError`` instead of returning inf.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, check_choice, check_range, check_Y, require_finite
from .activations import _log_softmax

__all__ = [
    "mse",
    "cross_entropy",
    "cross_entropy_from_logits",
    "error",
    "mse_gradient",
    "cross_entropy_gradient",
    "l2_penalty",
    "LOSSES",
]

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
    return 0.0 - (Y * np.log(safe)).sum(axis=1)  # 0.0 − …: a perfect prediction gives 0, not −0


def _cross_entropy_from_logits(Y, Z_L):
    return 0.0 - (Y * _log_softmax(Z_L)).sum(axis=1)


def _cross_entropy_from_logits_exact(Y, Z_L):
    # The same value as _cross_entropy_from_logits wherever that one is finite; where a row of z_L
    # spans more than the float range, only the true class's log-probability is used (the others'
    # may be −inf, and 0 · −inf would be NaN).  An entry of +inf means the loss itself is too large.
    with np.errstate(over="ignore"):
        log_p = np.where(Y > 0, _log_softmax(Z_L), 0.0)
        return 0.0 - (Y * log_p).sum(axis=1)


def _error_from_forward(fp, Y, loss):
    """E from a forward pass (the training loop's E): cross-entropy from z_L, MSE from Ŷ = a_L."""
    if loss == "cross_entropy":
        return float(_cross_entropy_from_logits(Y, fp.z[-1]).mean())  # stable: from z_L
    return float(_mse(Y, fp.y_hat).mean())


def _mean(per_sample):
    """The mean of finite non-negative losses, finite even when their sum would overflow."""
    with np.errstate(over="ignore"):
        m = per_sample.mean()
    if not np.isfinite(m):
        m = (per_sample / per_sample.shape[0]).sum()  # every partial sum ≤ the (finite) mean
    return float(m)


def _error_exact(fp, Y, loss, culprit):
    """E from a forward pass on validated inputs, finite or a ValueError naming ``culprit``."""
    if loss == "cross_entropy":
        per_sample = _cross_entropy_from_logits_exact(Y, fp.z[-1])
    else:
        per_sample = _mse(Y, fp.y_hat)
    if not np.isfinite(per_sample).all():
        i = int(np.argmin(np.isfinite(per_sample)))
        z = fp.z[-1][i]
        raise ValueError(
            f"{culprit} must keep ℒ_CE within float range, but for sample {i} z_L spans "
            f"{z.max():.4g} … {z.min():.4g}, so ℒ_CE > {np.finfo(z.dtype).max:.4g}; "
            f"got a non-finite loss"
        )
    return _mean(per_sample)


def _pair(Y, Y_hat, name_hat="Ŷ", probabilities=False):
    """Validate Ŷ (or z_L), then Y against its shape: one-hot rows (M, P) or labels (M,)."""
    Y_hat = as_array(Y_hat, name_hat, ndim=2, shape_hint="(M, P)")
    if 0 in Y_hat.shape:
        raise ValueError(
            f"{name_hat} must have at least one sample and one class (M ≥ 1, P ≥ 1), got shape {Y_hat.shape}"
        )
    if probabilities:
        check_range(Y_hat, name_hat, 0.0, 1.0, "probabilities in [0, 1]")
    Y = check_Y(Y, Y_hat.shape[0], Y_hat.shape[1], dtype=None, like=name_hat)
    return Y, Y_hat


# --- public functions


def mse(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""Mean squared error of each sample, as the article defines it (mean over the P outputs).

    Equation (eq-mse)::

        ℒ_MSE(y_i, ŷ_i) = (1/P) Σ_{j=1}^{P} (ŷ_ij − y_ij)²

    Shapes: Y (M, P), Ŷ (M, P) → (M,), one loss per sample.

    Ŷ may be any finite numbers (a_L is in [0, 1], but the chapters also probe
    ℒ_MSE just outside); if (ŷ − y)² overflows (|ŷ| ≳ 1e154) a ValueError says so.

    >>> mse([[0.0, 1.0]], [[0.2, 0.8]]).round(4)
    array([0.04])
    """
    Y, Y_hat = _pair(Y, Y_hat)
    with np.errstate(over="ignore"):
        out = _mse(Y, Y_hat)
    return require_finite(out, lambda: _too_large("Ŷ", Y_hat, "(ŷ − y)²"))


def cross_entropy(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""Multiclass cross-entropy of each sample, from probabilities Ŷ.

    Equation (eq-ce)::

        ℒ_CE(y_i, ŷ_i) = − Σ_{j=1}^{P} y_ij log ŷ_ij

    Shapes: Y (M, P) one-hot or labels (M,), Ŷ (M, P) of probabilities in [0, 1]
    → (M,), every loss ≥ 0.  Terms with y_ij = 0 contribute exactly 0,
    so a confident correct prediction (ŷ_ij = 0 on the wrong classes) gives 0,
    not NaN.  A predicted probability that underflowed to 0 on the true class is
    read as the smallest positive float (loss ≈ 708 in float64), so the result is
    always finite; use ``cross_entropy_from_logits`` for the exact value.

    >>> cross_entropy([[0, 1, 0]], [[0.2, 0.7, 0.1]]).round(4)
    array([0.3567])
    """
    return _cross_entropy(*_pair(Y, Y_hat, probabilities=True))


def cross_entropy_from_logits(Y: ArrayLike, Z_L: ArrayLike) -> np.ndarray:
    r"""Cross-entropy computed from the output layer's z_L, never forming ŷ = softmax(z_L).

    Equation (eq-ce-logits), combining (eq-ce) with (eq-log-softmax)::

        ℒ_CE(y_i, ŷ_i) = − Σ_j y_ij log softmax(z_{L,i})_j
                       = − Σ_j y_ij (z_{L,ij} − m_i − log Σ_k e^{z_{L,ik} − m_i})

    Shapes: Y (M, P) one-hot or labels (M,), z_L (M, P) → (M,).  Exact, with no
    warning, for any finite z_L whose loss fits in a float, including |z| ≈ 1e3
    where log(softmax(z)) would be log 0 = −inf, and rows like [1e308, −1e308, 0]
    when the true class is the first (loss 0) or the last (loss 1e308).  If the
    true class's logit lies more than the float range below the row's maximum
    (the second class of that row: loss 2e308), the loss does not fit in a
    float: a ``ValueError`` says so.

    >>> cross_entropy_from_logits([[1, 0]], [[0.0, 1000.0]]).round(4)
    array([1000.])
    """
    Y, Z_L = _pair(Y, Z_L, "z_L")
    out = _cross_entropy_from_logits_exact(Y, Z_L)
    if not np.isfinite(out).all():
        i = int(np.argmin(np.isfinite(out)))
        raise ValueError(
            f"z_L must keep each sample's loss within float range: the true class's logit may lie "
            f"at most {np.finfo(Z_L.dtype).max:.4g} below the row's maximum; got row {i} with "
            f"max {Z_L[i].max():.4g} and true-class logit {Z_L[i][Y[i] > 0].min():.4g}"
        )
    return out


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
    return _mean(per_sample)


def mse_gradient(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""∂ℒ_MSE/∂ŷ for each sample.

    Equation (eq-dmse-da)::

        ∂ℒ_MSE / ∂a_{L,j} = (2/P) (a_{L,j} − y_j)          (a_L = ŷ)

    Shapes: Y (M, P), Ŷ (M, P) → (M, P).

    >>> mse_gradient([[0.0, 1.0]], [[0.2, 0.8]]).round(4)
    array([[ 0.2, -0.2]])
    """
    Y, Y_hat = _pair(Y, Y_hat)
    with np.errstate(over="ignore"):
        out = 2 * (Y_hat - Y) / Y.shape[1]
    return require_finite(out, lambda: _too_large("Ŷ", Y_hat, "2 (ŷ − y)"))


def cross_entropy_gradient(Y: ArrayLike, Y_hat: ArrayLike) -> np.ndarray:
    r"""∂ℒ_CE/∂ŷ for each sample — note the y_j in the numerator.

    Equation (eq-dce-da)::

        ∂ℒ_CE / ∂a_{L,j} = − y_j / a_{L,j}

    which is −1/a_{L,j} for the true class and 0 for every other class (the
    article's −1/a_{L,i} holds for the true class only — see the errata).

    Shapes: Y (M, P) one-hot or labels (M,), Ŷ (M, P) of probabilities in [0, 1],
    with ŷ > 0 (large enough for 1/ŷ to be finite) wherever y is 1 → (M, P).

    >>> cross_entropy_gradient([[0, 1]], [[0.5, 0.5]])
    array([[ 0., -2.]])
    """
    Y, Y_hat = _pair(Y, Y_hat, probabilities=True)
    zero = (Y > 0) & (Y_hat <= 0)
    if zero.any():
        where = tuple(int(k) for k in np.argwhere(zero)[0])
        raise ValueError(
            f"Ŷ must be > 0 wherever Y is 1: ∂ℒ_CE/∂ŷ = −y/ŷ is infinite at ŷ = 0; got ŷ = 0 at index {where}"
        )
    with np.errstate(over="ignore"):
        out = 0.0 - Y / np.where(Y > 0, Y_hat, 1)
    return require_finite(
        out,
        lambda: (
            f"Ŷ must be large enough wherever Y is 1 for −y/ŷ to be finite; got ŷ as small as {Y_hat[Y > 0].min():.4g}"
        ),
    )


def _l2_penalty(thetas, weight_decay):
    return 0.5 * weight_decay * sum(float((theta * theta).sum()) for theta in thetas)  # (λ/2) Σ_ℓ ‖Θ_ℓ‖²


def l2_penalty(thetas: list[np.ndarray], weight_decay: float) -> float:
    r"""The L2 penalty (weight decay) added to E: half λ times the squared weights.

    Equation (eq-l2)::

        E_λ(Θ) = E(Θ) + (λ/2) Σ_{ℓ=1}^{L} ‖Θ_ℓ‖²,     ‖Θ_ℓ‖² = Σ_{i,j} θ_{ℓ,ij}²

    This function returns the second term.  Biases b_ℓ are not penalised (they
    shift a unit's threshold and do not make the network steeper).  Its
    gradient, which ``backprop`` adds when ``weight_decay`` = λ > 0, is λ Θ_ℓ.

    Shapes: a list [Θ_1, …, Θ_L] and λ ≥ 0 → a float.

    >>> l2_penalty([np.array([[1.0, 2.0]])], weight_decay=0.1)
    0.25
    """
    from ._validation import check_nonnegative_real, check_thetas

    thetas = check_thetas(thetas)
    lam = check_nonnegative_real(weight_decay, "weight_decay", symbol="λ (weight_decay)")
    with np.errstate(over="ignore"):
        out = _l2_penalty(thetas, lam)
    return require_finite(out, "λ and Θ must be small enough for (λ/2) Σ_ℓ ‖Θ_ℓ‖² to fit in a float; got inf")


def _too_large(name, values, what):
    return (
        f"{name} must be small enough for {what} to fit in {values.dtype}; got values up to {np.abs(values).max():.4g}"
    )
