"""Results over seeds with their spread: the median and the extremes, diverged runs as 'div.'."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.spread import format_spread, spread_table


def test_median_and_extremes():
    assert format_spread([3.0, 1.0, 2.0]) == "2.000 [1.000, 3.000]"
    assert format_spread([1.0, 2.0, 3.0, 4.0], digits=1) == "2.5 [1.0, 4.0]"


def test_diverged_runs_count_as_largest():
    assert format_spread([0.1, np.nan, 0.3], digits=1) == "0.3 [0.1, div.]"
    assert format_spread([np.inf, np.nan, 0.2], digits=1) == "div. [0.2, div.]"


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=9))
def test_the_median_is_numpys(values):
    median = float(format_spread(values, digits=6).split(" ")[0])
    assert median == pytest.approx(np.median(values), abs=1e-6)


def test_table_layout():
    text = spread_table("B", [8, 16], {"a": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": np.ones((2, 2))}, digits=1)
    lines = text.splitlines()
    assert lines[0].split() == ["B", "a", "b"] and lines[1].split()[0] == "8" and "2.0 [1.0, 3.0]" in lines[1]
    assert len({len(line) for line in lines[1:]}) == 1


@pytest.mark.parametrize("call, error, words", [
    (lambda: format_spread([]), ValueError, "values must not be empty"),
    (lambda: format_spread("abc"), TypeError, "values must be an array"),
    (lambda: format_spread([1.0], digits=-1), ValueError, "digits"),
    (lambda: spread_table("B", [1, 2], {"a": np.ones((3, 1))}), ValueError, r"shape \(seeds, 2 rows\)"),
    (lambda: spread_table("B", [1], {}), TypeError, "columns must be a non-empty mapping"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
