"""backprop: a hand-worked 2-3-2 network, and every layer against central differences."""

import numpy as np
import pytest

import companion as nn
from tests.helpers import random_problem

# ---------------------------------------------------------------------------------------------
# A 2-3-2 network worked by hand (one sample, x = (1, 2), true class 0, cross-entropy).
#
#   Θ_1 = [[ 0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]]       Θ_2 = [[0.7, -0.8, 0.9], [-1.0, 1.1, -1.2]]
#
#   z_1 = Θ_1 x = (0.1 + 0.4, −0.3 + 0.8, 0.5 − 1.2)        = (0.5, 0.5, −0.7)
#   a_1 = σ(z_1)                                            = (0.622459, 0.622459, 0.331812)
#   z_2 = Θ_2 a_1 = (0.7·0.622459 − 0.8·0.622459 + 0.9·0.331812,
#                    −1.0·0.622459 + 1.1·0.622459 − 1.2·0.331812) = (0.236385, −0.335929)
#   a_2 = softmax(z_2) = (1, e^{−0.572314}) / (1 + e^{−0.572314})  = (0.639297, 0.360703)
#   ℒ_CE = −log 0.639297                                    = 0.447386
#   δ_2 = a_2 − y = (0.639297 − 1, 0.360703)                = (−0.360703, 0.360703)
#   ∂ℒ/∂Θ_2 = δ_2 a_1ᵀ  = [[−0.224523, −0.224523, −0.119686], [0.224523, 0.224523, 0.119686]]
#   Θ_2ᵀ δ_2 = (0.7·(−0.360703) − 1.0·0.360703, −0.8·(−0.360703) + 1.1·0.360703,
#              0.9·(−0.360703) − 1.2·0.360703)          = (−0.613195, 0.685336, −0.757477)
#   δ_1 = Θ_2ᵀ δ_2 ⊙ a_1 ⊙ (1 − a_1)  (a(1−a) = 0.234966, 0.234966, 0.221713)
#                                                       = (−0.144103, 0.161056, −0.167942)
#   ∂ℒ/∂Θ_1 = δ_1 xᵀ    = [[−0.144103, −0.288206], [0.161056, 0.322113], [−0.167942, −0.335885]]
#
# With MSE instead: ℒ_MSE = ((0.639297 − 1)² + 0.360703²)/2 = 0.130107, and
#   δ_2 = J (2/P)(a_2 − y) = a_2 ⊙ (g − a_2·g), g = (−0.360703, 0.360703) → (−0.166354, 0.166354)
# ---------------------------------------------------------------------------------------------
THETA_1 = np.array([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]])
THETA_2 = np.array([[0.7, -0.8, 0.9], [-1.0, 1.1, -1.2]])
X = np.array([[1.0, 2.0]])
Y = np.array([[1.0, 0.0]])


def test_hand_worked_forward():
    fp = nn.forward([THETA_1, THETA_2], X)
    np.testing.assert_allclose(fp.z[1], [[0.5, 0.5, -0.7]], atol=1e-12)
    np.testing.assert_allclose(fp.a[1], [[0.622459, 0.622459, 0.331812]], atol=1e-6)
    np.testing.assert_allclose(fp.z[2], [[0.236385, -0.335929]], atol=1e-6)
    np.testing.assert_allclose(fp.a[2], [[0.639297, 0.360703]], atol=1e-6)
    assert nn.network_error([THETA_1, THETA_2], X, Y) == pytest.approx(0.447386, abs=1e-6)


def test_hand_worked_backprop_cross_entropy():
    g = nn.gradients([THETA_1, THETA_2], X, Y)
    np.testing.assert_allclose(g.delta[2], [[-0.360703, 0.360703]], atol=1e-6)
    np.testing.assert_allclose(
        g.grad[1], [[-0.224523, -0.224523, -0.119686], [0.224523, 0.224523, 0.119686]], atol=1e-6
    )
    np.testing.assert_allclose(g.delta[1], [[-0.144103, 0.161056, -0.167942]], atol=1e-6)
    np.testing.assert_allclose(
        g.grad[0], [[-0.144103, -0.288206], [0.161056, 0.322113], [-0.167942, -0.335885]], atol=1e-6
    )
    assert g.delta[0] is None


