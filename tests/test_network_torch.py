"""Notebook 08's network against PyTorch's autograd: loss, gradient and Hessian-vector products, to 1e-6.

PyTorch is a test-only, optional dependency; students never need it. Install the CPU wheel with
``pip install torch==2.13.0``; without it every test here is skipped with that instruction, unless
``REQUIRE_TORCH=1`` (CI sets it), where a missing torch is a failure.

The same network is written in torch (``tanh`` hidden layers, ``nn.functional.cross_entropy`` with
``reduction="sum"`` or ``"mean"``, a penalty ``l2 * |theta|^2``), from the same flat parameters in float64;
torch's gradient comes from ``autograd.grad``, its Hessian-vector product from differentiating
``grad . v`` once more (double backward), with no formula of ours in between.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

if os.environ.get("REQUIRE_TORCH") == "1":
    import torch  # CI installs it (.ci/run sets REQUIRE_TORCH=1): missing there is a failure, not a skip
else:
    torch = pytest.importorskip(
        "torch", reason="PyTorch is an optional test-only dependency: `pip install torch==2.13.0` (CPU wheel) to run "
                        "notebook 08's autograd checks, or REQUIRE_TORCH=1 bash tests/run.sh")

from helpers.digits import split_digits  # noqa: E402
from helpers.network import (gradient_statistics, hessian_vector_product, initial_parameters, network_gradient,  # noqa: E402
                             network_loss, parameter_count)
from helpers.sharpness import top_hessian_eigenvalue  # noqa: E402

TOLERANCE = 1e-6


def torch_loss(theta: "torch.Tensor", sizes: tuple[int, ...], X: np.ndarray, y: np.ndarray, reduction: str,
               l2: float) -> "torch.Tensor":
    """The network written directly in torch, from the flat parameter vector (same layout as helpers.network)."""
    a = torch.as_tensor(X, dtype=torch.float64)
    start = 0
    for index, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        weights = theta[start:start + fan_in * fan_out].reshape(fan_in, fan_out)
        start += fan_in * fan_out
        bias = theta[start:start + fan_out]
        start += fan_out
        a = a @ weights + bias
        if index < len(sizes) - 2:
            a = torch.tanh(a)
    data = torch.nn.functional.cross_entropy(a, torch.as_tensor(y, dtype=torch.int64), reduction=reduction)
    return data + l2 * torch.sum(theta**2)


def torch_gradient_and_hvp(theta_np, sizes, X, y, reduction, l2, vector):
    theta = torch.tensor(theta_np, dtype=torch.float64, requires_grad=True)
    loss = torch_loss(theta, sizes, X, y, reduction, l2)
    (gradient,) = torch.autograd.grad(loss, theta, create_graph=True)
    (hvp,) = torch.autograd.grad(gradient @ torch.as_tensor(vector, dtype=torch.float64), theta)
    return float(loss.detach()), gradient.detach().numpy(), hvp.numpy()


@pytest.fixture(scope="module")
def digits():
    X, y, _, _ = split_digits(1024, seed=0)
    return X[:96], y[:96]


@pytest.mark.parametrize("sizes", [(64, 16, 10), (64, 12, 8, 10)])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_loss_gradient_and_hessian_vector_product_match_autograd(digits, sizes, reduction, l2):
    X, y = digits
    rng = np.random.default_rng(1)
    theta = initial_parameters(sizes, seed=2) + 0.1 * rng.standard_normal(parameter_count(sizes))   # nonzero biases too
    vector = rng.standard_normal(theta.size)
    loss, gradient, hvp = torch_gradient_and_hvp(theta, sizes, X, y, reduction, l2, vector)
    scale = max(1.0, abs(loss))
    assert abs(network_loss(theta, sizes, X, y, reduction, l2=l2) - loss) <= TOLERANCE * scale
    np.testing.assert_allclose(network_gradient(theta, sizes, X, y, reduction, l2=l2), gradient, rtol=TOLERANCE, atol=TOLERANCE * 1e-3)
    np.testing.assert_allclose(hessian_vector_product(theta, sizes, X, y, vector, reduction, l2=l2), hvp, rtol=TOLERANCE,
                               atol=TOLERANCE * 1e-3 * np.abs(hvp).max())


def test_per_example_statistics_match_autograd(digits):
    """|G|^2 and tr(Sigma) from per-example gradients computed one by one with autograd."""
    X, y = digits
    sizes = (64, 16, 10)
    theta = initial_parameters(sizes, seed=3)
    per_example = []
    for i in range(len(y)):
        t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(torch_loss(t, sizes, X[i:i + 1], y[i:i + 1], "sum", 0.0), t)
        per_example.append(g.numpy())
    per_example = np.array(per_example)
    G = per_example.mean(axis=0)
    g2, trace = gradient_statistics(theta, sizes, X, y)
    assert g2 == pytest.approx(G @ G, rel=TOLERANCE)
    assert trace == pytest.approx(np.sum((per_example - G) ** 2) / len(y), rel=TOLERANCE)


def test_top_eigenvalue_matches_torch_hessian(digits):
    """h_max by power iteration against the eigenvalues of torch's full Hessian of a small network."""
    X, y = digits
    sizes = (64, 4, 10)
    theta = initial_parameters(sizes, seed=4)
    hessian = torch.autograd.functional.hessian(
        lambda t: torch_loss(t, sizes, X, y, "mean", 0.0), torch.tensor(theta, dtype=torch.float64)).numpy()
    expected = np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1]
    assert top_hessian_eigenvalue(theta, sizes, X, y, iterations=3000, tolerance=1e-12) == pytest.approx(expected, rel=1e-6)
