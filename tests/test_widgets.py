"""widgets: the callbacks recompute with companion when a control changes; the static forms link
their sliders to precomputed figures in the browser (jslink), with no kernel."""

import ipywidgets
import numpy as np
import pytest

import companion as nn
from companion import widgets
from companion.widgets import network_explorer


def test_mode_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.delenv("COMPANION_WIDGETS", raising=False)
    assert widgets.widget_mode() == "live"
    monkeypatch.setenv("COMPANION_WIDGETS", "static")
    assert widgets.widget_mode() == "static"
    assert widgets.widget_mode("live") == "live"
    with pytest.raises(ValueError, match="mode must be one of 'live', 'static'; got 'interactive'"):
        widgets.widget_mode("interactive")
    with pytest.raises(TypeError, match="mode must be one of 'live', 'static'; got 3 \\(int\\)"):
        widgets.widget_mode(3)
    monkeypatch.setenv("COMPANION_WIDGETS", "fancy")
    with pytest.raises(ValueError, match="COMPANION_WIDGETS must be 'live' or 'static'"):
        widgets.widget_mode()


def test_network_widget_follows_its_sliders():
    panel = widgets.network_widget(N=4, P=3, mode="live")
    assert panel.data == [4, 3, 3]
    panel.controls["H_1"].value = 7
    panel.controls["H_2"].value = 5
    assert panel.data == [4, 7, 5, 3]
    assert "Θ_2: 5 × 7" in panel.figure.axes[0].get_title()
    assert bytes(panel.image.value).startswith(b"\x89PNG")


def test_loss_widget_computes_the_books_losses():
    panel = widgets.loss_widget(mode="live")
    panel.controls["p_true"].value = 0.25
    panel.controls["share"].value = 1.0
    y, y_hat = panel.data["y"], panel.data["y_hat"]
    np.testing.assert_allclose(y_hat, [[0.25, 0.75, 0.0]])
    assert panel.data["ce"] == pytest.approx(nn.cross_entropy(y, y_hat)[0])
    assert panel.data["mse"] == pytest.approx(nn.mse(y, y_hat)[0])
    ce_before, mse_before = panel.data["ce"], panel.data["mse"]
    panel.controls["share"].value = 0.5  # same ŷ on the true class, rest split evenly
    assert panel.data["ce"] == pytest.approx(ce_before)  # CE only looks at the true class
    assert panel.data["mse"] < mse_before


def test_learning_rate_widget_retrains_with_the_new_alpha():
    panel = widgets.learning_rate_widget(mode="live")
    good = panel.data["result"].history
    panel.controls["alpha"].value = 0.01
    slow = panel.data["result"].history
    assert panel.data["alpha"] == pytest.approx(0.01)
    assert slow.error[-1] > good.error[-1]
    panel.controls["alpha"].value = 1000.0
    wild = panel.data["result"].history
    assert max(wild.error) > 10 * wild.error[0]  # overshoots instead of converging


def test_explorer_controls_reach_the_training():
    panel = widgets.explorer(mode="live")
    assert panel.data["sizes"] == [2, 8, 2]
    panel.controls["dataset"].value = "spirals"
    assert panel.data["sizes"] == [2, 8, 3]
    panel.controls["layers"].value = 2
    panel.controls["H_2"].value = 5
    assert panel.data["sizes"] == [2, 8, 5, 3]
    assert not panel.controls["H_2"].disabled and panel.controls["H_3"].disabled
    panel.controls["epochs"].value = 50
    assert panel.data["result"].history.epoch[-1] == 50
    assert panel.progress.value == 50
    panel.controls["loss"].value = "mse"
    assert panel.data["loss"] == "mse"
    h = panel.data["result"].history
    assert h.error[0] == pytest.approx(
        nn.network_error(nn.init_thetas([2, 8, 5, 3], seed=0), panel.data["X_train"], panel.data["Y_train"], loss="mse")
    )


