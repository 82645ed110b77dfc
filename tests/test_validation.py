"""Bad input → a clear TypeError/ValueError in the book's notation, never a NaN or a deep numpy traceback."""

import numpy as np
import pytest

import companion as nn

THETAS = nn.init_thetas([2, 4, 3], seed=0)
X = np.array([[0.5, -1.0], [1.0, 2.0], [0.0, 0.3]])
Y = nn.one_hot([0, 2, 1], 3)


def raises(error, match):
    return pytest.raises(error, match=match)


# --- X -------------------------------------------------------------------------------------------
def test_X_must_be_2d_with_a_hint_for_single_samples():
    with raises(ValueError, r"X must be a 2-D array \(M, N\), got 1-D with shape \(2,\); a single sample must be a row: use X.reshape\(1, -1\)"):
        nn.forward(THETAS, X[0])


def test_X_columns_must_equal_H0():
    with raises(ValueError, r"X must have N = H_0 = 2 columns, because Θ_1 has shape \(H_1, H_0\) = \(4, 2\); got X of shape \(3, 3\)"):
        nn.forward(THETAS, np.ones((3, 3)))


@pytest.mark.parametrize("bad, kind", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "inf")])
def test_X_must_be_finite(bad, kind):
    Xb = X.copy()
    Xb[1, 0] = bad
    with raises(ValueError, rf"X must be finite, got {kind} at index \(1, 0\)"):
        nn.gradients(THETAS, Xb, Y)


def test_X_must_be_numeric():
    with raises(TypeError, "X must hold real numbers, got dtype <U"):
        nn.forward(THETAS, [["a", "b"]])
    with raises(TypeError, "X must be a numeric array"):
        nn.forward(THETAS, None)


def test_X_with_no_rows():
    with raises(ValueError, r"X must have at least one sample \(M ≥ 1\), got shape \(0, 2\)"):
        nn.forward(THETAS, np.zeros((0, 2)))


# --- Y -------------------------------------------------------------------------------------------
def test_Y_shape_must_be_M_by_P():
    with raises(ValueError, r"Y must have shape \(M, P\) = \(3, 3\) — M samples as in X and P = H_L = 3 outputs as in Θ_L — got \(3, 2\)"):
        nn.gradients(THETAS, X, Y[:, :2])


def test_Y_rows_must_be_one_hot():
    Yb = Y.copy()
    Yb[2] = [0.2, 0.5, 0.3]
    with raises(ValueError, r"Y rows must be one-hot \(one 1, the rest 0\); got row 2 = \[0.2, 0.5, 0.3\]"):
        nn.network_error(THETAS, X, Yb)


def test_Y_labels_must_be_in_range_and_integers():
    with raises(ValueError, r"Y labels must lie in \[0, P\) = \[0, 3\) for P = H_L = 3 outputs; got label 3 at index 1"):
        nn.gradients(THETAS, X, [0, 3, 1])
    with raises(ValueError, r"Y labels must lie in \[0, P\) = \[0, 3\) for P = H_L = 3 outputs; got label -1 at index 0"):
        nn.gradients(THETAS, X, [-1, 0, 1])
    with raises(ValueError, "Y must be integer class labels in \\[0, P\\) = \\[0, 3\\) of shape \\(M,\\), got non-integer values such as 0.5 at index 0"):
        nn.gradients(THETAS, X, [0.5, 1, 2])
    with raises(ValueError, "Y must have one label per sample: M = 3 labels, got 2"):
        nn.gradients(THETAS, X, [0, 1])


def test_Y_must_be_finite():
    Yb = Y.copy()
    Yb[0, 0] = np.nan
    with raises(ValueError, r"Y must be finite, got NaN at index \(0, 0\)"):
        nn.gradient_descent(THETAS, X, Yb, alpha=0.1)


# --- α, epochs, batch size, loss -------------------------------------------------------------------
@pytest.mark.parametrize("alpha, error, match", [
    (0, ValueError, "α must be a finite number > 0, got 0.0"),
    (-0.1, ValueError, "α must be a finite number > 0, got -0.1"),
    (np.nan, ValueError, "α must be a finite number > 0, got nan"),
    (np.inf, ValueError, "α must be a finite number > 0, got inf"),
    ("0.1", TypeError, "α must be a real number > 0, got a str"),
    (True, TypeError, "α must be a real number > 0, got a bool"),
])
def test_alpha(alpha, error, match):
    with raises(error, match):
        nn.gradient_descent(THETAS, X, Y, alpha=alpha)
    with raises(error, match):
        nn.gradient_descent_step(THETAS, nn.gradients(THETAS, X, Y).grad, alpha)


