"""Gradient descent: the article's update rule, repeated.

    Θ_ℓ^{(t+1)} = Θ_ℓ^{(t)} − α ∂E/∂Θ_ℓ(Θ^{(t)})        for every ℓ = 1 … L

One *epoch* is one pass over the training set: a single step on the whole set
(full batch, the article's setting and the default), or one step per
mini-batch when ``batch_size`` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from ._validation import (check_callable, check_choice, check_data, check_grads, check_int, check_positive_real,
                          check_seed, check_thetas, require_finite)
from .backprop import _backprop
from .losses import LOSSES, _error_exact, _error_from_forward
from .network import _checked_forward, _forward, init_thetas

__all__ = ["gradient_descent_step", "gradient_descent", "fit", "accuracy", "confusion_matrix", "History",
           "TrainingResult", "DivergenceError"]


class DivergenceError(FloatingPointError):
    """Gradient descent produced a non-finite error E or weight Θ.

    Attributes: ``epoch`` (where it happened), ``thetas`` (the last finite
    weights, from the epoch before) and ``history`` (up to the last finite epoch).
    """

    def __init__(self, message: str, epoch: int, thetas: list[np.ndarray], history: History) -> None:
        super().__init__(message)
        self.epoch, self.thetas, self.history = epoch, thetas, history


@dataclass
class History:
    """What gradient descent measured, once per epoch t = 0 … T.

    Entry t describes Θ^{(t)}: entry 0 is the untrained network, entry T the
    returned one.  ``error`` is E on the training set, ``accuracy`` the fraction
    of training samples whose largest output is the true class; ``test_error``
    and ``test_accuracy`` are filled when a test set is given.  If training
    diverged, ``diverged_at`` is the epoch and ``message`` says what happened.
    """

    epoch: list = field(default_factory=list)
    error: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    test_error: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    diverged_at: int | None = None
    message: str = ""


@dataclass(frozen=True)
class TrainingResult:
    """``thetas``: the trained [Θ_1, …, Θ_L]; ``history``: a ``History``."""

    thetas: list
    history: History


# --- the mathematics

def _step(thetas, grads, alpha):
    return [theta - alpha * g for theta, g in zip(thetas, grads)]   # Θ_ℓ − α ∂E/∂Θ_ℓ


def _accuracy(fp, Y):
    return float(np.mean(fp.y_hat.argmax(axis=1) == Y.argmax(axis=1)))


# --- public functions

def accuracy(thetas: list[np.ndarray], X: ArrayLike, Y: ArrayLike) -> float:
    """The fraction of samples whose largest output ŷ_ij is the true class.

    Equation::

        accuracy = (1/M) Σ_i 𝟙[argmax_j ŷ_ij = argmax_j y_ij]

    Shapes: X (M, N), Y (M, P) one-hot or labels (M,) → a float in [0, 1].

    >>> accuracy([np.eye(2)], [[3.0, 1.0], [0.0, 2.0]], [0, 0])
    0.5
    """
    thetas, X, Y = check_data(thetas, X, Y)
    return _accuracy(_checked_forward(thetas, X, keep_hidden_z=False), Y)


def confusion_matrix(thetas: list[np.ndarray], X: ArrayLike, Y: ArrayLike) -> np.ndarray:
    """Count, for every pair of classes (j, k), the samples of class j that the network puts in class k.

    Equation::

        C_jk = #{ i : argmax y_i = j  and  argmax ŷ_i = k }

    The diagonal holds the correct answers; ``C.trace() / M`` is the accuracy.

    Shapes: X (M, N), Y (M, P) one-hot or labels (M,) → C (P, P) of integers,
    row = true class, column = predicted class.

    >>> confusion_matrix([np.eye(2)], [[3.0, 1.0], [0.0, 2.0], [1.0, 0.0]], [0, 0, 1])
    array([[1, 1],
           [1, 0]])
    """
    thetas, X, Y = check_data(thetas, X, Y)
    P = Y.shape[1]
    true, predicted = Y.argmax(axis=1), _checked_forward(thetas, X, keep_hidden_z=False).y_hat.argmax(axis=1)
    return np.bincount(true * P + predicted, minlength=P * P).reshape(P, P)


def gradient_descent_step(thetas: list[np.ndarray], grads: list[np.ndarray], alpha: float) -> list[np.ndarray]:
    r"""One step of gradient descent on every layer.

    Equation (eq-gd)::

        Θ_ℓ^{(t+1)} = Θ_ℓ^{(t)} − α ∂E/∂Θ_ℓ(Θ^{(t)}),   ℓ = 1 … L

    Shapes: thetas and grads are lists of L matrices, ``grads[ℓ-1]`` shaped like
    Θ_ℓ (H_ℓ, H_{ℓ−1}); α > 0.  Returns new matrices; the inputs are unchanged.

    >>> gradient_descent_step([np.ones((1, 2))], [np.array([[1.0, -1.0]])], alpha=0.5)
    [array([[0.5, 1.5]])]
    """
    thetas = check_thetas(thetas)
    alpha = check_positive_real(alpha, "alpha", symbol="α")
    grads = check_grads(grads, thetas)
    with np.errstate(over="ignore"):
        new = _step(thetas, grads, alpha)
    return require_finite(new, lambda: f"α = {alpha:g} must be small enough for Θ_ℓ − α ∂E/∂Θ_ℓ to fit in "
                                       f"{thetas[0].dtype}; got a non-finite step (largest |∂E/∂Θ_ℓ| = "
                                       f"{max(float(abs(g).max()) for g in grads):.4g})")


def gradient_descent(
    thetas: list[np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    alpha: float,
    epochs: int = 100,
    loss: str = "cross_entropy",
    batch_size: int | None = None,
    seed: int = 0,
    X_test: ArrayLike | None = None,
    Y_test: ArrayLike | None = None,
    on_divergence: str = "raise",
    callback: Callable[[int, History], object] | None = None,
) -> TrainingResult:
    r"""Train by gradient descent: repeat (eq-gd) for ``epochs`` passes over (X, Y).

    Equation (eq-gd), with ∂E/∂Θ_ℓ from backpropagation (eq-grad-batch)::

        Θ_ℓ^{(t+1)} = Θ_ℓ^{(t)} − α ∂E/∂Θ_ℓ(Θ^{(t)})

    Full batch by default (one step per epoch, on all M samples, as in the
    article).  With ``batch_size`` = B < M, each epoch shuffles the samples
    (seeded by ``seed``) and takes ⌈M/B⌉ steps, each on B samples.

    Divergence: if E or a weight becomes non-finite (α too large), training
    stops.  With ``on_divergence="raise"`` (default) a ``DivergenceError`` names
    the epoch, suggests a smaller α and carries the last finite Θ; with
    ``"stop"`` the result is returned with ``history.diverged_at`` set.
    (In this network the gradients are bounded — |δ_L| ≤ 1 and 0 < a < 1 — so Θ
    grows at most in proportion to α·t: a too-large α usually shows as an error
    that oscillates or climbs, and only an absurd α or absurd inputs overflow.)

    ``callback(epoch, history)``, if given, is called after each epoch is recorded.

    Shapes: thetas [Θ_1 (H_1, N), …, Θ_L (P, H_{L−1})], X (M, N), Y (M, P) one-hot
    or labels (M,); optional X_test (M', N), Y_test.  Returns ``TrainingResult``
    (new thetas; the given ones are not modified).

    >>> from companion.datasets import xor
    >>> X, Y = xor(M=40, seed=0)
    >>> result = gradient_descent(init_thetas([2, 8, 2], seed=1), X, Y, alpha=2.0, epochs=200)
    >>> result.history.error[-1] < result.history.error[0]
    True
    """
    check_choice(loss, "loss", LOSSES)
    thetas, X, Y = check_data(thetas, X, Y)
    alpha = check_positive_real(alpha, "alpha", symbol="α")
    epochs = check_int(epochs, "epochs", minimum=0)
    check_choice(on_divergence, "on_divergence", ("raise", "stop"))
    M = X.shape[0]
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", minimum=1)
    seed = check_seed(seed)
    full_batch = batch_size is None or batch_size >= M
    has_test = X_test is not None or Y_test is not None
    if has_test:
        if X_test is None or Y_test is None:
            given, missing = ("X_test", "Y_test") if Y_test is None else ("Y_test", "X_test")
            raise ValueError(f"give both X_test and Y_test, or neither; got {given} but {missing} is None")
        _, X_test, Y_test = check_data(thetas, X_test, Y_test, X_name="X_test", Y_name="Y_test",
                                       checked_thetas=True)
    if callback is not None:
        check_callable(callback, "callback", "callback(epoch, history)")

    rng = np.random.default_rng(seed)
    history = History()
    previous = thetas
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(epochs + 1):
            fp = _forward(thetas, X, keep_hidden_z=False)   # E(Θ^(t)); in full batch, also the step's forward pass
            E = _error_from_forward(fp, Y, loss)
            if not (np.isfinite(E) and all(np.isfinite(th).all() for th in thetas)):
                if t == 0:   # not a divergence: the inputs themselves are too large
                    _refuse_initial_overflow(thetas, X, Y, loss)
                what = "a weight in Θ" if not all(np.isfinite(th).all() for th in thetas) else "the error E"
                history.diverged_at = t
                history.message = (f"gradient descent diverged at epoch {t}: {what} became non-finite "
                                   f"(α = {alpha:g} is too large here); try a smaller α, such as {alpha / 10:g}. "
                                   f"The weights returned are the last finite ones, from epoch {t - 1}.")
                if on_divergence == "raise":
                    raise DivergenceError(history.message, t, previous, history)
                return TrainingResult(thetas=previous, history=history)
            history.epoch.append(t)
            history.error.append(E)
            history.accuracy.append(_accuracy(fp, Y))
            if has_test:
                fp_test = _forward(thetas, X_test)
                history.test_error.append(_error_from_forward(fp_test, Y_test, loss))
                history.test_accuracy.append(_accuracy(fp_test, Y_test))
            if callback is not None:
                callback(t, history)
            if t == epochs:
                break
            previous = thetas
            if full_batch:
                thetas = _step(thetas, _backprop(thetas, fp, Y, loss).grad, alpha)
            else:
                order = rng.permutation(M)
                for start in range(0, M, batch_size):
                    b = order[start:start + batch_size]
                    grads = _backprop(thetas, _forward(thetas, X[b], keep_hidden_z=False), Y[b], loss).grad
                    thetas = _step(thetas, grads, alpha)
            del fp                                   # free Θ^(t)'s activations before computing Θ^(t+1)'s
    return TrainingResult(thetas=thetas, history=history)


def _refuse_initial_overflow(thetas, X, Y, loss):
    """E(Θ^(0)) is not finite although Θ and X are: raise the ValueError that names them."""
    _error_exact(_checked_forward(thetas, X), Y, loss, "Θ and X")
    raise ValueError("Θ and X must give a finite error E at the start of training; got a non-finite E(Θ^(0))")


def fit(
    sizes: list[int],
    X: ArrayLike,
    Y: ArrayLike,
    alpha: float,
    epochs: int = 100,
    seed: int = 0,
    dtype: DTypeLike = np.float64,
    **kwargs,
) -> TrainingResult:
    """Initialise a network of the given sizes and train it: ``init_thetas`` then ``gradient_descent``.

    Equation (eq-gd), starting from (eq-init).

    Shapes: sizes [H_0 = N, …, H_L = P]; X (M, N); Y (M, P) or labels (M,).
    Further keyword arguments go to ``gradient_descent``.

    >>> from companion.datasets import blobs
    >>> X, Y = blobs(M=60, seed=0)
    >>> fit([2, 5, 3], X, Y, alpha=1.0, epochs=50).history.accuracy[-1] > 0.9
    True
    """
    return gradient_descent(init_thetas(sizes, seed=seed, dtype=dtype), X, Y, alpha, epochs=epochs,
                            seed=seed, **kwargs)
