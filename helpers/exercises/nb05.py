"""Exercise specs of notebook 05 (the limits of scaling the learning rate).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_05.py`` (generated).
"""

from __future__ import annotations

from . import Choice, Mistake, Number

EXERCISES = {
    "05.1": Number(
        hint="Under sum() the Hessian of the batch loss is B times the mean's: its largest eigenvalue is B h_max.",
        mistakes=(
            Mistake(lambda a: a * 8, "That is the limit under mean(), 2 / h_max. Under sum() the curvature is B times larger."),
            Mistake(lambda a: a / 2, "Gradient descent on a quadratic is stable up to 2 / (largest eigenvalue), not 1 / it."),
            Mistake(lambda a: a * 64, "The sum()'s curvature is B times larger, so its limit is B times *smaller*."),
        ),
    ),
    "05.2": Number(
        hint="Solve η₀ B / B₀ = 2 / h_max for B.",
        mistakes=(
            Mistake(lambda a: a / 2, "That is where the rule reaches 1 / h_max: the limit is 2 / h_max."),
            Mistake(lambda a: a / 32, "That leaves out B₀: the linear rule's rate is η₀ B / B₀, not η₀ B."),
            Mistake(lambda a: a * a / 32, "That is where the square-root rule, η₀ √(B / B₀), would reach the limit; the "
                                          "exercise scales with the linear rule."),
        ),
    ),
    "05.3": Choice(options=("true", "false"), kind="true or false"),
    "05.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
    "05.5": Number(
        hint="sum() multiplies every gradient by B; Adam's m̂ / (√v̂ + ε) is unchanged if ε is multiplied by B too.",
        digits=3,
        mistakes=(
            Mistake(lambda a: a * 128 * 128, "Other way round: sum()'s gradients are B times mean()'s, so mean() needs "
                                             "an ε B times smaller to match."),
            Mistake(lambda a: a * 128, "With the same ε the two differ a little (section 7): ε has to follow the "
                                       "gradient's scale."),
            Mistake(lambda a: a * 128**0.5, "ε sits next to √v̂, and v̂ averages squared gradients: √v̂ scales like the "
                                            "gradient, by B, not by √B."),
        ),
    ),
    "05.6": Choice(options=("a", "b", "c", "d")),
}
