"""The network explorer: a dataset, a network and its training, every choice on a control.

Three pure steps, then the panel that wires them to controls:

* ``explore(dataset, noise, hidden, alpha, epochs, loss, seed, M)`` makes the data, splits it
  and trains a network — numbers only;
* ``explorer_compute(settings)`` turns the panel's control values (``EXPLORER_DEFAULTS``
  shows them all) into a call of ``explore`` — it never touches a widget;
* ``explorer_draw(data)`` draws the decision regions and the error curves on a new Figure.

``explorer()`` builds the panel: on every change it first updates the controls (which
H_ℓ sliders are in use, the progress bar), then calls the compute and draw steps.
"""

from __future__ import annotations

import ipywidgets

from .. import plotting
from .._validation import (
    check_callable,
    check_choice,
    check_int,
    check_int_list,
    check_positive_real,
    check_real,
    check_seed,
    describe,
)
from ..datasets import DATASETS, train_test_split
from ..losses import LOSSES
from ..network import init_thetas
from ..training import gradient_descent
from ._controls import LivePanel, StaticPanel, new_figure, widget_mode

__all__ = ["explore", "explorer_compute", "explorer_draw", "explorer", "EXPLORER_DEFAULTS"]

#: The explorer's controls and their starting values; ``explorer_compute`` takes a dict like this.
EXPLORER_DEFAULTS = {
    "dataset": "moons",
    "noise": 0.15,
    "layers": 1,
    "H_1": 8,
    "H_2": 8,
    "H_3": 8,
    "alpha": 1.0,
    "epochs": 300,
    "loss": "cross_entropy",
}

MAX_UNITS, MAX_LAYERS, MAX_M, MAX_EPOCHS = 1024, 3, 100_000, 100_000


def explore(
    dataset="moons", noise=0.15, hidden=(8,), alpha=1.0, epochs=300, loss="cross_entropy", seed=0, M=200, callback=None
):
    """Make a dataset, split it, train a network on it: everything the explorer shows.

    Equation (eq-gd) on E_CE or E_MSE, from (eq-init).  ``dataset`` is one of
    ``"moons"``, ``"spirals"``, ``"xor"``, ``"blobs"``; ``hidden`` the hidden layers' sizes
    (H_1, …), () for none, each at most 1024; 8 ≤ M ≤ 100 000 samples, of which a quarter are
    kept for testing; epochs ≤ 100 000.  Returns a dict with the training result (``result``),
    the split (``X_train``, …), ``sizes``, ``dataset`` and ``loss``; a diverging α stops
    training with ``result.history.message`` set, it never raises.

    >>> data = explore("xor", hidden=(4,), epochs=5)
    >>> data["sizes"], len(data["result"].history.error)
    ([2, 4, 2], 6)
    """
    dataset = check_choice(dataset, "dataset", tuple(DATASETS))
    noise = check_real(noise, "noise", low=0)
    hidden = check_int_list(
        hidden, "hidden", minimum=1, allow_whole_floats=False, item_name=lambda i: f"H_{i + 1} (hidden[{i}])"
    )
    for ell, h in enumerate(hidden, start=1):
        check_int(h, f"H_{ell} (hidden[{ell - 1}])", minimum=1, maximum=MAX_UNITS)
    alpha = check_positive_real(alpha, "alpha", symbol="α")
    epochs = check_int(epochs, "epochs", minimum=0, maximum=MAX_EPOCHS)
    loss = check_choice(loss, "loss", LOSSES)
    seed = check_seed(seed)
    M = check_int(M, "M", minimum=8, maximum=MAX_M)
    if callback is not None:
        check_callable(callback, "callback", "callback(epoch, history)")
    X, Y = DATASETS[dataset](M=M, noise=noise, seed=seed)
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=seed)
    sizes = [2, *hidden, Y.shape[1]]
    result = gradient_descent(
        init_thetas(sizes, seed=seed),
        X_train,
        Y_train,
        alpha=alpha,
        epochs=epochs,
        loss=loss,
        X_test=X_test,
        Y_test=Y_test,
        on_divergence="stop",
        callback=callback,
    )
    return {
        "result": result,
        "sizes": sizes,
        "dataset": dataset,
        "X_train": X_train,
        "Y_train": Y_train,
        "X_test": X_test,
        "Y_test": Y_test,
        "loss": loss,
    }


def explorer_compute(settings, callback=None):
    """The explorer's control values → ``explore``'s data; no widget is touched.

    ``settings`` is a dict with some or all of the keys of ``EXPLORER_DEFAULTS`` (the
    others keep their defaults): the hidden layers are H_1, …, H_layers.  ``callback(t,
    history)`` is called after each epoch (the panel moves its progress bar with it).

    >>> explorer_compute({"dataset": "blobs", "layers": 2, "H_1": 5, "H_2": 4, "epochs": 3})["sizes"]
    [2, 5, 4, 3]
    """
    if not isinstance(settings, dict):
        raise TypeError(
            f"settings must be a dict with keys among {', '.join(EXPLORER_DEFAULTS)}, got {describe(settings)}"
        )
    unknown = [key for key in settings if key not in EXPLORER_DEFAULTS]
    if unknown:
        raise ValueError(
            f"settings keys must be among {', '.join(EXPLORER_DEFAULTS)}; got the unknown key {unknown[0]!r}"
        )
    s = {**EXPLORER_DEFAULTS, **settings}
    layers = check_int(s["layers"], "layers", minimum=0, maximum=MAX_LAYERS)
    hidden = [s["H_1"], s["H_2"], s["H_3"]][:layers]
    return explore(s["dataset"], s["noise"], hidden, s["alpha"], s["epochs"], s["loss"], callback=callback)


