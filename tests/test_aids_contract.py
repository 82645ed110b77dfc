"""The contract of the teaching aids, tried with hypothesis as a hostile user (or a struggling learner) would.

* **checks**: whatever the learner's function returns (arrays of any dtype and shape, NaN, inf, ragged or
  mixed lists, strings, None, objects) or raises, every ``check_…`` returns a failed ``CheckResult`` with a
  message — no exception, no warning, nothing printed, the learner's inputs' copies aside;
* **plotting** and **widgets**: every public function either draws / returns normally or raises
  ``TypeError`` / ``ValueError`` whose message names one of its arguments; no warning, no argument modified.

``AIDS_EXAMPLES`` examples per function (default 40: about 20 s for the file on the 2-core machine).
"""

import copy
import os
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

import companion as nn  # noqa: E402
from companion import checks, widgets  # noqa: E402
from companion import plotting as cp  # noqa: E402
from companion.widgets import network_explorer  # noqa: E402
from tests.helpers import Opaque  # noqa: E402

EXAMPLES = int(os.environ.get("AIDS_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


JUNK = [
    None,
    "abc",
    "",
    b"x",
    {1, 2},
    {"a": 1},
    Opaque(),
    1 + 2j,
    True,
    np.True_,
    [[1.0, 2.0], [3.0]],
    [["a", "b"]],
    [[None, 1.0]],
    np.array([[1 + 1j, 2.0]]),
    np.array(["x", "y"]),
    np.array([[None, 1.0]], dtype=object),
    [[10**400, 1.0]],
    10**400,
    -1,
    0,
    2.5,
    float("nan"),
    float("inf"),
    (),
    [],
    np.zeros((0,)),
    np.zeros((2, 0)),
    np.zeros((2, 2, 2)),
    np.float64(7.0),
]
junk = st.sampled_from(JUNK)

DTYPES = st.sampled_from(
    [
        np.float64,
        np.float32,
        np.float16,
        np.int64,
        np.int8,
        np.uint8,
        np.bool_,
        np.complex128,
        np.dtype("U3"),
        np.dtype("datetime64[s]"),
        np.dtype(object),
    ]
)


@st.composite
def odd_arrays(draw):
    """Arrays of any of a dozen dtypes and small shapes, values from ordinary to NaN and ±1e308."""
    dtype = np.dtype(draw(DTYPES))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5))
    if dtype.kind == "f":
        elements = st.one_of(
            st.floats(-5, 5, width=dtype.itemsize * 8),
            st.sampled_from([np.nan, np.inf, -np.inf, float(np.finfo(dtype).max)]),
        )
        return draw(hnp.arrays(dtype, shape, elements=elements))
    if dtype.kind == "O":
        return np.array(
            draw(st.lists(st.one_of(st.none(), st.floats(), st.text(max_size=2)), min_size=1, max_size=4)), dtype=object
        )
    return draw(hnp.arrays(dtype, shape))


def learner_results():
    """Anything a learner's function might give back."""
    scalar = st.one_of(
        st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(), st.complex_numbers(), st.text(max_size=4)
    )
    return st.one_of(
        junk,
        scalar,
        odd_arrays(),
        st.lists(st.one_of(scalar, odd_arrays()), max_size=4),
        st.lists(st.lists(st.floats(allow_nan=True), max_size=4), max_size=4),
    )


EXCEPTIONS = [
    ValueError("shapes"),
    TypeError("bad"),
    IndexError("out"),
    ZeroDivisionError("zero"),
    NotImplementedError(),
    RecursionError(),
    SystemExit(1),
    FloatingPointError("overflow"),
    KeyError("k"),
    AttributeError("no .T"),
]

