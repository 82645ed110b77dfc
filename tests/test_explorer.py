"""The explorer as a Playground: the new controls reach the training, the unit maps show what each hidden
unit computes, the reader's own CSV loads (or is refused, changing nothing), the static frames share
their error axis, and every control row fits a phone."""

import datetime

import numpy as np
import pytest

import companion as nn
from companion import widgets
from companion.widgets import network_explorer as ne
from companion.widgets.own_data import read_points_csv
from companion.widgets.unit_maps import unit_maps

GOOD_CSV = "height,weight,kind\n" + "".join(
    f"{150 + 3 * i},{40 + (i % 5) * 9 + (30 if i % 2 else 0)},{'b' if i % 2 else 'a'}\n" for i in range(40)
)


def _frame_axes(fig):
    """The explorer figure's axes: regions, error curves, then the unit maps and their colour scales."""
    return fig.axes[0], fig.axes[1], fig.axes[2:]


def test_the_defaults_are_the_articles_network_bit_for_bit():
    data = widgets.explore("moons", epochs=40)
    X_train, Y_train = data["X_train"], data["Y_train"]
    plain = nn.gradient_descent(
        nn.init_thetas([2, 8, 2], seed=0), X_train, Y_train, alpha=1.0, epochs=40,
        X_test=data["X_test"], Y_test=data["Y_test"],
    )  # fmt: skip
    assert data["result"].history.error == plain.history.error
    assert data["result"].biases is None
    for ours, theirs in zip(data["result"].thetas, plain.thetas):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize(
    "control, value, expected",
    [
        ("bias", True, dict(bias=True)),
        ("activation", "tanh", dict(activation="tanh")),
        ("activation", "relu", dict(activation="relu", init="he")),
        ("optimiser", "adam", dict(optimiser="adam")),
        ("batch_size", 16, dict(batch_size=16)),
        ("weight_decay", 0.01, dict(weight_decay=0.01)),
    ],
)
def test_each_new_control_reaches_the_training(control, value, expected):
    panel = widgets.explorer(mode="live")
    panel.controls["epochs"].value = 20
    panel.controls[control].value = value
    data = panel.data
    assert data[control] == value
    init = expected.pop("init", "glorot")
    reference = nn.fit(
        [2, 8, 2], data["X_train"], data["Y_train"], alpha=1.0, epochs=20, seed=0, init=init,
        X_test=data["X_test"], Y_test=data["Y_test"], **expected,
    )  # fmt: skip
    assert data["result"].history.error == reference.history.error
    assert control in ("bias",) or data["result"].biases is None
    assert ne._network_words(data) in panel.figure.axes[1].get_title()


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_spirals_reach_95_percent_with_bias_and_tanh_or_relu_in_the_default_epochs(activation):
    """Issue 13: the measured figure (98 % for both at seed 0) is what the chapter and README quote."""
    settings = {"dataset": "spirals", "bias": True, "activation": activation}
    history = widgets.explorer_compute(settings)["result"].history
    assert len(history.epoch) - 1 == widgets.EXPLORER_DEFAULTS["epochs"] == 300
    assert history.test_accuracy[-1] >= 0.95
    article = widgets.explorer_compute({"dataset": "spirals"})["result"].history
    assert article.test_accuracy[-1] < 0.7  # the article's network does not: the options make the difference


