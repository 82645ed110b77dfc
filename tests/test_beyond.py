"""Beyond the article: bias units, tanh/ReLU, initialisation schemes, L2 weight decay (the core's options).

Every new gradient is checked against central differences in every combination of
bias × hidden activation × loss × L2, in a network with two hidden layers; the bias trick (a constant
input 1 folded into Θ) is shown to give the same z_ℓ and the same gradients as bias units.
"""

import itertools

import numpy as np
import pytest

import companion as nn

ACTIVATIONS = ["sigmoid", "tanh", "relu"]
LOSSES = ["cross_entropy", "mse"]


def problem(seed=0, sizes=(3, 5, 4, 3), M=7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(M, sizes[0]))
    Y = rng.integers(0, sizes[-1], size=M)
    thetas = nn.init_thetas(list(sizes), seed=seed + 1)
    # biases away from 0 so that no ReLU sits exactly on its kink (where z = 0 has no derivative)
    biases = [rng.uniform(-0.5, 0.5, size=h) for h in sizes[1:]]
    return thetas, biases, X, Y


# --- activations -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tanh", "relu"])
def test_activation_derivative_matches_central_differences(name):
    z = np.array([[-3.0, -0.7, -0.01, 0.02, 0.5, 2.5]])
    g, dg = getattr(nn, name), getattr(nn, f"{name}_derivative")
    eps = 1e-6
    numeric = (g(z + eps) - g(z - eps)) / (2 * eps)
    np.testing.assert_allclose(dg(z), numeric, rtol=1e-7, atol=1e-9)


def test_tanh_is_a_stretched_sigmoid_and_relu_is_max():
    z = np.linspace(-5, 5, 11)[None]
    np.testing.assert_allclose(nn.tanh(z), 2 * nn.sigmoid(2 * z) - 1, atol=1e-15)
    np.testing.assert_array_equal(nn.relu(z), np.where(z > 0, z, 0.0))
    assert nn.relu_derivative([[0.0]])[0, 0] == 0.0  # the convention at the kink


# --- gradients: every combination ---------------------------------------------------------------------------

COMBINATIONS = list(itertools.product([False, True], ACTIVATIONS, LOSSES, [0.0, 0.05]))


@pytest.mark.parametrize(
    "bias, activation, loss, lam",
    COMBINATIONS,
    ids=[f"{'b' if b else 'nob'}-{a}-{lo}-l2={w}" for b, a, lo, w in COMBINATIONS],
)
def test_every_gradient_matches_central_differences(bias, activation, loss, lam):
    thetas, biases, X, Y = problem(seed=3)
    biases = biases if bias else None
    check = nn.gradient_check(thetas, X, Y, loss=loss, biases=biases, activation=activation, weight_decay=lam, tol=1e-6)
    assert check.passed, str(check)
    assert len(check.bias_errors) == (3 if bias else 0)
    # and independently of gradient_check: nudge every θ and every b by hand, through network_error
    g = nn.gradients(thetas, X, Y, loss=loss, biases=biases, activation=activation, weight_decay=lam)
    L, eps = len(thetas), 1e-6
    params = [p.copy() for p in thetas + (biases or [])]

    def E():
        kw = {"biases": params[L:] or None, "activation": activation, "weight_decay": lam}
        return nn.network_error(params[:L], X, Y, loss=loss, **kw)

    analytic = g.grad + (g.grad_b or [])
    assert len(analytic) == len(params)
    for p, want in zip(params, analytic):
        numeric = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + eps
            up = E()
            p[idx] = keep - eps
            down = E()
            p[idx] = keep
            numeric[idx] = (up - down) / (2 * eps)
        np.testing.assert_allclose(want, numeric, rtol=1e-5, atol=1e-8)
    if not bias:
        assert g.grad_b is None


def test_bias_gradient_is_the_mean_of_delta_over_samples():
    thetas, biases, X, Y = problem(seed=4)
    g = nn.gradients(thetas, X, Y, biases=biases, activation="tanh")
    for ell in range(1, len(thetas) + 1):
        np.testing.assert_allclose(g.grad_b[ell - 1], g.delta[ell].mean(axis=0), rtol=1e-14, atol=1e-16)


