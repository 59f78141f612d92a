"""Exercise specs for notebook 07, Reduction and optimizers (no answers here: see helpers/exercises/__init__.py)."""

from __future__ import annotations


import numpy as np

from ..clipping import clip_by_norm
from . import Choice, Feedback, Function, Number, _returned_array
from ._ready_made import refusing_helpers


def _clipping_cases() -> list[tuple[np.ndarray, float]]:
    """(gradient, max_norm) pairs: short and long gradients of 2 to 7 coordinates, one exactly at the threshold, and
    lengths that tell the usual mistakes apart (between max_norm and its square root, above and below 1; an L1 norm
    above max_norm while the length is below it). No max_norm is 1, where some mistakes coincide with the rule."""
    rng = np.random.default_rng(5)
    cases = []
    for size, length, max_norm in ((3, 0.2, 0.6), (3, 0.7, 0.6), (5, 4.0, 1.5), (5, 4.0, 3.0), (2, 2.5, 3.0),
                                   (7, 12.0, 5.0), (7, 0.9, 5.0), (2, 5.0, 5.0)):
        direction = rng.standard_normal(size)
        cases.append((direction * (length / np.linalg.norm(direction)), max_norm))
    cases[3] = (cases[2][0], cases[3][1])            # one gradient at two thresholds
    cases.append((np.array([1.0, 1.0, 1.0]), 2.0))   # length √3 < 2 < 3 = its L1 norm
    return cases


def _scaled_if(condition: bool, gradient: np.ndarray, factor: float) -> np.ndarray:
    return gradient * factor if condition else gradient


# The usual wrong rules, as functions of (gradient, its length, max_norm), and what to say when a function follows one.
_WRONG_RULES = (
    (lambda g, n, c: np.clip(g, -c, c),
     "That clips each coordinate (clip by value); clip the whole vector's length, keeping its direction."),
    (lambda g, n, c: g * (c / n),
     "A gradient shorter than max_norm must stay as it is; yours was stretched to max_norm."),
    (lambda g, n, c: _scaled_if(n > c, g, n / c),
     "Upside down: a long gradient became longer. Scale it by max_norm / length, which is below 1."),
    (lambda g, n, c: _scaled_if(n > c, g, 1 / n),
     "Your long gradients end with length 1: after dividing by the length, multiply by max_norm."),
    (lambda g, n, c: _scaled_if(n**2 > c, g, c / n),
     "You compare the squared length with max_norm: compare the length itself, np.linalg.norm(gradient)."),
    (lambda g, n, c: _scaled_if(np.abs(g).sum() > c, g, c / np.abs(g).sum()),
     "You measure the length as the sum of the absolute values; clipping by norm uses the Euclidean length, "
     "np.linalg.norm(gradient)."),
)


# PyTorch's clip_grad_norm_ scales by max_norm / (length + 1e-6): a relative difference of at most 1e-6 / length,
# below 2e-6 on these cases. Accept it, and still tell every usual mistake apart.
_RTOL = 1e-5


def _verify_clipping(student_function) -> Feedback:
    student_function = refusing_helpers(
        student_function, (clip_by_norm,), names=("clip_grad_norm_", "clip_grad_norm"),
        message="Write the rule yourself with numpy: don't call clipping.clip_by_norm or PyTorch's clip_grad_norm_.")
    cases = _clipping_cases()
    outputs = []
    values = [student_function(gradient.copy(), max_norm) for gradient, max_norm in cases]
    for (gradient, max_norm), value in zip(cases, values):
        if value is None:
            return Feedback(False, f"For a gradient of length {np.linalg.norm(gradient):.3g} and max_norm {max_norm:g} your "
                                   "function returns None: every path through it must return the gradient.")
        if isinstance(value, str) or np.ndim(value) == 0:
            return Feedback(False, f"Your function returns {value!r}, one value; return the clipped gradient, an array "
                                   f"of the gradient's shape.")
        value = _returned_array(value, what="the clipped gradient, an array")
        if isinstance(value, Feedback):
            return value
        if value.shape != gradient.shape:
            return Feedback(False, f"Your function returned shape {value.shape} for a gradient of shape {gradient.shape}.")
        outputs.append(value)

    def follows(rule) -> bool:
        return all(np.allclose(value, rule(g, np.linalg.norm(g), c), rtol=_RTOL, atol=1e-12)
                   for value, (g, c) in zip(outputs, cases))

    if follows(lambda g, n, c: clip_by_norm(g, c)):
        return Feedback(True, "Correct: short gradients pass unchanged, long ones keep their direction at length max_norm.")
    for rule, message in _WRONG_RULES:
        if follows(rule):
            return Feedback(False, message)
    if np.allclose(outputs[2], outputs[3]):
        return Feedback(False, f"The same gradient of length {np.linalg.norm(cases[2][0]):.3g} comes out the same with "
                               f"max_norm {cases[2][1]:g} and {cases[3][1]:g}: use the argument max_norm, not a fixed number.")
    for value, (gradient, max_norm) in zip(outputs, cases):
        expected = clip_by_norm(gradient, max_norm)
        if not np.allclose(value, expected, rtol=_RTOL, atol=1e-12):
            length, wanted = np.linalg.norm(value), np.linalg.norm(expected)
            if np.isclose(length, wanted, rtol=_RTOL, atol=1e-12):
                return Feedback(False, f"For a gradient of length {np.linalg.norm(gradient):.3g} and max_norm {max_norm:g}, "
                                       f"your result has the right length, {length:.6g}, but not the gradient's direction.")
            return Feedback(False, f"For a gradient of length {np.linalg.norm(gradient):.3g} and max_norm {max_norm:g}, "
                                   f"expected length {wanted:.6g}, got {length:.6g}.")
    return Feedback(False, "Not quite. Compare np.linalg.norm(gradient) with max_norm; scale by max_norm / length only when longer.")


EXERCISES = {
    "07.1": Number(
        hint="Section 2: under sum() the loss grows with B, and float16 runs out above its largest finite value. "
             "Use the exercise's rounding rule to see which sums are stored as inf, then go back from the sum to B.",
        # A batch size is a whole number, and a near miss is a different batch size: compare every digit. Some
        # mistakes do not depend on the answer (numbers computed from the exercise's own givens).
        digits=6,
    ),
    "07.2": Number(
        hint="Run the update in a loop of 1000 steps, with the new learning rate; no data gradient, only the decay term.",
        # The weight ends near 1: three digits would accept answers a tenth of the decay away (an approximation, a
        # step short). Five digits fix 1 - w to three.
        digits=5,
    ),
    "07.3": Function(verify=_verify_clipping, hint="Decide which gradients must come back unchanged, and which number "
                                                   "times each of the others has length max_norm."),
    "07.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
}
