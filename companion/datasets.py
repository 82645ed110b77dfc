"""Datasets in the book's notation: X (M, N) with samples in rows, Y (M, P) one-hot.

Everything is generated from a seed or read from a file that ships with a
package; nothing is downloaded.  The same seed gives the same numbers on every
machine (``numpy.random.default_rng``, PCG64).

* ``moons``, ``spirals``, ``xor``, ``blobs`` — small 2-D sets (N = 2) for pictures;
* ``digits`` — scikit-learn's 8×8 handwritten digits (M = 1797, N = 64, P = 10),
  read from the copy inside scikit-learn (needs scikit-learn installed);
* ``one_hot``, ``labels``, ``train_test_split`` — the glue.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, check_int, check_labels, check_real, check_seed, check_targets, require_finite

__all__ = ["moons", "spirals", "xor", "blobs", "digits", "one_hot", "labels", "train_test_split", "DATASETS"]


def _check_common(M, noise, seed, min_M=2):
    M = check_int(M, "M", minimum=min_M)
    noise = check_real(noise, "noise", low=0)
    seed = check_seed(seed)
    return M, noise, np.random.default_rng(seed)


def one_hot(labels: ArrayLike, P: int | None = None) -> np.ndarray:
    """Turn integer class labels into one-hot rows: the target matrix Y.

    Equation::

        y_ij = 1 if sample i belongs to class j, else 0        (j = 0 … P−1 in Python)

    Shapes: labels (M,) with values in [0, P) → Y (M, P).  P defaults to
    max(labels) + 1.

    >>> one_hot([2, 0, 1])
    array([[0., 0., 1.],
           [1., 0., 0.],
           [0., 1., 0.]])
    """
    if P is not None:
        P = check_int(P, "P", minimum=1)
    labels = check_labels(labels, "labels", P=P)
    if P is None:
        P = int(labels.max()) + 1
    Y = np.zeros((labels.shape[0], P))
    Y[np.arange(labels.shape[0]), labels] = 1
    return Y


def labels(Y: ArrayLike) -> np.ndarray:
    """The class index of each one-hot row: the inverse of ``one_hot``.

    Equation::

        label_i = argmax_j y_ij

    Shapes: Y (M, P) one-hot → (M,) integers.  Labels (M,) are accepted too, as
    wherever Y is, and come back unchanged (as int64).

    >>> labels(one_hot([2, 0, 1]))
    array([2, 0, 1])
    """
    Y = check_targets(Y, "Y")
    return Y if Y.ndim == 1 else Y.argmax(axis=1)


def moons(M: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (P = 2 classes, N = 2 features).

    Equation: class 0 at (cos t, sin t), class 1 at (1 − cos t, ½ − sin t),
    t ~ U(0, π), plus Gaussian noise of standard deviation ``noise``.

    Shapes: → X (M, 2), Y (M, 2).

    >>> X, Y = moons(M=10, seed=0); X.shape, Y.shape
    ((10, 2), (10, 2))
    """
    M, noise, rng = _check_common(M, noise, seed)
    y = np.arange(M) % 2
    t = rng.uniform(0, np.pi, size=M)
    X = np.where(
        y[:, None] == 0, np.column_stack([np.cos(t), np.sin(t)]), np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    )
    with np.errstate(over="ignore", invalid="ignore"):
        X = X + noise * rng.standard_normal((M, 2))
    return _noisy(X, noise), one_hot(y, 2)