def test_weight_decay_adds_lambda_theta_to_the_gradient_and_half_lambda_norm_to_the_error():
    thetas, _, X, Y = problem(seed=5)
    lam = 0.3
    plain, decayed = nn.gradients(thetas, X, Y), nn.gradients(thetas, X, Y, weight_decay=lam)
    for t, g0, g1 in zip(thetas, plain.grad, decayed.grad):
        np.testing.assert_allclose(g1, g0 + lam * t, rtol=1e-14)
    penalty = 0.5 * lam * sum((t**2).sum() for t in thetas)
    assert nn.l2_penalty(thetas, lam) == pytest.approx(penalty, rel=1e-14)
    assert nn.network_error(thetas, X, Y, weight_decay=lam) == pytest.approx(
        nn.network_error(thetas, X, Y) + penalty, rel=1e-14
    )


def test_gradient_check_catches_a_wrong_bias_gradient():
    thetas, biases, X, Y = problem(seed=6)
    right = nn.gradients(thetas, X, Y, biases=biases).grad_b
    wrong = [g * X.shape[0] for g in right]  # the sum over samples instead of the mean
    assert nn.gradient_check(thetas, X, Y, biases=biases, grads_b=right).passed
    assert not nn.gradient_check(thetas, X, Y, biases=biases, grads_b=wrong).passed
    assert "b_1" in str(nn.gradient_check(thetas, X, Y, biases=biases, grads_b=wrong))


# --- the bias trick -------------------------------------------------------------------------------------------


