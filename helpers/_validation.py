"""Argument checks shared by every public function of :mod:`helpers`, and the course's work budget.

Each check raises ``TypeError`` for a value of the wrong kind and ``ValueError`` for a value of
the right kind outside what is allowed, and the message names the argument, the value received and
what is allowed, so that a student who passes ``batch_size=2.5`` learns what to change.

Public functions check their arguments once, at the boundary, with these helpers; the internal
functions they call trust them.

Work and memory: :func:`check_work` refuses, before any work starts, a call that would run longer
than :data:`WORK_SECONDS` or hold more than :data:`MEMORY_BYTES` of arrays at once (a notebook's
kernel must stay under 500 MB), and says how much it would need and which argument to reduce.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

LARGEST_MAGNITUDE = 1e30
"""Real inputs larger than this in magnitude are refused: the course's formulas multiply a few of them
together (the covariance of per-example gradients multiplies four: weight, feature, feature, feature),
and float64 overflows at 1.8e308."""

LARGEST_INTEGER = 2**53
"""Integer inputs (sizes, counts, steps) larger than this are refused: numpy computes with 64-bit integers
and float64, which holds every integer exactly only up to 2**53."""

WORK_SECONDS = 60.0
"""A call estimated to run longer than this is refused up front ("about a minute")."""

MEMORY_BYTES = 256 * 2**20
"""A call estimated to hold more than this many bytes of arrays at once is refused up front: a
notebook's kernel (about 150 MB with numpy, matplotlib and ipywidgets loaded) must stay under 500 MB."""

SECONDS_PER_LOOP = 2e-5
"""One pass of a Python-level loop that calls a few numpy functions: half the trainer's 40 us measured on
the 2-core CI machine, so that an estimate errs towards letting work through."""

SECONDS_PER_ELEMENT = 5e-10
"""A lower bound on one float operation on one array element inside numpy (measured: 1 to 2 ns)."""

BYTES_PER_FLOAT = 8


def check_choice(value: object, name: str, allowed: Sequence[str]) -> str:
    """Return ``value`` if it is one of the strings in ``allowed``.

    >>> check_choice("mean", "reduction", ("sum", "mean"))
    'mean'
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {list(allowed)}, got {_show(value)} of type {type(value).__name__}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")
    return value


def check_choice_array(values: object, name: str, allowed: Sequence[str]) -> np.ndarray:
    """Return ``values`` as a string array whose entries are all in ``allowed`` (a scalar string is fine).

    >>> check_choice_array(["sum", "mean"], "reduction", ("sum", "mean"))
    array(['sum', 'mean'], dtype='<U4')
    """
    if isinstance(values, str):
        return np.asarray(check_choice(values, name, allowed))
    try:
        array = np.asarray(values)
    except ValueError:  # ragged nested lists
        raise TypeError(f"{name} must be one of {list(allowed)} or an array of them, got {_show(values)}") from None
    if array.dtype.kind != "U":
        raise TypeError(f"{name} must be one of {list(allowed)} or an array of them, got {_show(values)}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    for value in np.unique(array):
        check_choice(str(value), name, allowed)
    return array


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False``.

    >>> check_bool(True, "replace")
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_show(value)} of type {type(value).__name__}")
    return bool(value)


def check_positive_int(value: object, name: str, *, maximum: int | None = None, what: str = "") -> int:
    """Return ``value`` as an ``int`` if it is an integer >= 1 (and <= ``maximum`` if given).

    >>> check_positive_int(3, "epochs")
    3
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {_show(value)} of type {type(value).__name__}")
    value = int(value)
    if value < 1:
        raise ValueError(f"{name} must be a positive integer (1, 2, 3, ...), got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}{what}, got {value}")
    if value > LARGEST_INTEGER:
        raise ValueError(f"{name} must be at most 2**53 = {LARGEST_INTEGER}, got {value}")
    return value


