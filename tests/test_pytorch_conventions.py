"""Notebook 06's framework table, PyTorch rows: the numpy simulation of each reduction matches PyTorch itself.

PyTorch is a test-only, optional dependency; students never need it. Install the CPU wheel with
``pip install torch==2.13.0`` (on CPython 3.11, the version this course pins); without it, every test
here is skipped with that instruction.

What is checked, each to 1e-6 (in float64):

* ``CrossEntropyLoss`` and ``NLLLoss`` with ``reduction`` ``mean``, ``sum`` and ``none``; with ``weight=``
  (the mean divides by the sum of the targets' weights); with ``ignore_index`` (the mean is over the
  non-ignored targets); with both;
* ``BCEWithLogitsLoss(weight=...)``: its mean divides by the number of elements, not the sum of the weights;
* ``MSELoss`` on a ``(B, D)`` output: the mean is over all ``B x D`` elements;
* a per-token mean under a padding mask, as ``CrossEntropyLoss(ignore_index=-100)`` computes it, and
  gradient accumulation that divides each micro-batch's token sum by the whole batch's token count;
* data parallelism with ``torch.distributed`` itself: two local processes (gloo backend, CPU,
  127.0.0.1, ``torch.multiprocessing.spawn``), each computing its shard's ``mean()`` gradient, combined
  by ``all_reduce(SUM) / world_size`` and by ``DistributedDataParallel``, against
  :func:`helpers.distributed.data_parallel_gradient` for equal and unequal shards.
"""

from __future__ import annotations

import os
import socket

import numpy as np
import pytest

if os.environ.get("REQUIRE_TORCH") == "1":
    import torch  # CI installs it (.ci/run sets REQUIRE_TORCH=1): missing there is a failure, not a skip
else:
    torch = pytest.importorskip(
        "torch", reason="PyTorch is an optional test-only dependency: `pip install torch==2.13.0` (CPU wheel) to run "
                        "notebook 06's framework checks, or REQUIRE_TORCH=1 bash tests/run.sh")

import helpers  # noqa: E402
from helpers import accumulation, distributed, weighting  # noqa: E402

import torch_workers  # noqa: E402  (tests/: the spawned processes import only numpy and torch)

