"""Fixtures shared by the unit tests."""

import numpy as np
import pytest


@pytest.fixture
def no_warnings():
    """Turn every warning into an error inside the test (numpy's overflow warnings included)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):  # underflow to 0 is harmless and expected
            yield
