"""Low precision: a float16 ``sum()`` overflows where a ``mean()`` does not, and loss scaling.

float16 holds finite values up to 65504 and rounds anything below about ``3e-8`` (half its smallest
subnormal, ``2**-24``) to zero. A result too large for float16 is rounded to the nearest float16
value, so it becomes ``inf`` only somewhat past 65504, not at 65504 itself. Reducing ``B``
per-example losses:

* ``sum()`` grows with ``B``, and its float16 result becomes ``inf`` once the sum is too large for
  float16's range. Where that happens depends on how the terms are added: numpy's ``np.sum`` keeps
  its partial sums in float32 and rounds only the result, while a running total kept in float16
  rounds after every addition, so its errors add up and it can overflow earlier or stall.
* ``mean()`` stays at the per-example scale, but a running total in float16 stops growing once each
  new term ``l_i / B`` is less than half the gap between float16 numbers near the total (swamping).
  Its gradient contributions ``g_i / B`` shrink with ``B`` and underflow to 0 when small. **Loss
  scaling** multiplies the loss (so every gradient) by ``S`` before the float16 backward pass and
  divides by ``S`` afterwards, in float32.
"""
from __future__ import annotations

import numpy as np

from ._validation import check_choice, check_real, check_real_array

FLOAT16_MAX = float(np.finfo(np.float16).max)
"""The largest finite float16, 65504."""


def float16_reduce(values: np.ndarray, reduction: str, *, accumulator: str = "float32") -> float:
    """Reduce ``values`` in float16: the sum, or the sum of ``values / B`` (a mean that never grows).

    Each value (and for ``"mean"`` each ``value / B``) is rounded to float16 first. Then, with
    ``accumulator="float32"``, they are added as numpy's ``np.sum`` adds a float16 array: in pairs
    (pairwise summation), with float32 partial sums, the result rounded to float16 once. With
    ``accumulator="float16"``, they are added one by one into a running total rounded to float16
    after each addition, ``t_k = fl16(t_(k-1) + x_k)``, as a float16 loop does. Overflow gives
    ``inf``, silently (as in a float16 kernel).

    Examples
    --------
    >>> float16_reduce(np.full(4096, 20.0), "sum"), float16_reduce(np.full(4096, 20.0), "mean")
    (inf, 20.0)
    >>> float16_reduce(np.full(4096, 20.0), "mean", accumulator="float16")   # swamped: 20/4096 is too small to add to 16
    16.0
    """
    check_choice(reduction, "reduction", ("sum", "mean"))
    check_choice(accumulator, "accumulator", ("float32", "float16"))
    values = check_real_array(values, "values")
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D (one loss per example), got shape {values.shape}")
    with np.errstate(over="ignore"):
        half = values.astype(np.float16)
        if reduction == "mean":
            half = half / np.float16(values.size)
        if accumulator == "float16":   # np.cumsum adds one term at a time and stores each total in float16
            return float(np.cumsum(half, dtype=np.float16)[-1])
        return float(np.sum(half, dtype=np.float16))


def rounded_to_zero(values: np.ndarray, *, loss_scale: float = 1.0) -> float:
    """The fraction of non-zero ``values`` (times ``loss_scale``) that float16 rounds to exactly 0 (underflow).

    >>> rounded_to_zero(np.array([1e-9, 1e-3])), rounded_to_zero(np.array([1e-9, 1e-3]), loss_scale=1024.0)
    (0.5, 0.0)
    """
    values = check_real_array(values, "values")
    loss_scale = check_real(loss_scale, "loss_scale", positive=True)
    nonzero = values != 0
    if not np.any(nonzero):
        raise ValueError("values must hold at least one non-zero number")
    with np.errstate(over="ignore", under="ignore"):
        half = (values[nonzero] * loss_scale).astype(np.float16)
    return float(np.mean(half == 0))


def float16_gradient(contributions: np.ndarray, *, loss_scale: float = 1.0) -> np.ndarray:
    """Per-example gradient contributions (already divided by ``B``) computed in float16 with loss scale ``S``.

    Each contribution is rounded to float16 after scaling (where a float16 backward pass loses it),
    then the contributions are added in float64 and divided by ``S`` (mixed precision accumulates and
    unscales in float32): ``sum_i fl16(S c_i) / S`` over axis 0.

    >>> float16_gradient(np.full((4, 1), 1e-8)), float16_gradient(np.full((4, 1), 1e-8), loss_scale=2.0**16)
    (array([0.]), array([3.9988663e-08]))
    """
    contributions = check_real_array(contributions, "contributions")
    if contributions.ndim == 0:
        raise ValueError("contributions must have an axis of examples (axis 0), got a single number")
    loss_scale = check_real(loss_scale, "loss_scale", positive=True)
    with np.errstate(over="ignore", under="ignore"):
        half = (contributions * loss_scale).astype(np.float16)
    return half.astype(np.float64).sum(axis=0) / loss_scale