def test_explorer_shows_divergence_instead_of_crashing(monkeypatch):
    panel = widgets.explorer(mode="live")
    real = network_explorer.gradient_descent

    def absurd(*args, **kwargs):  # α beyond the slider, to force an overflow
        kwargs["alpha"] = 1e307
        return real(*args, **kwargs)

    monkeypatch.setattr(network_explorer, "gradient_descent", absurd)
    panel.controls["alpha"].value = 2.0
    assert panel.data["result"].history.diverged_at is not None
    assert "Stopped" in panel.status.value and "smaller α" in panel.status.value
    assert bytes(panel.image.value).startswith(b"\x89PNG")


def test_static_one_slider_panel_links_slider_to_stack():
    panel = widgets.learning_rate_widget(mode="static")
    assert isinstance(panel, widgets.StaticPanel) and "static-slider" in panel._dom_classes
    (slider,) = panel.sliders
    assert [v for _, v in slider.options] == widgets.ALPHAS
    assert len(panel.stack.children) == len(widgets.ALPHAS)
    assert len(set(panel.pngs)) == len(widgets.ALPHAS)  # a different figure for every α
    (link,) = panel.links
    assert (
        isinstance(link, ipywidgets.widget_link.Link)
        and link.source == (slider, "index")
        and link.target == (panel.stack, "selected_index")
    )
    assert panel.stack.selected_index == slider.index == 4


def test_static_two_slider_panel_nests_stacks():
    panel = widgets.network_widget(mode="static")
    s1, s2 = panel.sliders
    assert len(panel.stack.children) == len(s1.options)
    *inner_links, outer_link = panel.links
    assert outer_link.source == (s1, "index") and outer_link.target == (panel.stack, "selected_index")
    for inner, link in zip(panel.stack.children, inner_links, strict=True):
        assert len(inner.children) == len(s2.options)
        assert link.source == (s2, "index") and link.target == (inner, "selected_index")
    flat = [png for row in panel.pngs for png in row]
    assert len(set(flat)) == len(flat)
    assert "Precomputed" in panel.children[-1].value


def test_widget_functions_never_import_pyplot_figures_into_the_notebook():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    widgets.loss_widget(mode="live")
    assert plt.get_fignums() == before


# --- the explorer's steps: compute (no UI) and draw, callable on their own -----------------------------


def _all_widget_states(panel, skip=()):
    return (
        {name: control.get_state() for name, control in panel.controls.items()}
        | {"children": [type(c).__name__ for c in panel.children]}
        | {k: v for k, v in [("progress", panel.progress.get_state())] if "progress" not in skip}
    )


def test_the_explorers_compute_step_leaves_every_control_alone():
    panel = widgets.explorer(mode="live")
    before = _all_widget_states(panel, skip=("progress",))
    settings = {**panel.values(), "layers": 3, "epochs": 20}  # differs from what the controls show
    data = panel.compute(**settings)
    assert data["sizes"] == [2, 8, 8, 8, 2]
    assert _all_widget_states(panel, skip=("progress",)) == before  # e.g. H_2, H_3 still disabled


def test_the_panel_updates_its_controls_before_computing(monkeypatch):
    panel = widgets.explorer(mode="live")
    seen = {}
    real = network_explorer.explorer_compute

    def spy(settings, callback=None):
        seen["disabled"] = [panel.controls[f"H_{ell}"].disabled for ell in (1, 2, 3)]
        seen["progress"] = (panel.progress.value, panel.progress.max)
        return real(settings, callback=callback)

    monkeypatch.setattr(network_explorer, "explorer_compute", spy)
    panel.controls["epochs"].value = 40
    panel.controls["layers"].value = 2
    assert seen["disabled"] == [False, False, True]
    assert seen["progress"] == (0, 40)
    assert panel.progress.value == 40


def test_the_explorer_panel_shows_controls_then_progress_then_figure():
    panel = widgets.explorer(mode="live")
    names = [type(c).__name__ for c in panel.children]
    assert names[-3:] == ["IntProgress", "Image", "HTML"]
    assert panel.children[:-3] == tuple(panel.controls.values())