def spirals(M: int = 300, P: int = 3, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """P interleaved spiral arms, one class each (N = 2).

    Equation: arm j at radius r ~ U(0, 1), angle 4r + 2πj/P, plus Gaussian
    noise of standard deviation ``noise`` on the angle.

    Shapes: → X (M, 2), Y (M, P).

    >>> X, Y = spirals(M=9, P=3, seed=0); Y.sum(axis=0)
    array([3., 3., 3.])
    """
    M, noise, rng = _check_common(M, noise, seed)
    P = check_int(P, "P", minimum=2)
    y = np.arange(M) % P
    r = rng.uniform(0.05, 1, size=M)
    with np.errstate(over="ignore", invalid="ignore"):
        angle = 4 * r + 2 * np.pi * y / P + noise * rng.standard_normal(M)
        X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    X = _noisy(X, noise)
    return X, one_hot(y, P)


def xor(M: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: four clusters at the corners of the unit square, opposite corners share a class.

    Equation: centres (0, 0), (0, 1), (1, 1), (1, 0); class = x₁ XOR x₂ of the
    centre, plus Gaussian noise of standard deviation ``noise``.  No straight
    line separates the classes, so a network needs a hidden layer.

    Why the unit square and not (±1, ±1): the article's network has no bias,
    so a_1(−x) = 1 − a_1(x) for every input.  With one hidden layer (L = 2) this
    forces z_2(−x) = Θ_2 1 − z_2(x), and a square centred on the origin, which
    puts x and −x in the same class, cannot be classified.  (With two hidden
    layers a_1's constant ½ acts as a bias for layer 2 and it can; the
    feed-forward chapter shows both.)

    Shapes: → X (M, 2), Y (M, 2).

    >>> X, Y = xor(M=4, noise=0.0, seed=0); X, labels(Y)
    (array([[0., 0.],
           [0., 1.],
           [1., 1.],
           [1., 0.]]), array([0, 1, 0, 1]))
    """
    M, noise, rng = _check_common(M, noise, seed)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0]])
    which = np.arange(M) % 4
    with np.errstate(over="ignore", invalid="ignore"):
        X = _noisy(corners[which] + noise * rng.standard_normal((M, 2)), noise)
    y = (which % 2 == 1).astype(int)
    return X, one_hot(y, 2)


def blobs(M: int = 150, P: int = 3, noise: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """P Gaussian clusters, one class each, centres evenly spaced on a circle of radius 2.

    Equation: x ~ 𝒩(c_j, noise² I) with c_j = 2 (cos 2πj/P, sin 2πj/P).

    Shapes: → X (M, 2), Y (M, P).

    >>> X, Y = blobs(M=6, P=3, seed=0); X.shape, Y.shape
    ((6, 2), (6, 3))
    """
    M, noise, rng = _check_common(M, noise, seed)
    P = check_int(P, "P", minimum=2)
    y = np.arange(M) % P
    angle = 2 * np.pi * y / P
    centres = 2 * np.column_stack([np.cos(angle), np.sin(angle)])
    with np.errstate(over="ignore", invalid="ignore"):
        X = _noisy(centres + noise * rng.standard_normal((M, 2)), noise)
    return X, one_hot(y, P)


def _noisy(X, noise):
    """Refuse a noise so large that X overflows (noise ≈ 1e308): X must be finite."""
    return require_finite(X, f"noise must be small enough for X to fit in float64; got noise = {noise:g}")


DATASETS = {"moons": moons, "spirals": spirals, "xor": xor, "blobs": blobs}


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's handwritten digits, in the book's notation, pixels scaled to [0, 1].

    Equation: X_ij = (grey level of pixel j in image i) / 16.

    Shapes: → X (1797, 64), Y (1797, 10).  Row i of X is an 8×8 image read
    row by row; ``X[i].reshape(8, 8)`` shows it.  The data ship inside
    scikit-learn (no download); scikit-learn must be installed.

    >>> X, Y = digits(); X.shape, Y.shape, float(X.max())
    ((1797, 64), (1797, 10), 1.0)
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "digits() reads the dataset that ships with scikit-learn: "
            "pip install scikit-learn (it is in requirements.txt)"
        ) from None
    data = load_digits()
    return data.data / 16.0, one_hot(data.target, 10)


def train_test_split(
    X: ArrayLike, Y: ArrayLike, test_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split (X, Y) into a training set and a test set, shuffled with a seed.

    Equation: a random permutation of the M rows; the first ⌊test_fraction·M⌋
    (at least 1) become the test set.

    Shapes: X (M, N), Y (M, P) one-hot or labels (M,) → X_train, X_test, Y_train,
    Y_test, Y in the form given (one-hot rows, or int64 labels).

    >>> X, Y = xor(M=8, seed=0)
    >>> [a.shape for a in train_test_split(X, Y, test_fraction=0.25)]
    [(6, 2), (2, 2), (6, 2), (2, 2)]
    """
    X = as_array(X, "X", ndim=2, shape_hint="(M, N)")
    Y = check_targets(Y, "Y")
    if X.shape[0] != Y.shape[0]:
        raise ValueError(
            f"Y must have one row (or label) per row of X, M = {X.shape[0]}; got Y of shape {Y.shape} "
            f"for X of shape {X.shape}"
        )
    test_fraction = check_real(test_fraction, "test_fraction", low=0, high=1, low_open=True, high_open=True)
    M = X.shape[0]
    if M < 2:
        raise ValueError(f"X must have at least M = 2 samples to split, got M = {M}")
    seed = check_seed(seed)
    order = np.random.default_rng(seed).permutation(M)
    n_test = min(max(1, int(test_fraction * M)), M - 1)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], Y[train], Y[test]
