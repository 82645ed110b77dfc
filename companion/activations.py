"""Activation functions g_ℓ and their derivatives.

The article uses the sigmoid for every hidden layer (ℓ = 1 … L−1) and the softmax
for the output layer (ℓ = L).  Beyond the article, a network may use tanh or ReLU
for its hidden layers instead (``HIDDEN_ACTIVATIONS``, chosen per network).  Both work on a batch: ``z`` has one sample per row,
shape (M, H_ℓ), exactly as ``forward`` produces it.

Numerics: neither function ever overflows.  The sigmoid only ever exponentiates
min(z, 0) ≤ 0 and −|z| ≤ 0; the softmax subtracts each row's maximum before
exponentiating, which changes nothing mathematically (softmax(z + c) = softmax(z))
and keeps every exponent ≤ 0.  For any finite input the public functions return
a finite result with no numpy warning, or — where the exact result is not a
finite float (``log_softmax`` of a row spanning more than float64's range) —
raise a ``ValueError`` that says so.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, check_range, require_finite

__all__ = [
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "softmax",
    "log_softmax",
    "softmax_jacobian",
    "softmax_backward",
    "HIDDEN_ACTIVATIONS",
]

#: The hidden layers' activations a network may choose; "sigmoid" is the article's.
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")


# --- the mathematics (no validation: called by forward/backprop on clean arrays)


def _sigmoid(z):
    # (eq-sigmoid-stable) without a branch: the numerator e^{min(z, 0)} is 1 for z ≥ 0 and
    # e^{z} for z < 0, the denominator 1 + e^{−|z|} is 1 + e^{−z} or 1 + e^{z}.  Both
    # exponents are ≤ 0, so nothing overflows; the values are those of the two-branch
    # np.where form, bit for bit, at half its cost (np.where computes both branches).
    return np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))


def _tanh(z):
    return np.tanh(z)


def _relu(z):
    return np.maximum(z, 0.0)


def _hidden(name):
    """g for the hidden layers, by name (validated arrays in, new array out)."""
    return {"sigmoid": _sigmoid, "tanh": _tanh, "relu": _relu}[name]


def _derivative_from_a(a, name):
    """g'(z) written with a = g(z), which the forward pass stored: what backpropagation multiplies by."""
    if name == "sigmoid":
        return a * (1 - a)  # σ'(z) = a (1 − a)
    if name == "tanh":
        return 1 - a * a  # tanh'(z) = 1 − a²
    return (a > 0).astype(a.dtype)  # ReLU'(z) = 𝟙[z > 0] = 𝟙[a > 0]


def _softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)  # every exponent ≤ 0
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _softmax_backward(a, g):
    return a * (g - (a * g).sum(axis=-1, keepdims=True))


# --- the public functions: validate once, then compute


def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""The sigmoid, the hidden layers' activation, applied element by element.

    Equation (eq-sigmoid)::

        g_ℓ(z_{ℓ,i}) = 1 / (1 + e^{−z_{ℓ,i}})

    Shapes: any; typically z_ℓ of shape (M, H_ℓ).  Returns an array of the same
    shape with values in [0, 1] (in (0, 1) wherever |z| < 36 in float64; beyond
    that the true value rounds to 0 or 1).

    Computed as 1/(1+e^{−z}) for z ≥ 0 and e^{z}/(1+e^{z}) for z < 0, written as
    e^{min(z,0)} / (1 + e^{−|z|}), so the exponential never overflows, even for z = ±1e3.

    >>> sigmoid([[-1.0, 0.0, 1.0]]).round(4)
    array([[0.2689, 0.5   , 0.7311]])
    """
    return _sigmoid(as_array(z, "z"))


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of the sigmoid, element by element.

    Equation (eq-dsigmoid)::

        ∂a_{ℓ,i} / ∂z_{ℓ,i} = g_ℓ(z_{ℓ,i}) (1 − g_ℓ(z_{ℓ,i})) = a_{ℓ,i} (1 − a_{ℓ,i})

    Shapes: same as ``z``.  Backpropagation uses the right-hand form, because
    a_ℓ is already stored by the forward pass.

    >>> sigmoid_derivative([[0.0, 2.0]]).round(4)
    array([[0.25 , 0.105]])
    """
    a = _sigmoid(as_array(z, "z"))
    return a * (1 - a)


