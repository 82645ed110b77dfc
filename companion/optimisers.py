"""Optimisers: what to do with a gradient once backpropagation has computed it.

Each optimiser is one small pure function of the parameters, their gradients and
the optimiser's state; it returns new parameters and a new state, and changes
neither argument::

    params, state = momentum(params, grads, state, alpha=0.1, beta=0.9)

``params`` is a list of arrays — the Θ_ℓ, followed by the b_ℓ when the network
has bias units — and ``grads`` the matching list of ∂E/∂Θ_ℓ (and ∂E/∂b_ℓ).  The
optimiser treats every entry of every array the same way, so it needs to know
nothing about layers.  ``state`` is ``None`` at the first step: each function
starts from zero velocities or moments.

==========  =====================================================================
sgd         the article's rule, Θ ← Θ − α ∂E/∂Θ (on a mini-batch, it is SGD)
momentum    a velocity v that remembers past gradients: v ← β v − α ∂E/∂Θ, Θ ← Θ + v
adam        per-weight step sizes from running means of ∂E/∂Θ and (∂E/∂Θ)²
==========  =====================================================================

``companion.training.gradient_descent`` calls one of them once per step
(``optimiser="sgd"``, ``"momentum"`` or ``"adam"``); the loop stays one loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_array, check_choice, check_int, check_positive_real, check_real, describe, require_finite

__all__ = ["sgd", "momentum", "adam", "optimiser_step", "MomentumState", "AdamState", "OPTIMISERS"]

#: The optimisers ``gradient_descent`` knows, by name.
OPTIMISERS = ("sgd", "momentum", "adam")


@dataclass(frozen=True)
class MomentumState:
    """The state of ``momentum``: one velocity array v per parameter array, shaped like it."""

    velocity: list


@dataclass(frozen=True)
class AdamState:
    """The state of ``adam``: the step count t and the running moments m and v (one array per parameter)."""

    t: int
    m: list
    v: list


# --- the mathematics (validated lists in, new lists out)


def _sgd(params, grads, alpha):
    return [p - alpha * g for p, g in zip(params, grads)]  # Θ − α ∂E/∂Θ


def _momentum(params, grads, state, alpha, beta):
    velocity = [np.zeros_like(p) for p in params] if state is None else state.velocity
    velocity = [beta * v - alpha * g for v, g in zip(velocity, grads)]  # v ← β v − α ∂E/∂Θ
    return [p + v for p, v in zip(params, velocity)], MomentumState(velocity)  # Θ ← Θ + v


def _adam(params, grads, state, alpha, beta1, beta2, eps):
    if state is None:
        state = AdamState(0, [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params])
    t = state.t + 1
    m = [beta1 * m + (1 - beta1) * g for m, g in zip(state.m, grads)]  # m ← β₁ m + (1 − β₁) g
    v = [beta2 * v + (1 - beta2) * g * g for v, g in zip(state.v, grads)]  # v ← β₂ v + (1 − β₂) g²
    c1, c2 = 1 - beta1**t, 1 - beta2**t  # bias corrections: m̂ = m / c1, v̂ = v / c2
    new = [p - alpha * (mi / c1) / (np.sqrt(vi / c2) + eps) for p, mi, vi in zip(params, m, v)]
    return new, AdamState(t, m, v)


def _step(name, params, grads, state, alpha, options):
    """One update by the optimiser ``name`` on validated arguments: (new params, new state)."""
    if name == "sgd":
        return _sgd(params, grads, alpha), None
    if name == "momentum":
        return _momentum(params, grads, state, alpha, options.get("beta", 0.9))
    return _adam(
        params,
        grads,
        state,
        alpha,
        options.get("beta1", 0.9),
        options.get("beta2", 0.999),
        options.get("eps", 1e-8),
    )


# --- validation


_OPTIONS = {"sgd": (), "momentum": ("beta",), "adam": ("beta1", "beta2", "eps")}


def check_options(name: str, options) -> dict:
    """The hyperparameters of optimiser ``name`` as a dict: β ∈ [0, 1) for momentum; β₁, β₂ ∈ [0, 1), ε > 0 for Adam."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise TypeError(f"optimiser_options must be a dict such as {{'beta': 0.9}} or None, got {describe(options)}")
    allowed = _OPTIONS[name]
    for key, value in options.items():
        if key not in allowed:
            listed = ", ".join(repr(k) for k in allowed) or "none"
            raise ValueError(f"optimiser_options for {name!r} may set {listed}; got {key!r}")
        if key == "eps":
            check_positive_real(value, "optimiser_options['eps']", symbol="ε (optimiser_options['eps'])")
        else:
            check_real(value, f"{key} (optimiser_options[{key!r}])", low=0, high=1, high_open=True)
    return {k: float(v) for k, v in options.items()}


