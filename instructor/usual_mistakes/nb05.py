"""Usual mistakes of notebook 05's number exercises (05_limits_of_scaling); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "05.1": (
        Mistake(lambda a: a * 8, "That is the limit under mean(), 2 / h_max. Under sum() the curvature is B times larger."),
        Mistake(lambda a: a / 2, "Gradient descent on a quadratic is stable up to 2 / (largest eigenvalue), not 1 / it."),
        Mistake(lambda a: a * 64, "The sum()'s curvature is B times larger, so its limit is B times *smaller*."),
    ),
    "05.2": (
        Mistake(lambda a: a / 2, "That is where the rule reaches 1 / h_max: the limit is 2 / h_max."),
        Mistake(lambda a: a / 32, "That leaves out B₀: the linear rule's rate is η₀ B / B₀, not η₀ B."),
        Mistake(lambda a: a * a / 32, "That is where the square-root rule, η₀ √(B / B₀), would reach the limit; the "
                                      "exercise scales with the linear rule."),
    ),
    "05.5": (
        Mistake(lambda a: a * 128 * 128, "Other way round: sum()'s gradients are B times mean()'s, so mean() needs "
                                         "an ε B times smaller to match."),
        Mistake(lambda a: a * 128, "With the same ε the two differ a little (the Adam cell above): ε has to follow the "
                                   "gradient's scale."),
        Mistake(lambda a: a * 128**0.5, "ε sits next to √v̂, and v̂ averages squared gradients: √v̂ scales like the "
                                        "gradient, by B, not by √B."),
    ),
}
