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
    assert len(set(cp.MARKERS)) == len(cp.MARKERS) >= 10       # one shape per digit class


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
    assert len(markers) == 3                                   # three classes, three shapes
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
