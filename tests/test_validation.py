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
    with raises(
        ValueError,
        r"X must be a 2-D array \(M, N\), got 1-D with shape \(2,\); a single sample must be a row: use X.reshape\(1, -1\)",
    ):
        nn.forward(THETAS, X[0])


def test_X_columns_must_equal_H0():
    with raises(
        ValueError,
        r"X must have N = H_0 = 2 columns, because Θ_1 has shape \(H_1, H_0\) = \(4, 2\); got X of shape \(3, 3\)",
    ):
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
    with raises(
        ValueError,
        r"Y must have shape \(M, P\) = \(3, 3\) — M samples as in X and P = H_L = 3 outputs as in Θ_L — got \(3, 2\)",
    ):
        nn.gradients(THETAS, X, Y[:, :2])


def test_Y_rows_must_be_one_hot():
    Yb = Y.copy()
    Yb[2] = [0.2, 0.5, 0.3]
    with raises(ValueError, r"Y rows must be one-hot \(one 1, the rest 0\); got row 2 = \[0.2, 0.5, 0.3\]"):
        nn.network_error(THETAS, X, Yb)


def test_Y_labels_must_be_in_range_and_integers():
    with raises(
        ValueError, r"Y labels must lie in \[0, P\) = \[0, 3\) for P = H_L = 3 outputs; got label 3 at index 1"
    ):
        nn.gradients(THETAS, X, [0, 3, 1])
    with raises(
        ValueError, r"Y labels must lie in \[0, P\) = \[0, 3\) for P = H_L = 3 outputs; got label -1 at index 0"
    ):
        nn.gradients(THETAS, X, [-1, 0, 1])
    with raises(
        ValueError,
        "Y must be integer class labels in \\[0, P\\) = \\[0, 3\\) of shape \\(M,\\), got non-integer values such as 0.5 at index 0",
    ):
        nn.gradients(THETAS, X, [0.5, 1, 2])
    with raises(ValueError, "Y must have one label per sample: M = 3 labels, got 2"):
        nn.gradients(THETAS, X, [0, 1])


def test_Y_must_be_finite():
    Yb = Y.copy()
    Yb[0, 0] = np.nan
    with raises(ValueError, r"Y must be finite, got NaN at index \(0, 0\)"):
        nn.gradient_descent(THETAS, X, Yb, alpha=0.1)


# --- α, epochs, batch size, loss -------------------------------------------------------------------
@pytest.mark.parametrize(
    "alpha, error, match",
    [
        (0, ValueError, "α must be a finite number > 0, got 0.0"),
        (-0.1, ValueError, "α must be a finite number > 0, got -0.1"),
        (np.nan, ValueError, "α must be a finite number > 0, got nan"),
        (np.inf, ValueError, "α must be a finite number > 0, got inf"),
        ("0.1", TypeError, "α must be a real number > 0, got a str"),
        (True, TypeError, "α must be a real number > 0, got a bool"),
    ],
)
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
@pytest.mark.parametrize(
    "sizes, error, match",
    [
        ([], ValueError, r"sizes must list at least H_0 = N and H_L = P \(L ≥ 1 layer\), got 0 sizes: \[\]"),
        ([3], ValueError, r"sizes must list at least H_0 = N and H_L = P \(L ≥ 1 layer\), got 1 size: \[3\]"),
        ([2, 0, 3], ValueError, r"H_1 \(sizes\[1\]\) must be a positive integer, got 0"),
        ([2, -4, 3], ValueError, r"H_1 \(sizes\[1\]\) must be a positive integer, got -4"),
        ([2, 2.5, 3], TypeError, r"H_1 \(sizes\[1\]\) must be a positive integer, got 2.5"),
        ([2, "4", 3], TypeError, r"H_1 \(sizes\[1\]\) must be a positive integer, got a str \('4'\)"),
        ([2, 4, 1], ValueError, r"H_L = P \(sizes\[-1\]\) must be at least 2"),
        (5, TypeError, r"sizes must be a list \[H_0, H_1, …, H_L\] of positive integers, got 5 \(int\)"),
    ],
)
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
    with raises(
        TypeError,
        r"thetas must be a list \[Θ_1, …, Θ_L\] of L matrices \(thetas\[ℓ-1\] is Θ_ℓ\), got an array of shape \(4, 2\)",
    ):
        nn.forward(THETAS[0], X)
    with raises(ValueError, r"thetas must hold at least one matrix Θ_1 \(L ≥ 1\), got an empty list"):
        nn.forward([], X)


