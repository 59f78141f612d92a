"""Check cells: one line of intent per claim, and a failure that says what broke.

A notebook's check cell states a claim, what it is checked against and to what tolerance, and
prints ``✓ claim`` when it holds. When it does not, it raises :class:`CheckFailed` with the numbers,
so a wrong formula, an off-by-B learning rate or a swapped reduction stops the notebook instead of
passing in silence. ``tests/test_check_cells.py`` feeds every check cell of every notebook such a
mistake and requires it to fail.

Each check prints only the claim and the tolerance, never a measured rounding error, so that the
text a notebook stores is the same on every machine.
"""

from __future__ import annotations

import numpy as np

from ._validation import _as_array, check_bool, check_choice, check_real

__all__ = ["CheckFailed", "expect_close", "expect_true", "expect_within_standard_errors", "expect_order"]


class CheckFailed(AssertionError):
    """A check cell's claim does not hold for the numbers it was given."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def _passed(claim: str, detail: str = "") -> None:
    print(f"✓ {claim}" + (f" ({detail})" if detail else ""))


def _claim(claim: object) -> str:
    if not isinstance(claim, str) or not claim.strip():
        raise TypeError(f"claim must be a non-empty sentence (str), got {claim!r}")
    return claim


def _numbers(values: object, name: str) -> np.ndarray:
    """``values`` as a float array; NaN and inf pass (a check fails on them), text or objects do not."""
    array = _as_array(values, name, "numbers")
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got {values!r:.60} (dtype {array.dtype})")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty: a check of no value checks nothing")
    return array.astype(float)


def expect_close(actual: object, expected: object, *, claim: str, rtol: float = 1e-12, atol: float = 0.0) -> None:
    """Check that ``actual`` equals ``expected`` elementwise, within ``|a - e| <= atol + rtol |e|``.

    Examples
    --------
    >>> expect_close(2 * np.array([1.0, 2.0]), [2.0, 4.0], claim="doubling doubles")
    ✓ doubling doubles (to rtol 1e-12)
    >>> expect_close(3.0, 2.0, claim="three is two")
    Traceback (most recent call last):
    ...
    helpers.checks.CheckFailed: ✗ three is two: largest relative difference 0.5 > rtol 1e-12 (actual 3, expected 2)
    """
    claim = _claim(claim)
    a = _numbers(actual, "actual")
    e = _numbers(expected, "expected")
    rtol = check_real(rtol, "rtol", nonnegative=True)
    atol = check_real(atol, "atol", nonnegative=True)
    if a.shape != e.shape and a.size != 1 and e.size != 1:
        raise CheckFailed(f"✗ {claim}: shapes differ, {a.shape} against {e.shape}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(e))):
        raise CheckFailed(f"✗ {claim}: a value is NaN or infinite (actual {a.ravel()[:4]}, expected {e.ravel()[:4]})")
    gap = np.abs(a - e)
    if np.all(gap <= atol + rtol * np.abs(e)):
        return _passed(claim, f"to rtol {rtol:g}" + (f", atol {atol:g}" if atol else ""))
    worst = int(np.argmax(gap - rtol * np.abs(e)))
    a_worst, e_worst = np.broadcast_to(a, gap.shape).ravel()[worst], np.broadcast_to(e, gap.shape).ravel()[worst]
    relative = abs(a_worst - e_worst) / abs(e_worst) if e_worst != 0 else float("inf")
    raise CheckFailed(f"✗ {claim}: largest relative difference {relative:.3g} > rtol {rtol:g} "
                      f"(actual {a_worst:.6g}, expected {e_worst:.6g})")


def expect_true(condition: object, *, claim: str, detail: str = "") -> None:
    """Check a condition (a bool, or an array that must be true everywhere).

    ``detail`` says what the condition was, and is printed with the claim.

    >>> expect_true(np.array([1, 2, 3]) > 0, claim="every count is positive")
    ✓ every count is positive
    """
    claim = _claim(claim)
    if not isinstance(detail, str):
        raise TypeError(f"detail must be a str, got {detail!r:.60} of type {type(detail).__name__}")
    values = _as_array(condition, "condition", "bools")
    if values.dtype != bool:
        raise TypeError(f"condition must be a bool or a boolean array, got dtype {values.dtype}")
    if values.size == 0:
        raise CheckFailed(f"✗ {claim}: nothing was checked (the condition is empty)")
    if not np.all(values):
        raise CheckFailed(f"✗ {claim}: false at {int(np.size(values) - np.count_nonzero(values))} of {values.size} places"
                          + (f" ({detail})" if detail else ""))
    _passed(claim, detail)


def expect_order(values: object, *, claim: str, direction: str = "increasing", strict: bool = True) -> None:
    """Check that ``values`` rise (or fall) along the array.

    >>> expect_order([1.0, 2.0, 5.0], claim="the loss grows with B")
    ✓ the loss grows with B (strictly increasing)
    """
    claim = _claim(claim)
    direction = check_choice(direction, "direction", ("increasing", "decreasing"))
    strict = check_bool(strict, "strict")
    values = _numbers(values, "values")
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {values.shape}")
    if not np.all(np.isfinite(values)):   # inf > every number: an overflow would pass as "increasing"
        raise CheckFailed(f"✗ {claim}: a value is NaN or infinite: {values}")
    steps = np.diff(values)
    sign = 1.0 if direction == "increasing" else -1.0
    ok = sign * steps > 0 if strict else sign * steps >= 0
    kind = ("strictly " if strict else "") + direction
    if steps.size == 0 or not np.all(ok):
        raise CheckFailed(f"✗ {claim}: not {kind}: {np.round(np.asarray(values, dtype=float), 6)}")
    _passed(claim, kind)


def expect_within_standard_errors(estimate: object, expected: object, standard_error: object, *, claim: str,
                                  z: float = 3.0) -> None:
    """Check a simulated ``estimate`` against ``expected`` within ``z`` standard errors, elementwise.

    Use it where the numbers come from sampling: a tolerance set by the sample size, not by hope.
    Pick the sample size so that the plausible wrong formulas fall many standard errors away.

    >>> expect_within_standard_errors(1.02, 1.0, 0.01, claim="the estimate is unbiased")
    ✓ the estimate is unbiased (within 3 standard errors)
    """
    claim = _claim(claim)
    est, exp, se = (_numbers(v, n) for v, n in ((estimate, "estimate"), (expected, "expected"),
                                                (standard_error, "standard_error")))
    z = check_real(z, "z", positive=True)
    if np.any(se <= 0) or not np.all(np.isfinite(se)):
        raise ValueError(f"standard_error must be positive and finite, got {se.ravel()[:4]}")
    scores = np.abs(est - exp) / se
    if not np.all(np.isfinite(scores)) or np.any(scores > z):
        worst = int(np.nanargmax(np.where(np.isfinite(scores), scores, np.inf)))
        raise CheckFailed(f"✗ {claim}: {np.ravel(scores)[worst]:.1f} standard errors away (allowed {z:g}); "
                          f"estimate {np.broadcast_to(est, scores.shape).ravel()[worst]:.6g}, "
                          f"expected {np.broadcast_to(exp, scores.shape).ravel()[worst]:.6g}")
    _passed(claim, f"within {z:g} standard errors")
