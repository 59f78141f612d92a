"""Exercise specs of notebook 04 (gradient noise and the gradient noise scale).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_04.py`` (generated).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import Choice, Feedback, Function, Mistake, Number

# The coding exercise runs the student's estimator on a data set it draws itself (not the notebook's),
# small enough that drawing without replacement matters.
_N, _SMALL, _BIG, _DRAWS = 512, 8, 192, 2000


def _fresh_data() -> tuple[np.ndarray, float, float]:
    """Per-example gradients of a fresh data set, and its exact |G|^2 and tr(Sigma)."""
    from ..data import make_linear_regression
    from ..losses import per_example_gradients
    from ..noise import empirical_moments

    X, y, _ = make_linear_regression(_N, 4, noise=2.0, feature_scales=np.array([1.0, 0.8, 0.5, 0.3]), seed=41)
    moments = empirical_moments(np.zeros(4), X, y)
    gradients = per_example_gradients(np.zeros(4), X, y, "squared")
    return gradients, float(moments.gradient @ moments.gradient), float(np.trace(moments.covariance))


def _as_estimate(result: object) -> tuple[float | None, str]:
    if result is None:
        return None, "Your function returns None: end it with `return` and the estimate of B_simple."
    if isinstance(result, np.ndarray) and result.size == 1:
        result = result.reshape(-1)[0].item()
    if isinstance(result, (bool, np.bool_)) or not isinstance(result, (numbers.Real, np.floating)):
        size = np.size(result) if isinstance(result, (list, tuple, np.ndarray)) else None
        return None, ("Your function should return one number, B_simple" +
                      (f", not {size} values: average over the draws first." if size else f", not {type(result).__name__}."))
    value = float(result)
    if not math.isfinite(value):
        return None, f"Your estimate is {value}: look for a division by zero (are the two batch sizes different?)."
    return value, ""


def _verify_two_batch_without_replacement(estimate_simple_noise_scale) -> Feedback:
    """On the exact expected norms the estimator must return the data set's exact B_simple; then on real draws."""
    from ..noise import two_batch_estimates
    from ..noise_estimates import batch_gradient_squared_norms

    gradients, g2, trace = _fresh_data()
    exact = trace / g2

    def expected_norm(b: int) -> np.ndarray:
        return np.full(3, g2 + trace / b * (_N - b) / (_N - 1))

    value, problem = _as_estimate(estimate_simple_noise_scale(expected_norm(_SMALL), expected_norm(_BIG), _SMALL, _BIG, _N))
    if value is None:
        return Feedback(False, problem)
    if not math.isclose(value, exact, rel_tol=1e-9):
        with_replacement = two_batch_estimates(expected_norm(_SMALL), expected_norm(_BIG), _SMALL, _BIG)
        if math.isclose(value, with_replacement[1] / with_replacement[0], rel_tol=1e-9):
            return Feedback(False, "That is section 5's estimator, for draws with replacement. Without replacement each "
                                   "noise term tr(Σ)/B is multiplied by (N − B)/(N − 1): solve the two equations with it.")
        if math.isclose(value, 1 / exact, rel_tol=1e-9):
            return Feedback(False, "Upside down: B_simple = tr(Σ) / |G|², the noise over the signal.")
        return Feedback(False, f"Not quite: given the exact expected norms of a data set whose B_simple is {exact:.4g}, "
                               f"your function returns {value:.4g}. Solve E|g_B|² = |G|² + tr(Σ)/B × (N − B)/(N − 1) "
                               "at the two batch sizes for |G|² and tr(Σ), then divide.")
    norms = batch_gradient_squared_norms(gradients, np.array([_SMALL, _BIG]), n_draws=_DRAWS, replace=False, seed=42)
    value, problem = _as_estimate(estimate_simple_noise_scale(norms[:, 0].copy(), norms[:, 1].copy(), _SMALL, _BIG, _N))
    if value is None:
        return Feedback(False, "On exact expectations your function is right, but on real draws: " + problem)
    return Feedback(True, f"Correct: on the exact expected norms your estimator returns the data set's B_simple, "
                          f"{exact:.2f}; from {_DRAWS} real pairs of batches (B = {_SMALL} and {_BIG} of N = {_N}, drawn "
                          f"without replacement) it estimates {value:.2f}, with the sampling noise of that many draws.")


EXERCISES = {
    "04.1": Number(
        hint="B_simple compares the noise with the signal: tr(Σ) divided by |G|².",
        mistakes=(
            Mistake(lambda a: 1 / a, "That is |G|² / tr(Σ), upside down: B_simple = tr(Σ) / |G|²."),
            Mistake(lambda a: a * math.sqrt(0.5), "You divided by |G|, not by |G|²: the exercise gives |G|² already."),
        ),
    ),
    "04.2": Number(
        hint="tr(Σ)/B for independent draws, times the finite-population factor (N − B)/(N − 1).",
        mistakes=(
            Mistake(lambda a: a * 255 / 192, "That is tr(Σ)/B, for draws with replacement. An epoch's batches are "
                                             "drawn without replacement: multiply by (N − B)/(N − 1)."),
            Mistake(lambda a: a * 255 / 256, "Close: the factor is (N − B)/(N − 1), not (N − B)/N."),
        ),
    ),
    "04.3": Function(verify=_verify_two_batch_without_replacement,
                     hint="Each noise term is tr(Σ)/B × (N − B)/(N − 1); average over the draws, then divide tr(Σ) by |G|²."),
    "04.4": Choice(options=("a", "b", "c", "d")),
}
