"""The network: its parameters Θ_1 … Θ_L and the feed-forward pass.

How the book's symbols map to Python
------------------------------------
* A network **is** its list of weight matrices, ``thetas = [Θ_1, Θ_2, …, Θ_L]``.
  Python counts from 0 and the book from 1, so ``thetas[ℓ - 1]`` is Θ_ℓ.
  Θ_ℓ has shape (H_ℓ, H_{ℓ−1}): row i holds the weights *into* unit i of layer ℓ.
  There is no bias unit, as in the article — unless you ask for one (below).
* Layer sizes are ``sizes = [H_0, H_1, …, H_L]`` with H_0 = N (inputs) and
  H_L = P (classes); here ``sizes[ℓ]`` is H_ℓ, no shift.
* The forward pass returns lists indexed by ℓ with no shift either:
  ``a[ℓ]`` is a_ℓ for ℓ = 0 … L (a_0 = X, a_L = Ŷ) and ``z[ℓ]`` is z_ℓ for
  ℓ = 1 … L (``z[0]`` is ``None``: the input layer computes nothing).

Rows are samples
----------------
The article writes one sample as a column vector: z_ℓ = Θ_ℓ a_{ℓ−1}, with
z_ℓ ∈ R^{H_ℓ}.  A batch stacks the M samples as the *rows* of a matrix, like X:
a_{ℓ−1} becomes an (M, H_{ℓ−1}) array whose row i is the article's a_{ℓ−1} for
sample i, transposed.  Transposing z_ℓ = Θ_ℓ a_{ℓ−1} for every sample at once gives

    Z_ℓ = A_{ℓ−1} Θ_ℓᵀ          (M, H_ℓ) = (M, H_{ℓ−1}) · (H_{ℓ−1}, H_ℓ)

so row i of ``z[ℓ]`` is exactly the article's z_ℓ for sample i.

Beyond the article (options; the defaults are the article's network)
--------------------------------------------------------------------
* ``biases = [b_1, …, b_L]``, b_ℓ of shape (H_ℓ,), adds a bias unit to every
  layer: z_ℓ = Θ_ℓ a_{ℓ−1} + b_ℓ, for a batch Z_ℓ = A_{ℓ−1} Θ_ℓᵀ + 1 b_ℓᵀ (b_ℓ added
  to every row).  ``biases=None`` (default) is the article's network, no bias.
* ``activation`` chooses the hidden layers' g: ``"sigmoid"`` (default), ``"tanh"``
  or ``"relu"``; the output layer is always the softmax.
* ``init_thetas(…, scheme=)`` draws Θ by Glorot/Xavier (default) or He.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from ._validation import (
    check_biases,
    check_choice,
    check_seed,
    check_sizes,
    check_thetas,
    check_X,
    float_dtype,
)
from .activations import HIDDEN_ACTIVATIONS, _hidden, _sigmoid, _softmax

__all__ = ["init_thetas", "init_biases", "forward", "predict", "layer_sizes", "ForwardPass", "INIT_SCHEMES"]

#: Initialisation schemes, named for the activation they suit; "xavier" is another name for "glorot".
INIT_SCHEMES = ("glorot", "xavier", "he")


@dataclass(frozen=True)
class ForwardPass:
    """Everything the forward pass computed, indexed by layer ℓ.

    Attributes
    ----------
    z : list
        ``z[ℓ]`` = z_ℓ, shape (M, H_ℓ), for ℓ = 1 … L; ``z[0]`` is ``None``.
    a : list
        ``a[ℓ]`` = a_ℓ, shape (M, H_ℓ), for ℓ = 0 … L; ``a[0]`` is X, ``a[L]`` is Ŷ.
    activation : str
        The hidden layers' g_ℓ: ``"sigmoid"`` (the article's), ``"tanh"`` or ``"relu"``.
    """

    z: list
    a: list
    activation: str = "sigmoid"

    @property
    def L(self) -> int:
        """The number of layers L (Θ matrices)."""
        return len(self.a) - 1

    @property
    def y_hat(self) -> np.ndarray:
        """Ŷ = a_L, shape (M, P): one row of class probabilities per sample."""
        return self.a[-1]


def init_thetas(
    sizes: list[int], seed: int = 0, dtype: DTypeLike = np.float64, scheme: str = "glorot"
) -> list[np.ndarray]:
    r"""Random initial weights Θ_1 … Θ_L for layer sizes [H_0, …, H_L].

    Equation (eq-init), Glorot/Xavier uniform (the default, ``scheme="glorot"``
    or its other name ``"xavier"``)::

        θ_{ℓ,ij} ~ U(−r_ℓ, r_ℓ),   r_ℓ = √(6 / (H_{ℓ−1} + H_ℓ))

    and (eq-init-he), He uniform (``scheme="he"``, for ReLU layers)::

        θ_{ℓ,ij} ~ U(−r_ℓ, r_ℓ),   r_ℓ = √(6 / H_{ℓ−1}),   Var θ = 2 / H_{ℓ−1}

    Why these scales: with sigmoid or tanh units, Glorot's weights keep z_ℓ in
    the sloped region at the start, so every layer learns; ReLU zeroes half of
    its inputs on average, and He's factor 2 makes up for it.  All-zero weights
    would make every unit of a layer identical forever.

    Reproducible: the numbers come from ``numpy.random.default_rng(seed)``
    (PCG64), which gives the same stream on every machine; they are drawn in
    float64 and then cast, so float32 and float64 networks start from the
    same values (up to rounding).

    Shapes: returns a list of L arrays, ``thetas[ℓ-1]`` of shape (H_ℓ, H_{ℓ−1}).

    >>> [t.shape for t in init_thetas([2, 3, 2])]
    [(3, 2), (2, 3)]
    >>> bool(np.abs(init_thetas([50, 2], scheme="he")[0]).max() <= np.sqrt(6 / 50))
    True
    """
    sizes = check_sizes(sizes)
    seed = check_seed(seed)
    dtype = float_dtype(dtype)
    check_choice(scheme, "scheme", INIT_SCHEMES)
    rng = np.random.default_rng(seed)
    thetas = []
    for h_prev, h in zip(sizes[:-1], sizes[1:]):
        r = np.sqrt(6.0 / h_prev) if scheme == "he" else np.sqrt(6.0 / (h_prev + h))
        thetas.append(rng.uniform(-r, r, size=(h, h_prev)).astype(dtype))
    return thetas


def init_biases(sizes: list[int], dtype: DTypeLike = np.float64) -> list[np.ndarray]:
    r"""Initial bias vectors b_1 … b_L for layer sizes [H_0, …, H_L]: all zero.

    Equation (eq-init-bias)::

        b_ℓ = 0 ∈ R^{H_ℓ}

    Zero is safe for biases: the random Θ_ℓ already make the units of a layer
    differ, so nothing needs b_ℓ to break the symmetry.

    Shapes: returns a list of L vectors, ``biases[ℓ-1]`` of shape (H_ℓ,).

    >>> init_biases([2, 3, 2])
    [array([0., 0., 0.]), array([0., 0.])]
    """
    sizes = check_sizes(sizes)
    dtype = float_dtype(dtype)
    return [np.zeros(h, dtype) for h in sizes[1:]]


def layer_sizes(thetas: list[np.ndarray]) -> list[int]:
    """The sizes [H_0, H_1, …, H_L] of a network, read off its matrices.

    Equation: Θ_ℓ ∈ R^{H_ℓ × H_{ℓ−1}}, so H_0 is the column count of Θ_1 and
    H_ℓ the row count of Θ_ℓ.

    Shapes: a list of L matrices → a list of L + 1 ints.

    >>> layer_sizes(init_thetas([4, 5, 3]))
    [4, 5, 3]
    """
    thetas = check_thetas(thetas)
    return [thetas[0].shape[1]] + [t.shape[0] for t in thetas]


def _forward(thetas, X, keep_hidden_z=True, biases=None, activation="sigmoid"):
    """The forward pass on validated arrays (see ``forward``).

    Training needs only z_L (for E) and the a_ℓ (for backpropagation): with
    ``keep_hidden_z=False``, ``z[ℓ]`` is ``None`` for ℓ < L, which saves memory
    on large batches.
    """
    L = len(thetas)
    g = _sigmoid if activation == "sigmoid" else _hidden(activation)
    z, a = [None], [X]
    for ell in range(1, L + 1):
        z_ell = a[ell - 1] @ thetas[ell - 1].T  # Z_ℓ = A_{ℓ−1} Θ_ℓᵀ
        if biases is not None:
            z_ell = z_ell + biases[ell - 1]  # + b_ℓ, added to every row
        a_ell = _softmax(z_ell) if ell == L else g(z_ell)  # a_ℓ = g_ℓ(z_ℓ)
        z.append(z_ell if keep_hidden_z or ell == L else None)
        a.append(a_ell)
    return ForwardPass(z=z, a=a, activation=activation)


def _checked_forward(thetas, X, X_name="X", keep_hidden_z=True, biases=None, activation="sigmoid"):
    """The forward pass for a public function: validated inputs in, finite results out.

    Finite Θ and X can still overflow z_ℓ = a_{ℓ−1} Θ_ℓᵀ (|X| ≈ 1e300, say); that is
    refused with a ValueError naming X and Θ_ℓ instead of a NaN and a numpy warning.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        fp = _forward(thetas, X, keep_hidden_z, biases, activation)
    for ell in range(1, len(thetas) + 1):
        z = fp.z[ell]
        if z is None and not np.isfinite(fp.a[ell]).all():  # ReLU passes an overflow on to a_ℓ
            z = fp.a[ell]
        if z is not None and not np.isfinite(z).all():
            i = int(np.argwhere(~np.isfinite(z))[0][0])
            raise ValueError(
                f"{X_name} and Θ_{ell} must be small enough for z_{ell} = a_{ell - 1} Θ_{ell}ᵀ to fit in {z.dtype}; "
                f"got a non-finite z_{ell} for sample {i} (largest |{X_name}| = {np.abs(X).max():.4g}, "
                f"largest |Θ_{ell}| = {np.abs(thetas[ell - 1]).max():.4g})"
            )
    return fp