def test_hand_worked_backprop_mse():
    assert nn.network_error([THETA_1, THETA_2], X, Y, loss="mse") == pytest.approx(0.130107, abs=1e-6)
    g = nn.gradients([THETA_1, THETA_2], X, Y, loss="mse")
    np.testing.assert_allclose(g.delta[2], [[-0.166354, 0.166354]], atol=1e-6)


SIZES = [[3, 2], [3, 4, 2], [4, 5, 3, 3], [2, 6, 5, 4, 3], [5, 4, 4, 4, 4, 2]]


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("seed", [0, 1])
def test_every_layer_matches_central_differences(sizes, loss, seed):
    thetas, X, labels = random_problem(sizes, M=6, seed=seed, scale=1.5)
    report = nn.gradient_check(thetas, X, labels, loss=loss, eps=1e-5)
    assert len(report.errors) == len(sizes) - 1
    assert report.max_error <= 1e-7, str(report)


def test_gradients_have_the_shapes_of_theta():
    thetas, X, labels = random_problem([4, 5, 3, 3], M=10)
    g = nn.gradients(thetas, X, labels)
    assert [d.shape for d in g.grad] == [t.shape for t in thetas]
    assert [None if d is None else d.shape for d in g.delta] == [None, (10, 5), (10, 3), (10, 3)]


def test_batched_gradient_is_the_mean_of_per_sample_gradients():
    thetas, X, labels = random_problem([3, 4, 2], M=5)
    batch = nn.gradients(thetas, X, labels).grad
    singles = [nn.gradients(thetas, X[i : i + 1], labels[i : i + 1]).grad for i in range(5)]
    for ell in range(2):
        np.testing.assert_allclose(batch[ell], np.mean([s[ell] for s in singles], axis=0), atol=1e-14)


def test_mse_output_delta_needs_the_full_jacobian():
    # Using only the Jacobian's diagonal a(1 − a) gives a different, wrong δ_L.
    a = nn.softmax(np.array([[0.2, 1.0, -0.5]]))
    y = np.array([[0.0, 0.0, 1.0]])
    full = nn.output_delta(a, y, loss="mse")
    diagonal_only = (2 / 3) * (a - y) * a * (1 - a)
    assert not np.allclose(full, diagonal_only)
    np.testing.assert_allclose(full, nn.softmax_backward(a, (2 / 3) * (a - y)))


def test_the_articles_output_gradient_fails_the_check():
    # The article's ∂ℒ_CE/∂θ_{L,ij} = (a_{L,i} − 1) a_{L−1,j}: right on the true class only.
    thetas, X, labels = random_problem([3, 4, 3], M=6, seed=2)
    fp = nn.forward(thetas, X)
    article = [nn.gradients(thetas, X, labels).grad[0], (fp.a[2] - 1).T @ fp.a[1] / 6]
    report = nn.gradient_check(thetas, X, labels, grads=article)
    assert not report.passed and report.errors[1] > 0.1


def test_backprop_rejects_a_forward_pass_of_another_network():
    thetas, X, labels = random_problem([3, 4, 2])
    other = nn.init_thetas([3, 5, 2])
    with pytest.raises(
        ValueError, match=r"a_1 from the forward pass must have shape \(M, H_1\) = \(7, 4\), got \(7, 5\)"
    ):
        nn.backprop(thetas, nn.forward(other, X), labels)
    with pytest.raises(TypeError, match="ForwardPass"):
        nn.backprop(thetas, [X], labels)


def test_extreme_logits_give_finite_gradients_silently(no_warnings):
    thetas = [np.array([[1e3, 0.0], [-1e3, 0.0], [0.0, 1e3]])]  # one layer: z_L = ±1e3
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    for loss in ("cross_entropy", "mse"):
        g = nn.gradients(thetas, X, [1, 0, 2], loss=loss)
        assert all(np.all(np.isfinite(d)) for d in g.grad)
        assert np.isfinite(nn.network_error(thetas, X, [1, 0, 2], loss=loss))


