"""Self-checks for the exercises: each computes the expected answer with :mod:`helpers` and answers kindly.

A check returns a :class:`Feedback`, which a notebook shows as a short message (Markdown in
JupyterLab, plain text elsewhere). Students leave ``...`` in place until they have an answer.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from .reduction import reduce_losses, sgd_displacements
from .scaling import equivalent_learning_rate, scaled_learning_rate
from .worked_example import mistake_gradients


@dataclass(frozen=True)
class Feedback:
    """The answer to a self-check: whether it was right, and what to say."""

    correct: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return f"**{self.message}**" if self.correct else self.message


def check_number(answer: object, expected: float, *, hint: str, rel_tol: float = 1e-6) -> Feedback:
    """Compare a numeric ``answer`` with ``expected`` (relative tolerance ``rel_tol``).

    >>> check_number(0.5, 0.5, hint="")
    Correct: 0.5.
    """
    if answer is Ellipsis:
        return Feedback(False, "Not answered yet: replace ... with your answer and run the cell again.")
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, np.floating, np.integer)):
        return Feedback(False, f"Please answer with a number, not {type(answer).__name__} {answer!r}.")
    if not math.isfinite(float(answer)):
        return Feedback(False, f"{answer} is not a finite number. {hint}")
    if math.isclose(float(answer), expected, rel_tol=rel_tol, abs_tol=1e-12):
        return Feedback(True, f"Correct: {expected:g}.")
    return Feedback(False, f"Not quite: {float(answer):g} is not it. Hint: {hint}")


# Notebook 01 ---------------------------------------------------------------------------------

def check_mistakes_from_mean(answer: object) -> Feedback:
    """Exercise 01.1: a batch of 256 reports a mean 0-1 loss of 0.0625; what does sum() report?"""
    mistakes = np.r_[np.ones(16), np.zeros(240)]
    assert reduce_losses(mistakes, "mean") == 0.0625  # the question's premise, computed
    return check_number(answer, reduce_losses(mistakes, "sum"),
                        hint="sum() counts the mistakes: the mean times the batch size.")


def check_scaled_learning_rate(answer: object) -> Feedback:
    """Exercise 01.2: lr 0.02 tuned at B = 32 with mean(); the linear rule's lr at B = 512?"""
    return check_number(answer, scaled_learning_rate(512, 0.02, 32),
                        hint="lr = B x tuned_lr / tuned_B: the batch grew 16-fold.")


def check_epoch_update_mean(answer: object) -> Feedback:
    """Exercise 01.3: the post's example over an epoch of 1024 examples at B = 256 with mean() and lr 0.64 fixed."""
    rate = equivalent_learning_rate(0.01, 64, from_reduction="sum", to_reduction="mean")
    total = float(sgd_displacements(mistake_gradients(1024), 256, rate, "mean").sum())
    return check_number(answer, total,
                        hint="each step moves W_1 by -lr x (mean gradient) = -0.64 x 0.0625; count the steps in 1024 examples.")


# Notebook 02 ---------------------------------------------------------------------------------

def check_gradient_ratio(answer: object) -> Feedback:
    """Exercise 02.1: the ratio of the sum() gradient to the mean() gradient for a batch of 32."""
    from .data import add_bias_column, make_two_gaussians
    from .gradients import batch_gradient

    features, labels = make_two_gaussians(32, seed=11)
    X = add_bias_column(features)
    w = np.array([0.3, -0.2, 0.1])
    ratio = batch_gradient(w, X, labels, "logistic", "sum") / batch_gradient(w, X, labels, "logistic", "mean")
    return check_number(answer, float(np.median(ratio)), hint="L_sum = B x L_mean, and the derivative keeps constant factors.")


def check_sum_learning_rate(answer: object) -> Feedback:
    """Exercise 02.2: mean() with lr 0.1 at B = 128; which sum() learning rate takes the same steps?"""
    return check_number(answer, equivalent_learning_rate(0.1, 128, from_reduction="mean", to_reduction="sum"),
                        hint="the sum() gradient is B times larger, so its learning rate must be B times smaller.")


def check_forgotten_rescale(answer: object) -> Feedback:
    """Exercise 02.3: switching mean() -> sum() at B = 64 and keeping lr 0.5: how many times larger is each step?"""
    from .reduction import update_per_step

    factor = update_per_step(64, 0.5, 1.0, "sum") / update_per_step(64, 0.5, 1.0, "mean")
    return check_number(answer, float(factor), hint="compare lr x grad L_sum with lr x grad L_mean.")


# Notebook 03 ---------------------------------------------------------------------------------

def check_effective_strength(answer: object) -> Feedback:
    """Exercise 03.1: sum() + 4 ||w||^2 per batch at B = 32: the penalty's weight against the mean loss?"""
    from .regularization import effective_l2

    return check_number(answer, effective_l2(4.0, "sum", 32),
                        hint="the sum() data term is B times the mean: divide the penalty by B.")


def check_consistent_penalty(answer: object) -> Feedback:
    """Exercise 03.2: N = 512, B = 64, lambda = 2: which per-batch penalty under sum() is batch-size consistent?"""
    from .regularization import consistent_l2

    return check_number(answer, consistent_l2(2.0, "sum", 64, 512),
                        hint="the N / B batches of an epoch should add up to lambda x ||w||^2 once.")


def check_penalty_applications(answer: object) -> Feedback:
    """Exercise 03.3: how many times per epoch is the penalty applied with N = 512 and B = 16?"""
    from .reduction import split_into_batches

    return check_number(answer, float(len(split_into_batches(np.zeros(512), 16))),
                        hint="once per batch; count the batches in an epoch.")


# Notebook 04 ---------------------------------------------------------------------------------

def check_simple_noise_scale(answer: object) -> Feedback:
    """Exercise 04.1: |G|^2 = 0.5 and tr(Sigma) = 20: what is B_simple?"""
    from .noise import GradientMoments

    moments = GradientMoments(np.array([0.5, 0.5]), np.eye(2), np.diag([12.0, 8.0]))
    return check_number(answer, moments.simple_noise_scale, hint="B_simple = tr(Sigma) / |G|^2.")


def check_stable_learning_rate(answer: object) -> Feedback:
    """Exercise 04.2: the mean loss's Hessian has largest eigenvalue 4: the largest stable learning rate for sum() at B = 8?"""
    from .noise import stable_learning_rate

    return check_number(answer, stable_learning_rate(8 * np.diag([4.0, 1.0])),
                        hint="the sum's Hessian is B times the mean's, and gradient descent needs lr < 2 / lambda_max.")


def check_adam_epsilon(answer: object) -> Feedback:
    """Exercise 04.3: Adam with sum() and eps = 1e-8 at B = 128 equals Adam with mean() and which eps?"""
    # sum() scales every gradient by B, so m by B and sqrt(v) by B: lr B m / (B sqrt(v) + eps) = lr m / (sqrt(v) + eps / B).
    # tests/test_adam.py checks this correspondence on real Adam runs.
    return check_number(answer, 1e-8 / 128,
                        hint="sum multiplies every gradient by B: m by B, sqrt(v) by B; divide through by B.")
