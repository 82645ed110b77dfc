"""gradient_descent's options beyond the article: one loop, the fast path for the defaults, the readable path otherwise.

* the defaults give the same numbers bit for bit through the readable path as through the fast path;
* with options, the loop equals a hand-written loop of ``gradients`` and an optimiser, full batch and mini-batch;
* early stopping returns the best epoch's weights; L2 shrinks the weights; ``fit`` picks He for ReLU.
"""

import numpy as np
import pytest

import companion as nn
import companion.training as training


def data(M=60, seed=0):
    X, Y = nn.spirals(M=M, noise=0.1, seed=seed)
    return X, Y


def same(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("batch_size", [None, 16])
def test_defaults_through_the_readable_path_equal_the_fast_path_bit_for_bit(loss, batch_size, monkeypatch):
    X, Y = data()
    kw = dict(alpha=1.0, epochs=12, loss=loss, batch_size=batch_size, X_test=X[:20], Y_test=Y[:20])
    fast = nn.gradient_descent(nn.init_thetas([2, 6, 5, 3], seed=1), X, Y, **kw)
    monkeypatch.setattr(training, "_FAST_PATH", False)
    readable = nn.gradient_descent(nn.init_thetas([2, 6, 5, 3], seed=1), X, Y, **kw)
    assert same(fast.thetas, readable.thetas)
    assert fast.history.error == readable.history.error and fast.history.test_error == readable.history.test_error
    assert fast.biases is None and readable.biases is None


def test_momentum_with_beta_zero_through_the_loop_is_the_default_run_bit_for_bit():
    X, Y = data()
    default = nn.gradient_descent(nn.init_thetas([2, 6, 3], seed=2), X, Y, alpha=0.5, epochs=10, batch_size=16)
    momentum = nn.gradient_descent(
        nn.init_thetas([2, 6, 3], seed=2),
        X,
        Y,
        alpha=0.5,
        epochs=10,
        batch_size=16,
        optimiser="momentum",
        optimiser_options={"beta": 0.0},
    )
    assert same(default.thetas, momentum.thetas) and default.history.error == momentum.history.error


@pytest.mark.parametrize("optimiser", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_full_batch_with_options_is_a_loop_of_gradients_and_the_optimiser(optimiser, activation):
    X, Y = data(M=30)
    sizes = [2, 5, 4, 3]
    thetas, biases = nn.init_thetas(sizes, seed=3), [np.full(h, 0.1) for h in sizes[1:]]
    lam, alpha = 0.01, 0.05
    result = nn.gradient_descent(
        thetas, X, Y, alpha=alpha, epochs=6, biases=biases, activation=activation, optimiser=optimiser, weight_decay=lam
    )
    params, state, errors = thetas + biases, None, []
    for _ in range(6):
        th, b = params[:3], params[3:]
        errors.append(nn.network_error(th, X, Y, biases=b, activation=activation))
        g = nn.gradients(th, X, Y, biases=b, activation=activation, weight_decay=lam)
        params, state = nn.optimiser_step(optimiser, params, g.grad + g.grad_b, state, alpha=alpha)
    np.testing.assert_allclose(result.history.error[:6], errors, rtol=1e-12)
    for got, want in zip(result.thetas + result.biases, params):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    assert result.history.error[-1] < result.history.error[0]


def test_mini_batches_with_adam_keep_the_state_across_batches_and_epochs():
    X, Y = data(M=40)
    sizes = [2, 6, 3]
    thetas, biases = nn.init_thetas(sizes, seed=4), nn.init_biases(sizes)
    result = nn.gradient_descent(
        thetas, X, Y, alpha=0.02, epochs=3, batch_size=16, seed=7, biases=biases, activation="tanh", optimiser="adam"
    )
    rng = np.random.default_rng(7)
    params, state = thetas + biases, None
    for _ in range(3):
        order = rng.permutation(40)
        for start in range(0, 40, 16):
            rows = order[start : start + 16]
            g = nn.gradients(params[:2], X[rows], Y[rows], biases=params[2:], activation="tanh")
            params, state = nn.adam(params, g.grad + g.grad_b, state, alpha=0.02)
    assert state.t == 9
    for got, want in zip(result.thetas + result.biases, params):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_early_stopping_returns_the_best_epoch_and_stops_after_patience():
    X, Y = nn.digits()
    X_tr, X_val, Y_tr, Y_val = nn.train_test_split(X[:300], Y[:300], test_fraction=0.5, seed=0)
    kw = dict(alpha=0.5, batch_size=30, activation="tanh", X_val=X_val, Y_val=Y_val)
    thetas = nn.init_thetas([64, 40, 10], seed=0)
    stopped = nn.gradient_descent(thetas, X_tr, Y_tr, epochs=400, patience=10, **kw)
    h = stopped.history
    assert h.stopped_at is not None and h.stopped_at == h.best_epoch + 10 and h.stopped_at < 400
    assert h.val_error[h.best_epoch] == min(h.val_error)
    # the weights returned are those of the best epoch: train again for exactly that many epochs
    again = nn.gradient_descent(thetas, X_tr, Y_tr, epochs=h.best_epoch, **kw)
    assert same(stopped.thetas, again.thetas)
    assert again.history.stopped_at is None and len(again.history.val_error) == h.best_epoch + 1


def test_weight_decay_shrinks_the_weights():
    X, Y = data()
    norms = []
    for lam in (0.0, 0.01, 0.1):
        r = nn.gradient_descent(nn.init_thetas([2, 8, 3], seed=5), X, Y, alpha=1.0, epochs=200, weight_decay=lam)
        norms.append(sum(float((t**2).sum()) for t in r.thetas))
    assert norms[0] > norms[1] > norms[2]


def test_bias_and_tanh_learn_the_spirals_that_the_article_network_does_not():
    X, Y = nn.spirals(M=200, noise=0.15, seed=0)
    X_tr, X_te, Y_tr, Y_te = nn.train_test_split(X, Y, seed=0)
    article = nn.fit([2, 16, 16, 3], X_tr, Y_tr, alpha=1.0, epochs=300, X_test=X_te, Y_test=Y_te)
    beyond = nn.fit(
        [2, 16, 16, 3],
        X_tr,
        Y_tr,
        alpha=0.02,
        epochs=300,
        bias=True,
        activation="tanh",
        optimiser="adam",
        X_test=X_te,
        Y_test=Y_te,
    )
    assert beyond.history.test_accuracy[-1] >= 0.95 > article.history.test_accuracy[-1]


def test_fit_chooses_he_for_relu_and_zero_biases():
    X, Y = data()
    r = nn.fit([2, 5, 3], X, Y, alpha=0.1, epochs=0, bias=True, activation="relu", seed=3)
    assert same(r.thetas, nn.init_thetas([2, 5, 3], seed=3, scheme="he"))
    assert same(r.biases, nn.init_biases([2, 5, 3]))
    r = nn.fit([2, 5, 3], X, Y, alpha=0.1, epochs=0, activation="tanh", seed=3)
    assert same(r.thetas, nn.init_thetas([2, 5, 3], seed=3)) and r.biases is None


def test_divergence_with_options_keeps_the_last_finite_weights_and_biases():
    X, Y = data()
    sizes = [2, 5, 3]
    r = nn.gradient_descent(
        nn.init_thetas(sizes, seed=0),
        X * 1e150,
        Y,
        alpha=1e300,
        epochs=5,
        biases=nn.init_biases(sizes),
        activation="relu",
        on_divergence="stop",
    )
    assert r.history.diverged_at is not None
    assert all(np.isfinite(t).all() for t in r.thetas + r.biases)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"patience": 3}, ValueError, ["patience", "X_val"]),
        ({"X_val": [[0.0, 0.0]]}, ValueError, ["X_val", "Y_val"]),
        ({"optimiser": "rmsprop"}, ValueError, ["optimiser", "'rmsprop'"]),
        ({"optimiser": "sgd", "optimiser_options": {"beta": 0.9}}, ValueError, ["optimiser_options", "'sgd'"]),
        ({"weight_decay": float("nan")}, ValueError, ["λ (weight_decay)", "nan"]),
        ({"biases": [np.zeros(3)]}, ValueError, ["biases", "L = 2"]),
    ],
)
def test_bad_training_options_get_clear_errors(kwargs, error, words):
    X, Y = data()
    with pytest.raises(error) as info:
        nn.gradient_descent(nn.init_thetas([2, 4, 3]), X, Y, alpha=0.1, epochs=2, **kwargs)
    for word in words:
        assert word in str(info.value)
