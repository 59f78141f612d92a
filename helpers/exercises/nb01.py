"""Exercise specs of notebook 01 (reporting a loss, and what the batch size does to an update).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_01.py`` (generated).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import Choice, Feedback, Function, Mistake, Number

# The coding exercise's setting: mean() tuned at one batch size and scaled by the linear rule; sum() to match it.
_TUNED_RATE, _TUNED_BATCH = 0.32, 32
_CHECKED_BATCH_SIZES = (4, 32, 256)


def _rates_of(sum_learning_rate) -> tuple[np.ndarray | None, str]:
    rates = []
    for b in _CHECKED_BATCH_SIZES:
        rate = sum_learning_rate(b, _TUNED_RATE, _TUNED_BATCH)
        if rate is None:
            return None, ("Your function returns None: replace `...` with a `return` of the learning rate "
                          "for `batch_size`.")
        if isinstance(rate, (bool, np.bool_)) or not isinstance(rate, (numbers.Real, np.floating, np.integer)):
            return None, f"Your function should return one number (a learning rate), not {type(rate).__name__} {rate!r}."
        if not np.isfinite(rate) or rate <= 0:
            return None, f"A learning rate must be a positive, finite number; at B = {b} your function returns {rate!r}."
        rates.append(float(rate))
    return np.array(rates), ""


def _verify_sum_rate(sum_learning_rate) -> Feedback:
    """Train under sum() at the student's rates and under mean() with the linear rule, at several B."""
    from ..data import add_bias_column, make_two_gaussians
    from ..scaling import scaled_learning_rate
    from ..training import train_linear_model

    rates, problem = _rates_of(sum_learning_rate)
    if rates is None:
        return Feedback(False, problem)
    sizes = np.array(_CHECKED_BATCH_SIZES)
    relative = rates / (_TUNED_RATE / _TUNED_BATCH)  # the student's rate against the per-example rate
    patterns = [
        (sizes.astype(float), "That is the mean() rate of the linear rule. sum()'s gradient is already B times "
                              "mean()'s, so at that rate each sum() step would be B times too long."),
        (np.full(sizes.shape, float(_TUNED_BATCH)), "That is the tuned mean() rate itself: under sum() every step "
                                                    "would be B times longer than the mean() step it should match."),
        (_TUNED_BATCH / sizes, "Your rate matches only at the tuned batch size: it falls as B grows, while sum() "
                               "already adds one gradient per example. Should it depend on B at all?"),
    ]
    for pattern, message in patterns:
        if np.allclose(relative, pattern, rtol=1e-9):
            return Feedback(False, message)
    features, labels = make_two_gaussians(256, seed=7)
    X = add_bias_column(features)
    linear_rule = scaled_learning_rate(sizes, _TUNED_RATE, _TUNED_BATCH)
    run = train_linear_model(X, labels, loss="logistic", batch_size=sizes[:, None],
                             learning_rate=np.stack([rates, linear_rule], axis=1),
                             reduction=np.array([["sum", "mean"]]), epochs=2, seed=0)
    gap = np.linalg.norm(run.final_weights[:, 0] - run.final_weights[:, 1], axis=-1)
    if np.all(gap < 1e-9 * (1 + np.linalg.norm(run.final_weights[:, 1], axis=-1))):
        return Feedback(True, f"Correct: trained for two epochs at B = {', '.join(map(str, _CHECKED_BATCH_SIZES))}, "
                              "sum() at your rates ends exactly where mean() with the linear rule does.")
    worst = int(np.argmax(gap))
    return Feedback(False, f"Not quite: at B = {sizes[worst]}, sum() at your rate {rates[worst]:.4g} ends "
                           f"{gap[worst]:.3g} away from the weights of mean() with the linear rule. Hint: what rate "
                           "makes one sum() step equal one mean() step at the tuned batch size?")


EXERCISES = {
    "01.1": Number(
        hint="sum() adds the batch's losses: the mean times the number of examples.",
        mistakes=(Mistake(lambda a: a / 250, "That is the mean() report again: sum() adds, it does not divide by B."),),
    ),
    "01.2": Number(
        hint="Under mean() each step moves W₁ by η × (average dL/dW₁ over the batch), whatever B is; count the steps.",
        mistakes=(
            Mistake(lambda a: -a, "Check the sign: a descent step moves against the gradient, which is positive here."),
            Mistake(lambda a: a / 4, "That is one step. The epoch takes (examples per epoch) / B of them."),
            Mistake(lambda a: a * 8, "That is what the linear rule would give; here the rate stays fixed at the tuned value."),
        ),
    ),
    "01.3": Choice(options=("a", "b", "c", "d")),
    "01.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
    "01.5": Function(verify=_verify_sum_rate,
                     hint="sum()'s gradient is B times mean()'s: match one step at the tuned batch size."),
}
