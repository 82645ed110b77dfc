"""The learner-facing checks: right implementations pass; typical mistakes get a specific hint."""

import numpy as np
import pytest

import companion as nn
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
    (checks.check_one_hot, good_one_hot, [
        (lambda labels, P: good_one_hot(labels, P)[:, ::-1], "reverse order"),
        (lambda labels, P: good_one_hot(labels, P).T, "transposed"),
        (lambda labels, P: np.zeros((len(labels), P)), "row 0 should hold exactly one 1; it sums to 0"),
    ]),
    (checks.check_sigmoid, good_sigmoid, [
        (lambda z: 1 / (1 + np.exp(-z)), "overflow"),
        (lambda z: 1 / (1 + np.exp(z)), "check the sign in the exponent"),
        (lambda z: np.exp(-z), "that is e^{−z}"),
    ]),
    (checks.check_softmax, good_softmax, [
        (lambda z: np.exp(z) / np.exp(z).sum(), "your rows do not sum to 1: row 1 sums to 0.0142"),
        (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "overflow"),
        (lambda z: good_softmax(z.T).T, "your rows do not sum to 1"),
        (lambda z: good_softmax(z)[:, :2], "expected an array of shape (4, 3), got (4, 2)"),
    ]),
    (checks.check_forward, good_forward, [
        (lambda thetas, X: good_sigmoid(X @ thetas[0].T) if len(thetas) == 1 else good_forward(thetas, X),
         "the last layer should use the softmax, not the sigmoid"),
        (lambda thetas, X: X @ thetas[0].T, "each row of Ŷ should sum to 1"),
        (lambda thetas, X: good_forward(thetas, X).T, "transposed"),
    ]),
    (checks.check_mse, good_mse, [
        (lambda Y, Y_hat: np.sum((Y_hat - Y) ** 2), "M·P times too large"),
        (lambda Y, Y_hat: np.mean(np.sum((Y_hat - Y) ** 2, axis=1)), "P times too large"),
        (lambda Y, Y_hat: np.sum(np.mean((Y_hat - Y) ** 2, axis=1)), "M times too large"),
        (lambda Y, Y_hat: np.sqrt(good_mse(Y, Y_hat)), "square root"),
    ]),
    (checks.check_cross_entropy, good_ce, [
        (lambda Y, Y_hat: np.sum(Y * np.log(np.where(Y > 0, Y_hat, 1))) / len(Y), "sign is flipped"),
        (lambda Y, Y_hat: -np.sum(Y * np.log(np.where(Y > 0, Y_hat, 1))), "M times too large"),
        (lambda Y, Y_hat: -np.sum(Y * np.log10(np.where(Y > 0, Y_hat, 1))) / len(Y), "log₁₀"),
        (lambda Y, Y_hat: -np.mean(np.sum(Y * np.log(Y_hat), axis=1)), "ŷ_ij = 0"),
    ]),
    (checks.check_output_delta, lambda a_L, Y: a_L - Y, [
        (lambda a_L, Y: a_L - 1, "the article's formula: it is right on the true class only"),
        (lambda a_L, Y: Y - a_L, "sign is flipped"),
        (lambda a_L, Y: (a_L - Y) * a_L * (1 - a_L), "diagonal of the softmax Jacobian"),
    ]),
    (checks.check_hidden_delta, lambda d, th, a: (d @ th) * a * (1 - a), [
        (lambda d, th, a: a - 1, "the article's formula"),
        (lambda d, th, a: d @ th, "forgot the sigmoid's derivative"),
        (lambda d, th, a: (d @ th) * a, "not a_ℓ"),
        (lambda d, th, a: ((d @ th) * a * (1 - a)).T, "expected an array of shape (4, 5), got (5, 4) (transposed?)"),
        (lambda d, th, a: (th @ d.T) * a, "your function raised ValueError"),
    ]),
    (checks.check_gradients, good_gradients, [
        (lambda th, X, Y: [g * len(X) for g in good_gradients(th, X, Y)], "M = 6 times too large"),
        (lambda th, X, Y: [-g for g in good_gradients(th, X, Y)], "wrong sign"),
        (lambda th, X, Y: good_gradients(th, X, Y)[:1], "expected a list of L = 2 arrays"),
        (lambda th, X, Y: [g.T for g in good_gradients(th, X, Y)], "transposed"),
    ]),
    (checks.check_gradient_descent_step, lambda th, g, alpha: [t - alpha * d for t, d in zip(th, g)], [
        (lambda th, g, alpha: [t + alpha * d for t, d in zip(th, g)], "uphill"),
        (lambda th, g, alpha: [t - d for t, d in zip(th, g)], "forgot the learning rate"),
    ]),
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
    def unfinished(z):
        raise NotImplementedError
    verdict = checks.check_softmax(unfinished)
    assert not verdict.passed and "raised NotImplementedError" in verdict.message


def test_messages_never_reveal_the_solution():
    # A wrong answer's message must not contain the code of a right one.
    for check, _, wrongs in CASES:
        for wrong, _ in wrongs:
            message = check(wrong).message
            for leak in ("np.exp(", "np.log(", "@", ".T", "keepdims", "def "):
                assert leak not in message, (check.__name__, message)


def test_a_non_function_is_a_type_error():
    with pytest.raises(TypeError, match="check_softmax takes your function as its argument, got ndarray"):
        checks.check_softmax(np.zeros(3))


def test_checks_do_not_depend_on_matplotlib_or_widgets():
    import subprocess
    import sys
    code = ("import sys; import companion.checks; "
            "print(any(m.split('.')[0] in ('matplotlib', 'ipywidgets') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
