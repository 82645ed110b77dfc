"""The package's contract, tried as a hostile user would, with hypothesis, on every public core function.

For every function of ``companion``'s core (activations, losses, network, backprop, training, gradcheck,
datasets) and arguments drawn from a mix of valid values and bad ones (NaN, inf, extreme finite values
such as ±1e308, float64 data beyond float32's range, ragged lists, strings, None, booleans, sets, huge
integers, wrong shapes, callbacks that misbehave), exactly one of these happens:

* it returns a finite, valid result; or
* it raises ``TypeError`` or ``ValueError`` whose message names one of the function's arguments in the
  book's notation and says what arrived (``… got …``); training may also stop with the documented
  ``DivergenceError`` naming α;

and in both cases no warning is emitted (warnings and numpy floating-point errors are turned into errors)
and no argument is modified.

Bounded run time: ``CONTRACT_EXAMPLES`` examples per function (default 100: 16.5 s for the whole file on
the 2-core development machine while it was busy, single BLAS thread).  ``CONTRACT_EXAMPLES=1500`` runs a
deeper search (5½ minutes there).
"""

import copy
import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import companion as nn
from companion.network import ForwardPass
from tests.helpers import Opaque

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "100"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

FMAX = np.finfo(np.float64).max
EXTREME = [1e308, -1e308, FMAX, -FMAX, 1e300, -1e300, 3.5e38, -3.5e38, 1e154, 5e-324, -5e-324, 1e-300, 0.0, -0.0]
NONFINITE = [np.nan, np.inf, -np.inf]


JUNK = [
    None,
    "abc",
    "",
    b"x",
    {1, 2},
    frozenset({3}),
    {"a": 1},
    Opaque(),
    1 + 2j,
    True,
    False,
    np.True_,
    [[1.0, 2.0], [3.0]],
    [["a", "b"]],
    [[None, 1.0]],
    np.array([[1 + 1j, 2.0]]),
    np.array(["x", "y"]),
    np.array([[None, 1.0]], dtype=object),
    [[10**400, 1.0]],
    10**400,
    -(10**400),
    2**63,
    -1,
    0,
    2.5,
    float("nan"),
    float("inf"),
    -3.0,
    (),
    [],
    np.zeros((0,)),
    np.zeros((2, 0)),
    np.zeros((0, 3)),
    np.zeros((2, 2, 2)),
    np.float64(7.0),
    np.int64(3),
]
junk = st.sampled_from(JUNK)


# --- strategies ---------------------------------------------------------------------------------------


@st.composite
def real_arrays(draw, shape):
    """Arrays of a given shape: mostly ordinary values, sometimes extreme or non-finite, in several forms."""
    kind = draw(st.sampled_from(["normal"] * 5 + ["extreme", "extreme", "nonfinite"]))
    if kind == "normal":
        elements = st.floats(-5, 5, width=64)
    elif kind == "extreme":
        elements = st.one_of(st.floats(-5, 5, width=64), st.sampled_from(EXTREME))
    else:
        elements = st.one_of(st.floats(-5, 5, width=64), st.sampled_from(NONFINITE))
    arr = draw(hnp.arrays(np.float64, shape, elements=elements))
    form = draw(st.sampled_from(["array"] * 4 + ["list", "float32", "int", "bool", "fortran"]))
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if form == "list":
            return arr.tolist()
        if form == "float32":
            return arr.astype(np.float32)
        if form == "int":
            return np.nan_to_num(arr, posinf=0, neginf=0).clip(-1e6, 1e6).astype(np.int64)
        if form == "bool":
            return arr > 0
        if form == "fortran":
            return np.asfortranarray(arr)
    return arr


def shapes(min_side=0, max_side=4, dims=(1, 2, 2, 2, 3)):
    return st.sampled_from(dims).flatmap(
        lambda d: hnp.array_shapes(min_dims=d, max_dims=d, min_side=min_side, max_side=max_side)
    )


def any_array():
    return st.one_of(shapes().flatmap(real_arrays), junk)


def maybe(strategy, p_junk=True):
    """Mostly the given strategy; sometimes junk."""
    return st.one_of(strategy, strategy, strategy, junk) if p_junk else strategy


@st.composite
def probabilities(draw, shape):
    z = draw(hnp.arrays(np.float64, shape, elements=st.floats(-30, 30)))
    if len(shape) and shape[-1] > 0:
        z = nn.softmax(z) if z.ndim >= 1 else z
    return z


