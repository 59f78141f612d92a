"""Notebook 03's exercises: how to check each answer, never the answer itself."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np

from ..data import add_bias_column, make_two_gaussians
from ..training import train_linear_model
from . import Choice, Feedback, Function, Mistake, Number

# The coding exercise's test bed: the notebook's two classes, a strong L2 strength (so that a wrong
# penalty moves the weights by tens of per cent) and a run long enough that the right penalty lands
# within a few per cent of the full-batch objective's minimizer at every batch size.
_N, _L2, _RATE, _EPOCHS = 512, 10.0, 0.004, 40
_SIZES = (8, 64, 512)
_TOLERANCE = 0.05


def _test_bed() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    features, labels = make_two_gaussians(_N, label_noise=0.1, offset=(1.0, 1.0), seed=0)
    X = add_bias_column(features)
    # Minimizer of sum_i loss_i + L2 ||w||^2 = N (mean loss + (L2 / N) ||w||^2), by full-batch descent.
    target = train_linear_model(X, labels, loss="logistic", batch_size=_N, learning_rate=1.0, reduction="mean",
                                l2=_L2 / _N, epochs=1000, record_steps=False).final_weights
    return X, labels, target


def _penalties(student: Callable) -> tuple[np.ndarray | None, str]:
    values = []
    for b in _SIZES:
        value = student(_L2, b, _N)
        if value is None:
            return None, ("Your function returns None: end it with `return` and the penalty factor "
                          "(replace the `...` in its body).")
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
            return None, f"Your function returned {value!r}; it should return one number, the factor of ||w||^2."
        if not math.isfinite(float(value)) or float(value) < 0:
            return None, f"For B = {b} your function returned {value!r}; a penalty factor is a finite number >= 0."
        values.append(float(value))
    return np.array(values), ""


def _verify_consistent_penalty(student: Callable) -> Feedback:
    penalties, problem = _penalties(student)
    if penalties is None:
        return Feedback(False, problem)
    X, labels, target = _test_bed()
    sizes = np.array(_SIZES)
    run = train_linear_model(X, labels, loss="logistic", batch_size=sizes, learning_rate=_RATE, reduction="sum",
                             l2=penalties, epochs=_EPOCHS, record_steps=False)
    gaps = np.linalg.norm(run.final_weights - target, axis=-1) / np.linalg.norm(target)
    report = ", ".join(f"{'diverged' if d else f'{g:.1%}'} at B = {b}" for b, g, d in zip(sizes, gaps, run.diverged))
    if not run.diverged.any() and np.all(gaps < _TOLERANCE):
        return Feedback(True, f"Correct: trained with sum() and your penalty for {_EPOCHS} epochs, every batch size ends "
                              f"within {_TOLERANCE:.0%} of the full-batch objective's minimizer ({report}). SGD lands near "
                              f"the minimizer, not on it; at B = {_N} = N it is plain gradient descent on the objective.")
    # Diagnose from the student's own numbers: how does their penalty change with B?
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
    else:
        hint = ("It grows with B as it should; now the size: over one epoch the N/B penalties must add up to "
                "l2 ||w||^2, once.")
    return Feedback(False, f"Not yet: trained with sum() and your penalty, the weights end this far from the "
                           f"full-batch objective's minimizer: {report}. {hint}")


EXERCISES = {
    "03.1": Number(
        hint="Under sum() the data term is B times the mean, so a penalty must be B times larger to weigh the same.",
        mistakes=(
            Mistake(lambda a: a / 256, "That is the paper's λ unchanged: under sum() a penalty λ per batch "
                                       "weighs only λ/B against the mean loss."),
            Mistake(lambda a: a / 256**2, "That divides by B where it should multiply: the sum() data term is B "
                                          "times larger, so the penalty must be B times larger too."),
        ),
    ),
    "03.2": Function(verify=_verify_consistent_penalty,
                     hint="Return a number: the factor p of the penalty p ||w||^2 added to each batch's sum() loss."),
    "03.3": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
    "03.4": Choice(options=("a", "b", "c", "d")),
    "03.5": Number(
        hint="γ = γ_norm √(B / (N T)): the square root of the batch's share of all the examples seen in training.",
        mistakes=(
            Mistake(lambda a: a * (128 / (50_000 * 100)) ** 0.5,
                    "That scales γ_norm by B / (N T) itself; the normalized decay uses its square root."),
            Mistake(lambda a: a * 100**0.5, "That leaves out the number of epochs T under the square root."),
        ),
    ),
}