def test_theta_shapes_must_chain():
    with raises(
        ValueError,
        r"Θ_2 must have shape \(H_2, H_1\) = \(·, 4\) because Θ_1 has shape \(4, 2\), so H_1 = 4; got \(4, 3\)",
    ):
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


# --- issue 15: every failure class found by trying the API as a hostile user --------------------------
# Each test below names the bug it guards against; each was seen to fail with that bug put back.

XOR_X, XOR_Y = nn.xor(M=12, seed=0)


@pytest.mark.parametrize(
    "seed, error, match",
    [
        (-1, ValueError, "seed must be an integer ≥ 0, got -1"),
        (1.5, TypeError, r"seed must be an integer ≥ 0, got 1.5 \(float\)"),
        ("0", TypeError, r"seed must be an integer ≥ 0, got a str \('0'\)"),
        (float("nan"), TypeError, r"seed must be an integer ≥ 0, got nan \(float\)"),
        (True, TypeError, r"seed must be an integer ≥ 0, got a bool \(True\)"),
        (None, TypeError, "seed must be an integer ≥ 0, got None: results here are reproducible by design"),
        (
            10**400,
            ValueError,
            r"seed must be an integer ≥ 0 \(at most 9223372036854775807\), got an integer of 401 digits",
        ),
    ],
)
def test_seeds_are_validated_everywhere(seed, error, match):
    # Bug: gradient_descent/fit passed seed to numpy unchecked (numpy's SeedSequence messages; None made
    # training silently irreproducible); init_thetas raised TypeError for -1 where the datasets said ValueError.
    with raises(error, match):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, epochs=1, seed=seed)
    with raises(error, match):
        nn.fit([2, 3, 3], X, Y, alpha=0.1, epochs=1, seed=seed)
    with raises(error, match):
        nn.init_thetas([2, 3], seed=seed)
    with raises(error, match):
        nn.moons(M=10, seed=seed)
    with raises(error, match):
        nn.train_test_split(X, Y, seed=seed)


@pytest.mark.parametrize(
    "sizes, error, match",
    [
        ([3, True, 2], TypeError, r"H_1 \(sizes\[1\]\) must be a positive integer, got a bool \(True\)"),
        ([3, np.True_, 2], TypeError, r"H_1 \(sizes\[1\]\) must be a positive integer, got a bool \(True\)"),
        (
            {3, 4, 2},
            TypeError,
            r"sizes must be a list \[H_0, H_1, …, H_L\] of positive integers in layer order, got a set of length 3 .*: a set has no order",
        ),
        ({3: 1, 2: 1}, TypeError, "a dict has no order"),
        (
            [3, 10**400, 2],
            ValueError,
            r"H_1 \(sizes\[1\]\) must be an integer ≥ 1 \(at most 9223372036854775807\), got an integer of 401 digits",
        ),
        ([3, float("nan"), 2], TypeError, r"H_1 \(sizes\[1\]\) must be a positive integer, got nan"),
    ],
)
def test_sizes_refuse_bools_sets_and_huge_integers(sizes, error, match):
    # Bug: init_thetas accepted [3, True, 2] (a layer of one unit) and {3, 4, 2} (silently [2, 3, 4]);
    # 10**400 gave an OverflowError from numpy.
    with raises(error, match):
        nn.init_thetas(sizes)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: nn.gradient_descent(THETAS, X, Y, alpha=0.1, epochs=10**400), "epochs"),
        (lambda: nn.gradient_descent(THETAS, X, Y, alpha=0.1, batch_size=10**400), "batch_size"),
        (lambda: nn.moons(M=10**400), "M"),
        (lambda: nn.one_hot([0, 1], P=10**400), "P"),
        (lambda: nn.gradient_descent(THETAS, X, Y, alpha=10**400), "α"),
    ],
)
def test_huge_integers_are_a_value_error_naming_the_argument(call, name):
    # Bug: 10**400 gave OverflowError ("int too large to convert to float") from deep inside numpy.
    with pytest.raises(ValueError, match=rf"^{name} must be .*, got "):
        call()


def test_booleans_are_not_integers():
    with raises(TypeError, r"epochs must be an integer ≥ 0, got a bool \(True\)"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, epochs=True)
    with raises(TypeError, r"batch_size must be an integer ≥ 1, got a bool \(True\)"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, batch_size=True)
    with raises(TypeError, r"Y must be integer class labels in \[0, P\) = \[0, 3\) of shape \(M,\), got booleans"):
        nn.gradients(THETAS, X, [True, False, True])