def explorer_draw(data):
    """``explore``'s data → a Figure: decision regions with the training samples, and E per epoch.

    Equation: the regions are argmax_j F(x)_j over the plane; the curves E(Θ^{(t)}) on
    the training and test sets.
    """
    needed = ("result", "sizes", "dataset", "X_train", "Y_train", "loss")
    if not isinstance(data, dict) or any(key not in data for key in needed):
        raise TypeError(f"data must be the dict that explore() or explorer_compute() returns, got {describe(data)}")
    fig, (ax_regions, ax_error) = new_figure(7.6, 3.2, ncols=2)
    result = data["result"]
    plotting.plot_decision_regions(result.thetas, data["X_train"], data["Y_train"], ax=ax_regions, resolution=70)
    history = result.history
    test = f": test accuracy {history.test_accuracy[-1]:.0%}" if history.test_accuracy else ""
    ax_regions.set_title(f"{data['dataset']}, sizes {data['sizes']}{test}", fontsize=9)
    ax_regions.get_legend().remove()
    plotting.plot_history(history, ax=ax_error)
    ax_error.set_ylabel("E_CE" if data["loss"] == "cross_entropy" else "E_MSE")
    return fig


def _explorer_status(data):
    history = data["result"].history
    if history.diverged_at is not None:
        return f"<b>Stopped:</b> {history.message}"
    return (
        f"E: {history.error[0]:.3f} → {history.error[-1]:.3f} (train), {history.test_error[-1]:.3f} (test); "
        f"accuracy {history.accuracy[-1]:.0%} (train), {history.test_accuracy[-1]:.0%} (test)"
    )


class _ExplorerPanel(LivePanel):
    """The live explorer: a ``LivePanel`` with a progress bar, whose H_ℓ sliders follow "hidden layers"."""

    def __init__(self, controls):
        self.progress = ipywidgets.IntProgress(0, 0, 1, description="training", layout=ipywidgets.Layout(width="420px"))
        self._progress_step = 1
        super().__init__(controls, self._compute, explorer_draw, status=_explorer_status, extra=[self.progress])

    def update(self, change=None):
        """First the controls (which H_ℓ are used, a fresh progress bar), then compute and draw."""
        layers, epochs = self.controls["layers"].value, self.controls["epochs"].value
        for ell in (1, 2, 3):
            self.controls[f"H_{ell}"].disabled = ell > layers
        self.progress.max, self.progress.value = max(epochs, 1), 0
        self._progress_step = max(1, epochs // 20)
        super().update(change)

    def _compute(self, **settings):
        return explorer_compute(settings, callback=self._advance)

    def _advance(self, t, history):
        if t % self._progress_step == 0 or t == self.progress.max:
            self.progress.value = t


def explorer(mode=None):
    """The network explorer: dataset, noise, hidden layers and sizes, α, epochs, loss → decision regions and E.

    Equations: the whole book — (eq-batch-forward), (eq-error), (eq-grad-batch), (eq-gd).
    Static form: α × the hidden layer's size on the moons (one hidden layer, 300 epochs).
    """
    if widget_mode(mode) == "static":

        def render(alpha, h):
            return explorer_draw(explore("moons", 0.15, (h,), alpha, 300))

        return StaticPanel(
            render,
            [("α", [0.03, 0.3, 1.0, 3.0, 30.0], "{:g}"), ("H_1", [2, 4, 8, 16, 32], "{}")],
            alt="Decision regions of a network trained on the two moons, with the training and "
            "test error curves beside them",
            start=[2, 2],
        )
    style = {"description_width": "initial"}
    slow = dict(continuous_update=False, style=style)
    start = EXPLORER_DEFAULTS
    controls = {
        "dataset": ipywidgets.Dropdown(options=list(DATASETS), value=start["dataset"], description="dataset"),
        "noise": ipywidgets.FloatSlider(start["noise"], min=0.0, max=0.5, step=0.05, description="noise", **slow),
        "layers": ipywidgets.IntSlider(start["layers"], 0, MAX_LAYERS, description="hidden layers", **slow),
        "H_1": ipywidgets.IntSlider(start["H_1"], 1, 64, description="H_1", **slow),
        "H_2": ipywidgets.IntSlider(start["H_2"], 1, 64, description="H_2", **slow),
        "H_3": ipywidgets.IntSlider(start["H_3"], 1, 64, description="H_3", **slow),
        "alpha": ipywidgets.FloatLogSlider(start["alpha"], base=10, min=-3, max=3, step=0.1, description="α", **slow),
        "epochs": ipywidgets.IntSlider(start["epochs"], 10, 3000, step=10, description="epochs", **slow),
        "loss": ipywidgets.ToggleButtons(
            options=[("cross-entropy", "cross_entropy"), ("MSE", "mse")], value=start["loss"], description="loss"
        ),
    }
    return _ExplorerPanel(controls)
