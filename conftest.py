"""Root pytest configuration: the names every docstring example may use."""

import numpy as np
import pytest

import companion


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["np"] = np
    for name in companion.__all__:
        doctest_namespace[name] = getattr(companion, name)