def forward(
    thetas: list[np.ndarray],
    X: ArrayLike,
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
) -> ForwardPass:
    r"""The feed-forward pass F(x) = (f_{Θ_L} ∘ … ∘ f_{Θ_1})(x), for every sample of X.

    Equations (eq-z), (eq-a) and, for a batch, (eq-batch-forward)::

        z_ℓ = Θ_ℓ a_{ℓ−1},   a_ℓ = g_ℓ(z_ℓ),   a_0 = x,   a_L = ŷ
        Z_ℓ = A_{ℓ−1} Θ_ℓᵀ                     (samples in rows)

    with g_ℓ the sigmoid for ℓ < L and the softmax for ℓ = L.

    Beyond the article: with ``biases = [b_1, …, b_L]`` (eq-z-bias)::

        z_ℓ = Θ_ℓ a_{ℓ−1} + b_ℓ,      Z_ℓ = A_{ℓ−1} Θ_ℓᵀ + 1 b_ℓᵀ

    and ``activation`` ("sigmoid", "tanh" or "relu") is g_ℓ for ℓ < L.

    Shapes: thetas [Θ_1 (H_1, H_0), …, Θ_L (P, H_{L−1})], X (M, N) with N = H_0.
    biases None or [b_1 (H_1,), …, b_L (P,)].
    Returns a ``ForwardPass`` whose ``z[ℓ]`` and ``a[ℓ]`` have shape (M, H_ℓ).
    The computation runs in the dtype of the Θ matrices (float64 unless you
    made them float32); X is converted to it if needed (values beyond float32's
    range are refused for a float32 network).  Finite inputs so large that some
    z_ℓ overflows raise a ValueError naming X and Θ_ℓ.

    >>> fp = forward(init_thetas([2, 3, 2]), [[1.0, 0.0]])
    >>> [a.shape for a in fp.a], fp.y_hat.sum().round(6)
    ([(1, 2), (1, 3), (1, 2)], np.float64(1.0))
    >>> forward([np.zeros((2, 2))], [[1.0, 0.0]], biases=[[0.0, np.log(3)]]).y_hat.round(4)
    array([[0.25, 0.75]])
    """
    thetas = check_thetas(thetas)
    X = check_X(X, thetas)
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    return _checked_forward(thetas, X, biases=biases, activation=activation)


def predict(
    thetas: list[np.ndarray],
    X: ArrayLike,
    biases: list[np.ndarray] | None = None,
    activation: str = "sigmoid",
) -> np.ndarray:
    """The predicted class of each sample: the index of its largest output.

    Equation::

        class(x_i) = argmax_j ŷ_ij

    Shapes: X (M, N) → integer labels (M,), each in [0, P).  ``biases`` and
    ``activation`` as in ``forward``.

    >>> predict([np.eye(2)], [[3.0, 1.0], [0.0, 2.0]])
    array([0, 1])
    """
    return forward(thetas, X, biases=biases, activation=activation).y_hat.argmax(axis=1)
