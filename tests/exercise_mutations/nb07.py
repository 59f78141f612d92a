"""Usual wrong answers to notebook 07's exercises: each must be refused with the hint for that mistake."""

import math

import numpy as np

from helpers.precision import FLOAT16_MAX


def _clipped(gradient, max_norm, length):
    return gradient if length <= max_norm else gradient * (max_norm / length)


WRONG_ANSWERS = {
    "07.1": [
        ("one short: the last batch size whose sum is still finite", lambda a: a - 1, "One short"),
        ("one over: a tie taken to round down to 65504", lambda a: a + 1, "One too many"),
        ("where the exact sum first exceeds the largest finite value", lambda a: math.ceil(FLOAT16_MAX / 2.5),
         "rounds a slightly larger sum back down"),
        ("that quotient not rounded to a batch size", lambda a: FLOAT16_MAX / 2.5, "A batch size is a whole number"),
        ("where the sum reaches 2¹⁶", lambda a: 2**16 / 2.5, "That quotient is not a whole number"),
        ("where the sum reaches 2¹⁶, rounded up", lambda a: math.ceil(2**16 / 2.5), "That is where the sum reaches 2¹⁶"),
        ("the sum instead of the batch size", lambda a: a * 2.5, "a sum, not a batch size"),
        ("the largest value itself", lambda a: FLOAT16_MAX, "a loss, not a batch size"),
    ],
    "07.2": [
        ("weight_decay left unchanged", lambda a: 1e-4, "128 times weaker than before"),
        ("weight_decay divided by B", lambda a: 1e-4 / 128, "Backwards"),
        ("weight_decay multiplied by B twice", lambda a: 1e-4 * 128**2, "One factor of 128 too many"),
        ("a momentum correction (1 - 0.9) too", lambda a: 1e-4 * 0.1 * 128, "Momentum needs no correction"),
    ],
    "07.3": [
        ("clip by value", lambda g, c: np.clip(g, -c, c), "clip by value"),
        ("every gradient rescaled to max_norm", lambda g, c: g * c / np.linalg.norm(g), "stretched to max_norm"),
        ("scaled by length / max_norm", lambda g, c: g * (np.linalg.norm(g) / c) if np.linalg.norm(g) > c else g,
         "Upside down"),
        ("scaled to length 1", lambda g, c: g / np.linalg.norm(g) if np.linalg.norm(g) > c else g, "length 1"),
        ("the squared length compared", lambda g, c: g if (g**2).sum() <= c else g * c / np.linalg.norm(g),
         "squared length"),
        ("the L1 norm taken for the length", lambda g, c: _clipped(g, c, np.abs(g).sum()), "sum of the absolute values"),
        ("max_norm hard-coded", lambda g, c: _clipped(g, 1.0, np.linalg.norm(g)), "use the argument max_norm"),
        ("None for a short gradient", lambda g, c: None if np.linalg.norm(g) <= c else g * c / np.linalg.norm(g),
         "every path through it must return"),
    ],
}

OPTION_FEEDBACK = {
    "07.4": {"a": "above float16's largest finite value", "b": "even more than for SGD", "c": "changes nothing about how",
             "d": "Adam with an L2 penalty reached different weights"},
}
