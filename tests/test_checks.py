"""The learner-facing checks: right implementations pass; typical mistakes get a specific hint."""

import numpy as np
import pytest

from companion import checks

# --- right implementations, written from the maths (not by calling companion) ------------------------


def good_one_hot(labels, P):
    Y = np.zeros((len(labels), P))
    Y[np.arange(len(labels)), labels] = 1
    return Y


def good_sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def good_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def good_forward(thetas, X):
    a = X
    for ell, theta in enumerate(thetas, start=1):
        z = a @ theta.T
        a = good_softmax(z) if ell == len(thetas) else good_sigmoid(z)
    return a


def good_mse(Y, Y_hat):
    return np.mean(np.mean((Y_hat - Y) ** 2, axis=1))


def good_ce(Y, Y_hat):
    return -np.sum(Y * np.log(np.where(Y > 0, Y_hat, 1))) / len(Y)


def good_gradients(thetas, X, Y):
    a = [X]
    for ell, theta in enumerate(thetas, start=1):
        z = a[-1] @ theta.T
        a.append(good_softmax(z) if ell == len(thetas) else good_sigmoid(z))
    delta = a[-1] - Y
    grads = []
    for ell in range(len(thetas), 0, -1):
        grads.insert(0, delta.T @ a[ell - 1] / len(X))
        delta = (delta @ thetas[ell - 1]) * a[ell - 1] * (1 - a[ell - 1])
    return grads


