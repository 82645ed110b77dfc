"""Sliders for the chapters (ipywidgets).  Imported only where a widget is shown.

Every widget here exists in two forms built from the same pieces — a *compute*
function that asks ``companion`` for numbers and a *draw* function that turns
them into a matplotlib figure:

* **live** (in JupyterLab, Binder, Colab): any control change recomputes and
  redraws; the figure is a PNG in an ``Image`` widget, swapped in one step, so
  nothing flickers.
* **static** (on the web page, where there is no Python): every slider position
  of a grid is computed in advance; the figures sit in a ``Stack`` whose
  ``selected_index`` is linked *in the browser* (``jslink``) to the slider, so
  moving the slider switches the figure with no kernel.  A note says that the
  live form recomputes for any value.

``mode=None`` picks the form from the environment variable ``COMPANION_WIDGETS``
(``"static"`` while the book is built, ``"live"`` otherwise).

Each widget is a ``VBox`` subclass that keeps what it computed (``.data``) and
drew (``.figure``), so tests can set a control and check the result.
"""

from __future__ import annotations

import html
import io
import os
import time

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from . import plotting as cp
from .datasets import DATASETS, train_test_split
from .losses import _cross_entropy, _mse
from .network import init_thetas
from .training import gradient_descent

__all__ = ["widget_mode", "figure_png", "LivePanel", "StaticPanel", "network_widget", "loss_widget",
           "learning_rate_widget", "explorer", "explore", "benchmark_latency", "STATIC_NOTE"]

STATIC_NOTE = ("<small><em>Precomputed: each slider position was computed when this page was built, "
               "so the slider works without Python. Run the chapter live (the launch button at the top "
               "of the page: Binder or Colab, or JupyterLab on your computer) and the same widget "
               "recomputes for any value.</em></small>")


def widget_mode(mode=None):
    """``"live"`` or ``"static"``: the given mode, else $COMPANION_WIDGETS, else ``"live"``."""
    mode = mode or os.environ.get("COMPANION_WIDGETS", "live")
    if mode not in ("live", "static"):
        raise ValueError(f"mode must be 'live' or 'static' (or None), got {mode!r}")
    return mode


def figure_png(fig, dpi=80, colors=64) -> bytes:
    """Render a matplotlib Figure to a small PNG: a 64-colour palette (a third of the size, looks the
    same for these flat-coloured plots), no timestamp, so identical figures give identical bytes."""
    from PIL import Image                      # Pillow comes with matplotlib

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _new_figure(width, height, ncols=1):
    fig = Figure(figsize=(width, height), layout="none")   # not pyplot: never shown by itself
    # fixed margins: a third faster than constrained layout, and sliders must feel live
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.17, top=0.88, wspace=0.38)
    axes = [fig.add_subplot(1, ncols, k + 1) for k in range(ncols)]
    return fig, axes


class LivePanel(W.VBox):
    """Controls, a figure and a status line; changing any control recomputes and redraws.

    ``compute(**values)`` returns data (numbers from companion); ``draw(data)`` returns a Figure.
    After every update ``.data``, ``.figure`` and ``.seconds`` (time of the last update) are set.
    """

    def __init__(self, controls, compute, draw, status=None):
        self.controls = dict(controls)
        self.compute, self.draw = compute, draw
        self.image = W.Image(format="png")
        self.status = W.HTML()
        self.describe = status or (lambda data: "")
        for control in self.controls.values():
            control.observe(self.update, names="value")
        super().__init__(list(self.controls.values()) + [self.image, self.status])
        self.update()

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None):
        start = time.perf_counter()
        self.data = self.compute(**self.values())
        self.figure = self.draw(self.data)
        self.image.value = figure_png(self.figure)
        self.status.value = self.describe(self.data)
        self.seconds = time.perf_counter() - start


def _selection_slider(name, values, fmt):
    return W.SelectionSlider(options=[(fmt.format(v), v) for v in values], value=values[0], description=name,
                             continuous_update=True, style={"description_width": "initial"},
                             layout=W.Layout(width="420px"))


