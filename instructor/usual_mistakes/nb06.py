"""Usual mistakes of notebook 06's number exercises (06_reduction_in_practice); instructor's material: see README.md here."""

from helpers.exercises import Mistake

MISTAKES = {
    "06.1": (
        Mistake(lambda a: a / 60, "That is the example's weight itself, 1 / (K b); the question asks for it relative to the global mean's 1 / B."),
        Mistake(lambda a: a * 4, "You compared with the shard's own mean only: the all-reduce also averages over the K workers, dividing by K."),
        Mistake(lambda a: 1 / a, "Upside down: that is the global mean's weight 1 / B relative to the example's."),
        Mistake(lambda a: a / 8, "That is the weight of an example of the 32-example shard; the question asks about the 4-example shard."),
    ),
    "06.2": (
        Mistake(lambda a: a * 2, "That leaves out the division by M: each micro-batch's mean is also divided by M."),
        Mistake(lambda a: a / 0.7, "That compares the two micro-batches' tokens with each other; compare with the full batch's weight."),
        Mistake(lambda a: 1 / a, "Upside down: that is the full batch's weight relative to the token's."),
        Mistake(lambda a: a * 0.4, "That is a token of the 300-token micro-batch; the question asks about the 120-token one."),
    ),
}
