"""Hidden tests of the autograded assignments (instructors only; never in the book or the student edition).

``tools/assignments.py`` copies every function decorated ``@autograde("<student function>", …)`` into the
otter test file of the exercise whose starter cell defines that function, with its points; a hidden test
is run only when grading, and students never see it.  The public test of each exercise is the chapter's
own learner check (``companion.checks``), worth 1 point; these add the edge cases.

Rules for a test here (otter runs it as a plain function, outside this file):
* self-contained: import inside the function, use no helper defined in this file;
* its parameters are the names of the notebook's variables it needs (``my_softmax``, ``X_test``, …);
* independent of ``companion``: expected values come from hand-computed numbers or a few lines of numpy
  written here, never from companion's functions (the exception is the training exercise, whose task is
  to call ``companion.fit``);
* every test checks *values* (after shapes, types and unchanged inputs), so that a wrong formula loses all
  of the exercise's points, not only some: ``tests/test_assignments.py`` holds every test to that against
  classic mistakes.
"""


def autograde(function, points=1, hidden=True):
    """Mark a test of the student's ``function`` (used by tools/assignments.py; does nothing at run time)."""

    def mark(test):
        test.autograde = {"function": function, "points": points, "hidden": hidden}
        return test

    return mark


# --- notation: my_one_hot(labels, P) -------------------------------------------------------------


@autograde("my_one_hot")
def test_one_hot_unused_classes_and_more_columns_than_labels(my_one_hot):
    """classes 1, 3 and 5 never occur, P = 6 > max label + 1; labels unchanged"""
    import numpy as np

    labels = np.array([4, 0, 4, 2])
    Y = np.asarray(my_one_hot(labels, 6), dtype=float)
    assert Y.shape == (4, 6), f"expected shape (M, P) = (4, 6), got {Y.shape}"
    expected = np.array([[0, 0, 0, 0, 1, 0], [1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 1, 0, 0, 0]], float)
    assert np.array_equal(Y, expected), f"got\n{Y}"
    assert np.array_equal(labels, [4, 0, 4, 2]), "the labels were modified"


@autograde("my_one_hot")
def test_one_hot_single_sample_and_many_samples(my_one_hot):
    """M = 1, and M = 500 random labels of which the last class never occurs: argmax gives the labels
    back, each row holds one 1"""
    import numpy as np

    Y1 = np.asarray(my_one_hot(np.array([0]), 3), dtype=float)
    assert Y1.shape == (1, 3) and np.array_equal(Y1, [[1, 0, 0]]), f"M = 1, P = 3: got {Y1!r}"
    labels = np.random.default_rng(0).integers(0, 6, 500)
    Y = np.asarray(my_one_hot(labels, 7), dtype=float)
    assert Y.shape == (500, 7), f"expected (500, 7), got {Y.shape}"
    assert np.array_equal(Y.sum(axis=1), np.ones(500)) and set(np.unique(Y)) <= {0.0, 1.0}
    assert np.array_equal(Y.argmax(axis=1), labels)


# --- feed-forward: my_sigmoid(z), my_softmax(z), my_forward(thetas, X) ------------------------------


@autograde("my_sigmoid")
def test_sigmoid_known_values_any_shape(my_sigmoid):
    """σ(0) = 1/2, σ(±ln 3) = 3/4 and 1/4, on 1-D and 3-D arrays; the input is unchanged"""
    import numpy as np

    ln3 = np.log(3.0)
    z = np.array([0.0, ln3, -ln3, 2 * ln3])
    got = np.asarray(my_sigmoid(z.copy()))
    assert got.shape == (4,), f"a 1-D z of 4 entries: expected shape (4,), got {got.shape}"
    assert np.allclose(got, [0.5, 0.75, 0.25, 0.9], rtol=1e-12, atol=0), f"got {got}"
    z3 = np.tile(z, (2, 3, 1))
    original = z3.copy()
    got3 = np.asarray(my_sigmoid(z3))
    assert got3.shape == (2, 3, 4), f"a 3-D z: expected shape (2, 3, 4), got {got3.shape}"
    assert np.allclose(got3, np.tile([0.5, 0.75, 0.25, 0.9], (2, 3, 1)), rtol=1e-12, atol=0)
    assert np.array_equal(z3, original), "z was modified"