class StaticPanel(W.VBox):
    """Precomputed figures for a grid of one or two slider values, switched in the browser.

    ``grid`` is ``[(name, values, fmt)]`` or two such entries; ``render(v)`` or
    ``render(v1, v2)`` returns a Figure.  One slider: a ``Stack`` of ``Image``
    widgets with ``slider.index`` jslinked to ``stack.selected_index``.  Two
    sliders: an outer ``Stack`` (slider 1) of inner ``Stack`` s (all jslinked to
    slider 2).  ``.pngs`` holds the PNG bytes, indexed like the grid.  ``alt`` says what
    the figure shows; in the page, the image's alt text becomes "<alt>, for <slider> = <value>, …"
    (book/_static/widget-a11y.js reads it from a hidden element of the note).
    """

    def __init__(self, render, grid, alt, start=None, note=STATIC_NOTE):
        if len(grid) not in (1, 2):
            raise ValueError(f"a static panel has one or two sliders, got {len(grid)}")
        start = start or [0] * len(grid)
        self.links = []                                   # the browser-side links, kept for inspection
        self.sliders = [_selection_slider(name, list(values), fmt) for name, values, fmt in grid]
        for slider, index in zip(self.sliders, start):
            slider.index = index
        if len(grid) == 1:
            self.pngs = [figure_png(render(v)) for v in grid[0][1]]
            self.stack = W.Stack([W.Image(value=png, format="png") for png in self.pngs], selected_index=start[0])
            self.links.append(W.jslink((self.sliders[0], "index"), (self.stack, "selected_index")))
        else:
            self.pngs = [[figure_png(render(v1, v2)) for v2 in grid[1][1]] for v1 in grid[0][1]]
            inner = []
            for row in self.pngs:
                stack = W.Stack([W.Image(value=png, format="png") for png in row], selected_index=start[1])
                self.links.append(W.jslink((self.sliders[1], "index"), (stack, "selected_index")))
                inner.append(stack)
            self.stack = W.Stack(inner, selected_index=start[0])
            self.links.append(W.jslink((self.sliders[0], "index"), (self.stack, "selected_index")))
        self.alt = alt
        caption = W.HTML(f'<span class="static-alt" hidden>{html.escape(alt)}</span>{note or ""}')
        super().__init__(self.sliders + [self.stack, caption])
        self.add_class("static-slider")


# --- feed-forward: layer sizes → the network and every Θ_ℓ shape -------------------------------------

def _network_sizes(N, H_1, H_2, P):
    return [N, H_1] + ([H_2] if H_2 else []) + [P]


def _draw_network(sizes):
    fig, (ax,) = _new_figure(6.4, 3.4)
    cp.plot_network(sizes, ax=ax)
    shapes = ",  ".join(f"Θ_{ell}: {h} × {h_prev}" for ell, (h_prev, h) in enumerate(zip(sizes[:-1], sizes[1:]), 1))
    n_weights = sum(h * h_prev for h_prev, h in zip(sizes[:-1], sizes[1:]))
    ax.set_title(f"{shapes}   ({n_weights} weights)", fontsize=9)
    return fig


def network_widget(N=4, P=3, mode=None):
    """Layer sizes → the network's figure and the shape of every Θ_ℓ.

    Equation: Θ_ℓ ∈ R^{H_ℓ × H_{ℓ−1}}, with H_0 = N inputs and H_L = P outputs;
    sliders set H_1 and H_2 (H_2 = 0: one hidden layer only).
    """
    if widget_mode(mode) == "static":
        return StaticPanel(lambda h1, h2: _draw_network(_network_sizes(N, h1, h2, P)),
                           [("H_1", [1, 2, 3, 5, 8], "{}"), ("H_2 (0 = none)", [0, 2, 4, 6], "{}")],
                           alt=f"Diagram of a network with {N} inputs and {P} outputs, its units as circles joined "
                               "by lines, with the shape of every weight matrix written above it",
                           start=[2, 0])
    controls = {"H_1": W.IntSlider(3, 1, 12, description="H_1"),
                "H_2": W.IntSlider(0, 0, 12, description="H_2 (0 = none)", style={"description_width": "initial"})}
    return LivePanel(controls, lambda H_1, H_2: _network_sizes(N, H_1, H_2, P), _draw_network,
                     status=lambda sizes: f"sizes = {sizes}")


