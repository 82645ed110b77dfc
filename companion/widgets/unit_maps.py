"""What each hidden unit computes: its activation a_ℓ,i over the input plane, one small map per unit.

Like TensorFlow Playground's signature view: a network with N = 2 inputs turns every point x of the
plane into a_1(x), a_2(x), …; colouring the plane by a single unit's a_ℓ,i(x) shows the feature that
unit has learnt — a soft edge for a unit of layer 1 (a line's side, since z_1,i is linear in x), a
bent region for layer 2, which combines layer 1's edges.  The decision regions are the same picture
for the output layer's argmax.

* ``unit_maps(thetas, X, …)`` — numbers only: the grid, a_ℓ on it for the first hidden layers, Ŷ;
* ``draw_regions`` and ``draw_unit_maps`` — matplotlib, onto given axes.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from .. import plotting
from .._validation import check_int, check_real
from ..network import forward

__all__ = ["unit_maps", "draw_regions", "draw_unit_maps", "MAP_RANGES"]

#: The colour scale of a map: the activation's range (ReLU's is open above; its maps use the layer's largest value).
MAP_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, None)}
MAP_CMAP = "PuOr_r"


def unit_maps(thetas, X, biases=None, activation="sigmoid", layers=2, resolution=70, margin=0.5):
    """a_ℓ,i(x) for every unit i of the first ``layers`` hidden layers, and Ŷ(x), on a grid over X's plane.

    Equation: on each grid point x, the forward pass z_ℓ = Θ_ℓ a_{ℓ−1} (+ b_ℓ), a_ℓ = g_ℓ(z_ℓ).

    Shapes: X (M, 2), the network's H_0 = 2.  Returns a dict: ``extent`` (x1 low, x1 high, x2 low,
    x2 high), ``maps`` a list with one (H_ℓ, resolution, resolution) array per shown layer ℓ = 1, 2, …
    (row r of a map is the r-th x2 value from below), ``y_hat`` (resolution, resolution, P).

    >>> import companion as nn
    >>> out = unit_maps(nn.init_thetas([2, 3, 4, 2]), [[0.0, 0.0], [1.0, 1.0]], resolution=5)
    >>> [m.shape for m in out["maps"]], out["y_hat"].shape, out["extent"]
    ([(3, 5, 5), (4, 5, 5)], (5, 5, 2), (-0.5, 1.5, -0.5, 1.5))
    """
    layers = check_int(layers, "layers", minimum=0)
    resolution = check_int(resolution, "resolution", minimum=2, maximum=2000)
    margin = check_real(margin, "margin", low=0)
    X = np.asarray(X, dtype=float)
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    hi = np.where(hi > lo, hi, lo + 1.0)
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    fp = forward(thetas, grid, biases=biases, activation=activation)
    shown = range(1, min(layers, fp.L - 1) + 1)
    maps = [fp.a[ell].T.reshape(-1, resolution, resolution) for ell in shown]
    extent = tuple(float(v) for v in (lo[0], hi[0], lo[1], hi[1]))
    return {"extent": extent, "maps": maps, "y_hat": fp.y_hat.reshape(resolution, resolution, -1)}


def draw_regions(ax, y_hat, extent, X, Y):
    """The decision regions from Ŷ on the grid (colour: argmax_j ŷ_j, shade: max_j ŷ_j), samples on top."""
    P = y_hat.shape[-1]
    winner, confidence = y_hat.argmax(axis=-1), y_hat.max(axis=-1)
    colors = plotting.class_colors(P)
    rgb = np.array([mpl.colors.to_rgb(c) for c in colors])[winner]
    # five shades of confidence, as plot_decision_regions draws them
    strength = 0.15 + 0.35 * np.floor(5 * (confidence - 1 / P) / (1 - 1 / P) + 0.5) / 5
    image = 1 - strength[..., None] * (1 - rgb)
    ax.imshow(image, origin="lower", extent=extent, aspect="auto", interpolation="nearest")
    y = np.asarray(Y).argmax(axis=1)
    for j in range(P):
        pts = X[y == j]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=14,
            color=colors[j],
            marker=plotting.MARKERS[j % len(plotting.MARKERS)],
            edgecolor="black",
            linewidth=0.4,
        )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")


def map_range(activation, maps):
    """The colour scale (low, high) of the maps: the activation's range; for ReLU, 0 to the largest a_ℓ,i shown."""
    low, high = MAP_RANGES[activation]
    if high is None:
        high = max([1e-12, *[float(m.max()) for m in maps]])
    return low, high


def mosaic(layer_maps, shown, gap=4):
    """The first ``shown`` maps of a layer side by side in one array, ``gap`` blank (NaN) columns between."""
    res = layer_maps.shape[-1]
    out = np.full((layer_maps.shape[1], shown * res + (shown - 1) * gap), np.nan)
    for i in range(shown):
        out[:, i * (res + gap) : i * (res + gap) + res] = layer_maps[i]
    return out


def draw_unit_maps(ax, layer_maps, shown, low, high, gap=4):
    """The maps of units 1 … ``shown`` of one layer, in one image on ``ax`` (one image draws much faster than
    one axes per unit): unit i's tile is coloured by a_ℓ,i(x) on the scale [low, high]."""
    cmap = mpl.colormaps[MAP_CMAP].with_extremes(bad="white")
    res = layer_maps.shape[-1]
    image = ax.imshow(
        mosaic(layer_maps, shown, gap), origin="lower", aspect="auto", interpolation="nearest", cmap=cmap,
        vmin=low, vmax=high,
    )  # fmt: skip
    ax.set_xticks([i * (res + gap) + (res - 1) / 2 for i in range(shown)], [f"unit {i + 1}" for i in range(shown)])
    ax.tick_params(axis="x", length=0, labelsize=8, pad=2)
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    return image