def tanh(z: ArrayLike) -> np.ndarray:
    r"""The hyperbolic tangent, a hidden-layer activation beside the sigmoid.

    Equation (eq-tanh)::

        g(z) = tanh(z) = (e^{z} − e^{−z}) / (e^{z} + e^{−z}) = 2 σ(2z) − 1

    A sigmoid stretched to (−1, 1) and centred on 0: its outputs average near
    zero, and its slope at 0 is 1 where the sigmoid's is 1/4.

    Shapes: any; typically z_ℓ of shape (M, H_ℓ) → same shape, values in [−1, 1].

    >>> tanh([[-1.0, 0.0, 1.0]]).round(4)
    array([[-0.7616,  0.    ,  0.7616]])
    """
    return _tanh(as_array(z, "z"))


def tanh_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of tanh, element by element.

    Equation (eq-dtanh)::

        ∂a_{ℓ,i} / ∂z_{ℓ,i} = 1 − tanh²(z_{ℓ,i}) = 1 − a_{ℓ,i}²

    Shapes: same as ``z``; values in [0, 1], largest (1) at z = 0.

    >>> tanh_derivative([[0.0, 2.0]]).round(4)
    array([[1.    , 0.0707]])
    """
    a = _tanh(as_array(z, "z"))
    return 1 - a * a


def relu(z: ArrayLike) -> np.ndarray:
    r"""The rectified linear unit, ReLU, a hidden-layer activation beside the sigmoid.

    Equation (eq-relu)::

        g(z) = max(z, 0)

    Shapes: any; typically z_ℓ of shape (M, H_ℓ) → same shape, values ≥ 0.

    >>> relu([[-1.0, 0.0, 2.0]])
    array([[0., 0., 2.]])
    """
    return _relu(as_array(z, "z"))


def relu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of ReLU, element by element.

    Equation (eq-drelu)::

        ∂a_{ℓ,i} / ∂z_{ℓ,i} = 𝟙[z_{ℓ,i} > 0]       (taken as 0 at z = 0)

    At z = 0 ReLU has no derivative; 0 is the usual choice (and any value in
    [0, 1] would do for gradient descent).  Elsewhere the slope is exactly 1 or 0:
    ReLU does not shrink a gradient that passes through an active unit.

    Shapes: same as ``z``.

    >>> relu_derivative([[-1.0, 0.0, 2.0]])
    array([[0., 0., 1.]])
    """
    z = as_array(z, "z")
    return (z > 0).astype(z.dtype)


def softmax(z: ArrayLike) -> np.ndarray:
    r"""The softmax, the output layer's activation, applied to each row.

    Equation (eq-softmax)::

        g_L(z_L)_i = a_{L,i} = e^{z_{L,i}} / Σ_{k=1}^{P} e^{z_{L,k}}

    (The sum runs over the P output units; the article writes its upper bound as
    L — see the errata.)

    Shapes: z_L (M, P) → a_L (M, P); every row is positive and sums to 1.
    A 1-D ``z`` is treated as a single sample.

    >>> softmax([[1.0, 2.0, 3.0]]).round(4)
    array([[0.09  , 0.2447, 0.6652]])
    >>> bool(np.allclose(softmax([[1.0, 2.0]]), softmax([[1001.0, 1002.0]])))
    True

    Exact for any finite z: in a row like [1e308, −1e308] the shift z − max
    overflows to −inf for the small entry, whose probability e^{−inf} = 0 is
    the correctly rounded value.
    """
    z = _rows(z, "z", "(M, P)")
    with np.errstate(over="ignore"):  # z − max may overflow to −inf: e^{−inf} = 0 is the exact rounding
        return _softmax(z)


def log_softmax(z: ArrayLike) -> np.ndarray:
    r"""Logarithm of the softmax, computed without forming the softmax.

    Equation (eq-log-softmax)::

        log a_{L,i} = z_{L,i} − m − log Σ_{k=1}^{P} e^{z_{L,k} − m},   m = max_k z_{L,k}

    Shapes: z_L (M, P) → (M, P).  Exact and finite whenever each row's spread
    max_k z_k − z_i fits in a float (≤ 1.8e308 in float64), where
    ``np.log(softmax(z))`` gives −inf once a probability underflows to 0.  A row
    spanning more, such as [1e308, −1e308, 0], has a log-probability below
    −1.8e308, which no float can hold: that raises a ``ValueError``.

    >>> log_softmax([[0.0, 1000.0]]).round(4)
    array([[-1000.,     0.]])
    """
    z = _rows(z, "z", "(M, P)")
    with np.errstate(over="ignore"):
        out = _log_softmax(z)
    if not np.isfinite(out).all():
        raise ValueError(_spread_message(z, out, "z", "log softmax(z)"))
    return out


