"""Gradient accumulation over micro-batches of padded sequences: how much each token counts.

An accumulated batch holds ``n`` sequences of different lengths ``n_1, ..., n_n`` (valid tokens;
the rest is padding, masked out). It is cut into ``M`` micro-batches of ``n / M`` sequences; each
micro-batch's loss is reduced, its gradient added to the running sum, and one step is taken at the
end. Every scheme below is a weighted sum of the token values ``v_it`` (losses or gradients),
``sum_i w_i sum_{t <= n_i} v_it``, and differs only in the weight ``w_i`` a token of sequence ``i``
gets (``c_m`` is the number of valid tokens in micro-batch ``m``):

==============================  ==========================  =============================================
scheme                          weight ``w_i``               what it is
==============================  ==========================  =============================================
``token mean``                  ``1 / sum_j n_j``            the mean over every valid token of the
                                                             accumulated batch: the full-batch loss
``mean of micro-batch means``   ``1 / (M c_m)``              each micro-batch's token mean, then divided
                                                             by ``M``: right only if every ``c_m`` is equal
``sum of micro-batch means``    ``1 / c_m``                  the same, without dividing by ``M``:
                                                             ``M`` times too large on average
``sequence mean``               ``1 / (n n_i)``              each sequence's token mean, averaged over
                                                             sequences: a different loss, on purpose or not
``mean of sequence sums``       ``1 / n``                    each sequence's summed loss, averaged over
                                                             sequences: ``mean()`` over examples whose loss
                                                             is a sum over ``D`` outputs
==============================  ==========================  =============================================

With equal lengths ``D`` (pixels, or tokens without padding), ``token mean`` is the mean over
``B x D`` outputs and ``mean of sequence sums`` is ``D`` times it.
"""

from __future__ import annotations

import numpy as np

from ._validation import (BYTES_PER_FLOAT, check_bool, check_choice, check_positive_int, check_positive_int_array,
                          check_real, check_real_array, check_seed, check_work)
from .data import make_linear_regression

ACCUMULATION_SCHEMES = ("token mean", "mean of micro-batch means", "sum of micro-batch means", "sequence mean",
                        "mean of sequence sums")
"""Names accepted by ``scheme``."""


def sequence_lengths(n_sequences: int, mean_length: int, spread: float, *, seed: int = 0) -> np.ndarray:
    """Seeded sequence lengths, uniform integers from ``mean_length (1 - spread)`` to ``mean_length (1 + spread)``.

    ``spread = 0`` gives every sequence ``mean_length`` tokens; every length is at least 1.

    Examples
    --------
    >>> sequence_lengths(4, 10, 0.0)
    array([10, 10, 10, 10])
    >>> lengths = sequence_lengths(1000, 10, 0.5, seed=1)
    >>> int(lengths.min()), int(lengths.max())
    (5, 15)
    """
    n_sequences = check_positive_int(n_sequences, "n_sequences")
    mean_length = check_positive_int(mean_length, "mean_length")
    spread = check_real(spread, "spread", nonnegative=True)
    seed = check_seed(seed)
    check_work(f"drawing {n_sequences} sequence lengths", reduce="n_sequences", memory=n_sequences * BYTES_PER_FLOAT)
    if spread >= 1:
        raise ValueError(f"spread must be below 1 (a sequence needs at least one token), got {spread}")
    low = max(1, int(round(mean_length * (1 - spread))))
    high = int(round(mean_length * (1 + spread)))
    return np.random.default_rng(seed).integers(low, high + 1, size=n_sequences)


def padding_mask(lengths: np.ndarray, max_length: int | None = None) -> np.ndarray:
    """The boolean mask of valid tokens, shape ``(n_sequences, max_length)``: ``mask[i, t] = t < n_i``.

    Examples
    --------
    >>> padding_mask([1, 3]).astype(int)
    array([[1, 0, 0],
           [1, 1, 1]])
    """
    lengths = check_positive_int_array(lengths, "lengths")
    if lengths.ndim != 1:
        raise ValueError(f"lengths must be 1-D (one length per sequence), got shape {lengths.shape}")
    longest = int(lengths.max())
    max_length = longest if max_length is None else check_positive_int(max_length, "max_length")
    if max_length < longest:
        raise ValueError(f"max_length must be at least the longest of lengths ({longest}), got {max_length}")
    check_work(f"a padding mask of {lengths.size} x {max_length} tokens", reduce="lengths or max_length",
               memory=lengths.size * max_length * BYTES_PER_FLOAT)
    return np.arange(max_length) < lengths[:, None]


