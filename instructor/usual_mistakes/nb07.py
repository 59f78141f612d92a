"""Usual mistakes of notebook 07's number exercises (07_reduction_and_optimizers); instructor's material: see README.md here."""

import math

from helpers.exercises import Mistake
from helpers.precision import FLOAT16_MAX as _FLOAT16_MAX

MISTAKES = {
    # Some of 07.1's mistakes do not depend on the answer: numbers computed from the exercise's own givens.
    "07.1": (
        Mistake(lambda a: a - 1, "One short: at that batch size the sum is still nearer to 65504 than to 65536, so "
                                 "float16 stores it as 65504."),
        Mistake(lambda a: a + 1, "One too many: a sum exactly halfway between 65504 and 65536 already goes to 65536, "
                                 "which float16 stores as inf."),
        Mistake(lambda a: math.ceil(_FLOAT16_MAX / 2.5),
                "That is where the exact sum first exceeds 65504. But float16 rounds a slightly larger sum back down "
                "to 65504: find where it rounds up to 65536 instead."),
        Mistake(lambda a: _FLOAT16_MAX / 2.5, "A batch size is a whole number. And that quotient is where the sum "
                                              "reaches 65504, not where it is stored as inf."),
        Mistake(lambda a: 2.0**16 / 2.5, "That quotient is not a whole number, and it is where the sum reaches "
                                         "2¹⁶ = 65536 itself; float16 already rounds smaller sums up to it."),
        Mistake(lambda a: math.ceil(2.0**16 / 2.5), "That is where the sum reaches 2¹⁶ = 65536 itself; float16 "
                                                    "already rounds smaller sums up to it."),
        Mistake(lambda a: a * 2.5, "That is a sum, not a batch size: divide it by the loss of one example, 2.5."),
        Mistake(lambda a: _FLOAT16_MAX, "That is float16's largest finite value itself, a loss, not a batch size."),
    ),
    "07.2": (
        Mistake(lambda a: 0.99937519507662, "That leaves momentum out: the velocity adds up the decay term over "
                                            "past steps, so with momentum 0.9 it acts about 10 times more strongly."),
        Mistake(lambda a: 0.44985509568826, "That is the weight under mean() with lr=0.8. The question asks about "
                                            "sum() with lr=0.8/128, where the same weight_decay acts 128 times more weakly."),
        Mistake(lambda a: 1.0, "The decay still acts under sum(), only 128 times more weakly than under mean(): the "
                               "weight does shrink a little."),
        Mistake(lambda a: 0.92311339226152, "That is mean() with lr=0.8 and no momentum; the question asks about "
                                            "sum() with lr=0.8/128 and momentum 0.9."),
    ),
}