def test_compute_and_draw_run_on_their_own_and_repeat_exactly():
    data = widgets.explorer_compute(dict(widgets.EXPLORER_DEFAULTS, epochs=30))
    again = widgets.explorer_compute(dict(widgets.EXPLORER_DEFAULTS, epochs=30))
    assert data["result"].history.error == again["result"].history.error
    fig = widgets.explorer_draw(data)
    regions, curves = fig.axes
    np.testing.assert_array_equal(curves.lines[0].get_ydata(), data["result"].history.error)
    assert regions.get_title().startswith("moons, sizes [2, 8, 2]: test accuracy")
    assert widgets.figure_png(fig) == widgets.figure_png(widgets.explorer_draw(again))
    assert not hasattr(widgets, "benchmark_latency")  # lives in benchmarks/ now


def test_explore_with_no_hidden_layer_and_with_mse():
    data = widgets.explore("blobs", hidden=(), epochs=5, loss="mse")
    assert data["sizes"] == [2, 3] and data["loss"] == "mse"
    assert len(data["result"].history.error) == 6


def _explore_bad_calls():
    yield (
        dict(dataset="circles"),
        ValueError,
        "dataset must be one of 'moons', 'spirals', 'xor', 'blobs'; got 'circles'",
    )
    yield dict(dataset=None), TypeError, "dataset must be one of"
    yield dict(hidden=(2.7,)), TypeError, "H_1 (hidden[0]) must be an integer ≥ 1, got 2.7"
    yield dict(hidden=(8, 3.0)), TypeError, "H_2 (hidden[1]) must be an integer ≥ 1"
    yield dict(hidden=(True,)), TypeError, "H_1 (hidden[0]) must be an integer ≥ 1, got a bool"
    yield dict(hidden=8), TypeError, "hidden must be a list or tuple of integers"
    yield dict(hidden={8, 4}), TypeError, "has no order"
    yield dict(hidden=(0,)), ValueError, "H_1 (hidden[0]) must be an integer ≥ 1, got 0"
    yield dict(hidden=(10**6,)), ValueError, "H_1 (hidden[0]) must be an integer in [1, 1024]"
    yield dict(noise=-0.1), ValueError, "noise must be a finite number ≥ 0"
    yield dict(alpha=0), ValueError, "α must be a finite number > 0"
    yield dict(alpha="1"), TypeError, "α must be a real number > 0"
    yield dict(epochs=-1), ValueError, "epochs must be an integer in [0, 100000], got -1"
    yield dict(epochs=2.0), TypeError, "epochs must be an integer"
    yield dict(loss="hinge"), ValueError, "loss must be one of 'cross_entropy', 'mse'; got 'hinge'"
    yield dict(seed=None), TypeError, "seed must be an integer ≥ 0, got None"
    yield dict(M=10**9), ValueError, "M must be an integer in [8, 100000]"
    yield dict(callback=3), TypeError, "callback must be a function callback(epoch, history)"


EXPLORE_BAD = list(_explore_bad_calls())


@pytest.mark.parametrize("kwargs, error, words", EXPLORE_BAD, ids=[str(c[0]) for c in EXPLORE_BAD])
def test_explore_refuses_bad_arguments_clearly(kwargs, error, words, monkeypatch):
    def never(*args, **kw):
        raise AssertionError("training started with a bad argument")

    monkeypatch.setattr(network_explorer, "gradient_descent", never)
    with pytest.raises(error) as info:
        widgets.explore(**kwargs)
    assert words in str(info.value), str(info.value)


@pytest.mark.parametrize(
    "settings, error, words",
    [
        (
            {"alpha": 1.0, "hiden": 3},
            ValueError,
            "settings keys must be among dataset, noise, layers, H_1, H_2, H_3, alpha, epochs, loss; got the unknown key 'hiden'",
        ),
        ([("alpha", 1.0)], TypeError, "settings must be a dict"),
        ({"layers": 4}, ValueError, "layers must be an integer in [0, 3], got 4"),
        ({"layers": 1, "H_1": 2.7}, TypeError, "H_1 (hidden[0]) must be an integer ≥ 1, got 2.7"),
    ],
)
def test_explorer_compute_refuses_bad_settings(settings, error, words):
    with pytest.raises(error) as info:
        widgets.explorer_compute(settings)
    assert words in str(info.value)


