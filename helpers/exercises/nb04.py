"""Exercise specs of notebook 04 (gradient noise and the gradient noise scale).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_04.py`` (generated).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import Choice, Feedback, Function, Mistake, Number

# The coding exercise runs the student's estimator on data it draws itself (not the notebook's).
_SMALL, _BIG, _DRAWS = 8, 256, 600


def _fresh_norms() -> tuple[np.ndarray, np.ndarray]:
    from ..data import make_linear_regression
    from ..losses import per_example_gradients
    from ..noise_estimates import batch_gradient_squared_norms

    X, y, _ = make_linear_regression(2048, 4, noise=0.7, feature_scales=np.array([1.0, 0.8, 0.5, 0.3]), seed=41)
    gradients = per_example_gradients(np.zeros(4), X, y, "squared")
    norms = batch_gradient_squared_norms(gradients, np.array([_SMALL, _BIG]), n_draws=_DRAWS, replace=True, seed=42)
    return norms[:, 0], norms[:, 1]


def _verify_two_batch(estimate_simple_noise_scale) -> Feedback:
    """Run the student's estimator on fresh squared norms and compare with helpers.noise.two_batch_estimates."""
    from ..noise import two_batch_estimates

    small, big = _fresh_norms()
    result = estimate_simple_noise_scale(small.copy(), big.copy(), _SMALL, _BIG)
    if result is None:
        return Feedback(False, "Your function returns None: end it with `return` and the estimate of B_simple.")
    if isinstance(result, np.ndarray) and result.size == 1:
        result = result.reshape(-1)[0].item()
    if isinstance(result, (bool, np.bool_)) or not isinstance(result, (numbers.Real, np.floating)):
        size = np.size(result) if isinstance(result, (list, tuple, np.ndarray)) else None
        return Feedback(False, "Your function should return one number, B_simple" +
                        (f", not {size} values: average the per-draw estimates over the draws first." if size else
                         f", not {type(result).__name__}."))
    value = float(result)
    if not math.isfinite(value):
        return Feedback(False, f"Your estimate is {value}: look for a division by zero (are the two batch sizes different?).")
    g2, trace = two_batch_estimates(small, big, _SMALL, _BIG)
    expected = trace / g2
    if math.isclose(value, expected, rel_tol=1e-9):
        return Feedback(True, f"Correct: on fresh gradients (B = {_SMALL} and {_BIG}, {_DRAWS} draws) your estimator "
                              f"gives B_simple = {value:.2f}, as helpers.noise.two_batch_estimates does.")
    if math.isclose(value, 1 / expected, rel_tol=1e-9):
        return Feedback(False, "Upside down: B_simple = tr(Σ) / |G|², the noise over the signal.")
    ratios = (small - big) / (1 / _SMALL - 1 / _BIG) / ((_BIG * big - _SMALL * small) / (_BIG - _SMALL))
    if math.isclose(value, float(np.mean(ratios)), rel_tol=1e-9):
        return Feedback(False, "You averaged the ratio of each draw's two estimates. Each single |G|² estimate is very "
                               "noisy (it can be negative): average |G|² and tr(Σ) over the draws first, then divide.")
    swapped_g2 = (_SMALL * big - _BIG * small) / (_BIG - _SMALL)
    if math.isclose(value, trace / float(np.mean(swapped_g2)), rel_tol=1e-9):
        return Feedback(False, "Your |G|² weights the two norms the wrong way round: it is "
                               "(B_big |g_big|² − B_small |g_small|²) / (B_big − B_small).")
    return Feedback(False, f"Not quite: your estimate is {value:.4g}, the two-batch estimator gives {expected:.4g} on "
                           "these norms. Solve E|g_B|² = |G|² + tr(Σ)/B at the two batch sizes for |G|² and tr(Σ).")


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
    "04.3": Function(verify=_verify_two_batch,
                     hint="Average |G|² and tr(Σ) over the draws, then divide tr(Σ) by |G|²."),
    "04.4": Choice(options=("a", "b", "c", "d")),
}