def check_seed(value: object, name: str = "seed") -> int:
    """A random seed: a non-negative integer, or ``None`` for fresh entropy.

    ``None`` comes back as a fresh integer drawn from the operating system's entropy, so that every
    caller can derive further seeds from it (``SeedSequence([seed, chunk])``) as from any other seed.

    >>> check_seed(0), isinstance(check_seed(None), int)
    (0, True)
    """
    if value is None:
        return int(np.random.SeedSequence().entropy)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer or None, got {_show(value)} of type {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer or None, got {value}")
    return int(value)


def check_seeds(values: object, name: str = "seeds", *, any_shape: bool = False) -> np.ndarray:
    """Seeds: non-negative integers (not ``None``: every run is reproducible).

    By default a non-empty 1-D list of them. With ``any_shape``, one seed or an array of seeds of any shape,
    a configuration axis that broadcasts with the other arguments of a grid.

    >>> check_seeds([0, 1, 2]), check_seeds(3, "seed", any_shape=True)
    (array([0, 1, 2]), array(3))
    """
    if check_bool(any_shape, "any_shape"):
        return _check_seed_grid(values, name)
    if isinstance(values, (str, bytes)) or values is None or np.ndim(values) != 1 or len(values) == 0:
        raise TypeError(f"{name} must be a non-empty list of seeds (non-negative integers), got {_show(values)}")
    for seed in values:
        if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"{name} must hold non-negative integers, got {_show(seed)} of type {type(seed).__name__}")
        if seed < 0:
            raise ValueError(f"{name} must hold non-negative integers, got {seed}")
    return np.array([int(seed) for seed in values], dtype=np.int64)


def _check_seed_grid(values: object, name: str) -> np.ndarray:
    """One seed or an array of them (any shape), as an integer array."""
    refusal = f"{name} must be a non-negative integer or an array of them, got {values!r:.60}"
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(refusal)
    try:
        array = np.asarray(values)
    except (ValueError, TypeError):
        raise TypeError(refusal) from None
    if array.ndim == 0:
        return np.asarray(check_seed(values, name), dtype=np.int64)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise TypeError(refusal)
    if array.size == 0 or np.any(array < 0):
        raise ValueError(f"{name} must hold non-negative integers (and at least one), got {values!r:.60}")
    return array.astype(np.int64)


def check_positive_int_array(values: object, name: str, *, maximum: int | None = None, what: str = "") -> np.ndarray:
    """Return ``values`` as an integer array whose entries are all >= 1 (and <= ``maximum``).

    >>> check_positive_int_array([1, 4], "batch_size")
    array([1, 4])
    """
    array = _as_array(values, name, "positive integers")
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        if array.ndim == 0:
            check_positive_int(values, name)  # raises the scalar message
        raise TypeError(f"{name} must hold positive integers, got {_show(values)} (an array of dtype {array.dtype})")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.any(array < 1):
        raise ValueError(f"{name} must hold positive integers (1, 2, 3, ...), got {array.min()}")
    if maximum is not None and np.any(array > maximum):
        raise ValueError(f"{name} must be at most {maximum}{what}, got {array.max()}")
    if np.any(array > LARGEST_INTEGER):
        raise ValueError(f"{name} must be at most 2**53 = {LARGEST_INTEGER}, got {array.max()}")
    return array.astype(np.int64)


def check_real_array(values: object, name: str, *, positive: bool = False, nonnegative: bool = False,
                     largest: float = LARGEST_MAGNITUDE) -> np.ndarray:
    """Return ``values`` as a float array of finite numbers (optionally > 0 or >= 0).

    Magnitudes above :data:`LARGEST_MAGNITUDE` are refused, so that no formula overflows.

    >>> check_real_array([1, 2.5], "weights")
    array([1. , 2.5])
    """
    array = _as_array(values, name, "real numbers")
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(f"{name} must be a real number or an array of them, got {_show(values)} (dtype {array.dtype})")
    with np.errstate(over="ignore"):
        array = array.astype(np.float64)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty (an empty batch has no loss and no gradient)")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {_first_bad(array, ~np.isfinite(array))}")
    if np.any(np.abs(array) > largest):
        raise ValueError(
            f"{name} must be at most {largest:g} in magnitude (larger values overflow float64 in the "
            f"course's formulas), got {_first_bad(array, np.abs(array) > largest):g}"
        )
    if positive and np.any(array <= 0):
        raise ValueError(f"{name} must be positive (> 0), got {_first_bad(array, array <= 0)}")
    if nonnegative and np.any(array < 0):
        raise ValueError(f"{name} must be >= 0, got {_first_bad(array, array < 0)}")
    return array


def check_real(value: object, name: str, *, positive: bool = False, nonnegative: bool = False,
               largest: float = LARGEST_MAGNITUDE) -> float:
    """Return ``value`` as a ``float`` if it is one finite real number (optionally > 0 or >= 0).

    >>> check_real(0.5, "noise", nonnegative=True)
    0.5
    """
    array = check_real_array(value, name, positive=positive, nonnegative=nonnegative, largest=largest)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a single number, got an array of shape {array.shape}")
    return float(array)