CASES = [
    # (check, right implementation, [(wrong implementation, words the hint must contain), ...])
    (
        checks.check_one_hot,
        good_one_hot,
        [
            (lambda labels, P: good_one_hot(labels, P)[:, ::-1], "reverse order"),
            (lambda labels, P: good_one_hot(labels, P).T, "transposed"),
            (lambda labels, P: np.zeros((len(labels), P)), "row 0 should hold exactly one 1; it sums to 0"),
        ],
    ),
    (
        checks.check_sigmoid,
        good_sigmoid,
        [
            (lambda z: 1 / (1 + np.exp(-z)), "overflow"),
            (lambda z: 1 / (1 + np.exp(z)), "check the sign in the exponent"),
            (lambda z: np.exp(-z), "that is e^{−z}"),
        ],
    ),
    (
        checks.check_softmax,
        good_softmax,
        [
            (lambda z: np.exp(z) / np.exp(z).sum(), "your rows do not sum to 1: row 1 sums to 0.0142"),
            (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "overflow"),
            (lambda z: good_softmax(z.T).T, "your rows do not sum to 1"),
            (lambda z: good_softmax(z)[:, :2], "expected an array of shape (4, 3), got (4, 2)"),
        ],
    ),
    (
        checks.check_forward,
        good_forward,
        [
            (
                lambda thetas, X: good_sigmoid(X @ thetas[0].T) if len(thetas) == 1 else good_forward(thetas, X),
                "the last layer should use the softmax, not the sigmoid",
            ),
            (lambda thetas, X: X @ thetas[0].T, "each row of Ŷ should sum to 1"),
            (lambda thetas, X: good_forward(thetas, X).T, "transposed"),
        ],
    ),
    (
        checks.check_mse,
        good_mse,
        [
            (lambda Y, Y_hat: np.sum((Y_hat - Y) ** 2), "M·P times too large"),
            (lambda Y, Y_hat: np.mean(np.sum((Y_hat - Y) ** 2, axis=1)), "P times too large"),
            (lambda Y, Y_hat: np.sum(np.mean((Y_hat - Y) ** 2, axis=1)), "M times too large"),
            (lambda Y, Y_hat: np.sqrt(good_mse(Y, Y_hat)), "square root"),
        ],
    ),
    (
        checks.check_cross_entropy,
        good_ce,
        [
            (lambda Y, Y_hat: np.sum(Y * np.log(np.where(Y > 0, Y_hat, 1))) / len(Y), "sign is flipped"),
            (lambda Y, Y_hat: -np.sum(Y * np.log(np.where(Y > 0, Y_hat, 1))), "M times too large"),
            (lambda Y, Y_hat: -np.sum(Y * np.log10(np.where(Y > 0, Y_hat, 1))) / len(Y), "log₁₀"),
            (lambda Y, Y_hat: -np.mean(np.sum(Y * np.log(Y_hat), axis=1)), "ŷ_ij = 0"),
        ],
    ),
    (
        checks.check_output_delta,
        lambda a_L, Y: a_L - Y,
        [
            (lambda a_L, Y: a_L - 1, "right only on the true-class row: did you use a_L − 1 instead of a_L − y?"),
            (lambda a_L, Y: Y - a_L, "sign is flipped"),
            (lambda a_L, Y: (a_L - Y) * a_L * (1 - a_L), "diagonal of the softmax Jacobian"),
        ],
    ),
    (
        checks.check_hidden_delta,
        lambda d, th, a: (d @ th) * a * (1 - a),
        [
            (lambda d, th, a: a - 1, "the article's formula"),
            (lambda d, th, a: d @ th, "forgot the sigmoid's derivative"),
            (lambda d, th, a: (d @ th) * a, "not a_ℓ"),
            (
                lambda d, th, a: ((d @ th) * a * (1 - a)).T,
                "expected an array of shape (4, 5), got (5, 4) (transposed?)",
            ),
            (lambda d, th, a: (th @ d.T) * a, "your function raised ValueError"),
        ],
    ),
    (
        checks.check_gradients,
        good_gradients,
        [
            (lambda th, X, Y: [g * len(X) for g in good_gradients(th, X, Y)], "M = 6 times too large"),
            (lambda th, X, Y: [-g for g in good_gradients(th, X, Y)], "wrong sign"),
            (lambda th, X, Y: good_gradients(th, X, Y)[:1], "expected a list of L = 2 arrays"),
            (lambda th, X, Y: [g.T for g in good_gradients(th, X, Y)], "transposed"),
        ],
    ),
    (
        checks.check_gradient_descent_step,
        lambda th, g, alpha: [t - alpha * d for t, d in zip(th, g)],
        [
            (lambda th, g, alpha: [t + alpha * d for t, d in zip(th, g)], "uphill"),
            (lambda th, g, alpha: [t - d for t, d in zip(th, g)], "forgot the learning rate"),
        ],
    ),
    (
        checks.check_tanh_hidden_delta,
        lambda d, th, a: (d @ th) * (1 - a * a),
        [
            (lambda d, th, a: (d @ th) * a * (1 - a), "the sigmoid's derivative"),
            (lambda d, th, a: d @ th, "forgot the derivative of tanh"),
            (lambda d, th, a: (d @ th) * (1 - a), "not 1 − a_ℓ"),
            (lambda d, th, a: (d @ th) * (1 - np.tanh(a) ** 2), "a is already tanh"),
        ],
    ),
    (
        checks.check_bias_gradient,
        lambda delta: delta.mean(axis=0),
        [
            (lambda delta: delta.sum(axis=0), "M = 5 times too large"),
            (lambda delta: -delta.mean(axis=0), "sign is flipped"),
            (lambda delta: delta.mean(axis=1), "expected an array of shape (3,)"),
        ],
    ),
]


@pytest.mark.parametrize("check, right, wrongs", CASES, ids=[c[0].__name__ for c in CASES])
def test_right_passes_and_each_mistake_gets_its_hint(check, right, wrongs):
    verdict = check(right)
    assert verdict.passed, str(verdict)
    assert str(verdict).startswith("✓")
    for wrong, words in wrongs:
        verdict = check(wrong)
        assert not verdict.passed
        assert str(verdict).startswith("✗")
        assert words in verdict.message, verdict.message


def test_in_place_update_is_caught():
    def in_place(thetas, grads, alpha):
        for t, g in zip(thetas, grads):
            t -= alpha * g
        return thetas

    verdict = checks.check_gradient_descent_step(in_place)
    assert not verdict.passed and "in place" in verdict.message


