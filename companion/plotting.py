"""Figures for the book (matplotlib).  Imported only where a figure is drawn.

One colour-blind-safe palette serves the whole book: the Okabe–Ito colours for
classes and lines, ``cividis`` for continuous maps; classes are also told apart
by marker shape, never by colour alone.  Call ``use_book_style()`` once per
notebook.

Every function draws on an ``ax`` you may pass (or a new figure) and returns the
matplotlib ``Figure``; none of them changes the data it is given.  Every argument
is checked first (by ``companion``'s validation layer): a bad one raises a
``TypeError`` or ``ValueError`` that names it, says what was expected and what
arrived, before anything is drawn.
"""

from __future__ import annotations

import base64
import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ._validation import (
    as_array,
    check_bool,
    check_data,
    check_int,
    check_labels,
    check_real,
    check_sizes,
    describe,
    require_finite,
)
from .network import _checked_forward
from .training import History, TrainingResult

__all__ = [
    "OKABE_ITO",
    "MARKERS",
    "CONTINUOUS_CMAP",
    "use_book_style",
    "plot_network",
    "plot_decision_regions",
    "plot_history",
    "plot_digits",
    "plot_confusion_matrix",
    "class_colors",
    "figure_png_2x",
    "PIXEL_RATIO",
    "MIN_FONT_PT",
]

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: One marker shape per class, so that classes differ by shape as well as colour.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "<"]
#: The colour map for continuous values (perceptually uniform, colour-blind safe).
CONTINUOUS_CMAP = "cividis"


#: PNGs hold twice the pixels they are shown at: crisp on high-density (phone, laptop) screens.
PIXEL_RATIO = 2
#: The smallest text in the book's figures, in points (at 80 dpi: 11 px on a desktop page).
MIN_FONT_PT = 10


def use_book_style():
    """Set matplotlib's defaults for the book: palette, sizes, crisp PNGs of modest bytes.

    Equation: none — presentation only.  Figures are shown at 80 px per inch (a 6-inch figure is
    480 px wide on the page, and scales down to the column on a phone); their PNGs have
    ``PIXEL_RATIO`` times as many pixels (see ``figure_png_2x``).

    >>> use_book_style(); plt.rcParams["image.cmap"]
    'cividis'
    """
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
            "image.cmap": CONTINUOUS_CMAP,
            "figure.figsize": (6.0, 3.6),
            "figure.dpi": 80,
            "savefig.dpi": 80 * PIXEL_RATIO,
            "font.size": 12,
            "axes.titlesize": 12,
            "axes.labelsize": 12,
            "xtick.labelsize": 11,
            "ytick.labelsize": 11,
            "legend.fontsize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
        }
    )
    try:  # notebook figures: PNG (nbval does not compare PNG bytes, but would compare SVG text), at 2×
        # importing the inline backend first lets it set its own formatter before ours replaces it
        from matplotlib.figure import Figure
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            shell.display_formatter.formatters["image/png"].for_type(Figure, _inline_png)
    except ImportError:  # pragma: no cover - outside IPython
        pass


def figure_png_2x(fig, colors=128):
    """A figure as the PNG the book shows: ``PIXEL_RATIO`` × its size in pixels, tightly cropped,
    reduced to a palette of ``colors`` (flat-coloured plots look the same, the bytes fall by
    about half), no timestamp.  Returns ``(png_bytes, width)``: show the PNG ``width`` px wide.

    >>> fig = plt.figure(figsize=(2, 1), dpi=80); png, width = figure_png_2x(fig)
    >>> from PIL import Image; Image.open(io.BytesIO(png)).size[0] == PIXEL_RATIO * width
    True
    """
    from matplotlib.figure import Figure
    from PIL import Image  # Pillow comes with matplotlib

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {describe(fig)}")
    colors = check_int(colors, "colors", minimum=2, maximum=256)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PIXEL_RATIO * fig.dpi, bbox_inches="tight", metadata={"Software": None})
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(out, format="PNG", optimize=True)
    return out.getvalue(), int(round(image.size[0] / PIXEL_RATIO))


