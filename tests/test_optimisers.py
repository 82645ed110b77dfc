"""companion.optimisers: each update rule against its equation, written out independently here."""

import numpy as np
import pytest

import companion as nn


def params_and_grads(seed=0):
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=(3, 2)), rng.normal(size=(4,))]
    grads = [rng.normal(size=(3, 2)), rng.normal(size=(4,))]
    return params, grads


def test_sgd_is_the_article_step():
    params, grads = params_and_grads()
    new, state = nn.sgd(params, grads, alpha=0.3)
    assert state is None
    for p, g, n in zip(params, grads, new):
        np.testing.assert_array_equal(n, p - 0.3 * g)


def test_momentum_with_beta_zero_is_sgd_bit_for_bit():
    params, grads = params_and_grads(1)
    new, _ = nn.momentum(params, grads, alpha=0.3, beta=0.0)
    for a, b in zip(new, nn.sgd(params, grads, alpha=0.3)[0]):
        np.testing.assert_array_equal(a, b)


def test_momentum_follows_its_equation_over_several_steps():
    params, _ = params_and_grads(2)
    rng = np.random.default_rng(3)
    state, p_ref, v_ref = None, [p.copy() for p in params], [np.zeros_like(p) for p in params]
    p = params
    for _ in range(5):
        g = [rng.normal(size=x.shape) for x in params]
        p, state = nn.momentum(p, g, state, alpha=0.1, beta=0.8)
        v_ref = [0.8 * v - 0.1 * gi for v, gi in zip(v_ref, g)]
        p_ref = [x + v for x, v in zip(p_ref, v_ref)]
    for a, b in zip(p, p_ref):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_momentum_steps_grow_towards_alpha_over_one_minus_beta_on_a_constant_gradient():
    p, state = [np.zeros(1)], None
    for _ in range(200):
        p, state = nn.momentum(p, [np.ones(1)], state, alpha=0.1, beta=0.9)
    assert state.velocity[0][0] == pytest.approx(-0.1 / (1 - 0.9), rel=1e-6)


def test_adam_follows_its_equation_over_several_steps():
    params, _ = params_and_grads(4)
    rng = np.random.default_rng(5)
    b1, b2, eps, alpha = 0.8, 0.99, 1e-8, 0.01
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    p_ref, p, state = [x.copy() for x in params], params, None
    for t in range(1, 6):
        g = [rng.normal(size=x.shape) for x in params]
        p, state = nn.adam(p, g, state, alpha=alpha, beta1=b1, beta2=b2, eps=eps)
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi**2 for vi, gi in zip(v, g)]
        p_ref = [x - alpha * (mi / (1 - b1**t)) / (np.sqrt(vi / (1 - b2**t)) + eps) for x, mi, vi in zip(p_ref, m, v)]
        assert state.t == t
    for a, b in zip(p, p_ref):
        np.testing.assert_allclose(a, b, rtol=1e-13)


def test_adam_first_step_moves_every_weight_by_about_alpha_whatever_its_gradient_scale():
    new, _ = nn.adam([np.zeros(3)], [np.array([1e-4, 1.0, 1e4])], alpha=0.01)
    np.testing.assert_allclose(new[0], -0.01, rtol=1e-3)


def test_optimisers_are_pure():
    params, grads = params_and_grads(6)
    before = [p.copy() for p in params], [g.copy() for g in grads]
    _, s = nn.adam(params, grads, alpha=0.1)
    s_before = [x.copy() for x in s.m]
    nn.adam(params, grads, s, alpha=0.1)
    _, ms = nn.momentum(params, grads, alpha=0.1)
    v_before = [x.copy() for x in ms.velocity]
    nn.momentum(params, grads, ms, alpha=0.1)
    for a, b in zip(params + grads, before[0] + before[1]):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(s.m + ms.velocity, s_before + v_before):
        np.testing.assert_array_equal(a, b)


def test_optimiser_step_dispatches_by_name():
    params, grads = params_and_grads(7)
    for name, function, options in (
        ("sgd", nn.sgd, {}),
        ("momentum", nn.momentum, {"beta": 0.5}),
        ("adam", nn.adam, {"beta1": 0.5}),
    ):
        a = nn.optimiser_step(name, params, grads, alpha=0.2, options=options)[0]
        b = function(params, grads, alpha=0.2, **options)[0]
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda p, g: nn.momentum(p, g, alpha=0.1, beta=1.0), ValueError, ["β (beta)", "[0, 1)", "got 1.0"]),
        (lambda p, g: nn.adam(p, g, nn.MomentumState([np.zeros(1)])), TypeError, ["state", "AdamState"]),
        (lambda p, g: nn.sgd(p, g[:1]), TypeError, ["grads", "2 arrays"]),
        (lambda p, g: nn.optimiser_step("rmsprop", p, g), ValueError, ["optimiser", "'adam'", "'rmsprop'"]),
        (lambda p, g: nn.optimiser_step("momentum", p, g, options={"beta1": 0.9}), ValueError, ["'beta'"]),
        (lambda p, g: nn.adam(p, [np.full((3, 2), 1e200), g[1]]), ValueError, ["grads", "g ⊙ g"]),
    ],
)
def test_bad_arguments_get_clear_errors(call, error, words):
    params, grads = params_and_grads(8)
    with pytest.raises(error) as info:
        call(params, grads)
    for word in words:
        assert word in str(info.value)
