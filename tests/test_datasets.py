"""datasets: shapes, one-hot, seeds, the split, digits from the local copy."""

import numpy as np
import pytest

import companion as nn


@pytest.mark.parametrize("make, P", [(nn.moons, 2), (nn.xor, 2), (nn.spirals, 3), (nn.blobs, 3)])
def test_toy_sets_shapes_one_hot_and_seeds(make, P):
    X, Y = make(M=60, seed=1)
    assert X.shape == (60, 2) and Y.shape == (60, P)
    np.testing.assert_array_equal(Y.sum(axis=1), 1)
    assert set(np.unique(Y)) == {0.0, 1.0}
    X2, Y2 = make(M=60, seed=1)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    X3, _ = make(M=60, seed=2)
    assert not np.array_equal(X, X3)
    counts = Y.sum(axis=0)
    assert counts.max() - counts.min() <= 1  # balanced classes


def test_one_hot_and_labels_round_trip():
    labels = np.array([3, 0, 2, 2])
    Y = nn.one_hot(labels, 5)
    assert Y.shape == (4, 5)
    np.testing.assert_array_equal(nn.labels(Y), labels)
    assert nn.one_hot(labels).shape == (4, 4)


def test_one_hot_rejects_labels_out_of_range():
    with pytest.raises(ValueError, match=r"^labels must lie in \[0, P\) = \[0, 3\); got label 3 at index 1"):
        nn.one_hot([0, 3], 3)


def test_train_test_split_is_a_seeded_partition():
    X, Y = nn.blobs(M=40, seed=0)
    X_tr, X_te, Y_tr, Y_te = nn.train_test_split(X, Y, test_fraction=0.25, seed=3)
    assert len(X_tr) == 30 and len(X_te) == 10
    rows = {tuple(r) for r in np.vstack([X_tr, X_te])}
    assert rows == {tuple(r) for r in X}
    again = nn.train_test_split(X, Y, test_fraction=0.25, seed=3)
    assert np.array_equal(again[1], X_te)


def test_digits_ship_with_scikit_learn():
    X, Y = nn.digits()
    assert X.shape == (1797, 64) and Y.shape == (1797, 10)
    assert X.min() == 0.0 and X.max() == 1.0


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(M=1), ValueError, "M must be an integer ≥ 2, got 1"),
        (dict(M=10.5), TypeError, "M must be an integer"),
        (dict(noise=-0.1), ValueError, "noise must be a finite number ≥ 0, got -0.1"),
        (dict(seed=-1), ValueError, "seed must be an integer ≥ 0, got -1"),
    ],
)
def test_generators_validate(kwargs, error, match):
    with pytest.raises(error, match=match):
        nn.moons(**kwargs)
