"""Checks shared by the explorers: the run they display, the grids they are told it has, the slider values they start at.

The work an explorer may start is limited by :func:`helpers._validation.check_work`, as everywhere else.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._validation import check_real_array
from ..training import TrainingRun

def check_run(run: object, name: str, n_axes: int, last_axis: int | None = None) -> TrainingRun:
    """Return ``run`` if it is a :class:`TrainingRun` with ``n_axes`` configuration axes (the last of length ``last_axis``)."""
    if not isinstance(run, TrainingRun):
        raise TypeError(f"{name} must be a TrainingRun (what the trainer returns), got {type(run).__name__}")
    shape = run.diverged.shape
    if len(shape) != n_axes or (last_axis is not None and shape[-1] != last_axis):
        wanted = f"{n_axes} configuration axes" + (f", the last of length {last_axis}" if last_axis is not None else "")
        raise ValueError(f"{name} must have {wanted}, got configuration shape {shape}")
    return run


def check_grid(values: object, name: str, expected: np.ndarray, what: str) -> list[float]:
    """Return ``values`` as a list if it equals ``expected`` (the run's grid), in the same order."""
    array = check_real_array(values, name)
    if array.ndim != 1 or array.shape != expected.shape or not np.allclose(array, expected, rtol=1e-12, atol=0):
        raise ValueError(f"{name} must be the {what} of the run, in its order: {expected.tolist()}, got {np.ravel(array).tolist()}")
    return [float(v) for v in array]


def sort_run(run: TrainingRun, axis: int, keys: np.ndarray) -> TrainingRun:
    """``run`` with configuration axis ``axis`` reordered by increasing ``keys`` (sliders go left to right)."""
    order = np.argsort(keys, kind="stable")
    if np.array_equal(order, np.arange(len(order))):
        return run
    shape = run.diverged.shape
    changes = {}
    for field in dataclasses.fields(run):
        value = getattr(run, field.name)
        if isinstance(value, np.ndarray) and value.ndim >= len(shape) and value.shape[:len(shape)] == shape:
            changes[field.name] = np.take(value, order, axis=axis)
    return dataclasses.replace(run, **changes)


def check_option(value: object, name: str, options: tuple | list, what: str = "") -> float:
    """Return ``value`` if it is one of a slider's ``options`` (checked before any expensive precomputation).

    ``what`` says where the options come from, in the caller's terms (``" (the batch sizes of run)"``).
    """
    shown = f"{[v.item() if isinstance(v, np.generic) else v for v in options]}{what}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be one of the slider's options {shown}, got {value!r:.60}")
    if value not in options:
        raise ValueError(f"{name} must be one of the slider's options {shown}, got {value!r:.60}")
    return value
