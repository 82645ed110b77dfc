"""activations: sigmoid, softmax, their derivatives; stability; properties (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import companion as nn

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)
batches = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 7)), elements=finite)


def test_sigmoid_known_values():
    # σ(0) = 1/2; σ(1) = 1/(1 + e^{-1}) = 0.7310585786…; σ(−z) = 1 − σ(z)
    assert nn.sigmoid([[0.0]])[0, 0] == 0.5
    assert nn.sigmoid([[1.0]])[0, 0] == pytest.approx(0.7310585786300049, abs=1e-15)
    assert nn.sigmoid([[-1.0]])[0, 0] == pytest.approx(1 - 0.7310585786300049, abs=1e-15)


def test_softmax_known_values():
    # softmax(1, 2, 3) = e^(1,2,3) / (e + e² + e³)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(nn.softmax([[1.0, 2.0, 3.0]]), [e / e.sum()], rtol=1e-15)


@given(batches)
def test_sigmoid_in_unit_interval_and_open_for_moderate_z(z):
    a = nn.sigmoid(z)
    assert a.shape == z.shape
    assert np.all((a >= 0) & (a <= 1))
    moderate = np.abs(z) < 30  # beyond ~36 the true value rounds to 0 or 1 in float64
    assert np.all((a[moderate] > 0) & (a[moderate] < 1))


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-30, 30)))
def test_sigmoid_derivative_matches_central_differences(z):
    h = 1e-6
    numeric = (nn.sigmoid(z + h) - nn.sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(nn.sigmoid_derivative(z), numeric, atol=1e-9)


@given(batches)
def test_softmax_rows_are_distributions(z):
    a = nn.softmax(z)
    assert a.shape == z.shape
    assert np.all(a >= 0)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-12)


@given(batches, st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(z, c):
    np.testing.assert_allclose(nn.softmax(z + c), nn.softmax(z), atol=1e-12)


@given(batches)
def test_log_softmax_is_log_of_softmax_where_defined(z):
    a = nn.softmax(z)
    ok = a > 1e-300
    np.testing.assert_allclose(nn.log_softmax(z)[ok], np.log(a[ok]), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("big", [1e3, 1e5, 1e300])
def test_extreme_inputs_are_finite_and_silent(big, no_warnings):
    z = np.array([[big, -big, 0.0], [-big, -big, big]])
    for f in (nn.sigmoid, nn.softmax, nn.log_softmax, nn.sigmoid_derivative):
        assert np.all(np.isfinite(f(z))), f.__name__
    np.testing.assert_allclose(nn.softmax(z).sum(axis=1), 1)
    assert nn.sigmoid(z)[0, 0] == 1.0 and nn.sigmoid(z)[0, 1] == 0.0


def test_softmax_jacobian_matches_central_differences():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 4))
    J = nn.softmax_jacobian(nn.softmax(z))
    h = 1e-6
    for i in range(4):  # column i: ∂a/∂z_i
        dz = np.zeros(4)
        dz[i] = h
        numeric = (nn.softmax(z + dz) - nn.softmax(z - dz)) / (2 * h)
        np.testing.assert_allclose(J[:, :, i], numeric, atol=1e-9)


def test_softmax_jacobian_is_not_diagonal():
    J = nn.softmax_jacobian([[0.2, 0.3, 0.5]])[0]
    assert J[0, 1] == pytest.approx(-0.2 * 0.3)
    assert J[1, 1] == pytest.approx(0.3 * 0.7)
    np.testing.assert_allclose(J.sum(axis=0), 0, atol=1e-15)  # rows of softmax always sum to 1


def test_softmax_backward_equals_full_jacobian_product():
    rng = np.random.default_rng(1)
    a = nn.softmax(rng.normal(size=(5, 4)))
    g = rng.normal(size=(5, 4))
    via_jacobian = np.einsum("mki,mk->mi", nn.softmax_jacobian(a), g)
    np.testing.assert_allclose(nn.softmax_backward(a, g), via_jacobian, atol=1e-15)


def test_float32_stays_float32():
    z = np.array([[1.0, -2.0]], dtype=np.float32)
    assert nn.sigmoid(z).dtype == np.float32
    assert nn.softmax(z).dtype == np.float32


@pytest.mark.parametrize("f", [nn.sigmoid, nn.softmax, nn.log_softmax, nn.sigmoid_derivative, nn.softmax_jacobian])
def test_nan_is_refused(f):
    with pytest.raises(ValueError, match="must be finite, got NaN"):
        f([[0.0, np.nan]])


def test_strings_are_refused():
    with pytest.raises(TypeError, match="numeric array"):
        nn.sigmoid("1.0")


# --- found by mutation testing (make mutation): shapes other than 2-D, names in messages, overflow ---------


def test_softmax_family_works_along_the_last_axis_of_any_shape():
    z = np.array([[0.5, -1.0, 2.0], [3.0, 0.0, 0.0]])
    stacked = np.stack([z, z[::-1]])  # (2, M, P)
    for f in (nn.softmax, nn.log_softmax):
        np.testing.assert_array_equal(f(z[0]), f(z)[0])  # 1-D: one sample
        np.testing.assert_array_equal(f(stacked)[1], f(z[::-1]))  # 3-D: rows along the last axis
        assert f(np.zeros((0, 3))).shape == (0, 3)  # no sample: an empty result
    a = nn.softmax(z)
    np.testing.assert_array_equal(nn.softmax_jacobian(a[0]), nn.softmax_jacobian(a)[0])
    g = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.0]])
    np.testing.assert_array_equal(nn.softmax_backward(np.stack([a, a]), np.stack([g, g]))[1], nn.softmax_backward(a, g))
    assert nn.softmax_jacobian(a.astype(np.float32)).dtype == np.float32


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: nn.sigmoid("z"), r"^z must be a numeric array, got a str"),
        (lambda: nn.sigmoid_derivative(None), r"^z must be a numeric array, got None"),
        (lambda: nn.softmax(None), r"^z must be a numeric array of shape \(M, P\), got None"),
        (lambda: nn.log_softmax(None), r"^z must be a numeric array of shape \(M, P\), got None"),
        (lambda: nn.softmax(2.0), r"^z must be an array with at least 1 dimension \(M, P\), got 0-D with shape \(\)"),
        (
            lambda: nn.softmax(np.zeros((2, 0))),
            r"^z must have at least one entry per row \(P ≥ 1\), got shape \(2, 0\)",
        ),
        (lambda: nn.softmax_jacobian(None), r"^a_L must be a numeric array of shape \(M, P\), got None"),
        (
            lambda: nn.softmax_jacobian([[1.5, -0.5]]),
            r"^a_L must hold probabilities in \[0, 1\] \(softmax outputs\), got 1.5 at index \(0, 0\)",
        ),
        (
            lambda: nn.softmax_jacobian([[-0.5, 1.5]]),
            r"^a_L must hold probabilities in \[0, 1\] \(softmax outputs\), got -0.5 at index \(0, 0\)",
        ),
        (lambda: nn.softmax_backward([[1.5, -0.5]], [[0.0, 0.0]]), r"^a_L must hold probabilities in \[0, 1\]"),
        (lambda: nn.softmax_backward([[0.5, 0.5]], None), r"^∂ℒ/∂a_L must be a numeric array, got None"),
        (
            lambda: nn.softmax_backward([[0.5, 0.5]], [[1.0, 2.0, 3.0]]),
            r"^∂ℒ/∂a_L must have the shape of a_L, \(1, 2\); got \(1, 3\)",
        ),
        (
            lambda: nn.log_softmax([1e308, -1e308]),
            r"^z must have rows whose spread max − min fits in float64 \(≤ 1.798e\+308\) for log softmax\(z\) to be finite; "
            r"got z with max 1e\+308 and min -1e\+308$",
        ),
        (
            lambda: nn.log_softmax([[[0.0, 1.0], [1e308, -1e308]]]),
            r"got row \(0, 1\) with max 1e\+308 and min -1e\+308$",
        ),
    ],
)
def test_activation_messages_name_the_argument(call, message, no_warnings):
    with pytest.raises((TypeError, ValueError), match=message):
        call()


def test_softmax_backward_refuses_an_overflowing_gradient(no_warnings):
    # a (g − Σ a g) = [1, 0] ([0, −3.4e308]): the second entry overflows (and 0 · inf is NaN).
    with pytest.raises(
        ValueError,
        match=r"^∂ℒ/∂a_L must be small enough for a_L \(g − Σ_k a_L,k g_k\) to fit in "
        r"float64, got values up to 1.7e\+308",
    ):
        nn.softmax_backward([[1.0, 0.0]], [[1.7e308, -1.7e308]])
