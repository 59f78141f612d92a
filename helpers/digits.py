"""The 8 x 8 handwritten digits: a small real data set, stored in the repository and read from disk.

``helpers/datasets/digits.csv.gz`` is the test partition of the UCI *Optical Recognition of Handwritten
Digits* data set (E. Alpaydin and C. Kaynak, 1998, doi:10.24432/C50P49, CC BY 4.0), as scikit-learn
ships it: 1,797 rows of 64 pixel counts (0 to 16, an 8 x 8 image read row by row) and the digit (0 to
9). ``helpers/datasets/README.md`` gives its source, licence, citation and checksum. Nothing is
downloaded: the file is part of the course.
"""

from __future__ import annotations

import gzip
from importlib.resources import files

import numpy as np

from ._validation import check_positive_int, check_seed

__all__ = ["DIGITS_FILE", "N_DIGITS", "load_digits", "split_digits"]

DIGITS_FILE = "datasets/digits.csv.gz"
"""Where the data set sits inside the ``helpers`` package."""

N_DIGITS = 1797
"""Images in the data set (UCI's optdigits.tes)."""


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 images and their digits, in the file's order.

    Returns
    -------
    pixels : float array of shape (1797, 64)
        Each row an 8 x 8 image read row by row; every value a count of inked pixels, 0 to 16.
    digits : int array of shape (1797,)
        The digit each image shows, 0 to 9.

    Examples
    --------
    >>> pixels, digits = load_digits()
    >>> pixels.shape, float(pixels.min()), float(pixels.max()), np.bincount(digits).tolist()
    ((1797, 64), 0.0, 16.0, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    """
    with files("helpers").joinpath(DIGITS_FILE).open("rb") as stream, gzip.open(stream, "rt") as text:
        table = np.loadtxt(text, delimiter=",", dtype=np.int64)
    if table.shape != (N_DIGITS, 65):   # a damaged or replaced file: say so, not a confusing error later
        raise ValueError(f"{DIGITS_FILE} must hold {N_DIGITS} rows of 65 numbers, got shape {table.shape}")
    return table[:, :64].astype(np.float64), table[:, 64]


def split_digits(n_train: int, *, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A seeded random split into ``n_train`` training images and the rest, pixels scaled to [0, 1].

    Pixels are divided by 16, their largest value, so that a network's inputs are of unit scale.

    Returns
    -------
    train_features, train_digits, test_features, test_digits

    Examples
    --------
    >>> X, y, X_test, y_test = split_digits(1536, seed=0)
    >>> X.shape, X_test.shape, float(X.max())
    ((1536, 64), (261, 64), 1.0)
    """
    n_train = check_positive_int(n_train, "n_train", maximum=N_DIGITS - 1, what=" (1,797 images, at least one kept for testing)")
    seed = check_seed(seed)
    pixels, digits = load_digits()
    order = np.random.default_rng(seed).permutation(N_DIGITS)
    features = pixels[order] / 16.0
    return features[:n_train], digits[order][:n_train], features[n_train:], digits[order][n_train:]