def test_bias_trick_one_layer_is_a_constant_input_folded_into_theta():
    """z = Θ x + b equals Θ̃ x̃ with x̃ = (x, 1), Θ̃ = [Θ | b]; the gradient of Θ̃'s last column is ∂E/∂b."""
    thetas, biases, X, Y = problem(seed=7, sizes=(3, 4), M=6)
    theta_tilde = [np.hstack([thetas[0], biases[0][:, None]])]
    X_tilde = np.hstack([X, np.ones((X.shape[0], 1))])
    with_bias = nn.forward(thetas, X, biases=biases)
    folded = nn.forward(theta_tilde, X_tilde)
    np.testing.assert_allclose(with_bias.z[1], folded.z[1], rtol=1e-14, atol=1e-15)
    g_bias, g_folded = nn.gradients(thetas, X, Y, biases=biases), nn.gradients(theta_tilde, X_tilde, Y)
    np.testing.assert_allclose(g_folded.grad[0][:, :-1], g_bias.grad[0], rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(g_folded.grad[0][:, -1], g_bias.grad_b[0], rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_bias_trick_in_every_layer_of_a_deep_network(activation):
    """Layer by layer: z_ℓ = [A_{ℓ−1} | 1] [Θ_ℓ | b_ℓ]ᵀ and [∂E/∂Θ_ℓ | ∂E/∂b_ℓ] = (1/M) Δ_ℓᵀ [A_{ℓ−1} | 1]."""
    thetas, biases, X, Y = problem(seed=8)
    fp = nn.forward(thetas, X, biases=biases, activation=activation)
    g = nn.gradients(thetas, X, Y, biases=biases, activation=activation)
    M = X.shape[0]
    for ell in range(1, len(thetas) + 1):
        a_tilde = np.hstack([fp.a[ell - 1], np.ones((M, 1))])
        theta_tilde = np.hstack([thetas[ell - 1], biases[ell - 1][:, None]])
        np.testing.assert_allclose(fp.z[ell], a_tilde @ theta_tilde.T, rtol=1e-13, atol=1e-14)
        grad_tilde = g.delta[ell].T @ a_tilde / M
        np.testing.assert_allclose(grad_tilde[:, :-1], g.grad[ell - 1], rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(grad_tilde[:, -1], g.grad_b[ell - 1], rtol=1e-13, atol=1e-16)


def test_zero_biases_change_nothing():
    thetas, _, X, Y = problem(seed=9)
    zeros = nn.init_biases([3, 5, 4, 3])
    np.testing.assert_array_equal(nn.forward(thetas, X, biases=zeros).y_hat, nn.forward(thetas, X).y_hat)
    g0, g1 = nn.gradients(thetas, X, Y), nn.gradients(thetas, X, Y, biases=zeros)
    for a, b in zip(g0.grad, g1.grad):
        np.testing.assert_array_equal(a, b)


# --- initialisation -------------------------------------------------------------------------------------------


def test_glorot_default_is_the_article_network_and_xavier_is_its_other_name():
    sizes = [4, 6, 3]
    rng = np.random.default_rng(11)
    expected = [rng.uniform(-np.sqrt(6 / (a + b)), np.sqrt(6 / (a + b)), size=(b, a)) for a, b in zip(sizes, sizes[1:])]
    for scheme in ("glorot", "xavier"):
        for got, want in zip(nn.init_thetas(sizes, seed=11, scheme=scheme), expected):
            np.testing.assert_array_equal(got, want)
    for got, want in zip(nn.init_thetas(sizes, seed=11), expected):
        np.testing.assert_array_equal(got, want)


def test_he_has_variance_two_over_fan_in():
    theta = nn.init_thetas([400, 300, 2], seed=0, scheme="he")[0]
    assert theta.var() == pytest.approx(2 / 400, rel=0.02)
    assert np.abs(theta).max() <= np.sqrt(6 / 400)
    glorot = nn.init_thetas([400, 300, 2], seed=0)[0]
    assert glorot.var() == pytest.approx(2 / 700, rel=0.02)


def test_init_biases_are_zeros_of_the_layer_sizes():
    b = nn.init_biases([2, 5, 3], dtype=np.float32)
    assert [x.shape for x in b] == [(5,), (3,)] and all(x.dtype == np.float32 and not x.any() for x in b)


# --- clear errors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"biases": [np.zeros(5), np.zeros(4)]}, ValueError, ["biases", "L = 3"]),
        ({"biases": [np.zeros(5), np.zeros(3), np.zeros(3)]}, ValueError, ["b_2", "(H_2,) = (4,)", "got (3,)"]),
        ({"biases": np.zeros(5)}, TypeError, ["biases", "list"]),
        ({"biases": [np.zeros(5), np.zeros(4), [np.nan] * 3]}, ValueError, ["b_3", "NaN"]),
        ({"activation": "softplus"}, ValueError, ["activation", "'relu'", "'softplus'"]),
        ({"activation": None}, TypeError, ["activation", "None"]),
    ],
)
def test_bad_options_get_clear_errors(kwargs, error, words):
    thetas, _, X, _ = problem()
    with pytest.raises(error) as info:
        nn.forward(thetas, X, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_bad_weight_decay_and_scheme_get_clear_errors():
    thetas, _, X, Y = problem()
    with pytest.raises(ValueError, match=r"λ \(weight_decay\) must be a finite number ≥ 0, got -0.1"):
        nn.gradients(thetas, X, Y, weight_decay=-0.1)
    with pytest.raises(ValueError, match="scheme must be one of 'glorot', 'xavier', 'he'; got 'lecun'"):
        nn.init_thetas([2, 3], scheme="lecun")


def test_backprop_refuses_a_forward_pass_of_another_activation_range():
    thetas, _, X, Y = problem()
    fp = nn.forward(thetas, X, activation="tanh")
    assert nn.backprop(thetas, fp, Y).grad[0].shape == thetas[0].shape  # fp.activation says tanh: accepted
    forged = nn.ForwardPass(z=fp.z, a=fp.a, activation="sigmoid")  # tanh outputs < 0 are no sigmoid outputs
    if (fp.a[1] < 0).any():
        with pytest.raises(ValueError, match=r"fp.a\[1\] \(a_1\) must hold activations in \[0, 1\]"):
            nn.backprop(thetas, forged, Y)
