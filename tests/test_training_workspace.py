"""training's fast path: the loop's reused buffers give the same numbers, bit for bit, as the readable functions.

gradient_descent writes into a workspace allocated once per run (out= arguments, in-place updates,
element-wise work in blocks of rows).  Here the same training is done step by step with the pure
functions — forward, backprop (full batch), gradients (mini-batches), gradient_descent_step, and E and
the accuracy computed from the forward pass as the readable loop did — and every weight, error and
accuracy must be *equal*, not merely close.
"""

import tracemalloc

import numpy as np
import pytest

import companion as nn
from companion import training

try:  # E as the readable training loop records it: from z_L, as a mean
    from companion.losses import _error_from_forward
except ImportError:
    from companion.backprop import _error_from_forward

ALPHA = 1.5


def step_by_step(thetas, X, Y, epochs, loss, batch_size=None, seed=0, X_test=None, Y_test=None):
    """The book's gradient descent written with the readable functions only."""
    rng = np.random.default_rng(seed)
    M = X.shape[0]
    trace = {"thetas": [], "error": [], "accuracy": [], "test_error": [], "test_accuracy": []}
    for t in range(epochs + 1):
        trace["thetas"].append(thetas)
        fp = nn.forward(thetas, X)
        trace["error"].append(_error_from_forward(fp, Y, loss))
        trace["accuracy"].append(training._accuracy(fp, Y))
        if X_test is not None:
            fp_test = nn.forward(thetas, X_test)
            trace["test_error"].append(_error_from_forward(fp_test, Y_test, loss))
            trace["test_accuracy"].append(training._accuracy(fp_test, Y_test))
        if t == epochs:
            break
        if batch_size is None:
            grads = nn.backprop(thetas, nn.forward(thetas, X), Y, loss).grad
            thetas = nn.gradient_descent_step(thetas, grads, ALPHA)
        else:
            order = rng.permutation(M)
            for start in range(0, M, batch_size):
                b = order[start : start + batch_size]
                thetas = nn.gradient_descent_step(thetas, nn.gradients(thetas, X[b], Y[b], loss).grad, ALPHA)
    return trace


def trained(thetas, X, Y, epochs, loss, batch_size=None, X_test=None, Y_test=None):
    """gradient_descent, checking that the callback sees every epoch."""
    seen = []
    result = nn.gradient_descent(
        thetas,
        X,
        Y,
        ALPHA,
        epochs=epochs,
        loss=loss,
        batch_size=batch_size,
        X_test=X_test,
        Y_test=Y_test,
        callback=lambda t, history: seen.append(t),
    )
    assert seen == list(range(epochs + 1))
    return result


def assert_identical(result, trace, has_test=False):
    h = result.history
    assert all(type(x) is float for x in h.error + h.accuracy + h.test_error + h.test_accuracy)
    assert h.error == trace["error"]  # floats compared with ==: bit for bit
    assert h.accuracy == trace["accuracy"]
    if has_test:
        assert h.test_error == trace["test_error"]
        assert h.test_accuracy == trace["test_accuracy"]
    for ell, (got, want) in enumerate(zip(result.thetas, trace["thetas"][-1]), start=1):
        assert got.dtype == want.dtype
        assert np.array_equal(got, want), f"Θ_{ell} differs from the step-by-step result"


def problem(sizes, M, dtype, seed=0):
    X, _ = nn.blobs(M=M, seed=seed)
    rng = np.random.default_rng(seed)
    X = np.hstack([X, rng.normal(size=(M, sizes[0] - 2))]) if sizes[0] > 2 else X
    labels = rng.integers(0, sizes[-1], size=M)
    return nn.init_thetas(sizes, seed=seed, dtype=dtype), X.astype(dtype), nn.one_hot(labels, sizes[-1]).astype(dtype)