@st.composite
def targets(draw, M, P):
    """Y for M samples and P classes: one-hot, labels, or something subtly or badly wrong."""
    rng = np.random.default_rng(draw(st.integers(0, 9)))
    labels = rng.integers(0, max(P, 1), size=M)
    kind = draw(
        st.sampled_from(
            ["onehot"] * 4
            + [
                "labels",
                "labels_list",
                "float_labels",
                "bool_labels",
                "out_of_range",
                "soft",
                "negative",
                "wrong_shape",
                "junk",
                "multi_hot",
                "nonfinite",
            ]
        )
    )
    onehot = np.eye(max(P, 1))[labels][:, :P] if M else np.zeros((0, P))
    if kind == "onehot":
        return onehot
    if kind == "labels":
        return labels
    if kind == "labels_list":
        return labels.tolist()
    if kind == "float_labels":
        return labels.astype(float) + draw(st.sampled_from([0.0, 0.5]))
    if kind == "bool_labels":
        return labels.astype(bool)
    if kind == "out_of_range":
        return labels + P
    if kind == "soft":
        return np.full((M, P), 1.0 / max(P, 1))
    if kind == "negative":
        return -onehot
    if kind == "wrong_shape":
        return np.eye(P + 1)[:M] if M else np.zeros((1, P))
    if kind == "multi_hot":
        return np.ones((M, P))
    if kind == "nonfinite":
        return np.where(onehot > 0, np.nan, 0.0)
    return draw(junk)


@st.composite
def networks(draw, max_L=3, max_H=4):
    """(sizes, thetas): Glorot weights, sometimes huge, float32, or malformed."""
    L = draw(st.integers(1, max_L))
    sizes = [draw(st.integers(1, max_H)) for _ in range(L)] + [draw(st.integers(2, max_H))]
    thetas = nn.init_thetas(sizes, seed=draw(st.integers(0, 3)))
    scale = draw(st.sampled_from([1.0, 1.0, 1.0, 1.0, 30.0, 1e3, 1e150, 1e300]))
    thetas = [scale * t for t in thetas]
    form = draw(
        st.sampled_from(
            ["ok"] * 6
            + [
                "float32",
                "lists",
                "tuple",
                "nan",
                "bad_shape",
                "ragged",
                "junk_item",
                "junk",
                "empty",
                "set_of_shapes",
                "3d",
            ]
        )
    )
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if form == "float32":
            thetas = [t.astype(np.float32) for t in thetas]
        elif form == "lists":
            thetas = [t.tolist() for t in thetas]
        elif form == "tuple":
            thetas = tuple(thetas)
        elif form == "nan":
            thetas[-1] = thetas[-1].copy()
            thetas[-1].flat[0] = draw(st.sampled_from(NONFINITE))
        elif form == "bad_shape":
            thetas[-1] = np.ones((thetas[-1].shape[0], thetas[-1].shape[1] + 1))
        elif form == "ragged":
            thetas[0] = [[1.0, 2.0], [3.0]]
        elif form == "junk_item":
            thetas[draw(st.integers(0, L - 1))] = draw(junk)
        elif form == "junk":
            thetas = draw(junk)
        elif form == "empty":
            thetas = []
        elif form == "set_of_shapes":
            thetas = thetas[0]
        elif form == "3d":
            thetas[0] = thetas[0][None]
    return sizes, thetas


@st.composite
def problems(draw, max_M=5):
    """(thetas, X, Y) with X, Y mostly shaped for the network."""
    sizes, thetas = draw(networks())
    M = draw(st.integers(0, max_M))
    N = sizes[0] if draw(st.integers(0, 5)) else sizes[0] + 1
    X = draw(maybe(real_arrays((M, N))))
    Y = draw(targets(M, sizes[-1]))
    return thetas, X, Y


def sizes_lists():
    good = st.lists(st.integers(1, 6), min_size=2, max_size=4)
    bad_item = st.sampled_from(
        [
            0,
            -1,
            True,
            False,
            2.5,
            3.0,
            "4",
            None,
            10**400,
            2**63,
            np.int64(3),
            np.float64(2.0),
            float("nan"),
            float("inf"),
        ]
    )
    with_bad = st.tuples(good, st.integers(0, 3), bad_item).map(lambda t: t[0][: t[1]] + [t[2]] + t[0][t[1] + 1 :])
    return st.one_of(
        good,
        good,
        with_bad,
        good.map(set),
        good.map(tuple),
        good.map(np.array),
        good.map(lambda s: {h: h for h in s}),
        junk,
    )


reals = st.one_of(
    st.floats(1e-3, 10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 1e308, 5e-324, 10**400, True, "1", None, np.float32(0.5)]),
)
ints = st.one_of(
    st.integers(-2, 6),
    st.sampled_from([10**400, 2**63, -(10**400), True, 2.0, 2.5, "3", None, np.int64(2), np.uint8(1), float("nan")]),
)
seeds = st.one_of(
    st.integers(0, 2**64),
    st.sampled_from([None, -1, True, 1.5, "0", float("nan"), 10**400, np.int64(5), 2**63 - 1, 2**63]),
)
losses = st.sampled_from(["cross_entropy", "mse", "MSE", "hinge", None, 3, ["mse"], np.str_("mse")])
dtypes = st.sampled_from([np.float64, np.float32, "float32", np.int64, "float16", None, "nonsense", 3, complex])


