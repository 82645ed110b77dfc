"""The backpropagation chapter's two figures: what they draw is the forward pass and backprop's numbers.

The tests read the drawn artists (by their ``gid``) — positions, labels, widths — not pixels.
"""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import companion as nn  # noqa: E402
from companion import plotting as cp  # noqa: E402

# the feed-forward chapter's worked example, continued in the backpropagation chapter
THETAS = [np.array([[2.0, -1.0], [1.0, 0.0], [1.0, -1.0]]), np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])]
X = np.array([[1.0, 2.0]])
Y = np.array([[0.0, 1.0]])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def by_gid(fig, prefix):
    ax = fig.axes[0]
    artists = list(ax.texts) + list(ax.patches) + list(ax.collections)
    return {a.get_gid(): a for a in artists if (a.get_gid() or "").startswith(prefix)}


def numbers(text):
    """name → value from a label such as '$a$ = 0.731\\n$\\delta$ = 0.139'."""
    found = {}
    for line in text.split("\n"):
        name, value = line.split(" = ")
        found[name.strip("$").replace("\\", "")] = float(value)
    return found


def test_flow_labels_every_unit_with_its_forward_value_and_its_delta():
    fig = cp.plot_backprop_flow(THETAS, X, Y)
    fp = nn.forward(THETAS, X)
    delta = nn.backprop(THETAS, fp, Y).delta
    labels = by_gid(fig, "label-")
    assert len(labels) == 2 + 3 + 2
    for j in (1, 2):
        assert numbers(labels[f"label-0-{j}"].get_text()) == {f"x_{j}": X[0, j - 1]}
    for ell in (1, 2):
        for i in range(1, THETAS[ell - 1].shape[0] + 1):
            got = numbers(labels[f"label-{ell}-{i}"].get_text())
            assert got["a"] == pytest.approx(fp.a[ell][0, i - 1], abs=5e-4)
            assert got["delta"] == pytest.approx(delta[ell][0, i - 1], abs=5e-4)
            if ell == 2:
                assert got["y"] == Y[0, i - 1]
    # the worked example's numbers, as the chapter computes them by hand
    assert numbers(labels["label-1-1"].get_text())["delta"] == 0.139
    assert numbers(labels["label-1-2"].get_text())["delta"] == 0.0
    assert "-0.000" not in labels["label-1-2"].get_text()
    loss = by_gid(fig, "loss")["loss"].get_text()
    assert float(loss.split("= ")[1]) == pytest.approx(nn.network_error(THETAS, X, Y), abs=5e-5)


def test_flow_puts_units_where_plot_network_would_and_labels_beside_them():
    fig = cp.plot_backprop_flow(THETAS, X, Y)
    units = by_gid(fig, "unit-")
    assert len(units) == 7
    for gid, unit in units.items():
        _, ell, i = gid.split("-")
        ux, uy = unit.get_offsets()[0]
        assert ux == int(ell)  # layer ℓ is the column x = ℓ
        lx, ly = by_gid(fig, f"label-{ell}-{i}")[f"label-{ell}-{i}"].get_position()
        assert ux < lx < ux + 0.5 and uy < ly < uy + 0.5  # its label just beside it
    hidden = sorted(units[f"unit-1-{i}"].get_offsets()[0][1] for i in (1, 2, 3))
    assert hidden[0] < hidden[1] < hidden[2]


