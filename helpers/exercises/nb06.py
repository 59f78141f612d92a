"""Exercise specs for notebook 06, Reduction in practice (no answers here: see helpers/exercises/__init__.py)."""

from __future__ import annotations

import numpy as np

from ..accumulation import accumulate, padding_mask, sequence_lengths, token_gradients
from . import Choice, Feedback, Function, Mistake, Number, _returned_array


def _micro_batches(lengths: np.ndarray, n_micro_batches: int, seed: int) -> tuple[list, np.ndarray]:
    """Micro-batches ``(gradients, mask)`` of a padded batch, and the full batch's token-mean gradient."""
    gradients = token_gradients(1, lengths.size, int(lengths.max()), seed=seed)[0]
    mask = padding_mask(lengths)
    per_micro = lengths.size // n_micro_batches
    pieces = [(gradients[i:i + per_micro], mask[i:i + per_micro]) for i in range(0, lengths.size, per_micro)]
    return pieces, accumulate(gradients, lengths, 1, "token mean", vectors=True)


def _verify_accumulation(student_function) -> Feedback:
    cases = {
        "equal": (np.full(8, 5), 4),
        "unequal": (sequence_lengths(8, 6, 0.8, seed=3), 4),
    }
    results = {}
    for name, (lengths, m) in cases.items():
        pieces, reference = _micro_batches(lengths, m, seed=11)
        value = student_function(pieces)
        value = _returned_array(value, what=f"the gradient, an array of {reference.size} numbers")
        if isinstance(value, Feedback):
            return value
        if value.shape != reference.shape:
            return Feedback(False, f"Your function returned shape {value.shape}; the gradient has shape {reference.shape}.")
        if not np.all(np.isfinite(value)):
            return Feedback(False, "Your function returned NaN or infinity: look for a division by zero.")
        results[name] = (value, reference, pieces, m)
    value, reference, pieces, m = results["unequal"]
    if np.allclose(value, reference, rtol=1e-10, atol=0):
        return Feedback(True, "Correct: the accumulated gradient equals the full batch's, with equal and with different token counts.")
    equal_value, equal_reference, _, _ = results["equal"]
    if np.allclose(equal_value, m * equal_reference, rtol=1e-10):
        return Feedback(False, f"Your gradient is {m} times the full batch's: the micro-batch means are summed, never divided by M.")
    if np.allclose(equal_value, equal_reference, rtol=1e-10):
        return Feedback(False, "Right when every micro-batch holds the same number of valid tokens, wrong when they differ: "
                               "add up the token gradients of all micro-batches and divide once by the total number of valid tokens.")
    return Feedback(False, "Not the full batch's gradient yet. Hint: the full batch's loss is the sum over every valid token "
                           "divided by the number of valid tokens in the whole batch.")


EXERCISES = {
    "06.1": Number(
        hint="Each worker's mean gives its examples 1/b_k; the all-reduce average divides by K; compare with 1/B.",
        mistakes=(
            Mistake(lambda a: a / 60, "That is the example's weight itself, 1 / (K b); the question asks for it relative to the global mean's 1 / B: multiply by B."),
            Mistake(lambda a: a * 4, "You compared with the shard's own mean only: the all-reduce also averages over the K workers, dividing by K."),
        ),
    ),
    "06.2": Number(
        hint="A token of micro-batch m weighs 1 / (M c_m); the full batch gives it 1 / (total tokens).",
        mistakes=(
            Mistake(lambda a: a * 2, "That leaves out the division by M: each micro-batch's mean is also divided by M."),
            Mistake(lambda a: a / 0.7, "That compares the two micro-batches' tokens with each other; compare with the full batch's weight."),
        ),
    ),
    "06.3": Function(verify=_verify_accumulation,
                     hint="Sum the masked token gradients over all micro-batches and divide by the total number of valid tokens."),
    "06.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
    "06.5": Choice(options=("true", "false"), kind="true or false"),
}
