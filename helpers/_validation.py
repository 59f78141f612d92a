"""Argument checks shared by every public function of :mod:`helpers`.

Each check raises ``TypeError`` for a value of the wrong kind and ``ValueError`` for a value of
the right kind outside what is allowed, and the message names the argument and what is allowed,
so that a student who passes ``batch_size=2.5`` learns what to change.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np


def check_choice(value: object, name: str, allowed: Sequence[str]) -> str:
    """Return ``value`` if it is one of the strings in ``allowed``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {list(allowed)}, got {value!r} of type {type(value).__name__}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")
    return value


def check_positive_int(value: object, name: str, *, maximum: int | None = None, what: str = "") -> int:
    """Return ``value`` as an ``int`` if it is an integer >= 1 (and <= ``maximum`` if given)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r} of type {type(value).__name__}")
    value = int(value)
    if value < 1:
        raise ValueError(f"{name} must be a positive integer (1, 2, 3, ...), got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}{what}, got {value}")
    return value


def check_positive_int_array(values: object, name: str, *, maximum: int | None = None, what: str = "") -> np.ndarray:
    """Return ``values`` as an integer array whose entries are all >= 1 (and <= ``maximum``)."""
    array = np.asarray(values)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        if array.ndim == 0:
            check_positive_int(values, name)  # raises the scalar message
        raise TypeError(f"{name} must hold positive integers, got an array of dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.any(array < 1):
        raise ValueError(f"{name} must hold positive integers (1, 2, 3, ...), got {array.min()}")
    if maximum is not None and np.any(array > maximum):
        raise ValueError(f"{name} must be at most {maximum}{what}, got {array.max()}")
    return array.astype(np.int64)


def check_real_array(values: object, name: str, *, positive: bool = False, nonnegative: bool = False) -> np.ndarray:
    """Return ``values`` as a float array of finite numbers (optionally > 0 or >= 0)."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a real number or an array of them, got {values!r}")
    array = np.asarray(values)
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(f"{name} must be a real number or an array of them, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty (an empty batch has no loss and no gradient)")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {_first_bad(array, ~np.isfinite(array))}")
    if positive and np.any(array <= 0):
        raise ValueError(f"{name} must be positive (> 0), got {_first_bad(array, array <= 0)}")
    if nonnegative and np.any(array < 0):
        raise ValueError(f"{name} must be >= 0, got {_first_bad(array, array < 0)}")
    return array


def check_learning_rate(value: object, name: str = "learning_rate") -> np.ndarray:
    """A learning rate (or array of them): positive and finite."""
    return check_real_array(value, name, positive=True)


def check_matrix(values: object, name: str) -> np.ndarray:
    """A non-empty 2-D float array of finite numbers (examples x features)."""
    array = check_real_array(values, name)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (examples x features), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one example (an empty batch has no loss)")
    return array


def check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str, *, axis_a: int = 0, axis_b: int = 0) -> None:
    """Raise if ``a`` and ``b`` do not hold the same number of examples."""
    if a.shape[axis_a] != b.shape[axis_b]:
        raise ValueError(
            f"{a_name} and {b_name} must hold the same number of examples: "
            f"{a_name} has shape {a.shape}, {b_name} has shape {b.shape}"
        )


def check_binary_labels(labels: np.ndarray, name: str) -> None:
    """Raise unless every entry of ``labels`` is 0 or 1."""
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError(f"{name} must hold class labels 0 or 1 for a classification loss, got values {np.unique(labels)[:5]}")


def _first_bad(array: np.ndarray, bad: np.ndarray) -> float:
    return array.reshape(-1)[np.flatnonzero(bad.reshape(-1))[0]]
