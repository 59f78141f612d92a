"""Exercise specs of notebook 02 (why the gradient scales with B).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_02.py`` (generated).
"""

from __future__ import annotations

import numpy as np

from . import Choice, Feedback, Function, Number
from ._ready_made import _calls_of

# The coding exercise's settings: single steps at several batch sizes and learning rates, then one epoch whose
# last batch is smaller. No batch size is a power of two or 32, so a step that divides by a fixed number fails.
_CHECKED_BATCH_SIZES = (1, 7, 24, 45, 100)
_LEARNING_RATES = (0.05, 0.3)
_EPOCH_EXAMPLES, _EPOCH_BATCH = 250, 24


def _step_of(sgd_step, weights, features, labels, learning_rate) -> np.ndarray | Feedback:
    new = sgd_step(weights.copy(), features.copy(), labels.copy(), learning_rate)
    if new is None:
        return Feedback(False, "Your function returns None: replace `...` with a `return` of the new weights.")
    if isinstance(new, str) or np.ndim(new) == 0:
        return Feedback(False, f"Your function returns {new!r}, one value; return the new weights, an array of "
                               f"shape {weights.shape}.")
    try:
        new = np.asarray(new, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Your function should return the new weights (an array), not {type(new).__name__}.")
    if new.shape != weights.shape:
        return Feedback(False, f"Your function returns shape {new.shape}; the weights have shape {weights.shape}.")
    if not np.all(np.isfinite(new)):
        return Feedback(False, "Your function returns NaN or infinite weights: look for a division by zero.")
    return new


def _close(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=1e-6, atol=0))


def _reductions_asked(sgd_step, weights, features, labels, learning_rate) -> list[str]:
    """The reductions the step asks ``gradients.batch_gradient`` for, by any route (a profile hook sees each call)."""
    from ..gradients import batch_gradient

    with _calls_of(frozenset({batch_gradient.__code__})) as calls:
        try:
            sgd_step(weights.copy(), features.copy(), labels.copy(), learning_rate)
        except Exception:  # the checks below report a broken step
            pass
    return [call.get("reduction") for call in calls]


def _verify_fixed_step(sgd_step) -> Feedback:
    """Run the student's step on batches of several sizes at several rates, and over an epoch, against mean() steps."""
    from ..data import add_bias_column, make_two_gaussians
    from ..gradients import batch_gradient

    features, labels = make_two_gaussians(_EPOCH_EXAMPLES, seed=5)
    X = add_bias_column(features)
    rng = np.random.default_rng(0)
    sizes = np.array(_CHECKED_BATCH_SIZES, dtype=float)
    ratios = np.empty((len(_LEARNING_RATES), sizes.size))
    returned_the_step, first_wrong = True, None
    asked = _reductions_asked(sgd_step, np.zeros(X.shape[1]), X[:24], labels[:24], _LEARNING_RATES[0])
    if "mean" in asked and "sum" not in asked:
        return Feedback(False, "Keep sum(): the script logs the batch's total loss, so the step must use the gradient of "
                               "the summed loss, batch_gradient(..., \"sum\"). Yours asks for mean()'s gradient instead.")
    for i, rate in enumerate(_LEARNING_RATES):
        for j, b in enumerate(_CHECKED_BATCH_SIZES):
            idx, w = rng.choice(len(labels), size=b, replace=False), rng.standard_normal(X.shape[1])
            new = _step_of(sgd_step, w, X[idx], labels[idx], rate)
            if isinstance(new, Feedback):
                return new
            old_step = -rate * batch_gradient(w, X[idx], labels[idx], "logistic", "mean")
            step = new - w
            returned_the_step &= any(_close(new, k * old_step) for k in (1.0, -1.0, b, -b))
            ratios[i, j] = step @ old_step / (old_step @ old_step)
            if first_wrong is None and not np.allclose(step, old_step, rtol=1e-10, atol=1e-14):
                first_wrong = (b, rate, ratios[i, j])
    if returned_the_step:
        return Feedback(False, "Your function returns the step itself; return the new weights, the old ones moved by the step.")
    if _close(ratios, sizes):
        return Feedback(False, "Each step is still B times longer than under mean(): sum()'s gradient is B times "
                               "mean()'s, so the step must take that factor B back out.")
    if _close(ratios, 1 / sizes):
        return Feedback(False, "Your steps are B times shorter than under mean(): you divided by B twice "
                               "(once through mean(), once in the rate?). Keep sum() and divide once.")
    if np.allclose(ratios, 0, atol=1e-12):
        return Feedback(False, "Your function returns the weights unchanged: subtract the step from them.")
    if np.all(ratios < 0):
        return Feedback(False, "Your step goes uphill: gradient descent subtracts the gradient.")
    if _close(ratios, ratios[0, 0]) and not _close(ratios, 1.0):
        return Feedback(False, f"Your steps are {ratios[0, 0]:.3g} times the old mean() steps at every batch size and "
                               "rate: they follow B as they should, but a constant factor is left over.")
    fixed = sizes / ratios
    if _close(fixed, fixed[0, 0]):
        return Feedback(False, f"Your step divides by the same number, {fixed[0, 0]:.4g}, at every batch size; the batches "
                               f"here hold {', '.join(str(b) for b in _CHECKED_BATCH_SIZES)} examples. Divide by this "
                               "batch's own size.")
    if not _close(ratios[0], ratios[1]):
        return Feedback(False, "Your step does not follow learning_rate: at a larger rate the old mean() step is longer. "
                               "Use the argument learning_rate, not a fixed number.")
    if first_wrong is not None:
        b, rate, ratio = first_wrong
        return Feedback(False, f"Not quite: on a batch of {b} example{'s' if b > 1 else ''} at learning rate {rate:g}, your "
                               f"step moves the weights {ratio:.3g} times as far as the old mean() step. Hint: "
                               "the batch's size is len(labels).")
    # One epoch of consecutive batches (the last one smaller), the student's step against mean() steps.
    rate = _LEARNING_RATES[-1]
    w_student = w_reference = np.zeros(X.shape[1])
    for start in range(0, len(labels), _EPOCH_BATCH):
        batch = slice(start, start + _EPOCH_BATCH)
        new = _step_of(sgd_step, w_student, X[batch], labels[batch], rate)
        if isinstance(new, Feedback):
            return new
        w_student = new
        w_reference = w_reference - rate * batch_gradient(w_reference, X[batch], labels[batch], "logistic", "mean")
    gap = float(np.abs(w_student - w_reference).max())
    if gap <= 1e-10 * (1 + float(np.abs(w_reference).max())):
        return Feedback(True, f"Correct: on single batches of {_CHECKED_BATCH_SIZES[0]} to {_CHECKED_BATCH_SIZES[-1]} "
                              "examples at two learning rates, and over a whole epoch with a smaller last batch, your step "
                              "under sum() moves the weights exactly as the old step under mean() did.")
    return Feedback(False, f"Not quite: after one epoch your weights are {gap:.3g} away from the old mean() run. "
                           "Hint: the batch's size is len(labels), and the last batch of an epoch is smaller.")


EXERCISES = {
    "02.1": Number(
        hint="mean() divides the summed gradient by the batch's own B: count the examples the last batch holds.",
    ),
    "02.2": Choice(options=("true", "false"), kind="true or false"),
    "02.3": Function(verify=_verify_fixed_step,
                     hint="Compare the sum() and mean() gradients of one batch: find the factor between them, and the number "
                          "in the step that can absorb it."),
    "02.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
}
