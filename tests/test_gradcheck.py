"""gradcheck: central differences, relative error, the report — and that the check can fail."""

import numpy as np
import pytest

import companion as nn
from tests.helpers import random_problem


def test_numerical_gradient_of_a_quadratic():
    # f(Θ) = Σ θ² has gradient 2θ; central differences are exact for quadratics (up to rounding).
    theta = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = nn.numerical_gradient(lambda th: float((th[0] ** 2).sum()), [theta])
    np.testing.assert_allclose(g[0], 2 * theta, atol=1e-8)


def test_numerical_gradient_does_not_modify_thetas():
    thetas, X, y = random_problem([3, 4, 2])
    before = [t.copy() for t in thetas]
    nn.numerical_gradient(lambda th: nn.network_error(th, X, y), thetas)
    assert all(np.array_equal(a, b) for a, b in zip(thetas, before))


def test_relative_error_properties():
    a = np.array([1.0, 2.0, 3.0])
    assert nn.relative_error(a, a) == 0.0
    assert nn.relative_error(a, -a) == 1.0
    assert nn.relative_error(a, 1.001 * a) == pytest.approx(0.001 / 2.001)
    assert nn.relative_error(np.zeros(3), np.zeros(3)) == 0.0


@pytest.mark.parametrize("bad_layer", [0, 1, 2])
def test_gradient_check_catches_a_wrong_layer(bad_layer):
    thetas, X, y = random_problem([3, 4, 3, 2], M=5)
    grads = [g.copy() for g in nn.gradients(thetas, X, y).grad]
    grads[bad_layer] = grads[bad_layer] * 1.01  # a 1 % mistake in one layer
    report = nn.gradient_check(thetas, X, y, grads=grads)
    assert not report.passed
    assert [e > 1e-7 for e in report.errors] == [i == bad_layer for i in range(3)]
    assert "WRONG" in str(report)


def test_report_is_machine_independent_text():
    thetas, X, y = random_problem([3, 4, 2], M=5)
    text = str(nn.gradient_check(thetas, X, y))
    assert "all layers agree" in text
    assert "< 1e-" in text  # errors shown rounded up to a power of ten


def test_grads_of_wrong_shape_are_refused():
    thetas, X, y = random_problem([3, 4, 2])
    with pytest.raises(ValueError, match=r"∂E/∂Θ_2 must have the shape of Θ_2, \(H_2, H_1\) = \(2, 4\); got \(4, 2\)"):
        nn.gradient_check(thetas, X, y, grads=[np.zeros((4, 3)), np.zeros((4, 2))])


def test_gradient_check_table_reads_the_same_everywhere():
    # The table the chapters print (found by mutation testing: only nbval compared it before).
    check = nn.GradientCheck(errors=[0.0, 3e-9, 0.5], shapes=[(2, 2), (3, 2), (1, 3)], tol=1e-7, loss="mse", eps=1e-6)
    assert str(check) == (
        "gradient check: mse\n"
        "  central differences with ε = 1e-06, tolerance 1e-07\n"
        "  ℓ   shape of Θ_ℓ   relative error   verdict\n"
        "  1   (2, 2)         0                ok\n"
        "  2   (3, 2)         < 1e-08          ok\n"
        "  3   (1, 3)         < 1e+00          WRONG\n"
        "some layers disagree with central differences"
    )
    assert not check.passed and check.max_error == 0.5
    good = nn.GradientCheck(errors=[2e-10, 1e-7], shapes=[(2, 2), (2, 2)], tol=1e-7, loss="cross_entropy", eps=1e-5)
    assert good.passed and str(good).endswith(
        "  1   (2, 2)         < 1e-09          ok\n  2   (2, 2)         < 1e-06          ok\nall layers agree"
    )
