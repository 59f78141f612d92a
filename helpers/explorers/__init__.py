"""Live figures: one function per figure, each returning a :class:`helpers.widgets.Explorer`."""

from .gradient_scaling import MEAN_RATE_MULTIPLIERS, train_sum_and_mean, trajectory_explorer, trajectory_gap
from .learning_rate import scheme_updates, training_curves_explorer, update_size_explorer
from .noise import NoiseLevel, best_learning_rates, noise_explorer
from .regularization import regularization_explorer
from .reporting import batch_reports, reported_loss_explorer

__all__ = [
    "NoiseLevel",
    "best_learning_rates",
    "noise_explorer",
    "MEAN_RATE_MULTIPLIERS",
    "train_sum_and_mean",
    "trajectory_explorer",
    "trajectory_gap",
    "batch_reports",
    "regularization_explorer",
    "reported_loss_explorer",
    "scheme_updates",
    "training_curves_explorer",
    "update_size_explorer",
]
