"""Results over several seeds, printed with their spread: the median, and the smallest and largest value.

A claim about a random outcome (a loss after training, a noise scale, a sharpness) is computed at several
seeds and stated with its spread, never from one run. :func:`spread_table` prints one row per setting
and, in each cell, ``median [smallest, largest]`` over the seeds; a run that diverged (NaN or inf) is
printed ``div.`` and counts as larger than any number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ._validation import _show

__all__ = ["format_spread", "spread_table"]


def _check_values(values: object, name: str) -> np.ndarray:
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be an array of numbers, got {_show(values)}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {_show(values)}") from None
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    return array


def _cell(value: float, digits: int) -> str:
    return "div." if not np.isfinite(value) else f"{value:.{digits}f}"


def format_spread(values: np.ndarray, digits: int = 3) -> str:
    """``median [smallest, largest]`` of ``values`` (one per seed); NaN and inf (a diverged run) print ``div.``.

    >>> format_spread([0.5, 0.25, 1.0, np.nan, 0.75], digits=2)
    '0.75 [0.25, div.]'
    """
    array = _check_values(values, "values").reshape(-1)
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or not 0 <= digits <= 12:
        raise ValueError(f"digits must be an integer from 0 to 12, got {digits!r}")
    ordered = np.sort(np.where(np.isfinite(array), array, np.inf))
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return f"{_cell(median, digits)} [{_cell(ordered[0], digits)}, {_cell(ordered[-1], digits)}]"


def spread_table(row_name: str, rows: Sequence[object], columns: Mapping[str, np.ndarray], *, digits: int = 3) -> str:
    """A table with one row per entry of ``rows``; each column is an array ``(seeds, len(rows))`` printed with
    :func:`format_spread`.

    >>> print(spread_table("B", [8, 16], {"loss": np.array([[0.5, 0.6], [0.7, 0.8], [0.6, np.inf]])}, digits=1))
    B              loss
    8    0.6 [0.5, 0.7]
    16  0.8 [0.6, div.]
    """
    if not isinstance(row_name, str):
        raise TypeError(f"row_name must be a str, got {_show(row_name)}")
    if isinstance(rows, (str, bytes)) or not hasattr(rows, "__iter__"):
        raise TypeError(f"rows must be a sequence of row labels, got {_show(rows)}")
    rows = list(rows)
    if not isinstance(columns, Mapping) or not columns:
        raise TypeError(f"columns must be a non-empty mapping of column name to values, got {_show(columns)}")
    cells = {}
    for name, values in columns.items():
        if not isinstance(name, str):
            raise TypeError(f"columns must be keyed by column names (str), got the key {_show(name)}")
        array = _check_values(values, f"columns[{name!r}]")
        if array.ndim != 2 or array.shape[1] != len(rows):
            raise ValueError(f"columns[{name!r}] must have shape (seeds, {len(rows)} rows), got {array.shape}")
        cells[name] = [format_spread(array[:, k], digits) for k in range(len(rows))]
    header = [row_name, *cells]
    body = [[str(r), *(cells[name][k] for name in cells)] for k, r in enumerate(rows)]
    widths = [max(len(line[k]) for line in [header, *body]) for k in range(len(header))]
    return "\n".join("  ".join(f"{text:>{w}}" if k else f"{text:<{w}}" for k, (text, w) in enumerate(zip(line, widths)))
                     .rstrip() for line in [header, *body])
