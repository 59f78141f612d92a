"""The blog post's 0-1-loss worked example, recomputed.

The post takes a network that misclassifies 8 of every 64 examples (12.5 %), a learning rate of
0.01, and ``dL/dW_1 = 0.5`` for each misclassified example (0 otherwise), then compares two
batches of 64 with one batch of 128. Here every scenario is an actual stream of per-example
gradients pushed through :func:`helpers.reduction.sgd_displacements`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import BYTES_PER_FLOAT, check_choice, check_positive_int, check_real, check_vector, check_work
from .reduction import SCALAR_REDUCTIONS, sgd_displacements
from .scaling import equivalent_learning_rate, scaled_learning_rate

__all__ = ["Scenario", "format_scenarios", "mistake_gradients", "worked_example"]


@dataclass(frozen=True)
class Scenario:
    """One row of the worked example: a reduction, a learning rate and a way to batch the examples."""

    name: str
    reduction: str
    learning_rate: float
    batch_size: int
    step_updates: np.ndarray  # the change of W_1 at each step

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {self.name!r}")
        check_choice(self.reduction, "reduction", SCALAR_REDUCTIONS)
        object.__setattr__(self, "learning_rate", check_real(self.learning_rate, "learning_rate", positive=True))
        object.__setattr__(self, "batch_size", check_positive_int(self.batch_size, "batch_size"))
        object.__setattr__(self, "step_updates", check_vector(self.step_updates, "step_updates"))

    @property
    def total_update(self) -> float:
        """The change of W_1 after all the examples."""
        return float(self.step_updates.sum())


def mistake_gradients(n_examples: int, mistakes_per_64: int = 8, gradient_per_mistake: float = 0.5) -> np.ndarray:
    """Per-example ``dL/dW_1``: ``gradient_per_mistake`` for a mistake, 0 otherwise.

    Mistakes are spread evenly, ``mistakes_per_64`` in each block of 64 examples, so every batch of
    64 holds exactly that many.

    >>> mistake_gradients(64).sum()
    np.float64(4.0)
    """
    n_examples = check_positive_int(n_examples, "n_examples")
    mistakes_per_64 = check_positive_int(mistakes_per_64, "mistakes_per_64", maximum=64)
    gradient_per_mistake = check_real(gradient_per_mistake, "gradient_per_mistake")
    if n_examples % 64:
        raise ValueError(f"n_examples must be a multiple of 64, got {n_examples}")
    check_work(f"{n_examples} per-example gradients", reduce="n_examples", elements=2.0 * n_examples,
               memory=2 * BYTES_PER_FLOAT * n_examples)
    block = np.r_[np.ones(mistakes_per_64), np.zeros(64 - mistakes_per_64)]
    return gradient_per_mistake * np.tile(block, n_examples // 64)


def worked_example(learning_rate: float = 0.01, tuned_batch_size: int = 64, n_examples: int = 128) -> list[Scenario]:
    """The post's scenarios, computed: sum; mean with ``lr * 64`` kept fixed; mean with the linear rule.

    ``learning_rate`` is the post's 0.01 for ``sum()``; the ``mean()`` rows use the equivalent rate at
    ``tuned_batch_size`` (0.01 x 64 = 0.64), either fixed or rescaled with the batch size.
    """
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size")
    gradients = mistake_gradients(n_examples)   # checks n_examples
    if n_examples % tuned_batch_size:
        raise ValueError(f"n_examples ({n_examples}) must be a multiple of tuned_batch_size ({tuned_batch_size}), "
                         "so that every batch is complete")
    mean_rate = equivalent_learning_rate(learning_rate, tuned_batch_size, from_reduction="sum", to_reduction="mean")
    settings = [
        (f"sum, lr {learning_rate:g}", "sum", learning_rate),
        (f"mean, lr {learning_rate:g} x {tuned_batch_size} (fixed)", "mean", mean_rate),
        ("mean, lr by linear rule", "mean", None),
    ]
    scenarios = []
    for name, reduction, rate in settings:
        for batch_size in (tuned_batch_size, n_examples):
            step_rate = rate if rate is not None else scaled_learning_rate(batch_size, mean_rate, tuned_batch_size)
            updates = sgd_displacements(gradients, batch_size, step_rate, reduction)
            scenarios.append(Scenario(name, reduction, float(step_rate), batch_size, updates))
    return scenarios


def format_scenarios(scenarios: list[Scenario]) -> str:
    """A plain-text table of the scenarios: one row each, every update printed.

    >>> print(format_scenarios(worked_example()).splitlines()[2])
    sum, lr 0.01                   0.01    2 x 64      -0.0400, -0.0400   -0.0800
    """
    if isinstance(scenarios, Scenario) or not isinstance(scenarios, (list, tuple)):
        raise TypeError(f"scenarios must be a list of Scenario (as worked_example returns), got {type(scenarios).__name__}")
    if not scenarios:
        raise ValueError("scenarios must not be empty")
    for s in scenarios:
        if not isinstance(s, Scenario):
            raise TypeError(f"scenarios must hold Scenario objects (as worked_example returns), got one of type {type(s).__name__}")
    header = f"{'scheme':<28}{'lr':>7}{'batches':>10}{'update per step':>22}{'total':>10}"
    lines = [header, "-" * len(header)]
    for s in scenarios:
        batches = f"{len(s.step_updates)} x {s.batch_size}"
        steps = ", ".join(f"{u:+.4f}" for u in s.step_updates)
        lines.append(f"{s.name:<28}{s.learning_rate:>7g}{batches:>10}{steps:>22}{s.total_update:>+10.4f}")
    return "\n".join(lines)