def micro_batch_token_counts(lengths: np.ndarray, n_micro_batches: int) -> np.ndarray:
    """Valid tokens in each of the ``M`` micro-batches of consecutive, equally many sequences.

    Examples
    --------
    >>> micro_batch_token_counts([2, 4, 6, 8], 2)
    array([ 6, 14])
    """
    lengths = check_positive_int_array(lengths, "lengths")
    if lengths.ndim != 1:
        raise ValueError(f"lengths must be 1-D (one length per sequence), got shape {lengths.shape}")
    n_micro_batches = check_positive_int(n_micro_batches, "n_micro_batches", maximum=lengths.size,
                                         what=" (the number of sequences: the entries of lengths)")
    if lengths.size % n_micro_batches:
        raise ValueError(f"the number of sequences ({lengths.size}, the entries of lengths) must be a multiple of "
                         f"n_micro_batches ({n_micro_batches})")
    return lengths.reshape(n_micro_batches, -1).sum(axis=1)


def token_weights(lengths: np.ndarray, n_micro_batches: int, scheme: str) -> np.ndarray:
    """The weight ``w_i`` each valid token of sequence ``i`` gets under ``scheme`` (see the module's table).

    Examples
    --------
    >>> token_weights([1, 3], 2, "token mean")
    array([0.25, 0.25])
    >>> token_weights([1, 3], 2, "mean of micro-batch means")   # the short sequence's token counts 3 times more
    array([0.5       , 0.16666667])
    """
    check_choice(scheme, "scheme", ACCUMULATION_SCHEMES)
    lengths = check_positive_int_array(lengths, "lengths")
    counts = micro_batch_token_counts(lengths, n_micro_batches)
    per_sequence_count = np.repeat(counts, lengths.size // n_micro_batches).astype(float)
    n = lengths.size
    if scheme == "token mean":
        return np.full(n, 1.0 / lengths.sum())
    if scheme == "mean of micro-batch means":
        return 1.0 / (n_micro_batches * per_sequence_count)
    if scheme == "sum of micro-batch means":
        return 1.0 / per_sequence_count
    if scheme == "sequence mean":
        return 1.0 / (n * lengths)
    return np.full(n, 1.0 / n)


def accumulate(token_values: np.ndarray, lengths: np.ndarray, n_micro_batches: int, scheme: str, *,
               vectors: bool = False) -> np.ndarray:
    """The accumulated loss or gradient ``sum_i w_i sum_{t < n_i} v_it``; padding is ignored.

    Parameters
    ----------
    token_values : array of shape (..., n_sequences, T), or (..., n_sequences, T, d) with ``vectors=True``
        Per-token losses, or per-token gradients (last axis ``d``); leading axes are independent
        batches; ``T`` is at least the longest length. Values at padded positions are ignored.
    lengths : int array of shape (n_sequences,)
    n_micro_batches : int
        ``M``; the sequences are cut into ``M`` consecutive micro-batches of equal size.
    scheme : one of :data:`ACCUMULATION_SCHEMES`
    vectors : bool
        Whether the last axis of ``token_values`` is a gradient's coordinates.

    Examples
    --------
    >>> losses = np.array([[4.0, 99.0, 99.0], [1.0, 2.0, 3.0]])   # 99 is padding
    >>> float(accumulate(losses, [1, 3], 2, "token mean")), float(accumulate(losses, [1, 3], 2, "mean of micro-batch means"))
    (2.5, 3.0)
    """
    values = check_real_array(token_values, "token_values")
    lengths = check_positive_int_array(lengths, "lengths")
    vectors = check_bool(vectors, "vectors")
    weights = token_weights(lengths, n_micro_batches, scheme)
    token_axes = values.shape[-3:-1] if vectors else values.shape[-2:]
    if len(token_axes) != 2 or token_axes[0] != lengths.size or token_axes[1] < lengths.max():
        raise ValueError(f"token_values must have shape (..., n_sequences, T{', d' if vectors else ''}) with vectors={vectors}, "
                         f"n_sequences = {lengths.size} (the entries of lengths) and T >= the longest of lengths "
                         f"({lengths.max()}), got shape {values.shape}")
    per_token = weights[:, None] * padding_mask(lengths, token_axes[1])
    if vectors:
        return np.einsum("...itd,it->...d", values, per_token)
    reduced = np.einsum("...it,it->...", values, per_token)
    return float(reduced) if reduced.ndim == 0 else reduced


def relative_error(estimate: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """``|estimate - reference| / |reference|`` over the last axis (a gradient's norm), batch by batch.

    >>> relative_error(np.array([3.0, 4.0]) * 1.1, np.array([3.0, 4.0])).round(12)
    np.float64(0.1)
    """
    estimate = check_real_array(estimate, "estimate")
    reference = check_real_array(reference, "reference")
    if reference.ndim == 0 or estimate.shape != reference.shape:
        raise ValueError(f"estimate and reference must be gradients (last axis: coordinates) of the same shape, "
                         f"got shapes {estimate.shape} and {reference.shape}")
    scale = np.linalg.norm(reference, axis=-1)
    if np.any(scale == 0):
        raise ValueError("reference must not be a zero gradient: the relative error to 0 is undefined")
    return np.linalg.norm(estimate - reference, axis=-1) / scale


def token_gradients(n_batches: int, n_sequences: int, max_length: int, n_features: int = 3, *, seed: int = 0) -> np.ndarray:
    """Per-token gradients of a least-squares model, shape ``(n_batches, n_sequences, max_length, d)``.

    Each token is an example of a seeded linear regression (see
    :func:`helpers.data.make_linear_regression`), scored at ``w = 0`` so its gradient ``-y x`` is not zero.
    Apply a padding mask (:func:`accumulate` does) to keep only the valid tokens.

    Examples
    --------
    >>> token_gradients(2, 4, 3).shape
    (2, 4, 3, 3)
    """
    n_batches = check_positive_int(n_batches, "n_batches")
    n_sequences = check_positive_int(n_sequences, "n_sequences")
    max_length = check_positive_int(max_length, "max_length")
    n_features = check_positive_int(n_features, "n_features")
    check_work(f"{n_batches * n_sequences * max_length} tokens of {n_features} features",
               reduce="n_batches, n_sequences, max_length or n_features",
               memory=3 * n_batches * n_sequences * max_length * (n_features + 1) * BYTES_PER_FLOAT)
    features, targets, _ = make_linear_regression(n_batches * n_sequences * max_length, n_features, noise=1.0, seed=seed)
    return (-targets[:, None] * features).reshape(n_batches, n_sequences, max_length, n_features)


def accumulation_error(gradients: np.ndarray, lengths: np.ndarray, n_micro_batches: int, scheme: str) -> np.ndarray:
    """Relative error of the accumulated gradient under ``scheme`` against the token mean, per batch.

    ``gradients`` has shape (..., n_sequences, T, d), as :func:`token_gradients` gives.

    Examples
    --------
    >>> g = token_gradients(3, 4, 2)
    >>> bool(accumulation_error(g, [2, 2, 2, 2], 4, "mean of micro-batch means").max() < 1e-12)   # equal lengths: exact
    True
    >>> accumulation_error(g, [2, 2, 2, 2], 4, "sum of micro-batch means").round(12)   # M times too large
    array([3., 3., 3.])
    """
    lengths = check_positive_int_array(lengths, "lengths")
    gradients = check_real_array(gradients, "gradients")
    if gradients.ndim < 3 or gradients.shape[-3] != lengths.size or gradients.shape[-2] < lengths.max():
        raise ValueError(f"gradients must have shape (..., n_sequences, T, d) with n_sequences = {lengths.size} and "
                         f"T >= the longest of lengths ({lengths.max()}), got shape {gradients.shape}")
    reference = accumulate(gradients, lengths, n_micro_batches, "token mean", vectors=True)
    if np.any(np.linalg.norm(reference, axis=-1) == 0):
        raise ValueError("gradients must not sum to zero over a batch's tokens: the relative error to a zero "
                         "token-mean gradient is undefined")
    return relative_error(accumulate(gradients, lengths, n_micro_batches, scheme, vectors=True), reference)
