"""The network explorer, grown into a Playground: a dataset, a network and its training, every choice on
a control, and a picture of what each hidden unit computes.

Three pure steps, then the panel that wires them to controls:

* ``explore(dataset, noise, hidden, alpha, epochs, loss, seed, M, …)`` makes the data (or takes the
  reader's own, from ``own_data.read_points_csv``), splits it and trains a network — numbers only.
  Beyond the article (each option defaults to the article's network): ``bias``, ``activation``
  (sigmoid, tanh, ReLU), ``optimiser`` (sgd, momentum, adam), ``batch_size``, ``weight_decay`` λ;
* ``explorer_compute(settings)`` turns the panel's control values (``EXPLORER_DEFAULTS``
  shows them all) into a call of ``explore`` — it never touches a widget;
* ``explorer_draw(data)`` draws the decision regions, the error curves and one small map per
  hidden unit of the first hidden layers (``unit_maps``) on a new Figure.

``explorer()`` builds the panel: on every change it first updates the controls (which
H_ℓ sliders are in use, the progress bar), then calls the compute and draw steps.  A file
chosen with its upload button is read by ``load_csv``: a good file becomes the dataset
"own data", a bad one leaves everything as it was and says which line and column is wrong.
"""

from __future__ import annotations

import html

import ipywidgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.ticker import FuncFormatter, NullFormatter

from .. import plotting
from .._validation import (
    check_bool,
    check_callable,
    check_choice,
    check_int,
    check_int_list,
    check_nonnegative_real,
    check_positive_real,
    check_real,
    check_seed,
    describe,
)
from ..activations import HIDDEN_ACTIVATIONS
from ..datasets import DATASETS, train_test_split
from ..losses import LOSSES
from ..network import init_biases, init_thetas
from ..optimisers import OPTIMISERS
from ..training import gradient_descent
from ._controls import LivePanel, StaticPanel, widget_mode
from .own_data import OwnData, read_points_csv
from .unit_maps import draw_regions, draw_unit_maps, map_range, unit_maps

__all__ = [
    "explore",
    "explorer_compute",
    "explorer_draw",
    "explorer",
    "EXPLORER_DEFAULTS",
    "STATIC_DATASETS",
    "STATIC_NETWORKS",
    "OWN",
]

#: The value of the "dataset" control for the reader's own CSV file.
OWN = "own"

#: The explorer's controls and their starting values; ``explorer_compute`` takes a dict like this.
#: Everything starts as the article's network: no bias, sigmoid, plain full-batch gradient descent.
EXPLORER_DEFAULTS = {
    "dataset": "moons",
    "noise": 0.15,
    "layers": 1,
    "H_1": 8,
    "H_2": 8,
    "H_3": 8,
    "bias": False,
    "activation": "sigmoid",
    "optimiser": "sgd",
    "alpha": 1.0,
    "batch_size": None,
    "weight_decay": 0.0,
    "epochs": 300,
    "loss": "cross_entropy",
}

MAX_UNITS, MAX_LAYERS, MAX_M, MAX_EPOCHS = 1024, 3, 100_000, 100_000
#: Hidden layers drawn as unit maps, and units per layer (the first ones).
MAP_LAYERS, MAP_UNITS = 2, 8
#: The error axis of the live explorer (log scale); it widens only if E leaves it, so positions compare.
LIVE_ERROR_LIMITS = (1e-3, 10.0)

#: The static page's grid: the datasets × networks from the article's to a modern one.  These two
#: controls change the picture most (see the chapter); α = 1 (0.03 for Adam), H_1 = 8, 300 epochs.
STATIC_DATASETS = ["moons", "spirals", "xor", "blobs"]
STATIC_NETWORKS = {
    "article": {"bias": False, "activation": "sigmoid", "optimiser": "sgd", "alpha": 1.0},
    "bias": {"bias": True, "activation": "sigmoid", "optimiser": "sgd", "alpha": 1.0},
    "bias tanh": {"bias": True, "activation": "tanh", "optimiser": "sgd", "alpha": 1.0},
    "bias ReLU": {"bias": True, "activation": "relu", "optimiser": "sgd", "alpha": 1.0},
    "bias tanh Adam": {"bias": True, "activation": "tanh", "optimiser": "adam", "alpha": 0.03},
}