TOLERANCE = 1e-6
N_CLASSES = 4


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def cross_entropy_per_example(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return -np.take_along_axis(log_softmax(logits), labels[..., None], axis=-1)[..., 0]


@pytest.fixture
def classification_batch():
    rng = np.random.default_rng(6)
    logits = rng.standard_normal((32, N_CLASSES)) * 2.0
    labels = rng.integers(0, N_CLASSES, size=32)
    class_weight = np.array([0.5, 1.0, 2.0, 4.0])
    return logits, labels, class_weight


def torch_loss(loss_class, logits, labels, **kwargs):
    inputs = torch.tensor(logits, dtype=torch.float64)
    if loss_class is torch.nn.NLLLoss:
        inputs = torch.log_softmax(inputs, dim=-1)
    if "weight" in kwargs:
        kwargs["weight"] = torch.tensor(kwargs["weight"], dtype=torch.float64)
    return loss_class(**kwargs)(inputs, torch.tensor(labels)).numpy()


@pytest.mark.parametrize("loss_class", ["CrossEntropyLoss", "NLLLoss"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_plain_reductions(classification_batch, loss_class, reduction):
    logits, labels, _ = classification_batch
    ours = helpers.reduce_losses(cross_entropy_per_example(logits, labels), reduction)
    theirs = torch_loss(getattr(torch.nn, loss_class), logits, labels, reduction=reduction)
    np.testing.assert_allclose(ours, theirs, rtol=TOLERANCE, atol=0)


@pytest.mark.parametrize("loss_class", ["CrossEntropyLoss", "NLLLoss"])
def test_weighted_mean_divides_by_the_sum_of_the_weights(classification_batch, loss_class):
    logits, labels, class_weight = classification_batch
    losses = cross_entropy_per_example(logits, labels)
    weights = weighting.class_weights(labels, class_weight)
    loss = getattr(torch.nn, loss_class)
    np.testing.assert_allclose(weighting.weighted_mean(losses, weights, "sum of weights"),
                               torch_loss(loss, logits, labels, weight=class_weight), rtol=TOLERANCE, atol=0)
    np.testing.assert_allclose((weights * losses).sum(), torch_loss(loss, logits, labels, weight=class_weight, reduction="sum"),
                               rtol=TOLERANCE, atol=0)
    np.testing.assert_allclose(weights * losses, torch_loss(loss, logits, labels, weight=class_weight, reduction="none"),
                               rtol=TOLERANCE, atol=0)
    # The other normalization (Keras' sum_over_batch_size) is not PyTorch's: the test can tell them apart.
    assert abs(weighting.weighted_mean(losses, weights, "batch size") - torch_loss(loss, logits, labels, weight=class_weight)) > 1e-3


def test_binary_cross_entropy_weight_divides_by_the_batch_size(classification_batch):
    """BCEWithLogitsLoss(weight=...) with 'mean' averages w_n l_n over the elements, as Keras' sum_over_batch_size does."""
    logits, labels, _ = classification_batch
    scores, targets = logits[:, 0], (labels > 1).astype(float)
    weights = np.where(targets == 1, 3.0, 0.5)
    losses = np.logaddexp(0.0, scores) - targets * scores
    theirs = torch.nn.BCEWithLogitsLoss(weight=torch.tensor(weights))(torch.tensor(scores), torch.tensor(targets)).numpy()
    np.testing.assert_allclose(weighting.weighted_mean(losses, weights, "batch size"), theirs, rtol=TOLERANCE, atol=0)
    assert abs(weighting.weighted_mean(losses, weights, "sum of weights") - theirs) > 1e-3


@pytest.mark.parametrize("with_weight", [False, True])
def test_ignore_index_averages_over_the_kept_targets(classification_batch, with_weight):
    logits, labels, class_weight = classification_batch
    ignored = labels.copy()
    ignored[::3] = -100
    keep = ignored != -100
    losses = cross_entropy_per_example(logits[keep], labels[keep])
    weights = weighting.class_weights(labels[keep], class_weight) if with_weight else np.ones(keep.sum())
    kwargs = {"weight": class_weight} if with_weight else {}
    theirs = torch_loss(torch.nn.CrossEntropyLoss, logits, ignored, ignore_index=-100, **kwargs)
    np.testing.assert_allclose(weighting.weighted_mean(losses, weights, "sum of weights"), theirs, rtol=TOLERANCE, atol=0)
    # Dividing by the whole batch (ignored targets included) is the plausible mistake, and is not what PyTorch does.
    assert abs((weights * losses).sum() / labels.size - theirs) > 1e-3


def test_mse_mean_is_over_every_output():
    rng = np.random.default_rng(7)
    predictions, targets = rng.standard_normal((8, 16)), rng.standard_normal((8, 16))
    squared = (predictions - targets) ** 2
    lengths = np.full(8, 16)
    mse = torch.nn.MSELoss()(torch.tensor(predictions), torch.tensor(targets)).numpy()
    np.testing.assert_allclose(accumulation.accumulate(squared, lengths, 1, "token mean"), mse, rtol=TOLERANCE, atol=0)
    summed = torch.nn.MSELoss(reduction="sum")(torch.tensor(predictions), torch.tensor(targets)).numpy()
    np.testing.assert_allclose(8 * 16 * accumulation.accumulate(squared, lengths, 1, "token mean"), summed, rtol=TOLERANCE, atol=0)
    # The per-example sum, averaged over the batch, is D = 16 times PyTorch's mean.
    np.testing.assert_allclose(accumulation.accumulate(squared, lengths, 1, "mean of sequence sums"), 16 * mse, rtol=TOLERANCE, atol=0)


def padded_token_batch():
    lengths = accumulation.sequence_lengths(8, 6, 0.8, seed=2)
    rng = np.random.default_rng(8)
    logits = rng.standard_normal((8, int(lengths.max()), N_CLASSES))
    labels = rng.integers(0, N_CLASSES, size=(8, int(lengths.max())))
    labels_masked = np.where(accumulation.padding_mask(lengths), labels, -100)
    return lengths, logits, labels, labels_masked


def test_per_token_mean_under_a_padding_mask():
    lengths, logits, labels, labels_masked = padded_token_batch()
    token_losses = cross_entropy_per_example(logits, labels)
    theirs = torch.nn.CrossEntropyLoss(ignore_index=-100)(
        torch.tensor(logits).reshape(-1, N_CLASSES), torch.tensor(labels_masked).reshape(-1)).numpy()
    np.testing.assert_allclose(accumulation.accumulate(token_losses, lengths, 1, "token mean"), theirs, rtol=TOLERANCE, atol=0)


def test_gradient_accumulation_divided_by_the_whole_batch_count_is_the_full_batch():
    """The Trainer's fix: each micro-batch's token sum over num_items_in_batch; and the bug it fixed."""
    lengths, logits, _, labels_masked = padded_token_batch()
    n_micro = 4
    per_micro = lengths.size // n_micro
    num_items_in_batch = int(lengths.sum())

    def accumulated_logit_gradient(divide_by_whole_batch: bool) -> np.ndarray:
        inputs = torch.tensor(logits, requires_grad=True)
        for start in range(0, lengths.size, per_micro):
            piece = slice(start, start + per_micro)
            flat_logits = inputs[piece].reshape(-1, N_CLASSES)
            flat_labels = torch.tensor(labels_masked[piece]).reshape(-1)
            if divide_by_whole_batch:
                loss = torch.nn.functional.cross_entropy(flat_logits, flat_labels, ignore_index=-100, reduction="sum") / num_items_in_batch
            else:
                loss = torch.nn.functional.cross_entropy(flat_logits, flat_labels, ignore_index=-100) / n_micro
            loss.backward()
        return inputs.grad.numpy()

    full = torch.tensor(logits, requires_grad=True)
    torch.nn.functional.cross_entropy(full.reshape(-1, N_CLASSES), torch.tensor(labels_masked).reshape(-1),
                                      ignore_index=-100).backward()
    np.testing.assert_allclose(accumulated_logit_gradient(True), full.grad.numpy(), rtol=TOLERANCE, atol=1e-12)
    # Per-token gradient scale under the buggy loop is what accumulation.token_weights predicts.
    buggy = accumulated_logit_gradient(False)
    predicted = accumulation.token_weights(lengths, n_micro, "mean of micro-batch means") / accumulation.token_weights(
        lengths, n_micro, "token mean")
    np.testing.assert_allclose(buggy[:, 0], full.grad.numpy()[:, 0] * predicted[:, None], rtol=TOLERANCE, atol=1e-12)
    assert not np.allclose(buggy, full.grad.numpy(), rtol=1e-3)


# --- data parallelism, with torch.distributed itself ---------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_data_parallel_average_with_torch_distributed(tmp_path):
    import torch.multiprocessing as mp

    features, targets, _ = helpers.make_linear_regression(64, 3, seed=0)
    per_example = helpers.per_example_gradients(np.zeros(3), features, targets, "squared")
    global_mean = helpers.reduce_gradients(per_example, "mean")
    mp.spawn(torch_workers.data_parallel_worker, args=(2, _free_port(), features, targets, str(tmp_path)), nprocs=2, join=True)
    for index, sizes in enumerate(torch_workers.SHARDINGS):
        predicted = distributed.data_parallel_gradient(per_example, sizes, "mean", "average")
        for rank in range(2):
            by_hand, by_ddp = np.load(tmp_path / f"rank{rank}_sharding{index}.npy")
            np.testing.assert_allclose(by_hand, predicted, rtol=TOLERANCE, atol=1e-12)
            np.testing.assert_allclose(by_ddp, predicted, rtol=TOLERANCE, atol=1e-12)
        if sizes[0] == sizes[1]:
            np.testing.assert_allclose(predicted, global_mean, rtol=1e-12)
        else:  # unequal shards: DDP's average is not the global mean, as notebook 06 says
            assert np.linalg.norm(predicted - global_mean) > 0.01 * np.linalg.norm(global_mean)
