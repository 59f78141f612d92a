"""Plausible mistakes that each check cell of notebook 07 must catch (see tests/check_mutations/__init__.py)."""

MUTATIONS = {
    "check-clipping": [
        ("the reductions swapped", 'np.all(shares["sum"] == 1.0), np.all(shares["mean"] < 0.5)',
         'np.all(shares["mean"] == 1.0), np.all(shares["sum"] < 0.5)'),
        ("the threshold rescaled with B under sum() (512 / 32 times larger)",
         "checks.expect_true(",
         "shares = optimizers.clipped_shares_over_seeds(5, tuned_batch_size=32, batch_size=512, threshold_multiple=16.0)\n"
         "checks.expect_true("),
        ("the shares taken at the tuned batch size, not at B = 512", "checks.expect_true(",
         "shares = optimizers.clipped_shares_over_seeds(5, tuned_batch_size=32, batch_size=32)\nchecks.expect_true("),
    ],
    "check-precision-overflow": [
        ("losses a hundred times smaller (a sum that fits)", "np.isinf(precision.float16_reduce(losses, \"sum\", accumulator=\"float32\"))",
         "np.isinf(precision.float16_reduce(losses / 100, \"sum\", accumulator=\"float32\"))"),
        ("the mean computed as the float16 sum divided afterwards",
         "np.isfinite(precision.float16_reduce(losses, \"mean\"))",
         "np.isfinite(precision.float16_reduce(losses, \"sum\") / losses.size)"),
    ],
    "check-precision-swamping": [
        ("the loop's mean computed with numpy's float32 partial sums", 'precision.float16_reduce(losses, "mean", accumulator="float16") == 16.0',
         'precision.float16_reduce(losses, "mean", accumulator="float32") == 16.0'),
        ("a batch small enough that no term is swamped", "checks.expect_true(", "losses = losses[:512]\nchecks.expect_true("),
        ("numpy's mean computed as the float16 sum divided afterwards", 'abs(precision.float16_reduce(losses, "mean") / losses.mean() - 1)',
         'abs(precision.float16_reduce(losses, "sum") / losses.size / losses.mean() - 1)'),
    ],
    "check-precision-scaling": [
        ("the loss scaled down instead of up", "loss_scale=2.0**10", "loss_scale=2.0**-10"),
    ],
    "check-momentum-remark-1": [
        ("the learning rate not scaled by c", "checks.expect_close(runs[0.0][0], runs[0.0][1],",
         "checks.expect_close(runs[0.0][0], momentum.momentum_sgd(X, y, steps, loss_scale=1),"),
        ("the learning rate scaled by the square root of c", "checks.expect_close(runs[0.0][0], runs[0.0][1],",
         "checks.expect_close(runs[0.0][0], momentum.momentum_sgd(X, y, 8 * steps, loss_scale=1),"),
    ],
    "check-momentum-decay-breaks": [
        ("the claim tested without weight decay", "np.abs(runs[1.0][0] - runs[1.0][1])", "np.abs(runs[0.0][0] - runs[0.0][1])"),
    ],
    "check-momentum-correction": [
        ("no momentum correction", "checks.expect_close(corrected,", "checks.expect_close(uncorrected,"),
    ],
    "check-adam-l2": [
        ("L2 in the gradient taken for decoupled decay", 'final[("AdamW", "sum")], final[("AdamW", "mean")]',
         'final[("Adam + L2", "sum")], final[("Adam + L2", "mean")]'),
    ],
    "check-adam-scale": [
        ("the comparison made with the L2 penalty on", 'no_penalty[("Adam + L2", "sum")], no_penalty[("Adam + L2", "mean")]',
         'final[("Adam + L2", "sum")], final[("Adam + L2", "mean")]'),
        ("the sum() run compared with plain gradient descent's first step size (the factor B not cancelled)",
         'no_penalty[("Adam + L2", "sum")], no_penalty[("Adam + L2", "mean")]',
         'no_penalty[("Adam + L2", "sum")], 1024 * no_penalty[("Adam + L2", "mean")]'),
    ],
    "check-adamw-near-fit": [
        ("the data gradient of the sum() loss (1024 times larger)", "checks.expect_true((as_penalty",
         "as_penalty = as_penalty * 1024\nchecks.expect_true((as_penalty"),
        ("the ridge fit's weights taken for AdamW's", "checks.expect_true((as_penalty",
         "as_penalty = np.abs(X_adam.T @ (X_adam @ ridge - y_adam) / 1024) / np.abs(0.1 * ridge)\nchecks.expect_true((as_penalty"),
        ("the distance measured from the ridge fit", "checks.expect_true(",
         'adamw_offset = np.abs(final[("AdamW", "mean")] - ridge).max() / np.abs(ridge - unregularized).max()\nchecks.expect_true('),
        ("Adam + L2 under mean() taken for AdamW", "checks.expect_true(",
         'adamw_offset = np.abs(final[("Adam + L2", "mean")] - unregularized).max() / np.abs(ridge - unregularized).max()\nchecks.expect_true('),
    ],
    "check-adam-ridge": [
        ("the ridge fit of the loss (xᵀw − y)², without the ½ (a penalty twice as strong)", "checks.expect_close(",
         "ridge = np.linalg.solve(X_adam.T @ X_adam / 1024 + 0.2 * np.eye(4), X_adam.T @ y_adam / 1024)\nchecks.expect_close("),
        ("Adam + L2 under sum() taken for mean()", 'final[("Adam + L2", "mean")], ridge', 'final[("Adam + L2", "sum")], ridge'),
    ],
    "check-clipping-at-one": [
        ("the sum() threshold taken for the mean() one", 'at_one["mean"][1], 4 * threshold["mean"]', 'at_one["mean"][1], 4 * threshold["sum"]'),
        ("the threshold at the median itself, not four times it", 'at_one["mean"][1], 4 * threshold["mean"]', 'at_one["mean"][1], threshold["mean"]'),
    ],
    "check-adam-l2-differs": [
        ("the claim tested on AdamW", 'final[("Adam + L2", "sum")] - final[("Adam + L2", "mean")]',
         'final[("AdamW", "sum")] - final[("AdamW", "mean")]'),
    ],
    "check-sqrt-rule": [
        ("the regimes swapped", 'gaps["noisy"], key=lambda rule: gaps["noisy"]', 'gaps["quiet"], key=lambda rule: gaps["quiet"]'),
        ("the linear rule expected in the noisy regime", '.startswith("square root")', ' == "linear"'),
    ],
}
