"""network: initialisation, the forward pass, shapes of every cache entry, float32."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import companion as nn


def test_init_shapes_scale_and_reproducibility():
    thetas = nn.init_thetas([64, 32, 10], seed=3)
    assert [t.shape for t in thetas] == [(32, 64), (10, 32)]
    r1 = np.sqrt(6 / (64 + 32))
    assert np.abs(thetas[0]).max() <= r1
    again = nn.init_thetas([64, 32, 10], seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(thetas, again))
    other = nn.init_thetas([64, 32, 10], seed=4)
    assert not np.array_equal(thetas[0], other[0])


def test_init_is_the_same_numbers_on_every_machine():
    # numpy specifies the PCG64 stream bit for bit, so seed 0 gives these weights everywhere
    # (recorded once; if they ever change, every number printed in the chapters changes too).
    theta = nn.init_thetas([2, 2], seed=0)[0]
    np.testing.assert_allclose(theta, [[0.33548625, -0.56390508], [-1.12438064, -1.1842606]], atol=1e-8)


def test_init_float32_matches_float64_up_to_rounding():
    t64 = nn.init_thetas([5, 4, 3], seed=1)
    t32 = nn.init_thetas([5, 4, 3], seed=1, dtype=np.float32)
    assert all(t.dtype == np.float32 for t in t32)
    for a, b in zip(t64, t32):
        np.testing.assert_allclose(a, b, rtol=1e-7)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=4), st.integers(2, 5), st.integers(1, 8))
def test_forward_cache_shapes(hidden_and_input, P, M):
    sizes = hidden_and_input + [P]
    thetas = nn.init_thetas(sizes, seed=0)
    X = np.random.default_rng(0).normal(size=(M, sizes[0]))
    fp = nn.forward(thetas, X)
    L = len(thetas)
    assert fp.L == L and len(fp.a) == L + 1 and len(fp.z) == L + 1
    assert fp.z[0] is None and fp.a[0] is not None
    for ell in range(1, L + 1):
        assert fp.z[ell].shape == (M, sizes[ell])
        assert fp.a[ell].shape == (M, sizes[ell])
    np.testing.assert_allclose(fp.y_hat.sum(axis=1), 1)


def test_forward_row_layout_matches_the_articles_column_vectors():
    thetas = nn.init_thetas([3, 4, 2], seed=2)
    X = np.random.default_rng(1).normal(size=(5, 3))
    fp = nn.forward(thetas, X)
    for i in range(5):
        a = X[i][:, None]  # the article's column vector a_0 = x
        for ell, theta in enumerate(thetas, start=1):
            z = theta @ a  # z_ℓ = Θ_ℓ a_{ℓ−1}
            np.testing.assert_allclose(fp.z[ell][i], z[:, 0], atol=1e-14)
            a = nn.softmax(z.T).T if ell == len(thetas) else nn.sigmoid(z)


def test_layer_sizes_and_predict():
    thetas = nn.init_thetas([4, 6, 3], seed=0)
    assert nn.layer_sizes(thetas) == [4, 6, 3]
    X = np.random.default_rng(0).normal(size=(9, 4))
    np.testing.assert_array_equal(nn.predict(thetas, X), nn.forward(thetas, X).y_hat.argmax(axis=1))


def test_float32_network_computes_in_float32():
    thetas = nn.init_thetas([3, 4, 2], seed=0, dtype=np.float32)
    fp = nn.forward(thetas, np.ones((2, 3)))  # float64 X is cast once
    assert all(a.dtype == np.float32 for a in fp.a)


def test_integer_inputs_are_accepted():
    fp = nn.forward(nn.init_thetas([2, 2], seed=0), [[1, 2], [3, 4]])
    assert fp.a[0].dtype == np.float64


# --- found by mutation testing (make mutation) ---------------------------------------------------------


def test_init_thetas_default_seed_is_zero():
    assert all(np.array_equal(a, b) for a, b in zip(nn.init_thetas([3, 4, 2]), nn.init_thetas([3, 4, 2], seed=0)))


def test_the_readable_forward_pass_keeps_every_z_by_default():
    from companion.network import _forward

    fp = _forward(nn.init_thetas([2, 3, 2]), np.ones((1, 2)))
    assert fp.z[1] is not None and fp.z[1].shape == (1, 3)


def test_forward_overflow_names_the_first_sample_whose_z_overflows(no_warnings):
    thetas = [np.ones((1, 2)), np.ones((2, 1))]
    X = [[1.0, 0.0], [1e308, 1e308], [1e308, 1e308]]  # z_1 = [1, inf, inf]
    with pytest.raises(ValueError, match=r"got a non-finite z_1 for sample 1 \(largest \|X\| = 1e\+308"):
        nn.forward(thetas, X)


def test_an_overflowing_output_layer_is_refused_without_a_warning(no_warnings):
    # z_L = [inf, −inf]: the softmax would compute inf − inf (an 'invalid' warning) before the check.
    with pytest.raises(ValueError, match=r"^X and Θ_1 must be small enough for z_1 = a_0 Θ_1ᵀ to fit in float64"):
        nn.forward([np.array([[1.0, 1.0], [-1.0, -1.0]])], [[1e308, 1e308]])
