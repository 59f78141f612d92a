"""Exercise specs of notebook 02 (why the gradient scales with B).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_02.py`` (generated).
"""

from __future__ import annotations

import numpy as np

from . import Choice, Feedback, Function, Mistake, Number

_CHECKED_BATCH_SIZES = (1, 8, 64, 256)
_LEARNING_RATE = 0.05
_EPOCH_BATCH = 32


def _step_of(sgd_step, weights, features, labels, learning_rate) -> tuple[np.ndarray | None, str]:
    new = sgd_step(weights.copy(), features.copy(), labels.copy(), learning_rate)
    if new is None:
        return None, "Your function returns None: replace `...` with a `return` of the new weights."
    try:
        new = np.asarray(new, dtype=float)
    except (TypeError, ValueError):
        return None, f"Your function should return the new weights (an array), not {type(new).__name__}."
    if new.shape != weights.shape:
        return None, f"Your function returns shape {new.shape}; the weights have shape {weights.shape}."
    if not np.all(np.isfinite(new)):
        return None, "Your function returns NaN or infinite weights: look for a division by zero."
    return new - weights, ""


def _verify_fixed_step(sgd_step) -> Feedback:
    """Run the student's step on batches of several sizes and over an epoch, against mean() steps from helpers."""
    from ..data import add_bias_column, make_two_gaussians
    from ..gradients import batch_gradient

    features, labels = make_two_gaussians(256, seed=5)
    X = add_bias_column(features)
    rng = np.random.default_rng(0)
    ratios = []
    for b in _CHECKED_BATCH_SIZES:
        idx, w = rng.choice(len(labels), size=b, replace=False), rng.standard_normal(X.shape[1])
        step, problem = _step_of(sgd_step, w, X[idx], labels[idx], _LEARNING_RATE)
        if step is None:
            return Feedback(False, problem)
        expected = -_LEARNING_RATE * batch_gradient(w, X[idx], labels[idx], "logistic", "mean")
        ratios.append(float(step @ expected / (expected @ expected)))
    ratios = np.array(ratios)
    sizes = np.array(_CHECKED_BATCH_SIZES, dtype=float)
    if np.allclose(ratios[1:], sizes[1:], rtol=1e-6):
        return Feedback(False, "Each step is still B times longer than under mean(): sum()'s gradient is B times "
                               "mean()'s, so the learning rate must be divided by the batch size.")
    if np.allclose(ratios[1:], 1 / sizes[1:], rtol=1e-6):
        return Feedback(False, "Your steps are B times shorter than under mean(): you divided by B twice "
                               "(once through mean(), once in the rate?). Keep sum() and divide once.")
    if np.allclose(ratios, -1.0, rtol=1e-6):
        return Feedback(False, "Your step goes uphill: gradient descent subtracts the gradient.")
    # One epoch of consecutive batches, the student's step against mean() steps.
    w_student = w_reference = np.zeros(X.shape[1])
    for start in range(0, len(labels), _EPOCH_BATCH):
        batch = slice(start, start + _EPOCH_BATCH)
        step, problem = _step_of(sgd_step, w_student, X[batch], labels[batch], _LEARNING_RATE)
        if step is None:
            return Feedback(False, problem)
        w_student = w_student + step
        w_reference = w_reference - _LEARNING_RATE * batch_gradient(w_reference, X[batch], labels[batch], "logistic", "mean")
    gap = float(np.abs(w_student - w_reference).max())
    if gap <= 1e-10 * (1 + float(np.abs(w_reference).max())):
        return Feedback(True, "Correct: on single batches of 1 to 256 examples and over a whole epoch, your step under "
                              "sum() moves the weights exactly as the old step under mean() did.")
    return Feedback(False, f"Not quite: after one epoch your weights are {gap:.3g} away from the old mean() run. "
                           "Hint: divide the learning rate by the batch size, len(labels).")


EXERCISES = {
    "02.1": Number(
        hint="sum()'s rate is a rate per example; mean() divides the summed gradient by its own B.",
        mistakes=(
            Mistake(lambda a: a / 4, "That is the mean() rate at the paper's batch size; your batches are 4 times larger, "
                                     "so mean() divides by a 4 times larger B."),
            Mistake(lambda a: a / 1024, "That is the sum() rate unchanged: under mean() each step would be B times shorter."),
            Mistake(lambda a: a / 1024 ** 2, "You divided by B: mean()'s gradient is already B times smaller, so its rate "
                                             "must be B times larger."),
        ),
    ),
    "02.2": Choice(options=("true", "false"), kind="true or false"),
    "02.3": Function(verify=_verify_fixed_step,
                     hint="Keep the sum() gradient and divide the learning rate by the batch size."),
    "02.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
}
