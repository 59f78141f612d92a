"""helpers.tables: aligned, rounded text."""

import numpy as np
import pytest

from helpers.tables import format_table


def test_rows_columns_and_rounding():
    text = format_table("η", [0.001, 0.1], {"sum": np.array([0.12345, 1.0]), "mean, scaled lr": [2.0, 3.0]})
    lines = text.splitlines()
    assert lines[0].split()[0] == "η" and lines[0].endswith("mean, scaled lr")
    assert lines[1].split() == ["0.001", "0.123", "2.000"] and lines[2].split() == ["0.1", "1.000", "3.000"]
    assert len({len(line) for line in lines}) == 1  # right-aligned to one width


@pytest.mark.parametrize("args, kwargs, error", [
    (("B", [1, 2], {"sum": [1.0]}), {}, ValueError),       # a column too short
    (("B", [1], {}), {}, TypeError),                       # no column
    (("B", [1], {"sum": [1.0]}), {"digits": -1}, ValueError),
    ((3, [1], {"sum": [1.0]}), {}, TypeError),
])
def test_bad_arguments_are_named(args, kwargs, error):
    with pytest.raises(error):
        format_table(*args, **kwargs)