def check_in_interval(values: object, name: str, low: float, high: float, *, closed_high: bool = False) -> np.ndarray:
    """Return ``values`` as a float array whose entries lie in ``[low, high)`` (``[low, high]`` if ``closed_high``).

    >>> check_in_interval(0.9, "beta1", 0.0, 1.0)
    array(0.9)
    """
    array = check_real_array(values, name)
    outside = (array < low) | ((array > high) if closed_high else (array >= high))
    if np.any(outside):
        interval = f"[{low:g}, {high:g}{']' if closed_high else ')'}"
        raise ValueError(f"{name} must lie in {interval}, got {_first_bad(array, outside)}")
    return array


def check_learning_rate(value: object, name: str = "learning_rate") -> np.ndarray:
    """A learning rate (or array of them): positive and finite.

    >>> check_learning_rate(0.1)
    array(0.1)
    """
    return check_real_array(value, name, positive=True)


def check_vector(values: object, name: str, *, length: int | None = None, what: str = "") -> np.ndarray:
    """A non-empty 1-D float array of finite numbers (of ``length`` entries if given).

    >>> check_vector([1.0, 2.0], "weight_error", length=2)
    array([1., 2.])
    """
    array = check_real_array(values, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} must hold {length} entries{what}, got shape {array.shape}")
    return array


def check_matrix(values: object, name: str) -> np.ndarray:
    """A non-empty 2-D float array of finite numbers (examples x features).

    >>> check_matrix([[1, 2]], "features").shape
    (1, 2)
    """
    array = check_real_array(values, name)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (examples x features), got shape {array.shape}")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    return array


def check_symmetric_matrix(values: object, name: str, *, size: int | None = None, what: str = "") -> np.ndarray:
    """A square, symmetric matrix of finite numbers (``size`` x ``size`` if given).

    >>> check_symmetric_matrix(np.eye(2), "hessian")
    array([[1., 0.],
           [0., 1.]])
    """
    array = check_real_array(values, name)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"{name} must be a symmetric square matrix, got shape {array.shape}")
    if size is not None and array.shape[0] != size:
        raise ValueError(f"{name} must be {size} x {size}{what}, got shape {array.shape}")
    if not np.allclose(array, array.T, rtol=1e-10, atol=1e-12 * max(np.abs(array).max(), 1e-300)):
        raise ValueError(f"{name} must be symmetric, got {name} - {name}.T up to {np.abs(array - array.T).max():g}")
    return array


def check_covariance(values: object, name: str, *, size: int | None = None, what: str = "") -> np.ndarray:
    """A covariance matrix: symmetric and positive semi-definite, of finite numbers (``size`` x ``size`` if given).

    Eigenvalues down to ``-1e-10`` times the largest entry pass (rounding in a computed covariance).

    >>> check_covariance([[2.0, 1.0], [1.0, 2.0]], "covariance")
    array([[2., 1.],
           [1., 2.]])
    >>> check_covariance([[1.0, 2.0], [2.0, 1.0]], "covariance")
    Traceback (most recent call last):
    ...
    ValueError: covariance must be positive semi-definite (a covariance has no negative variance in any direction), got smallest eigenvalue -1
    """
    array = check_symmetric_matrix(values, name, size=size, what=what)
    smallest = float(np.linalg.eigvalsh(array)[0])
    if smallest < -1e-10 * np.abs(array).max():
        raise ValueError(f"{name} must be positive semi-definite (a covariance has no negative variance in any direction), "
                         f"got smallest eigenvalue {smallest:g}")
    return array


def check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str, *, axis_a: int = 0, axis_b: int = 0) -> None:
    """Raise if ``a`` and ``b`` do not hold the same number of examples (``b`` a single number holds none).

    >>> check_same_length(np.ones((4, 2)), "features", np.ones(3), "targets")
    Traceback (most recent call last):
    ...
    ValueError: features and targets must hold the same number of examples: features has shape (4, 2), targets has shape (3,)
    """
    shapes = []
    for array, array_name, axis in ((a, a_name, axis_a), (b, b_name, axis_b)):
        shape = np.shape(_as_array(array, array_name, "numbers"))
        if len(shape) <= axis:
            raise ValueError(f"{array_name} must hold one entry per example (an array with an axis {axis}), got shape {shape}")
        shapes.append(shape)
    if shapes[0][axis_a] != shapes[1][axis_b]:
        raise ValueError(
            f"{a_name} and {b_name} must hold the same number of examples: "
            f"{a_name} has shape {shapes[0]}, {b_name} has shape {shapes[1]}"
        )