def _check_lists(params, grads):
    if isinstance(params, np.ndarray) or not isinstance(params, (list, tuple)) or len(params) == 0:
        raise TypeError(
            f"params must be a non-empty list of arrays [Θ_1, …, Θ_L (, b_1, …, b_L)], got {describe(params)}"
        )
    params = [as_array(p, f"params[{i}]") for i, p in enumerate(params)]
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)) or len(grads) != len(params):
        raise TypeError(f"grads must be a list of {len(params)} arrays, one per entry of params; got {describe(grads)}")
    out = []
    for i, (g, p) in enumerate(zip(grads, params)):
        g = as_array(g, f"grads[{i}]", dtype=p.dtype)
        if g.shape != p.shape:
            raise ValueError(f"grads[{i}] must have the shape of params[{i}], {p.shape}; got {g.shape}")
        out.append(g)
    return params, out


def _check_state(name, state, params):
    if state is None:
        return None
    kind = {"momentum": MomentumState, "adam": AdamState}.get(name)
    if kind is None or not isinstance(state, kind):
        want = "None" if kind is None else f"None or the {kind.__name__} returned by the previous {name} step"
        raise TypeError(f"state must be {want}, got {describe(state)}")
    lists = [state.velocity] if kind is MomentumState else [state.m, state.v]
    for lst in lists:
        if not isinstance(lst, (list, tuple)) or len(lst) != len(params):
            raise ValueError(f"state must hold one array per entry of params ({len(params)}), got {describe(lst)}")
        for i, (s, p) in enumerate(zip(lst, params)):
            s = as_array(s, f"state array {i}", dtype=p.dtype)
            if s.shape != p.shape:
                raise ValueError(f"state array {i} must have the shape of params[{i}], {p.shape}; got {s.shape}")
    if kind is AdamState:
        check_int(state.t, "state.t", minimum=0)
        if any((np.asarray(v) < 0).any() for v in state.v):
            raise ValueError("state.v must hold running means of squares, ≥ 0; got a negative entry")
    return state


def _finished(new, state, alpha, grads):
    """Refuse a non-finite result (new parameters or state) with a message naming α or grads."""
    moments = [] if state is None else (state.velocity if isinstance(state, MomentumState) else state.m + state.v)
    biggest = max(float(np.abs(g).max(initial=0)) for g in grads)
    require_finite(
        moments,
        lambda: (
            f"grads must be small enough for the optimiser's running moments (g, g ⊙ g) to fit in "
            f"{new[0].dtype}; got gradients up to {biggest:.4g}"
        ),
    )
    require_finite(
        new,
        lambda: (
            f"α = {alpha:g} must be small enough for the step to fit in {new[0].dtype}; got a non-finite "
            f"parameter (gradients up to {biggest:.4g})"
        ),
    )
    return new, state


# --- public functions


def sgd(params: list[np.ndarray], grads: list[np.ndarray], state: None = None, alpha: float = 0.1) -> tuple:
    r"""Plain gradient descent, the article's update: one step against the gradient.

    Equation (eq-gd)::

        Θ^{(t+1)} = Θ^{(t)} − α ∂E/∂Θ(Θ^{(t)})

    On a mini-batch (``batch_size`` in training) the gradient is that of the
    batch's error, and this is stochastic gradient descent.  It has no state:
    ``state`` is ``None`` in and out.

    Shapes: params and grads are lists of arrays of matching shapes → (new
    params, None).  The arguments are not modified.

    >>> sgd([np.array([1.0, 2.0])], [np.array([1.0, -1.0])], alpha=0.5)
    ([array([0.5, 2.5])], None)
    """
    params, grads = _check_lists(params, grads)
    alpha = check_positive_real(alpha, "alpha", symbol="α")
    if state is not None:
        raise TypeError(f"state must be None for sgd (it keeps no state), got {describe(state)}")
    with np.errstate(over="ignore", invalid="ignore"):
        return _finished(_sgd(params, grads, alpha), None, alpha, grads)