# --- loss: ŷ and y → ℒ_MSE and ℒ_CE -----------------------------------------------------------------

def _loss_data(p_true, share):
    """P = 3, true class 0; ŷ puts p_true on it and splits the rest share : 1 − share."""
    y = np.array([[1.0, 0.0, 0.0]])
    rest = 1 - p_true
    y_hat = np.array([[p_true, share * rest, (1 - share) * rest]])
    return {"y": y, "y_hat": y_hat, "mse": float(_mse(y, y_hat)[0]), "ce": float(_cross_entropy(y, y_hat)[0]),
            "p": p_true, "share": share}


def _draw_loss(data):
    fig, (ax_bar, ax_curve) = _new_figure(7.0, 2.8, ncols=2)
    j = np.arange(3)
    ax_bar.bar(j - 0.2, data["y"][0], width=0.4, color=cp.OKABE_ITO[0], label="y (target)")
    ax_bar.bar(j + 0.2, data["y_hat"][0], width=0.4, color=cp.OKABE_ITO[1], hatch="//", label="ŷ (prediction)")
    ax_bar.set_xticks(j, ["class 1 (true)", "class 2", "class 3"])
    ax_bar.set_ylim(0, 1.05)
    ax_bar.legend(fontsize=8)
    p = np.linspace(0.01, 0.99, 99)
    share = data["share"]
    curves = [_loss_data(q, share) for q in p]
    ax_curve.plot(p, [c["ce"] for c in curves], color=cp.OKABE_ITO[5], label="ℒ_CE")
    ax_curve.plot(p, [c["mse"] for c in curves], color=cp.OKABE_ITO[2], ls="--", label="ℒ_MSE")
    ax_curve.plot([data["p"]], [data["ce"]], "o", color=cp.OKABE_ITO[5])
    ax_curve.plot([data["p"]], [data["mse"]], "s", color=cp.OKABE_ITO[2])
    ax_curve.set_xlabel("ŷ on the true class")
    ax_curve.set_ylim(0, 4.7)
    ax_curve.set_title(f"ℒ_MSE = {data['mse']:.3f}   ℒ_CE = {data['ce']:.3f}", fontsize=9)
    ax_curve.legend(fontsize=8)
    return fig


def loss_widget(mode=None):
    """ŷ and y → ℒ_MSE and ℒ_CE for one sample with P = 3 classes (true class 1).

    Equations (eq-mse) and (eq-ce).  One slider sets ŷ on the true class; the other
    splits the remaining probability between the two wrong classes — which changes
    ℒ_MSE but not ℒ_CE.
    """
    if widget_mode(mode) == "static":
        return StaticPanel(lambda p, s: _draw_loss(_loss_data(p, s)),
                           [("ŷ on the true class", [0.02, 0.1, 0.25, 0.4, 0.6, 0.8, 0.95], "{:.2f}"),
                            ("share of the rest on class 2", [0.0, 0.5, 1.0], "{:.1f}")],
                           alt="Bars of the target y and the prediction ŷ for three classes, and the two losses "
                               "plotted against ŷ on the true class with the current values marked",
                           start=[3, 1])
    style = {"description_width": "initial"}
    controls = {"p_true": W.FloatSlider(0.4, min=0.01, max=0.99, step=0.01, description="ŷ on the true class",
                                        style=style),
                "share": W.FloatSlider(0.5, min=0.0, max=1.0, step=0.05, description="share of the rest on class 2",
                                       style=style)}
    return LivePanel(controls, _loss_data, _draw_loss)


