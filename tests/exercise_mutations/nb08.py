"""Usual wrong answers to notebook 08's exercises: each must be refused with the hint for that mistake."""

import numpy as np

from helpers import sharpness
from helpers.sharpness import _power_iteration as _ready_made


def _iterate(hessian_vector_product, n_parameters, iterations, normalize=True):
    """A student's power iteration from a seeded random vector: the mistakes below differ in what they return."""
    v = np.random.default_rng(0).standard_normal(n_parameters)
    for _ in range(iterations):
        v = hessian_vector_product(v)
        if normalize:
            v = v / np.linalg.norm(v)
    return v


def _unnormalized(hessian_vector_product, n_parameters, iterations):
    v = _iterate(hessian_vector_product, n_parameters, iterations, normalize=False)
    return v @ hessian_vector_product(v)


def _squared(hessian_vector_product, n_parameters, iterations):
    w = hessian_vector_product(_iterate(hessian_vector_product, n_parameters, iterations))
    return w @ w


def _magnitude(hessian_vector_product, n_parameters, iterations):
    return np.linalg.norm(hessian_vector_product(_iterate(hessian_vector_product, n_parameters, iterations)))


def _eigenvector(hessian_vector_product, n_parameters, iterations):
    return _iterate(hessian_vector_product, n_parameters, iterations)


def _length(hessian_vector_product, n_parameters, iterations):
    return np.linalg.norm(_iterate(hessian_vector_product, n_parameters, iterations))


def _no_products(hessian_vector_product, n_parameters, iterations):
    v = np.random.default_rng(0).standard_normal(n_parameters)
    return v @ v / n_parameters


def _fixed_size(hessian_vector_product, n_parameters, iterations):   # the first test matrix's size, hard-coded
    return _iterate(hessian_vector_product, 37, iterations) @ hessian_vector_product(_iterate(hessian_vector_product, 37, iterations))


def _fixed_iterations(hessian_vector_product, n_parameters, iterations):   # a few steps, whatever iterations says
    v = _iterate(hessian_vector_product, n_parameters, 3)
    return v @ hessian_vector_product(v)


def _no_return(hessian_vector_product, n_parameters, iterations):
    _iterate(hessian_vector_product, n_parameters, iterations)


def _ready_made_call(iterate):
    """A function that leaves the power iteration to ``iterate`` (the course's, under some name)."""
    def top_eigenvalue(hessian_vector_product, n_parameters, iterations):
        start = np.random.default_rng(0).standard_normal((1, n_parameters))
        return iterate(lambda v, rows: hessian_vector_product(v[0])[None], start, iterations, 1e-12)[0][0]
    return top_eigenvalue


def _sharpness_power_iteration(hessian_vector_product, n_parameters, iterations):
    start = np.random.default_rng(0).standard_normal((1, n_parameters))
    return sharpness._power_iteration(lambda v, rows: hessian_vector_product(v[0])[None], start, iterations, 1e-12)[0][0]


WRONG_ANSWERS = {
    "08.1": [
        ("a ramp from 0 instead of from η₀", lambda a: (a - 0.4) * 1.6 / 1.2, "That ramp starts at 0"),
        ("one step too far along the ramp", lambda a: a + 1.2 * 32 / 2048, "One step too far"),
        ("the warm-up counted in steps of B₀", lambda a: 0.4 + 1.2 * 19 / 256, "in steps of B₀ = 8"),
        ("the ramp divided by T − 1 steps (full rate at the last warm-up step)", lambda a: 0.4 + (a - 0.4) * 64 / 63,
         "Off by one"),
    ],
    "08.2": [
        ("λ per batch kept unchanged", lambda a: a * 16 / 96, "keeps λ per batch unchanged"),
        ("λ scaled down instead of up", lambda a: a / 36, "Scaled the wrong way"),
        ("multiplied by B without dividing by B₀", lambda a: a * 16, "forgot to divide by B₀"),
    ],
    "08.4": [
        ("the vector never normalized (it overflows)", _unnormalized, "grew (or shrank) without bound"),
        ("|H v|² returned instead of vᵀ H v", _squared, "returns its square"),
        ("|H v| returned: the eigenvalue's sign dropped", _magnitude, "the sign is lost"),
        ("the eigenvector returned instead of the eigenvalue", _eigenvector, "is that the eigenvector?"),
        ("the length of the normalized vector returned", _length, "the length of the normalized vector"),
        ("no Hessian-vector product at all", _no_products, "never calls hessian_vector_product"),
        ("no return", _no_return, "returns None"),
        ("n_parameters hard-coded", _fixed_size, "not a fixed count"),
        ("iterations hard-coded to a few", _fixed_iterations, "as many times as the argument iterations says"),
        ("the course's power iteration called", _sharpness_power_iteration, "don't call the power iteration"),
        ("the course's power iteration, through another name", _ready_made_call(_ready_made), "don't call the power iteration"),
    ],
}

OPTION_FEEDBACK = {
    "08.3": {"a": "changes the learning rate, not the batches", "b": "did not stay where h_max was above 2/η",
             "c": "No run at B = 64 diverged with the warm-up", "d": "The budget is 10 epochs with or without warm-up"},
    "08.5": {"a": "Section 2 confirms it", "b": "Section 3 confirms it", "c": "At η = 0.25 the sharpness stayed below",
             "d": "Section 1 checks it on the network"},
}
