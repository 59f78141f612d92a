"""helpers: the numpy package behind the "Sum or Mean?" course.

Every number and figure in the notebooks is computed here. The modules, from the bottom up:

* :mod:`helpers.losses`: per-example losses of a linear model and their analytic gradients;
* :mod:`helpers.reduction`: ``sum`` / ``mean`` / ``none`` and the SGD step they produce;
* :mod:`helpers.scaling`: learning-rate scaling rules;
* :mod:`helpers.data`: seeded synthetic data;
* :mod:`helpers.training`: a mini-batch SGD trainer vectorized over configurations;
* :mod:`helpers.worked_example`: the blog post's 0-1-loss example, recomputed;
* :mod:`helpers.gradients`: reduced batch losses and gradients, finite differences, loss landscapes;
* :mod:`helpers.regularization`: L2 penalties and weight decay against batch size;
* :mod:`helpers.noise`: gradient noise, noise scales, optimal steps and stability limits;
* :mod:`helpers.adam`: Adam under sum() and mean();
* :mod:`helpers.plotting`, :mod:`helpers.widgets`, :mod:`helpers.explorers`: figures and sliders;
* :mod:`helpers.exercises`: self-checks.
"""

from ._dependencies import require_dependencies

require_dependencies()  # one plain sentence, not a bare ModuleNotFoundError, in a Jupyter without numpy & co.

from .data import add_bias_column, make_linear_regression, make_two_gaussians
from .losses import LOSSES, per_example_gradients, per_example_losses, scores, sigmoid
from .reduction import (
    REDUCTIONS,
    reduce_gradients,
    reduce_losses,
    reduction_scale,
    sgd_displacements,
    sgd_update,
    split_into_batches,
    update_per_epoch,
    update_per_step,
)
from .scaling import SCALING_RULES, equivalent_learning_rate, scaled_learning_rate
from .training import SCHEMES, TrainingRun, train_linear_model, train_schemes
from .worked_example import format_scenarios, mistake_gradients, worked_example

# The submodules a notebook reaches as helpers.<module>.<name>.
from . import adam, exercises, explorers, gradients, noise, plotting, regularization, widgets  # noqa: E402, F401

__version__ = "0.1.0"

__all__ = [
    "LOSSES", "REDUCTIONS", "SCALING_RULES", "SCHEMES", "TrainingRun",
    "add_bias_column", "equivalent_learning_rate", "format_scenarios", "make_linear_regression",
    "make_two_gaussians", "mistake_gradients", "per_example_gradients", "per_example_losses",
    "reduce_gradients", "reduce_losses", "reduction_scale", "scaled_learning_rate", "scores",
    "sgd_displacements", "sgd_update", "sigmoid", "split_into_batches", "train_linear_model",
    "train_schemes", "update_per_epoch", "update_per_step", "worked_example",
]
