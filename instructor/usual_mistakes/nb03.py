"""Usual mistakes of notebook 03's number exercises (03_regularization); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "03.1": (
        Mistake(lambda a: a / 256, "That is the paper's own λ: under sum(), work out first what a penalty "
                                   "λ per batch weighs against the mean loss (section 1)."),
        Mistake(lambda a: a / 256**2, "That goes the wrong way: compare how large the sum() data term is "
                                      "with the mean() one, and move the penalty with it."),
        Mistake(lambda a: a / 16, "That scales λ by √B, as some rules scale a learning rate; look at the factor "
                                  "between the sum() and mean() data terms instead."),
    ),
    "03.5": (
        Mistake(lambda a: a * (128 / (50_000 * 100)) ** 0.5,
                "That scales γ_norm by B / (N T) itself; the normalized decay uses its square root."),
        Mistake(lambda a: a * 100**0.5, "That leaves out the number of epochs T under the square root."),
        Mistake(lambda a: a / 128**0.5, "That leaves out the batch size B under the square root."),
        Mistake(lambda a: 0.05**2 / a, "Upside down: the normalized decay multiplies γ_norm by √(B / (N T)), a small "
                                       "number, not by √(N T / B)."),
    ),
}
