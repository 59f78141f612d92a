"""The shipped digits data set: the file is the one scikit-learn ships, and it matches UCI's description."""

import hashlib
from importlib.resources import files

import numpy as np
import pytest

from helpers.digits import DIGITS_FILE, N_DIGITS, load_digits, split_digits

SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
"""scikit-learn 1.9.1's sklearn/datasets/data/digits.csv.gz (also in helpers/datasets/README.md)."""
UCI_TEST_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
"""UCI optdigits.names, "Class: No of examples in testing set", digits 0 to 9."""


def test_the_file_is_the_published_one_and_small():
    data = files("helpers").joinpath(DIGITS_FILE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256
    assert len(data) < 100_000


def test_contents_match_the_description():
    pixels, digits = load_digits()
    assert pixels.shape == (N_DIGITS, 64) and digits.shape == (N_DIGITS,)
    assert np.bincount(digits).tolist() == UCI_TEST_COUNTS and sum(UCI_TEST_COUNTS) == N_DIGITS
    assert pixels.dtype == np.float64 and np.all(pixels == np.round(pixels)) and pixels.min() == 0 and pixels.max() == 16
    # each image is a digit: the first one is a 0, drawn as a ring (the centre darker than its rim)
    first = pixels[0].reshape(8, 8)
    assert digits[0] == 0 and first[3:5, 3:5].mean() < first[1:7, 1:7].mean()


def test_load_returns_fresh_arrays():
    a, _ = load_digits()
    a[0, 0] = -1.0
    b, _ = load_digits()
    assert b[0, 0] == 0.0


def test_split_is_seeded_scaled_and_complete():
    X, y, X_test, y_test = split_digits(1024, seed=0)
    assert X.shape == (1024, 64) and X_test.shape == (773, 64) and X.max() == 1.0 and X.min() == 0.0
    pixels, digits = load_digits()
    together = np.concatenate([X, X_test]) * 16
    assert sorted(map(tuple, together)) == sorted(map(tuple, pixels))            # every image, once
    assert np.bincount(np.concatenate([y, y_test])).tolist() == UCI_TEST_COUNTS
    again = split_digits(1024, seed=0)
    np.testing.assert_array_equal(again[0], X)
    assert not np.array_equal(split_digits(1024, seed=1)[0], X)


@pytest.mark.parametrize("n_train", [0, N_DIGITS, 1.5])
def test_bad_split_is_named(n_train):
    with pytest.raises((TypeError, ValueError), match="n_train"):
        split_digits(n_train)