# --- found by mutation testing (make mutation): the public backprop/output_delta on valid input ------------


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_backprop_of_a_forward_pass_equals_gradients(loss, dtype):
    thetas, X, labels = random_problem([3, 4, 3], M=5, seed=2)
    thetas = [t.astype(dtype) for t in thetas]
    g = nn.backprop(thetas, nn.forward(thetas, X), labels, loss=loss)
    want = nn.gradients(thetas, X, nn.one_hot(labels, 3), loss=loss)
    for a, b in zip(g.grad + g.delta[1:], want.grad + want.delta[1:]):
        assert a.dtype == dtype
        np.testing.assert_array_equal(a, b)
    a_L = nn.forward(thetas, X).y_hat
    np.testing.assert_array_equal(nn.output_delta(a_L, labels, loss=loss), want.delta[-1])


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda fp: nn.backprop(THETAS_, fp, [0, 1], loss="hinge"),
            r"^loss must be one of 'cross_entropy', 'mse'; got 'hinge'",
        ),
        (lambda fp: nn.output_delta([[0.5, 0.5]], [0], loss="hinge"), r"^loss must be one of"),
        (lambda fp: nn.output_delta(None, [0]), r"^a_L must be a numeric array of shape \(M, P\), got None"),
        (lambda fp: nn.output_delta([0.5, 0.5], [0]), r"^a_L must be a 2-D array \(M, P\), got 1-D"),
        (
            lambda fp: nn.output_delta([[-0.5, 1.5]], [0]),
            r"^a_L must hold probabilities in \[0, 1\] \(softmax outputs\), got -0.5 at index \(0, 0\)",
        ),
        (lambda fp: nn.output_delta([[1.5, -0.5]], [0]), r"got 1.5 at index \(0, 0\)"),
        (
            lambda fp: nn.output_delta([[0.5, 0.5]], [[0, 1, 0]]),
            r"^Y must have shape \(M, P\) = \(1, 2\) — the shape of a_L — got \(1, 3\)",
        ),
        (
            lambda fp: nn.backprop(THETAS_, nn.ForwardPass(z=fp.z, a=[fp.a[0][:, :1]] + fp.a[1:]), [0, 1]),
            r"^fp.a\[0\] = X must have shape \(M, H_0\) = \(M ≥ 1, 2\), got \(2, 1\): was fp computed with these thetas\?",
        ),
        (
            lambda fp: nn.backprop(THETAS_, nn.ForwardPass(z=fp.z, a=[fp.a[0], fp.a[1] + 1.5, fp.a[2]]), [0, 1]),
            r"^fp.a\[1\] \(a_1\) must hold activations in \[0, 1\] \(sigmoid or softmax outputs\), got",
        ),
        (
            lambda fp: nn.backprop(THETAS_, nn.ForwardPass(z=fp.z, a=[fp.a[0], fp.a[1][:, :2], fp.a[2]]), [0, 1]),
            r"^a_1 from the forward pass must have shape \(M, H_1\) = \(2, 3\), got \(2, 2\)",
        ),
        (
            lambda fp: nn.backprop(THETAS_, nn.ForwardPass(z=None, a=fp.a), [0, 1]),
            r"^fp.a and fp.z must be lists indexed by ℓ, as forward\(thetas, X\) returns them; got fp.a a list",
        ),
        (lambda fp: nn.backprop(THETAS_, fp, [0, 1, 1]), r"^Y must have one label per sample: M = 2 labels, got 3"),
    ],
)
def test_backprop_and_output_delta_messages(call, message):
    fp = nn.forward(THETAS_, [[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises((TypeError, ValueError), match=message):
        call(fp)


THETAS_ = nn.init_thetas([2, 3, 2], seed=0)


def test_backprop_overflow_names_the_layer_responsible(no_warnings):
    # Forward pass finite (z_2 = [1e308, −1e308]); backwards δ_2 Θ_2 = 2e308 overflows, so δ_1 is inf
    # (and δ_1ᵀ X meets the 0 of X: inf · 0 would be NaN).
    thetas = [np.zeros((2, 2)), np.array([[1e308, 1e308], [-1e308, -1e308]])]
    X = [[1.0, 0.0]]
    message = (
        r"^Θ_2 must be small enough for δ_1 and ∂E/∂Θ_1 to fit in float64; got a non-finite δ_1 "
        r"\(largest \|Θ_2\| = 1e\+308\)$"
    )
    with pytest.raises(ValueError, match=message):
        nn.gradients(thetas, X, [1])
    with pytest.raises(ValueError, match=message):
        nn.backprop(thetas, nn.forward(thetas, X), [1])
    assert np.isfinite(nn.gradients(thetas, X, [0]).grad[0]).all()  # δ_2 = 0: nothing overflows
