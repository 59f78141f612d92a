"""A small neural network in numpy: a tanh multilayer perceptron with a softmax cross-entropy loss.

The network maps an input ``x`` (``d`` numbers) through one or more hidden layers to ``K`` class scores:

    ``a_0 = x``,  ``a_l = tanh(a_{l-1} W_l + b_l)`` for the hidden layers,  ``z = a_{L-1} W_L + b_L``,

and the loss of one example with label ``y`` is the cross-entropy of the softmax of its scores,
``l = -log softmax(z)_y``. A batch's loss is the ``sum`` or the ``mean`` of its examples' losses,
plus an optional L2 penalty ``lam * |theta|^2`` on every parameter, added once per batch (as a penalty
term in a framework's loss is). The tanh keeps the loss smooth, so its Hessian exists everywhere; Cohen
et al. (arXiv:2103.00065) use tanh networks for the same reason.

Parameters are one flat vector ``theta`` per network: for each layer, ``W_l`` (row-major, ``in x out``)
then ``b_l``. Every function is vectorized over configurations: ``parameters`` has shape ``S + (P,)``
for any configuration shape ``S``, and ``features`` is one data set ``(n, d)`` for all of them or one per
configuration, ``S + (n, d)`` (a batch per draw, say). Gradients are computed by backpropagation, and
Hessian-vector products by differentiating backpropagation once more along a direction (Pearlmutter's
R-operator, Neural Computation 6, 1994), so nothing is approximated.
"""

from __future__ import annotations

from decimal import Context, Decimal

import numpy as np

from ._validation import (BYTES_PER_FLOAT, _show, check_choice, check_positive_int, check_real, check_real_array,
                          check_seed, check_work)
from .reduction import SCALAR_REDUCTIONS

__all__ = ["N_CLASSES", "parameter_count", "initial_parameters", "network_scores", "network_losses", "network_loss",
           "network_gradient", "hessian_vector_product", "gradient_statistics", "central_differences"]

N_CLASSES = 10
"""Outputs of the course's networks by default: the ten digits."""


def _check_layer_sizes(layer_sizes: object) -> tuple[int, ...]:
    """``(d, h_1, ..., K)``: at least one hidden layer, every size a positive integer."""
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, (tuple, list)):
        raise TypeError(f"layer_sizes must be a tuple of layer widths (inputs, hidden..., outputs), got {_show(layer_sizes)}")
    sizes = tuple(check_positive_int(size, "layer_sizes", maximum=4096) for size in layer_sizes)
    if not 3 <= len(sizes) <= 4:
        raise ValueError(f"layer_sizes must hold the inputs, one or two hidden layers and the outputs (3 or 4 widths), "
                         f"got {sizes}")
    if sizes[-1] < 2:
        raise ValueError(f"layer_sizes must end with at least 2 classes, got {sizes[-1]}")
    return sizes


def parameter_count(layer_sizes: tuple[int, ...]) -> int:
    """The number of weights and biases: ``sum over layers of (in + 1) * out``.

    >>> parameter_count((64, 32, 10))
    2410
    """
    sizes = _check_layer_sizes(layer_sizes)
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))


def initial_parameters(layer_sizes: tuple[int, ...], *, seed: int | None = 0) -> np.ndarray:
    """LeCun-normal initial parameters: each weight ``W_l[i, j] ~ N(0, 1 / in_l)``, each bias 0.

    With inputs of unit scale, each hidden pre-activation then starts with a variance of about 1, where
    tanh is neither flat nor linear.

    >>> theta = initial_parameters((4, 3, 2), seed=0)
    >>> theta.shape, float(theta[-2:].sum())    # the last biases start at 0
    ((23,), 0.0)
    """
    sizes = _check_layer_sizes(layer_sizes)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    pieces = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        pieces += [rng.standard_normal(fan_in * fan_out) / np.sqrt(fan_in), np.zeros(fan_out)]
    return np.concatenate(pieces)


# --- checked, flattened inputs -----------------------------------------------------------------