def test_test_set_errors_name_X_test_and_Y_test():
    # Bug: a bad X_test or Y_test was reported as "X …" or "Y …".
    with raises(
        ValueError,
        r"^X_test must have N = H_0 = 2 columns, because Θ_1 has shape \(H_1, H_0\) = \(4, 2\); got X_test of shape \(3, 5\)",
    ):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, X_test=np.ones((3, 5)), Y_test=Y)
    with raises(
        ValueError, r"^Y_test labels must lie in \[0, P\) = \[0, 3\) for P = H_L = 3 outputs; got label 7 at index 0"
    ):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, X_test=X, Y_test=[7, 0, 1])
    with raises(ValueError, r"^X_test must be finite, got NaN at index \(0, 0\)"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, X_test=np.full((3, 2), np.nan), Y_test=Y)
    with raises(ValueError, "give both X_test and Y_test, or neither; got X_test but Y_test is None"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, X_test=X)


def test_ragged_theta_and_Y_are_named_not_numpy_internals():
    # Bug: ragged Θ or Y gave numpy's "setting an array element with a sequence".
    with pytest.raises(TypeError) as info:
        nn.forward([[[1.0, 2.0], [3.0]], THETAS[1]], X)
    assert str(info.value).startswith("Θ_1 must be a numeric array of shape (H_1, H_0)") and "got a list" in str(
        info.value
    )
    assert "sequence" not in str(info.value) and "inhomogeneous" not in str(info.value)
    with pytest.raises(TypeError) as info:
        nn.gradients(THETAS, X, [[1, 0, 0], [0, 1], [0, 0, 1]])
    assert str(info.value).startswith("Y must be a one-hot array") and "got a list" in str(info.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda: nn.gradients(THETAS, X, [0, 3, 1]),
        lambda: nn.gradients(THETAS, X, [[1, 0, 0], [0, 1, 1], [0, 0, 1]]),
        lambda: nn.gradient_descent(THETAS, X, Y, alpha=0.1, X_test=X),
        lambda: nn.relative_error([1.0, 2.0], [1.0]),
        lambda: nn.cross_entropy_gradient([[1, 0]], [[0.0, 1.0]]),
        lambda: nn.one_hot([[0, 1]]),
        lambda: nn.forward(THETAS, "X"),
        lambda: nn.train_test_split(X[:1], Y[:1]),
    ],
)
def test_every_message_says_what_arrived(call):
    # Bug: several messages ("label 1 is 3", "row 2 is …", "give both …", "relative_error needs …") had no "got …".
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    assert ", got " in str(info.value) or "; got " in str(info.value) or " got " in str(info.value)


def test_float32_network_refuses_float64_data_beyond_float32_range(no_warnings):
    # Bug: an overflow warning from the cast, then "X must be finite, got inf" for data that was finite.
    thetas32 = [t.astype(np.float32) for t in THETAS]
    big = X.copy()
    big[1, 1] = 1e39
    with raises(
        ValueError,
        r"^X must fit in float32 \(\|values\| ≤ 3.403e\+38\) to be computed in float32, got 1e\+39 at index \(1, 1\)",
    ):
        nn.forward(thetas32, big)
    with raises(ValueError, r"^X_test must fit in float32"):
        nn.gradient_descent(thetas32, X, Y, alpha=0.1, X_test=big, Y_test=Y)


def test_numerical_gradient_hands_f_copies():
    # Bug: an f that writes into its argument changed the caller's Θ (the docstring promises copies).
    thetas = [np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]])]
    saved = [t.copy() for t in thetas]

    def f(th):
        value = float((th[0] ** 2).sum() + th[1].sum())
        th[0][...] = 99.0
        th[1][...] = -7.0
        return value

    g = nn.numerical_gradient(f, thetas)
    assert all(np.array_equal(a, b) for a, b in zip(thetas, saved))
    np.testing.assert_allclose(g[0], [[2.0, 4.0]], atol=1e-6)
    np.testing.assert_allclose(g[1], [[1.0], [1.0]], atol=1e-6)


