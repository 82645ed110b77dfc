"""activations: sigmoid, softmax, their derivatives; stability; properties (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
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
    moderate = np.abs(z) < 30          # beyond ~36 the true value rounds to 0 or 1 in float64
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
    for i in range(4):                       # column i: ∂a/∂z_i
        dz = np.zeros(4)
        dz[i] = h
        numeric = (nn.softmax(z + dz) - nn.softmax(z - dz)) / (2 * h)
        np.testing.assert_allclose(J[:, :, i], numeric, atol=1e-9)


def test_softmax_jacobian_is_not_diagonal():
    J = nn.softmax_jacobian([[0.2, 0.3, 0.5]])[0]
    assert J[0, 1] == pytest.approx(-0.2 * 0.3)
    assert J[1, 1] == pytest.approx(0.3 * 0.7)
    np.testing.assert_allclose(J.sum(axis=0), 0, atol=1e-15)   # rows of softmax always sum to 1


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