@autograde("my_sigmoid")
def test_sigmoid_extreme_inputs_no_warning_full_precision(my_sigmoid):
    """|z| up to 1e300 with every numpy warning an error; σ(−30) to 12 digits; σ(z) + σ(−z) = 1"""
    import warnings

    import numpy as np

    z = np.array([-1e300, -1000.0, -745.0, -30.0, 30.0, 745.0, 1000.0, 1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            got = np.asarray(my_sigmoid(z.copy()), dtype=float)
            mirror = np.asarray(my_sigmoid(-z), dtype=float)
    assert got.shape == z.shape and np.all(np.isfinite(got)), f"got {got}"
    assert got[0] < 1e-300 and got[-1] == 1.0, f"σ(±1e300): got {got[0]}, {got[-1]}"
    assert np.allclose(got[[1, 2, 5, 6]], [0.0, 0.0, 1.0, 1.0], atol=1e-300, rtol=0)
    exact = np.exp(-30.0) / (1 + np.exp(-30.0))
    assert abs(got[3] - exact) <= 1e-12 * exact, f"σ(−30) should be {exact:.12e}, got {got[3]:.12e}"
    assert np.allclose(got + mirror, 1.0, rtol=0, atol=1e-15)


@autograde("my_softmax")
def test_softmax_non_square_known_values(my_softmax):
    """M = 2, P = 4: rows [0, ln 2, ln 3, ln 4] + c give [1, 2, 3, 4]/10, each row on its own"""
    import numpy as np

    base = np.log([1.0, 2.0, 3.0, 4.0])
    z = np.vstack([base, base + 7.0, base[::-1] - 3.0])
    original = z.copy()
    got = np.asarray(my_softmax(z))
    assert got.shape == (3, 4), f"expected shape (M, P) = (3, 4), got {got.shape}"
    want = np.array([[0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]])
    assert np.allclose(got, want, rtol=1e-12, atol=0), f"got\n{got}"
    assert np.array_equal(z, original), "z was modified"


@autograde("my_softmax")
def test_softmax_extreme_logits_and_one_class(my_softmax):
    """logits ±1000 and ±1e4 without a warning; one row alone; P = 1 gives all ones"""
    import warnings

    import numpy as np

    z = np.array([[1000.0, 1000.0, -1000.0], [-1e4, -1e4 + np.log(3.0), -1e4], [0.0, 800.0, -800.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            got = np.asarray(my_softmax(z.copy()), dtype=float)
            one_row = np.asarray(my_softmax(z[1:2].copy()), dtype=float)
            one_class = np.asarray(my_softmax(np.array([[5.0], [-700.0]])), dtype=float)
    want = np.array([[0.5, 0.5, 0.0], [0.2, 0.6, 0.2], [0.0, 1.0, 0.0]])
    assert got.shape == (3, 3) and np.allclose(got, want, rtol=1e-12, atol=1e-300), f"got\n{got}"
    assert one_row.shape == (1, 3) and np.allclose(one_row, [[0.2, 0.6, 0.2]], rtol=1e-12), f"got {one_row}"
    assert one_class.shape == (2, 1) and np.allclose(one_class, 1.0), f"P = 1: got {one_class}"


@autograde("my_forward", points=2)
def test_forward_non_square_thetas(my_forward):
    """sizes [3, 5, 2] and [2, 4, 3, 5] (every Θ_ℓ non-square), M = 4 and M = 1, against the
    equations written out here; thetas and X unchanged"""
    import numpy as np

    def reference(thetas, X):
        a = X
        for ell, theta in enumerate(thetas, start=1):
            z = a @ theta.T
            if ell < len(thetas):
                a = 1 / (1 + np.exp(-z))
            else:
                e = np.exp(z - z.max(axis=1, keepdims=True))
                a = e / e.sum(axis=1, keepdims=True)
        return a

    rng = np.random.default_rng(21)
    for sizes, M in (([3, 5, 2], 4), ([2, 4, 3, 5], 1)):
        thetas = [rng.normal(size=(sizes[ell], sizes[ell - 1])) for ell in range(1, len(sizes))]
        X = rng.normal(size=(M, sizes[0]))
        kept = [t.copy() for t in thetas], X.copy()
        got = np.asarray(my_forward(thetas, X))
        assert got.shape == (M, sizes[-1]), (
            f"sizes {sizes}, M = {M}: expected Ŷ of shape {(M, sizes[-1])}, got {got.shape}"
        )
        assert np.allclose(got, reference(kept[0], kept[1]), rtol=1e-10, atol=1e-12), f"sizes {sizes}: got\n{got}"
        assert all(np.array_equal(t, k) for t, k in zip(thetas, kept[0])) and np.array_equal(X, kept[1]), (
            "thetas or X were modified"
        )


@autograde("my_forward")
def test_forward_single_layer_and_extreme_weights(my_forward):
    """L = 1 (softmax of X Θ_1ᵀ, no hidden layer); weights of size 1e3 give finite rows summing to 1"""
    import warnings

    import numpy as np

    theta = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # Θ_1: (P, N) = (3, 2)
    X = np.array([[0.0, 0.0], [np.log(2.0), 0.0]])
    got = np.asarray(my_forward([theta], X))
    want = np.array([[1 / 3, 1 / 3, 1 / 3], [2 / 5, 1 / 5, 2 / 5]])
    assert got.shape == (2, 3) and np.allclose(got, want, rtol=1e-12), f"L = 1: got\n{got}"
    thetas = [np.full((4, 3), 1e3), np.array([[1e3, 0, 0, 0], [0, 0, 0, -1e3]])]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            big = np.asarray(my_forward(thetas, np.array([[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]])), dtype=float)
    assert big.shape == (2, 2) and np.all(np.isfinite(big)), f"got {big}"
    assert np.allclose(big, [[1.0, 0.0], [0.5, 0.5]], atol=1e-12), f"got\n{big}"


# --- losses: my_mse(Y, Y_hat), my_cross_entropy(Y, Y_hat) -----------------------------------------


@autograde("my_mse")
def test_mse_non_square_by_hand(my_mse):
    """M = 3 samples, P = 5 classes: (1/M) Σ_i (1/P) Σ_j (ŷ_ij − y_ij)² = 0.0752; Y and Ŷ unchanged"""
    import numpy as np

    Y = np.eye(5)[[0, 3, 4]]
    Y_hat = np.array([[0.6, 0.1, 0.1, 0.1, 0.1], [0.2, 0.2, 0.2, 0.2, 0.2], [0.0, 0.0, 0.0, 0.0, 1.0]])
    kept = Y.copy(), Y_hat.copy()
    got = my_mse(Y, Y_hat)
    assert np.ndim(got) == 0, f"expected a single number, got shape {np.shape(got)}"
    # by hand: sample 1: (0.16 + 4·0.01)/5 = 0.04; sample 2: (0.64 + 4·0.04)/5 = 0.16; sample 3: 0
    assert np.isclose(float(got), (0.04 + 0.16 + 0.0) / 3, rtol=1e-12), f"got {float(got)}"
    assert np.array_equal(Y, kept[0]) and np.array_equal(Y_hat, kept[1]), "Y or Ŷ was modified"


@autograde("my_mse")
def test_mse_one_sample_and_a_perfect_prediction(my_mse):
    """M = 1, P = 4: 0.1875; and a batch where one prediction is perfect, one uniform: (0 + 0.1875)/2"""
    import numpy as np

    Y = np.array([[0.0, 1.0, 0.0, 0.0]])
    got = float(my_mse(Y, np.full((1, 4), 0.25)))
    assert np.isclose(got, (0.75**2 + 3 * 0.25**2) / 4, rtol=1e-12), f"M = 1: got {got}"
    Y2 = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]])
    got2 = float(my_mse(Y2, np.array([[1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])))
    assert np.isclose(got2, 0.1875 / 2, rtol=1e-12), f"M = 2: got {got2}"


@autograde("my_cross_entropy")
def test_cross_entropy_non_square_by_hand(my_cross_entropy):
    """M = 3, P = 5: −(1/M)(ln 0.5 + ln 0.25 + ln 1) = ln 8 / 3, with exact zeros in Ŷ; no warning"""
    import warnings

    import numpy as np

    Y = np.eye(5)[[1, 4, 0]]
    Y_hat = np.array([[0.25, 0.5, 0.25, 0.0, 0.0], [0.25, 0.25, 0.25, 0.0, 0.25], [1.0, 0.0, 0.0, 0.0, 0.0]])
    kept = Y.copy(), Y_hat.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            got = my_cross_entropy(Y, Y_hat)
    assert np.ndim(got) == 0, f"expected a single number, got shape {np.shape(got)}"
    assert np.isclose(float(got), np.log(8.0) / 3, rtol=1e-12), f"got {float(got)}"
    assert np.array_equal(Y, kept[0]) and np.array_equal(Y_hat, kept[1]), "Y or Ŷ was modified"


@autograde("my_cross_entropy")
def test_cross_entropy_one_sample_and_a_tiny_probability(my_cross_entropy):
    """M = 1 with ŷ = 1e-300 on the true class: 690.78 (finite, no overflow); M = 2, P = 2"""
    import warnings

    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            got = float(my_cross_entropy(np.array([[0.0, 1.0, 0.0]]), np.array([[0.5, 1e-300, 0.5]])))
            got2 = float(my_cross_entropy(np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.5, 0.5], [0.8, 0.2]])))
    assert np.isclose(got, 300 * np.log(10.0), rtol=1e-12), f"got {got}"
    assert np.isclose(got2, -(np.log(0.5) + np.log(0.8)) / 2, rtol=1e-12), f"got {got2}"


