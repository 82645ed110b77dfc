"""Helpers shared by the unit tests."""

import numpy as np

import companion as nn


def random_problem(sizes, M=7, seed=0, scale=1.0):
    """A seeded random network, inputs and integer labels for the given sizes."""
    rng = np.random.default_rng(seed)
    thetas = [scale * t for t in nn.init_thetas(sizes, seed=seed)]
    X = rng.normal(size=(M, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=M)
    return thetas, X, labels


class Opaque:
    """An object numpy cannot turn into numbers (a hostile argument for the contract tests)."""
