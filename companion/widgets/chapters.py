"""The chapters' widgets: layer sizes (feed-forward), ŷ and y (loss), α (backpropagation).

Each is a pure *compute* function (values → data), a *draw* function (data →
Figure) and a constructor that puts them in a ``LivePanel`` or, for the web
page, a ``StaticPanel``.
"""

from __future__ import annotations

import ipywidgets
import numpy as np

from .. import plotting
from .._validation import check_int
from ..datasets import moons
from ..losses import cross_entropy, mse
from ..network import init_thetas
from ..training import gradient_descent
from ._controls import PHONE_WIDTH_IN, LivePanel, StaticPanel, new_figure, widget_mode

__all__ = ["network_widget", "loss_widget", "learning_rate_widget", "ALPHAS"]

#: Text in the widgets' figures, in points: shown at 80 px per inch, about 12 px on a desktop page.
TEXT_PT = 11

# --- feed-forward: layer sizes → the network and every Θ_ℓ shape -------------------------------------


def _network_sizes(N, H_1, H_2, P):
    return [N, H_1] + ([H_2] if H_2 else []) + [P]


def _draw_network(sizes):
    fig, (ax,) = new_figure(5.4, 3.9)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.84)
    plotting.plot_network(sizes, ax=ax)
    shapes = ",  ".join(f"Θ_{ell}: {h} × {h_prev}" for ell, (h_prev, h) in enumerate(zip(sizes[:-1], sizes[1:]), 1))
    n_weights = sum(h * h_prev for h_prev, h in zip(sizes[:-1], sizes[1:]))
    ax.set_title(f"{shapes}\n({n_weights} weights)", fontsize=TEXT_PT)
    return fig


def network_widget(N=4, P=3, mode=None):
    """Layer sizes → the network's figure and the shape of every Θ_ℓ.

    Equation: Θ_ℓ ∈ R^{H_ℓ × H_{ℓ−1}}, with H_0 = N inputs and H_L = P outputs;
    sliders set H_1 and H_2 (H_2 = 0: one hidden layer only).
    """
    N = check_int(N, "N", minimum=1, maximum=1000)
    P = check_int(P, "P", minimum=2, maximum=1000)
    if widget_mode(mode) == "static":
        return StaticPanel(
            lambda h1, h2: _draw_network(_network_sizes(N, h1, h2, P)),
            [("H_1", [1, 2, 3, 5, 8], "{}"), ("H_2 (0 = none)", [0, 2, 4, 6], "{}")],
            alt=f"Diagram of a network with {N} inputs and {P} outputs, its units as circles joined "
            "by lines, with the shape of every weight matrix written above it",
            start=[2, 0],
        )
    controls = {
        "H_1": ipywidgets.IntSlider(3, 1, 12, description="H_1"),
        "H_2": ipywidgets.IntSlider(0, 0, 12, description="H_2 (0 = none)", style={"description_width": "initial"}),
    }
    return LivePanel(
        controls,
        lambda H_1, H_2: _network_sizes(N, H_1, H_2, P),
        _draw_network,
        status=lambda sizes: f"sizes = {sizes}",
    )


# --- loss: ŷ and y → ℒ_MSE and ℒ_CE -----------------------------------------------------------------


def _loss_data(p_true, share):
    """P = 3, true class 0; ŷ puts p_true on it and splits the rest share : 1 − share."""
    y = np.array([[1.0, 0.0, 0.0]])
    rest = 1 - p_true
    y_hat = np.array([[p_true, share * rest, (1 - share) * rest]])
    return {
        "y": y,
        "y_hat": y_hat,
        "mse": float(mse(y, y_hat)[0]),
        "ce": float(cross_entropy(y, y_hat)[0]),
        "p": p_true,
        "share": share,
    }


def _draw_loss(data):
    # stacked, and narrow enough to be shown unscaled on a phone
    fig, (ax_bar, ax_curve) = new_figure(PHONE_WIDTH_IN, 5.6, nrows=2)
    fig.subplots_adjust(left=0.14, right=0.96, bottom=0.09, top=0.94, hspace=0.5)
    colors = plotting.OKABE_ITO
    j = np.arange(3)
    ax_bar.bar(j - 0.2, data["y"][0], width=0.4, color=colors[0], label="y (target)")
    ax_bar.bar(j + 0.2, data["y_hat"][0], width=0.4, color=colors[1], hatch="//", label="ŷ (prediction)")
    ax_bar.set_xticks(j, ["1 (true)", "2", "3"], fontsize=TEXT_PT)
    ax_bar.set_xlabel("class", fontsize=TEXT_PT)
    ax_bar.set_ylim(0, 1.05)
    ax_bar.tick_params(labelsize=TEXT_PT)
    ax_bar.set_title("ŷ = (" + ", ".join(f"{v:.2f}" for v in data["y_hat"][0]) + ")", fontsize=TEXT_PT)
    ax_bar.legend(fontsize=TEXT_PT - 1)
    p = np.linspace(0.01, 0.99, 99)
    share = data["share"]
    curves = [_loss_data(q, share) for q in p]
    ax_curve.plot(p, [c["ce"] for c in curves], color=colors[5], label="ℒ_CE")
    ax_curve.plot(p, [c["mse"] for c in curves], color=colors[2], ls="--", label="ℒ_MSE")
    ax_curve.plot([data["p"]], [data["ce"]], "o", color=colors[5])
    ax_curve.plot([data["p"]], [data["mse"]], "s", color=colors[2])
    ax_curve.set_xlabel("ŷ on the true class", fontsize=TEXT_PT)
    ax_curve.set_xlim(0, 1)
    ax_curve.set_ylim(0, 4.7)
    ax_curve.tick_params(labelsize=TEXT_PT)
    ax_curve.set_title(f"ℒ_MSE = {data['mse']:.3f}   ℒ_CE = {data['ce']:.3f}", fontsize=TEXT_PT)
    ax_curve.legend(fontsize=TEXT_PT - 1)
    return fig


