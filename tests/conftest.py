"""Shared fixtures: small seeded data sets."""

import numpy as np
import pytest

import helpers


@pytest.fixture
def classification():
    features, labels = helpers.make_two_gaussians(64, seed=3)
    return helpers.add_bias_column(features), labels


@pytest.fixture
def regression():
    features, targets, _ = helpers.make_linear_regression(64, 3, seed=4)
    return features, targets


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


# The browser tests and the latency benchmark share tests/jupyterlab_driver.py.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from jupyterlab_driver import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
