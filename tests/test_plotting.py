"""plotting: every figure draws from companion's results without changing them; one colour-blind-safe palette."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import companion as nn  # noqa: E402
from companion import plotting as cp  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_style_sets_the_palette_and_continuous_map():
    cp.use_book_style()
    colors = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert colors == cp.OKABE_ITO
    assert matplotlib.rcParams["image.cmap"] == "cividis"
    assert len(set(cp.MARKERS)) == len(cp.MARKERS) >= 10  # one shape per digit class


def test_network_figure_labels_every_theta_shape():
    fig = cp.plot_network([64, 16, 10])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("16 × 64" in t for t in texts) and any("10 × 16" in t for t in texts)
    assert sum("layer" in t for t in texts) == 3


def test_decision_regions_use_markers_per_class_and_leave_data_alone():
    X, Y = nn.blobs(M=30, seed=0)
    thetas = nn.init_thetas([2, 4, 3], seed=0)
    X_copy = X.copy()
    fig = cp.plot_decision_regions(thetas, X, Y)
    markers = {coll.get_paths()[0].vertices.tobytes() for coll in fig.axes[0].collections}
    assert len(markers) == 3  # three classes, three shapes
    assert np.array_equal(X, X_copy)
    with pytest.raises(ValueError, match="N = H_0 = 2"):
        cp.plot_decision_regions(nn.init_thetas([3, 2]), np.ones((2, 3)), np.eye(2))


def test_history_digits_and_confusion_matrix_draw():
    X, Y = nn.blobs(M=30, seed=0)
    result = nn.fit([2, 4, 3], X, Y, alpha=0.5, epochs=5, X_test=X, Y_test=Y)
    fig = cp.plot_history(result.history)
    assert len(fig.axes[0].lines) == 2
    Xd, Yd = nn.digits()
    fig = cp.plot_digits(Xd[:12], nn.labels(Yd[:12]), predicted=nn.labels(Yd[:12]), ncols=6)
    assert len(fig.axes) == 12
    fig = cp.plot_confusion_matrix(nn.confusion_matrix(result.thetas, X, Y))
    assert len(fig.axes[0].texts) == 9


# --- every argument is checked: a clear TypeError / ValueError, no warning, nothing drawn from bad data ----


def _history(T=4, test=True):
    h = nn.History()
    for t in range(T):
        h.epoch.append(t)
        h.error.append(1.0 / (t + 1))
        h.accuracy.append(0.5)
        if test:
            h.test_error.append(1.2 / (t + 1))
            h.test_accuracy.append(0.4)
    return h


def _bad_calls():
    X, Y = nn.blobs(M=30, seed=0)
    thetas = nn.init_thetas([2, 4, 3], seed=0)
    empty = nn.History()
    short = _history()
    short.test_error.pop()
    yield (
        "plot_network(max_units=0)",
        lambda: cp.plot_network([2, 3, 2], max_units=0),
        ValueError,
        "max_units must be an integer ≥ 2, got 0",
    )
    yield (
        "plot_network(max_units=2.5)",
        lambda: cp.plot_network([2, 3, 2], max_units=2.5),
        TypeError,
        "max_units must be an integer ≥ 2, got 2.5 (float)",
    )
    yield "plot_network(sizes={3, 4, 2})", lambda: cp.plot_network({3, 4, 2}), TypeError, "has no order"
    yield (
        "plot_network(ax='left')",
        lambda: cp.plot_network([2, 3, 2], ax="left"),
        TypeError,
        "ax must be a matplotlib Axes (or None for a new figure), got a str",
    )
    yield "plot_history(None)", lambda: cp.plot_history(None), TypeError, "history must be a History"
    yield (
        "plot_history(result)",
        lambda: cp.plot_history(nn.TrainingResult(thetas, short)),
        TypeError,
        "pass result.history",
    )
    yield "plot_history(empty)", lambda: cp.plot_history(empty), ValueError, "at least one epoch"
    yield (
        "plot_history(ragged)",
        lambda: cp.plot_history(short),
        ValueError,
        "history.test_error must have one value per epoch (4), got 3",
    )
    yield (
        "plot_history(log='yes')",
        lambda: cp.plot_history(_history(), log="yes"),
        TypeError,
        "log must be True or False",
    )
    zero = _history(test=False)
    zero.error = [0.0] * len(zero.epoch)
    yield (
        "plot_history(log=True) of E = 0",
        lambda: cp.plot_history(zero, log=True),
        ValueError,
        "log=True needs an error E > 0",
    )
    yield "plot_history(title=3)", lambda: cp.plot_history(_history(), title=3), TypeError, "title must be a string"
    yield (
        "decision regions, X and Y of different M",
        lambda: cp.plot_decision_regions(thetas, X, Y[:20]),
        ValueError,
        "Y must have shape (M, P) = (30, 3)",
    )
    yield (
        "decision regions, Y with the wrong P",
        lambda: cp.plot_decision_regions(thetas, X, np.eye(2)[[0] * 30]),
        ValueError,
        "Y must have shape (M, P) = (30, 3)",
    )
    yield (
        "decision regions, X with NaN",
        lambda: cp.plot_decision_regions(thetas, np.where(X > 1, np.nan, X), Y),
        ValueError,
        "X must be finite",
    )
    yield (
        "decision regions, N = 3",
        lambda: cp.plot_decision_regions(nn.init_thetas([3, 2]), np.ones((2, 3)), np.eye(2)),
        ValueError,
        "N = H_0 = 2",
    )
    yield (
        "decision regions, resolution=1",
        lambda: cp.plot_decision_regions(thetas, X, Y, resolution=1),
        ValueError,
        "resolution must be an integer in [2, 2000], got 1",
    )
    yield (
        "decision regions, resolution=10**9",
        lambda: cp.plot_decision_regions(thetas, X, Y, resolution=10**9),
        ValueError,
        "resolution must be an integer in [2, 2000]",
    )
    yield (
        "decision regions, margin=-1",
        lambda: cp.plot_decision_regions(thetas, X, Y, margin=-1),
        ValueError,
        "margin must be a finite number ≥ 0, got -1.0",
    )
    yield (
        "decision regions, X beyond range",
        lambda: cp.plot_decision_regions(thetas, np.array([[-1.7e308, 0.0], [1.7e308, 0.0]]), [0, 1]),
        ValueError,
        "X must span a range",
    )
    yield (
        "decision regions, z overflows",
        lambda: cp.plot_decision_regions(thetas, np.array([[1e308, 1e308], [1e308, 1e308]]), [0, 1]),
        ValueError,
        "X and Θ_1 must be small enough",
    )
    yield (
        "digits, labels of the wrong length",
        lambda: cp.plot_digits(np.zeros((3, 64)), [1, 2]),
        ValueError,
        "labels must have one label per sample: M = 3 labels, got 2",
    )
    yield (
        "digits, predicted as strings",
        lambda: cp.plot_digits(np.zeros((2, 64)), [1, 2], ["a", "b"]),
        TypeError,
        "predicted",
    )
    yield "digits, no image", lambda: cp.plot_digits(np.zeros((0, 64)), []), ValueError, "at least one image"
    yield (
        "digits, ncols=0",
        lambda: cp.plot_digits(np.zeros((2, 64)), [1, 2], ncols=0),
        ValueError,
        "ncols must be an integer ≥ 1, got 0",
    )
    yield (
        "confusion matrix, not square",
        lambda: cp.plot_confusion_matrix(np.ones((2, 3))),
        ValueError,
        "cm must be a square confusion matrix (P, P)",
    )
    yield (
        "confusion matrix, negative count",
        lambda: cp.plot_confusion_matrix([[1, -1], [0, 2]]),
        ValueError,
        "cm must hold counts (whole numbers from 0 to 2**53), got -1.0 at index (0, 1)",
    )
    yield "confusion matrix, None", lambda: cp.plot_confusion_matrix(None), TypeError, "cm must be"
    yield "class_colors(True)", lambda: cp.class_colors(True), TypeError, "P must be an integer ≥ 1, got a bool"


BAD_CALLS = list(_bad_calls())


@pytest.mark.parametrize("call, error, words", [c[1:] for c in BAD_CALLS], ids=[c[0] for c in BAD_CALLS])
def test_bad_arguments_get_a_clear_error_and_no_warning(call, error, words):
    import warnings

    before = plt.get_fignums()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error) as info:
            call()
    assert words in str(info.value), str(info.value)
    assert plt.get_fignums() == before  # refused before anything is drawn


def test_a_single_point_with_no_margin_still_draws():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = cp.plot_decision_regions(nn.init_thetas([2, 2]), [[1.0, 1.0]], [0], margin=0)
    np.testing.assert_allclose(fig.axes[0].images[0].get_extent(), [0.5, 1.5, 0.5, 1.5])


# --- the figures' data: what the reader sees is what the maths says -------------------------------------


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _decode_classes(image, P):
    """The class drawn at each pixel: image = 1 − s·(1 − colour_j), so 1 − image points along 1 − colour_j."""
    tint = 1 - np.asarray(image)[..., :3]
    colours = 1 - np.array([matplotlib.colors.to_rgb(c) for c in cp.class_colors(P)])
    cosine = (tint @ colours.T) / (np.linalg.norm(tint, axis=-1, keepdims=True) * np.linalg.norm(colours, axis=1))
    return cosine.argmax(axis=-1)


def test_decision_regions_label_grid_is_the_argmax_of_the_network():
    # one layer, three classes: the regions are three unequal sectors, so a transposed or flipped
    # grid, or the least likely class instead of the most likely, changes the picture
    thetas = [np.array([[2.0, 0.5], [0.0, 1.0], [-1.5, -2.0]])]
    X, Y = nn.blobs(M=30, P=3, seed=1)
    fig = cp.plot_decision_regions(thetas, X, Y, resolution=40, margin=0.5)
    ax = fig.axes[0]
    (image,) = ax.images
    x0, x1, y0, y1 = image.get_extent()
    np.testing.assert_allclose([x0, y0], X.min(axis=0) - 0.5)
    np.testing.assert_allclose([x1, y1], X.max(axis=0) + 0.5)
    assert image.origin == "lower"
    xs, ys = np.linspace(x0, x1, 40), np.linspace(y0, y1, 40)
    points = np.array([[x, y] for y in ys for x in xs])  # row r of the image is y = ys[r]
    expected = _softmax(points @ thetas[0].T).argmax(axis=1).reshape(40, 40)
    drawn = _decode_classes(image.get_array(), 3)
    assert len(np.unique(expected)) == 3
    assert np.mean(drawn != expected) == 0, f"{np.mean(drawn != expected):.1%} of the pixels show the wrong class"


def test_decision_regions_plot_each_sample_in_its_class_colour_and_shape():
    X, Y = nn.blobs(M=30, P=3, seed=1)
    fig = cp.plot_decision_regions([np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])], X, Y)
    true = Y.argmax(axis=1)
    collections = fig.axes[0].collections
    assert len(collections) == 3
    for j, coll in enumerate(collections):
        np.testing.assert_allclose(coll.get_offsets(), X[true == j])
        np.testing.assert_allclose(coll.get_facecolor()[0][:3], matplotlib.colors.to_rgb(cp.class_colors(3)[j]))
        assert coll.get_label() == f"class {j}"


def test_history_lines_are_the_recorded_errors():
    h = _history(T=5)
    h.diverged_at = 5
    fig = cp.plot_history(h, log=True)
    ax = fig.axes[0]
    train, test, diverged = ax.lines
    assert train.get_label() == "training E" and test.get_label() == "test E"
    np.testing.assert_array_equal(train.get_xdata(), h.epoch)
    np.testing.assert_array_equal(train.get_ydata(), h.error)
    np.testing.assert_array_equal(test.get_xdata(), h.epoch)
    np.testing.assert_array_equal(test.get_ydata(), h.test_error)
    assert list(diverged.get_xdata()) == [5, 5] and "diverged (epoch 5)" in diverged.get_label()
    assert ax.get_yscale() == "log"
    assert len(cp.plot_history(_history(test=False)).axes[0].lines) == 1


def test_network_figure_draws_every_unit_and_edge_it_shows():
    fig = cp.plot_network([3, 8, 12, 2], max_units=8)
    ax = fig.axes[0]
    units = [coll.get_offsets() for coll in ax.collections]
    shown = [3, 8, 8, 2]  # 12 > max_units: the first 4 and last 4
    assert [len(u) for u in units] == shown
    for ell, u in enumerate(units):
        assert np.all(u[:, 0] == ell)
        assert np.all(np.diff(u[:, 1]) < 0)  # top to bottom, no unit drawn twice
    edges = [line for line in ax.lines if line.get_xdata()[0] != line.get_xdata()[1]]
    assert len(edges) == 3 * 8 + 8 * 8 + 8 * 2
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("⋮") == 1  # only the layer of 12 is cut
    assert any("8 × 3" in t for t in texts) and any("12 × 8" in t for t in texts) and any("2 × 12" in t for t in texts)


def test_digits_show_each_row_as_an_8_by_8_image_with_its_labels():
    Xd, Yd = nn.digits()
    labels = nn.labels(Yd[:4])
    predicted = (labels + 1) % 10
    fig = cp.plot_digits(Xd[:4], labels, predicted=predicted, ncols=4)
    for k, ax in enumerate(fig.axes):
        np.testing.assert_array_equal(ax.images[0].get_array(), Xd[k].reshape(8, 8))
        assert ax.get_title() == f"true {labels[k]}\nsaid {predicted[k]}"


ASYMMETRIC = np.array([[5, 2, 0], [0, 3, 1], [4, 0, 6]])


def test_confusion_matrix_figure_puts_true_classes_in_rows():
    fig = cp.plot_confusion_matrix(ASYMMETRIC)
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.images[0].get_array(), ASYMMETRIC)
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert cells == {(j, k): str(ASYMMETRIC[j, k]) for j in range(3) for k in range(3)}  # (row y, column x)
    assert ax.get_ylabel() == "true class" and ax.get_xlabel() == "predicted class"


def test_training_confusion_matrix_counts_true_class_rows_and_predicted_class_columns():
    # Θ_1 = 10·I: the network predicts the class of the largest input, so predictions are known in advance
    thetas = [10 * np.eye(3)]
    X = np.eye(3)[[0, 0, 1, 2, 2, 2]]  # predicted: 0 0 1 2 2 2
    true = np.array([0, 1, 1, 2, 0, 0])  # true:      0 1 1 2 0 0
    C = nn.confusion_matrix(thetas, X, true)
    expected = np.zeros((3, 3), dtype=int)
    for j, k in zip(true, [0, 0, 1, 2, 2, 2]):
        expected[j, k] += 1
    assert expected[0, 2] == 2 and expected[2, 0] == 0  # asymmetric: a transpose shows
    np.testing.assert_array_equal(C, expected)
