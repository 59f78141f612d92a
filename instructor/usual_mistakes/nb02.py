"""Usual mistakes of notebook 02's number exercises (02_why_the_gradient_scales); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "02.1": (
        Mistake(lambda a: a * 64 / 40, "That is the rate for a full batch of 64; the last batch is smaller: count the "
                                       "examples left after the full batches."),
        Mistake(lambda a: a / 40, "That is the sum() rate unchanged: under mean() the last step would be B times shorter."),
        Mistake(lambda a: a / 40 ** 2, "You divided by B: mean()'s gradient is already B times smaller, so its rate "
                                       "must be B times larger."),
        Mistake(lambda a: a * 16 / 40, "You multiplied by the number of batches in the epoch; the factor is the number "
                                       "of examples in the last batch."),
    ),
}