def loss_widget(mode=None):
    """ŷ and y → ℒ_MSE and ℒ_CE for one sample with P = 3 classes (true class 1).

    Equations (eq-mse) and (eq-ce).  One slider sets ŷ on the true class; the other
    splits the remaining probability between the two wrong classes — which changes
    ℒ_MSE but not ℒ_CE.
    """
    if widget_mode(mode) == "static":
        return StaticPanel(
            lambda p, s: _draw_loss(_loss_data(p, s)),
            [
                ("ŷ on the true class", [0.02, 0.1, 0.25, 0.4, 0.6, 0.8, 0.95], "{:.2f}"),
                ("share of the rest on class 2", [0.0, 0.5, 1.0], "{:.1f}"),
            ],
            alt="Bars of the target y and the prediction ŷ for three classes, and the two losses "
            "plotted against ŷ on the true class with the current values marked",
            start=[3, 1],
        )
    style = {"description_width": "initial"}
    controls = {
        "p_true": ipywidgets.FloatSlider(
            0.4, min=0.01, max=0.99, step=0.01, description="ŷ on the true class", style=style
        ),
        "share": ipywidgets.FloatSlider(
            0.5, min=0.0, max=1.0, step=0.05, description="share of the rest on class 2", style=style
        ),
    }
    return LivePanel(controls, _loss_data, _draw_loss)


# --- gradient descent: α → convergence, oscillation, blow-up ------------------------------------------

ALPHAS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]
#: The error axis of the α widget, the same at every α (the largest E after 100 epochs is about 80).
LEARNING_RATE_E_RANGE = (0.1, 1000)


def _learning_rate_data(alpha, epochs=100):
    X, Y = moons(M=200, noise=0.15, seed=0)
    result = gradient_descent(init_thetas([2, 8, 2], seed=0), X, Y, alpha=alpha, epochs=epochs, on_divergence="stop")
    return {"alpha": alpha, "result": result, "X": X, "Y": Y, "epochs": epochs}


def _draw_learning_rate(data):
    # stacked, and narrow enough to be shown unscaled on a phone
    fig, (ax_error, ax_regions) = new_figure(PHONE_WIDTH_IN, 6.0, nrows=2)
    fig.subplots_adjust(left=0.17, right=0.96, bottom=0.05, top=0.92, hspace=0.45)
    history = data["result"].history
    ax_error.plot(history.epoch, history.error, color=plotting.OKABE_ITO[0])
    # the same axes at every α, so that the slider's positions can be compared
    ax_error.set_yscale("log")
    ax_error.set_ylim(*LEARNING_RATE_E_RANGE)
    ax_error.set_xlim(0, data["epochs"])
    ax_error.set_xlabel("epoch t", fontsize=TEXT_PT)
    ax_error.set_ylabel("E (log scale)", fontsize=TEXT_PT)
    ax_error.tick_params(labelsize=TEXT_PT)
    ax_error.set_title(
        f"α = {data['alpha']:g}:\nE from {history.error[0]:.2f} to {history.error[-1]:.3g}", fontsize=TEXT_PT
    )
    plotting.plot_decision_regions(data["result"].thetas, data["X"], data["Y"], ax=ax_regions, resolution=60)
    ax_regions.set_xlabel("")
    ax_regions.set_ylabel("")
    ax_regions.tick_params(labelsize=TEXT_PT)
    ax_regions.set_title(
        f"after {history.epoch[-1]} epochs:\nE {history.error[-1]:.3g}, accuracy {history.accuracy[-1]:.0%}",
        fontsize=TEXT_PT,
    )
    ax_regions.get_legend().remove()
    return fig


def learning_rate_widget(mode=None):
    """α → the error curve of 100 full-batch gradient-descent epochs on the moons, and the result.

    Equation (eq-gd): Θ_ℓ ← Θ_ℓ − α ∂E/∂Θ_ℓ.  Too small an α crawls, a good one
    converges, a large one overshoots and oscillates, a huge one throws the
    weights into the sigmoid's flat regions where E stays high.
    """
    if widget_mode(mode) == "static":
        return StaticPanel(
            lambda alpha: _draw_learning_rate(_learning_rate_data(alpha)),
            [("α", ALPHAS, "{:g}")],
            alt="The error E over 100 epochs of gradient descent on a log scale, and the decision "
            "regions of the trained network over the two moons",
            start=[4],
        )
    controls = {
        "alpha": ipywidgets.FloatLogSlider(
            1.0, base=10, min=-2, max=3, step=0.1, description="α", continuous_update=False
        )
    }
    return LivePanel(controls, _learning_rate_data, _draw_learning_rate)
