"""Gradient descent: the article's update rule, repeated.

    Θ_ℓ^{(t+1)} = Θ_ℓ^{(t)} − α ∂E/∂Θ_ℓ(Θ^{(t)})        for every ℓ = 1 … L

One *epoch* is one pass over the training set: a single step on the whole set
(full batch, the article's setting and the default), or one step per
mini-batch when ``batch_size`` is given.

Beyond the article, as options of ``gradient_descent`` that default to the
article's network and rule: bias units (``biases``), tanh or ReLU hidden layers
(``activation``), another optimiser (``optimiser="momentum"`` or ``"adam"``,
the update rules of ``companion.optimisers``), L2 weight decay
(``weight_decay`` = λ) and early stopping on a validation set (``X_val``,
``Y_val``, ``patience``).  The loop is the same loop; only the step differs.
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from ._validation import (
    check_biases,
    check_bool,
    check_callable,
    check_choice,
    check_data,
    check_grads,
    check_int,
    check_nonnegative_real,
    check_positive_real,
    check_seed,
    check_thetas,
    require_finite,
)
from .activations import HIDDEN_ACTIVATIONS
from .backprop import _backprop, _output_delta
from .losses import LOSSES, _error_exact, _error_from_forward, _mse
from .network import _checked_forward, _forward, init_biases, init_thetas
from .optimisers import OPTIMISERS, check_options
from .optimisers import _step as _optimiser_step

__all__ = [
    "gradient_descent_step",
    "gradient_descent",
    "fit",
    "accuracy",
    "confusion_matrix",
    "History",
    "TrainingResult",
    "DivergenceError",
]


class DivergenceError(FloatingPointError):
    """Gradient descent produced a non-finite error E or weight Θ.

    Attributes: ``epoch`` (where it happened), ``thetas`` (the last finite
    weights, from the epoch before), ``biases`` (likewise, or None without bias
    units) and ``history`` (up to the last finite epoch).
    """

    def __init__(
        self, message: str, epoch: int, thetas: list[np.ndarray], history: History, biases: list | None = None
    ) -> None:
        super().__init__(message)
        self.epoch, self.thetas, self.history, self.biases = epoch, thetas, history, biases


@dataclass
class History:
    """What gradient descent measured, once per epoch t = 0 … T.

    Entry t describes Θ^{(t)}: entry 0 is the untrained network, entry T the
    returned one.  ``error`` is E on the training set, ``accuracy`` the fraction
    of training samples whose largest output is the true class; ``test_error``
    and ``test_accuracy`` are filled when a test set is given, ``val_error``
    and ``val_accuracy`` when a validation set is given.  If training
    diverged, ``diverged_at`` is the epoch and ``message`` says what happened.
    ``error`` is E without the L2 penalty, so that runs with and without weight
    decay compare.  With early stopping, ``stopped_at`` is the epoch at which
    training stopped (None if it ran all its epochs) and ``best_epoch`` the
    epoch of the lowest validation error, whose weights are returned.
    """

    epoch: list = field(default_factory=list)
    error: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    test_error: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    diverged_at: int | None = None
    message: str = ""
    val_error: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    stopped_at: int | None = None
    best_epoch: int | None = None


@dataclass(frozen=True)
class TrainingResult:
    """``thetas``: the trained [Θ_1, …, Θ_L]; ``history``: a ``History``; ``biases``: the trained
    [b_1, …, b_L], or None for a network without bias units (the article's)."""

    thetas: list
    history: History
    biases: list | None = None


# --- the mathematics


def _step(thetas, grads, alpha):
    return [theta - alpha * g for theta, g in zip(thetas, grads)]  # Θ_ℓ − α ∂E/∂Θ_ℓ


def _accuracy(fp, Y):
    return float(np.mean(fp.y_hat.argmax(axis=1) == Y.argmax(axis=1)))


# Tests set this to False to run the defaults through the readable path (and compare it with the fast one).
_FAST_PATH = True


class _Readable:
    """The training step written with the readable functions: forward, backprop, an optimiser.

    Used whenever an option beyond the article is set (bias, tanh/ReLU, momentum/Adam, L2, a
    validation set); the article's network takes the fast path, ``_Workspace``, which computes the
    same numbers in reused buffers.  Both offer ``forward(thetas, X, with_loss)`` and a step.
    """

    def __init__(self, Y, loss, activation, optimiser, options, weight_decay, alpha):
        self.Y, self.loss, self.activation = Y, loss, activation
        self.optimiser, self.options, self.weight_decay, self.alpha = optimiser, options, weight_decay, alpha
        self.biases, self.state, self.fp = None, None, None

    def forward(self, thetas, X, with_loss=False, Y=None):
        # E(Θ^(t)) and the accuracy on (X, Y); the forward pass is kept for the step that follows
        self.fp = _forward(thetas, X, keep_hidden_z=False, biases=self.biases, activation=self.activation)
        Y = self.Y if Y is None else Y
        return _error_from_forward(self.fp, Y, self.loss), _accuracy(self.fp, Y)

    def backward_step(self, thetas, X, Y, alpha=None):
        g = _backprop(thetas, self.fp, Y, self.loss, self.biases is not None, self.weight_decay)
        L = len(thetas)
        params = thetas + (self.biases or [])
        grads = g.grad + (g.grad_b or [])
        params, self.state = _optimiser_step(self.optimiser, params, grads, self.state, self.alpha, self.options)
        if self.biases is not None:
            self.biases = params[L:]
        return params[:L]

    def batch_step(self, thetas, X, Y, rows, alpha=None):
        Xb, Yb = X[rows], Y[rows]
        self.fp = _forward(thetas, Xb, keep_hidden_z=False, biases=self.biases, activation=self.activation)
        return self.backward_step(thetas, Xb, Yb)


# --- the fast path: the same arithmetic, in buffers that a training run reuses
#
# A run repeats the same products on arrays of the same shapes, epoch after epoch.  _Workspace
# allocates them once per call of gradient_descent and writes into them (out= arguments,
# in-place updates), where _forward, _backprop and _step return new arrays.  The operations are
# theirs, in the same order on the same operands, so every number is the same bit for bit
# (tests/test_training_workspace.py checks it); only where the numbers live differs.
# Element-wise work runs over blocks of rows that stay in the CPU's cache: each row is computed
# on its own, so blocking changes no value, but it reads and writes main memory once, not once
# per operation.  The matrix products run on whole arrays, exactly as in the readable functions.

_BLOCK_BYTES = 1 << 17  # per array and block: the few 128 KB blocks in use at once fit in L2


def _blocks(rows, width, itemsize):
    step = max(1, _BLOCK_BYTES // (width * itemsize))
    return [slice(start, min(start + step, rows)) for start in range(0, rows, step)]


def _threads():
    """Threads for the element-wise blocks: as many as the BLAS is told to use, else one per CPU we may run on.

    numpy's element-wise functions use one core; the matrix products use the BLAS's threads.  Sharing the
    blocks among that many threads keeps the element-wise work from becoming the slow part on 2+ cores.
    """
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(name, "").strip().isdigit():
            return max(1, int(os.environ[name]))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class _Blocks:
    """The row blocks of (rows, width) arrays, each with two temporaries of its shape; made once, then looked up.

    ``serial(rows, width)`` lists (rows slice, temporary, temporary) for one thread; ``run(f, rows, width)``
    calls f(rows slice, temporary, temporary) on every block, the blocks shared among the threads in
    contiguous runs, each thread with its own temporaries.  Every block is computed the same way whoever
    computes it, so the threads change no value.
    """

    def __init__(self, dtype, max_width, threads):
        self.dtype, self.threads, self.plans = dtype, threads, {}
        size = max(_BLOCK_BYTES // dtype.itemsize, max_width)
        self.flat = [[np.empty(size, dtype) for _ in range(2)] for _ in range(threads)]

    def _plan(self, rows, width, threads):
        key = (rows, width, threads, _BLOCK_BYTES)
        if key not in self.plans:
            blocks = _blocks(rows, width, self.dtype.itemsize)
            threads = min(threads, len(blocks) // 2) or 1  # two blocks per thread at least
            runs = np.array_split(np.arange(len(blocks)), threads)
            self.plans[key] = [
                [
                    (
                        blocks[i],
                        *(f[: (blocks[i].stop - blocks[i].start) * width].reshape(-1, width) for f in self.flat[k]),
                    )
                    for i in run
                ]
                for k, run in enumerate(runs)
            ]
        return self.plans[key]

    def serial(self, rows, width):
        return self._plan(rows, width, 1)[0]

    def run(self, f, rows, width):
        runs = self._plan(rows, width, self.threads)
        errors = []
        helpers = [
            threading.Thread(
                target=contextvars.copy_context().run,  # the caller's np.errstate too
                args=(_each, f, run, errors),
            )
            for run in runs[1:]
        ]
        for helper in helpers:
            helper.start()
        _each(f, runs[0], errors)
        for helper in helpers:
            helper.join()
        if errors:
            raise errors[0]


def _each(f, blocks, errors):
    try:
        for block in blocks:
            f(*block)
    except BaseException as exc:  # handed to the calling thread, which raises it
        errors.append(exc)


def _times_sigmoid_derivative(product, a, b):
    # (Δ_ℓ Θ_ℓ) ⊙ A ⊙ (1 − A) on rows b, as in backprop, written over A: δ_{ℓ−1} replaces a_{ℓ−1}
    pb, ab = product[b], a[b]
    np.multiply(pb, ab, out=pb)
    np.subtract(1, ab, out=ab)
    np.multiply(pb, ab, out=ab)


class _Workspace:
    """The arrays one training run needs, allocated once: ``rows`` = M samples (the forward pass that
    measures E and the accuracy), ``batch_size`` the rows of a mini-batch step if smaller.

    ``a[ℓ]`` (ℓ = 1 … L) holds a_ℓ after ``forward``; ``backward_step`` overwrites it with δ_ℓ,
    because a_ℓ is no longer needed once δ_ℓ exists (the gradient of Θ_{ℓ+1} has used it).
    """

    def __init__(self, thetas, Y, loss, rows, train, batch_size=None):
        dtype, L = thetas[0].dtype, len(thetas)
        widths = [t.shape[0] for t in thetas]  # H_1 … H_L
        self.L, self.loss, self.Y = L, loss, Y
        self.labels = Y.argmax(axis=1)  # the true classes, once per run
        self.a = [None] + [np.empty((rows, h), dtype) for h in widths]
        self.z_L = np.empty((rows, widths[-1]), dtype)  # kept for E_CE, computed from z_L
        self.losses = np.empty(rows, dtype)
        self.predicted = np.empty(rows, np.intp)
        self.blocks = _Blocks(dtype, max(widths), _threads())  # row blocks and their temporaries
        self.row_max_or_sum = np.empty((rows, 1), dtype)
        self.correct = np.empty(rows, bool)
        hidden = max(widths[:-1], default=0)
        step_rows = min(rows, batch_size or rows)
        self.product = np.empty(step_rows * hidden, dtype) if train and hidden else None  # Δ_ℓ Θ_ℓ
        self.grads = [np.empty_like(t) for t in thetas] if train else None
        if train and step_rows < rows:  # mini-batches: room for X[b], Y[b]
            self.X_batch = np.empty((step_rows, thetas[0].shape[1]), dtype)
            self.Y_batch = np.empty((step_rows, widths[-1]), dtype)

    def _sigmoid_in_place(self, z):
        # a = e^{min(z, 0)} / (1 + e^{−|z|}), as activations._sigmoid, block by block and with one
        # exponential instead of two: for z < 0 both exponents are z, so the numerator is e^{−|z|}; for
        # z ≥ 0 it is 1.  max(e^{−|z|}, 𝟙[z ≥ 0]) picks exactly that, as 0 ≤ e^{−|z|} ≤ 1.
        def block(b, e, numerator):
            zb = z[b]
            np.abs(zb, out=e)
            np.negative(e, out=e)  # −|z|
            np.exp(e, out=e)  # e^{−|z|}
            np.greater_equal(zb, 0, out=numerator, casting="unsafe")  # 1.0 where z ≥ 0, else 0.0
            np.maximum(e, numerator, out=numerator)  # e^{min(z, 0)}
            np.add(1, e, out=e)  # 1 + e^{−|z|}
            np.divide(numerator, e, out=zb)  # z's buffer now holds a

        self.blocks.run(block, *z.shape)

    def _softmax_and_losses(self, rows, with_loss):
        # a_L = softmax(z_L) as activations._softmax; the per-sample losses as losses._cross_entropy_from_logits
        # (sharing the shifted logits and their exponentials) or losses._mse; the predicted classes.
        z, a = self.z_L, self.a[self.L]
        for b, shifted, e in self.blocks.serial(rows, z.shape[1]):
            zb, ab, m = z[b], a[b], self.row_max_or_sum[b]
            np.maximum.reduce(zb, axis=-1, keepdims=True, out=m)  # = zb.max(axis=-1, keepdims=True)
            np.subtract(zb, m, out=shifted)  # every exponent ≤ 0
            np.exp(shifted, out=e)
            np.add.reduce(e, axis=-1, keepdims=True, out=m)  # = e.sum(axis=-1, keepdims=True)
            np.divide(e, m, out=ab)  # a_L
            if with_loss:
                np.argmax(ab, axis=1, out=self.predicted[b])
                if self.loss == "cross_entropy":  # −Σ_j y_ij (shifted_ij − log Σ_k e^{shifted_ik})
                    np.log(m, out=m)
                    np.subtract(shifted, m, out=shifted)
                    np.multiply(self.Y[b], shifted, out=shifted)
                    np.add.reduce(shifted, axis=1, out=self.losses[b])
                    np.subtract(0.0, self.losses[b], out=self.losses[b])
                else:
                    self.losses[b] = _mse(self.Y[b], ab)

    def forward(self, thetas, X, with_loss=False):
        """a_ℓ of every layer for the rows of X; with ``with_loss``, return E and the accuracy (X is all of it)."""
        rows, a = X.shape[0], X
        for ell in range(1, self.L + 1):
            out = self.z_L[:rows] if ell == self.L else self.a[ell][:rows]
            np.matmul(a, thetas[ell - 1].T, out=out)  # Z_ℓ = A_{ℓ−1} Θ_ℓᵀ
            if ell < self.L:
                self._sigmoid_in_place(out)
            a = out
        self._softmax_and_losses(rows, with_loss)
        if with_loss:
            E = float(np.add.reduce(self.losses) / rows)  # = losses.mean(), as numpy computes it
            np.equal(self.predicted, self.labels, out=self.correct)
            accuracy = int(np.count_nonzero(self.correct)) / rows
            return E, accuracy
        return None

    def backward_step(self, thetas, X, Y, alpha):
        """Backpropagation from the last ``forward`` (on these rows X, Y) and the step: new [Θ_1 … Θ_L]."""
        rows, L = X.shape[0], self.L
        delta = self.a[L][:rows]
        if self.loss == "cross_entropy":
            np.subtract(delta, Y, out=delta)  # δ_L = a_L − y
        else:
            for b, _, _ in self.blocks.serial(rows, delta.shape[1]):
                delta[b] = _output_delta(delta[b], Y[b], "mse")
        new = [None] * L
        for ell in range(L, 0, -1):
            a_prev = X if ell == 1 else self.a[ell - 1][:rows]
            g = self.grads[ell - 1]
            np.matmul(delta.T, a_prev, out=g)  # Δ_ℓᵀ A_{ℓ−1}
            np.divide(g, rows, out=g)  # ∂E/∂Θ_ℓ
            np.multiply(alpha, g, out=g)
            new[ell - 1] = thetas[ell - 1] - g  # Θ_ℓ − α ∂E/∂Θ_ℓ (Θ_ℓ: used below)
            if ell > 1:
                h = thetas[ell - 1].shape[1]
                product = self.product[: rows * h].reshape(rows, h)
                np.matmul(delta, thetas[ell - 1], out=product)  # Δ_ℓ Θ_ℓ
                self.blocks.run(lambda b, _, __, p=product, a=a_prev: _times_sigmoid_derivative(p, a, b), rows, h)
                delta = a_prev  # δ_{ℓ−1}
        return new

    def batch_step(self, thetas, X, Y, rows, alpha):
        """One mini-batch step on the samples ``rows`` (an index array): X[rows] and Y[rows] are gathered."""
        n = len(rows)
        Xb, Yb = self.X_batch[:n], self.Y_batch[:n]
        np.take(X, rows, axis=0, out=Xb)
        np.take(Y, rows, axis=0, out=Yb)
        self.forward(thetas, Xb)
        return self.backward_step(thetas, Xb, Yb, alpha)


# --- public functions


def accuracy(
    thetas: list[np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
) -> float:
    """The fraction of samples whose largest output ŷ_ij is the true class.

    Equation::

        accuracy = (1/M) Σ_i 𝟙[argmax_j ŷ_ij = argmax_j y_ij]

    Shapes: X (M, N), Y (M, P) one-hot or labels (M,) → a float in [0, 1].
    ``biases`` and ``activation`` as in ``forward``.

    >>> accuracy([np.eye(2)], [[3.0, 1.0], [0.0, 2.0]], [0, 0])
    0.5
    """
    thetas, X, Y = check_data(thetas, X, Y)
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    return _accuracy(_checked_forward(thetas, X, keep_hidden_z=False, biases=biases, activation=activation), Y)


def confusion_matrix(
    thetas: list[np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
) -> np.ndarray:
    """Count, for every pair of classes (j, k), the samples of class j that the network puts in class k.

    Equation::

        C_jk = #{ i : argmax y_i = j  and  argmax ŷ_i = k }

    The diagonal holds the correct answers; ``C.trace() / M`` is the accuracy.

    Shapes: X (M, N), Y (M, P) one-hot or labels (M,) → C (P, P) of integers,
    row = true class, column = predicted class.  ``biases`` and ``activation`` as in ``forward``.

    >>> confusion_matrix([np.eye(2)], [[3.0, 1.0], [0.0, 2.0], [1.0, 0.0]], [0, 0, 1])
    array([[1, 1],
           [1, 0]])
    """
    thetas, X, Y = check_data(thetas, X, Y)
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    P = Y.shape[1]
    fp = _checked_forward(thetas, X, keep_hidden_z=False, biases=biases, activation=activation)
    true, predicted = Y.argmax(axis=1), fp.y_hat.argmax(axis=1)
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
    return require_finite(
        new,
        lambda: (
            f"α = {alpha:g} must be small enough for Θ_ℓ − α ∂E/∂Θ_ℓ to fit in "
            f"{thetas[0].dtype}; got a non-finite step (largest |∂E/∂Θ_ℓ| = "
            f"{max(float(abs(g).max()) for g in grads):.4g})"
        ),
    )


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
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
    optimiser: str = "sgd",
    optimiser_options: dict | None = None,
    weight_decay: float = 0.0,
    X_val: ArrayLike | None = None,
    Y_val: ArrayLike | None = None,
    patience: int | None = None,
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

    Beyond the article (each option defaults to the article's network):

    * ``biases`` [b_1, …, b_L]: bias units, trained with ∂E/∂b_ℓ (eq-grad-bias);
    * ``activation``: "sigmoid", "tanh" or "relu" for the hidden layers;
    * ``optimiser``: "sgd" (eq-gd), "momentum" (eq-momentum) or "adam"
      (eq-adam), with ``optimiser_options`` such as ``{"beta": 0.9}``; the
      optimiser's state carries over from step to step and epoch to epoch;
    * ``weight_decay`` λ ≥ 0: minimise E_λ = E + (λ/2) Σ_ℓ ‖Θ_ℓ‖² (eq-l2);
    * ``X_val``, ``Y_val``: a validation set, measured every epoch
      (``history.val_error``); with ``patience`` = k, training stops once the
      validation error has not improved on its best for k epochs, and returns
      the weights of that best epoch (early stopping).

    Shapes: thetas [Θ_1 (H_1, N), …, Θ_L (P, H_{L−1})], X (M, N), Y (M, P) one-hot
    or labels (M,); optional X_test (M', N), Y_test, X_val (M'', N), Y_val;
    biases None or [b_1 (H_1,), …, b_L (P,)].  Returns ``TrainingResult`` (new
    thetas and biases; the given ones are not modified).

    >>> from companion.datasets import xor
    >>> X, Y = xor(M=40, seed=0)
    >>> result = gradient_descent(init_thetas([2, 8, 2], seed=1), X, Y, alpha=2.0, epochs=200)
    >>> result.history.error[-1] < result.history.error[0]
    True
    >>> adam = gradient_descent(init_thetas([2, 8, 2], seed=1), X, Y, alpha=0.05, epochs=200,
    ...                         biases=init_biases([2, 8, 2]), activation="tanh", optimiser="adam")
    >>> adam.history.error[-1] < result.history.error[-1], [b.shape for b in adam.biases]
    (True, [(8,), (2,)])
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
    X_test, Y_test = _optional_set(thetas, X_test, Y_test, "X_test", "Y_test")
    has_test = X_test is not None
    if callback is not None:
        check_callable(callback, "callback", "callback(epoch, history)")
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    check_choice(optimiser, "optimiser", OPTIMISERS)
    options = check_options(optimiser, optimiser_options)
    lam = check_nonnegative_real(weight_decay, "weight_decay", symbol="λ (weight_decay)")
    X_val, Y_val = _optional_set(thetas, X_val, Y_val, "X_val", "Y_val")
    has_val = X_val is not None
    if patience is not None:
        patience = check_int(patience, "patience", minimum=1)
        if not has_val:
            raise ValueError(
                "patience (early stopping) needs a validation set: give X_val and Y_val; "
                f"got patience = {patience} and no X_val, Y_val"
            )

    rng = np.random.default_rng(seed)
    history = History()
    previous, previous_b = thetas, biases
    best = None  # (E_val, epoch, thetas, biases) of the best validation error so far
    fast = _FAST_PATH and biases is None and activation == "sigmoid" and optimiser == "sgd" and not lam
    if fast:  # the article's network: reused buffers, the same numbers (tests/test_training_workspace.py)
        work = _Workspace(thetas, Y, loss, rows=M, train=True, batch_size=batch_size)  # reused by every epoch
        work_test = _Workspace(thetas, Y_test, loss, rows=X_test.shape[0], train=False) if has_test else None
        work_val = _Workspace(thetas, Y_val, loss, rows=X_val.shape[0], train=False) if has_val else None
    else:
        work = _Readable(Y, loss, activation, optimiser, options, lam, alpha)
        work.biases = biases
        work_test = _ReadableView(work, Y_test) if has_test else None
        work_val = _ReadableView(work, Y_val) if has_val else None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(epochs + 1):
            biases = None if fast else work.biases
            E, train_accuracy = work.forward(thetas, X, with_loss=True)  # E(Θ^(t)); and the step's forward pass
            finite_weights = all(np.isfinite(th).all() for th in thetas + (biases or []))
            if not (np.isfinite(E) and finite_weights):
                if t == 0:  # not a divergence: the inputs themselves are too large
                    _refuse_initial_overflow(thetas, X, Y, loss, biases, activation)
                what = "a weight in Θ" if not finite_weights else "the error E"
                history.diverged_at = t
                history.message = (
                    f"gradient descent diverged at epoch {t}: {what} became non-finite "
                    f"(α = {alpha:g} is too large here); try a smaller α, such as {alpha / 10:g}. "
                    f"The weights returned are the last finite ones, from epoch {t - 1}."
                )
                if on_divergence == "raise":
                    raise DivergenceError(history.message, t, previous, history, previous_b)
                return TrainingResult(thetas=previous, history=history, biases=previous_b)
            history.epoch.append(t)
            history.error.append(E)
            history.accuracy.append(train_accuracy)
            if has_test:
                E_test, test_accuracy = work_test.forward(thetas, X_test, with_loss=True)
                history.test_error.append(E_test)
                history.test_accuracy.append(test_accuracy)
            if has_val:
                E_val, val_accuracy = work_val.forward(thetas, X_val, with_loss=True)
                history.val_error.append(E_val)
                history.val_accuracy.append(val_accuracy)
                if best is None or E_val < best[0]:
                    best = (E_val, t, thetas, biases)
                    history.best_epoch = t
            if callback is not None:
                callback(t, history)
            if patience is not None and t - best[1] >= patience:
                history.stopped_at = t
                return TrainingResult(thetas=best[2], history=history, biases=best[3])
            if t == epochs:
                break
            previous, previous_b = thetas, biases
            if full_batch:
                thetas = work.backward_step(thetas, X, Y, alpha)
            else:
                order = rng.permutation(M)
                for start in range(0, M, batch_size):
                    thetas = work.batch_step(thetas, X, Y, order[start : start + batch_size], alpha)
    return TrainingResult(thetas=thetas, history=history, biases=None if fast else work.biases)


class _ReadableView:
    """Evaluation on a test or validation set with the network's current biases (no step)."""

    def __init__(self, work, Y):
        self.work, self.Y = work, Y

    def forward(self, thetas, X, with_loss=True):
        fp = _forward(thetas, X, keep_hidden_z=False, biases=self.work.biases, activation=self.work.activation)
        return _error_from_forward(fp, self.Y, self.work.loss), _accuracy(fp, self.Y)


def _optional_set(thetas, X_other, Y_other, X_name, Y_name):
    """A test or validation set: both arrays or neither; validated against the network."""
    if X_other is None and Y_other is None:
        return None, None
    if X_other is None or Y_other is None:
        given, missing = (X_name, Y_name) if Y_other is None else (Y_name, X_name)
        raise ValueError(f"give both {X_name} and {Y_name}, or neither; got {given} but {missing} is None")
    _, X_other, Y_other = check_data(thetas, X_other, Y_other, X_name=X_name, Y_name=Y_name, checked_thetas=True)
    return X_other, Y_other


def _refuse_initial_overflow(thetas, X, Y, loss, biases=None, activation="sigmoid"):
    """E(Θ^(0)) is not finite although Θ and X are: raise the ValueError that names them."""
    _error_exact(_checked_forward(thetas, X, biases=biases, activation=activation), Y, loss, "Θ and X")
    raise ValueError("Θ and X must give a finite error E at the start of training; got a non-finite E(Θ^(0))")


def fit(
    sizes: list[int],
    X: ArrayLike,
    Y: ArrayLike,
    alpha: float,
    epochs: int = 100,
    seed: int = 0,
    dtype: DTypeLike = np.float64,
    bias: bool = False,
    init: str | None = None,
    **kwargs,
) -> TrainingResult:
    """Initialise a network of the given sizes and train it: ``init_thetas`` then ``gradient_descent``.

    Equation (eq-gd), starting from (eq-init).

    Beyond the article: ``bias=True`` adds bias units, starting at 0 (eq-init-bias);
    ``init`` names the scheme of ``init_thetas`` ("glorot"/"xavier" or "he"); by
    default Glorot, or He when ``activation="relu"`` is passed on.

    Shapes: sizes [H_0 = N, …, H_L = P]; X (M, N); Y (M, P) or labels (M,).
    Further keyword arguments go to ``gradient_descent``.

    >>> from companion.datasets import blobs
    >>> X, Y = blobs(M=60, seed=0)
    >>> fit([2, 5, 3], X, Y, alpha=1.0, epochs=50).history.accuracy[-1] > 0.9
    True
    >>> fit([2, 5, 3], X, Y, alpha=0.1, epochs=5, bias=True, activation="relu").biases[0].shape
    (5,)
    """
    bias = check_bool(bias, "bias")
    if init is None:
        init = "he" if kwargs.get("activation") == "relu" else "glorot"
    thetas = init_thetas(sizes, seed=seed, dtype=dtype, scheme=init)
    if bias:
        kwargs["biases"] = init_biases(sizes, dtype=dtype)
    return gradient_descent(thetas, X, Y, alpha, epochs=epochs, seed=seed, **kwargs)