def test_explorer_draw_refuses_what_is_not_explore_data():
    with pytest.raises(TypeError, match="data must be the dict that explore"):
        widgets.explorer_draw({"result": None})


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: widgets.network_widget(N=0, mode="live"), ValueError, "N must be an integer in [1, 1000], got 0"),
        (lambda: widgets.network_widget(P=1, mode="live"), ValueError, "P must be an integer in [2, 1000], got 1"),
        (lambda: widgets.network_widget(N=2.5, mode="live"), TypeError, "N must be an integer"),
        (lambda: widgets.loss_widget(mode="both"), ValueError, "mode must be one of 'live', 'static'"),
        (lambda: widgets.figure_png(None), TypeError, "fig must be a matplotlib Figure, got None"),
        (lambda: widgets.figure_png(_figure(), colors=1), ValueError, "colors must be an integer in [2, 256], got 1"),
        (lambda: widgets.LivePanel({"a": 3}, dict, print), TypeError, "controls['a'] must be an ipywidgets control"),
        (
            lambda: widgets.LivePanel({"a": ipywidgets.IntSlider()}, None, print),
            TypeError,
            "compute must be a function compute(**values)",
        ),
        (
            lambda: widgets.StaticPanel(lambda v: _figure(), [("a", [1, 2], "{}")] * 3, alt="x"),
            ValueError,
            "grid must list one or two sliders",
        ),
        (
            lambda: widgets.StaticPanel(lambda v: _figure(), [("a", [], "{}")], alt="x"),
            ValueError,
            "grid[0] values must be a non-empty list",
        ),
        (
            lambda: widgets.StaticPanel(lambda v: _figure(), [("a", [1, 2], "{}")], alt="x", start=[2]),
            ValueError,
            "start[0] must be an integer in [0, 1], got 2",
        ),
        (
            lambda: widgets.StaticPanel(lambda v: _figure(), [("a", [1, 2], "{}")], alt=""),
            TypeError,
            "alt must be a non-empty string",
        ),
    ],
)
def test_widget_constructors_refuse_bad_arguments_clearly(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value), str(info.value)


def _figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1])
    return fig


def test_live_png_skips_the_palette_and_keeps_the_picture():
    """colors=None (what a live slider uses): full colour, not a 64-colour palette; same picture size."""
    import io

    from PIL import Image

    fig = widgets.explorer_draw(widgets.explorer_compute({"epochs": 20}))
    live, static = widgets.figure_png(fig, colors=None), widgets.figure_png(fig)
    live_image, static_image = Image.open(io.BytesIO(live)), Image.open(io.BytesIO(static))
    assert live_image.mode == "RGBA" and static_image.mode == "P"
    assert live_image.size == static_image.size
    assert len(np.unique(np.asarray(live_image).reshape(-1, 4), axis=0)) > 64  # more colours than a palette


def test_a_live_panel_shows_the_full_colour_png():
    from companion.widgets._controls import new_figure, selection_slider

    panel = widgets.LivePanel(
        {"alpha": selection_slider("α", [1.0, 2.0], "{:g}")},
        compute=lambda alpha: alpha,
        draw=lambda alpha: new_figure(2, 2)[0],
    )
    png = bytes(panel.image.value)
    assert png.startswith(b"\x89PNG") and b"PLTE" not in png  # no palette chunk


# --- widgets that fit a phone, with figures a reader can compare and read (issue 11)

from companion.widgets import chapters as chapter_widgets  # noqa: E402
from companion.widgets._controls import CONTROL_MAX_WIDTH, PHONE_WIDTH_IN, PIXEL_RATIO, shown_width  # noqa: E402


def _png_size(png):
    import io

    from PIL import Image

    return Image.open(io.BytesIO(bytes(png))).size


