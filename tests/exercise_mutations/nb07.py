"""Usual wrong answers to notebook 07's exercises: each must be refused with the hint for that mistake."""

import math

import numpy as np

from helpers import clipping
from helpers.precision import FLOAT16_MAX

_ready_made = clipping.clip_by_norm


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
        ("momentum left out", lambda a: (1 - 0.8 / 128 * 1e-4) ** 1000, "leaves momentum out"),
        ("the mean() run with lr=0.8", lambda a: 0.44985509568826, "That is the weight under mean()"),
        ("no decay under sum()", lambda a: 1.0, "only 128 times more weakly"),
        ("mean() with lr=0.8, no momentum", lambda a: (1 - 0.8 * 1e-4) ** 1000, "no momentum"),
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
        ("the course's clip_by_norm called", lambda g, c: clipping.clip_by_norm(g, c), "don't call clipping.clip_by_norm"),
        ("the course's clip_by_norm, through another name", lambda g, c: _ready_made(g, c), "don't call clipping.clip_by_norm"),
        ("the right length in a wrong direction", lambda g, c: _clipped(g, c, np.linalg.norm(g))[::-1],
         "but not the gradient's direction"),
        ("None for a short gradient", lambda g, c: None if np.linalg.norm(g) <= c else g * c / np.linalg.norm(g),
         "every path through it must return"),
    ],
}

OPTION_FEEDBACK = {
    "07.4": {"a": "clips more steps at B = 512", "b": "With c = 10 and η' = η / 10",
             "c": "So sum() and mean() need the same γ", "d": "Adam divides out the common size"},
}

# Right answers the check must accept: PyTorch's own rule, which adds 1e-6 to the length.
RIGHT_ANSWERS = {
    "07.3": [
        ("PyTorch's clip_grad_norm_ rule, with 1e-6 added to the length",
         lambda g, c: g * min(1.0, c / (np.linalg.norm(g) + 1e-6))),
    ],
}
