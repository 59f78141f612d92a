"""Usual mistakes of notebook 04's number exercises (04_gradient_noise); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "04.1": (
        Mistake(lambda a: 1 / a, "That is |G|² / tr(Σ), upside down: B_simple = tr(Σ) / |G|²."),
        Mistake(lambda a: a * 0.5 / 0.6875, "You took the big batch's squared norm for |G|²; it still holds a noise term "
                                            "tr(Σ)/256: solve for |G|²."),
        Mistake(lambda a: a * (1 / 16 - 1 / 256), "The difference of the two norms is tr(Σ) times (1/16 − 1/256), not "
                                                  "tr(Σ): divide by that factor."),
        Mistake(lambda a: a * 7 / 6, "You took tr(Σ) as 16 times the small batch's squared norm, as if its gradient were "
                                     "all noise; it holds |G|² too: use both batch sizes."),
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
