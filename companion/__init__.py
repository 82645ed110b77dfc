"""companion — the dense neural network of the book, in plain numpy.

One module per concept, in the order the book teaches them:

==============  =============================================================
activations     g_ℓ: sigmoid (hidden layers), softmax (output), derivatives;
                beyond the article: tanh and ReLU for the hidden layers
losses          ℒ_MSE, ℒ_CE per sample; the error E (mean over samples)
network         Θ_1 … Θ_L, their initialisation, the feed-forward pass
backprop        δ_ℓ and ∂E/∂Θ_ℓ for every layer
optimisers      update rules: sgd (the article's), momentum, Adam
training        gradient descent Θ_ℓ ← Θ_ℓ − α ∂E/∂Θ_ℓ (and the options below)
gradcheck       central differences, to check any gradient
article         measure a derivative, compare a formula; the article's recipe
datasets        moons, spirals, XOR, blobs, digits; one-hot; train/test split
==============  =============================================================

These depend on numpy only.  Teaching aids sit on top and are imported only
when you use them: ``companion.checks`` (exercise checks), ``companion.plotting``
(matplotlib) and ``companion.widgets`` (ipywidgets).

Notation
--------
* X has shape (M, N): M samples in rows, N features.  Y has shape (M, P), one-hot
  (integer labels of shape (M,) are accepted wherever Y is, and turned into
  one-hot rows).
* ``sizes = [H_0, …, H_L]`` with H_0 = N and H_L = P.
* ``thetas = [Θ_1, …, Θ_L]``: **``thetas[ℓ - 1]`` is Θ_ℓ** (Python counts from 0),
  of shape (H_ℓ, H_{ℓ−1}).  No bias unit, as in the article.
* The forward pass returns ``a[ℓ]`` = a_ℓ (ℓ = 0 … L, a_0 = X) and ``z[ℓ]`` = z_ℓ
  (ℓ = 1 … L, ``z[0]`` is None): no shift.  Backpropagation returns
  ``delta[ℓ]`` = δ_ℓ (no shift) and ``grad[ℓ - 1]`` = ∂E/∂Θ_ℓ (aligned with thetas).
* The article's vectors are columns, z_ℓ = Θ_ℓ a_{ℓ−1}.  A batch puts one sample
  per row, so the same equation reads Z_ℓ = A_{ℓ−1} Θ_ℓᵀ, and row i of ``z[ℓ]``
  is the article's z_ℓ for sample i.

Beyond the article
------------------
Options that default to the article's network: ``biases = [b_1, …, b_L]``
(z_ℓ = Θ_ℓ a_{ℓ−1} + b_ℓ), ``activation="tanh"``/``"relu"``, ``init_thetas(…,
scheme="he")``, ``optimiser="momentum"``/``"adam"``, ``weight_decay`` = λ (L2)
and early stopping (``X_val``, ``Y_val``, ``patience``) in ``gradient_descent``.

Bad input
---------
Every public function checks its arguments and raises ``TypeError`` (wrong kind
of object) or ``ValueError`` (wrong shape or value) with a message in the
book's notation that says what was expected and what arrived, e.g.
``Θ_2 must have shape (H_2, H_1) = (·, 4) because Θ_1 has shape (4, 2), so H_1 = 4; got (3, 3)``.
NaN or inf in any input is refused; training that diverges stops with a
``DivergenceError`` that keeps the last finite weights.
"""

from .activations import (
    log_softmax,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softmax_backward,
    softmax_jacobian,
    tanh,
    tanh_derivative,
)
from .article import compare, layer_derivative, partial_derivatives
from .backprop import Gradients, backprop, gradients, network_error, output_delta
from .datasets import blobs, digits, labels, moons, one_hot, spirals, train_test_split, xor
from .gradcheck import GradientCheck, gradient_check, numerical_gradient, relative_error
from .losses import (
    cross_entropy,
    cross_entropy_from_logits,
    cross_entropy_gradient,
    error,
    l2_penalty,
    mse,
    mse_gradient,
)
from .network import ForwardPass, forward, init_biases, init_thetas, layer_sizes, predict
from .optimisers import AdamState, MomentumState, adam, momentum, optimiser_step, sgd
from .training import (
    DivergenceError,
    History,
    TrainingResult,
    accuracy,
    confusion_matrix,
    fit,
    gradient_descent,
    gradient_descent_step,
)

__version__ = "0.1.0"  # the one place the version is written: pyproject.toml reads it, CHANGELOG.md names it

__all__ = [
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "log_softmax",
    "softmax_jacobian",
    "softmax_backward",
    "mse",
    "cross_entropy",
    "cross_entropy_from_logits",
    "error",
    "mse_gradient",
    "cross_entropy_gradient",
    "init_thetas",
    "forward",
    "predict",
    "layer_sizes",
    "ForwardPass",
    "backprop",
    "gradients",
    "network_error",
    "output_delta",
    "Gradients",
    "gradient_descent_step",
    "gradient_descent",
    "fit",
    "accuracy",
    "confusion_matrix",
    "History",
    "TrainingResult",
    "DivergenceError",
    "numerical_gradient",
    "relative_error",
    "gradient_check",
    "GradientCheck",
    "moons",
    "spirals",
    "xor",
    "blobs",
    "digits",
    "one_hot",
    "labels",
    "train_test_split",
    "partial_derivatives",
    "layer_derivative",
    "compare",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "l2_penalty",
    "init_biases",
    "sgd",
    "momentum",
    "adam",
    "optimiser_step",
    "MomentumState",
    "AdamState",
]