def _inline_png(fig):
    """IPython's PNG formatter for a Figure: the 2× PNG (base64) and the width to show it at."""
    if not fig.axes and not fig.lines and not fig.texts and not fig.images and not fig.patches:
        return None  # an empty figure shows nothing, as with IPython's own formatter
    png, width = figure_png_2x(fig)
    return base64.b64encode(png).decode("ascii"), {"width": width}


def class_colors(P):
    """The first P palette colours, one per class (cycled if P > 8).

    >>> class_colors(2)
    ['#0072B2', '#E69F00']
    """
    P = check_int(P, "P", minimum=1)
    return [OKABE_ITO[j % len(OKABE_ITO)] for j in range(P)]


def _check_ax(ax):
    """``ax``: a matplotlib Axes to draw on, or None for a new figure."""
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (or None for a new figure), got {describe(ax)}")
    return ax


def _check_title(title, name="title"):
    """An optional text: None or a string."""
    if title is not None and not isinstance(title, str):
        raise TypeError(f"{name} must be a string (or None), got {describe(title)}")
    return title


def _check_history(history):
    """A ``History`` with at least one epoch and lists of matching lengths, all finite."""
    if isinstance(history, TrainingResult):
        raise TypeError("history must be a History, got a TrainingResult: pass result.history")
    if not isinstance(history, History):
        raise TypeError(
            f"history must be a History (the .history of gradient_descent's result), got {describe(history)}"
        )
    T = len(history.epoch)
    if T == 0:
        raise ValueError("history must hold at least one epoch, got an empty History")
    for name in ("error", "test_error"):
        values = getattr(history, name)
        if name == "test_error" and len(values) == 0:
            continue
        if len(values) != T:
            raise ValueError(f"history.{name} must have one value per epoch ({T}), got {len(values)}")
        as_array(values, f"history.{name}", ndim=1)
    as_array(history.epoch, "history.epoch", ndim=1)
    if history.diverged_at is not None:
        check_int(history.diverged_at, "history.diverged_at", minimum=0)
    return history


def _axes(ax, figsize=None):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    return ax.figure, ax


def plot_network(sizes, ax=None, max_units=8):
    """Draw a dense network from its layer sizes [H_0, …, H_L]: units, connections, Θ_ℓ shapes.

    Equation: Θ_ℓ ∈ R^{H_ℓ × H_{ℓ−1}} connects every unit of layer ℓ−1 to every
    unit of layer ℓ (no bias unit).  Layers with more than ``max_units`` units
    show the first and last few with "⋮" between.

    Shapes: sizes, a list of L + 1 positive integers → a Figure.
    """
    sizes = check_sizes(sizes)
    ax = _check_ax(ax)
    max_units = check_int(max_units, "max_units", minimum=2)
    L = len(sizes) - 1
    fig, ax = _axes(ax, figsize=(1.5 * (L + 1) + 0.8, 3.8))

    def shown(h):
        if h <= max_units:
            return list(range(h)), None
        k = max_units // 2
        return list(range(k)) + list(range(h - k, h)), k

    positions = []
    for ell, h in enumerate(sizes):
        units, gap = shown(h)
        n = len(units) + (1 if gap is not None else 0)
        ys = np.linspace(0.5, -0.5, n) * min(1.0, n / max_units) * 2.2
        if gap is not None:
            ys = np.delete(ys, gap)
        positions.append((ell, ys, gap, n))
    for ell in range(1, L + 1):
        _, y_prev, _, _ = positions[ell - 1]
        _, y_cur, _, _ = positions[ell]
        for y0 in y_prev:
            for y1 in y_cur:
                ax.plot([ell - 1, ell], [y0, y1], color="0.75", lw=0.6, zorder=1)
        ax.text(
            ell - 0.5,
            1.45,
            f"$\\Theta_{{{ell}}}$\n{sizes[ell]} × {sizes[ell - 1]}",
            ha="center",
            va="bottom",
            fontsize=12,
        )
    for ell, ys, gap, _ in positions:
        role = "input" if ell == 0 else ("output\n(softmax)" if ell == L else "hidden\n(sigmoid)")
        color = OKABE_ITO[4] if ell == 0 else (OKABE_ITO[1] if ell == L else OKABE_ITO[0])
        ax.scatter(np.full(len(ys), ell), ys, s=220, color=color, edgecolor="black", zorder=2)
        if gap is not None:
            ax.text(ell, (ys[gap - 1] + ys[gap]) / 2, "⋮", ha="center", va="center", fontsize=14)
        ax.text(ell, -1.5, f"layer {ell}\n$H_{{{ell}}}$ = {sizes[ell]}\n{role}", ha="center", va="top", fontsize=12)
    ax.set_xlim(-0.6, L + 0.6)
    ax.set_ylim(-3.0, 2.1)
    ax.axis("off")
    return fig


