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
        Mistake(lambda a: a * 3, "That is the total number of valid tokens, right for a loop that does not divide by M. "
                                 "This loop divides by M = 3 at the end as well, so the loss is 3 times too small."),
        Mistake(lambda a: a * 9, "The loop's division by M comes on top of yours: dividing by the total times M makes "
                                 "the loss 9 times too small."),
        Mistake(lambda a: 3, "Dividing each micro-batch's sum by M leaves no count of tokens: the loss grows with the "
                             "number of tokens in the batch."),
        Mistake(lambda a: a * 0.6, "That is the 120-token micro-batch's own count: the divisor must be the same for all "
                                   "three micro-batches, and belong to the whole batch."),
    ),
    "06.5": (
        Mistake(lambda a: 2.0, "That doubles the share as the weight doubles, as if the loss divided by the number of "
                               "examples (Keras' sum_over_batch_size). CrossEntropyLoss(weight=) divides by the sum of "
                               "the weights, which grows too."),
        Mistake(lambda a: 1.0, "Multiplying every weight by the same factor would change nothing, but here only the "
                               "positives' weight changes: the ratio between the classes changes."),
        Mistake(lambda a: 1 / a, "Upside down: that is the share before relative to the share after."),
        Mistake(lambda a: a / 2, "You changed only the denominator Σ v_j: the positive's own weight v_i doubles too."),
    ),
}