# --- gradient descent: α → convergence, oscillation, blow-up ------------------------------------------

ALPHAS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]


def _learning_rate_data(alpha, epochs=100):
    X, Y = DATASETS["moons"](M=200, noise=0.15, seed=0)
    result = gradient_descent(init_thetas([2, 8, 2], seed=0), X, Y, alpha=alpha, epochs=epochs,
                              on_divergence="stop")
    return {"alpha": alpha, "result": result, "X": X, "Y": Y}


def _draw_learning_rate(data):
    fig, (ax_e, ax_r) = _new_figure(7.4, 3.0, ncols=2)
    h = data["result"].history
    ax_e.plot(h.epoch, h.error, color=cp.OKABE_ITO[0])
    ax_e.set_yscale("log")
    ax_e.set_ylim(0.1, 1000)
    ax_e.set_xlabel("epoch t")
    ax_e.set_ylabel("E (log scale)")
    ax_e.set_title(f"α = {data['alpha']:g}: E from {h.error[0]:.2f} to {h.error[-1]:.2f}", fontsize=9)
    cp.plot_decision_regions(data["result"].thetas, data["X"], data["Y"], ax=ax_r, resolution=60)
    ax_r.set_title(f"after {h.epoch[-1]} epochs: accuracy {h.accuracy[-1]:.0%}", fontsize=9)
    ax_r.get_legend().remove()
    return fig


def learning_rate_widget(mode=None):
    """α → the error curve of 100 full-batch gradient-descent epochs on the moons, and the result.

    Equation (eq-gd): Θ_ℓ ← Θ_ℓ − α ∂E/∂Θ_ℓ.  Too small an α crawls, a good one
    converges, a large one overshoots and oscillates, a huge one throws the
    weights into the sigmoid's flat regions where E stays high.
    """
    if widget_mode(mode) == "static":
        return StaticPanel(lambda a: _draw_learning_rate(_learning_rate_data(a)), [("α", ALPHAS, "{:g}")],
                           alt="The error E over 100 epochs of gradient descent on a log scale, and the decision "
                               "regions of the trained network over the two moons",
                           start=[4])
    controls = {"alpha": W.FloatLogSlider(1.0, base=10, min=-2, max=3, step=0.1, description="α",
                                          continuous_update=False)}
    return LivePanel(controls, _learning_rate_data, _draw_learning_rate)


# --- the network explorer ------------------------------------------------------------------------------

def explore(dataset="moons", noise=0.15, hidden=(8,), alpha=1.0, epochs=300, loss="cross_entropy", seed=0,
            M=200, callback=None):
    """Make a dataset, split it, train a network on it: everything the explorer shows.

    Equation (eq-gd) on E_CE or E_MSE, from (eq-init).  Returns a dict with the
    training result (``result``), the split (``X_train``, …) and ``sizes``;
    a diverging α stops training with ``result.history.message`` set, it never raises.
    """
    X, Y = DATASETS[dataset](M=M, noise=noise, seed=seed)
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=seed)
    sizes = [2, *[int(h) for h in hidden], Y.shape[1]]
    result = gradient_descent(init_thetas(sizes, seed=seed), X_train, Y_train, alpha=alpha, epochs=epochs,
                              loss=loss, X_test=X_test, Y_test=Y_test, on_divergence="stop", callback=callback)
    return {"result": result, "sizes": sizes, "dataset": dataset, "X_train": X_train, "Y_train": Y_train,
            "X_test": X_test, "Y_test": Y_test, "loss": loss}


def _draw_explorer(data):
    fig, (ax_r, ax_e) = _new_figure(7.6, 3.2, ncols=2)
    result = data["result"]
    cp.plot_decision_regions(result.thetas, data["X_train"], data["Y_train"], ax=ax_r, resolution=70)
    h = result.history
    ax_r.set_title(f"{data['dataset']}, sizes {data['sizes']}: test accuracy {h.test_accuracy[-1]:.0%}", fontsize=9)
    ax_r.get_legend().remove()
    cp.plot_history(h, ax=ax_e)
    ax_e.set_ylabel("E_CE" if data["loss"] == "cross_entropy" else "E_MSE")
    return fig


