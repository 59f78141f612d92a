"""Sharpness: power iteration against the full Hessian's eigenvalues, the shift for a dominant negative
eigenvalue, and full-batch gradient descent with h_max measured along it."""

import numpy as np
import pytest

from helpers.network import _loss_and_gradient, hessian_vector_product, initial_parameters
from helpers.sharpness import (SharpnessRun, _largest_eigenpairs, _power_iteration, sharpness_along_training,
                               top_hessian_eigenvalue)

SIZES = (4, 5, 3)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(40, 4)), rng.integers(0, 3, 40)


def full_hessian(theta, X, y):
    return hessian_vector_product(theta, SIZES, X, y, np.eye(theta.size), "mean")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_power_iteration_finds_the_top_eigenvalue(data, seed):
    X, y = data
    theta = initial_parameters(SIZES, seed=seed) * 1.5
    expected = np.linalg.eigvalsh(full_hessian(theta, X, y))[-1]
    assert top_hessian_eigenvalue(theta, SIZES, X, y, iterations=5000, tolerance=1e-13) == pytest.approx(expected, rel=1e-6)


def test_configurations_at_once(data):
    X, y = data
    thetas = np.stack([initial_parameters(SIZES, seed=s) for s in range(3)])
    together = top_hessian_eigenvalue(thetas, SIZES, X, y, iterations=3000, tolerance=1e-12)
    assert together.shape == (3,)
    for k in range(3):
        assert together[k] == pytest.approx(np.linalg.eigvalsh(full_hessian(thetas[k], X, y))[-1], rel=1e-6)


def test_a_dominant_negative_eigenvalue_is_shifted_away():
    matrices = np.stack([np.diag([2.0, 0.5, -5.0, -1.0]), np.diag([3.0, -1.0, 0.2, 0.1])])   # largest magnitude -5, then 3

    def hvp(vectors, rows):
        return np.einsum("rij,rj->ri", matrices[rows], vectors)

    plain, _ = _power_iteration(hvp, np.ones((2, 4)), 2000, 1e-14)
    assert plain[0] == pytest.approx(-5.0)                             # plain power iteration: the largest magnitude
    values, vectors = _largest_eigenpairs(hvp, np.ones((2, 4)), 2000, 1e-14)
    np.testing.assert_allclose(values, [2.0, 3.0], rtol=1e-10)
    np.testing.assert_allclose(np.abs(vectors), [[1, 0, 0, 0], [1, 0, 0, 0]], atol=1e-6)


def test_gradient_descent_steps_and_measurements(data):
    X, y = data
    rates = np.array([0.1, 0.5])
    run = sharpness_along_training(X, y, layer_sizes=SIZES, learning_rates=rates, seeds=[3, 4], steps=20, measure_every=5,
                                   iterations=400, tolerance=1e-10)
    assert isinstance(run, SharpnessRun) and run.steps.tolist() == [0, 5, 10, 15, 20]
    assert run.sharpness.shape == run.loss.shape == (2, 2, 5) and not run.diverged.any()
    np.testing.assert_allclose(run.stability_limit, 2 / rates)
    # replay one run's 20 steps by hand (the trainer's exact products) and measure h_max at the end
    theta = initial_parameters(SIZES, seed=4)[None]
    for _ in range(20):
        theta = theta - 0.5 * _loss_and_gradient(theta, SIZES, X[None], y[None], 1 / len(y), np.zeros(1), exact=True)[1]
    expected = np.linalg.eigvalsh(full_hessian(theta[0], X, y))[-1]
    assert run.sharpness[1, 1, -1] == pytest.approx(expected, rel=1e-6)
    assert run.sharpness[0, 0, 0] == pytest.approx(np.linalg.eigvalsh(full_hessian(initial_parameters(SIZES, seed=3), X, y))[-1], rel=1e-6)


def test_a_diverging_rate_is_marked(data):
    X, y = data
    run = sharpness_along_training(X, y, layer_sizes=SIZES, learning_rates=np.array([0.1, 1e5]), seeds=[0], steps=10,
                                   measure_every=5, iterations=5)
    assert run.diverged.tolist() == [[False], [True]] and np.isnan(run.sharpness[1, 0, -1])


def test_few_warm_started_iterations_track_the_converged_value(data):
    """The notebook measures with at most 20 iterations, each measurement started from the previous eigenvector."""
    X, y = data
    quick = sharpness_along_training(X, y, layer_sizes=SIZES, learning_rates=np.array([0.3]), seeds=[1], steps=40,
                                     measure_every=10, iterations=20, tolerance=1e-3)
    slow = sharpness_along_training(X, y, layer_sizes=SIZES, learning_rates=np.array([0.3]), seeds=[1], steps=40,
                                    measure_every=10, iterations=3000, tolerance=1e-12)
    np.testing.assert_allclose(quick.sharpness, slow.sharpness, rtol=0.03)


@pytest.mark.parametrize("call, error, words", [
    (lambda X, y: sharpness_along_training(X, y, layer_sizes=SIZES, learning_rates=np.array([0.1]), seeds=[], steps=5,
                                           measure_every=1), TypeError, "seeds must be a non-empty list"),
    (lambda X, y: sharpness_along_training(X, y, layer_sizes=SIZES, learning_rates=np.array([0.1]), seeds=[0], steps=5,
                                           measure_every=9), ValueError, "measure_every must be at most 5"),
    (lambda X, y: sharpness_along_training(X, y, layer_sizes=SIZES, learning_rates=np.array([[0.1]]), seeds=[0], steps=5,
                                           measure_every=1), ValueError, "learning_rates must be 1-D"),
    (lambda X, y: top_hessian_eigenvalue(np.zeros(3), SIZES, X, y), ValueError, "parameters must end in the"),
])
def test_bad_input_is_named(data, call, error, words):
    X, y = data
    with pytest.raises(error, match=words):
        call(X, y)