# --- backpropagation: my_hidden_delta, my_gradients, my_gradient_descent_step ----------------------


@autograde("my_hidden_delta")
def test_hidden_delta_non_square_by_hand(my_hidden_delta):
    """Θ_(ℓ+1) of shape (2, 3), M = 2: δ_ℓ = (δ_(ℓ+1) Θ_(ℓ+1)) ⊙ a ⊙ (1 − a) computed by hand"""
    import numpy as np

    delta_next = np.array([[1.0, -1.0], [0.5, 2.0]])  # (M, H_(ℓ+1)) = (2, 2)
    theta_next = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])  # (H_(ℓ+1), H_ℓ) = (2, 3)
    a = np.array([[0.5, 0.5, 0.5], [0.5, 0.25, 0.75]])  # (M, H_ℓ) = (2, 3)
    kept = delta_next.copy(), theta_next.copy(), a.copy()
    got = np.asarray(my_hidden_delta(delta_next, theta_next, a))
    assert got.shape == (2, 3), f"expected δ_ℓ of shape (M, H_ℓ) = (2, 3), got {got.shape}"
    # δ_(ℓ+1) Θ_(ℓ+1) = [[1, 1, 1], [0.5, 3, −2]];  a(1 − a) = [[.25, .25, .25], [.25, .1875, .1875]]
    want = np.array([[0.25, 0.25, 0.25], [0.125, 0.5625, -0.375]])
    assert np.allclose(got, want, rtol=1e-12), f"got\n{got}"
    assert all(np.array_equal(x, k) for x, k in zip((delta_next, theta_next, a), kept)), "an input was modified"


