"""Usual mistakes of notebook 01's number exercises (01_reporting_and_learning_rate); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "01.1": (
        Mistake(lambda a: a / 250, "That is the mean() report again: ask what sum() does with the batch's losses that mean() does not (section 1)."),
        Mistake(lambda a: a / 250**2, "That goes the wrong way: sum() reports more than mean() on a batch of many examples, not less."),
        Mistake(lambda a: 250**2 / a, "That turns the mean upside down: a report of the batch's total cannot grow when the mean falls."),
    ),
    "01.2": (
        Mistake(lambda a: -a, "Check the sign: a descent step moves against the gradient, which is positive here."),
        Mistake(lambda a: a / 4, "That is one step. The epoch takes (examples per epoch) / B of them."),
        Mistake(lambda a: a * 8, "That is what the linear rule would give; here the rate stays fixed at the tuned value."),
        Mistake(lambda a: a * 512, "That is the change under sum(), which adds the batch's gradients; under mean() "
                                   "each step uses their average."),
    ),
}
