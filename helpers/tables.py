"""Plain-text tables for notebook output: one row per setting, aligned columns, rounded values.

Rounding is part of the format, so a table's text is the same on every machine (strict nbval
compares it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ._validation import _show, check_real_array

__all__ = ["format_table"]


def format_table(row_name: str, rows: Sequence[object], columns: Mapping[str, Sequence[float]], *,
                 digits: int = 3) -> str:
    """A table with one row per entry of ``rows`` and one column per entry of ``columns``.

    Each value is printed with ``digits`` decimals (``f"{value:.{digits}f}"``).

    Examples
    --------
    >>> print(format_table("B", [1, 2], {"sum": [0.5, 1.0], "mean": [0.5, 0.5]}, digits=2))
    B   sum  mean
    1  0.50  0.50
    2  1.00  0.50
    """
    if not isinstance(row_name, str):
        raise TypeError(f"row_name must be a str, got {row_name!r}")
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or not 0 <= digits <= 12:
        raise ValueError(f"digits must be an integer from 0 to 12, got {digits!r}")
    if not isinstance(columns, Mapping) or not columns:
        raise TypeError(f"columns must be a non-empty mapping of column name to values, got {columns!r}")
    if isinstance(rows, (str, bytes)) or not hasattr(rows, "__iter__"):
        raise TypeError(f"rows must be a sequence of row labels, got {_show(rows)}")
    rows = list(rows)
    for name in columns:
        if not isinstance(name, str):
            raise TypeError(f"columns must be keyed by column names (str), got the key {_show(name)}")
    values = {name: check_real_array(column, f"columns[{name!r}]", largest=np.inf) for name, column in columns.items()}
    cells = {name: [f"{float(v):.{digits}f}" for v in np.ravel(column)] for name, column in values.items()}
    for name, values in cells.items():
        if len(values) != len(rows):
            raise ValueError(f"columns[{name!r}] has {len(values)} values for {len(rows)} rows")
    header = [row_name, *cells]
    body = [[str(r), *(cells[name][i] for name in cells)] for i, r in enumerate(rows)]
    widths = [max(len(line[k]) for line in [header, *body]) for k in range(len(header))]
    return "\n".join("  ".join(f"{text:>{w}}" if k else f"{text:<{w}}" for k, (text, w) in enumerate(zip(line, widths)))
                     .rstrip() for line in [header, *body])