def test_flow_arrows_run_backwards_and_carry_theta_times_delta():
    fig = cp.plot_backprop_flow(THETAS, X, Y)
    delta = nn.backprop(THETAS, nn.forward(THETAS, X), Y).delta
    arrows = by_gid(fig, "back-")
    assert len(arrows) == 3 * 2 + 2 * 3  # one per connection
    units = by_gid(fig, "unit-")
    widths = {}
    for gid, arrow in arrows.items():
        _, ell, i, j = (int(s) if s.isdigit() else s for s in gid.split("-"))
        start, end = arrow._posA_posB
        assert tuple(start) == tuple(units[f"unit-{ell}-{i}"].get_offsets()[0])  # from unit i of ℓ
        assert tuple(end) == tuple(units[f"unit-{ell - 1}-{j}"].get_offsets()[0])  # back to unit j of ℓ−1
        share = THETAS[ell - 1][i - 1, j - 1] * delta[ell][0, i - 1]
        widths[gid] = (abs(share), arrow.get_linewidth())
        if abs(share) > 1e-12:
            solid = arrow.get_linestyle() in ("-", "solid")
            assert solid == (share > 0), gid  # dashed when negative
    # wider arrow ⇔ larger |θ δ|
    for s0, w0 in widths.values():
        for s1, w1 in widths.values():
            if s0 < s1 - 1e-9:
                assert w0 < w1  # strictly: width shows |θ δ|
    # hidden unit 2 has δ = 0: nothing flows back from it
    assert widths["back-1-2-1"][0] < 1e-12 and widths["back-1-2-1"][1] == pytest.approx(
        min(w for _, w in widths.values())
    )


def test_flow_refuses_what_it_cannot_draw_and_leaves_inputs_alone():
    thetas = [t.copy() for t in THETAS]
    x = X.copy()
    cp.plot_backprop_flow(thetas, x[0], 1)  # (N,) and an integer label work too
    assert all(np.array_equal(t, u) for t, u in zip(thetas, THETAS)) and np.array_equal(x, X)
    with pytest.raises(ValueError, match="one sample"):
        cp.plot_backprop_flow(THETAS, np.ones((2, 2)), [0, 1])
    with pytest.raises(ValueError, match="at most 6 units"):
        cp.plot_backprop_flow(nn.init_thetas([2, 9, 2]), X, Y)
    with pytest.raises(ValueError, match="H_0 = 2"):
        cp.plot_backprop_flow(THETAS, [1.0, 2.0, 3.0], Y)


def test_layer_graph_nodes_in_forward_order_and_every_edge_labelled():
    fig = cp.plot_layer_graph()
    nodes = {gid[5:]: t for gid, t in by_gid(fig, "node-").items()}
    assert set(nodes) == {"a_prev", "theta", "z", "a", "z_next", "loss"}
    x = {name: t.get_position()[0] for name, t in nodes.items()}
    assert x["a_prev"] < x["z"] < x["a"] < x["z_next"] < x["loss"]  # the forward pass, left to right
    assert x["theta"] == x["z"] and nodes["theta"].get_position()[1] > nodes["z"].get_position()[1]
    expected = {  # edge → (the local derivative on it, what the backward pass sends along it)
        "a_prev-z": (r"\Theta_\ell$", r"\Theta_\ell^\mathrm{T}\delta_\ell"),
        "theta-z": ("a_{\\ell-1,j}", r"\delta_\ell\, a_{\ell-1}^\mathrm{T}"),
        "z-a": (r"a_\ell \odot (1 - a_\ell)", r"\delta_\ell = \partial\mathcal{L}/\partial z_\ell"),
        "a-z_next": (r"\Theta_{\ell+1}$", r"\Theta_{\ell+1}^\mathrm{T}\delta_{\ell+1}"),
        "z_next-loss": ("layers", r"\delta_{\ell+1}"),
    }
    local, back = by_gid(fig, "local-"), by_gid(fig, "back-")
    forward, backward = by_gid(fig, "forward-"), by_gid(fig, "backward-")
    assert len(local) == len(back) == len(forward) == len(backward) == len(expected)
    for edge, (local_text, back_text) in expected.items():
        assert local_text in local[f"local-{edge}"].get_text(), edge
        assert back_text in back[f"back-{edge}"].get_text(), edge
        start, end = edge.split("-", 1)
        f0, f1 = forward[f"forward-{edge}"]._posA_posB
        b0, b1 = backward[f"backward-{edge}"]._posA_posB
        assert f0[0] <= f1[0] and b0[0] >= b1[0]  # forward left→right, backward back
        if start != "theta":
            lx = local[f"local-{edge}"].get_position()[0]
            assert x[start] < lx < x[end]  # each label sits on its own edge
    assert sum("ell" in t.get_text() for t in local.values()) == 5