def _layers(flat: np.ndarray, sizes: tuple[int, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Views ``(W (C, in, out), b (C, out))`` of each layer of flat parameters ``(C, P)``."""
    layers, start = [], 0
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weights = flat[:, start:start + fan_in * fan_out].reshape(len(flat), fan_in, fan_out)
        start += fan_in * fan_out
        layers.append((weights, flat[:, start:start + fan_out]))
        start += fan_out
    return layers


def _check_inputs(parameters: object, layer_sizes: object, features: object, labels: object
                  ) -> tuple[tuple[int, ...], np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
    """Check and broadcast: flat parameters ``(C, P)``, features ``(C or 1, n, d)``, labels ``(C or 1, n)``
    and the configuration shape ``S``."""
    sizes = _check_layer_sizes(layer_sizes)
    theta = check_real_array(parameters, "parameters")
    count = parameter_count(sizes)
    if theta.ndim < 1 or theta.shape[-1] != count:
        raise ValueError(f"parameters must end in the {count} parameters of a {sizes} network, got shape {theta.shape}")
    x = check_real_array(features, "features")
    if x.ndim < 2 or x.shape[-1] != sizes[0] or x.shape[-2] == 0:
        raise ValueError(f"features must have shape (n, {sizes[0]}) or (..., n, {sizes[0]}) for a network with "
                         f"{sizes[0]} inputs, got {x.shape}")
    y = _check_labels(labels, x.shape[:-1], sizes[-1])
    try:
        shape = np.broadcast_shapes(theta.shape[:-1], x.shape[:-2], y.shape[:-1])
    except ValueError:
        raise ValueError(f"parameters, features and labels must broadcast over their leading (configuration) axes, got "
                         f"shapes {theta.shape}, {x.shape} and {y.shape}") from None
    n_configs = int(np.prod(shape))
    theta = np.broadcast_to(theta, shape + theta.shape[-1:]).reshape(n_configs, count)
    x = x.reshape(1, *x.shape[-2:]) if x.ndim == 2 else np.broadcast_to(x, shape + x.shape[-2:]).reshape(n_configs, *x.shape[-2:])
    y = y.reshape(1, -1) if y.ndim == 1 else np.broadcast_to(y, shape + y.shape[-1:]).reshape(n_configs, -1)
    return sizes, theta, x, y, shape


def _check_field(record: object, name: str, shape: tuple[int, ...] | None, *, optional: bool = False,
                 dtype: str = "") -> np.ndarray | None:
    """A field of a result record: a numpy array of ``shape`` (any shape if None), or None if ``optional``.

    The records (:class:`helpers.network_training.NetworkRun` and the others) are what the functions return;
    built by hand, their arrays must at least fit together."""
    value = getattr(record, name)
    if value is None and optional:
        return None
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a numpy array, got {_show(value)} of type {type(value).__name__}")
    if shape is not None and value.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {value.shape}")
    if dtype and value.dtype.kind not in dtype:
        raise TypeError(f"{name} must have dtype kind {dtype!r}, got {value.dtype}")
    return value


def _check_data(layer_sizes: object, features: object, labels: object) -> tuple[tuple[int, ...], np.ndarray, np.ndarray]:
    """One data set for a network: ``(sizes, features (n, d), labels (n,))``."""
    sizes = _check_layer_sizes(layer_sizes)
    x = check_real_array(features, "features")
    if x.ndim != 2:
        raise ValueError(f"features must be 2-D (examples x inputs), got shape {x.shape}")
    _, _, x, y, _ = _check_inputs(np.zeros(parameter_count(sizes)), sizes, x, labels)
    return sizes, x[0], y[0]


def _check_labels(labels: object, leading: tuple[int, ...], n_classes: int) -> np.ndarray:
    """Class labels 0 .. K-1, one per example (``leading`` is the features' shape without its last axis)."""
    if isinstance(labels, (str, bytes)) or labels is None:
        raise TypeError(f"labels must be an array of class labels 0 to {n_classes - 1}, got {_show(labels)}")
    try:
        array = np.asarray(labels)
    except (ValueError, TypeError):
        raise TypeError(f"labels must be an array of class labels 0 to {n_classes - 1}, got {_show(labels)}") from None
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(f"labels must be class labels 0 to {n_classes - 1} (integers), got dtype {array.dtype}")
    if array.ndim == 0 or array.shape[-1] != leading[-1]:
        raise ValueError(f"labels must hold one class label per example ({leading[-1]}), got shape {array.shape}")
    if not np.all(np.isfinite(array)) or np.any(array != np.round(array)) or np.any((array < 0) | (array >= n_classes)):
        raise ValueError(f"labels must be whole numbers from 0 to {n_classes - 1} (one per class), got values "
                         f"{np.unique(array[np.isfinite(array)])[:6] if np.any(np.isfinite(array)) else array.ravel()[:3]}")
    return array.astype(np.int64)


def _check_reduction(reduction: object) -> str:
    return check_choice(reduction, "reduction", SCALAR_REDUCTIONS)


def _check_l2(l2: object, shape: tuple[int, ...]) -> np.ndarray:
    """L2 strengths broadcast to the configuration shape, flattened to ``(C,)``."""
    lam = check_real_array(l2, "l2", nonnegative=True)
    try:
        return np.broadcast_to(lam, shape).reshape(-1)
    except ValueError:
        raise ValueError(f"l2 must be one number or broadcast against the configurations {shape}, got shape {lam.shape}") from None


def _check_network_work(sizes: tuple[int, ...], n_configs: int, n_examples: int, passes: float, what: str) -> None:
    """Refuse a call too large for a notebook: ``passes`` gradients' work over the examples (one gradient costs
    about 1 ns per configuration, example and parameter, measured: counted as 2 element operations of
    :func:`helpers._validation.check_work`, a lower bound)."""
    count = parameter_count(sizes)
    check_work(f"{what} for {n_configs} configurations on {n_examples} examples", reduce="the number of configurations or examples",
               elements=passes * 1.0 * n_configs * n_examples * count,
               memory=4.0 * BYTES_PER_FLOAT * n_configs * (n_examples * sum(sizes[1:]) + count))


# --- the computations (checked inputs) -----------------------------------------------------------

_SINGLE_THREAD_PRODUCT = 2**18
"""OpenBLAS runs a matrix product of ``m n k`` multiply-adds up to about this many on one thread. Products
are cut into blocks of rows below it: on a machine whose cores are busy with other work, a threaded
product can be many times slower than the same work on one thread."""


def _times(a: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``a W`` per configuration: ``(C or 1, n, i) x (C, i, o) -> (C, n, o)``, in blocks of rows."""
    n, inner, outer = a.shape[1], weights.shape[-2], weights.shape[-1]
    rows = max(1, _SINGLE_THREAD_PRODUCT // (inner * outer))
    if n <= rows:
        return np.matmul(a, weights)
    return np.concatenate([np.matmul(a[:, s:s + rows], weights) for s in range(0, n, rows)], axis=1)


def _transposed_times(a: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """``a^T delta`` per configuration: ``(C or 1, n, i) x (C, n, o) -> (C, i, o)``, summed over the examples
    in blocks of rows."""
    n, inner, outer = a.shape[1], a.shape[2], delta.shape[2]
    rows = max(1, _SINGLE_THREAD_PRODUCT // (inner * outer))
    total = np.matmul(np.swapaxes(a[:, :rows], -1, -2), delta[:, :rows])
    for s in range(rows, n, rows):
        total += np.matmul(np.swapaxes(a[:, s:s + rows], -1, -2), delta[:, s:s + rows])
    return total


def _forward(layers: list, x: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Hidden activations ``[a_0 = x, a_1, ...]`` and class scores ``(C, n, K)``."""
    activations = [x]
    for weights, bias in layers[:-1]:
        activations.append(np.tanh(_times(activations[-1], weights) + bias[:, None, :]))
    weights, bias = layers[-1]
    scores = _times(activations[-1], weights) + bias[:, None, :]
    return activations, scores


# --- exact matrix products, for the training loops --------------------------------------------------
#
# Training a network near its stability limit is chaotic: a difference in the last bit of one number
# grows until the runs differ visibly. Two BLAS kernels (OpenBLAS picks one per CPU) round a matrix
# product differently (another order of additions, fused multiply-adds or not), so printed losses would
# depend on the machine. The training loops therefore compute every matrix product on whole numbers:
# each factor is scaled by a power of two and rounded (:func:`_on_grid`), so that every product and
# every partial sum is a whole number below 2**50, which float64 holds exactly. The result is then the
# same in any order and with any kernel. Rounding moves each factor by at most 2**-bits of its largest
# entry (about 1e-6 or less: float32's precision). The exponential and the tanh differ between CPUs too
# (numpy dispatches SIMD loops by CPU features, accurate to an ulp or two, each its own way), so the training
# loops compute them from additions, multiplications and divisions alone (:func:`_portable_exp`), which
# IEEE 754 rounds the same way on every machine: a run's numbers depend on its settings alone.

_EXACT_BITS = 50
"""Every partial sum of an exact product is a whole number below ``2**50``: float64 holds it exactly."""


_EXP_TABLE_SIZE = 32
"""A power of two: ``32 m + j`` splits into ``m`` and ``j`` by bit operations."""
_EXP_TABLE = np.array([float(Context(prec=40).power(Decimal(2), Decimal(j) / _EXP_TABLE_SIZE))
                       for j in range(_EXP_TABLE_SIZE)])
"""``2**(j/32)`` for ``j = 0..31``, correctly rounded (decimal arithmetic is exact software, the same everywhere)."""
_LN2_HI, _LN2_LO = 0.6931471803691238, 1.9082149292705877e-10
"""``ln 2`` split so that ``k * _LN2_HI`` is exact for ``|k| < 2**20`` (Cody and Waite's range reduction)."""
_LOG2_E = 1.4426950408889634
"""``1/ln 2`` as a literal (a computed one could differ in its last bit between machines, and move ``k``)."""
_EXP_TAYLOR = tuple(1.0 / np.prod(np.arange(1.0, n + 1)) for n in range(6, 0, -1))
"""``1/6!, 1/5!, ..., 1/1!``: on ``|r| <= ln2/64`` the first omitted term, ``r**7/7!``, is below ``1e-17``."""


def _portable_exp(x: np.ndarray) -> np.ndarray:
    """``exp(x)`` to two ulps, from operations IEEE 754 rounds exactly (the same bits on every CPU).

    ``x = (32 m + j) ln2/32 + r`` with ``|r| <= ln2/64``, so ``exp(x) = 2**m 2**(j/32) exp(r)``, and ``exp(r)``
    is its Taylor polynomial of degree 6. NaN stays NaN; ``exp(-inf) = 0``, ``exp(inf) = inf``.

    >>> x = np.array([-800.0, -1.0, 0.0, 0.5, 709.0])
    >>> bool(np.allclose(_portable_exp(x), np.exp(x), rtol=1e-15)), _portable_exp(np.array([np.inf, -np.inf, np.nan]))
    (True, array([inf,  0., nan]))
    """
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        clipped = np.clip(x, -746.0, 710.0)              # a NaN stays NaN, through every step below
        k = clipped * (_EXP_TABLE_SIZE * _LOG2_E)
        np.rint(k, out=k)
        r = np.subtract(clipped, k * (_LN2_HI / _EXP_TABLE_SIZE))
        r -= k * (_LN2_LO / _EXP_TABLE_SIZE)
        polynomial = _EXP_TAYLOR[0] * r                    # Horner's scheme, in place
        for coefficient in _EXP_TAYLOR[1:]:
            polynomial += coefficient
            polynomial *= r
        polynomial += 1.0
        whole = k.astype(np.int64)                         # 32 m + j
        # 2**(j/32) exp(r) lies in [0.98, 2.03]; ldexp scales it by 2**m with one rounding (none unless subnormal)
        return np.ldexp(_EXP_TABLE[whole & (_EXP_TABLE_SIZE - 1)] * polynomial, whole >> 5)


def _portable_tanh(x: np.ndarray) -> np.ndarray:
    """``tanh(x) = 1 - 2/(exp(2x) + 1)`` with :func:`_portable_exp`: the same bits on every CPU, within ``3e-16``
    of ``tanh`` (absolute error; the relative error grows as ``x`` nears 0, which a network never notices).

    >>> bool(np.allclose(_portable_tanh(np.array([-30.0, -0.5, 0.0, 1e-3, 2.0])), np.tanh([-30.0, -0.5, 0.0, 1e-3, 2.0]), rtol=0, atol=1e-15))
    True
    """
    with np.errstate(over="ignore", under="ignore"):
        return 1.0 - 2.0 / (_portable_exp(2.0 * x) + 1.0)


def _grid_bits(terms: int) -> int:
    """Bits for each factor of products that sum ``terms`` terms: ``terms * 2**bits * 2**bits <= 2**50``."""
    return int((_EXACT_BITS - int(np.ceil(np.log2(max(terms, 1))))) // 2)


def _on_grid(values: np.ndarray, bits: int, bound: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``values`` ``(C, n, m)`` times a power of two per configuration, rounded to whole numbers of magnitude
    at most ``2**bits``; and that power of two ``(C, 1, 1)``. ``bound``, if given, is a known bound on the
    magnitudes (1 for a tanh or a softmax), which saves finding the largest."""
    if bound is None:
        top = np.abs(values.reshape(len(values), -1)).max(axis=1).reshape(-1, 1, 1)
        _, exponent = np.frexp(np.where(np.isfinite(top), top, 1.0))     # top < 2**exponent
        scale = np.ldexp(1.0, bits - exponent)
    else:
        scale = np.full((1, 1, 1), np.ldexp(1.0, bits - int(np.frexp(bound)[1])))
    scaled = values * scale
    return np.rint(scaled, out=scaled), scale


def _exact_forward(layers: list, x: np.ndarray, bits: int) -> tuple[list, list, list, np.ndarray]:
    """:func:`_forward` with exact products: activations, their grid forms, the weights' grid forms, scores."""
    activations, grids, weight_grids = [x], [_on_grid(x, bits)], []
    for index, (weights, bias) in enumerate(layers):
        weight_grids.append(_on_grid(weights, bits))
        (a_grid, a_scale), (w_grid, w_scale) = grids[-1], weight_grids[-1]
        pre = _times(a_grid, w_grid) / (a_scale * w_scale) + bias[:, None, :]
        if index == len(layers) - 1:
            return activations, grids, weight_grids, pre
        activations.append(_portable_tanh(pre))
        grids.append(_on_grid(activations[-1], bits, bound=1.0))
    raise AssertionError("unreachable: a network has an output layer")


def _exact_backward(layers: list, activations: list, grids: list, weight_grids: list, delta: np.ndarray,
                    bits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`_backward` with exact products, from ``delta = softmax - onehot`` (entries in [-1, 1])."""
    out, delta_grid = [], _on_grid(delta, bits, bound=1.0)
    for index in range(len(layers) - 1, -1, -1):
        (a_grid, a_scale), (d_grid, d_scale) = grids[index], delta_grid
        out.append((_transposed_times(a_grid, d_grid) / (a_scale * d_scale), delta.sum(axis=1)))
        if index:
            w_grid, w_scale = weight_grids[index]
            back = _times(d_grid, np.swapaxes(w_grid, -1, -2)) / (d_scale * w_scale)
            delta = back * (1.0 - activations[index] ** 2)
            delta_grid = _on_grid(delta, bits)
    return out[::-1]


def _exact_scores(theta: np.ndarray, sizes: tuple[int, ...], x: np.ndarray) -> np.ndarray:
    """Class scores with exact products (the training loops' evaluation)."""
    return _exact_forward(_layers(theta, sizes), x, _grid_bits(max(sizes)))[3]


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def _cross_entropy(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``-log softmax(z)_y`` per example, computed stably: ``logsumexp(z) - z_y``."""
    top = scores.max(axis=-1, keepdims=True)
    log_total = np.log(np.exp(scores - top).sum(axis=-1)) + top[..., 0]
    return log_total - np.take_along_axis(scores, np.broadcast_to(y, scores.shape[:-1])[..., None], axis=-1)[..., 0]


def _one_hot(y: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.broadcast_to(np.eye(shape[-1])[y], shape)


def _cross_entropy_and_softmax(scores: np.ndarray, y: np.ndarray, exponential=np.exp) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_cross_entropy`, :func:`_softmax` and the one-hot labels at once, sharing the exponentials
    (the same operations, so the same numbers, as the two functions, with ``exponential`` = ``np.exp``)."""
    top = scores.max(axis=-1, keepdims=True)
    exp = exponential(scores - top)
    total = exp.sum(axis=-1, keepdims=True)
    hot = _one_hot(y, scores.shape)
    losses = (np.log(total[..., 0]) + top[..., 0]) - np.sum(scores * hot, axis=-1)
    return losses, exp / total, hot


def _backward(layers: list, activations: list, output_delta: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients ``(dW, db)`` per layer, from the loss's derivative with respect to the scores ``(C, n, K)``."""
    grads, delta = [], output_delta
    for index in range(len(layers) - 1, -1, -1):
        a_in = activations[index]
        grads.append((_transposed_times(a_in, delta), delta.sum(axis=1)))
        if index:
            delta = _times(delta, np.swapaxes(layers[index][0], -1, -2)) * (1.0 - a_in**2)
    return grads[::-1]


def _flatten(grads: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    n = grads[0][0].shape[0]
    return np.concatenate([piece.reshape(n, -1) for pair in grads for piece in pair], axis=1)


def _loss_and_gradient(theta: np.ndarray, sizes: tuple[int, ...], x: np.ndarray, y: np.ndarray,
                       scale: float | np.ndarray, lam: np.ndarray, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Reduced loss ``(C,)`` and gradient ``(C, P)``: ``scale`` (one, or one per configuration) is 1 for
    sum(), 1/n for mean(). The summed gradient is computed first and multiplied by ``scale`` at the end, so
    that sum() and mean() share every intermediate number. ``exact``: exact products (the training loops)."""
    layers = _layers(theta, sizes)
    if exact:
        bits = _grid_bits(max(x.shape[1], *sizes))
        activations, grids, weight_grids, scores = _exact_forward(layers, x, bits)
    else:
        activations, scores = _forward(layers, x)
    losses, probabilities, hot = _cross_entropy_and_softmax(scores, y, _portable_exp if exact else np.exp)
    delta = probabilities - hot
    grads = (_exact_backward(layers, activations, grids, weight_grids, delta, bits) if exact
             else _backward(layers, activations, delta))
    scale = np.reshape(np.asarray(scale, dtype=float), (-1, 1))
    gradient = scale * _flatten(grads)
    if np.any(lam):
        gradient += 2.0 * lam[:, None] * theta
    return scale[:, 0] * losses.sum(axis=-1) + lam * np.sum(theta**2, axis=-1), gradient


def _hvp(theta: np.ndarray, sizes: tuple[int, ...], x: np.ndarray, y: np.ndarray, vector: np.ndarray, scale: float,
         lam: np.ndarray) -> np.ndarray:
    """``H v`` for flat ``theta`` and ``vector`` ``(C, P)``, by the R-operator (forward and backward passes
    differentiated along ``v``)."""
    layers, directions = _layers(theta, sizes), _layers(vector, sizes)
    activations, scores = _forward(layers, x)
    # R-forward: the change of every hidden activation along v (none for the inputs).
    r_act = [None]
    for k, ((weights, _), (v_weights, v_bias)) in enumerate(zip(layers[:-1], directions[:-1])):
        r_pre = _times(activations[k], v_weights) + v_bias[:, None, :]
        if k:
            r_pre = r_pre + _times(r_act[k], weights)
        r_act.append((1.0 - activations[k + 1] ** 2) * r_pre)
    (w_out, _), (v_w_out, v_b_out) = layers[-1], directions[-1]
    r_scores = _times(activations[-1], v_w_out) + v_b_out[:, None, :] + _times(r_act[-1], w_out)
    probs = _softmax(scores)
    delta = (probs - _one_hot(y, scores.shape)) * scale
    r_delta = scale * (probs * r_scores - probs * np.sum(probs * r_scores, axis=-1, keepdims=True))
    out = []
    for index in range(len(layers) - 1, -1, -1):
        a_in, r_in = activations[index], r_act[index]
        r_weights = _transposed_times(a_in, r_delta)
        if index:
            r_weights = r_weights + _transposed_times(r_in, delta)
        out.append((r_weights, r_delta.sum(axis=1)))
        if index:
            weights, v_weights = layers[index][0], directions[index][0]
            back = _times(delta, np.swapaxes(weights, -1, -2))
            r_back = _times(r_delta, np.swapaxes(weights, -1, -2)) + _times(delta, np.swapaxes(v_weights, -1, -2))
            slope = 1.0 - a_in**2
            r_delta, delta = r_back * slope - back * 2.0 * a_in * r_in, back * slope
    return _flatten(out[::-1]) + 2.0 * lam[:, None] * vector


# --- public functions --------------------------------------------------------------------------------

def network_scores(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray) -> np.ndarray:
    """The class scores (logits) ``z`` of every example: shape ``S + (n, K)``.

    >>> theta = initial_parameters((2, 3, 2), seed=0)
    >>> network_scores(theta, (2, 3, 2), np.zeros((4, 2)))       # zero inputs, zero biases: zero scores
    array([[0., 0.],
           [0., 0.],
           [0., 0.],
           [0., 0.]])
    """
    x = check_real_array(features, "features")
    dummy = np.zeros(x.shape[:-1], dtype=np.int64) if x.ndim >= 1 else 0
    sizes, theta, x, _, shape = _check_inputs(parameters, layer_sizes, features, dummy)
    _check_network_work(sizes, len(theta), x.shape[1], 0.3, "network scores")
    _, scores = _forward(_layers(theta, sizes), x)
    return scores.reshape(shape + scores.shape[-2:])


def network_losses(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray,
                   labels: np.ndarray) -> np.ndarray:
    """Per-example cross-entropy losses ``-log softmax(z)_y``: shape ``S + (n,)``.

    >>> theta = initial_parameters((2, 3, 4), seed=0)
    >>> network_losses(theta, (2, 3, 4), np.zeros((1, 2)), np.array([3])).round(4)   # equal scores: log 4
    array([1.3863])
    """
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    _check_network_work(sizes, len(theta), x.shape[1], 0.3, "per-example losses")
    _, scores = _forward(_layers(theta, sizes), x)
    return _cross_entropy(scores, y).reshape(shape + scores.shape[-2:-1])


def network_loss(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray, labels: np.ndarray,
                 reduction: str, *, l2: float | np.ndarray = 0.0) -> np.ndarray | float:
    """The batch loss ``reduce_i l_i + l2 * |theta|^2`` with ``reduce`` the sum or the mean: shape ``S``.

    >>> theta = initial_parameters((2, 3, 4), seed=0)
    >>> X, y = np.zeros((8, 2)), np.zeros(8, dtype=int)
    >>> round(float(network_loss(theta, (2, 3, 4), X, y, "sum") / network_loss(theta, (2, 3, 4), X, y, "mean")), 12)
    8.0
    """
    reduction = _check_reduction(reduction)
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    lam = _check_l2(l2, shape)
    _check_network_work(sizes, len(theta), x.shape[1], 0.3, "the loss")
    _, scores = _forward(_layers(theta, sizes), x)
    scale = 1.0 if reduction == "sum" else 1.0 / x.shape[1]
    value = scale * _cross_entropy(scores, y).sum(axis=-1) + lam * np.sum(theta**2, axis=-1)
    return value.reshape(shape) if shape else float(value[0])


def network_gradient(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray, labels: np.ndarray,
                     reduction: str, *, l2: float | np.ndarray = 0.0) -> np.ndarray:
    """The gradient of :func:`network_loss` with respect to the parameters, by backpropagation: shape ``S + (P,)``.

    With ``delta = dl/dz = softmax(z) - onehot(y)`` at the output, ``dl/dW_l = a_{l-1}^T delta_l`` and
    ``delta_{l-1} = (delta_l W_l^T) * (1 - a_{l-1}^2)``; the reduction multiplies every example's term by 1
    (sum) or ``1/n`` (mean), and the penalty adds ``2 l2 theta``.

    >>> theta = initial_parameters((2, 3, 4), seed=1)
    >>> X, y = np.ones((8, 2)), np.arange(8) % 4
    >>> g_sum = network_gradient(theta, (2, 3, 4), X, y, "sum")
    >>> g_mean = network_gradient(theta, (2, 3, 4), X, y, "mean")
    >>> bool(np.allclose(g_sum, 8 * g_mean, rtol=1e-12, atol=0))
    True
    """
    reduction = _check_reduction(reduction)
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    lam = _check_l2(l2, shape)
    _check_network_work(sizes, len(theta), x.shape[1], 1.0, "the gradient")
    _, gradient = _loss_and_gradient(theta, sizes, x, y, 1.0 if reduction == "sum" else 1.0 / x.shape[1], lam)
    return gradient.reshape(shape + gradient.shape[-1:])


def hessian_vector_product(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray,
                           labels: np.ndarray, vector: np.ndarray, reduction: str, *,
                           l2: float | np.ndarray = 0.0) -> np.ndarray:
    """``H v``: the Hessian of :func:`network_loss` times ``vector``, exactly: shape ``S + (P,)``.

    ``H v = d/dt grad L(theta + t v)`` at ``t = 0``, computed by differentiating the forward and backward
    passes along ``v`` (the R-operator); about three gradients' work, and no ``P x P`` matrix.

    >>> theta = initial_parameters((2, 3, 4), seed=1)
    >>> X, y = np.ones((8, 2)), np.arange(8) % 4
    >>> v = np.ones_like(theta)
    >>> h = 1e-6
    >>> numeric = (network_gradient(theta + h * v, (2, 3, 4), X, y, "mean")
    ...            - network_gradient(theta - h * v, (2, 3, 4), X, y, "mean")) / (2 * h)
    >>> bool(np.allclose(hessian_vector_product(theta, (2, 3, 4), X, y, v, "mean"), numeric, atol=1e-7))
    True
    """
    reduction = _check_reduction(reduction)
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    v = check_real_array(vector, "vector")
    if v.ndim < 1 or v.shape[-1] != theta.shape[-1]:
        raise ValueError(f"vector must end in one entry per parameter ({theta.shape[-1]}), got shape {v.shape}")
    try:
        full = np.broadcast_shapes(shape, v.shape[:-1])
    except ValueError:
        raise ValueError(f"vector must broadcast against the configurations {shape}, got shape {v.shape}") from None
    if full != shape:   # more vectors than parameter sets: each vector at the same parameters
        theta = np.broadcast_to(theta.reshape(shape + theta.shape[-1:]), full + theta.shape[-1:]).reshape(-1, theta.shape[-1])
        if len(x) > 1:
            x = np.broadcast_to(x.reshape(shape + x.shape[-2:]), full + x.shape[-2:]).reshape(-1, *x.shape[-2:])
            y = np.broadcast_to(y.reshape(shape + y.shape[-1:]), full + y.shape[-1:]).reshape(-1, y.shape[-1])
        shape = full
    lam = _check_l2(l2, shape)
    v = np.broadcast_to(v, shape + v.shape[-1:]).reshape(-1, v.shape[-1])
    _check_network_work(sizes, len(theta), x.shape[1], 1.5, "Hessian-vector products")
    product = _hvp(theta, sizes, x, y, v, 1.0 if reduction == "sum" else 1.0 / x.shape[1], lam)
    return product.reshape(shape + product.shape[-1:])


def gradient_statistics(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray,
                        labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The exact ``|G|^2`` and ``tr(Sigma)`` of a data set at ``parameters`` (no penalty): each of shape ``S``.

    ``G`` is the mean of the per-example gradients ``g_i`` and ``Sigma`` their covariance (normalized by
    ``n``), so ``tr(Sigma) = mean_i |g_i|^2 - |G|^2``. A weight gradient of one example is an outer
    product ``a^T delta``, whose squared norm is ``|a|^2 |delta|^2``: the per-example norms need no
    per-example gradient. ``B_simple = tr(Sigma) / |G|^2`` (McCandlish et al., arXiv:1812.06162, §2.2).

    >>> theta = initial_parameters((2, 3, 4), seed=1)
    >>> X, y = np.ones((8, 2)), np.zeros(8, dtype=int)        # eight identical examples: no noise
    >>> g2, trace = gradient_statistics(theta, (2, 3, 4), X, y)
    >>> bool(g2 > 0), bool(abs(trace) < 1e-12)
    (True, True)
    """
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    _check_network_work(sizes, len(theta), x.shape[1], 1.0, "gradient statistics")
    layers = _layers(theta, sizes)
    activations, scores = _forward(layers, x)
    delta = _softmax(scores) - _one_hot(y, scores.shape)
    n = x.shape[1]
    squared = np.zeros(delta.shape[:2])
    mean_parts = []
    for index in range(len(layers) - 1, -1, -1):
        a_in = activations[index]
        delta_norm = np.sum(delta**2, axis=-1)
        squared = squared + (np.sum(a_in**2, axis=-1) + 1.0) * delta_norm     # |a|^2 |delta|^2 + |delta|^2 (bias)
        mean_parts += [_transposed_times(a_in, delta).reshape(len(delta), -1) / n, delta.mean(axis=1)]
        if index:
            delta = _times(delta, np.swapaxes(layers[index][0], -1, -2)) * (1.0 - a_in**2)
    g2 = sum(np.sum(part**2, axis=-1) for part in mean_parts)
    trace = squared.mean(axis=1) - g2
    return g2.reshape(shape), trace.reshape(shape)


def central_differences(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray, labels: np.ndarray,
                        reduction: str, *, coordinates: np.ndarray, step: float = 1e-6,
                        l2: float = 0.0) -> np.ndarray:
    """Partial derivatives of :func:`network_loss` by central differences, for one parameter vector.

    ``(L(theta + h e_k) - L(theta - h e_k)) / 2h`` for each ``k`` in ``coordinates``, computed from the loss
    alone; its error is of order ``h^2`` plus rounding of order ``1e-16 L / h``. Returns shape ``(len(coordinates),)``.

    >>> theta = initial_parameters((2, 3, 4), seed=1)
    >>> X, y = np.ones((8, 2)), np.arange(8) % 4
    >>> numeric = central_differences(theta, (2, 3, 4), X, y, "mean", coordinates=np.array([0, 5, 20]))
    >>> bool(np.allclose(numeric, network_gradient(theta, (2, 3, 4), X, y, "mean")[[0, 5, 20]], atol=1e-8))
    True
    """
    reduction = _check_reduction(reduction)
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    if shape != ():
        raise ValueError(f"parameters must be one parameter vector of {theta.shape[-1]} entries, got shape {np.shape(parameters)}")
    index = np.asarray(coordinates) if not isinstance(coordinates, (str, bytes)) and coordinates is not None else np.asarray([])
    if (index.ndim != 1 or index.size == 0 or index.dtype == bool or not np.issubdtype(index.dtype, np.integer)
            or np.any(index < 0) or np.any(index >= theta.shape[-1])):
        raise ValueError(f"coordinates must be a non-empty 1-D array of parameter indices from 0 to {theta.shape[-1] - 1}, "
                         f"got {_show(coordinates)}")
    step = check_real(step, "step", positive=True, largest=1.0)
    lam = _check_l2(l2, ())
    _check_network_work(sizes, 2 * index.size, x.shape[1], 0.3, "central differences")
    shifts = np.zeros((2 * index.size, theta.shape[-1]))
    shifts[np.arange(index.size), index] = step
    shifts[index.size + np.arange(index.size), index] = -step
    points = theta + shifts
    _, scores = _forward(_layers(points, sizes), x)
    scale = 1.0 if reduction == "sum" else 1.0 / x.shape[1]
    values = scale * _cross_entropy(scores, y).sum(axis=-1) + lam[0] * np.sum(points**2, axis=-1)
    return (values[:index.size] - values[index.size:]) / (2 * step)
