"""Usual wrong answers to notebook 06's exercises: each must be refused with the hint for that mistake."""

import numpy as np


def _masked_sum(gradients, mask):
    return (gradients * mask[..., None]).sum(axis=(0, 1))


def _sum_of_micro_batch_means(micro_batches):   # the exercise's code as given: both bugs
    return sum(_masked_sum(g, m) / m.sum() for g, m in micro_batches)


def _mean_of_micro_batch_means(micro_batches):  # the Hugging Face bug of section 1
    return _sum_of_micro_batch_means(micro_batches) / len(micro_batches)


def _over_total_tokens_and_m(micro_batches):      # the Hugging Face fix, with the loop's division by M kept as well
    return sum(_masked_sum(g, m) for g, m in micro_batches) / sum(m.sum() for g, m in micro_batches) / len(micro_batches)


def _unmasked(micro_batches):                    # the padding's gradients added in
    return sum(g.sum(axis=(0, 1)) for g, m in micro_batches) / sum(m.sum() for g, m in micro_batches)


def _over_positions(micro_batches):              # divided by every position, padding included
    return sum(_masked_sum(g, m) for g, m in micro_batches) / sum(m.size for g, m in micro_batches)


def _over_sequences(micro_batches):
    return sum(_masked_sum(g, m) for g, m in micro_batches) / sum(m.shape[0] for g, m in micro_batches)


def _token_sum(micro_batches):                  # the sum over valid tokens, never divided: off by the token count
    return sum(_masked_sum(g, m) for g, m in micro_batches)


def _fixed_count(micro_batches):                 # a hard-coded token count
    return _token_sum(micro_batches) / 64


def _mean_of_sequence_means(micro_batches):
    means = [(g * m[..., None]).sum(axis=1) / m.sum(axis=1)[:, None] for g, m in micro_batches]
    return np.concatenate(means).mean(axis=0)


WRONG_ANSWERS = {
    "06.1": [
        ("the example's weight itself", lambda a: a / 60, "relative to the global mean's 1 / B"),
        ("the shard's own mean only", lambda a: a * 4, "shard's own mean only"),
        ("upside down", lambda a: 1 / a, "Upside down: that is the global mean's weight"),
        ("the 32-example shard", lambda a: a / 8, "32-example shard"),
    ],
    "06.2": [
        ("the total token count, forgetting the loop's division by M", lambda a: a * 3, "right for a loop that does not divide by M"),
        ("the total token count times M", lambda a: a * 9, "9 times too small"),
        ("M itself", lambda a: 3, "leaves no count of tokens"),
        ("the micro-batch's own count", lambda a: a * 0.6, "own count"),
    ],
    "06.5": [
        ("the share doubles with the weight (Keras' division)", lambda a: 2.0, "sum_over_batch_size"),
        ("only the ratios matter, so no change", lambda a: 1.0, "ratio between the classes changes"),
        ("upside down", lambda a: 1 / a, "Upside down"),
        ("only the denominator changed", lambda a: a / 2, "only the denominator"),
    ],
    "06.3": [
        ("the code as given: micro-batch means summed", _sum_of_micro_batch_means, "never divided by M"),
        ("the Hugging Face bug: micro-batch means averaged", _mean_of_micro_batch_means,
         "Right when every micro-batch holds the same number"),
        ("summed, divided by the total token count and by M as well", _over_total_tokens_and_m,
         "already accounts for M"),
        ("the padding mask forgotten", _unmasked, "the padding counts"),
        ("padded positions counted in the division", _over_positions, "counts padded positions"),
        ("divided by the number of sequences", _over_sequences, "number of sequences"),
        ("each sequence's mean averaged", _mean_of_sequence_means, "each sequence's own token mean"),
        ("the token sum never divided", _token_sum, "sum of the valid tokens' gradients"),
        ("divided by a hard-coded token count", _fixed_count, "divide by a fixed 64"),
    ],
}

OPTION_FEEDBACK = {
    "06.4": {"a": "mean of micro-batch means, across ranks", "b": "1/K of the full batch's",
             "c": "whatever the token counts", "d": "Equal sequences are not equal tokens"},
}
