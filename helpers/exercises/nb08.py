"""Exercise specs of notebook 08 (does it hold for a neural network?).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_08.py`` (generated).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import Choice, Feedback, Function, Number
from ._ready_made import refusing_helpers

# The coding exercise runs the student's power iteration on matrices it builds itself: sizes that are not
# powers of two, an eigenvalue of largest magnitude well separated from the next (so that a correct
# iteration converges), negative in the last (so that |H v| is refused), and then on the Hessian of a
# small network it draws.
_SIZES = (37, 53, 29)
_TOLERANCE = 1e-3
_ITERATIONS = 200


def _matrix(size: int, seed: int, sign: float = 1.0) -> tuple[np.ndarray, float]:
    """A symmetric matrix with eigenvalues spread in [-1.5, 3.5] (times ``sign``) and one of about 7 (times
    ``sign``), the largest in magnitude: and that eigenvalue."""
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((size, size)))
    values = sign * np.r_[7.0 + rng.random(), rng.uniform(-1.5, 3.5, size - 1)]
    matrix = (basis * values) @ basis.T
    return (matrix + matrix.T) / 2, float(values[0])


def _as_value(result: object) -> tuple[float | None, str]:
    if result is None:
        return None, "Your function returns None: end it with `return` and the eigenvalue (one number)."
    if isinstance(result, np.ndarray) and result.size == 1:
        result = result.reshape(-1)[0].item()
    if isinstance(result, (bool, np.bool_)) or not isinstance(result, (numbers.Real, np.floating)):
        size = np.size(result) if isinstance(result, (list, tuple, np.ndarray)) else None
        return None, ("Return the eigenvalue, one number" + (f", not {size} values (is that the eigenvector?)."
                                                             if size else f", not {type(result).__name__}."))
    value = float(result)
    if not math.isfinite(value):
        return None, (f"Your function returns {value}: the vector grew (or shrank) without bound. Divide it by its "
                      "length at every iteration.")
    return value, ""


def _quietly(top_eigenvalue, hessian_vector_product, n_parameters: int) -> object:
    """The student's function at :data:`_ITERATIONS` iterations. A vector that is never normalized overflows: that gives inf or
    NaN, which :func:`_as_value` names, and no RuntimeWarning (which a grader set to turn warnings into errors
    would report instead of the hint)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return top_eigenvalue(hessian_vector_product, n_parameters, _ITERATIONS)


def _verify_power_iteration(top_eigenvalue) -> Feedback:
    """On matrices with a known top eigenvalue, then on a network's Hessian against helpers.sharpness."""
    from ..sharpness import _largest_eigenpairs, _power_iteration, top_hessian_eigenvalue

    top_eigenvalue = refusing_helpers(top_eigenvalue, (_power_iteration, _largest_eigenpairs),
                                      "Write the loop yourself with hessian_vector_product: don't call the power "
                                      "iteration of helpers.sharpness.")
    for size, seed, sign in zip(_SIZES, (81, 82, 83), (1.0, 1.0, -1.0)):
        matrix, expected = _matrix(size, seed, sign)
        calls = []

        def hvp(vector, matrix=matrix, calls=calls):
            calls.append(1)
            vector = np.asarray(vector, dtype=float)
            if vector.shape != (len(matrix),):
                raise ValueError(f"hessian_vector_product was given {np.size(vector)} numbers where n_parameters = "
                                 f"{len(matrix)}: make the vector from the argument n_parameters, not a fixed count")
            return matrix @ vector

        value, problem = _as_value(_quietly(top_eigenvalue, hvp, size))
        if value is None:
            return Feedback(False, problem)
        if not calls:
            return Feedback(False, "Your function never calls hessian_vector_product: power iteration multiplies "
                                   "a vector by H again and again.")
        if math.isclose(value, expected, rel_tol=_TOLERANCE):
            continue
        if math.isclose(value, expected**2, rel_tol=_TOLERANCE):
            return Feedback(False, f"On a {size} x {size} matrix whose eigenvalue of largest magnitude is {expected:.4g} "
                                   f"your function returns its square, {value:.4g}: return vᵀ H v with v of length 1, "
                                   "not |H v|².")
        if expected < 0 and math.isclose(value, -expected, rel_tol=_TOLERANCE):
            return Feedback(False, f"On a {size} x {size} matrix whose eigenvalue of largest magnitude is {expected:.4g} "
                                   f"your function returns {value:.4g}: the sign is lost (is it |H v|?). Return vᵀ H v "
                                   "with v of length 1, which keeps it.")
        if math.isclose(abs(value), 1.0, rel_tol=_TOLERANCE):
            return Feedback(False, f"Your function returns {value:.4g}, the length of the normalized vector: return the "
                                   "Rayleigh quotient vᵀ H v (v of length 1) instead.")
        if len(calls) < _ITERATIONS:
            return Feedback(False, f"On a {size} x {size} matrix whose eigenvalue of largest magnitude is {expected:.4g}, "
                                   f"your function returns {value:.4g} after only {len(calls)} products for iterations = "
                                   f"{_ITERATIONS}: repeat the step as many times as the argument iterations says.")
        return Feedback(False, f"Not quite: on a {size} x {size} matrix whose eigenvalue of largest magnitude is "
                               f"{expected:.4g}, your "
                               f"function returns {value:.4g}. Repeat v ← H v / |H v|, then return vᵀ H v.")
    from ..digits import split_digits
    from ..network import hessian_vector_product, initial_parameters

    sizes = (64, 6, 10)
    features, labels, _, _ = split_digits(1024, seed=3)
    features, labels = features[:96], labels[:96]
    theta = initial_parameters(sizes, seed=4)
    expected = float(top_hessian_eigenvalue(theta, sizes, features, labels, iterations=1000, tolerance=1e-10))

    def network_hvp(vector):
        return hessian_vector_product(theta, sizes, features, labels, np.asarray(vector, dtype=float), "mean")

    value, problem = _as_value(_quietly(top_eigenvalue, network_hvp, theta.size))
    if value is None:
        return Feedback(False, "On the test matrices your function is right, but on a network's Hessian: " + problem)
    if not math.isclose(value, expected, rel_tol=1e-2):
        return Feedback(False, f"On the test matrices your function is right, but on the Hessian of a {sizes} network "
                               f"it returns {value:.4g} where helpers.sharpness finds {expected:.4g}.")
    return Feedback(True, f"Correct: your power iteration finds the top eigenvalue of {_SIZES[0]} x {_SIZES[0]} and "
                          f"{_SIZES[1]} x {_SIZES[1]} test matrices, and h_max = {value:.4g} of a {sizes} network "
                          f"({theta.size} parameters) from Hessian-vector products alone, as helpers.sharpness does.")


EXERCISES = {
    "08.1": Number(
        hint="Section 3 states the warm-up: with T warm-up steps, step t uses η₀ + (η − η₀)·t/T. Count T in steps "
             "of the batch size you train with.",
    ),
    "08.2": Number(
        hint="Under sum(), a penalty λ per batch weighs λ/B against the mean loss. Keep that weight what it was at B₀.",
    ),
    "08.3": Choice(options=("a", "b", "c", "d")),
    "08.4": Function(verify=_verify_power_iteration,
                     hint="Start from a random vector; repeat v ← H v / |H v|; return vᵀ H v."),
    "08.5": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
}