@autograde("my_hidden_delta")
def test_hidden_delta_one_sample_and_saturated_units(my_hidden_delta):
    """M = 1, Θ_(ℓ+1) of shape (4, 2); units with a = 0 or 1 pass back nothing"""
    import numpy as np

    rng = np.random.default_rng(3)
    delta_next = rng.normal(size=(1, 4))
    theta_next = rng.normal(size=(4, 2))
    a = np.array([[0.3, 0.9]])
    got = np.asarray(my_hidden_delta(delta_next, theta_next, a))
    want = np.array(
        [[sum(delta_next[0, k] * theta_next[k, j] for k in range(4)) * a[0, j] * (1 - a[0, j]) for j in range(2)]]
    )
    assert got.shape == (1, 2) and np.allclose(got, want, rtol=1e-12), f"M = 1: got {got}"
    saturated = np.asarray(my_hidden_delta(delta_next, theta_next, np.array([[0.0, 1.0]])))
    assert saturated.shape == (1, 2) and np.allclose(saturated, 0.0, atol=0), f"a ∈ {{0, 1}}: got {saturated}"
    assert np.allclose(
        np.asarray(my_hidden_delta(delta_next, theta_next, np.array([[0.5, 0.5]]))),
        0.25 * (delta_next @ theta_next),
        rtol=1e-12,
    )