def test_numerical_gradient_checks_what_f_returns():
    theta = [np.array([[1.0]])]
    with raises(TypeError, r"f must return a number \(a float\), got an array of shape \(1,\) .* take one entry"):
        nn.numerical_gradient(lambda th: th[0][0], theta)
    with raises(ValueError, r"f must return a finite number near thetas, got nan at Θ_1\[0, 0\] \+ ε"):
        nn.numerical_gradient(lambda th: float("nan"), theta)
    with raises(TypeError, r"f must be a function f\(thetas\) returning a number, got 3 \(int\)"):
        nn.numerical_gradient(3, theta)
    with raises(ValueError, r"ε must be a finite number in \(0, 1\], got 2.0"):
        nn.numerical_gradient(lambda th: 0.0, theta, eps=2.0)


def test_extreme_logits_give_an_exact_loss_or_a_clear_error(no_warnings):
    # Bug: log_softmax and cross_entropy_from_logits ("finite for any finite z") gave −inf/NaN and an
    # overflow warning for a row like [+1e308, −1e308, 0].
    z = np.array([[1e308, -1e308, 0.0]])
    assert nn.cross_entropy_from_logits([0], z)[0] == 0.0
    assert nn.cross_entropy_from_logits([2], z)[0] == 1e308
    with raises(
        ValueError,
        r"^z_L must keep each sample's loss within float range: .* got row 0 with max 1e\+308 and true-class logit -1e\+308",
    ):
        nn.cross_entropy_from_logits([1], z)
    with raises(
        ValueError,
        r"^z must have rows whose spread max − min fits in float64 .* got row 0 with max 1e\+308 and min -1e\+308",
    ):
        nn.log_softmax(z)
    np.testing.assert_array_equal(nn.softmax(z), [[1.0, 0.0, 0.0]])
    np.testing.assert_array_equal(nn.log_softmax([[1e308, 1e307, 0.0]]), [[0.0, -9e307, -1e308]])


def test_forward_overflow_is_a_clear_error(no_warnings):
    # Bug class: finite but huge inputs gave NaN outputs with numpy's overflow warnings.
    thetas, huge = [np.ones((4, 2)), THETAS[1]], np.full((2, 2), 1e308)  # z_1 = 2e308
    with raises(
        ValueError,
        r"^X and Θ_1 must be small enough for z_1 = a_0 Θ_1ᵀ to fit in float64; got a non-finite z_1 for sample 0 \(largest \|X\| = 1e\+308, largest \|Θ_1\| = 1\)",
    ):
        nn.forward(thetas, huge)
    with raises(ValueError, r"^X and Θ_1 must be small enough"):
        nn.network_error(thetas, huge, [0, 1])
    # Training saturates through an overflowing hidden z (σ(2e308) = 1 exactly), but an initial E that
    # is not finite is the inputs' fault, not a divergence: a ValueError, not a DivergenceError at epoch 0.
    with raises(ValueError, r"^X and Θ_1 must be small enough"):
        nn.gradient_descent([np.array([[1.0, 1.0], [-1.0, -1.0]])], huge, [0, 1], alpha=0.1)


@pytest.mark.parametrize(
    "Y_, Y_hat, error, match",
    [
        ([[0, 1]], [[0.2, 1.5]], ValueError, r"^Ŷ must hold probabilities in \[0, 1\], got 1.5 at index \(0, 1\)"),
        (
            [[0, -1]],
            [[0.2, 0.8]],
            ValueError,
            r"^Y rows must be one-hot \(one 1, the rest 0\); got row 0 = \[0.0, -1.0\]",
        ),
        (
            np.zeros((0, 2)),
            np.zeros((0, 2)),
            ValueError,
            r"^Ŷ must have at least one sample and one class \(M ≥ 1, P ≥ 1\), got shape \(0, 2\)",
        ),
        (
            np.zeros((2, 0)),
            np.zeros((2, 0)),
            ValueError,
            r"^Ŷ must have at least one sample and one class \(M ≥ 1, P ≥ 1\), got shape \(2, 0\)",
        ),
    ],
)
def test_cross_entropy_refuses_what_would_give_a_negative_or_nan_loss(Y_, Y_hat, error, match):
    # Bug: Ŷ > 1 or a negative Y returned a negative loss; M = 0 or P = 0 returned NaN.
    with raises(error, match):
        nn.cross_entropy(Y_, Y_hat)
    with raises(error, match.replace("Ŷ", "Ŷ") if "Ŷ must hold" not in match else match):
        nn.error(Y_, Y_hat)


