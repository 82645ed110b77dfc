"""training: gradient descent lowers E and reaches a stated accuracy; divergence; mini-batches."""

import numpy as np
import pytest

import companion as nn


def test_xor_is_learned():
    X, Y = nn.xor(M=200, noise=0.1, seed=0)
    result = nn.fit([2, 8, 2], X, Y, alpha=3.0, epochs=1000, seed=1)
    h = result.history
    assert h.error[-1] < 0.1 * h.error[0]
    assert h.accuracy[-1] == 1.0


def test_moons_are_learned():
    X, Y = nn.moons(M=200, noise=0.1, seed=0)
    result = nn.fit([2, 32, 2], X, Y, alpha=3.0, epochs=3000, seed=1)
    assert result.history.error[-1] < 0.5 * result.history.error[0]
    assert result.history.accuracy[-1] >= 0.95


def test_history_has_one_entry_per_epoch_plus_the_start():
    X, Y = nn.blobs(M=60, seed=0)
    X_tr, X_te, Y_tr, Y_te = nn.train_test_split(X, Y, seed=0)
    result = nn.fit([2, 4, 3], X_tr, Y_tr, alpha=0.5, epochs=10, X_test=X_te, Y_test=Y_te)
    h = result.history
    assert h.epoch == list(range(11))
    assert len(h.error) == len(h.accuracy) == len(h.test_error) == len(h.test_accuracy) == 11
    assert h.error[-1] == pytest.approx(nn.network_error(result.thetas, X_tr, Y_tr))
    assert h.test_accuracy[-1] == pytest.approx(nn.accuracy(result.thetas, X_te, Y_te))
    assert h.diverged_at is None


def test_full_batch_epoch_is_exactly_the_articles_update():
    X, Y = nn.blobs(M=30, seed=1)
    thetas = nn.init_thetas([2, 3, 3], seed=0)
    grads = nn.gradients(thetas, X, Y).grad
    by_hand = [t - 0.7 * g for t, g in zip(thetas, grads)]  # Θ_ℓ − α ∂E/∂Θ_ℓ
    trained = nn.gradient_descent(thetas, X, Y, alpha=0.7, epochs=1).thetas
    for a, b in zip(trained, by_hand):
        np.testing.assert_allclose(a, b, atol=1e-15)
    np.testing.assert_allclose(nn.gradient_descent_step(thetas, grads, 0.7)[0], by_hand[0])


def test_inputs_are_not_modified():
    X, Y = nn.blobs(M=30, seed=1)
    thetas = nn.init_thetas([2, 3, 3], seed=0)
    copies = [t.copy() for t in thetas]
    X_copy = X.copy()
    nn.gradient_descent(thetas, X, Y, alpha=0.5, epochs=3, batch_size=7)
    assert all(np.array_equal(a, b) for a, b in zip(thetas, copies))
    assert np.array_equal(X, X_copy)


def test_mini_batches_are_seeded_and_learn():
    X, Y = nn.moons(M=120, seed=2)
    a = nn.fit([2, 8, 2], X, Y, alpha=1.0, epochs=30, batch_size=16, seed=5)
    b = nn.fit([2, 8, 2], X, Y, alpha=1.0, epochs=30, batch_size=16, seed=5)
    assert a.history.error == b.history.error
    assert a.history.error[-1] < a.history.error[0]


def test_divergence_raises_with_epoch_and_keeps_last_finite_thetas():
    X, Y = nn.xor(M=40, seed=0)
    # The gradients of this network are bounded, so only an absurd α overflows; 1e307 does at epoch 2.
    with pytest.raises(
        nn.DivergenceError, match=r"diverged at epoch 2: the error E became non-finite .* try a smaller α"
    ) as info:
        nn.fit([2, 4, 2], X, Y, alpha=1e307, epochs=5)
    err = info.value
    assert err.epoch == 2
    assert all(np.all(np.isfinite(t)) for t in err.thetas)
    assert err.history.error and np.isfinite(err.history.error[-1])
    # The last finite weights are those after epoch 1, not the starting ones.
    after_one = nn.fit([2, 4, 2], X, Y, alpha=1e307, epochs=1).thetas
    assert all(np.array_equal(a, b) for a, b in zip(err.thetas, after_one))


def test_divergence_can_stop_quietly_for_widgets(no_warnings):
    X, Y = nn.xor(M=40, seed=0)
    result = nn.fit([2, 4, 2], X, Y, alpha=1e307, epochs=5, on_divergence="stop")
    assert result.history.diverged_at == 2 and len(result.history.error) == 2
    assert "smaller α" in result.history.message
    assert all(np.all(np.isfinite(t)) for t in result.thetas)