def plot_decision_regions(thetas, X, Y, ax=None, resolution=150, margin=0.5, title=None):
    """Colour the plane by the class the network predicts, and plot the samples on top.

    Equation: each point x of the plane gets the colour of argmax_j F(x)_j; the
    shading's strength is the winning probability max_j F(x)_j.

    Shapes: thetas with H_0 = N = 2; X (M, 2); Y (M, P = H_L) one-hot or labels (M,) → a Figure.
    """
    thetas, X, Y = check_data(thetas, X, Y)
    return _regions_figure(thetas, X, Y, None, "sigmoid", ax, resolution, margin, title)


def _regions_figure(thetas, X, Y, biases, activation, ax, resolution, margin, title):
    """The drawing of ``plot_decision_regions`` and ``plot_regions``, on checked thetas, X, Y, biases."""
    if X.shape[1] != 2:
        raise ValueError(f"decision regions need N = H_0 = 2 inputs; got X {X.shape} and Θ_1 {thetas[0].shape}")
    ax = _check_ax(ax)
    resolution = check_int(resolution, "resolution", minimum=2, maximum=2000)
    margin = check_real(margin, "margin", low=0)
    title = _check_title(title)
    P = Y.shape[1]
    with np.errstate(over="ignore", invalid="ignore"):
        lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
        pad = np.where(hi > lo, 0.0, 0.5 + 1e-9 * np.abs(lo))  # one point and no margin: still a square to colour
        lo, hi = lo - pad, hi + pad
        require_finite(
            [lo, hi, hi - lo],
            f"X must span a range the plane can be drawn over; got X from {X.min().item()!r} "
            f"to {X.max().item()!r} with margin {margin!r}",
        )
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()]).astype(thetas[0].dtype)
    # z_ℓ overflows for a huge X: a ValueError
    probs = _checked_forward(thetas, grid, biases=biases, activation=activation).y_hat
    fig, ax = _axes(ax, figsize=(4.2, 3.8))
    winner = probs.argmax(axis=1).reshape(g0.shape)
    confidence = probs.max(axis=1).reshape(g0.shape)
    colors = class_colors(P)
    rgb = np.array([mpl.colors.to_rgb(c) for c in colors])[winner]
    # shading in 5 steps of confidence: reads like contour bands, and the PNG compresses well
    strength = 0.15 + 0.35 * np.floor(5 * (confidence - 1 / P) / (1 - 1 / P) + 0.5) / 5
    image = 1 - strength[..., None] * (1 - rgb)  # blend each class colour with white
    ax.imshow(image, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), aspect="auto", interpolation="nearest")
    y = Y.argmax(axis=1)
    for j in range(P):
        pts = X[y == j]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=18,
            color=colors[j],
            marker=MARKERS[j % len(MARKERS)],
            edgecolor="black",
            linewidth=0.4,
            label=f"class {j}",
        )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=MIN_FONT_PT, handletextpad=0.2)
    return fig