def test_mse_refuses_empty_batches_and_overflow(no_warnings):
    with raises(ValueError, r"^Ŷ must have at least one sample"):
        nn.mse(np.zeros((0, 2)), np.zeros((0, 2)))
    with raises(ValueError, r"^Ŷ must be small enough for \(ŷ − y\)² to fit in float64; got values up to 1e\+200"):
        nn.mse([[0, 1]], [[1e200, 0.0]])
    # Three losses of 8.45e307 each: their sum overflows, their mean does not.
    assert nn.error([0, 0, 0], np.full((3, 2), 1.3e154) * [0, 1], loss="mse") == pytest.approx((1.3e154**2 + 1) / 2)


def test_relative_error_validates_and_is_exact_at_extreme_scales(no_warnings):
    # Bug: relative_error validated nothing (NaN in, NaN out; strings gave numpy's message).
    with raises(ValueError, r"^a must be finite, got NaN at index \(0,\)"):
        nn.relative_error([np.nan], [1.0])
    with raises(TypeError, r"^b must hold real numbers, got dtype <U1"):
        nn.relative_error([1.0], ["x"])
    with raises(ValueError, r"^b must have the shape of a, \(2,\); got \(1,\)"):
        nn.relative_error([1.0, 2.0], [1.0])
    assert nn.relative_error([1e300, 0.0], [-1e300, 0.0]) == 1.0
    assert nn.relative_error([1e-200], [2e-200]) == pytest.approx(1 / 3)
    assert nn.relative_error([3e200, 4e200], [3e200, 4e200]) == 0.0


def test_integer_labels_are_accepted_wherever_Y_is():
    # Bug: the README says labels (M,) are accepted wherever Y is; the losses and train_test_split refused them.
    Y_hat = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    one_hot = nn.one_hot([0, 2], 3)
    for function in (
        nn.mse,
        nn.cross_entropy,
        nn.cross_entropy_from_logits,
        nn.mse_gradient,
        nn.cross_entropy_gradient,
    ):
        np.testing.assert_array_equal(function([0, 2], Y_hat), function(one_hot, Y_hat))
    assert nn.error([0, 2], Y_hat) == nn.error(one_hot, Y_hat)
    np.testing.assert_array_equal(nn.output_delta(Y_hat, [0, 2]), nn.output_delta(Y_hat, one_hot))
    X_tr, X_te, y_tr, y_te = nn.train_test_split(XOR_X, nn.labels(XOR_Y), seed=1)
    _, _, Y_tr, Y_te = nn.train_test_split(XOR_X, XOR_Y, seed=1)
    np.testing.assert_array_equal(y_tr, nn.labels(Y_tr))
    np.testing.assert_array_equal(y_te, nn.labels(Y_te))
    np.testing.assert_array_equal(nn.labels([2, 0, 1]), [2, 0, 1])
    with raises(ValueError, r"^Y labels must lie in \[0, P\) = \[0, 3\) for P = 3 as in Ŷ; got label 3 at index 1"):
        nn.cross_entropy([0, 3], Y_hat)


def test_choices_and_callables():
    with raises(TypeError, r"loss must be one of 'cross_entropy', 'mse'; got a list of length 1 \(\['mse'\]\)"):
        nn.gradients(THETAS, X, Y, loss=["mse"])
    with raises(ValueError, "on_divergence must be one of 'raise', 'stop'; got 'ignore'"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, on_divergence="ignore")
    with raises(TypeError, r"callback must be a function callback\(epoch, history\), got 3 \(int\)"):
        nn.gradient_descent(THETAS, X, Y, alpha=0.1, callback=3)


def test_noise_that_overflows_X_is_refused(no_warnings):
    with raises(ValueError, r"^noise must be small enough for X to fit in float64; got noise = 1e\+308"):
        nn.blobs(M=30, noise=1e308, seed=0)
    with raises(ValueError, r"^noise must be a finite number ≥ 0, got inf"):
        nn.xor(noise=float("inf"))


def test_backprop_refuses_a_forged_forward_pass():
    fp = nn.forward(THETAS, X)
    with raises(TypeError, r"^fp must be the ForwardPass returned by forward\(thetas, X\), got a dict"):
        nn.backprop(THETAS, {"a": fp.a}, Y)
    forged = nn.ForwardPass(z=fp.z, a=fp.a[:-1] + [np.full_like(fp.a[-1], np.nan)])
    with raises(ValueError, r"^fp.a\[2\] \(a_2\) must be finite, got NaN"):
        nn.backprop(THETAS, forged, Y)
    with raises(
        ValueError, r"^fp must have L \+ 1 = 3 activations a_0 … a_L, because thetas has L = 2 matrices; got 2"
    ):
        nn.backprop(THETAS, nn.forward(THETAS[:1], X), Y)
