"""Exercise specs of notebook 01 (reporting a loss, and what the batch size does to an update).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_01.py`` (generated).
"""

from __future__ import annotations

import numpy as np

from . import Choice, Feedback, Function, Number, _returned_number

# The coding exercise's settings: mean() tuned at (rate, batch size), scaled by the linear rule to each checked
# batch size; sum() must match it. No batch size is a power of two or 32, and every quantity takes several
# values, so a function that hard-codes any one of them fails.
_TUNED = ((0.3, 20), (0.12, 12), (0.45, 50))
_CHECKED_BATCH_SIZES = (6, 24, 100)
_PROBE_BATCH, _PROBE_TUNED, _OTHER_RATE, _OTHER_BATCH = 24, (0.3, 20), 0.18, 45


def _rate_of(sum_learning_rate, batch_size: int, tuned_rate: float, tuned_batch: int) -> float | Feedback:
    rate = _returned_number(sum_learning_rate(batch_size, tuned_rate, tuned_batch),
                            what="the learning rate for batch_size")
    if not isinstance(rate, Feedback) and rate <= 0:
        return Feedback(False, f"A learning rate must be a positive, finite number; at B = {batch_size} your function "
                               f"returns {rate!r}.")
    return rate


def _same(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=1e-9, atol=0))


def _verify_sum_rate(sum_learning_rate) -> Feedback:
    """Train under sum() at the student's rates and under mean() with the linear rule, for several tunings and B."""
    from ..data import add_bias_column, make_two_gaussians
    from ..scaling import scaled_learning_rate
    from ..training import train_linear_model

    sizes = np.array(_CHECKED_BATCH_SIZES)
    rates = np.empty((len(_TUNED), sizes.size))
    for i, (tuned_rate, tuned_batch) in enumerate(_TUNED):
        for j, b in enumerate(sizes):
            rate = _rate_of(sum_learning_rate, int(b), tuned_rate, tuned_batch)
            if isinstance(rate, Feedback):
                return rate
            rates[i, j] = rate
    tuned_rates = np.array([[r] for r, _ in _TUNED])
    linear_rule = np.stack([scaled_learning_rate(sizes, r, b0) for r, b0 in _TUNED])
    patterns = [
        (linear_rule, "That is the mean() rate of the linear rule. sum()'s gradient is already B times mean()'s, so at "
                      "that rate each sum() step would be B times too long."),
        (np.broadcast_to(tuned_rates, rates.shape), "That is the tuned mean() rate itself: under sum() every step would "
                                                    "be B times longer than the mean() step it should match."),
        (tuned_rates / sizes, "Your rate matches only at the tuned batch size: it falls as B grows, while sum() already "
                              "adds one gradient per example. Should it depend on B at all?"),
    ]
    for pattern, message in patterns:
        if _same(rates, pattern):
            return Feedback(False, message)
    if not _same(rates, rates[:, :1]):
        return Feedback(False, f"Your rate changes with batch_size (here B = {', '.join(map(str, sizes))}), while the "
                               "sum() gradient already grows by one term per example. Should the rate depend on B at all?")
    probe = _rate_of(sum_learning_rate, _PROBE_BATCH, *_PROBE_TUNED)
    other_rate = _rate_of(sum_learning_rate, _PROBE_BATCH, _OTHER_RATE, _PROBE_TUNED[1])
    other_batch = _rate_of(sum_learning_rate, _PROBE_BATCH, _PROBE_TUNED[0], _OTHER_BATCH)
    for value in (probe, other_rate, other_batch):
        if isinstance(value, Feedback):
            return value
    if _same(probe, other_rate):
        return Feedback(False, "Your rate stays the same when tuned_learning_rate changes: use the argument, not a fixed "
                               "number. A team that tuned a larger mean() rate takes longer steps, and sum() must follow.")
    if _same(probe, other_batch):
        return Feedback(False, "Your rate stays the same when tuned_batch_size changes: use the argument, not a fixed "
                               "number. The same mean() rate tuned at a larger batch gives each example a smaller push.")
    if other_batch > probe:
        return Feedback(False, "Your rate grows with tuned_batch_size, but the same mean() rate tuned at a larger batch "
                               "gives each example a smaller push: the sum() rate must be smaller then, not larger.")
    features, labels = make_two_gaussians(300, seed=7)
    X = add_bias_column(features)
    run = train_linear_model(X, labels, loss="logistic", batch_size=sizes[None, :, None],
                             learning_rate=np.stack([rates, linear_rule], axis=-1),
                             reduction=np.array(["sum", "mean"]), epochs=2, seed=0)
    weights = run.final_weights
    gap = np.linalg.norm(weights[..., 0, :] - weights[..., 1, :], axis=-1)
    if np.all(gap < 1e-9 * (1 + np.linalg.norm(weights[..., 1, :], axis=-1))):
        return Feedback(True, f"Correct: trained for two epochs at B = {', '.join(map(str, sizes))}, with rates tuned at "
                              f"B₀ = {', '.join(str(b0) for _, b0 in _TUNED)}, sum() at your rates ends exactly where "
                              "mean() with the linear rule does.")
    i, j = np.unravel_index(int(np.argmax(gap)), gap.shape)
    return Feedback(False, f"Not quite: tuned at η₀ = {_TUNED[i][0]:g}, B₀ = {_TUNED[i][1]}, at B = {sizes[j]} sum() at "
                           f"your rate {rates[i, j]:.4g} ends {gap[i, j]:.3g} away from the weights of mean() with the "
                           "linear rule. Hint: what rate makes one sum() step equal one mean() step at the tuned batch size?")


EXERCISES = {
    "01.1": Number(
        hint="sum() adds the batch's losses: the mean times the number of examples.",
    ),
    "01.2": Number(
        hint="Under mean() each step moves W₁ by η × (average dL/dW₁ over the batch), whatever B is; count the steps.",
    ),
    "01.3": Choice(options=("a", "b", "c", "d")),
    "01.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
    "01.5": Function(verify=_verify_sum_rate,
                     hint="sum()'s gradient is B times mean()'s: match one step at the tuned batch size."),
}
