"""Usual mistakes of notebook 08's number exercises (08_neural_network); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "08.1": (
        Mistake(lambda a: (a - 0.4) * 1.6 / 1.2, "That ramp starts at 0. Goyal et al.'s starts at the small-batch "
                                                 "rate η₀ = 0.4 and rises to 1.6."),
        Mistake(lambda a: a + 1.2 * 32 / 2048, "One step too far: step t comes after t batches, so step 0 uses η₀ "
                                               "itself, and step 19 comes after 19 batches."),
        Mistake(lambda a: 0.4 + 1.2 * 19 / 256, "You counted the warm-up in steps of B₀ = 8. Count it in steps of "
                                                "the batch size you train with."),
        Mistake(lambda a: 0.4 + (a - 0.4) * 64 / 63, "Off by one: you divided by T − 1 = 63. The ramp divides by T, "
                                                      "the number of warm-up steps: step T, not step T − 1, is the "
                                                      "first at the full rate."),
    ),
    "08.2": (
        Mistake(lambda a: a * 16 / 96, "That keeps λ per batch unchanged: under sum() it then weighs λ/B, six times "
                                       "less at B = 96 than at B₀ = 16."),
        Mistake(lambda a: a / 36, "Scaled the wrong way: a larger batch needs a larger penalty per batch under sum(), "
                                  "not a smaller one."),
        Mistake(lambda a: a * 16, "You multiplied by B and forgot to divide by B₀: the penalty must weigh λ/B₀ against "
                                  "the mean loss, as it did at B₀ = 16."),
    ),
}