def test_epochs_batch_size_and_loss():
    with raises(ValueError, "epochs must be an integer ≥ 0, got -1"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, epochs=-1)
    with raises(TypeError, r"epochs must be an integer ≥ 0, got 2.5 \(float\)"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, epochs=2.5)
    with raises(ValueError, "batch_size must be an integer ≥ 1, got 0"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, batch_size=0)
    with raises(ValueError, "loss must be one of 'cross_entropy', 'mse'; got 'MSE'"):
        nn.gradients(THETAS, X, Y, loss="MSE")
    with raises(ValueError, "give both X_test and Y_test, or neither"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, X_test=X)


# --- layer sizes ------------------------------------------------------------------------------------
@pytest.mark.parametrize("sizes, error, match", [
    ([], ValueError, r"sizes must list at least H_0 = N and H_L = P \(L ≥ 1 layer\), got 0 sizes: \[\]"),
    ([3], ValueError, r"sizes must list at least H_0 = N and H_L = P \(L ≥ 1 layer\), got 1 size: \[3\]"),
    ([2, 0, 3], ValueError, r"H_1 \(sizes\[1\]\) must be a positive integer, got 0"),
    ([2, -4, 3], ValueError, r"H_1 \(sizes\[1\]\) must be a positive integer, got -4"),
    ([2, 2.5, 3], TypeError, r"H_1 \(sizes\[1\]\) must be a positive integer, got 2.5"),
    ([2, "4", 3], TypeError, r"H_1 \(sizes\[1\]\) must be a positive integer, got a str \('4'\)"),
    ([2, 4, 1], ValueError, r"H_L = P \(sizes\[-1\]\) must be at least 2"),
    (5, TypeError, r"sizes must be a list \[H_0, H_1, …, H_L\] of positive integers, got 5 \(int\)"),
])
def test_sizes(sizes, error, match):
    with raises(error, match):
        nn.init_thetas(sizes)


def test_whole_number_floats_are_accepted_as_sizes():
    assert [t.shape for t in nn.init_thetas([2.0, 3, 2])] == [(3, 2), (2, 3)]


def test_dtype_and_seed():
    with raises(TypeError, "dtype must be float64 or float32, got int64"):
        nn.init_thetas([2, 3], dtype=np.int64)
    with raises(ValueError, "seed must be an integer ≥ 0, got -1"):
        nn.init_thetas([2, 3], seed=-1)


# --- Θ list ---------------------------------------------------------------------------------------
def test_thetas_must_be_a_list():
    with raises(TypeError, r"thetas must be a list \[Θ_1, …, Θ_L\] of L matrices \(thetas\[ℓ-1\] is Θ_ℓ\), got an array of shape \(4, 2\)"):
        nn.forward(THETAS[0], X)
    with raises(ValueError, r"thetas must hold at least one matrix Θ_1 \(L ≥ 1\), got an empty list"):
        nn.forward([], X)


def test_theta_shapes_must_chain():
    with raises(ValueError, r"Θ_2 must have shape \(H_2, H_1\) = \(·, 4\) because Θ_1 has shape \(4, 2\), so H_1 = 4; got \(4, 3\)"):
        nn.forward([THETAS[0], np.ones((4, 3))], X)


def test_theta_must_be_2d_and_finite():
    with raises(ValueError, r"Θ_1 must be a 2-D array \(H_1, H_0\), got 1-D with shape \(2,\)"):
        nn.forward([np.ones(2), THETAS[1]], X)
    bad = THETAS[1].copy()
    bad[0, 0] = np.nan
    with raises(ValueError, r"Θ_2 must be finite, got NaN at index \(0, 0\)"):
        nn.gradients([THETAS[0], bad], X, Y)


# --- nothing is lost ------------------------------------------------------------------------------
def test_a_refused_call_changes_nothing():
    thetas = [t.copy() for t in THETAS]
    Xc, Yc = X.copy(), Y.copy()
    with pytest.raises(ValueError):
        nn.gradient_descent(thetas, Xc, Yc, alpha=-1.0)
    with pytest.raises(ValueError):
        nn.gradient_descent(thetas, Xc, [0, 1, 7], alpha=0.1)
    assert all(np.array_equal(a, b) for a, b in zip(thetas, THETAS))
    assert np.array_equal(Xc, X) and np.array_equal(Yc, Y)


def test_messages_are_not_numpy_internals():
    # Mismatched shapes are caught before numpy sees them: no "matmul: Input operand" message.
    with pytest.raises(ValueError) as info:
        nn.forward(THETAS, np.ones((3, 5)))
    assert "matmul" not in str(info.value) and "H_0" in str(info.value)