DEPTHS = [
    [4, 3],  # L = 1: no hidden layer, softmax regression
    [4, 6, 3],  # L = 2
    [4, 7, 5, 3],  # L = 3
    [5, 9, 6, 4, 3],
]  # L = 4


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("batch_size", [None, 16, 25])  # 25 does not divide M = 90: a shorter last batch
@pytest.mark.parametrize("sizes", DEPTHS, ids=lambda s: f"L{len(s) - 1}")
def test_the_loop_is_bit_identical_to_the_readable_functions(dtype, loss, batch_size, sizes):
    thetas, X, Y = problem(sizes, 90, dtype)
    result = trained(thetas, X, Y, 12, loss, batch_size)
    assert_identical(result, step_by_step(thetas, X, Y, 12, loss, batch_size))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_the_test_set_figures_are_bit_identical(dtype, loss):
    thetas, X, Y = problem([4, 6, 5, 3], 120, dtype, seed=3)
    X_tr, X_te, Y_tr, Y_te = X[:90], X[90:], Y[:90], Y[90:]
    result = trained(thetas, X_tr, Y_tr, 10, loss, X_test=X_te, Y_test=Y_te)
    assert_identical(result, step_by_step(thetas, X_tr, Y_tr, 10, loss, X_test=X_te, Y_test=Y_te), has_test=True)


@pytest.mark.parametrize("block_bytes", [8, 200, 1000])
@pytest.mark.parametrize("batch_size", [None, 37])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_many_blocks_and_ragged_last_blocks_change_nothing(monkeypatch, block_bytes, batch_size, dtype):
    # Small blocks: one row per block (8 bytes), a few rows with a shorter last block (200, 1000 bytes).
    monkeypatch.setattr(training, "_BLOCK_BYTES", block_bytes)
    thetas, X, Y = problem([4, 11, 6, 3], 101, dtype, seed=2)
    for loss in ("cross_entropy", "mse"):
        assert_identical(trained(thetas, X, Y, 6, loss, batch_size), step_by_step(thetas, X, Y, 6, loss, batch_size))


def test_large_and_extreme_inputs_stay_identical():
    # |z| up to hundreds: sigmoid saturates to 0 and 1, softmax underflows — the sign/max trick and the
    # shared exponentials must still reproduce the readable values exactly.
    thetas, X, Y = problem([4, 8, 6, 3], 80, np.float64, seed=5)
    X = X * 200.0
    X[0, 0] = 0.0
    for loss in ("cross_entropy", "mse"):
        assert_identical(trained(thetas, X, Y, 5, loss), step_by_step(thetas, X, Y, 5, loss))


def test_an_mnist_sized_layer_across_many_blocks():
    # Wide enough that the default block size holds a few rows and many blocks are used.
    thetas, X, Y = problem([30, 300, 40, 10], 700, np.float64, seed=7)
    assert_identical(trained(thetas, X, Y, 3, "cross_entropy"), step_by_step(thetas, X, Y, 3, "cross_entropy"))


def test_inputs_and_returned_weights_are_not_shared_with_the_workspace():
    thetas, X, Y = problem([4, 6, 3], 50, np.float64)
    copies = [t.copy() for t in thetas], X.copy(), Y.copy()
    first = nn.gradient_descent(thetas, X, Y, ALPHA, epochs=4)
    assert all(np.array_equal(a, b) for a, b in zip(thetas, copies[0]))
    assert np.array_equal(X, copies[1]) and np.array_equal(Y, copies[2])
    kept = [t.copy() for t in first.thetas]
    nn.gradient_descent(first.thetas, X, Y, ALPHA, epochs=4)  # a second run must not write into the first's
    assert all(np.array_equal(a, b) for a, b in zip(first.thetas, kept))


