"""Plausible mistakes for each check cell of notebook 01: every one must make its cell raise CheckFailed."""

MUTATIONS = {
    "check-reports": [
        ("swapped reduction: the sum() reports read as the error rate",
         'reports["mean"], mistakes.mean()', 'reports["sum"], mistakes.mean()'),
        ("off by B: sum() taken to report the epoch's mistakes at every B",
         "sizes * mistakes.mean()", "mistakes.sum()"),
    ],
    "check-zero-one-gradient": [
        ("the logistic loss's gradient taken for the 0-1 loss's", '"zero_one", "sum", step=1e-6) == 0', '"logistic", "sum", step=1e-6) == 0'),
    ],
    "check-worked-example": [
        ("the post's printed total for sum() over two batches of 64",
         "checks.expect_close(sum_128, sum_64", "sum_64 = -0.04\nchecks.expect_close(sum_128, sum_64"),
        ("mean() at a fixed rate taken to be batch-size agnostic, like sum()", "mean_128, mean_64 / 2", "mean_128, mean_64"),
        ("the linear rule's rate left at the fixed 0.64", "scaled_128, sum_128", "mean_128, sum_128"),
    ],
    "check-scheme-updates": [
        ("swapped reduction: mean()'s epoch taken for sum()'s",
         'updates["sum"]["epoch"], updates["sum"]["epoch"][0]', 'updates["mean"]["epoch"], updates["mean"]["epoch"][0]'),
        ("mean() at a fixed rate taken to be flat in B, like sum()",
         'updates["mean"]["epoch"] * sizes, updates["mean"]["epoch"][0] * sizes[0]',
         'updates["mean"]["epoch"], updates["mean"]["epoch"][0]'),
        ("the fixed mean() rate taken for the scaled one",
         'updates["mean, scaled lr"]["epoch"], updates["sum"]', 'updates["mean"]["epoch"], updates["sum"]'),
    ],
    "check-training": [
        ("the fixed-rate mean() taken for the scaled one",
         "sweep.loss[..., 2, :], sweep.loss[..., 0, :]", "sweep.loss[..., 1, :], sweep.loss[..., 0, :]"),
    ],
    "check-training-numbers": [
        ("mean() at a fixed rate taken for sum()", "gap[rates.index(0.0001), 0] < 0.01", "gap[rates.index(0.0001), 1] < 0.01"),
        ("the smallest learning rate taken for the largest", "gap[rates.index(0.1), 0] > 1", "gap[rates.index(0.0001), 0] > 1"),
        ("B = 1 taken for B = 1024",
         "epoch_losses[-1, rates.index(0.1), 0, 1] > epoch_losses[-1, rates.index(0.1), 0, 0]",
         "epoch_losses[0, rates.index(0.1), 0, 1] > epoch_losses[0, rates.index(0.1), 0, 0]"),
        ("sum() taken for mean() at a fixed rate at B = 1", "final[0, rates.index(0.1), 1] > 2", "final[0, rates.index(0.1), 0] > 2"),
        ("B = 64 taken for B = 1", "final[0, rates.index(0.1), 1] > 2",
         "final[list(trained_sizes).index(64), rates.index(0.1), 1] > 2"),
    ],
}