def plot_history(history, ax=None, title=None, log=False):
    """The error E per epoch (training, and test when recorded) from ``gradient_descent``.

    Equation: E(Θ^{(t)}) against t.

    Shapes: a ``History`` → a Figure.
    """
    history = _check_history(history)
    ax = _check_ax(ax)
    title = _check_title(title)
    log = check_bool(log, "log")
    if log and not any(e > 0 for e in history.error + history.test_error):
        raise ValueError("log=True needs an error E > 0 to draw on a log scale; got E = 0 at every epoch")
    fig, ax = _axes(ax, figsize=(5.0, 3.2))
    ax.plot(history.epoch, history.error, color=OKABE_ITO[0], label="training E")
    if history.test_error:
        ax.plot(history.epoch, history.test_error, color=OKABE_ITO[5], ls="--", label="test E")
    if history.diverged_at is not None:
        ax.axvline(history.diverged_at, color=OKABE_ITO[7], ls=":", label=f"diverged (epoch {history.diverged_at})")
    ax.set_xlabel("epoch t")
    ax.set_ylabel("error E")
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.legend()
    return fig


def plot_digits(X, labels, predicted=None, ncols=10, max_images=30):
    """A grid of 8×8 digit images (rows of X), each titled with its label (and the prediction).

    Equation: image i is X[i].reshape(8, 8).

    Shapes: X (M, 64), labels (M,), predicted (M,) or None → a Figure.
    """
    X = as_array(X, "X", ndim=2, shape_hint="(M, 64)")
    if X.shape[1] != 64:
        raise ValueError(f"digit images need N = 64 pixels per row, got X of shape {X.shape}")
    if X.shape[0] == 0:
        raise ValueError(f"X must hold at least one image (M ≥ 1), got shape {X.shape}")
    labels = check_labels(labels, "labels", M=X.shape[0])
    if predicted is not None:
        predicted = check_labels(predicted, "predicted", M=X.shape[0])
    ncols = check_int(ncols, "ncols", minimum=1)
    max_images = check_int(max_images, "max_images", minimum=1)
    n = min(len(X), max_images)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(0.9 * ncols, 1.1 * nrows), squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k >= n:
            continue
        ax.imshow(X[k].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        text = f"{labels[k]}" if predicted is None else f"true {labels[k]}\nsaid {predicted[k]}"
        ax.set_title(text, fontsize=MIN_FONT_PT)
    return fig


def plot_confusion_matrix(cm, ax=None, title=None):
    """Show a confusion matrix: row = true class, column = predicted class, counts in the cells.

    Equation: C_jk = #{i : true class j, predicted class k}.

    Shapes: cm (P, P) → a Figure.
    """
    cm = as_array(cm, "cm", ndim=2, shape_hint="(P, P)")
    if cm.shape[0] != cm.shape[1] or cm.shape[0] == 0:
        raise ValueError(f"cm must be a square confusion matrix (P, P) with P ≥ 1, got shape {cm.shape}")
    not_counts = (cm < 0) | (cm != np.round(cm)) | (cm > 2**53)  # whole numbers a float holds exactly
    if np.any(not_counts):
        j, k = (int(i) for i in np.argwhere(not_counts)[0])
        raise ValueError(
            f"cm must hold counts (whole numbers from 0 to 2**53), got {cm[j, k].item()!r} at index {(j, k)}"
        )
    ax = _check_ax(ax)
    title = _check_title(title)
    fig, ax = _axes(ax, figsize=(4.6, 4.0))
    im = ax.imshow(cm, cmap=CONTINUOUS_CMAP)
    P = cm.shape[0]
    threshold = cm.max() / 2
    for j in range(P):
        for k in range(P):
            ax.text(
                k,
                j,
                str(int(cm[j, k])),
                ha="center",
                va="center",
                fontsize=MIN_FONT_PT,
                color="black" if cm[j, k] > threshold else "white",
            )
    ax.set_xticks(range(P))
    ax.set_yticks(range(P))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if title:
        ax.set_title(title)
    fig.colorbar(im, ax=ax, fraction=0.046)
    return fig


# --- backpropagation pictures (the backpropagation chapter)

__all__ += ["plot_backprop_flow", "plot_layer_graph"]


def _flow_label(name, value, digits=3):
    """'a = 0.731'-style text for one unit; no '-0.000' for a value that rounds to zero."""
    if digits is None:  # inputs and targets: as given, up to 4 digits
        return f"${name}$ = {float(value) + 0.0:.4g}"
    return f"${name}$ = {round(float(value), digits) + 0.0:.{digits}f}"


def plot_backprop_flow(thetas, x, y, ax=None, loss="cross_entropy"):
    """Draw one sample's forward values on the units and its δ's flowing back along the edges.

    Equations (eq-delta-L-ce) and (eq-delta-hidden)::

        forward:  a_0 = x,  a_ℓ = g_ℓ(Θ_ℓ a_{ℓ−1});   backward:  δ_L = a_L − y,
        δ_ℓ = (Θ_{ℓ+1}ᵀ δ_{ℓ+1}) ⊙ a_ℓ ⊙ (1 − a_ℓ)

    Each unit is labelled with its value a_{ℓ,i} (x_j for the inputs) and its
    δ_{ℓ,i}; the outputs also show the target y_i.  An arrow from unit i of layer
    ℓ back to unit j of layer ℓ−1 carries θ_{ℓ,ij} δ_{ℓ,i}, the share of δ_{ℓ,i}
    that unit j receives; its width grows with |θ_{ℓ,ij} δ_{ℓ,i}| and it is solid
    when that share is positive, dashed when negative.  Drawn like
    ``plot_network``; meant for small networks (at most 6 units per layer).
    Every artist that carries data has a ``gid`` ("unit-ℓ-i", "back-ℓ-i-j",
    "label-ℓ-i"; units and layers from 1 as in the book, inputs ℓ = 0).

    Shapes: thetas [Θ_1 … Θ_L]; x (N,) or (1, N); y one-hot (P,) or (1, P), or
    an integer label → a Figure.
    """
    from ._validation import check_choice, check_thetas
    from .backprop import _backprop
    from .losses import LOSSES

    thetas = check_thetas(thetas)
    x = as_array(x, "x", shape_hint="(N,) or (1, N)")
    if x.ndim == 1:
        x = x.reshape(1, -1)
    if x.ndim != 2 or x.shape[0] != 1:
        raise ValueError(f"x must be one sample, shape (N,) or (1, N); got shape {x.shape}")
    if np.ndim(y) == 0:
        y = [y]
    elif np.ndim(y) == 1 and len(y) == thetas[-1].shape[0] and len(y) > 1:
        y = np.asarray(y).reshape(1, -1)
    check_choice(loss, "loss", LOSSES)
    thetas, X, Y = check_data(thetas, x, y)
    sizes = [thetas[0].shape[1]] + [t.shape[0] for t in thetas]
    if max(sizes) > 6:
        raise ValueError(
            f"plot_backprop_flow labels every unit, so layers may have at most 6 units; got layer sizes {sizes}"
        )
    fp = _checked_forward(thetas, X)
    delta = _backprop(thetas, fp, Y, loss).delta
    L = len(thetas)
    fig, ax = _axes(ax, figsize=(2.7 * (L + 1) + 0.6, 4.4))
    ys = [np.linspace(0.5, -0.5, h) * min(1.0, h / 4) * 2.6 if h > 1 else np.zeros(1) for h in sizes]
    for ell in range(1, L + 1):  # forward connections, as in plot_network
        for y0 in ys[ell - 1]:
            for y1 in ys[ell]:
                ax.plot([ell - 1, ell], [y0, y1], color="0.85", lw=0.6, zorder=1)
    shares = [thetas[ell - 1] * delta[ell][0][:, None] for ell in range(1, L + 1)]
    biggest = max(float(np.abs(s).max()) for s in shares) or 1.0
    for ell in range(L, 0, -1):  # δ's flowing back: unit i of ℓ → unit j of ℓ−1
        share = shares[ell - 1]
        for i in range(sizes[ell]):
            for j in range(sizes[ell - 1]):
                c = float(share[i, j])
                arrow = mpl.patches.FancyArrowPatch(
                    (ell, ys[ell][i]),
                    (ell - 1, ys[ell - 1][j]),
                    arrowstyle="-|>",
                    mutation_scale=9,
                    shrinkA=11,
                    shrinkB=11,
                    lw=0.4 + 2.6 * abs(c) / biggest,
                    color=OKABE_ITO[5],
                    ls="-" if c >= 0 else "--",
                    alpha=0.9,
                    zorder=2,
                    gid=f"back-{ell}-{i + 1}-{j + 1}",
                )
                ax.add_patch(arrow)
    for ell, h in enumerate(sizes):
        color = OKABE_ITO[4] if ell == 0 else (OKABE_ITO[1] if ell == L else OKABE_ITO[0])
        for i in range(h):
            ax.scatter([ell], [ys[ell][i]], s=220, color=color, edgecolor="black", zorder=3, gid=f"unit-{ell}-{i + 1}")
            if ell == 0:
                lines = [_flow_label(f"x_{i + 1}", X[0, i], digits=None)]
            else:
                lines = [_flow_label("a", fp.a[ell][0, i])]
                if ell == L:
                    lines.append(_flow_label("y", Y[0, i], digits=None))
                lines.append(_flow_label(r"\delta", delta[ell][0, i]))
            ax.text(
                ell + 0.13,
                ys[ell][i] + 0.12,
                "\n".join(lines),
                ha="left",
                va="bottom",
                fontsize=10.5,
                zorder=4,
                gid=f"label-{ell}-{i + 1}",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
            )
        role = "input" if ell == 0 else ("output\n(softmax)" if ell == L else "hidden\n(sigmoid)")
        ax.text(ell, -1.75, f"layer {ell}\n$H_{{{ell}}}$ = {h}\n{role}", ha="center", va="top", fontsize=10)
    value = float(_error_from_logits(fp.z[L], Y) if loss == "cross_entropy" else ((fp.a[L] - Y) ** 2).mean())
    name = r"\mathcal{L}_\mathrm{CE}" if loss == "cross_entropy" else r"\mathcal{L}_\mathrm{MSE}"
    ax.text(L + 0.65, 1.95, f"${name}$ = {value:.4f}", ha="right", va="top", fontsize=10, gid="loss")
    ax.text(
        -0.45,
        1.95,
        r"arrows: $\theta_{\ell,ij}\,\delta_{\ell,i}$ sent back" "\n(solid > 0, dashed < 0)",
        ha="left",
        va="top",
        fontsize=10.5,
        color=OKABE_ITO[5],
    )
    ax.set_xlim(-0.5, L + 0.75)
    ax.set_ylim(-2.75, 2.05)
    ax.axis("off")
    return fig


def _error_from_logits(z_L, Y):
    """ℒ_CE of one sample from its logits (log-softmax, no overflow)."""
    m = z_L.max()
    return -(Y * (z_L - m - np.log(np.exp(z_L - m).sum()))).sum()


#: The nodes of ``plot_layer_graph``: name → (x, y, label).
_GRAPH_NODES = {
    "a_prev": (0.0, 0.0, r"$a_{\ell-1}$"),
    "theta": (2.8, 1.5, r"$\Theta_\ell$"),
    "z": (2.8, 0.0, r"$z_\ell$"),
    "a": (5.6, 0.0, r"$a_\ell$"),
    "z_next": (8.4, 0.0, r"$z_{\ell+1}$"),
    "loss": (10.8, 0.0, r"$\mathcal{L}$"),
}
#: Its edges: (from, to, the local derivative on the forward edge, what the backward pass sends along it).
_GRAPH_EDGES = [
    (
        "a_prev",
        "z",
        r"$\partial z_\ell / \partial a_{\ell-1} = \Theta_\ell$",
        r"$\Theta_\ell^\mathrm{T}\delta_\ell$ (to layer $\ell-1$)",
    ),
    (
        "theta",
        "z",
        r"$\partial z_{\ell,i} / \partial \theta_{\ell,ij} = a_{\ell-1,j}$",
        r"$\partial\mathcal{L}/\partial\Theta_\ell = \delta_\ell\, a_{\ell-1}^\mathrm{T}$",
    ),
    (
        "z",
        "a",
        r"$\partial a_\ell / \partial z_\ell = a_\ell \odot (1 - a_\ell)$",
        r"$\delta_\ell = \partial\mathcal{L}/\partial z_\ell$",
    ),
    (
        "a",
        "z_next",
        r"$\partial z_{\ell+1} / \partial a_\ell = \Theta_{\ell+1}$",
        r"$\partial\mathcal{L}/\partial a_\ell = \Theta_{\ell+1}^\mathrm{T}\delta_{\ell+1}$",
    ),
    (
        "z_next",
        "loss",
        r"layers $\ell+1, \ldots, \mathrm{L}$",
        r"$\delta_{\ell+1} = \partial\mathcal{L}/\partial z_{\ell+1}$",
    ),
]


def plot_layer_graph(ax=None):
    """The computational graph of one sigmoid layer, with the local derivative on every edge.

    Equations (eq-dz-dtheta), (eq-dz-da), (eq-dsigmoid), (eq-delta-hidden), (eq-grad-hidden)::

        Θ_ℓ, a_{ℓ−1} → z_ℓ = Θ_ℓ a_{ℓ−1} → a_ℓ = σ(z_ℓ) → z_{ℓ+1} = Θ_{ℓ+1} a_ℓ → … → ℒ

    Forward edges (black) carry their local derivative beside them; next to each,
    a dashed arrow in the opposite direction shows what the backward pass sends
    along it: δ_{ℓ+1} arrives from the layers above, becomes ∂ℒ/∂a_ℓ, then δ_ℓ,
    which gives ∂ℒ/∂Θ_ℓ and is passed on to layer ℓ−1.  Nodes have the ``gid``
    "node-<name>", edges "forward-<from>-<to>" and "backward-<from>-<to>", their
    labels "local-<from>-<to>" and "back-<from>-<to>".

    Shapes: no data → a Figure.
    """
    fig, ax = _axes(ax, figsize=(9.4, 3.3))
    for name, (x0, y0, label) in _GRAPH_NODES.items():
        fill = {"loss": OKABE_ITO[1], "theta": "white"}.get(name, OKABE_ITO[0])
        ax.text(
            x0,
            y0,
            label,
            ha="center",
            va="center",
            fontsize=13,
            zorder=3,
            gid=f"node-{name}",
            color="white" if fill == OKABE_ITO[0] else "black",
            bbox=dict(boxstyle="round,pad=0.35", fc=fill, ec="black"),
        )
    for start, end, local, back in _GRAPH_EDGES:
        (x0, y0, _), (x1, y1, _) = _GRAPH_NODES[start], _GRAPH_NODES[end]
        vertical = x0 == x1
        # the backward pass runs beside the forward edge: to its left if vertical, below if horizontal
        dx, dy = (-0.3, 0.0) if vertical else (0.0, -0.42)
        ax.add_patch(
            mpl.patches.FancyArrowPatch(
                (x0, y0),
                (x1, y1),
                arrowstyle="-|>",
                mutation_scale=12,
                shrinkA=15,
                shrinkB=15,
                lw=1.2,
                color="black",
                ls=":" if end == "loss" else "-",
                zorder=2,
                gid=f"forward-{start}-{end}",
            )
        )
        ax.add_patch(
            mpl.patches.FancyArrowPatch(
                (x1 + dx, y1 + dy),
                (x0 + dx, y0 + dy),
                arrowstyle="-|>",
                mutation_scale=10,
                shrinkA=15,
                shrinkB=15,
                lw=1.2,
                color=OKABE_ITO[5],
                ls="--",
                zorder=2,
                gid=f"backward-{start}-{end}",
            )
        )
        xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
        # the local derivative beside the forward edge, what flows back beside the backward one
        if vertical:
            local_at, local_align = (xm + 0.15, ym), dict(ha="left", va="center")
            back_at, back_align = (xm + dx - 0.15, ym), dict(ha="right", va="center")
        else:
            local_at, local_align = (xm, ym + 0.2), dict(ha="center", va="bottom")
            back_at, back_align = (xm, ym + dy - 0.15), dict(ha="center", va="top")
        ax.text(*local_at, local, **local_align, fontsize=10.5, gid=f"local-{start}-{end}")
        ax.text(*back_at, back, **back_align, fontsize=10.5, color=OKABE_ITO[5], gid=f"back-{start}-{end}")
    ax.set_xlim(-0.6, 11.3)
    ax.set_ylim(-1.1, 1.9)
    ax.axis("off")
    return fig


# --- beyond the article (issue 13): decision regions of a network with bias units or another activation --

__all__ += ["plot_regions"]


def plot_regions(thetas, X, Y, biases=None, activation="sigmoid", ax=None, resolution=150, margin=0.5, title=None):
    """Decision regions as ``plot_decision_regions`` draws them, for any network of ``companion``.

    Equation: each point x of the plane gets the colour of argmax_j F(x)_j, with
    F the forward pass with bias units ``biases`` and hidden activation
    ``activation`` (z_ℓ = Θ_ℓ a_{ℓ−1} + b_ℓ, a_ℓ = g(z_ℓ)); the shading's strength
    is the winning probability max_j F(x)_j.

    Shapes: thetas with H_0 = N = 2; biases None or [b_1 (H_1,), …, b_L (P,)];
    X (M, 2); Y (M, P) one-hot or labels (M,) → a Figure.
    """
    from ._validation import check_biases, check_choice
    from .activations import HIDDEN_ACTIVATIONS

    thetas, X, Y = check_data(thetas, X, Y)
    biases = check_biases(biases, thetas)
    check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    return _regions_figure(thetas, X, Y, biases, activation, ax, resolution, margin, title)


# --- learning rates side by side (the backpropagation chapter, Fig. "fig-backprop-alphas")

__all__ += ["plot_learning_rates"]


def _rises(error):
    """How many steps of an error curve went up."""
    return int((np.diff(np.asarray(error, dtype=float)) > 0).sum())


def plot_learning_rates(histories, ax=None, log=True):
    """The error curves of one network trained with several learning rates, on one axis.

    Equation (eq-gd): Θ_ℓ ← Θ_ℓ − α ∂E/∂Θ_ℓ, one curve E(Θ^{(t)}) per α.

    Curves that keep going up and down (more than 2 % of their steps raise E) would cover
    the steady ones: they are drawn first, thin and half transparent, so that every steady
    curve stays visible on top of them, drawn solid and thicker.  Each line has the ``gid``
    "alpha-<α>" and the label "α = <α>".

    Shapes: histories, a dict {α: History} → a Figure.
    """
    if not isinstance(histories, dict) or not histories:
        raise TypeError(f"histories must be a non-empty dict {{alpha: History}}, got {describe(histories)}")
    checked = {}
    for alpha, history in histories.items():
        alpha = check_real(alpha, "alpha", low=0)
        checked[alpha] = _check_history(history)
    ax = _check_ax(ax)
    log = check_bool(log, "log")
    fig, ax = _axes(ax, figsize=(6.0, 3.6))
    dashes = ["-.", "-", "-", "--"]
    for k, (alpha, history) in enumerate(sorted(checked.items())):
        rough = _rises(history.error) > 0.02 * max(len(history.error) - 1, 1)
        ax.plot(
            history.epoch,
            history.error,
            color=OKABE_ITO[k % len(OKABE_ITO)],
            ls="-" if rough else dashes[k % len(dashes)],
            lw=0.8 if rough else 2.0,
            alpha=0.45 if rough else 1.0,
            zorder=1 if rough else 3,
            label=f"α = {alpha:g}" + (" (spiky, drawn faint)" if rough else ""),
            gid=f"alpha-{alpha:g}",
        )
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch t")
    ax.set_ylabel("error E")
    ax.legend(loc="lower left")
    return fig