def softmax_jacobian(a: ArrayLike) -> np.ndarray:
    r"""The full Jacobian of the softmax, one P×P matrix per sample.

    Equation (eq-softmax-jacobian)::

        ∂a_{L,k} / ∂z_{L,i} = a_{L,k} (𝟙[k = i] − a_{L,i})

    i.e. J = diag(a_L) − a_L a_Lᵀ.  Only the diagonal (k = i) is a_{L,i}(1 − a_{L,i});
    the off-diagonal entries −a_{L,k} a_{L,i} are not zero.

    Shapes: a_L (M, P) → J (M, P, P), with J[m, k, i] = ∂a_{L,k}/∂z_{L,i} for sample m.
    A 1-D ``a`` (one sample) gives a single (P, P) matrix.

    >>> softmax_jacobian([[0.5, 0.5]])
    array([[[ 0.25, -0.25],
            [-0.25,  0.25]]])
    """
    a = _probabilities(a, "a_L")
    return a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])


def softmax_backward(a: ArrayLike, g: ArrayLike) -> np.ndarray:
    r"""Push a gradient ∂ℒ/∂a_L back through the softmax: the vector Jᵀ g, per sample.

    Equation (eq-softmax-backward)::

        ∂ℒ/∂z_{L,i} = Σ_{k=1}^{P} ∂ℒ/∂a_{L,k} · ∂a_{L,k}/∂z_{L,i}
                    = a_{L,i} (g_i − Σ_k a_{L,k} g_k),          g = ∂ℒ/∂a_L

    This is the full Jacobian of ``softmax_jacobian`` applied to g (J is
    symmetric), without building the P×P matrix.

    Shapes: a_L (M, P), g (M, P) → (M, P).

    >>> softmax_backward([[0.5, 0.5]], [[1.0, 0.0]])
    array([[ 0.25, -0.25]])
    """
    a = _probabilities(a, "a_L")
    g = as_array(g, "∂ℒ/∂a_L")
    if a.shape != g.shape:
        raise ValueError(f"∂ℒ/∂a_L must have the shape of a_L, {a.shape}; got {g.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        out = _softmax_backward(a, g)
    return require_finite(
        out,
        lambda: (
            f"∂ℒ/∂a_L must be small enough for a_L (g − Σ_k a_L,k g_k) to fit in {out.dtype}, "
            f"got values up to {np.abs(g).max():.4g}"
        ),
    )


# --- validation helpers of this module


def _rows(z, name, shape_hint):
    """At least 1-D, and at least one entry per row (P ≥ 1): what a softmax needs."""
    z = as_array(z, name, min_ndim=1, shape_hint=shape_hint)
    if z.shape[-1] == 0:
        raise ValueError(f"{name} must have at least one entry per row (P ≥ 1), got shape {z.shape}")
    return z


def _probabilities(a, name):
    """Softmax outputs: at least 1-D, P ≥ 1, every entry in [0, 1]."""
    a = _rows(a, name, "(M, P)")
    return check_range(a, name, 0.0, 1.0, "probabilities in [0, 1] (softmax outputs)")


def _spread_message(z, out, name, what):
    i = _first_bad_row(out)
    row = z[i]
    return (
        f"{name} must have rows whose spread max − min fits in {z.dtype} (≤ {np.finfo(z.dtype).max:.4g}) "
        f"for {what} to be finite; got {'z' if i == () else f'row {i}'} with max {row.max():.4g} "
        f"and min {row.min():.4g}"
    )


def _first_bad_row(out):
    """Index of the first row with a non-finite entry: an int for 2-D, a tuple beyond, () for 1-D."""
    where = tuple(int(k) for k in np.argwhere(~np.isfinite(out))[0][:-1])
    return where[0] if len(where) == 1 else where
