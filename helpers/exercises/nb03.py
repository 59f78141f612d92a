"""Notebook 03's exercises: how to check each answer, never the answer itself."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..data import add_bias_column, make_two_gaussians
from ..regularization import consistent_l2
from ..training import train_linear_model
from ..weight_decay import consistent_weight_decay
from . import Choice, Feedback, Function, Number, _returned_number
from ._ready_made import refusing_helpers

# The coding exercise's test bed: the notebook's two classes, a strong L2 strength (so that a wrong
# penalty moves the weights by tens of per cent) and a run long enough that the right penalty lands
# within a few per cent of the full-batch objective's minimizer at every batch size, and on it (plain
# gradient descent) at B = N. No size is a power of two; the penalty is also probed at other l2 and N,
# so that a function that hard-codes any of them fails.
_N, _L2, _RATE, _EPOCHS = 480, 10.0, 0.004, 40
_SIZES = (6, 40, 480)
_TOLERANCE, _FULL_BATCH_TOLERANCE = 0.05, 0.001
_OTHER_L2, _OTHER_N = 3.0, 300


def _test_bed() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    features, labels = make_two_gaussians(_N, label_noise=0.1, offset=(1.0, 1.0), seed=0)
    X = add_bias_column(features)
    # Minimizer of sum_i loss_i + L2 ||w||^2 = N (mean loss + (L2 / N) ||w||^2), by full-batch descent.
    target = train_linear_model(X, labels, loss="logistic", batch_size=_N, learning_rate=1.0, reduction="mean",
                                l2=_L2 / _N, epochs=1000, record_steps=False).final_weights
    return X, labels, target


def _penalties(student: Callable, l2: float, n_examples: int) -> np.ndarray | Feedback:
    values = []
    for b in _SIZES:
        b = min(b, n_examples)
        value = _returned_number(student(l2, b, n_examples), what="the factor of ||w||^2")
        if isinstance(value, Feedback):
            return value
        if value < 0:
            return Feedback(False, f"For B = {b} your function returned {value!r}; a penalty factor is a number >= 0.")
        values.append(value)
    return np.array(values)


def _verify_consistent_penalty(student: Callable) -> Feedback:
    student = refusing_helpers(student, (consistent_l2, consistent_weight_decay),
                               "Work the factor out yourself from l2, batch_size and n_examples: don't call "
                               "regularization.consistent_l2 or weight_decay.consistent_weight_decay.")
    probes = [_penalties(student, l2, n) for l2, n in ((_L2, _N), (_OTHER_L2, _N), (_L2, _OTHER_N))]
    for probe in probes:
        if isinstance(probe, Feedback):
            return probe
    penalties, other_l2, other_n = probes
    X, labels, target = _test_bed()
    sizes = np.array(_SIZES)
    run = train_linear_model(X, labels, loss="logistic", batch_size=sizes, learning_rate=_RATE, reduction="sum",
                             l2=penalties, epochs=_EPOCHS, record_steps=False)
    gaps = np.linalg.norm(run.final_weights - target, axis=-1) / np.linalg.norm(target)
    report = ", ".join(f"{'diverged' if d else f'{g:.1%}'} at B = {b}" for b, g, d in zip(sizes, gaps, run.diverged))
    tolerance = np.where(sizes == _N, _FULL_BATCH_TOLERANCE, _TOLERANCE)
    trained_well = not run.diverged.any() and np.all(gaps < tolerance)
    ignores_l2 = np.allclose(penalties, other_l2, rtol=1e-9, atol=0)
    ignores_n = np.allclose(penalties[:-1], other_n[:-1], rtol=1e-9, atol=0)
    if trained_well and not ignores_l2 and not ignores_n:
        return Feedback(True, f"Correct: trained with sum() and your penalty for {_EPOCHS} epochs, every batch size ends "
                              f"within {_TOLERANCE:.0%} of the full-batch objective's minimizer ({report}). SGD lands near "
                              f"the minimizer, not on it; at B = {_N} = N it is plain gradient descent on the objective.")
    # Diagnose from the student's own numbers: how does their penalty change with B, l2 and N?
    growth = penalties[-1] / penalties[0] if penalties[0] > 0 else math.inf
    batch_growth = sizes[-1] / sizes[0]
    if math.isclose(growth, 1.0, rel_tol=1e-9):
        hint = ("Your penalty is the same at every B, so under sum() it weighs less and less against the data "
                "as B grows: it must grow with B.")
    elif growth < 1:
        hint = "Your penalty shrinks as B grows, but under sum() the data term grows with B: the penalty must grow with it."
    elif not math.isclose(growth, batch_growth, rel_tol=1e-9):
        hint = (f"From B = {sizes[0]} to B = {sizes[-1]} your penalty grows {growth:g} times while the sum() data "
                f"term grows {batch_growth:g} times: they must grow alike.")
    elif ignores_l2:
        hint = ("Your penalty stays the same when l2 changes (tried at l2 = "
                f"{_L2:g} and {_OTHER_L2:g}): use the argument l2, not a fixed number.")
    elif ignores_n:
        hint = (f"Your penalty stays the same when n_examples changes (tried at N = {_N} and {_OTHER_N}): use the "
                "argument n_examples, not a fixed number. Each batch carries a share B/N of the data.")
    else:
        hint = ("It grows with B as it should; now the size: over one epoch the N/B penalties must add up to "
                "l2 ||w||^2, once.")
    if trained_well:
        return Feedback(False, f"Not yet: on this data set your penalty trains well ({report}), but not in general. {hint}")
    return Feedback(False, f"Not yet: trained with sum() and your penalty, the weights end this far from the "
                           f"full-batch objective's minimizer: {report}. {hint}")


EXERCISES = {
    "03.1": Number(
        hint="First find what the paper's penalty weighed against the mean loss; then, from section 1, what a penalty "
             "per batch weighs under sum().",
    ),
    "03.2": Function(verify=_verify_consistent_penalty,
                     hint="Return a number: the factor p of the penalty p ||w||^2 added to each batch's sum() loss."),
    "03.3": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
    "03.4": Choice(options=("a", "b", "c", "d")),
    "03.5": Number(
        hint="γ = γ_norm √(B / (N T)): the square root of the batch's share of all the examples seen in training.",
    ),
}