# --- the contract ---------------------------------------------------------------------------------------


def _finite(result):
    """Every number reachable in the result is finite."""
    if result is None or isinstance(result, (str, bool, np.bool_)):
        return True
    if isinstance(result, np.ndarray):
        return result.dtype.kind in "biu" or bool(np.isfinite(result).all())
    if isinstance(result, (int, np.integer)):
        return True
    if isinstance(result, (float, np.floating)):
        return bool(np.isfinite(result))
    if isinstance(result, (list, tuple)):
        return all(_finite(r) for r in result)
    if isinstance(result, dict):
        return all(_finite(r) for r in result.values())
    if hasattr(result, "__dataclass_fields__"):
        return all(_finite(getattr(result, f)) for f in result.__dataclass_fields__)
    raise AssertionError(f"unexpected result type {type(result).__name__}")


def _same(a, b):
    """Deep equality that also compares arrays (NaN equal to NaN) and their dtypes."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind == "f" or a.dtype.kind == "c":
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b)) if a.dtype.kind != "O" else all(_same(x, y) for x, y in zip(a.flat, b.flat))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    if isinstance(a, ForwardPass) and isinstance(b, ForwardPass):
        return _same(a.z, b.z) and _same(a.a, b.a)
    if hasattr(a, "__dataclass_fields__") and type(a) is type(b):  # optimiser states
        return all(_same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    if isinstance(a, Opaque) or callable(a):
        return True  # deepcopy gives a new Opaque object; functions are shared
    return bool(a == b) if not isinstance(a, (set, frozenset)) else a == b


def honours_contract(function, names, *args, allow_divergence=False, check=None, **kwargs):
    """Call ``function``; assert the contract; return the result (or None if it refused)."""
    before_args, before_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    result = None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            try:
                result = function(*args, **kwargs)
            except nn.DivergenceError as exc:
                assert allow_divergence, f"{function.__name__}: unexpected DivergenceError {exc}"
                assert "α" in str(exc) and "diverged at epoch" in str(exc)
                assert all(np.isfinite(t).all() for t in exc.thetas)
            except (TypeError, ValueError) as exc:
                message = str(exc)
                assert any(name in message for name in names), (
                    f"{function.__name__}: the message names none of {names}: {message!r}"
                )
                assert "got" in message, f"{function.__name__}: the message does not say what arrived: {message!r}"
                assert "Traceback" not in message and "inhomogeneous" not in message
            else:
                assert _finite(result), f"{function.__name__} returned a non-finite result: {result!r}"
                if check is not None:
                    check(result)
    for a, b in zip(args, before_args):
        assert _same(a, b), f"{function.__name__} modified an argument"
    for k in kwargs:
        assert _same(kwargs[k], before_kwargs[k]), f"{function.__name__} modified {k}"
    return result


# --- activations ----------------------------------------------------------------------------------------


@SETTINGS
@given(z=any_array())
def test_sigmoid_and_derivative(z):
    def in_unit(r):
        assert ((r >= 0) & (r <= 1)).all()

    honours_contract(nn.sigmoid, ["z"], z, check=in_unit)
    honours_contract(nn.sigmoid_derivative, ["z"], z, check=lambda r: in_unit(4 * r))


@SETTINGS
@given(z=any_array())
def test_softmax_and_log_softmax(z):
    def rows_sum_to_one(a):
        assert np.allclose(a.sum(axis=-1), 1)

    honours_contract(nn.softmax, ["z"], z, check=rows_sum_to_one)
    honours_contract(nn.log_softmax, ["z"], z, check=lambda r: (r <= 0).all())


@SETTINGS
@given(data=st.data())
def test_softmax_jacobian_and_backward(data):
    shape = data.draw(shapes(dims=(1, 2, 2)))
    a = data.draw(st.one_of(probabilities(shape), real_arrays(shape), junk))
    g = data.draw(st.one_of(real_arrays(shape), real_arrays(data.draw(shapes())), junk))
    honours_contract(nn.softmax_jacobian, ["a_L"], a)
    honours_contract(nn.softmax_backward, ["a_L", "∂ℒ/∂a_L"], a, g)


# --- losses --------------------------------------------------------------------------------------------


@SETTINGS
@given(data=st.data())
def test_losses(data):
    M, P = data.draw(st.integers(0, 4)), data.draw(st.integers(0, 4))
    Y = data.draw(targets(M, P))
    Y_hat = data.draw(st.one_of(probabilities((M, P)), real_arrays((M, P)), real_arrays((M, P + 1)), junk))
    loss = data.draw(losses)
    nonneg = lambda r: (np.asarray(r) >= 0).all()  # noqa: E731
    for function in (nn.mse, nn.cross_entropy):
        honours_contract(function, ["Y", "Ŷ"], Y, Y_hat, check=lambda r: assert_true(nonneg(r)))
    honours_contract(nn.cross_entropy_from_logits, ["Y", "z_L"], Y, Y_hat, check=lambda r: assert_true(nonneg(r)))
    honours_contract(nn.error, ["Y", "Ŷ", "loss"], Y, Y_hat, loss=loss, check=lambda r: assert_true(r >= 0))
    honours_contract(nn.mse_gradient, ["Y", "Ŷ"], Y, Y_hat)
    honours_contract(nn.cross_entropy_gradient, ["Y", "Ŷ"], Y, Y_hat)


def assert_true(condition):
    assert condition


@SETTINGS
@given(data=st.data())
def test_extreme_logits(data):
    """Rows like [1e308, −1e308, 0]: an exact finite loss or a clear ValueError, never a warning or NaN."""
    M, P = data.draw(st.integers(1, 3)), data.draw(st.integers(2, 4))
    values = st.sampled_from([1e308, -1e308, FMAX, -FMAX, 0.0, 1.0, -1e300, 700.0, -745.0])
    z = np.array([[data.draw(values) for _ in range(P)] for _ in range(M)])
    labels = [data.draw(st.integers(0, P - 1)) for _ in range(M)]
    loss = honours_contract(nn.cross_entropy_from_logits, ["z_L"], labels, z)
    honours_contract(nn.log_softmax, ["z"], z)
    honours_contract(nn.softmax, ["z"], z)
    # The exact loss of row i: (m − z_y) + log Σ_k e^{z_k − m}, m = max_k z_k; finite iff m − z_y ≤ FMAX.
    finite = [m / 2 - row[y] / 2 <= FMAX / 2 for row, y, m in zip(z, labels, z.max(axis=1))]
    assert (loss is not None) == all(finite)
    if loss is not None:
        for i, y in enumerate(labels):
            m = z[i].max()
            terms = [np.exp(v - m) if m / 2 - v / 2 < 354 else 0.0 for v in z[i]]
            assert loss[i] == pytest.approx((m - z[i][y]) + np.log(sum(terms)), rel=1e-12, abs=1e-12)


# --- network and backprop ----------------------------------------------------------------------------------

THETA_NAMES = ["thetas", "Θ_", "X", "Y", "loss"]


@SETTINGS
@given(problem=problems(), loss=losses)
def test_forward_predict_and_errors(problem, loss):
    thetas, X, Y = problem
    honours_contract(nn.layer_sizes, ["thetas", "Θ_"], thetas)
    fp = honours_contract(nn.forward, THETA_NAMES, thetas, X)
    honours_contract(nn.predict, THETA_NAMES, thetas, X)
    honours_contract(nn.network_error, THETA_NAMES, thetas, X, Y, loss=loss, check=lambda r: assert_true(r >= 0))
    honours_contract(nn.gradients, THETA_NAMES, thetas, X, Y, loss=loss)
    honours_contract(nn.accuracy, THETA_NAMES, thetas, X, Y, check=lambda r: assert_true(0 <= r <= 1))
    honours_contract(nn.confusion_matrix, THETA_NAMES, thetas, X, Y)
    if fp is not None:
        honours_contract(nn.backprop, THETA_NAMES + ["fp"], thetas, fp, Y, loss=loss)
        honours_contract(nn.output_delta, ["a_L", "Y", "loss"], fp.y_hat, Y, loss=loss)


@SETTINGS
@given(problem=problems(), other=networks(), fp_junk=junk)
def test_backprop_with_a_foreign_or_forged_forward_pass(problem, other, fp_junk):
    thetas, X, Y = problem
    _, other_thetas = other
    try:
        fp = nn.forward(other_thetas, X)
    except (TypeError, ValueError):
        fp = fp_junk
    honours_contract(nn.backprop, THETA_NAMES + ["fp", "a_"], thetas, fp, Y)
    forged = ForwardPass(z=[None], a=[X, fp_junk])
    honours_contract(nn.backprop, THETA_NAMES + ["fp", "a_"], thetas, forged, Y)


@SETTINGS
@given(sizes=sizes_lists(), seed=seeds, dtype=dtypes)
def test_init_thetas(sizes, seed, dtype):
    honours_contract(nn.init_thetas, ["sizes", "H_", "seed", "dtype"], sizes, seed=seed, dtype=dtype)


# --- training ---------------------------------------------------------------------------------------------


@SETTINGS
@given(
    problem=problems(max_M=6),
    alpha=reals,
    epochs=st.one_of(st.integers(0, 3), ints),
    loss=losses,
    batch_size=st.one_of(st.none(), st.integers(1, 4), ints),
    seed=seeds,
    test=st.sampled_from(["none", "same", "X_only", "Y_only", "junk"]),
    on_divergence=st.sampled_from(["raise", "stop", "ignore", None]),
    callback=st.sampled_from([None, "print", 3, "mutating"]),
)
def test_gradient_descent(problem, alpha, epochs, loss, batch_size, seed, test, on_divergence, callback):
    thetas, X, Y = problem
    X_test, Y_test = {
        "none": (None, None),
        "same": (X, Y),
        "X_only": (X, None),
        "Y_only": (None, Y),
        "junk": (JUNK[1], Y),
    }[test]
    if callback == "mutating":

        def callback(epoch, history):
            history.error.append(0.0)  # a callback may change the history it is shown; nothing else

    names = THETA_NAMES + ["α", "epochs", "batch_size", "seed", "X_test", "Y_test", "on_divergence", "callback"]
    honours_contract(
        nn.gradient_descent,
        names,
        thetas,
        X,
        Y,
        alpha,
        epochs=epochs,
        loss=loss,
        batch_size=batch_size,
        seed=seed,
        X_test=X_test,
        Y_test=Y_test,
        on_divergence=on_divergence,
        callback=callback,
        allow_divergence=True,
    )


@SETTINGS
@given(
    problem=problems(),
    sizes=sizes_lists(),
    alpha=reals,
    epochs=st.one_of(st.integers(0, 3), ints),
    seed=seeds,
    dtype=dtypes,
)
def test_fit(problem, sizes, alpha, epochs, seed, dtype):
    _, X, Y = problem
    names = THETA_NAMES + ["sizes", "H_", "α", "epochs", "seed", "dtype"]
    honours_contract(nn.fit, names, sizes, X, Y, alpha, epochs=epochs, seed=seed, dtype=dtype, allow_divergence=True)


@SETTINGS
@given(problem=problems(), alpha=reals, junk_grad=junk, scale=st.sampled_from([1.0, 1e300, 1e308]))
def test_gradient_descent_step(problem, alpha, junk_grad, scale):
    thetas, X, Y = problem
    try:
        with np.errstate(all="ignore"):  # the test's own scaling may overflow to inf: then grads are refused
            grads = [scale * g.astype(np.float64) for g in nn.gradients(thetas, X, Y).grad]
    except (TypeError, ValueError):
        grads = junk_grad
    honours_contract(nn.gradient_descent_step, ["thetas", "Θ_", "α", "grads", "∂E/∂Θ"], thetas, grads, alpha)


# --- gradcheck --------------------------------------------------------------------------------------------


def _f_sum(th):
    with np.errstate(over="ignore"):  # Θ ≈ 1e300 squares to inf: numerical_gradient must refuse that clearly
        return float(sum((t**2).sum() for t in th))


def _f_mutating(th):
    th[0][...] = 99.0  # writes into its argument: the caller's Θ must not change
    return float(th[0].sum())


F_CHOICES = [
    _f_sum,
    _f_mutating,
    lambda th: [1.0],
    lambda th: np.array([1.0]),
    lambda th: np.float32(2.0),
    lambda th: np.array(3.0),
    lambda th: float("nan"),
    lambda th: "1",
    lambda th: True,
    lambda th: 1e308 * float(np.sign(th[0].flat[0])),
    None,
    3,
]


@SETTINGS
@given(network=networks(max_L=2, max_H=3), f=st.sampled_from(F_CHOICES), eps=reals)
def test_numerical_gradient(network, f, eps):
    _, thetas = network
    honours_contract(nn.numerical_gradient, ["f", "thetas", "Θ_", "ε"], f, thetas, eps=eps)


@SETTINGS
@given(a=any_array(), b=any_array(), data=st.data())
def test_relative_error(a, b, data):
    if data.draw(st.booleans()) and isinstance(a, np.ndarray) and a.dtype.kind == "f":
        with np.errstate(all="ignore"):  # same shape, extreme scales (inf if the test's scaling overflows)
            b = a.astype(np.float64) * data.draw(st.sampled_from([1.0, -1.0, 2.0, 1e-300, 1e300]))
    honours_contract(nn.relative_error, ["a", "b"], a, b, check=lambda r: assert_true(0 <= r <= 1))


@SETTINGS
@given(problem=problems(max_M=3), loss=losses, eps=reals, tol=reals, grads=st.sampled_from(["none", "own", "junk"]))
def test_gradient_check(problem, loss, eps, tol, grads):
    thetas, X, Y = problem
    g = None
    if grads == "own":
        try:
            g = nn.gradients(thetas, X, Y).grad
        except (TypeError, ValueError):
            g = [1.0]
    elif grads == "junk":
        g = JUNK[3]
    honours_contract(
        nn.gradient_check,
        THETA_NAMES + ["ε", "tol", "grads", "∂E/∂Θ", "E(Θ)"],
        thetas,
        X,
        Y,
        loss=loss,
        grads=g,
        eps=eps,
        tol=tol,
    )


# --- datasets ---------------------------------------------------------------------------------------------


@SETTINGS
@given(which=st.sampled_from(["moons", "spirals", "xor", "blobs"]), M=ints, noise=reals, seed=seeds, P=ints)
def test_generated_datasets(which, M, noise, seed, P):
    function = getattr(nn, which)
    kwargs = {"M": M, "noise": noise, "seed": seed}
    if which in ("spirals", "blobs"):
        kwargs["P"] = P
    result = honours_contract(function, ["M", "noise", "seed", "P"], **kwargs)
    if result is not None:
        X, Y = result
        assert X.shape == (M, 2) and Y.shape[0] == M and (Y.sum(axis=1) == 1).all()


@SETTINGS
@given(data=st.data(), test_fraction=reals, seed=seeds, P=st.one_of(st.none(), ints))
def test_one_hot_labels_and_split(data, test_fraction, seed, P):
    M, classes = data.draw(st.integers(0, 5)), data.draw(st.integers(1, 4))
    Y = data.draw(targets(M, classes))
    X = data.draw(maybe(real_arrays((M, 2))))
    honours_contract(nn.one_hot, ["labels", "P"], Y, P=P)
    honours_contract(nn.labels, ["Y"], Y)
    honours_contract(
        nn.train_test_split, ["X", "Y", "test_fraction", "seed"], X, Y, test_fraction=test_fraction, seed=seed
    )


# --- the article's tools (companion.article) ------------------------------------------------------------

V_FUNCTIONS = [
    lambda v: float(np.tanh(np.asarray(v)).sum()),  # finite for any finite v (the test's own f never overflows)
    None,  # replaced below by _f_v_writes
    lambda v: [1.0],
    lambda v: np.array([1.0, 2.0]),
    lambda v: float("nan"),
    lambda v: "1",
    lambda v: True,
    None,
    3,
]


def _f_v_writes(v):
    v[...] = 99.0  # writes into its argument: the caller's v must not change
    return float(v.sum())


V_FUNCTIONS[1] = _f_v_writes


@SETTINGS
@given(v=any_array(), f=st.sampled_from(V_FUNCTIONS), eps=reals)
def test_partial_derivatives(v, f, eps):
    honours_contract(nn.partial_derivatives, ["f", "v", "ε"], f, v, eps=eps)


@SETTINGS
@given(problem=problems(max_M=3), ell=ints, wrt=st.sampled_from(["z", "a", "x", None, 1]), loss=losses, eps=reals)
def test_layer_derivative(problem, ell, wrt, loss, eps):
    thetas, X, Y = problem
    honours_contract(
        nn.layer_derivative, THETA_NAMES + ["ℓ", "wrt", "ε"], thetas, X, Y, ell, wrt=wrt, loss=loss, eps=eps
    )


@SETTINGS
@given(name=st.sampled_from(["δ_L", "", None, 3]), a=any_array(), b=any_array(), tol=reals, data=st.data())
def test_compare(name, a, b, tol, data):
    if data.draw(st.booleans()) and isinstance(a, np.ndarray):
        b = a  # the same shape and values: a formula that agrees
    honours_contract(
        nn.compare,
        ["name", "formula", "measured", "tol", "a", "b"],
        name,
        a,
        b,
        tol=tol,
        check=lambda c: assert_true(0 <= c.r <= 1 and c.passed == (c.r < c.tol)),
    )


@SETTINGS
@given(problem=problems(max_M=3))
def test_article_gradients(problem):
    from companion.article import article_gradients

    thetas, X, Y = problem
    honours_contract(article_gradients, THETA_NAMES, thetas, X, Y)


# --- beyond the article: bias, tanh/ReLU, init schemes, L2, optimisers, early stopping ----------------------

activations = st.sampled_from(["sigmoid", "tanh", "relu", "relu", "softplus", "Sigmoid", None, 3])
schemes = st.sampled_from(["glorot", "xavier", "he", "he", "lecun", None, 1])
optimisers = st.sampled_from(["sgd", "momentum", "adam", "adam", "rmsprop", None, 0])
BEYOND_NAMES = ["biases", "b_", "activation", "λ", "weight_decay"]


@st.composite
def bias_lists(draw, thetas):
    """None (the article's network), bias vectors shaped for thetas, or something wrong."""
    kind = draw(st.sampled_from(["none", "none", "zeros", "random", "random", "wrong_shape", "short", "junk", "nan"]))
    try:
        heights = [np.shape(t)[0] for t in thetas]
    except (TypeError, IndexError, ValueError):
        heights = [2]
    if kind == "none":
        return None
    if kind == "zeros":
        return [np.zeros(h) for h in heights]
    if kind == "random":
        scale = draw(st.sampled_from([1.0, 1.0, 1e300]))
        return [scale * np.linspace(-1, 1, h) for h in heights]
    if kind == "wrong_shape":
        return [np.zeros(h + 1) for h in heights]
    if kind == "short":
        return [np.zeros(h) for h in heights][:-1]
    if kind == "nan":
        return [np.full(h, np.nan) for h in heights]
    return draw(junk)


@SETTINGS
@given(z=any_array())
def test_tanh_relu_and_derivatives(z):
    honours_contract(nn.tanh, ["z"], z, check=lambda r: assert_true((np.abs(r) <= 1).all()))
    honours_contract(nn.tanh_derivative, ["z"], z, check=lambda r: assert_true(((r >= 0) & (r <= 1)).all()))
    honours_contract(nn.relu, ["z"], z, check=lambda r: assert_true((r >= 0).all()))
    honours_contract(nn.relu_derivative, ["z"], z, check=lambda r: assert_true(np.isin(r, [0, 1]).all()))


@SETTINGS
@given(data=st.data(), loss=losses, activation=activations, weight_decay=reals)
def test_network_functions_with_options(data, loss, activation, weight_decay):
    thetas, X, Y = data.draw(problems())
    biases = data.draw(bias_lists(thetas))
    names = THETA_NAMES + BEYOND_NAMES
    kw = {"biases": biases, "activation": activation}
    fp = honours_contract(nn.forward, names, thetas, X, **kw)
    honours_contract(nn.predict, names, thetas, X, **kw)
    honours_contract(nn.accuracy, names, thetas, X, Y, **kw)
    honours_contract(nn.confusion_matrix, names, thetas, X, Y, **kw)
    wd = {"weight_decay": weight_decay, "loss": loss}
    honours_contract(nn.network_error, names, thetas, X, Y, **kw, **wd, check=lambda r: assert_true(r >= 0))
    honours_contract(nn.gradients, names, thetas, X, Y, **kw, **wd)
    honours_contract(nn.l2_penalty, names, thetas, weight_decay, check=lambda r: assert_true(r >= 0))
    if fp is not None:
        honours_contract(
            nn.backprop, names + ["fp"], thetas, fp, Y, loss=loss, biases=biases, weight_decay=weight_decay
        )


@SETTINGS
@given(problem=problems(max_M=3), activation=activations, weight_decay=reals, data=st.data())
def test_gradient_check_with_options(problem, activation, weight_decay, data):
    thetas, X, Y = problem
    biases = data.draw(bias_lists(thetas))
    grads_b = data.draw(st.sampled_from([None, None, "own", "junk", "wrong"]))
    if grads_b == "own":
        grads_b = biases
    elif grads_b == "junk":
        grads_b = data.draw(junk)
    elif grads_b == "wrong":
        grads_b = [np.zeros(7)]
    honours_contract(
        nn.gradient_check,
        THETA_NAMES + BEYOND_NAMES + ["grads_b", "∂E/∂b", "E(Θ)"],
        thetas,
        X,
        Y,
        biases=biases,
        activation=activation,
        weight_decay=weight_decay,
        grads_b=grads_b,
    )


@SETTINGS
@given(sizes=sizes_lists(), seed=seeds, dtype=dtypes, scheme=schemes)
def test_init_schemes_and_biases(sizes, seed, dtype, scheme):
    honours_contract(
        nn.init_thetas, ["sizes", "H_", "seed", "dtype", "scheme"], sizes, seed=seed, dtype=dtype, scheme=scheme
    )
    honours_contract(nn.init_biases, ["sizes", "H_", "dtype"], sizes, dtype=dtype)


@SETTINGS
@given(
    data=st.data(),
    alpha=reals,
    state=st.sampled_from(["none", "previous", "junk", "wrong", "other"]),
    hyper=st.sampled_from([0.9, 0.0, 0.999, 1.0, -0.1, float("nan"), True, "0.9"]),
    scale=st.sampled_from([1.0, 1.0, 1e300, 1e308]),
)
def test_optimisers(data, alpha, state, hyper, scale):
    shape_list = data.draw(st.lists(shapes(min_side=1, max_side=3, dims=(1, 2)), min_size=1, max_size=3))
    params = [np.linspace(-1, 1, int(np.prod(sh))).reshape(sh) for sh in shape_list]
    grads = data.draw(st.sampled_from(["ok", "ok", "junk", "short", "nan"]))
    grads = {
        "ok": [scale * p for p in params],
        "junk": data.draw(junk),
        "short": [p[..., :0] for p in params],
        "nan": [np.full_like(p, np.nan) for p in params],
    }[grads]
    names = ["params", "grads", "state", "α", "β", "eps", "ε", "optimiser"]
    for name, kwargs in (("momentum", {"beta": hyper}), ("adam", {"beta1": hyper, "beta2": 0.999})):
        function = getattr(nn, name)
        first = None
        try:
            with np.errstate(all="ignore"):
                first = function(params, [np.ones_like(p) for p in params], alpha=0.1)[1]
        except (TypeError, ValueError):
            pass
        s = {
            "none": None,
            "previous": first,
            "junk": data.draw(junk),
            "wrong": nn.MomentumState([np.zeros(9)])
            if name == "momentum"
            else nn.AdamState(1, [np.zeros(9)], [np.zeros(9)]),
            "other": nn.MomentumState([np.zeros_like(p) for p in params]) if name == "adam" else None,
        }[state]
        honours_contract(function, names, params, grads, s, alpha=alpha, **kwargs)
    honours_contract(nn.sgd, names, params, grads, None, alpha=alpha)
    name = data.draw(optimisers)
    options = data.draw(
        st.sampled_from([None, {}, {"beta": hyper}, {"beta1": hyper}, {"eps": hyper}, {"gamma": 1}, "x"])
    )
    honours_contract(
        nn.optimiser_step, names + ["optimiser_options"], name, params, grads, None, alpha=alpha, options=options
    )


@SETTINGS
@given(
    problem=problems(max_M=6),
    alpha=reals,
    epochs=st.one_of(st.integers(0, 3), ints),
    batch_size=st.one_of(st.none(), st.integers(1, 4), ints),
    activation=activations,
    optimiser=optimisers,
    weight_decay=reals,
    val=st.sampled_from(["none", "same", "X_only", "junk"]),
    patience=st.one_of(st.none(), st.integers(1, 3), ints),
    data=st.data(),
)
def test_gradient_descent_with_options(
    problem, alpha, epochs, batch_size, activation, optimiser, weight_decay, val, patience, data
):
    thetas, X, Y = problem
    biases = data.draw(bias_lists(thetas))
    X_val, Y_val = {"none": (None, None), "same": (X, Y), "X_only": (X, None), "junk": (JUNK[1], Y)}[val]
    options = data.draw(st.sampled_from([None, None, {"beta": 0.5}, {"beta1": 0.8, "eps": 1e-6}, {"bogus": 1}]))
    names = THETA_NAMES + BEYOND_NAMES + ["α", "epochs", "batch_size", "optimiser", "X_val", "Y_val", "patience"]
    result = honours_contract(
        nn.gradient_descent,
        names,
        thetas,
        X,
        Y,
        alpha,
        epochs=epochs,
        batch_size=batch_size,
        biases=biases,
        activation=activation,
        optimiser=optimiser,
        optimiser_options=options,
        weight_decay=weight_decay,
        X_val=X_val,
        Y_val=Y_val,
        patience=patience,
        allow_divergence=True,
    )
    if result is not None:
        assert (result.biases is None) == (biases is None)


@SETTINGS
@given(
    problem=problems(),
    sizes=sizes_lists(),
    alpha=reals,
    bias=st.sampled_from([True, False, 1, None]),
    init=st.one_of(st.none(), schemes),
    activation=activations,
)
def test_fit_with_options(problem, sizes, alpha, bias, init, activation):
    _, X, Y = problem
    names = THETA_NAMES + BEYOND_NAMES + ["sizes", "H_", "α", "bias", "scheme"]
    honours_contract(
        nn.fit, names, sizes, X, Y, alpha, epochs=2, bias=bias, init=init, activation=activation, allow_divergence=True
    )


def test_the_contract_covers_every_public_core_function():
    """A new public function must join the contract: this list is the whole core API."""
    covered = {
        "sigmoid",
        "sigmoid_derivative",
        "softmax",
        "log_softmax",
        "softmax_jacobian",
        "softmax_backward",
        "mse",
        "cross_entropy",
        "cross_entropy_from_logits",
        "error",
        "mse_gradient",
        "cross_entropy_gradient",
        "init_thetas",
        "forward",
        "predict",
        "layer_sizes",
        "backprop",
        "gradients",
        "network_error",
        "output_delta",
        "gradient_descent_step",
        "gradient_descent",
        "fit",
        "accuracy",
        "confusion_matrix",
        "numerical_gradient",
        "relative_error",
        "gradient_check",
        "moons",
        "spirals",
        "xor",
        "blobs",
        "one_hot",
        "labels",
        "train_test_split",
        "partial_derivatives",
        "layer_derivative",
        "compare",
        "tanh",
        "tanh_derivative",
        "relu",
        "relu_derivative",
        "l2_penalty",
        "init_biases",
        "sgd",
        "momentum",
        "adam",
        "optimiser_step",
    }
    functions = {name for name in nn.__all__ if callable(getattr(nn, name)) and not isinstance(getattr(nn, name), type)}
    assert functions - covered == {"digits"}  # digits() takes no argument (tested in test_datasets)