@pytest.mark.parametrize("fn", [cp.plot_backprop_flow, cp.plot_layer_graph])
def test_new_figures_are_documented_like_every_plotting_function(fn):
    assert fn.__name__ in cp.__all__
    doc = fn.__doc__
    assert "Equation" in doc and "Shapes" in doc
    assert re.search(r"\(eq-[\w-]+\)", doc)


# --- Fig. "fig-backprop-alphas": four learning rates on one axis, none hiding another


@pytest.fixture(scope="module")
def alpha_runs():
    """The chapter's four runs: moons, sizes [2, 8, 8, 2], the same start, 2500 epochs."""
    X_m, Y_m = nn.moons(M=200, noise=0.1, seed=0)
    start = nn.init_thetas([2, 8, 8, 2], seed=0)
    return {
        alpha: nn.gradient_descent(start, X_m, Y_m, alpha=alpha, epochs=2500, on_divergence="stop").history
        for alpha in (0.1, 0.8, 5.0, 30.0)
    }


def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)


def visible_share(fig, gid, after_epoch):
    """The share of a line's own pixels (right of ``after_epoch``) that show its colour in the full figure."""
    ax = fig.axes[0]
    line = next(line for line in ax.lines if line.get_gid() == gid)
    colour = (np.array(matplotlib.colors.to_rgb(line.get_color())) * 255).round().astype(int)
    full = _pixels(fig)
    others = [other for other in ax.lines + ax.collections if other is not line]
    for other in others:
        other.set_visible(False)
    alone = _pixels(fig)
    for other in others:
        other.set_visible(True)
    x0 = ax.transData.transform((after_epoch, 1.0))[0]
    columns = np.arange(full.shape[1]) > x0
    own = (np.abs(alone - colour).sum(axis=2) < 40) & columns[None, :]
    shown = np.abs(full - colour).sum(axis=2) < 40
    return (own & shown).sum() / own.sum()


def test_the_steady_curve_is_not_hidden_by_the_spiky_one(alpha_runs):
    """Fig. 4.3: the α = 0.8 curve's second descent (after epoch ~1800) shows above the α = 5 spikes."""
    # the chapter's claim the figure shows: α = 0.8 falls again late, α = 5 keeps spiking there
    E_08, E_5 = np.array(alpha_runs[0.8].error), np.array(alpha_runs[5.0].error)
    assert E_08[2500] < 0.6 * E_08[1500]
    assert (np.diff(E_5[1800:]) > 0).sum() > 50
    fig = cp.plot_learning_rates(alpha_runs)
    assert visible_share(fig, "alpha-0.8", after_epoch=1800) > 0.9
    lines = {line.get_gid(): line for line in fig.axes[0].lines}
    assert lines["alpha-5"].get_zorder() < lines["alpha-0.8"].get_zorder()
    assert [line.get_label() for line in fig.axes[0].get_legend().get_lines()] == [
        "α = 0.1",
        "α = 0.8",
        "α = 5 (spiky, drawn faint)",
        "α = 30",
    ]


def test_every_curve_is_the_recorded_error(alpha_runs):
    fig = cp.plot_learning_rates(alpha_runs)
    for alpha, history in alpha_runs.items():
        line = next(line for line in fig.axes[0].lines if line.get_gid() == f"alpha-{alpha:g}")
        np.testing.assert_array_equal(line.get_xdata(), history.epoch)
        np.testing.assert_array_equal(line.get_ydata(), history.error)


def test_learning_rates_refuse_what_is_not_a_dict_of_histories(alpha_runs):
    with pytest.raises(TypeError, match="histories must be a non-empty dict"):
        cp.plot_learning_rates([alpha_runs[0.8]])
    with pytest.raises(TypeError, match="history must be a History"):
        cp.plot_learning_rates({0.8: alpha_runs[0.8].error})