@autograde("my_gradients", points=2)
def test_gradients_against_central_differences(my_gradients):
    """networks [3, 5, 2] and [2, 4, 3, 3] (non-square Θ), M = 5 and M = 1: every ∂E/∂Θ_ℓ against
    central differences of E_CE written out here; thetas, X, Y unchanged"""
    import numpy as np

    def error(thetas, X, Y):
        a = X
        for ell, theta in enumerate(thetas, start=1):
            z = a @ theta.T
            if ell < len(thetas):
                a = 1 / (1 + np.exp(-z))
            else:
                z = z - z.max(axis=1, keepdims=True)
                log_a = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return -(Y * log_a).sum() / X.shape[0]

    rng = np.random.default_rng(8)
    for sizes, M in (([3, 5, 2], 5), ([2, 4, 3, 3], 1)):
        thetas = [rng.normal(scale=0.8, size=(sizes[ell], sizes[ell - 1])) for ell in range(1, len(sizes))]
        X = rng.normal(size=(M, sizes[0]))
        Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], M)]
        kept = [t.copy() for t in thetas], X.copy(), Y.copy()
        got = my_gradients(thetas, X, Y)
        assert len(got) == len(sizes) - 1, f"sizes {sizes}: expected L = {len(sizes) - 1} gradients, got {len(got)}"
        h = 1e-6
        for ell, (g, theta) in enumerate(zip(got, kept[0]), start=1):
            g = np.asarray(g)
            assert g.shape == theta.shape, f"sizes {sizes}: ∂E/∂Θ_{ell} should have shape {theta.shape}, got {g.shape}"
            numeric = np.zeros_like(theta)
            for idx in np.ndindex(theta.shape):
                plus = [t.copy() for t in kept[0]]
                minus = [t.copy() for t in kept[0]]
                plus[ell - 1][idx] += h
                minus[ell - 1][idx] -= h
                numeric[idx] = (error(plus, kept[1], kept[2]) - error(minus, kept[1], kept[2])) / (2 * h)
            assert np.allclose(g, numeric, rtol=1e-5, atol=1e-8), f"sizes {sizes}, M = {M}: ∂E/∂Θ_{ell} is off"
        assert all(np.array_equal(t, k) for t, k in zip(thetas, kept[0])), "thetas were modified"
        assert np.array_equal(X, kept[1]) and np.array_equal(Y, kept[2]), "X or Y was modified"


@autograde("my_gradients")
def test_gradients_extreme_logits(my_gradients):
    """a saturated softmax (logits ≈ ±1e3, confidently wrong on one sample): finite, no warning, and
    ∂E/∂Θ_1 = mean over samples of (a_L − y) x_iᵀ, worked out here for one layer"""
    import warnings

    import numpy as np

    theta = np.array([[500.0, 0.0], [-500.0, 0.0], [0.0, 1.0]])  # Θ_1: (P, N) = (3, 2)
    X = np.array([[2.0, 0.0], [-2.0, 0.0]])  # logits (1000, −1000, 0) and the opposite
    Y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # the second sample is confidently wrong
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            got = my_gradients([theta.copy()], X.copy(), Y.copy())
    assert len(got) == 1, f"one layer: expected 1 gradient, got {len(got)}"
    g = np.asarray(got[0], dtype=float)
    assert g.shape == (3, 2) and np.all(np.isfinite(g)), f"got {g}"
    # a_L ≈ (1, 0, 0) and (0, 1, 0): a_L − y = (0, 0, 0) and (0, 1, −1); times x_2ᵀ = (−2, 0), halved
    want = np.array([[0.0, 0.0], [-1.0, 0.0], [1.0, 0.0]])
    assert np.allclose(g, want, atol=1e-9), f"got\n{g}"