def test_a_unit_map_is_that_units_activation_over_the_plane():
    thetas = nn.init_thetas([2, 3, 4, 2], seed=1)
    biases = [np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.2, 0.3, 0.4]), np.zeros(2)]
    X = np.array([[-1.0, 0.0], [2.0, 3.0]])
    out = unit_maps(thetas, X, biases, "tanh", resolution=6, margin=0.5)
    lo0, hi0, lo1, hi1 = out["extent"]
    assert (lo0, hi0, lo1, hi1) == (-1.5, 2.5, -0.5, 3.5)
    # row r, column c of a map is the point (x1_c, x2_r); unit i of layer 1 is tanh(θ_1,i · x + b_1,i)
    x1, x2 = np.linspace(lo0, hi0, 6)[4], np.linspace(lo1, hi1, 6)[1]
    a1 = np.tanh(thetas[0] @ [x1, x2] + biases[0])
    np.testing.assert_allclose(out["maps"][0][:, 1, 4], a1)
    a2 = np.tanh(thetas[1] @ a1 + biases[1])
    np.testing.assert_allclose(out["maps"][1][:, 1, 4], a2)
    np.testing.assert_allclose(out["y_hat"][1, 4], nn.softmax(thetas[2] @ a2 + biases[2]))


def test_the_figure_shows_one_map_per_unit_of_the_first_two_hidden_layers():
    data = widgets.explorer_compute({"layers": 3, "H_1": 3, "H_2": 12, "H_3": 5, "epochs": 5, "bias": True})
    fig = widgets.explorer_draw(data)
    _, _, small = _frame_axes(fig)
    layer_1, layer_2, scale = small  # one image per layer (its units side by side), one colour scale
    assert [t.get_text() for t in layer_1.get_xticklabels()] == ["unit 1", "unit 2", "unit 3"]
    assert len(layer_2.get_xticklabels()) == 8  # layer 2 shows its first 8 of 12 units; layer 3 is not drawn
    assert any("first 8\nof 12" in t.get_text() for t in fig.texts)
    expected = unit_maps(data["result"].thetas, data["X_train"], data["result"].biases, "sigmoid")["maps"]
    res, gap = expected[0].shape[-1], 4
    tiles_1, tiles_2 = layer_1.images[0].get_array(), layer_2.images[0].get_array()
    assert tiles_1.shape == (res, 3 * res + 2 * gap) and tiles_2.shape == (res, 8 * res + 7 * gap)
    np.testing.assert_allclose(tiles_1[:, 2 * (res + gap) : 2 * (res + gap) + res], expected[0][2])
    np.testing.assert_allclose(tiles_2[:, 7 * (res + gap) :], expected[1][7])
    assert np.ma.getmaskarray(tiles_1)[:, res : res + gap].all()  # the white gap between two units
    assert layer_1.images[0].get_clim() == (0.0, 1.0)  # the sigmoid's range, the same for every unit
    assert widgets.explorer_draw(widgets.explorer_compute({"layers": 0, "epochs": 2})).axes[2:] == []


def test_the_static_frames_share_one_error_axis(monkeypatch):
    """Issue 11: the explorer's error axis rescaled between slider positions, so they could not be compared."""
    limits, drawn = [], []
    real = ne.explorer_draw

    def spy(data, error_limits=None):
        fig = real(data, error_limits=error_limits)
        limits.append(fig.axes[1].get_ylim())
        drawn.append(data)
        return fig

    monkeypatch.setattr(ne, "explorer_draw", spy)
    monkeypatch.setattr(ne, "STATIC_DATASETS", ["xor", "spirals"])
    panel = widgets.explorer(mode="static")
    assert len(limits) == 2 * len(ne.STATIC_NETWORKS) and len(set(limits)) == 1
    low, high = limits[0]
    every_E = [e for data in drawn for h in [data["result"].history] for e in h.error + h.test_error]
    assert (low, high) == pytest.approx((min(every_E) / 1.5, max(every_E) * 1.5))  # holds all, fits them
    errors = [data["result"].history.error[-1] for data in drawn]
    assert max(errors) / min(errors) > 10  # frames that differ a lot, on one axis
    assert [s.description for s in panel.sliders] == ["dataset", "network"]
    assert panel.sliders[0].value == "spirals" and panel.sliders[1].value == "article"
    assert all(s.layout.width == "320px" and s.layout.max_width == "100%" for s in panel.sliders)  # phones


