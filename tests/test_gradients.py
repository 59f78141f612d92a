"""Reduced batch losses and gradients, central differences, and loss landscapes."""

import numpy as np
import pytest

import helpers
from helpers.gradients import batch_gradient, batch_loss, finite_difference_gradient, loss_landscape, relative_error


@pytest.mark.parametrize("loss", ["logistic", "squared"])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_analytic_gradient_matches_central_differences(loss, reduction, classification, regression, rng):
    X, y = classification if loss == "logistic" else regression
    for b in (1, 7, 64):
        w = rng.standard_normal(X.shape[1])
        analytic = batch_gradient(w, X[:b], y[:b], loss, reduction)
        assert relative_error(finite_difference_gradient(w, X[:b], y[:b], loss, reduction), analytic) < 1e-7


def test_a_wrong_gradient_is_caught(classification):
    # The check is only worth something if it fails for a wrong gradient: the mean's gradient against the sum's loss.
    X, y = classification
    w = np.array([0.5, -0.3, 0.2])
    assert relative_error(finite_difference_gradient(w, X, y, "logistic", "sum"), batch_gradient(w, X, y, "logistic", "mean")) > 0.9


def test_batch_loss_relation(classification):
    X, y = classification
    w = np.array([0.1, 0.2, 0.3])
    assert batch_loss(w, X, y, "logistic", "sum") == pytest.approx(len(y) * batch_loss(w, X, y, "logistic", "mean"))


def test_relative_error_by_hand():
    assert relative_error(np.array([1.0, 2.5]), np.array([1.0, 2.0])) == 0.25
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0
    with pytest.raises(ValueError, match="undefined where reference is all zeros"):
        relative_error(np.ones(2), np.zeros(2))


def test_loss_landscape_matches_pointwise_losses(classification):
    X, y = classification
    X2 = X[:, :2]
    w1, w2 = np.linspace(-1, 1, 5), np.linspace(-2, 2, 3)
    grid = loss_landscape(X2, y, "logistic", w1, w2)
    assert grid.shape == (3, 5)
    assert grid[2, 1] == pytest.approx(helpers.per_example_losses(np.array([w1[1], w2[2]]), X2, y, "logistic").mean())


@pytest.mark.parametrize("call, error, words", [
    (lambda X, y: batch_loss(np.zeros(3), X, y, "logistic", "none"), ValueError, "reduction must be one of"),
    (lambda X, y: finite_difference_gradient(np.zeros((2, 3)), X, y, "logistic", "sum"), ValueError, "one weight vector"),
    (lambda X, y: finite_difference_gradient(np.zeros(3), X, y, "logistic", "sum", step=0.0), ValueError, "step must be positive"),
    (lambda X, y: relative_error(np.zeros(2), np.zeros(3)), ValueError, "same shape"),
    (lambda X, y: batch_gradient(np.zeros(3), X[:0], y[:0], "logistic", "mean"), ValueError, "features must not be empty"),
])
def test_bad_input_is_named(call, error, words, classification):
    with pytest.raises(error, match=words):
        call(*classification)
