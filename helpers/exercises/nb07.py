"""Exercise specs for notebook 07, Reduction and optimizers (no answers here: see helpers/exercises/__init__.py)."""

from __future__ import annotations

import numpy as np

from ..clipping import clip_by_norm
from . import Choice, Feedback, Function, Mistake, Number, _returned_array


def _verify_clipping(student_function) -> Feedback:
    rng = np.random.default_rng(5)
    cases = [(rng.standard_normal(3) * scale, max_norm) for scale in (0.1, 1.0, 10.0) for max_norm in (0.5, 2.0)]
    cases.append((np.array([3.0, 4.0]), 5.0))  # exactly at the threshold: unchanged
    for gradient, max_norm in cases:
        value = student_function(gradient.copy(), max_norm)
        value = _returned_array(value, what="the clipped gradient, an array")
        if isinstance(value, Feedback):
            return value
        expected = clip_by_norm(gradient, max_norm)
        if value.shape != expected.shape:
            return Feedback(False, f"Your function returned shape {value.shape} for a gradient of shape {gradient.shape}.")
        if np.allclose(value, expected, rtol=1e-9, atol=1e-12):
            continue
        if np.allclose(value, np.clip(gradient, -max_norm, max_norm)):
            return Feedback(False, "That clips each coordinate (clip by value); clip the whole vector's length, keeping its direction.")
        if np.isclose(np.linalg.norm(value), max_norm) and np.linalg.norm(gradient) < max_norm:
            return Feedback(False, "A gradient shorter than max_norm must stay as it is; yours was stretched to max_norm.")
        return Feedback(False, f"For a gradient of length {np.linalg.norm(gradient):.3g} and max_norm {max_norm:g}, "
                               f"expected length {np.linalg.norm(expected):.3g}, got {np.linalg.norm(value):.3g}.")
    return Feedback(True, "Correct: short gradients pass unchanged, long ones keep their direction at length max_norm.")


EXERCISES = {
    "07.1": Number(
        hint="The sum of B losses of about 2.5 each is about 2.5 B; compare with float16's largest finite value.",
        mistakes=(
            Mistake(lambda a: a * 2.5, "That is float16's largest value itself, a loss, not a batch size: divide it by the mean loss."),
            Mistake(lambda a: a / 16, "That divides by 16 bits; the limit is float16's largest finite value, np.finfo(np.float16).max."),
        ),
    ),
    "07.2": Choice(options=("a", "b", "c", "d")),
    "07.3": Function(verify=_verify_clipping, hint="Compare np.linalg.norm(gradient) with max_norm; scale by max_norm / length only when longer."),
    "07.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
}