def test_an_exception_in_the_learners_code_is_reported_not_raised():
    def broken(z):
        return z[:, 5]

    verdict = checks.check_softmax(broken)
    assert not verdict.passed and "your function raised IndexError" in verdict.message
    assert "(in broken, line" in verdict.message  # where, in the learner's own code


def test_messages_never_reveal_the_solution():
    # A wrong answer's message must not contain the code of a right one.
    for check, _, wrongs in CASES:
        for wrong, _ in wrongs:
            message = check(wrong).message
            for leak in ("np.exp(", "np.log(", "@", ".T", "keepdims", "def "):
                assert leak not in message, (check.__name__, message)


def test_a_non_function_gets_a_message_not_an_exception():
    verdict = checks.check_softmax(np.zeros(3))  # e.g. check_softmax(my_softmax(z))
    assert not verdict.passed
    assert verdict.message.startswith("check_softmax takes your function itself, as in check_softmax(my_softmax)")
    assert "got an array of shape (3,)" in verdict.message


def test_checks_do_not_depend_on_matplotlib_or_widgets():
    import subprocess
    import sys

    code = (
        "import sys; import companion.checks; "
        "print(any(m.split('.')[0] in ('matplotlib', 'ipywidgets') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- learner checks never raise -------------------------------------------------------------------------

ALL_CHECKS = {  # check → (a right function, the arguments' count, the kind of result it wants)
    checks.check_one_hot: (good_one_hot, 2, "array"),
    checks.check_sigmoid: (good_sigmoid, 1, "array"),
    checks.check_softmax: (good_softmax, 1, "array"),
    checks.check_forward: (good_forward, 2, "array"),
    checks.check_mse: (good_mse, 2, "number"),
    checks.check_cross_entropy: (good_ce, 2, "number"),
    checks.check_output_delta: (lambda a_L, Y: a_L - Y, 2, "array"),
    checks.check_hidden_delta: (lambda d, th, a: (d @ th) * a * (1 - a), 3, "array"),
    checks.check_gradients: (good_gradients, 3, "list"),
    checks.check_gradient_descent_step: (lambda th, g, alpha: [t - alpha * d for t, d in zip(th, g)], 3, "list"),
    checks.check_tanh_hidden_delta: (lambda d, th, a: (d @ th) * (1 - a * a), 3, "array"),
    checks.check_bias_gradient: (lambda delta: delta.mean(axis=0), 1, "array"),
}


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no message")


class BadList(list):
    def __len__(self):
        raise RuntimeError("no length")


def _raise(exc):
    raise exc


def _warn_then_answer(right):
    import warnings

    def fn(*args):
        warnings.warn("a warning of the learner's own", UserWarning, stacklevel=2)
        return right(*args)

    return fn


# (what the learner's function returns or does, words the message must contain: by result kind)
HOSTILE = [
    ("None", lambda *a: None, {"any": "None (does your function `return` its result?)"}),
    (
        "ragged list",
        lambda *a: [[1.0, 2.0, 3.0], [1.0, 2.0]],
        {
            "array": "that is not a rectangular array of numbers (its rows have lengths 3, 2)",
            "number": "expected a single number, got a list of 2 items",
        },
    ),
    (
        "list of strings",
        lambda *a: ["0.1", "0.2"],
        {"array": "holding strings such as '0.1'", "number": "expected a single number, got a list of 2 items"},
    ),
    (
        "string array",
        lambda *a: np.array([["a", "b"]]),
        {"array": "holding strings such as 'a'", "number": "expected a single number, got an array"},
    ),
    (
        "object array",
        lambda *a: np.array([1.0, None, "x"], dtype=object),
        {"array": "holding Python objects (numpy dtype object)", "number": "expected a single number, got an array"},
    ),
    (
        "complex array",
        lambda *a: np.ones((2, 2)) * (1 + 1j),
        {"array": "complex numbers", "number": "expected a single number, got an array"},
    ),
    (
        "complex number",
        lambda *a: 0.5 + 0.25j,
        {"array": "got a single number ((0.5+0.25j))", "number": "expected a real number, got the complex number"},
    ),
    ("string", lambda *a: "0.5", {"any": "a string '0.5'"}),
    ("bool", lambda *a: True, {"array": "got a single number (True)", "number": "got a bool (True)"}),
    ("huge integer", lambda *a: 10**400, {"any": "1000000"}),
    (
        "NaN",
        lambda *a: float("nan"),
        {"array": "got a single number (nan)", "number": "your function returned nan — it should be a finite number"},
    ),
    (
        "array with inf",
        lambda *a: np.full((3, 3), np.inf),
        {"array": "expected an array of shape", "number": "expected a single number, got an array"},
    ),
    ("dict", lambda *a: {"a": 1}, {"any": "a dict"}),
    ("generator", lambda *a: (x for x in range(3)), {"any": "a generator (an iterator, not yet a list or an array)"}),
    (
        "wrong shape",
        lambda *a: np.zeros((7, 7)),
        {"array": "expected an array of shape", "number": "expected a single number, got an array of shape (7, 7)"},
    ),
    ("size-1 array for a number", lambda *a: np.array([0.5]), {"number": "take the number out of the array"}),
    ("list of garbage", lambda *a: [None, "x", 3], {"list": "expected a list of L = "}),
    ("list that cannot say its length", lambda *a: BadList([1.0]), {"any": "the check could not read your result"}),
    ("ValueError", lambda *a: _raise(ValueError("bad things")), {"any": "your function raised ValueError: bad things"}),
    ("exception without a printable message", lambda *a: _raise(Unprintable()), {"any": "raised Unprintable"}),
    ("SystemExit", lambda *a: _raise(SystemExit(3)), {"any": "your function raised SystemExit: 3"}),
    ("a numpy warning", lambda *a: np.float64(1.0) / 0.0, {"any": "divide by zero"}),
    ("a RuntimeWarning of its own", lambda *a: _raise_warning(), {"any": "numpy warned: careful"}),
    (
        "prints and returns None",
        lambda *a: print("debugging", a is None),
        {"any": "Your function printed: 'debugging False'"},
    ),
]


def _raise_warning():
    import warnings

    warnings.warn("careful", RuntimeWarning, stacklevel=2)


@pytest.mark.parametrize("name, hostile, words", HOSTILE, ids=[h[0] for h in HOSTILE])
@pytest.mark.parametrize("check", list(ALL_CHECKS), ids=[c.__name__ for c in ALL_CHECKS])
def test_a_check_never_raises_warns_or_prints_whatever_the_function_does(check, name, hostile, words, capsys):
    import warnings

    _, n_args, kind = ALL_CHECKS[check]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        verdict = check(hostile)
    assert not caught, [str(w.message) for w in caught]
    assert capsys.readouterr() == ("", "")  # the learner's prints go into the message
    assert isinstance(verdict, checks.CheckResult) and not verdict.passed and str(verdict).startswith("✗")
    expected = words.get(kind, words.get("any"))
    if expected is not None:
        assert expected in verdict.message, verdict.message


@pytest.mark.parametrize("check", list(ALL_CHECKS), ids=[c.__name__ for c in ALL_CHECKS])
def test_the_untouched_starter_code_is_told_what_to_do(check):
    _, n_args, _ = ALL_CHECKS[check]
    namespace = {}
    exec(
        f"def my_function({', '.join(f'x{k}' for k in range(n_args))}):\n"
        "    # your code here\n    raise NotImplementedError\n",
        namespace,
    )
    verdict = check(namespace["my_function"])
    assert not verdict.passed
    assert verdict.message == (
        "not implemented yet — write your code in my_function in place of "
        "`raise NotImplementedError`, run that cell, then run this check again"
    )


@pytest.mark.parametrize("check", list(ALL_CHECKS), ids=[c.__name__ for c in ALL_CHECKS])
def test_right_answers_pass_even_with_other_warnings_and_prints(check, capsys):
    right, _, _ = ALL_CHECKS[check]
    verdict = check(_warn_then_answer(right))
    assert verdict.passed, verdict.message

    def chatty(*args):
        print("working on it")
        return right(*args)

    verdict = check(chatty)
    assert verdict.passed and "Your function printed something" in verdict.message
    assert capsys.readouterr() == ("", "")


def test_a_function_with_the_wrong_arguments_is_told_how_it_is_called():
    verdict = checks.check_one_hot(lambda labels: labels)
    assert not verdict.passed
    assert verdict.message == (
        "the check calls your function with 2 arguments, as fn(labels, P); yours is defined as fn(labels)"
    )

    def my_one_hot(labels, P, dtype):
        return good_one_hot(labels, P)

    verdict = checks.check_one_hot(my_one_hot)
    assert "as my_one_hot(labels, P); yours is defined as my_one_hot(labels, P, dtype)" in verdict.message


def test_one_hot_rows_with_two_ones_are_caught_by_the_sum_rule():
    # entries are all 0 or 1, so only "a row sums to 1" can tell that row 0 is [1, 1, 0]-like
    def two_ones(labels, P):
        Y = good_one_hot(labels, P)
        Y[np.arange(len(labels)), (np.asarray(labels) + 1) % P] = 1
        return Y

    verdict = checks.check_one_hot(two_ones)
    assert not verdict.passed
    assert verdict.message == "on labels = [2, 0, 1, 1], P = 3, row 0 should hold exactly one 1; it sums to 2"


def test_one_hot_rows_with_fractions_are_caught_by_the_zero_one_rule():
    def halves(labels, P):  # rows sum to 1, but are not one-hot
        Y = good_one_hot(labels, P)
        return (Y + np.roll(Y, 1, axis=1)) / 2

    verdict = checks.check_one_hot(halves)
    assert not verdict.passed
    assert verdict.message.startswith(
        "on labels = [2, 0, 1, 1], P = 3, row 0 is [0.5, 0.0, 0.5]; a one-hot row holds only 0s and a single 1"
    )


def test_one_hot_off_by_one_gets_its_hint():
    verdict = checks.check_one_hot(lambda labels, P: good_one_hot((np.asarray(labels) + 1) % P, P))
    assert "one column off" in verdict.message


ARTICLE_HINT = "your gradient is right only on the true-class row: did you use a_L − 1 instead of a_L − y?"


def test_the_articles_output_delta_gets_the_erratum_hint():
    verdict = checks.check_output_delta(lambda a_L, Y: a_L - 1)
    assert not verdict.passed and ARTICLE_HINT in verdict.message
    # a δ_L right on the true class only, by another route, gets the same hint; a wrong one elsewhere does not
    verdict = checks.check_output_delta(lambda a_L, Y: np.where(Y == 1, a_L - 1, 2 * a_L))
    assert ARTICLE_HINT in verdict.message
    verdict = checks.check_output_delta(lambda a_L, Y: 2 * (a_L - Y))
    assert ARTICLE_HINT not in verdict.message and "largest difference" in verdict.message


def test_the_articles_gradients_get_the_erratum_hint():
    def article_gradients(thetas, X, Y):  # the test's own answer, with the article's δ_L = a_L − 1
        return good_gradients(thetas, X, np.ones_like(Y))

    verdict = checks.check_gradients(article_gradients)
    assert not verdict.passed and ARTICLE_HINT in verdict.message


def test_changing_an_input_in_place_is_caught_for_any_check():
    def in_place_softmax(z):
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        return z

    verdict = checks.check_softmax(in_place_softmax)
    assert not verdict.passed and "changed z in place" in verdict.message


def test_extreme_results_give_a_message_and_no_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = checks.check_sigmoid(lambda z: np.where(z > 0, 1e308, -1e308))
        assert "largest difference" in verdict.message
        verdict = checks.check_mse(lambda Y, Y_hat: 1e308)
        assert "differs from the expected one" in verdict.message


def test_the_references_are_independent_of_companion():
    # a slip in companion's own code must not become a slip in the checks
    import pathlib
    import re

    source = pathlib.Path(checks.__file__).read_text()
    assert not re.search(r"^\s*(from\s+\.|from\s+companion|import\s+companion)", source, flags=re.M)
