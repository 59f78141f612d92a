"""Usual mistakes of notebook 02's number exercises (02_why_the_gradient_scales); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "02.1": (
        Mistake(lambda a: a / 4, "That is the mean() rate at the paper's batch size; your batches are larger, and "
                                 "mean() divides the summed gradient by your own B."),
        Mistake(lambda a: a / 1024, "That is the sum() rate unchanged: under mean() the same rate gives shorter steps, "
                                    "since mean() divides the summed gradient by B."),
        Mistake(lambda a: a / 1024 ** 2, "You divided by B: mean()'s gradient is already smaller than sum()'s, so its rate "
                                         "must be larger, not smaller."),
    ),
}