def test_float32_training_stays_float32_and_learns():
    X, Y = nn.xor(M=100, seed=0)
    result = nn.fit([2, 8, 2], X.astype(np.float32), Y, alpha=3.0, epochs=300, dtype=np.float32)
    assert all(t.dtype == np.float32 for t in result.thetas)
    assert result.history.accuracy[-1] == 1.0


def test_float32_gradients_agree_with_float64():
    # Stated tolerance: relative error ≤ 1e-5 per layer (float32 has ~7 significant digits).
    X, Y = nn.moons(M=200, seed=3)
    t64 = nn.init_thetas([2, 16, 8, 2], seed=4)
    t32 = [t.astype(np.float32) for t in t64]
    g64 = nn.gradients(t64, X, Y).grad
    g32 = nn.gradients(t32, X.astype(np.float32), Y).grad
    for a, b in zip(g64, g32):
        assert b.dtype == np.float32
        assert nn.relative_error(a, b) <= 1e-5


def test_callback_sees_every_epoch():
    X, Y = nn.blobs(M=30, seed=0)
    seen = []
    nn.fit([2, 3, 3], X, Y, alpha=0.1, epochs=4, callback=lambda t, h: seen.append((t, len(h.error))))
    assert seen == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]


def test_confusion_matrix_counts_and_trace_is_accuracy():
    X, Y = nn.blobs(M=90, seed=0)
    thetas = nn.fit([2, 5, 3], X, Y, alpha=1.0, epochs=30).thetas
    C = nn.confusion_matrix(thetas, X, Y)
    assert C.shape == (3, 3) and C.sum() == 90
    np.testing.assert_array_equal(C.sum(axis=1), Y.sum(axis=0))
    assert C.trace() / 90 == pytest.approx(nn.accuracy(thetas, X, Y))


def test_divergence_where_theta_itself_overflows_returns_the_last_finite_theta(no_warnings):
    # Issue 15: the other divergence tests make E non-finite while Θ stays finite, so returning the
    # non-finite Θ instead of the last finite one passed them.  Here the step itself overflows:
    # |α ∂E/∂Θ| > 1.8e308 (inputs of size 4, α = 1.7e308), so Θ^(1) holds ±inf.
    X, Y = nn.xor(M=40, seed=0)
    X = 8 * X - 4
    start = nn.init_thetas([2, 2], seed=0)
    with pytest.raises(nn.DivergenceError, match=r"diverged at epoch 1: a weight in Θ became non-finite") as info:
        nn.gradient_descent(start, X, Y, alpha=1.7e308, epochs=3)
    assert info.value.epoch == 1
    assert all(np.array_equal(a, b) for a, b in zip(info.value.thetas, start))
    result = nn.gradient_descent(start, X, Y, alpha=1.7e308, epochs=3, on_divergence="stop")
    assert result.history.diverged_at == 1 and len(result.history.error) == 1
    assert all(np.array_equal(a, b) for a, b in zip(result.thetas, start))


def test_mini_batches_are_shuffled_every_epoch_and_cover_every_sample_once():
    # Issue 15: unshuffled mini-batches were caught only by nbval.  The docstring's algorithm, written
    # out with the public functions: each epoch draws a permutation of the M samples from one
    # default_rng(seed) and takes ⌈M/B⌉ steps on consecutive slices of it (the last one shorter).
    X, Y = nn.blobs(M=10, seed=3)
    start = nn.init_thetas([2, 3, 3], seed=1)
    B, alpha, seed, epochs = 3, 0.5, 7, 3
    rng = np.random.default_rng(seed)
    by_hand, seen = start, []
    for _ in range(epochs):
        order = rng.permutation(10)
        batches = [order[i : i + B] for i in range(0, 10, B)]
        assert sorted(np.concatenate(batches).tolist()) == list(range(10))  # every sample exactly once
        seen.append(order.tolist())
        for b in batches:
            by_hand = nn.gradient_descent_step(by_hand, nn.gradients(by_hand, X[b], Y[b]).grad, alpha)
    assert len({tuple(o) for o in seen}) == epochs and seen[0] != list(range(10))  # a new order each epoch
    trained = nn.gradient_descent(start, X, Y, alpha=alpha, epochs=epochs, batch_size=B, seed=seed).thetas
    for a, b in zip(trained, by_hand):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)


def test_confusion_matrix_rows_are_true_classes_and_columns_predictions():
    # Issue 15: a transposed confusion matrix was caught only by nbval (the test's matrix was symmetric).
    thetas = [np.eye(3)]  # predicts the largest input
    X = [[5.0, 0, 0], [5.0, 0, 0], [0, 5.0, 0], [0, 0, 5.0]]
    C = nn.confusion_matrix(thetas, X, [0, 1, 1, 2])  # one sample of class 1 is predicted as 0
    np.testing.assert_array_equal(C, [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
