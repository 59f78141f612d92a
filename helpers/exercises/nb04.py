"""Exercise specs of notebook 04 (gradient noise and the gradient noise scale).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_04.py`` (generated).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import Choice, Feedback, Function, Number, _returned_number

# The coding exercise runs the student's estimator on data sets it draws itself (not the notebook's), small
# enough that drawing without replacement matters: two settings that differ in N and in both batch sizes
# (none a power of two), so that a function that hard-codes any of them fails.
_SETTINGS = ((300, 6, 150), (517, 10, 90))   # (N, small, big)
_DRAWS = 2000
# The first check gives the estimator norms whose averages are exactly the expected ones, spread over a few
# pairs: an estimator of the averages is then exact, one that averages per-pair ratios is not.
_SMALL_SPREAD = np.array([-0.3, 0.1, 0.25, -0.15, 0.1])
_BIG_SPREAD = np.array([0.05, -0.2, 0.1, 0.2, -0.15])


def _fresh_data(n_examples: int) -> tuple[np.ndarray, float, float]:
    """Per-example gradients of a fresh data set, and its exact |G|^2 and tr(Sigma)."""
    from ..data import make_linear_regression
    from ..losses import per_example_gradients
    from ..noise import empirical_moments

    X, y, _ = make_linear_regression(n_examples, 4, noise=2.0, feature_scales=np.array([1.0, 0.8, 0.5, 0.3]), seed=41)
    moments = empirical_moments(np.zeros(4), X, y)
    gradients = per_example_gradients(np.zeros(4), X, y, "squared")
    return gradients, float(moments.gradient @ moments.gradient), float(np.trace(moments.covariance))


# E|g_B|^2 = |G|^2 + tr(Σ)/B × factor: the draws the exercise asks about, and two that a student may solve for instead.
_NOISE_FACTORS = {
    "without replacement": lambda b, n: (n - b) / (n - 1),
    "with replacement": lambda b, n: 1.0,
    "over N": lambda b, n: (n - b) / n,
}


def _spread_norms(g2: float, trace: float, b: int, n: int, model: str, spread: np.ndarray) -> np.ndarray:
    return (g2 + trace / b * _NOISE_FACTORS[model](b, n)) * (1 + spread)


def _as_estimate(result: object) -> float | Feedback:
    if isinstance(result, (list, tuple, np.ndarray)) and np.size(result) > 1:
        return Feedback(False, f"Your function returned {np.size(result)} values; return one number, the estimate of "
                               "B_simple: average over the draws first.")
    return _returned_number(result, what="the estimate of B_simple")


def _estimate(student, g2: float, trace: float, n: int, small: int, big: int, model: str, *,
              reorder: bool = False, told_n: int | None = None) -> float | Feedback:
    """The student's estimate from norms with the exact expected averages of ``model`` at N = ``n``, spread over a
    few draws; ``reorder`` pairs the same draws differently; ``told_n`` tells the function another N."""
    small_norms = _spread_norms(g2, trace, small, n, model, _SMALL_SPREAD)
    big_norms = _spread_norms(g2, trace, big, n, model, _BIG_SPREAD)
    if reorder:  # the same draws, paired differently: the averages do not change
        small_norms = small_norms[::-1].copy()
    return _as_estimate(student(small_norms, big_norms, small, big, n if told_n is None else told_n))


def _verify_two_batch_without_replacement(estimate_simple_noise_scale) -> Feedback:
    """On norms with exactly the expected averages the estimator must return the data set's exact B_simple; then real draws."""
    from ..noise_estimates import batch_gradient_squared_norms

    for index, (n, small, big) in enumerate(_SETTINGS):
        gradients, g2, trace = _fresh_data(n)
        exact = trace / g2
        value = _estimate(estimate_simple_noise_scale, g2, trace, n, small, big, "without replacement")
        if isinstance(value, Feedback):
            return value
        if math.isclose(value, exact, rel_tol=1e-9):
            continue
        if index > 0:
            return Feedback(False, f"Your estimator is right for one data set (N = {_SETTINGS[0][0]}, B = {_SETTINGS[0][1]} "
                                   f"and {_SETTINGS[0][2]}) but not for another (N = {n}, B = {small} and {big}): use the "
                                   "arguments small, big and n_examples, not fixed numbers.")
        reordered = _estimate(estimate_simple_noise_scale, g2, trace, n, small, big, "without replacement", reorder=True)
        if isinstance(reordered, Feedback) or not math.isclose(reordered, value, rel_tol=1e-9):
            return Feedback(False, "Your estimate changes when the same draws are paired differently, so it averages "
                                   "per-pair estimates, which section 4 warns against: a ratio of two noisy numbers is "
                                   "biased. Average the norms over the draws first, then solve and divide once.")
        for model, message in (
            ("with replacement", "That is section 4's estimator, for draws with replacement. Without replacement each "
                                 "noise term tr(Σ)/B is multiplied by (N − B)/(N − 1): solve the two equations with it."),
            ("over N", "Close: the finite-population factor is (N − B)/(N − 1), not (N − B)/N."),
        ):
            inverts = _estimate(estimate_simple_noise_scale, g2, trace, n, small, big, model)
            if not isinstance(inverts, Feedback) and math.isclose(inverts, exact, rel_tol=1e-9):
                return Feedback(False, message)
        other_n = _estimate(estimate_simple_noise_scale, g2, trace, n, small, big, "without replacement",
                            told_n=_SETTINGS[1][0])
        if not isinstance(other_n, Feedback) and math.isclose(other_n, value, rel_tol=1e-12):
            return Feedback(False, f"Your estimate stays the same when n_examples changes (tried N = {n} and "
                                   f"{_SETTINGS[1][0]}): use the argument n_examples, not a fixed number.")
        if math.isclose(value, 1 / exact, rel_tol=1e-9):
            return Feedback(False, "Upside down: B_simple = tr(Σ) / |G|², the noise over the signal.")
        return Feedback(False, f"Not quite: given norms whose averages are the exact expected norms of a data set whose "
                               f"B_simple is {exact:.4g}, your function returns {value:.4g}. Solve E|g_B|² = |G|² + "
                               "tr(Σ)/B × (N − B)/(N − 1) at the two batch sizes for |G|² and tr(Σ), then divide.")
    n, small, big = _SETTINGS[0]
    gradients, g2, trace = _fresh_data(n)
    norms = batch_gradient_squared_norms(gradients, np.array([small, big]), n_draws=_DRAWS, replace=False, seed=42)
    value = _as_estimate(estimate_simple_noise_scale(norms[:, 0].copy(), norms[:, 1].copy(), small, big, n))
    if isinstance(value, Feedback):
        return Feedback(False, "On exact expectations your function is right, but on real draws: " + value.message)
    return Feedback(True, f"Correct: on norms with the exact expected averages your estimator returns the data set's "
                          f"B_simple, for two data sets and pairs of batch sizes; from {_DRAWS} real pairs of batches "
                          f"(B = {small} and {big} of N = {n}, drawn without replacement) it estimates {value:.2f}, "
                          f"against the exact {trace / g2:.2f}, with the sampling noise of that many draws.")


EXERCISES = {
    "04.1": Number(
        hint="Write E|g_B|² = |G|² + tr(Σ)/B at both batch sizes, solve the two equations for |G|² and tr(Σ), then divide.",
    ),
    "04.2": Number(
        hint="tr(Σ)/B for independent draws, times the finite-population factor (N − B)/(N − 1).",
    ),
    "04.3": Function(verify=_verify_two_batch_without_replacement,
                     hint="Each noise term is tr(Σ)/B × (N − B)/(N − 1); average over the draws, then divide tr(Σ) by |G|²."),
    "04.4": Choice(options=("a", "b", "c", "d")),
}