def _standardise(X):
    """z-scores per column: (x − mean) / standard deviation (a constant column is only centred)."""
    mean, sd = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / np.where(sd > 0, sd, 1.0), mean, sd


def explore(
    dataset="moons",
    noise=0.15,
    hidden=(8,),
    alpha=1.0,
    epochs=300,
    loss="cross_entropy",
    seed=0,
    M=200,
    callback=None,
    *,
    bias=False,
    activation="sigmoid",
    optimiser="sgd",
    batch_size=None,
    weight_decay=0.0,
    own=None,
):
    """Make a dataset (or take the reader's own), split it, train a network on it: everything the explorer shows.

    Equation (eq-gd) on E_CE or E_MSE, from (eq-init).  ``dataset`` is one of
    ``"moons"``, ``"spirals"``, ``"xor"``, ``"blobs"``, or ``"own"`` with ``own`` the
    ``OwnData`` that ``read_points_csv`` made of a file (its features are standardised:
    x ← (x − mean) / standard deviation, per column).  ``hidden`` the hidden layers' sizes
    (H_1, …), () for none, each at most 1024; 8 ≤ M ≤ 100 000 samples, of which a quarter
    are kept for testing; epochs ≤ 100 000.

    Beyond the article (the defaults are the article's network): ``bias`` units b_ℓ
    (starting at 0); ``activation`` "sigmoid", "tanh" or "relu" for the hidden layers
    (Θ initialised with Glorot's scale, He's for ReLU); ``optimiser`` "sgd", "momentum"
    or "adam"; ``batch_size`` B (None: the full batch); ``weight_decay`` λ ≥ 0 (L2).

    Returns a dict with the training result (``result``: thetas, biases, history), the
    split (``X_train``, …), ``sizes`` and every setting; a diverging α stops training
    with ``result.history.message`` set, it never raises.

    >>> data = explore("xor", hidden=(4,), epochs=5)
    >>> data["sizes"], len(data["result"].history.error)
    ([2, 4, 2], 6)
    >>> explore("spirals", epochs=3, bias=True, activation="relu")["result"].biases[0].shape
    (8,)
    """
    dataset = check_choice(dataset, "dataset", (*DATASETS, OWN))
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
    bias = check_bool(bias, "bias")
    activation = check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    optimiser = check_choice(optimiser, "optimiser", OPTIMISERS)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", minimum=1, maximum=MAX_M)
    weight_decay = check_nonnegative_real(weight_decay, "weight_decay", symbol="weight_decay λ")
    if dataset == OWN:
        if not isinstance(own, OwnData) or not own.ok:
            raise ValueError(
                "dataset 'own' needs own=, the OwnData that read_points_csv made of a file it read "
                f"without error; got {describe(own) if not isinstance(own, OwnData) else 'a refused file'}"
            )
        X, mean, sd = _standardise(own.X)
        Y = own.Y
    else:
        if own is not None:
            raise ValueError(f"own= is used only with dataset='own'; got dataset={dataset!r}")
        X, Y = DATASETS[dataset](M=M, noise=noise, seed=seed)
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=seed)
    if batch_size is not None and batch_size >= len(X_train):
        batch_size = None  # a batch of all training samples is the full batch
    sizes = [2, *hidden, Y.shape[1]]
    result = gradient_descent(
        init_thetas(sizes, seed=seed, scheme="he" if activation == "relu" else "glorot"),
        X_train,
        Y_train,
        alpha=alpha,
        epochs=epochs,
        loss=loss,
        X_test=X_test,
        Y_test=Y_test,
        on_divergence="stop",
        callback=callback,
        biases=init_biases(sizes) if bias else None,
        activation=activation,
        optimiser=optimiser,
        batch_size=batch_size,
        weight_decay=weight_decay,
        seed=seed,
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
        "alpha": alpha,
        "epochs": epochs,
        "bias": bias,
        "activation": activation,
        "optimiser": optimiser,
        "batch_size": batch_size,
        "weight_decay": weight_decay,
        "classes": list(own.classes) if dataset == OWN else list(range(Y.shape[1])),
        "names": own.names if dataset == OWN else ("x_1", "x_2", "label"),
    }


