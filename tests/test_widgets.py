"""widgets: the callbacks recompute with companion when a control changes; the static forms link
their sliders to precomputed figures in the browser (jslink), with no kernel."""

import ipywidgets as W
import numpy as np
import pytest

import companion as nn
from companion import widgets as nnw


def test_mode_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.delenv("COMPANION_WIDGETS", raising=False)
    assert nnw.widget_mode() == "live"
    monkeypatch.setenv("COMPANION_WIDGETS", "static")
    assert nnw.widget_mode() == "static"
    assert nnw.widget_mode("live") == "live"
    with pytest.raises(ValueError, match="mode must be 'live' or 'static'"):
        nnw.widget_mode("interactive")


def test_network_widget_follows_its_sliders():
    panel = nnw.network_widget(N=4, P=3, mode="live")
    assert panel.data == [4, 3, 3]
    panel.controls["H_1"].value = 7
    panel.controls["H_2"].value = 5
    assert panel.data == [4, 7, 5, 3]
    assert "Θ_2: 5 × 7" in panel.figure.axes[0].get_title()
    assert bytes(panel.image.value).startswith(b"\x89PNG")


def test_loss_widget_computes_the_books_losses():
    panel = nnw.loss_widget(mode="live")
    panel.controls["p_true"].value = 0.25
    panel.controls["share"].value = 1.0
    y, y_hat = panel.data["y"], panel.data["y_hat"]
    np.testing.assert_allclose(y_hat, [[0.25, 0.75, 0.0]])
    assert panel.data["ce"] == pytest.approx(nn.cross_entropy(y, y_hat)[0])
    assert panel.data["mse"] == pytest.approx(nn.mse(y, y_hat)[0])
    ce_before, mse_before = panel.data["ce"], panel.data["mse"]
    panel.controls["share"].value = 0.5                       # same ŷ on the true class, rest split evenly
    assert panel.data["ce"] == pytest.approx(ce_before)       # CE only looks at the true class
    assert panel.data["mse"] < mse_before


def test_learning_rate_widget_retrains_with_the_new_alpha():
    panel = nnw.learning_rate_widget(mode="live")
    good = panel.data["result"].history
    panel.controls["alpha"].value = 0.01
    slow = panel.data["result"].history
    assert panel.data["alpha"] == pytest.approx(0.01)
    assert slow.error[-1] > good.error[-1]
    panel.controls["alpha"].value = 1000.0
    wild = panel.data["result"].history
    assert max(wild.error) > 10 * wild.error[0]               # overshoots instead of converging


def test_explorer_controls_reach_the_training():
    panel = nnw.explorer(mode="live")
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
    assert h.error[0] == pytest.approx(nn.network_error(nn.init_thetas([2, 8, 5, 3], seed=0), panel.data["X_train"],
                                                        panel.data["Y_train"], loss="mse"))


def test_explorer_shows_divergence_instead_of_crashing(monkeypatch):
    panel = nnw.explorer(mode="live")
    real = nnw.gradient_descent

    def absurd(*args, **kwargs):                              # α beyond the slider, to force an overflow
        kwargs["alpha"] = 1e307
        return real(*args, **kwargs)
    monkeypatch.setattr(nnw, "gradient_descent", absurd)
    panel.controls["alpha"].value = 2.0
    assert panel.data["result"].history.diverged_at is not None
    assert "Stopped" in panel.status.value and "smaller α" in panel.status.value
    assert bytes(panel.image.value).startswith(b"\x89PNG")


def test_static_one_slider_panel_links_slider_to_stack():
    panel = nnw.learning_rate_widget(mode="static")
    assert isinstance(panel, nnw.StaticPanel) and "static-slider" in panel._dom_classes
    slider, = panel.sliders
    assert [v for _, v in slider.options] == nnw.ALPHAS
    assert len(panel.stack.children) == len(nnw.ALPHAS)
    assert len(set(panel.pngs)) == len(nnw.ALPHAS)            # a different figure for every α
    link, = panel.links
    assert isinstance(link, W.widget_link.Link) and link.source == (slider, "index") and link.target == (panel.stack, "selected_index")
    assert panel.stack.selected_index == slider.index == 4


def test_static_two_slider_panel_nests_stacks():
    panel = nnw.network_widget(mode="static")
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
    nnw.loss_widget(mode="live")
    assert plt.get_fignums() == before
