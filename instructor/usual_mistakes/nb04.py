"""Usual mistakes of notebook 04's number exercises (04_gradient_noise); instructor's material: see README.md here."""

import math

from helpers.exercises import Mistake

MISTAKES = {
    "04.1": (
        Mistake(lambda a: 1 / a, "That is |G|² / tr(Σ), upside down: B_simple = tr(Σ) / |G|²."),
        Mistake(lambda a: a * math.sqrt(0.5), "You divided by |G|, not by |G|²: the exercise gives |G|² already."),
        Mistake(lambda a: a * 0.25, "You multiplied tr(Σ) by |G|²; B_simple divides the noise by the signal."),
        Mistake(lambda a: a / 0.5, "You squared |G|² once more: the exercise gives |G|² already, divide by it as it is."),
    ),
    "04.2": (
        Mistake(lambda a: a * 255 / 192, "That is tr(Σ)/B, for draws with replacement. An epoch's batches are "
                                         "drawn without replacement: the finite-population factor is missing."),
        Mistake(lambda a: a * 255 / 256, "Close: the factor is (N − B)/(N − 1), not (N − B)/N."),
        Mistake(lambda a: a * 64, "That is tr(Σ) times the factor, without dividing by B: a mean over B examples "
                                  "divides the noise by B."),
        Mistake(lambda a: a * (255 / 192) ** 2, "The factor is upside down: (N − B)/(N − 1) is below 1, since drawing "
                                                "without replacement makes the batch's mean less noisy."),
    ),
}