def check_binary_labels(labels: np.ndarray, name: str) -> None:
    """Raise unless every entry of ``labels`` is 0 or 1."""
    labels = check_real_array(labels, name)
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError(f"{name} must hold class labels 0 or 1 for a classification loss, got values {np.unique(labels)[:5]}")


def check_broadcast(arrays: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Broadcast the named arrays against each other, or say which names and shapes do not fit.

    >>> [a.shape for a in check_broadcast({"batch_size": np.ones((2, 1)), "learning_rate": np.ones(3)})]
    [(2, 3), (2, 3)]
    """
    if not isinstance(arrays, dict) or not arrays or not all(isinstance(name, str) for name in arrays):
        raise TypeError(f"arrays must be a non-empty dict of argument name (str) to array, got {_show(arrays)}")
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {np.shape(value)}" for name, value in arrays.items())
        names = ", ".join(arrays)
        raise ValueError(f"{names} must broadcast against each other (numpy rules), got shapes {shapes}") from None


def check_work(what: str, *, reduce: str, loops: float = 0, elements: float = 0, memory: float = 0) -> float:
    """Refuse, before it starts, a computation that would take more than about a minute or too much memory.

    The estimate is ``loops * SECONDS_PER_LOOP + elements * SECONDS_PER_ELEMENT`` seconds against
    :data:`WORK_SECONDS`, and ``memory`` bytes against :data:`MEMORY_BYTES`. Both per-unit costs are
    lower bounds, so a call is refused only when it would surely take too long.

    Parameters
    ----------
    what : str
        The computation, with its size: ``"training 6 configurations for 10 epochs of 64 examples"``.
    reduce : str
        The arguments to reduce, as the caller named them: ``"epochs or the number of batch sizes"``.
    loops : float
        Passes through a Python-level loop.
    elements : float
        Element operations inside numpy (array size x operations per element, summed).
    memory : float
        Bytes of arrays held at once.

    Examples
    --------
    Returns the estimated seconds (a lower bound), for a progress line on long work (:mod:`helpers._progress`).

    >>> check_work("a small job", reduce="epochs", loops=10, elements=1e6, memory=8e6) < 1
    True
    >>> check_work("training for 10**12 epochs", reduce="epochs", loops=1e12)
    Traceback (most recent call last):
    ...
    ValueError: training for 10**12 epochs would take at least 2e+07 s (the course allows about 60 s per call); reduce epochs
    """
    for text, text_name in ((what, "what"), (reduce, "reduce")):
        if not isinstance(text, str) or not text:
            raise TypeError(f"{text_name} must be a non-empty string, got {_show(text)}")
    # Python integers of any size are fine here (beyond 1e300 they are over budget anyway)
    loops, elements, memory = (
        check_real(float(min(value, 10**300)) if isinstance(value, int) and not isinstance(value, bool) else value,
                   value_name, nonnegative=True, largest=np.inf)
        for value, value_name in ((loops, "loops"), (elements, "elements"), (memory, "memory")))
    seconds = loops * SECONDS_PER_LOOP + elements * SECONDS_PER_ELEMENT
    if seconds > WORK_SECONDS:
        raise ValueError(f"{what} would take at least {seconds:.2g} s (the course allows about {WORK_SECONDS:g} s per call); "
                         f"reduce {reduce}")
    if memory > MEMORY_BYTES:
        raise ValueError(f"{what} would need at least {memory / 2**20:,.0f} MB of memory (the course allows "
                         f"{MEMORY_BYTES // 2**20} MB per call, to keep a notebook under 500 MB); reduce {reduce}")
    return float(seconds)


def check_finite_result(value: np.ndarray | float, what: str) -> None:
    """Raise ``ValueError`` if a computed ``value`` is not finite: ``what`` says which inputs to change."""
    try:
        array = _as_array(value, "the result", "numbers")
    except TypeError as error:
        raise TypeError(f"{error}: {what}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"the result must hold numbers, got {_show(value)} (dtype {array.dtype}): {what}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"the result is not finite (it overflows float64): {what}")


def _as_array(values: object, name: str, allowed: str) -> np.ndarray:
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a {allowed[:-1]} or an array of {allowed}, got {_show(values)} of type {type(values).__name__}")
    try:
        return np.asarray(values)
    except (ValueError, TypeError):  # ragged nested lists, objects numpy cannot convert
        raise TypeError(f"{name} must be an array of {allowed}, got {_show(values)}") from None


def _first_bad(array: np.ndarray, bad: np.ndarray) -> float:
    return array.reshape(-1)[np.flatnonzero(bad.reshape(-1))[0]]


def _show(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