ALL_CHECKS = [
    checks.check_one_hot,
    checks.check_sigmoid,
    checks.check_softmax,
    checks.check_forward,
    checks.check_mse,
    checks.check_cross_entropy,
    checks.check_output_delta,
    checks.check_hidden_delta,
    checks.check_gradients,
    checks.check_gradient_descent_step,
    checks.check_tanh_hidden_delta,
    checks.check_bias_gradient,
]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[c.__name__ for c in ALL_CHECKS])
@SETTINGS
@given(
    result=learner_results(),
    raises=st.one_of(st.none(), st.sampled_from(EXCEPTIONS)),
    chatty=st.booleans(),
    warn=st.booleans(),
)
def test_a_check_answers_whatever_the_learners_function_does(check, result, raises, chatty, warn, capsys):
    def learner(*args):
        if chatty:
            print("x =", args[0] if args else None)
        if warn:
            warnings.warn("deprecated thing", DeprecationWarning, stacklevel=2)
        if raises is not None:
            raise raises
        return result

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        verdict = check(learner)
    assert not caught, [str(w.message) for w in caught]
    assert capsys.readouterr() == ("", "")
    assert isinstance(verdict, checks.CheckResult)
    assert not verdict.passed
    assert isinstance(verdict.message, str) and verdict.message and "Traceback" not in verdict.message


# --- plotting and widgets: a clear error naming an argument, or a result --------------------------------


def _call_quietly(fn, args, kwargs, names):
    """Call; allow only TypeError/ValueError naming one of ``names``; no warning; no argument modified."""
    before = copy.deepcopy((args, kwargs))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(over="raise", invalid="raise", divide="raise"):  # what numpy warns about
                out = fn(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        message = str(exc)
        assert any(name in message for name in names), f"{type(exc).__name__}: {message}"
        assert "got" in message or "must" in message, message
        out = None
    finally:
        plt.close("all")
    after = (args, kwargs)
    for old, new in zip(_flatten(before), _flatten(after)):
        if isinstance(old, np.ndarray):
            same = old.shape == new.shape and old.dtype == new.dtype
            assert same and (old.dtype.kind == "O" or old.tobytes() == new.tobytes()), "an argument was modified"
    return out


def _flatten(value):
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _flatten(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    else:
        yield value


def maybe(strategy):
    return st.one_of(strategy, strategy, strategy, junk)


small_ints = st.integers(-3, 12)


@SETTINGS
@given(sizes=maybe(st.lists(st.one_of(small_ints, st.floats(0, 5)), max_size=5)), max_units=maybe(small_ints))
def test_plot_network_contract(sizes, max_units):
    names = ["sizes", "H_", "max_units"]
    _call_quietly(cp.plot_network, (sizes,), {"max_units": max_units}, names)


@st.composite
def region_args(draw):
    N = draw(st.sampled_from([2, 2, 2, 3]))
    P = draw(st.integers(2, 4))
    M = draw(st.integers(0, 12))
    thetas = [draw(hnp.arrays(np.float64, (P, N), elements=st.floats(-3, 3)))]
    X = draw(
        maybe(
            hnp.arrays(
                np.float64,
                (M, draw(st.sampled_from([2, 2, 3]))),
                elements=st.one_of(st.floats(-4, 4), st.sampled_from([np.nan, 1e308, -1e308])),
            )
        )
    )
    Y = draw(
        maybe(
            st.one_of(
                st.just(np.eye(P)[np.arange(M) % P]),
                st.just(np.arange(M) % P),
                st.just(np.eye(P + 1)[np.arange(M) % P]),
                st.just(np.arange(M + 1) % P),
            )
        )
    )
    kwargs = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "resolution": maybe(st.integers(-2, 30)),
                "margin": maybe(st.floats(-1, 2)),
                "title": maybe(st.text(max_size=3)),
            },
        )
    )
    return (draw(maybe(st.just(thetas))), X, Y), kwargs


@SETTINGS
@given(call=region_args())
def test_plot_decision_regions_contract(call):
    args, kwargs = call
    names = ["thetas", "Θ_", "X", "Y", "resolution", "margin", "title", "N = H_0"]
    _call_quietly(cp.plot_decision_regions, args, kwargs, names)


@SETTINGS
@given(
    call=region_args(),
    biases=st.one_of(st.none(), st.just("zeros"), st.just("wrong"), junk),
    activation=st.sampled_from(["sigmoid", "tanh", "relu", "softplus", None]),
)
def test_plot_regions_contract(call, biases, activation):
    (thetas, X, Y), kwargs = call
    if isinstance(biases, str) and biases in ("zeros", "wrong") and isinstance(thetas, list):
        biases = [np.zeros(np.shape(t)[0] + (biases == "wrong")) for t in thetas]
    names = ["thetas", "Θ_", "X", "Y", "resolution", "margin", "title", "N = H_0", "biases", "b_", "activation"]
    _call_quietly(cp.plot_regions, (thetas, X, Y), dict(kwargs, biases=biases, activation=activation), names)


