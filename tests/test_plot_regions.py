"""companion.plotting.plot_regions: the decision regions of a network with bias units or tanh/ReLU layers."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import companion as nn  # noqa: E402
from companion import plotting as cp  # noqa: E402


def _image(fig):
    return fig.axes[0].get_images()[0].get_array()


def test_without_options_it_draws_what_plot_decision_regions_draws():
    X, Y = nn.moons(M=60, seed=0)
    thetas = nn.fit([2, 5, 2], X, Y, alpha=1.0, epochs=30).thetas
    a = _image(cp.plot_decision_regions(thetas, X, Y, resolution=40))
    b = _image(cp.plot_regions(thetas, X, Y, resolution=40))
    plt.close("all")
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_the_colours_follow_the_network_with_bias(activation):
    X, Y = nn.xor(M=80, seed=0)
    X = 2 * X - 1
    r = nn.fit([2, 6, 2], X, Y, alpha=0.05, epochs=200, bias=True, activation=activation, optimiser="adam")
    fig = cp.plot_regions(r.thetas, X, Y, biases=r.biases, activation=activation, resolution=30, margin=0.0)
    image = _image(fig)
    plt.close(fig)
    g0, g1 = np.meshgrid(np.linspace(X[:, 0].min(), X[:, 0].max(), 30), np.linspace(X[:, 1].min(), X[:, 1].max(), 30))
    predicted = nn.predict(r.thetas, np.column_stack([g0.ravel(), g1.ravel()]), biases=r.biases, activation=activation)
    colours = np.array([matplotlib.colors.to_rgb(c) for c in cp.class_colors(2)])
    # each pixel is a blend of its class colour with white: its darkest channel says which class it is
    closest = np.argmin(
        [np.abs((1 - image) / np.maximum(1 - c, 1e-9) - (1 - image)[..., :1]).sum(-1) for c in colours], axis=0
    )
    assert (closest.ravel() == predicted).mean() > 0.99


def test_bad_options_are_refused_before_drawing():
    X, Y = nn.moons(M=20, seed=0)
    thetas = nn.init_thetas([2, 3, 2])
    with pytest.raises(ValueError, match="b_1 must have shape"):
        cp.plot_regions(thetas, X, Y, biases=[np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match="activation must be one of"):
        cp.plot_regions(thetas, X, Y, activation="softplus")