def test_the_workspace_is_allocated_once_per_run():
    # One epoch or twenty: the peak memory of the run is the same (nothing the size of the data is
    # allocated per epoch), and it stays within twice the activations of all the layers.
    M, sizes = 4000, [20, 64, 32, 10]
    thetas, X, Y = problem(sizes, M, np.float64, seed=1)
    nn.gradient_descent(thetas, X[:50], Y[:50], ALPHA, epochs=1)  # import-time and first-call allocations

    def peak(epochs):
        tracemalloc.start()
        try:
            nn.gradient_descent(thetas, X, Y, ALPHA, epochs=epochs)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    activations = M * sum(sizes[1:]) * 8
    one, twenty = peak(1), peak(20)
    assert twenty <= one + 64 * 1024, f"peak grew from {one} to {twenty} bytes with more epochs"
    assert one <= 2 * activations, f"peak {one} bytes > 2 × the activations ({activations} bytes)"


@pytest.mark.parametrize("threads", [2, 3])
@pytest.mark.parametrize("batch_size", [None, 40])
def test_element_wise_blocks_shared_among_threads_change_nothing(monkeypatch, threads, batch_size):
    # `make test` runs with one BLAS thread, so the threads are forced here; small blocks give each several.
    monkeypatch.setattr(training, "_threads", lambda: threads)
    monkeypatch.setattr(training, "_BLOCK_BYTES", 256)
    for dtype in (np.float64, np.float32):
        thetas, X, Y = problem([4, 12, 9, 3], 150, dtype, seed=4)
        for loss in ("cross_entropy", "mse"):
            assert_identical(
                trained(thetas, X, Y, 5, loss, batch_size), step_by_step(thetas, X, Y, 5, loss, batch_size)
            )


def test_threads_keep_the_callers_floating_point_settings_and_raise_its_errors(monkeypatch, no_warnings):
    # gradient_descent silences overflow inside its loop (a diverging run stops with a clear message
    # instead); the helper threads must run under the same np.errstate, and an error in a helper
    # thread must reach the caller rather than leave its blocks silently undone.
    monkeypatch.setattr(training, "_BLOCK_BYTES", 1024)  # blocks of 32 rows
    blocks = training._Blocks(np.dtype(np.float64), 4, threads=3)
    x = np.full((3000, 4), np.inf)

    def inf_times_zero(b, tmp, _):
        np.multiply(x[b], 0.0, out=tmp)  # "invalid value": a warning, an error here
        x[b] = 1.0

    with np.errstate(invalid="ignore"):
        blocks.run(inf_times_zero, *x.shape)
    assert (x == 1.0).all()  # every block done, by all three threads
    assert len(blocks._plan(*x.shape, 3)) == 3

    def fail_on_the_last_rows(b, _, __):
        if b.stop == x.shape[0]:
            raise ValueError("from a helper thread")

    with pytest.raises(ValueError, match="from a helper thread"):
        blocks.run(fail_on_the_last_rows, *x.shape)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_one_exponential_sigmoid_equals_the_books_at_the_edges(dtype):
    from companion.activations import _sigmoid

    info = np.finfo(dtype)
    edges = [
        0.0,
        -0.0,
        1e-30,
        -1e-30,
        info.tiny,
        -info.tiny,
        info.eps,
        -info.eps,
        1.0,
        -1.0,
        36.0,
        -36.0,
        88.0,
        -88.0,
        745.0,
        -745.0,
        1e30,
        -1e30,
        info.max,
        -info.max,
        np.inf,
        -np.inf,
        np.nan,
    ]
    rng = np.random.default_rng(0)
    z = np.concatenate([np.array(edges, dtype), rng.normal(scale=20, size=977).astype(dtype)]).reshape(-1, 4)
    work = training._Workspace(
        [np.zeros((4, 3), dtype), np.zeros((2, 4), dtype)],
        np.eye(2, dtype=dtype)[[0] * 250],
        "cross_entropy",
        rows=250,
        train=False,
    )
    with np.errstate(all="ignore"):
        want = _sigmoid(z)
        got = z.copy()
        work._sigmoid_in_place(got)
    assert np.array_equal(got, want, equal_nan=True)
    finite = ~np.isnan(want)  # (a NaN's sign bit carries no value)
    assert np.array_equal(np.signbit(got[finite]), np.signbit(want[finite]))