@autograde("my_gradient_descent_step")
def test_gradient_descent_step_three_layers(my_gradient_descent_step):
    """L = 3 non-square matrices, α = 0.5 and α = 0: new arrays Θ_ℓ − α ∂E/∂Θ_ℓ; inputs unchanged"""
    import numpy as np

    rng = np.random.default_rng(4)
    shapes = [(4, 3), (2, 4), (5, 2)]
    thetas = [rng.normal(size=s) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    kept = [t.copy() for t in thetas], [g.copy() for g in grads]
    new = my_gradient_descent_step(thetas, grads, 0.5)
    assert len(new) == 3, f"expected L = 3 matrices, got {len(new)}"
    for ell, (n, t, g) in enumerate(zip(new, kept[0], kept[1]), start=1):
        n = np.asarray(n)
        assert n.shape == t.shape, f"Θ_{ell}: expected shape {t.shape}, got {n.shape}"
        assert np.allclose(n, t - 0.5 * g, rtol=1e-12, atol=1e-15), f"Θ_{ell} is off"
    assert all(np.array_equal(t, k) for t, k in zip(thetas, kept[0])), "the given Θ_ℓ were changed in place"
    assert all(np.array_equal(g, k) for g, k in zip(grads, kept[1])), "the gradients were changed"
    same = my_gradient_descent_step(thetas, grads, 0.0)
    assert all(np.array_equal(np.asarray(n), t) for n, t in zip(same, kept[0])), "α = 0 must change nothing"
    assert all(n is not t for n, t in zip(same, thetas)), "return new arrays, not the ones you were given"


# --- putting it together: add_constant_feature(X), test_accuracy_for(H_1) --------------------------


@autograde("add_constant_feature", hidden=False)
def test_constant_feature_shape_and_ones(add_constant_feature):
    """X of shape (3, 2) becomes (3, 3), with a last column of ones"""
    import numpy as np

    X = np.arange(6.0).reshape(3, 2)
    got = np.asarray(add_constant_feature(X))
    assert got.shape == (3, 3), f"expected (M, N + 1) = (3, 3), got {got.shape}"
    assert np.array_equal(got, [[0, 1, 1], [2, 3, 1], [4, 5, 1]]), f"got\n{got}"


@autograde("add_constant_feature")
def test_constant_feature_edge_shapes_and_input_unchanged(add_constant_feature):
    """M = 1, N = 1 and N = 64; the first N columns are X itself; X unchanged"""
    import numpy as np

    for X in (np.array([[7.0]]), np.random.default_rng(1).normal(size=(5, 64)), np.array([[-1.5, 2.0, 0.0]])):
        kept = X.copy()
        got = np.asarray(add_constant_feature(X), dtype=float)
        M, N = kept.shape
        assert got.shape == (M, N + 1), f"X of shape {(M, N)}: expected {(M, N + 1)}, got {got.shape}"
        assert np.array_equal(got[:, :N], kept) and np.array_equal(got[:, N], np.ones(M)), f"got\n{got}"
        assert np.array_equal(X, kept), "X was modified"


@autograde("test_accuracy_for", points=2)
def test_accuracy_for_matches_training_the_chapter_network(
    test_accuracy_for, X_train, Y_train, X_test, Y_test, alpha, epochs
):
    """H_1 = 8: the test accuracy of [64, H_1, 10] trained with the chapter's α, epochs and seed 0
    (the exercise's task is to call companion's fit, so the reference calls it too)"""
    import numpy as np

    import companion as nn

    for H_1 in (8,):
        got = test_accuracy_for(H_1)
        assert np.ndim(got) == 0, f"H_1 = {H_1}: expected a single number, got shape {np.shape(got)}"
        thetas = nn.fit(
            [X_train.shape[1], H_1, Y_train.shape[1]], X_train, Y_train, alpha=alpha, epochs=epochs, seed=0
        ).thetas
        predicted = (X_test @ thetas[0].T).clip(-500, 500)
        hidden = 1 / (1 + np.exp(-predicted))
        want = float(np.mean((hidden @ thetas[1].T).argmax(axis=1) == Y_test.argmax(axis=1)))
        assert np.isclose(float(got), want, atol=1e-12), (
            f"H_1 = {H_1}: got {float(got):.4f}, the test accuracy is {want:.4f} (on X_test, not X_train?)"
        )


# --- ready for an exercise the chapters may add: my_output_delta(a_L, Y) (the learner check exists) ---


@autograde("my_output_delta")
def test_output_delta_every_class_not_only_the_true_one(my_output_delta):
    """M = 2, P = 4, softmax + cross-entropy: δ_L = a_L − y on every class (the article's a_L − 1 is
    right on the true class only); a_L and Y unchanged"""
    import numpy as np

    a_L = np.array([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]])
    Y = np.array([[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    kept = a_L.copy(), Y.copy()
    got = np.asarray(my_output_delta(a_L, Y))
    assert got.shape == (2, 4), f"expected δ_L of shape (M, P) = (2, 4), got {got.shape}"
    want = np.array([[0.1, 0.2, -0.7, 0.4], [-0.75, 0.25, 0.25, 0.25]])
    assert np.allclose(got, want, rtol=1e-12, atol=1e-15), f"got\n{got}"
    assert np.array_equal(a_L, kept[0]) and np.array_equal(Y, kept[1]), "a_L or Y was modified"


# --- beyond the article: my_tanh_hidden_delta(delta_next, theta_next, a), my_bias_gradient(delta) -------


@autograde("my_tanh_hidden_delta")
def test_tanh_hidden_delta_non_square_by_hand(my_tanh_hidden_delta):
    """Θ_(ℓ+1) of shape (2, 3), M = 2, a = tanh(z) with a = 0, ±0.5: δ_ℓ = (δ_(ℓ+1) Θ_(ℓ+1)) ⊙ (1 − a²)
    computed by hand; inputs unchanged"""
    import numpy as np

    delta_next = np.array([[1.0, -2.0], [0.5, 0.0]])
    theta_next = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    a = np.array([[0.0, 0.5, -0.5], [0.5, 0.0, 0.0]])
    kept = delta_next.copy(), theta_next.copy(), a.copy()
    got = np.asarray(my_tanh_hidden_delta(delta_next, theta_next, a))
    assert got.shape == (2, 3), f"expected δ_ℓ of shape (M, H_ℓ) = (2, 3), got {got.shape}"
    # δ_(ℓ+1) Θ_(ℓ+1) = [[1, -2, 4], [0.5, 0, 1]]; 1 − a² = [[1, 0.75, 0.75], [0.75, 1, 1]]
    want = np.array([[1.0, -1.5, 3.0], [0.375, 0.0, 1.0]])
    assert np.allclose(got, want, rtol=1e-12, atol=1e-15), f"got\n{got}"
    for now, before in zip((delta_next, theta_next, a), kept):
        assert np.array_equal(now, before), "an input was modified"


@autograde("my_tanh_hidden_delta")
def test_tanh_hidden_delta_one_sample_and_saturated_units(my_tanh_hidden_delta):
    """M = 1, Θ_(ℓ+1) of shape (1, 4); units with a = ±1 (saturated) pass back nothing, a = 0 passes all"""
    import numpy as np

    got = np.asarray(
        my_tanh_hidden_delta(np.array([[2.0]]), np.array([[1.0, 1.0, 1.0, -3.0]]), np.array([[1.0, -1.0, 0.0, 0.0]]))
    )
    assert got.shape == (1, 4), f"expected shape (1, 4), got {got.shape}"
    assert np.allclose(got, [[0.0, 0.0, 2.0, -6.0]], rtol=1e-12, atol=1e-15), f"got {got}"


@autograde("my_bias_gradient")
def test_bias_gradient_mean_over_samples_by_hand(my_bias_gradient):
    """δ_ℓ of shape (M, H_ℓ) = (4, 3): the column means; δ unchanged"""
    import numpy as np

    delta = np.array([[1.0, 0.0, -2.0], [3.0, 1.0, 2.0], [0.0, -1.0, 4.0], [0.0, 4.0, 0.0]])
    kept = delta.copy()
    got = np.asarray(my_bias_gradient(delta), dtype=float)
    assert got.shape == (3,), f"expected ∂E/∂b_ℓ of shape (H_ℓ,) = (3,), got {got.shape}"
    assert np.allclose(got, [1.0, 1.0, 1.0], rtol=1e-12, atol=1e-15), f"got {got}"
    assert np.array_equal(delta, kept), "delta was modified"


@autograde("my_bias_gradient")
def test_bias_gradient_one_sample_and_one_unit(my_bias_gradient):
    """M = 1 (δ itself), and H_ℓ = 1 with M = 5"""
    import numpy as np

    got = np.asarray(my_bias_gradient(np.array([[0.5, -0.25]])), dtype=float)
    assert got.shape == (2,) and np.allclose(got, [0.5, -0.25], rtol=1e-12), f"M = 1: got {got!r}"
    got = np.asarray(my_bias_gradient(np.arange(5.0).reshape(5, 1)), dtype=float)
    assert got.shape == (1,) and np.allclose(got, [2.0], rtol=1e-12), f"H_ℓ = 1: got {got!r}"
