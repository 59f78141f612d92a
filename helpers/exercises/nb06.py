"""Exercise specs for notebook 06, Reduction in practice (no answers here: see helpers/exercises/__init__.py)."""

from __future__ import annotations

import numpy as np

from ..accumulation import accumulate, padding_mask, token_gradients
from . import Choice, Feedback, Function, Number, _returned_array

# The coding exercise's batches: micro-batches of different numbers of sequences, each padded to its own longest
# sequence, M = 3 with equal valid-token counts and M = 4 with different ones, so that a function that forgets the
# mask, counts padding, or divides by a fixed number fails.
_CASES = {
    "equal": ([3, 9], [6, 2, 4], [5, 7]),
    "unequal": ([2, 8], [5, 5, 1], [7, 3], [4, 6, 9]),
}
_EXTRA_PADDING, _PADDING_VALUE = 3, 7.5


def _micro_batches(lengths_per_micro_batch: tuple, seed: int) -> tuple[list, np.ndarray, np.ndarray, np.ndarray]:
    """Micro-batches ``(gradients, mask)`` of a padded batch, its token-mean and sequence-mean gradients, and the lengths."""
    lengths = np.concatenate([np.asarray(m) for m in lengths_per_micro_batch])
    gradients = token_gradients(1, lengths.size, int(lengths.max()), seed=seed)[0]
    mask = padding_mask(lengths)
    pieces, start = [], 0
    for part in lengths_per_micro_batch:
        rows, longest = slice(start, start + len(part)), max(part)
        pieces.append((gradients[rows, :longest].copy(), mask[rows, :longest].copy()))
        start += len(part)
    return (pieces, accumulate(gradients, lengths, 1, "token mean", vectors=True),
            accumulate(gradients, lengths, 1, "sequence mean", vectors=True), lengths)


def _repadded(pieces: list, value: float, extra: int) -> list:
    """The same micro-batches with ``value`` at every padded position and ``extra`` more padded positions each."""
    result = []
    for gradients, mask in pieces:
        gradients = np.concatenate([gradients, np.zeros((gradients.shape[0], extra, gradients.shape[2]))], axis=1)
        mask = np.concatenate([mask, np.zeros((mask.shape[0], extra), dtype=bool)], axis=1)
        result.append((np.where(mask[..., None], gradients, value), mask))
    return result


def _gradient_of(student_function, pieces: list, reference: np.ndarray) -> np.ndarray | Feedback:
    value = student_function([(g.copy(), m.copy()) for g, m in pieces])
    if isinstance(value, str) or (value is not None and np.ndim(value) == 0):
        return Feedback(False, f"Your function returns {value!r}, one value; return the gradient, an array of "
                               f"{reference.size} numbers.")
    value = _returned_array(value, what=f"the gradient, an array of {reference.size} numbers")
    if isinstance(value, Feedback):
        return value
    if value.shape != reference.shape:
        return Feedback(False, f"Your function returned shape {value.shape}; the gradient has shape {reference.shape}.")
    if not np.all(np.isfinite(value)):
        return Feedback(False, "Your function returned NaN or infinity: look for a division by zero.")
    return value


def _same(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=1e-10, atol=0))


def _fixed_divisor(results) -> float | None:
    """The number D, if one, such that every case's result is its valid tokens' gradient sum divided by D."""
    divisors = []
    for value, reference, lengths, _, _ in results:
        token_sum = reference * lengths.sum()
        if not np.all(value != 0) or not _same(value * (token_sum / value).mean(), token_sum):
            return None
        divisors.append(float((token_sum / value).mean()))
    return divisors[0] if np.allclose(divisors, divisors[0], rtol=1e-10, atol=0) else None


def _verify_accumulation(student_function) -> Feedback:
    results = {}
    for name, parts in _CASES.items():
        pieces, reference, sequence_mean, lengths = _micro_batches(parts, seed=11)
        value = _gradient_of(student_function, pieces, reference)
        if isinstance(value, Feedback):
            return value
        for repadded, message in (
            (_repadded(pieces, _PADDING_VALUE, 0),
             "Your result changes when the values at padded positions change, so the padding counts: use the mask "
             "to keep only the valid tokens' gradients."),
            (_repadded(pieces, 0.0, _EXTRA_PADDING),
             "Your result changes when more padding is added, so it counts padded positions: divide by the number of "
             "valid tokens (the mask's True entries), not by the number of positions."),
        ):
            other = _gradient_of(student_function, repadded, reference)
            if isinstance(other, Feedback):
                return other
            if not _same(other, value):
                return Feedback(False, message)
        results[name] = (value, reference, lengths, len(parts), sequence_mean)
    if all(_same(value, reference) for value, reference, _, _, _ in results.values()):
        return Feedback(True, "Correct: the accumulated gradient equals the full batch's, with equal and with different "
                              "token counts per micro-batch, and ignores the padding.")
    divisor = _fixed_divisor(results.values())
    if divisor is not None and np.isclose(divisor, 1.0, rtol=1e-10):
        return Feedback(False, "That is the sum of the valid tokens' gradients: the full batch's loss is their mean, "
                               "so divide by how many there are.")
    if divisor is not None:
        return Feedback(False, f"You divide by a fixed {divisor:.6g} whatever the batch: count the valid tokens of the "
                               "micro-batches you are given (the mask's True entries).")
    equal_value, equal_reference, _, m, _ = results["equal"]
    if _same(equal_value, m * equal_reference):
        return Feedback(False, f"Your gradient is {m} times the full batch's when the {m} micro-batches hold equally many "
                               "tokens: the micro-batch means are summed, never divided by M.")
    if _same(equal_value, equal_reference):
        return Feedback(False, "Right when every micro-batch holds the same number of valid tokens, wrong when they differ: "
                               "add up the token gradients of all micro-batches and divide once by the total number of valid tokens.")
    if all(_same(v, r / m) for v, r, _, m, _ in results.values()):
        return Feedback(False, "M times too small: dividing by the total token count already accounts for M, so do not "
                               "divide by M as well.")
    if all(_same(v, r * lengths.sum() / lengths.size) for v, r, lengths, _, _ in results.values()):
        return Feedback(False, "You divided by the number of sequences; the full batch's loss is a mean over valid "
                               "tokens, so divide by their number.")
    if all(_same(v, sequence_mean) for v, _, _, _, sequence_mean in results.values()):
        return Feedback(False, "That averages each sequence's own token mean, so a token of a short sequence counts more "
                               "than one of a long sequence; the full batch's token mean weighs every valid token alike.")
    return Feedback(False, "Not the full batch's gradient yet. Hint: the full batch's loss is the sum over every valid token "
                           "divided by the number of valid tokens in the whole batch.")


EXERCISES = {
    "06.1": Number(
        hint="Each worker's mean gives its examples 1/b_k; the all-reduce average divides by K; compare with 1/B.",
    ),
    "06.2": Number(
        hint="The loop divides the total by M once more. Which divisor of each micro-batch's token sum makes every token "
             "weigh one over the batch's total number of valid tokens?",
    ),
    "06.3": Function(verify=_verify_accumulation,
                     hint="Sum the masked token gradients over all micro-batches and divide by the total number of valid tokens."),
    "06.4": Choice(options=("a", "b", "c", "d")),
    "06.5": Number(
        hint="Write one positive's share v_i / Σ v_j before and after: Σ v_j adds the weights of all 16 examples.",
    ),
}