def test_the_live_error_axis_stays_put_between_settings():
    panel = widgets.explorer(mode="live")
    panel.controls["epochs"].value = 100
    first = panel.figure.axes[1].get_ylim()
    panel.controls["alpha"].value = 0.1
    panel.controls["activation"].value = "tanh"
    assert panel.figure.axes[1].get_ylim() == first == ne.LIVE_ERROR_LIMITS
    assert panel.figure.axes[1].get_xlim() == (0, 100)


def _upload(panel, content, name="points.csv"):
    panel.upload.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        },
    )


def test_a_good_csv_becomes_the_dataset_and_is_trained_on():
    panel = widgets.explorer(mode="live")
    panel.controls["epochs"].value = 30
    _upload(panel, GOOD_CSV.encode())
    assert panel.controls["dataset"].value == "own" and panel.controls["noise"].disabled
    assert "Loaded points.csv" in panel.message.value and "M = 40" in panel.message.value
    data = panel.data
    assert data["dataset"] == "own" and data["sizes"] == [2, 8, 2]
    X = np.vstack([data["X_train"], data["X_test"]])
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)  # standardised
    np.testing.assert_allclose(X.std(axis=0), 1)
    assert panel.figure.axes[0].get_xlabel() == "height (standardised)"
    assert panel.upload.value == ()  # ready for the next file
    panel.controls["dataset"].value = "moons"
    assert panel.data["dataset"] == "moons"
    panel.controls["dataset"].value = "own"
    assert panel.data["result"].history.error == data["result"].history.error


@pytest.mark.parametrize(
    "content, words",
    [
        (b"x1,x2,label\n1,2,0\n3,oops,1\n", ["Line 3, column 2 (x2)", "expected a number", "'oops'"]),
        (b"1,2,0\n" * 20, ["single class"]),
        (b"\x00\x01binary", ["not text"]),
    ],
)
def test_a_bad_csv_changes_nothing_and_says_where_and_what(content, words):
    panel = widgets.explorer(mode="live")
    panel.controls["dataset"].value = "xor"
    before = (panel.data, bytes(panel.image.value), panel.values(), panel.controls["dataset"].options)
    _upload(panel, content, name="bad<file>.csv")
    after = (panel.data, bytes(panel.image.value), panel.values(), panel.controls["dataset"].options)
    assert after[0] is before[0] and after[1:] == before[1:]
    assert panel.own is None
    assert "bad&lt;file&gt;.csv was not loaded" in panel.message.value
    assert "keeps the data it had" in panel.message.value
    for word in words:
        assert word.replace("'", "&#x27;") in panel.message.value, panel.message.value


def test_a_bad_file_after_a_good_one_keeps_the_good_one():
    panel = widgets.explorer(mode="live")
    panel.controls["epochs"].value = 10
    assert panel.load_csv(GOOD_CSV.encode(), "good.csv")
    kept = panel.data
    assert not panel.load_csv(b"a,b\n", "bad.csv")
    assert panel.data is kept and panel.own.X.shape == (40, 2)


def test_every_control_row_fits_a_phone():
    """Issue 11: slider rows within 360 px; the browser test measures the rendered rows."""
    panel = widgets.explorer(mode="live")
    for name, control in panel.controls.items():
        assert control.layout.width == "320px" and control.layout.max_width == "100%", name
    assert panel.progress.layout.width == "320px"
    # a dropdown shows its value's label (a value of None would show an empty box)
    assert panel.controls["batch_size"].label == "full batch" and panel.data["batch_size"] is None
    assert panel.control_box.layout.flex_flow == "row wrap"


def test_read_points_csv_output_feeds_explore_directly():
    own = read_points_csv(GOOD_CSV)
    data = widgets.explore("own", epochs=3, own=own, bias=True)
    assert data["classes"] == ["a", "b"] and data["names"] == ("height", "weight", "kind")
    assert len(data["X_train"]) == 30 and len(data["X_test"]) == 10
