"""companion.article: the tools both the backpropagation and the errata chapters test formulas with.

Each is checked against an independent reference: derivatives known in closed form, and the
δ's of backpropagation (itself tested against central differences in test_backprop.py).
"""

import inspect

import numpy as np
import pytest

import companion as nn
from companion import article

RNG = np.random.default_rng(3)
X = RNG.normal(size=(5, 3))
Y = nn.one_hot([0, 2, 1, 1, 0], 3)
THETAS = nn.init_thetas([3, 4, 4, 3], seed=2)


def test_partial_derivatives_of_known_functions():
    v = np.array([[0.5, -1.5, 2.0]])
    got = nn.partial_derivatives(lambda u: float(np.sin(u).sum()), v)
    np.testing.assert_allclose(got, np.cos(v), atol=1e-9)
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    got = nn.partial_derivatives(lambda u: float(u[0, 1] * u[1, 0]), w)
    np.testing.assert_allclose(got, [[0, 3.0], [2.0, 0]], atol=1e-8)


def test_partial_derivatives_leave_v_alone_and_refuse_bad_input():
    v = np.array([[1.0, 2.0]])
    nn.partial_derivatives(lambda u: float(u.sum()), v)
    assert v.tolist() == [[1.0, 2.0]]
    with pytest.raises(TypeError, match="f must be a function"):
        nn.partial_derivatives("not a function", v)
    with pytest.raises(ValueError, match="at least one entry"):
        nn.partial_derivatives(lambda u: 0.0, 3.0)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("ell", [1, 2, 3])
def test_layer_derivative_wrt_z_is_delta_over_M(loss, ell):
    delta = nn.backprop(THETAS, nn.forward(THETAS, X), Y, loss=loss).delta
    measured = nn.layer_derivative(THETAS, X, Y, ell, loss=loss)
    np.testing.assert_allclose(measured * len(X), delta[ell], atol=1e-7)


@pytest.mark.parametrize("ell", [1, 2])
def test_layer_derivative_wrt_a_is_the_next_delta_sent_back(ell):
    delta = nn.backprop(THETAS, nn.forward(THETAS, X), Y).delta
    measured = nn.layer_derivative(THETAS, X, Y, ell, wrt="a")
    np.testing.assert_allclose(measured * len(X), delta[ell + 1] @ THETAS[ell], atol=1e-7)


def test_layer_derivative_wrt_the_outputs_is_minus_y_over_a():
    x, y = X[:1], Y[:1]
    a_L = nn.forward(THETAS, x).y_hat
    np.testing.assert_allclose(nn.layer_derivative(THETAS, x, y, 3, wrt="a"), -y / a_L, atol=1e-7)


def test_layer_derivative_refuses_a_layer_that_does_not_exist():
    with pytest.raises(ValueError, match=r"ℓ \(ell\) must be a layer 1 … L = 3"):
        nn.layer_derivative(THETAS, X, Y, 4)
    with pytest.raises(ValueError, match="ell"):
        nn.layer_derivative(THETAS, X, Y, 0)
    with pytest.raises(ValueError, match="wrt"):
        nn.layer_derivative(THETAS, X, Y, 1, wrt="theta")


def test_compare_says_agrees_below_the_tolerance_and_gives_r_above_it():
    good = nn.compare("same", np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-12]))
    assert good.passed and str(good) == "same: agrees"
    bad = nn.compare("half", np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert not bad.passed and str(bad) == "half: DISAGREES (r = 0.71)"  # orthogonal, same size
    assert str(nn.compare("x", [1.0], [1.0 + 1e-3], tol=1e-2)) == "x: agrees"
    # the boundary: r ≈ 1.5e-7 is just above the default tolerance 1e-7
    assert not nn.compare("near", [1.0], [1.0 + 3e-7]).passed
    assert nn.compare("nearer", [1.0], [1.0 + 1e-7]).passed
    with pytest.raises(TypeError, match="name"):
        nn.compare(3, [1.0], [1.0])


def test_article_gradients_are_the_articles_recipe_and_ignore_the_labels():
    got = article.article_gradients(THETAS, X, Y)
    A = nn.forward(THETAS, X).a
    M = len(X)
    # written out independently, layer by layer: δ_ℓ = a_ℓ − 1 in every layer
    expected_L = (A[3] - 1).T @ A[2] / M
    expected_2 = (((A[3] - 1) @ THETAS[2]) * A[2] * (1 - A[2])).T @ A[1] / M
    expected_1 = (((A[2] - 1) @ THETAS[1]) * A[1] * (1 - A[1])).T @ A[0] / M
    for g, e in zip(got, [expected_1, expected_2, expected_L]):
        np.testing.assert_allclose(g, e)
    swapped = article.article_gradients(THETAS, X, Y[:, ::-1])
    assert all(np.array_equal(g, s) for g, s in zip(got, swapped))
    assert not nn.gradient_check(THETAS, X, Y, grads=got).passed  # and it is wrong


@pytest.mark.parametrize("name", article.__all__)
def test_public_functions_teach_equation_shapes_example(name):
    obj = getattr(article, name)
    if inspect.isfunction(obj):
        doc = inspect.getdoc(obj)
        assert "Equation" in doc and "Shapes" in doc and ">>>" in doc, name
