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

__all__ = ["OKABE_ITO", "MARKERS", "CONTINUOUS_CMAP", "use_book_style", "plot_network", "plot_decision_regions",
           "plot_history", "plot_digits", "plot_confusion_matrix", "class_colors"]

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: One marker shape per class, so that classes differ by shape as well as colour.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "<"]
#: The colour map for continuous values (perceptually uniform, colour-blind safe).
CONTINUOUS_CMAP = "cividis"


def use_book_style():
    """Set matplotlib's defaults for the book: palette, sizes, PNG output at modest resolution.

    Equation: none — presentation only.

    >>> use_book_style(); plt.rcParams["image.cmap"]
    'cividis'
    """
    mpl.rcParams.update({
        "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
        "image.cmap": CONTINUOUS_CMAP,
        "figure.figsize": (6.0, 3.6),
        "figure.dpi": 80,
        "savefig.dpi": 80,
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "figure.constrained_layout.use": True,
    })
    try:  # keep notebook figures small PNGs (nbval does not compare PNG bytes, but would compare SVG text)
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        set_matplotlib_formats("png")
    except ImportError:  # pragma: no cover - outside IPython
        pass


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
        raise TypeError(f"history must be a History (the .history of gradient_descent's result), "
                        f"got {describe(history)}")
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
    fig, ax = _axes(ax, figsize=(1.9 * (L + 1) + 1, 3.8))

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
        ax.text(ell - 0.5, 1.45, f"$\\Theta_{{{ell}}}$\n{sizes[ell]} × {sizes[ell - 1]}",
                ha="center", va="bottom", fontsize=9)
    for ell, ys, gap, _ in positions:
        role = "input" if ell == 0 else ("output\n(softmax)" if ell == L else "hidden\n(sigmoid)")
        color = OKABE_ITO[4] if ell == 0 else (OKABE_ITO[1] if ell == L else OKABE_ITO[0])
        ax.scatter(np.full(len(ys), ell), ys, s=220, color=color, edgecolor="black", zorder=2)
        if gap is not None:
            ax.text(ell, (ys[gap - 1] + ys[gap]) / 2, "⋮", ha="center", va="center", fontsize=14)
        ax.text(ell, -1.5, f"layer {ell}\n$H_{{{ell}}}$ = {sizes[ell]}\n{role}", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.6, L + 0.6)
    ax.set_ylim(-2.6, 2.1)
    ax.axis("off")
    return fig


def plot_decision_regions(thetas, X, Y, ax=None, resolution=150, margin=0.5, title=None):
    """Colour the plane by the class the network predicts, and plot the samples on top.

    Equation: each point x of the plane gets the colour of argmax_j F(x)_j; the
    shading's strength is the winning probability max_j F(x)_j.

    Shapes: thetas with H_0 = N = 2; X (M, 2); Y (M, P = H_L) one-hot or labels (M,) → a Figure.
    """
    thetas, X, Y = check_data(thetas, X, Y)
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
        require_finite([lo, hi, hi - lo], f"X must span a range the plane can be drawn over; got X from {X.min().item()!r} "
                                          f"to {X.max().item()!r} with margin {margin!r}")
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()]).astype(thetas[0].dtype)
    probs = _checked_forward(thetas, grid).y_hat              # z_ℓ overflows for a huge X: a ValueError
    fig, ax = _axes(ax, figsize=(4.2, 3.8))
    winner = probs.argmax(axis=1).reshape(g0.shape)
    confidence = probs.max(axis=1).reshape(g0.shape)
    colors = class_colors(P)
    rgb = np.array([mpl.colors.to_rgb(c) for c in colors])[winner]
    # shading in 5 steps of confidence: reads like contour bands, and the PNG compresses well
    strength = 0.15 + 0.35 * np.floor(5 * (confidence - 1 / P) / (1 - 1 / P) + 0.5) / 5
    image = 1 - strength[..., None] * (1 - rgb)          # blend each class colour with white
    ax.imshow(image, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), aspect="auto", interpolation="nearest")
    y = Y.argmax(axis=1)
    for j in range(P):
        pts = X[y == j]
        ax.scatter(pts[:, 0], pts[:, 1], s=18, color=colors[j], marker=MARKERS[j % len(MARKERS)],
                   edgecolor="black", linewidth=0.4, label=f"class {j}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8, handletextpad=0.2)
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
        ax.set_title(text, fontsize=8)
    return fig


def plot_confusion_matrix(cm, ax=None, title=None):
    """Show a confusion matrix: row = true class, column = predicted class, counts in the cells.

    Equation: C_jk = #{i : true class j, predicted class k}.

    Shapes: cm (P, P) → a Figure.
    """
    cm = as_array(cm, "cm", ndim=2, shape_hint="(P, P)")
    if cm.shape[0] != cm.shape[1] or cm.shape[0] == 0:
        raise ValueError(f"cm must be a square confusion matrix (P, P) with P ≥ 1, got shape {cm.shape}")
    not_counts = (cm < 0) | (cm != np.round(cm)) | (cm > 2**53)      # whole numbers a float holds exactly
    if np.any(not_counts):
        j, k = (int(i) for i in np.argwhere(not_counts)[0])
        raise ValueError(f"cm must hold counts (whole numbers from 0 to 2**53), got {cm[j, k].item()!r} "
                         f"at index {(j, k)}")
    ax = _check_ax(ax)
    title = _check_title(title)
    fig, ax = _axes(ax, figsize=(4.6, 4.0))
    im = ax.imshow(cm, cmap=CONTINUOUS_CMAP)
    P = cm.shape[0]
    threshold = cm.max() / 2
    for j in range(P):
        for k in range(P):
            ax.text(k, j, str(int(cm[j, k])), ha="center", va="center", fontsize=8,
                    color="black" if cm[j, k] > threshold else "white")
    ax.set_xticks(range(P))
    ax.set_yticks(range(P))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if title:
        ax.set_title(title)
    fig.colorbar(im, ax=ax, fraction=0.046)
    return fig
