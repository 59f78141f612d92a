"""The network of helpers.network: its gradients and Hessian-vector products against finite differences,
the exact products of the training loops, the noise statistics, over generated shapes (hypothesis).

The same quantities against torch.autograd: tests/test_network_torch.py.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.network import (N_CLASSES, _exact_backward, _exact_forward, _grid_bits, _layers, _loss_and_gradient, _on_grid,
                             _portable_exp, _portable_tanh, _softmax, _one_hot, central_differences, gradient_statistics, hessian_vector_product,
                             initial_parameters, network_gradient, network_loss, network_losses, network_scores,
                             parameter_count)

QUICK = settings(max_examples=25, deadline=None, derandomize=True, database=None)
SIZES = [(5, 4, 3), (5, 4, 6, 3)]          # one and two hidden layers


def problem(sizes, n=7, seed=0, configs=()):
    rng = np.random.default_rng(seed)
    theta = 0.7 * rng.standard_normal(configs + (parameter_count(sizes),))
    return theta, rng.normal(size=(n, sizes[0])), rng.integers(0, sizes[-1], n)


def numeric_gradient(theta, sizes, X, y, reduction, l2=0.0, h=1e-6):
    out = np.empty_like(theta)
    for k in range(theta.size):
        step = np.zeros_like(theta)
        step[k] = h
        out[k] = (network_loss(theta + step, sizes, X, y, reduction, l2=l2)
                  - network_loss(theta - step, sizes, X, y, reduction, l2=l2)) / (2 * h)
    return out


def test_parameter_count_and_layout():
    assert parameter_count((64, 16, 10)) == 64 * 16 + 16 + 16 * 10 + 10 == 1210
    assert parameter_count((64, 16, 16, 10)) == 1210 + 16 * 16 + 16
    theta = initial_parameters((3, 4, 2), seed=1)
    (w1, b1), (w2, b2) = _layers(theta[None], (3, 4, 2))
    assert w1.shape == (1, 3, 4) and b1.shape == (1, 4) and w2.shape == (1, 4, 2) and b2.shape == (1, 2)
    np.testing.assert_array_equal(np.concatenate([w1.ravel(), b1.ravel(), w2.ravel(), b2.ravel()]), theta)


def test_initial_parameters_are_lecun_normal():
    theta = initial_parameters((400, 300, 10), seed=3)
    (w1, b1), (w2, b2) = _layers(theta[None], (400, 300, 10))
    assert np.all(b1 == 0) and np.all(b2 == 0)
    assert w1.var() == pytest.approx(1 / 400, rel=0.02) and w2.var() == pytest.approx(1 / 300, rel=0.05)
    np.testing.assert_array_equal(theta, initial_parameters((400, 300, 10), seed=3))
    assert not np.array_equal(theta, initial_parameters((400, 300, 10), seed=4))


def test_losses_are_the_cross_entropy_of_the_softmax():
    theta, X, y = problem((5, 4, 3))
    scores = network_scores(theta, (5, 4, 3), X)
    probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(network_losses(theta, (5, 4, 3), X, y), -np.log(probabilities[np.arange(7), y]), rtol=1e-12)
    assert network_loss(theta, (5, 4, 3), X, y, "sum") == pytest.approx(7 * network_loss(theta, (5, 4, 3), X, y, "mean"), rel=1e-12)


def test_losses_are_stable_for_huge_scores():
    theta, X, y = problem((5, 4, 3))
    big = theta * 1e3                      # scores of order 1e3: a naive softmax overflows
    assert np.all(np.isfinite(network_losses(big, (5, 4, 3), X, y)))


@pytest.mark.parametrize("sizes", SIZES)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_gradient_equals_central_differences(sizes, reduction):
    theta, X, y = problem(sizes, seed=1)
    analytic = network_gradient(theta, sizes, X, y, reduction, l2=0.3)
    np.testing.assert_allclose(analytic, numeric_gradient(theta, sizes, X, y, reduction, l2=0.3), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("sizes", SIZES)
def test_central_differences_helper(sizes):
    theta, X, y = problem(sizes, seed=2)
    coordinates = np.array([0, 3, parameter_count(sizes) - 1])
    np.testing.assert_allclose(central_differences(theta, sizes, X, y, "mean", coordinates=coordinates, l2=0.2),
                               numeric_gradient(theta, sizes, X, y, "mean", l2=0.2)[coordinates], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("sizes", SIZES)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_hessian_vector_product_equals_differences_of_gradients(sizes, reduction):
    theta, X, y = problem(sizes, seed=3)
    v = np.random.default_rng(4).standard_normal(theta.shape)
    h = 1e-6
    numeric = (network_gradient(theta + h * v, sizes, X, y, reduction, l2=0.1)
               - network_gradient(theta - h * v, sizes, X, y, reduction, l2=0.1)) / (2 * h)
    np.testing.assert_allclose(hessian_vector_product(theta, sizes, X, y, v, reduction, l2=0.1), numeric, rtol=1e-5, atol=1e-7)


def test_the_hessian_is_symmetric():
    sizes = (3, 4, 2)
    theta, X, y = problem(sizes, seed=5)
    hessian = hessian_vector_product(theta, sizes, X, y, np.eye(theta.size), "mean")       # every column at once
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-12)


def test_vectorized_over_configurations_and_data():
    sizes = (5, 4, 3)
    theta, X, y = problem(sizes, configs=(2, 3))
    per_config = np.random.default_rng(6).normal(size=(2, 3, 7, 5))
    batched = network_gradient(theta, sizes, per_config, np.broadcast_to(y, (2, 3, 7)), "mean")
    for i in range(2):
        for j in range(3):
            np.testing.assert_allclose(batched[i, j], network_gradient(theta[i, j], sizes, per_config[i, j], y, "mean"),
                                       rtol=1e-12, atol=1e-15)
    assert network_loss(theta, sizes, X, y, "mean", l2=np.array([0.0, 0.1, 0.2])).shape == (2, 3)
    # several vectors at one parameter set: H v for each
    vectors = np.random.default_rng(7).standard_normal((4, theta.shape[-1]))
    products = hessian_vector_product(theta[0, 0], sizes, X, y, vectors, "mean")
    np.testing.assert_allclose(products[2], hessian_vector_product(theta[0, 0], sizes, X, y, vectors[2], "mean"), rtol=1e-12)


@QUICK
@given(n=st.integers(1, 40), hidden=st.integers(1, 6), two=st.booleans(), seed=st.integers(0, 10**6))
def test_sum_gradient_is_batch_size_times_mean_gradient(n, hidden, two, seed):
    sizes = (3, hidden, hidden, 4) if two else (3, hidden, 4)
    theta, X, y = problem(sizes, n=n, seed=seed)
    g_sum, g_mean = network_gradient(theta, sizes, X, y, "sum"), network_gradient(theta, sizes, X, y, "mean")
    np.testing.assert_allclose(g_sum, n * g_mean, rtol=1e-12, atol=1e-14 * n * np.abs(g_sum).max())


@QUICK
@given(n=st.integers(2, 30), seed=st.integers(0, 10**6))
def test_gradient_statistics_equal_brute_force(n, seed):
    sizes = (3, 4, 3)
    theta, X, y = problem(sizes, n=n, seed=seed)
    per_example = np.stack([network_gradient(theta, sizes, X[i:i + 1], y[i:i + 1], "sum") for i in range(n)])
    G = per_example.mean(axis=0)
    g2, trace = gradient_statistics(theta, sizes, X, y)
    assert g2 == pytest.approx(G @ G, rel=1e-10, abs=1e-14)
    assert trace == pytest.approx(np.sum((per_example - G) ** 2) / n, rel=1e-9, abs=1e-13)


# --- the exact products of the training loops --------------------------------------------------------------------------

def test_exact_products_are_whole_numbers_below_the_limit():
    rng = np.random.default_rng(8)
    values = rng.normal(size=(3, 10, 7)) * np.array([1e-3, 1.0, 1e4])[:, None, None]
    grid, scale = _on_grid(values, _grid_bits(64))
    assert np.all(grid == np.rint(grid)) and np.all(np.abs(grid) <= 2.0 ** _grid_bits(64))
    assert np.all(np.log2(scale) == np.rint(np.log2(scale)))                     # powers of two: exact to undo
    error = np.abs(grid / scale - values).max(axis=(1, 2))
    assert np.all(error <= np.abs(values).max(axis=(1, 2)) * 2.0 ** -(_grid_bits(64) - 1))   # half a grid step at most
    assert 64 * (2.0 ** _grid_bits(64)) ** 2 <= 2.0**50


def test_exact_products_do_not_depend_on_the_order_of_summation():
    """The training loops' products give the same bits whatever the order of the additions (another BLAS
    kernel): checked against the same products summed forwards, backwards and pairwise, without BLAS."""
    sizes = (64, 16, 10)
    rng = np.random.default_rng(9)
    theta = np.stack([initial_parameters(sizes, seed=s) for s in range(3)]) * 3.0
    x = rng.random((1, 50, 64))
    layers = _layers(theta, sizes)
    bits = _grid_bits(max(50, *sizes))
    activations, grids, weight_grids, scores = _exact_forward(layers, x, bits)
    (a, a_scale), (w, w_scale) = grids[0], weight_grids[0]
    products = np.broadcast_to(a[:, :, :, None], (3, 50, 64, 16)) * w[:, None, :, :]
    forwards, backwards = np.zeros((3, 50, 16)), np.zeros((3, 50, 16))
    for k in range(64):
        forwards += products[:, :, k]
        backwards += products[:, :, 63 - k]
    pairwise = products.sum(axis=2)
    first = _portable_tanh(forwards / (a_scale * w_scale) + layers[0][1][:, None, :])
    for other in (backwards, pairwise):
        np.testing.assert_array_equal(_portable_tanh(other / (a_scale * w_scale) + layers[0][1][:, None, :]), first)
    np.testing.assert_array_equal(activations[1], first)
    delta = _softmax(scores) - _one_hot(np.arange(50) % 10, scores.shape)
    grads = _exact_backward(layers, activations, grids, weight_grids, delta, bits)
    (g_grid, g_scale) = grids[1]
    d_grid, d_scale = _on_grid(delta, bits, bound=1.0)
    by_example = sum(g_grid[:, i, :, None] * d_grid[:, i, None, :] for i in range(49, -1, -1))    # backwards over examples
    np.testing.assert_array_equal(grads[1][0], by_example / (g_scale * d_scale))


def test_the_portable_exponential_is_within_two_ulps_of_numpys():
    """The training loops' exp and tanh (the same bits on every CPU) against numpy's, over their whole range."""
    rng = np.random.default_rng(14)
    x = np.concatenate([rng.uniform(-745, 709.7, 200_000), rng.uniform(-3, 3, 200_000), [0.0, -0.0, 1e-300, 709.78]])
    ulps = np.abs(_portable_exp(x) - np.exp(x)) / np.spacing(np.exp(x))
    assert ulps.max() <= 2
    edges = np.array([np.nan, np.inf, -np.inf, 710.0, -746.0, -1e6, 1e6])
    np.testing.assert_array_equal(_portable_exp(edges), [np.nan, np.inf, 0.0, np.inf, 0.0, 0.0, np.inf])
    t = rng.uniform(-20, 20, 200_000)
    assert np.abs(_portable_tanh(t) - np.tanh(t)).max() <= 4e-16
    np.testing.assert_array_equal(_portable_tanh(np.array([np.nan, np.inf, -np.inf, 0.0, 400.0])), [np.nan, 1, -1, 0, 1])


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="numpy's SIMD switch is tested on Linux")
def test_a_chaotic_training_run_gives_the_same_bits_without_numpys_simd_loops():
    """A run at a rate where training is chaotic amplifies any last-bit difference: numpy's dispatched exp and
    tanh loops (AVX2, AVX-512) round differently from its baseline ones, the portable functions do not."""
    import subprocess
    import sys
    from numpy._core import _multiarray_umath as umath
    simd = [name for name in getattr(umath, "__cpu_dispatch__", []) if umath.__cpu_features__.get(name)]
    if not simd:
        pytest.skip("numpy dispatches no SIMD loops above its baseline here")
    script = ("import numpy as np\nfrom helpers.digits import split_digits\nfrom helpers.network_training import train_network\n"
              "X, y, _, _ = split_digits(512, seed=0)\n"        # eta = 1.6 at B = 8: the old np.tanh and np.exp made other bits here
              "run = train_network(X, y, layer_sizes=(64, 16, 10), batch_size=8, learning_rate=1.6, reduction='mean', "
              "epochs=2, seed=np.array([0, 1]))\nprint(run.final_parameters.tobytes().hex())\n")
    outputs = [subprocess.run([sys.executable, "-c", script], env={**__import__("os").environ, **extra}, capture_output=True,
                              text=True, check=True, timeout=600).stdout for extra in ({}, {"NPY_DISABLE_CPU_FEATURES": " ".join(simd)})]
    assert outputs[0] == outputs[1]


def test_exact_products_stay_close_to_float64():
    sizes = (64, 16, 10)
    theta, _, _ = problem(sizes, n=1, seed=10, configs=(4,))
    rng = np.random.default_rng(11)
    x, y = rng.random((1, 200, 64)), rng.integers(0, 10, (1, 200))
    loss, gradient = _loss_and_gradient(theta, sizes, x, y, 1 / 200, np.zeros(4))
    exact_loss, exact_gradient = _loss_and_gradient(theta, sizes, x, y, 1 / 200, np.zeros(4), exact=True)
    np.testing.assert_allclose(exact_loss, loss, rtol=1e-5)
    np.testing.assert_allclose(exact_gradient, gradient, rtol=0, atol=1e-4 * np.abs(gradient).max())


def test_sum_and_mean_share_every_number_of_the_exact_gradient():
    sizes = (64, 16, 10)
    theta, _, _ = problem(sizes, n=1, seed=12, configs=(2,))
    rng = np.random.default_rng(13)
    x, y = rng.random((1, 24, 64)), rng.integers(0, 10, (1, 24))
    _, g_sum = _loss_and_gradient(theta, sizes, x, y, 1.0, np.zeros(2), exact=True)
    _, g_mean = _loss_and_gradient(theta, sizes, x, y, 1 / 24, np.zeros(2), exact=True)
    np.testing.assert_array_equal(g_mean, g_sum * (1 / 24))


@pytest.mark.parametrize("call, error, words", [
    (lambda: parameter_count((64, 10)), ValueError, "one or two hidden layers"),
    (lambda: parameter_count((64, 8, 8, 8, 10)), ValueError, "one or two hidden layers"),
    (lambda: parameter_count((64, 8, 1)), ValueError, "at least 2 classes"),
    (lambda: parameter_count("64,8,10"), TypeError, "layer_sizes must be a tuple"),
    (lambda: network_loss(np.zeros(5), (2, 1, 2), np.zeros((3, 2)), np.zeros(3, dtype=int), "mean"), ValueError,
     "parameters must end in the 7 parameters"),
    (lambda: network_loss(np.zeros(7), (2, 1, 2), np.zeros((3, 5)), np.zeros(3, dtype=int), "mean"), ValueError,
     "features must have shape"),
    (lambda: network_loss(np.zeros(7), (2, 1, 2), np.zeros((3, 2)), np.array([0, 1, 2]), "mean"), ValueError,
     "labels must be whole numbers from 0 to 1"),
    (lambda: network_loss(np.zeros(7), (2, 1, 2), np.zeros((3, 2)), np.array([0, 1]), "mean"), ValueError,
     "one class label per example"),
    (lambda: network_loss(np.zeros(7), (2, 1, 2), np.zeros((3, 2)), np.zeros(3, dtype=int), "none"), ValueError, "reduction"),
    (lambda: central_differences(np.zeros((2, 7)), (2, 1, 2), np.zeros((3, 2)), np.zeros(3, dtype=int), "mean",
                                 coordinates=np.array([0])), ValueError, "one parameter vector"),
    (lambda: central_differences(np.zeros(7), (2, 1, 2), np.zeros((3, 2)), np.zeros(3, dtype=int), "mean",
                                 coordinates=np.array([7])), ValueError, "coordinates must be"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_defaults():
    assert N_CLASSES == 10