def _full_batch_as_none(batch_size):
    """The dropdown's "full batch" is 0; ``explore`` takes None (anything else goes on, to be checked there)."""
    is_zero = isinstance(batch_size, int) and not isinstance(batch_size, bool) and batch_size == 0
    return None if is_zero else batch_size


def explorer_compute(settings, callback=None, own=None):
    """The explorer's control values → ``explore``'s data; no widget is touched.

    ``settings`` is a dict with some or all of the keys of ``EXPLORER_DEFAULTS`` (the
    others keep their defaults): the hidden layers are H_1, …, H_layers; a batch size of 0 or
    None is the full batch.  ``callback(t,
    history)`` is called after each epoch (the panel moves its progress bar with it);
    ``own`` is the reader's file (``OwnData``), used when ``settings["dataset"]`` is "own".

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
    return explore(
        s["dataset"],
        s["noise"],
        hidden,
        s["alpha"],
        s["epochs"],
        s["loss"],
        callback=callback,
        bias=s["bias"],
        activation=s["activation"],
        optimiser=s["optimiser"],
        batch_size=_full_batch_as_none(s["batch_size"]),
        weight_decay=s["weight_decay"],
        own=own if isinstance(s["dataset"], str) and s["dataset"] == OWN else None,
    )


def _network_words(data):
    words = [data["activation"], "bias" if data["bias"] else "no bias", data["optimiser"], f"α = {data['alpha']:g}"]
    if data["batch_size"]:
        words.append(f"B = {data['batch_size']}")
    if data["weight_decay"]:
        words.append(f"λ = {data['weight_decay']:g}")
    return ", ".join(words)


def error_limits(datas):
    """A log-scale range for E holding every curve of ``datas``: the static frames share it, so they compare."""
    values = [e for data in datas for h in [data["result"].history] for e in h.error + h.test_error if e > 0]
    if not values:
        return LIVE_ERROR_LIMITS
    return (min(values) / 1.5, max(values) * 1.5)


def explorer_draw(data, error_limits=None):
    """``explore``'s data → a Figure: decision regions, E per epoch, and a map per hidden unit.

    Equation: the regions are argmax_j F(x)_j over the plane; the curves E(Θ^{(t)}) on the
    training and test sets (log scale; ``error_limits`` fixes its range, else it is
    ``LIVE_ERROR_LIMITS`` widened to hold the curves); below, for the first two hidden
    layers, the map of each unit's a_ℓ,i(x) over the same plane (the first 8 units).
    """
    needed = ("result", "sizes", "dataset", "X_train", "Y_train", "loss")
    if not isinstance(data, dict) or any(key not in data for key in needed):
        raise TypeError(f"data must be the dict that explore() or explorer_compute() returns, got {describe(data)}")
    d = {"bias": False, "activation": "sigmoid", "optimiser": "sgd", "alpha": 1.0, "batch_size": None}
    d = {**d, "weight_decay": 0.0, **data}
    result, history = d["result"], d["result"].history
    try:
        grid = unit_maps(result.thetas, d["X_train"], result.biases, d["activation"], layers=MAP_LAYERS)
    except ValueError:  # weights so large that z_ℓ overflows on the plane: no regions to draw
        grid = None
    rows = len(grid["maps"]) if grid else 0
    width, height = 7.6, 3.2 + 1.05 * rows
    fig = Figure(figsize=(width, height), layout="none")
    # the axes are placed by hand; a placeholder engine keeps matplotlib from switching the book style's
    # constrained layout on at the first savefig (with layout="none" it does, and warns at the second)
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=False))

    def axes(x, y, w, h):
        return fig.add_axes([x / width, y / height, w / width, h / height])

    base = 1.05 * rows
    ax_regions, ax_error = axes(0.76, base + 0.544, 2.81, 2.272), axes(4.638, base + 0.544, 2.81, 2.272)
    test = f": test accuracy {history.test_accuracy[-1]:.0%}" if history.test_accuracy else ""
    if grid:
        draw_regions(ax_regions, grid["y_hat"], grid["extent"], d["X_train"], d["Y_train"])
    if d["dataset"] == OWN:
        ax_regions.set_xlabel(f"{d['names'][0]} (standardised)")
        ax_regions.set_ylabel(f"{d['names'][1]} (standardised)")
    ax_regions.set_title(f"{d['dataset']}, sizes {d['sizes']}{test}", fontsize=9)
    plotting.plot_history(history, ax=ax_error)
    ax_error.set_yscale("log")
    # plain tick labels (0.01, 0.1, 1): the default 10^k labels are typeset as mathtext at every redraw,
    # which took longer than all the rest of the figure
    ax_error.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax_error.yaxis.set_minor_formatter(NullFormatter())
    if error_limits is None:
        positive = [e for e in history.error + history.test_error if e > 0]
        low, high = LIVE_ERROR_LIMITS
        error_limits = (min([low, *positive]), max([high, *positive]))
    ax_error.set_ylim(*error_limits)
    ax_error.set_xlim(0, max(d["epochs"] if "epochs" in d else history.epoch[-1], 1))
    ax_error.set_ylabel("E_CE" if d["loss"] == "cross_entropy" else "E_MSE")
    ax_error.set_title(_network_words(d), fontsize=9)
    maps = grid["maps"] if grid else []
    low, high = map_range(d["activation"], [m[:MAP_UNITS] for m in maps])
    image = None
    for r, layer_maps in enumerate(maps):
        ell, shown = r + 1, min(MAP_UNITS, len(layer_maps))
        y = 1.05 * (rows - 1 - r) + 0.25
        image = draw_unit_maps(axes(0.76, y, 0.8 * shown - 0.1, 0.7), layer_maps, shown, low, high)
        more = f"\n(first {shown}\nof {len(layer_maps)})" if len(layer_maps) > shown else ""
        fig.text(0.08 / width, (y + 0.35) / height, f"layer {ell}{more}", fontsize=9, va="center")
    if image is not None:
        scale = fig.colorbar(image, cax=axes(0.76 + 0.8 * MAP_UNITS, 0.25, 0.08, 1.05 * rows - 0.35))
        scale.ax.tick_params(labelsize=8, length=2, pad=1)
    return fig


def _explorer_status(data):
    history = data["result"].history
    if history.diverged_at is not None:
        return f"<b>Stopped:</b> {history.message}"
    return (
        f"E: {history.error[0]:.3f} → {history.error[-1]:.3f} (train), {history.test_error[-1]:.3f} (test); "
        f"accuracy {history.accuracy[-1]:.0%} (train), {history.test_accuracy[-1]:.0%} (test)"
    )


#: Every control's row fits a phone: at most 320 px wide, narrower if the column is (and two fit side by
#: side in JupyterLab's output area).
ROW = dict(width="320px", max_width="100%")


class _ExplorerPanel(LivePanel):
    """The live explorer: a ``LivePanel`` with a progress bar, whose H_ℓ sliders follow "hidden layers",
    and an upload button for the reader's own CSV file (``load_csv``)."""

    def __init__(self, controls):
        self.progress = ipywidgets.IntProgress(0, 0, 1, description="training", layout=ipywidgets.Layout(**ROW))
        self.upload = ipywidgets.FileUpload(accept=".csv,.txt,text/csv,text/plain", multiple=False)
        self.upload.description = "own data (CSV)"
        self.upload.layout = ipywidgets.Layout(width="auto", max_width="100%")
        self.message = ipywidgets.HTML(
            "<small>A CSV file: two feature columns and a label column, one sample per line.</small>",
            layout=ipywidgets.Layout(max_width="100%"),
        )
        self.own = None
        self._progress_step = 1
        self.upload.observe(self._on_upload, names="value")
        super().__init__(controls, self._compute, explorer_draw, status=_explorer_status, extra=[self.progress])
        self.control_box = ipywidgets.Box(
            list(self.controls.values()), layout=ipywidgets.Layout(display="flex", flex_flow="row wrap")
        )
        own_row = ipywidgets.Box(
            [self.upload, self.message], layout=ipywidgets.Layout(display="flex", flex_flow="row wrap")
        )
        self.children = [self.control_box, own_row, self.progress, self.image, self.status]

    def update(self, change=None):
        """First the controls (which H_ℓ are used, a fresh progress bar), then compute and draw."""
        layers, epochs = self.controls["layers"].value, self.controls["epochs"].value
        for ell in (1, 2, 3):
            self.controls[f"H_{ell}"].disabled = ell > layers
        self.controls["noise"].disabled = self.controls["dataset"].value == OWN
        self.progress.max, self.progress.value = max(epochs, 1), 0
        self._progress_step = max(1, epochs // 20)
        super().update(change)

    def _compute(self, **settings):
        return explorer_compute(settings, callback=self._advance, own=self.own)

    def _advance(self, t, history):
        if t % self._progress_step == 0 or t == self.progress.max:
            self.progress.value = t

    def load_csv(self, content, name="your file"):
        """Read a CSV file (its bytes) into the explorer; True if it was loaded.

        A good file becomes the dataset "own" and the panel retrains on it; a bad one leaves
        the data, the controls and the figure as they were, and ``message`` says what is wrong.
        Never raises.
        """
        name = html.escape(str(name))
        data = read_points_csv(content)
        if not data.ok:
            self.message.value = (
                f'<span style="color:#a40000"><b>{name} was not loaded.</b> {html.escape(data.error)}</span> '
                "The explorer keeps the data it had."
            )
            return False
        previous = (self.own, self.controls["dataset"].options, self.controls["dataset"].value)
        dropdown = self.controls["dataset"]
        self.own = data
        try:
            if dropdown.value == OWN:
                self.update()
            else:
                with self.hold_sync():
                    dropdown.options = [*[(n, n) for n in DATASETS], (f"own: {name}", OWN)]
                dropdown.value = OWN  # retrains
        except (ValueError, TypeError, FloatingPointError) as error:
            self.own = None
            with dropdown.hold_trait_notifications():
                dropdown.options, dropdown.value = previous[1], previous[2]
            self.own = previous[0]
            self.update()
            self.message.value = (
                f'<span style="color:#a40000"><b>{name} was read but could not be trained on:</b> '
                f"{html.escape(str(error))}</span> The explorer keeps the data it had."
            )
            return False
        P, M = data.Y.shape[1], len(data.X)
        labels = ", ".join(html.escape(repr(c)) for c in data.classes)
        self.message.value = (
            f"<b>Loaded {name}</b>: M = {M} samples, P = {P} classes ({labels}); "
            f"features {html.escape(data.names[0])}, {html.escape(data.names[1])} standardised."
        )
        return True

    def _on_upload(self, change):
        files = change["new"]
        if not files:
            return
        chosen = files[-1]
        self.load_csv(chosen["content"], chosen.get("name", "your file"))
        self.upload.value = ()  # the same file can be chosen again


def _static_playground():
    """The web page's explorer: STATIC_DATASETS × STATIC_NETWORKS, precomputed, on one shared error axis."""
    datas = {
        (dataset, network): explore(
            dataset,
            0.15,
            (8,),
            recipe["alpha"],
            300,
            bias=recipe["bias"],
            activation=recipe["activation"],
            optimiser=recipe["optimiser"],
        )
        for dataset in STATIC_DATASETS
        for network, recipe in STATIC_NETWORKS.items()
    }
    limits = error_limits(datas.values())

    def render(dataset, network):
        return explorer_draw(datas[(dataset, network)], error_limits=limits)

    panel = StaticPanel(
        render,
        [("dataset", STATIC_DATASETS, "{}"), ("network", list(STATIC_NETWORKS), "{}")],
        alt="Decision regions of a network with one hidden layer of 8 units, its training and test error "
        "curves (on the same axes for every position), and one map per hidden unit of what it computes "
        "over the input plane",
        start=[STATIC_DATASETS.index("spirals"), 0],
    )
    for slider in panel.sliders:
        # within a phone's column, its readout ("bias tanh Adam") on screen
        slider.layout.width, slider.layout.max_width = ROW["width"], ROW["max_width"]
    panel.data = datas
    return panel


def explorer(mode=None):
    """The Playground: dataset (or your own CSV), noise, hidden layers and sizes, bias, activation, optimiser,
    α, batch size, L2 λ, epochs, loss → decision regions, E per epoch and a map per hidden unit.

    Equations: the whole book — (eq-batch-forward), (eq-error), (eq-grad-batch), (eq-gd) — and
    beyond it, bias units, tanh/ReLU, momentum/Adam and L2.
    Static form: the four datasets × five networks, from the article's (sigmoid, no bias,
    gradient descent) to bias + tanh + Adam (``STATIC_NETWORKS``), one hidden layer of 8
    units, 300 epochs, every frame on the same error axis.
    """
    if widget_mode(mode) == "static":
        return _static_playground()
    style = {"description_width": "initial"}
    slow = dict(continuous_update=False, style=style)
    start = EXPLORER_DEFAULTS

    def layout():
        return ipywidgets.Layout(**ROW)

    def dropdown(options, value, description):
        return ipywidgets.Dropdown(options=options, value=value, description=description, style=style, layout=layout())

    controls = {
        "dataset": dropdown(list(DATASETS), start["dataset"], "dataset"),
        "noise": ipywidgets.FloatSlider(
            start["noise"], min=0.0, max=0.5, step=0.05, description="noise", layout=layout(), **slow
        ),
        "layers": ipywidgets.IntSlider(
            start["layers"], 0, MAX_LAYERS, description="hidden layers", layout=layout(), **slow
        ),
        "H_1": ipywidgets.IntSlider(start["H_1"], 1, 64, description="H_1", layout=layout(), **slow),
        "H_2": ipywidgets.IntSlider(start["H_2"], 1, 64, description="H_2", layout=layout(), **slow),
        "H_3": ipywidgets.IntSlider(start["H_3"], 1, 64, description="H_3", layout=layout(), **slow),
        "bias": ipywidgets.Checkbox(start["bias"], description="bias units b_ℓ", indent=False, layout=layout()),
        "activation": dropdown(
            [("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu")], start["activation"], "activation"
        ),
        "optimiser": dropdown(
            [("gradient descent", "sgd"), ("momentum", "momentum"), ("Adam", "adam")], start["optimiser"], "optimiser"
        ),
        "alpha": ipywidgets.FloatLogSlider(
            start["alpha"], base=10, min=-3, max=3, step=0.1, description="α", layout=layout(), **slow
        ),
        "batch_size": dropdown(
            [("full batch", 0), *[(str(b), b) for b in (8, 16, 32, 64, 128)]], start["batch_size"] or 0, "batch size B"
        ),
        "weight_decay": ipywidgets.SelectionSlider(
            options=[("0", 0.0), *[(f"{v:g}", v) for v in (1e-4, 1e-3, 1e-2, 1e-1)]],
            value=start["weight_decay"],
            description="L2 λ",
            layout=layout(),
            **slow,
        ),
        "epochs": ipywidgets.IntSlider(
            start["epochs"], 10, 3000, step=10, description="epochs", layout=layout(), **slow
        ),
        "loss": dropdown([("cross-entropy", "cross_entropy"), ("MSE", "mse")], start["loss"], "loss"),
    }
    return _ExplorerPanel(controls)