def _texts(fig):
    for ax in fig.axes:
        yield from [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            yield from legend.get_texts()


def test_the_alpha_sliders_frames_share_their_axes_and_say_E():
    """Every α shows E on the same axes, and the titles give E: α = 1 and α = 1000 both reach 86 %
    accuracy (issue 11), but their errors differ a hundredfold, and the titles must say so."""
    axes_seen, titles = set(), {}
    for alpha in chapter_widgets.ALPHAS:
        data = chapter_widgets._learning_rate_data(alpha)
        fig = chapter_widgets._draw_learning_rate(data)
        ax_error, ax_regions = fig.axes[:2]
        axes_seen.add((ax_error.get_xlim(), ax_error.get_ylim(), ax_regions.get_xlim(), ax_regions.get_ylim()))
        E_end = data["result"].history.error[-1]
        assert f"E {E_end:.3g}" in ax_regions.get_title()
        assert f"α = {alpha:g}" in ax_error.get_title()
        titles[alpha] = ax_regions.get_title()
    assert len(axes_seen) == 1, f"the axes change between slider positions: {axes_seen}"
    assert titles[1.0] != titles[1000.0]


def test_the_loss_sliders_frames_share_their_axes_and_state_y_hat():
    axes_seen = set()
    for p in (0.02, 0.4, 0.95):
        for share in (0.0, 1.0):
            data = chapter_widgets._loss_data(p, share)
            fig = chapter_widgets._draw_loss(data)
            axes_seen.add(tuple(ax.get_ylim() + ax.get_xlim() for ax in fig.axes))
            assert fig.axes[0].get_title() == "ŷ = (" + ", ".join(f"{v:.2f}" for v in data["y_hat"][0]) + ")"
    assert len(axes_seen) == 1


def test_widget_figure_text_is_at_least_10_points():
    """Shown at 80 px per inch, 10 pt is 11 px on a desktop page."""
    figures = [
        chapter_widgets._draw_learning_rate(chapter_widgets._learning_rate_data(1.0, epochs=5)),
        chapter_widgets._draw_loss(chapter_widgets._loss_data(0.4, 0.5)),
        chapter_widgets._draw_network([4, 3, 2, 3]),
    ]
    for fig in figures:
        small = [(t.get_text(), t.get_fontsize()) for t in _texts(fig) if t.get_text() and t.get_fontsize() < 10]
        assert not small, small
        assert fig.get_figwidth() <= 5.4
    # the two-panel figures are stacked, narrow enough to be shown unscaled on a phone
    assert [fig.get_figwidth() for fig in figures[:2]] == [PHONE_WIDTH_IN, PHONE_WIDTH_IN]


def test_precomputed_frames_are_twice_the_size_they_are_shown_at():
    panel = widgets.StaticPanel(
        lambda v: chapter_widgets._draw_loss(chapter_widgets._loss_data(v, 0.5)), [("p", [0.2, 0.6], "{}")], alt="x"
    )
    width = shown_width(chapter_widgets._draw_loss(chapter_widgets._loss_data(0.2, 0.5)))
    for image, png in zip(panel.stack.children, panel.pngs):
        assert _png_size(png)[0] == PIXEL_RATIO * width
        assert image.layout.width == f"{width}px" and image.layout.max_width == "100%"


def test_a_live_panel_shows_its_2x_png_at_the_figures_width():
    panel = widgets.loss_widget(mode="live")
    width = shown_width(panel.figure)
    assert _png_size(panel.image.value)[0] == PIXEL_RATIO * width
    assert panel.image.layout.width == f"{width}px" and panel.image.layout.max_width == "100%"


@pytest.mark.parametrize(
    "make",
    [
        lambda: widgets.network_widget(mode="static"),
        lambda: widgets.loss_widget(mode="static"),
        lambda: widgets.network_widget(mode="live"),
        lambda: widgets.loss_widget(mode="live"),
    ],
    ids=["network-static", "loss-static", "network-live", "loss-live"],
)
def test_slider_rows_fit_a_phone(make):
    """A slider row (description, slider, readout) is at most 360 px wide, and narrower if the column is."""
    panel = make()
    kinds = (ipywidgets.SelectionSlider, ipywidgets.IntSlider, ipywidgets.FloatSlider, ipywidgets.FloatLogSlider)
    sliders = [child for child in panel.children if isinstance(child, kinds)]
    assert sliders
    for slider in sliders:
        assert slider.layout.width == "100%"
        assert slider.layout.max_width == CONTROL_MAX_WIDTH == "360px"