def _explorer_status(data):
    h = data["result"].history
    if h.diverged_at is not None:
        return f"<b>Stopped:</b> {h.message}"
    return (f"E: {h.error[0]:.3f} → {h.error[-1]:.3f} (train), {h.test_error[-1]:.3f} (test); "
            f"accuracy {h.accuracy[-1]:.0%} (train), {h.test_accuracy[-1]:.0%} (test)")


class _Explorer(LivePanel):
    """The live explorer: LivePanel plus a progress bar and per-layer size sliders shown as needed."""

    def __init__(self, controls):
        self.progress = W.IntProgress(0, 0, 1, description="training", layout=W.Layout(width="420px"))
        super().__init__(controls, self._compute, _draw_explorer, status=_explorer_status)
        self.children = list(self.children[:-2]) + [self.progress, self.image, self.status]

    def _compute(self, dataset, noise, layers, H_1, H_2, H_3, alpha, epochs, loss):
        for k, slider in enumerate((self.controls["H_1"], self.controls["H_2"], self.controls["H_3"]), start=1):
            slider.disabled = k > layers
        self.progress.max, self.progress.value = epochs, 0
        step = max(1, epochs // 20)

        def tick(t, history):
            if t % step == 0 or t == epochs:
                self.progress.value = t
        return explore(dataset, noise, [H_1, H_2, H_3][:layers], alpha, epochs, loss, callback=tick)


def explorer(mode=None):
    """The network explorer: dataset, noise, hidden layers and sizes, α, epochs, loss → decision regions and E.

    Equations: the whole book — (eq-batch-forward), (eq-error), (eq-grad-batch), (eq-gd).
    Static form: α × the hidden layer's size on the moons (one hidden layer, 300 epochs).
    """
    if widget_mode(mode) == "static":
        def render(alpha, h):
            return _draw_explorer(explore("moons", 0.15, (h,), alpha, 300))
        return StaticPanel(render, [("α", [0.03, 0.3, 1.0, 3.0, 30.0], "{:g}"), ("H_1", [2, 4, 8, 16, 32], "{}")],
                           alt="Decision regions of a network trained on the two moons, with the training and "
                               "test error curves beside them",
                           start=[2, 2])
    style = {"description_width": "initial"}
    slow = dict(continuous_update=False, style=style)
    controls = {
        "dataset": W.Dropdown(options=list(DATASETS), value="moons", description="dataset"),
        "noise": W.FloatSlider(0.15, min=0.0, max=0.5, step=0.05, description="noise", **slow),
        "layers": W.IntSlider(1, 0, 3, description="hidden layers", **slow),
        "H_1": W.IntSlider(8, 1, 64, description="H_1", **slow),
        "H_2": W.IntSlider(8, 1, 64, description="H_2", **slow),
        "H_3": W.IntSlider(8, 1, 64, description="H_3", **slow),
        "alpha": W.FloatLogSlider(1.0, base=10, min=-3, max=3, step=0.1, description="α", **slow),
        "epochs": W.IntSlider(300, 10, 3000, step=10, description="epochs", **slow),
        "loss": W.ToggleButtons(options=[("cross-entropy", "cross_entropy"), ("MSE", "mse")], value="cross_entropy",
                                description="loss"),
    }
    return _Explorer(controls)


def benchmark_latency(repeats=7):
    """Median seconds for one explorer update with its default settings (retrain + redraw + PNG).

    Used by benchmarks/bench.py; not a test.
    """
    panel = explorer(mode="live")
    times = []
    for k in range(repeats):
        panel.controls["alpha"].value = 1.0 + 0.01 * ((k % 2) + 1)     # a new value each time → a real update
        times.append(panel.seconds)
    return float(np.median(times))