@st.composite
def histories(draw):
    T = draw(st.integers(0, 6))
    h = nn.History()
    h.epoch = list(range(T))
    h.error = draw(st.lists(st.one_of(st.floats(0, 3), st.sampled_from([np.nan, np.inf])), min_size=T, max_size=T))
    if draw(st.booleans()):
        h.test_error = draw(st.lists(st.floats(0, 3), min_size=max(T - 1, 0), max_size=T))
    h.diverged_at = draw(st.one_of(st.none(), st.integers(-1, T), st.just(2.5)))
    return h


@SETTINGS
@given(history=maybe(histories()), log=maybe(st.booleans()), title=maybe(st.none()))
def test_plot_history_contract(history, log, title):
    _call_quietly(cp.plot_history, (history,), {"log": log, "title": title}, ["history", "log", "title"])


@SETTINGS
@given(cm=maybe(odd_arrays()))
def test_plot_confusion_matrix_contract(cm):
    _call_quietly(cp.plot_confusion_matrix, (cm,), {}, ["cm"])


@SETTINGS
@given(
    M=st.integers(0, 4),
    N=st.sampled_from([64, 64, 63]),
    labels=maybe(st.lists(small_ints, max_size=5)),
    predicted=st.one_of(st.none(), maybe(st.lists(small_ints, max_size=5))),
    ncols=maybe(small_ints),
    max_images=maybe(small_ints),
)
def test_plot_digits_contract(M, N, labels, predicted, ncols, max_images):
    names = ["X", "labels", "predicted", "ncols", "max_images"]
    _call_quietly(
        cp.plot_digits,
        (np.zeros((M, N)), labels),
        {"predicted": predicted, "ncols": ncols, "max_images": max_images},
        names,
    )


@SETTINGS
@given(
    dataset=maybe(st.sampled_from(["moons", "spirals", "xor", "blobs", "circles"])),
    noise=maybe(st.floats(-0.5, 0.5)),
    hidden=maybe(st.lists(st.one_of(small_ints, st.floats(0, 4)), max_size=3)),
    alpha=maybe(st.floats(-1, 10)),
    epochs=maybe(st.integers(-2, 3)),
    loss=maybe(st.sampled_from(["cross_entropy", "mse", "hinge"])),
    seed=maybe(st.integers(-2, 3)),
    M=maybe(st.integers(0, 40)),
)
def test_explore_contract(dataset, noise, hidden, alpha, epochs, loss, seed, M):
    names = ["dataset", "noise", "hidden", "H_", "α", "epochs", "loss", "seed", "M"]
    out = _call_quietly(
        widgets.explore,
        (),
        dict(dataset=dataset, noise=noise, hidden=hidden, alpha=alpha, epochs=epochs, loss=loss, seed=seed, M=M),
        names,
    )
    if out is not None:
        assert out["sizes"] == [2, *[int(h) for h in hidden], out["Y_train"].shape[1]]
        assert all(h == int(h) for h in hidden)  # never a silent truncation


@SETTINGS
@given(
    settings_=maybe(
        st.dictionaries(
            st.sampled_from(list(widgets.EXPLORER_DEFAULTS) + ["other"]), st.one_of(junk, small_ints), max_size=3
        )
    )
)
def test_explorer_compute_contract(settings_, monkeypatch):
    monkeypatch.setattr(network_explorer, "gradient_descent", _fake_training)
    names = ["settings", "layers", *widgets.EXPLORER_DEFAULTS, "hidden", "α"]
    _call_quietly(widgets.explorer_compute, (settings_,), {}, names)


def _fake_training(thetas, X, Y, **kwargs):  # arguments reached training: that is all
    return nn.TrainingResult(thetas=thetas, history=nn.History())


@SETTINGS
@given(mode=maybe(st.sampled_from(["live", "static", "both", None])))
def test_widget_mode_contract(mode):
    _call_quietly(widgets.widget_mode, (mode,), {}, ["mode"])