def momentum(
    params: list[np.ndarray],
    grads: list[np.ndarray],
    state: MomentumState | None = None,
    alpha: float = 0.1,
    beta: float = 0.9,
) -> tuple:
    r"""Gradient descent with momentum: steps accumulate in a velocity v.

    Equation (eq-momentum)::

        v^{(t+1)} = β v^{(t)} − α ∂E/∂Θ(Θ^{(t)}),     v^{(0)} = 0
        Θ^{(t+1)} = Θ^{(t)} + v^{(t+1)}

    With β = 0 this is plain gradient descent.  Along a direction where the
    gradient keeps its sign, the steps grow towards α/(1 − β) times the
    gradient (10× for β = 0.9); across a narrow valley, where it flips sign,
    they cancel.

    Shapes: params, grads lists of matching arrays; ``state`` None (first step)
    or the ``MomentumState`` returned by the previous step → (new params, new
    ``MomentumState``).  The arguments are not modified.

    >>> p, s = momentum([np.array([1.0])], [np.array([1.0])], alpha=0.1)
    >>> p, s = momentum(p, [np.array([1.0])], s, alpha=0.1)
    >>> p[0].round(4), s.velocity[0].round(4)
    (array([0.71]), array([-0.19]))
    """
    params, grads = _check_lists(params, grads)
    alpha = check_positive_real(alpha, "alpha", symbol="α")
    beta = check_real(beta, "β (beta)", low=0, high=1, high_open=True)
    state = _check_state("momentum", state, params)
    with np.errstate(over="ignore", invalid="ignore"):
        new, state = _momentum(params, grads, state, alpha, beta)
    return _finished(new, state, alpha, grads)


def adam(
    params: list[np.ndarray],
    grads: list[np.ndarray],
    state: AdamState | None = None,
    alpha: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple:
    r"""Adam: a step for every weight scaled by its own running gradient size.

    Equation (eq-adam), with g = ∂E/∂Θ(Θ^{(t)}) and t counting steps from 1::

        m ← β₁ m + (1 − β₁) g,           v ← β₂ v + (1 − β₂) g ⊙ g
        m̂ = m / (1 − β₁ᵗ),                v̂ = v / (1 − β₂ᵗ)
        Θ ← Θ − α m̂ / (√v̂ + ε)

    m and v start at 0; dividing by 1 − βᵗ undoes the pull towards 0 in the
    first steps.  Each weight moves by about α per step whatever the scale of
    its gradient, which is why Adam needs little tuning of α.

    Shapes: params, grads lists of matching arrays; ``state`` None (first step)
    or the ``AdamState`` of the previous step → (new params, new ``AdamState``).
    The arguments are not modified.

    >>> p, s = adam([np.array([1.0, 1.0])], [np.array([0.01, 100.0])], alpha=0.1)
    >>> p[0].round(4), s.t
    (array([0.9, 0.9]), 1)
    """
    params, grads = _check_lists(params, grads)
    alpha = check_positive_real(alpha, "alpha", symbol="α")
    beta1 = check_real(beta1, "β₁ (beta1)", low=0, high=1, high_open=True)
    beta2 = check_real(beta2, "β₂ (beta2)", low=0, high=1, high_open=True)
    eps = check_positive_real(eps, "eps", symbol="ε (eps)")
    state = _check_state("adam", state, params)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        new, state = _adam(params, grads, state, alpha, beta1, beta2, eps)
    return _finished(new, state, alpha, grads)


def optimiser_step(
    name: str,
    params: list[np.ndarray],
    grads: list[np.ndarray],
    state: MomentumState | AdamState | None = None,
    alpha: float = 0.1,
    options: dict | None = None,
) -> tuple:
    r"""One step of the optimiser called ``name`` ("sgd", "momentum" or "adam").

    Equation: (eq-gd), (eq-momentum) or (eq-adam), as the function of that name;
    ``options`` holds its hyperparameters (``{"beta": 0.9}`` for momentum,
    ``{"beta1": …, "beta2": …, "eps": …}`` for Adam).

    Shapes: as in ``sgd``, ``momentum`` and ``adam`` → (new params, new state).

    >>> optimiser_step("momentum", [np.array([1.0])], [np.array([1.0])], alpha=0.1)[0]
    [array([0.9])]
    """
    check_choice(name, "optimiser", OPTIMISERS)
    options = check_options(name, options)
    if name == "sgd":
        return sgd(params, grads, state, alpha=alpha)
    if name == "momentum":
        return momentum(params, grads, state, alpha=alpha, **options)
    return adam(params, grads, state, alpha=alpha, **options)
