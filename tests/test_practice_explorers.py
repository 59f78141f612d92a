"""Notebooks 06 and 07's live figures: every slider value, no exception, no warning, a changed view."""

import numpy as np
import pytest

from helpers.explorers import practice
from notebook_code import notebook_explorers
from test_explorers import sweep_every_value


@pytest.fixture(scope="module")
def notebook_06_explorers():
    return notebook_explorers("06_reduction_in_practice.ipynb")


def test_notebook_06_figures_take_every_slider_value(notebook_06_explorers):
    assert len(notebook_06_explorers) == 2
    for explorer in notebook_06_explorers:
        assert sweep_every_value(explorer) > 10


def test_error_grids_are_zero_where_nothing_is_split_or_unequal():
    accumulation = practice.accumulation_error_grid(n_batches=4)
    assert np.all(accumulation[0] < 1e-12) and np.all(accumulation[:, 0] < 1e-12)
    assert np.all(accumulation[1:, 1:] > 0)
    parallel = practice.data_parallel_error_grid(n_batches=4)
    assert np.all(parallel[0] < 1e-12) and np.all(parallel[:, 0] < 1e-12)
    assert np.all(parallel[1:, 1:] > 0)
