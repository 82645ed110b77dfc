"""losses: MSE and cross-entropy per sample, the error E, stability, derivatives."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import companion as nn

Y = nn.one_hot([0, 2, 1], 3)
Y_HAT = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25]])


def test_mse_is_mean_over_outputs():
    # sample 0: ((0.7−1)² + 0.2² + 0.1²)/3 = (0.09 + 0.04 + 0.01)/3 = 0.04666…
    assert nn.mse(Y, Y_HAT)[0] == pytest.approx(0.14 / 3)
    assert nn.error(Y, Y_HAT, loss="mse") == pytest.approx(((Y_HAT - Y) ** 2).mean())


def test_cross_entropy_by_hand():
    # −log 0.7, −log 0.6, −log 0.5 ; E_CE is their mean
    np.testing.assert_allclose(nn.cross_entropy(Y, Y_HAT), -np.log([0.7, 0.6, 0.5]))
    assert nn.error(Y, Y_HAT) == pytest.approx(-np.log([0.7, 0.6, 0.5]).mean())


def test_cross_entropy_of_confident_correct_prediction_is_zero(no_warnings):
    assert nn.cross_entropy([[0, 1, 0]], [[0.0, 1.0, 0.0]])[0] == 0.0


def test_cross_entropy_of_confident_wrong_prediction_is_large_but_finite(no_warnings):
    value = nn.cross_entropy([[1, 0]], [[0.0, 1.0]])[0]
    assert np.isfinite(value) and value > 700


def test_cross_entropy_from_logits_is_exact_at_extremes(no_warnings):
    z = np.array([[1e3, -1e3, 0.0]])
    np.testing.assert_allclose(nn.cross_entropy_from_logits([[0, 1, 0]], z), [2e3])
    np.testing.assert_allclose(nn.cross_entropy_from_logits([[1, 0, 0]], z), [0.0], atol=1e-300)


@given(arrays(np.float64, (4, 3), elements=st.floats(-50, 50)), st.lists(st.integers(0, 2), min_size=4, max_size=4))
def test_losses_are_non_negative_and_agree(z, labels):
    Yl = nn.one_hot(np.array(labels), 3)
    a = nn.softmax(z)
    assert np.all(nn.mse(Yl, a) >= 0)
    ce = nn.cross_entropy_from_logits(Yl, z)
    assert np.all(ce >= 0)
    ok = (a * Yl).sum(axis=1) > 1e-300
    np.testing.assert_allclose(nn.cross_entropy(Yl, a)[ok], ce[ok], rtol=1e-9, atol=1e-12)


def test_uniform_prediction_has_error_log_P():
    P = 10
    assert nn.error(nn.one_hot(np.arange(P), P), np.full((P, P), 1 / P)) == pytest.approx(np.log(P))


def test_loss_gradients_match_central_differences():
    h = 1e-7
    for grad, loss in ((nn.mse_gradient, nn.mse), (nn.cross_entropy_gradient, nn.cross_entropy)):
        g = grad(Y, Y_HAT)
        for j in range(3):
            d = np.zeros(3)
            d[j] = h
            numeric = (loss(Y, Y_HAT + d) - loss(Y, Y_HAT - d)) / (2 * h)
            np.testing.assert_allclose(g[:, j], numeric, rtol=1e-6, atol=1e-9)


def test_error_rejects_unknown_loss_and_mismatched_shapes():
    with pytest.raises(ValueError, match="loss must be one of 'cross_entropy', 'mse'; got 'hinge'"):
        nn.error(Y, Y_HAT, loss="hinge")
    with pytest.raises(ValueError, match=r"Y must have shape \(M, P\) = \(3, 2\) — the shape of Ŷ — got \(3, 3\)"):
        nn.error(Y, Y_HAT[:, :2])


# --- found by mutation testing (make mutation): messages, dtypes, and the overflow paths -----------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: nn.cross_entropy([[0, 1]], None), r"^Ŷ must be a numeric array of shape \(M, P\), got None"),
        (lambda: nn.mse([0, 1], [0.5, 0.5]), r"^Ŷ must be a 2-D array \(M, P\), got 1-D with shape \(2,\)"),
        (
            lambda: nn.cross_entropy([[0, 1]], [[-0.5, 1.5]]),
            r"^Ŷ must hold probabilities in \[0, 1\], got -0.5 at index \(0, 0\)",
        ),
        (
            lambda: nn.cross_entropy_gradient([[0, 1]], [[1.5, -0.5]]),
            r"^Ŷ must hold probabilities in \[0, 1\], got 1.5 at index \(0, 0\)",
        ),
        (
            lambda: nn.cross_entropy_from_logits([[1, 0]], None),
            r"^z_L must be a numeric array of shape \(M, P\), got None",
        ),
        (
            lambda: nn.cross_entropy_from_logits([0, 1], [[0.0, 1.0, 2.0], [1e308, -1e308, -1.5e308]]),
            r"^z_L must keep each sample's loss within float range: the true class's logit may lie at most 1.798e\+308 "
            r"below the row's maximum; got row 1 with max 1e\+308 and true-class logit -1e\+308$",
        ),
        (
            lambda: nn.cross_entropy_gradient([[1, 0]], [[0.0, 1.0]]),
            r"^Ŷ must be > 0 wherever Y is 1: ∂ℒ_CE/∂ŷ = −y/ŷ is infinite at ŷ = 0; got ŷ = 0 at index \(0, 0\)$",
        ),
        (
            lambda: nn.cross_entropy_gradient([[1, 0]], [[5e-324, 0.0]]),
            r"^Ŷ must be large enough wherever Y is 1 for −y/ŷ to be finite; got ŷ as small as 4.941e-324$",
        ),
        (
            lambda: nn.mse_gradient([[0, 1]], [[1.7e308, 0.0]]),
            r"^Ŷ must be small enough for 2 \(ŷ − y\) to fit in float64; got values up to 1.7e\+308$",
        ),
    ],
)
def test_loss_messages_name_the_argument_and_what_arrived(call, message, no_warnings):
    with pytest.raises((TypeError, ValueError), match=message):
        call()


def test_cross_entropy_gradient_is_zero_where_y_is_zero_even_at_a_zero_probability(no_warnings):
    np.testing.assert_array_equal(nn.cross_entropy_gradient([[0, 1]], [[0.0, 1.0]]), [[0.0, -1.0]])


def test_losses_keep_float32(no_warnings):
    Y32, Y_hat32 = np.array([[0, 1]], dtype=np.float32), np.array([[0.25, 0.75]], dtype=np.float32)
    assert nn.mse(Y32, Y_hat32).dtype == np.float32
    assert nn.mse_gradient(Y32, Y_hat32).dtype == np.float32


def test_network_error_too_large_for_a_float_is_a_clear_error(no_warnings):
    # z_2 = a_1 Θ_2ᵀ = [1.7e308, −1.7e308] (a_1 = ½): finite, but ℒ_CE of class 1 is 3.4e308.
    thetas = [np.zeros((2, 1)), np.array([[1.7e308, 1.7e308], [-1.7e308, -1.7e308]])]
    assert nn.network_error(thetas, [[1.0]], [0]) == 0.0
    with pytest.raises(
        ValueError,
        match=r"^Θ and X must keep ℒ_CE within float range, but for sample 1 z_L spans "
        r"1.7e\+308 … -1.7e\+308, so ℒ_CE > 1.798e\+308; got a non-finite loss$",
    ):
        nn.network_error(thetas, [[1.0], [1.0]], [0, 1])
