"""Plausible mistakes that each check cell of notebook 07 must catch (see tests/check_mutations/__init__.py)."""

MUTATIONS = {
    "check-clipping": [
        ("the reductions swapped", 'clipped_at_512["sum"] == 1.0, clipped_at_512["mean"] < 0.5',
         'clipped_at_512["mean"] == 1.0, clipped_at_512["sum"] < 0.5'),
        ("the threshold rescaled with B under sum() (512 / 32 times larger)",
         "checks.expect_true(",
         "clipped_at_512 = {'sum': clipping.clipped_fraction(norms['sum'][512], 16 * threshold['sum']), 'mean': clipped_at_512['mean']}\n"
         "checks.expect_true("),
    ],
    "check-precision-overflow": [
        ("losses a hundred times smaller (a sum that fits)", "precision.float16_reduce(losses, \"sum\")",
         "precision.float16_reduce(losses / 100, \"sum\")"),
        ("the mean computed as the float16 sum divided afterwards",
         "np.isfinite(precision.float16_reduce(losses, \"mean\"))",
         "np.isfinite(precision.float16_reduce(losses, \"sum\") / losses.size)"),
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
    "check-adam-l2-differs": [
        ("the claim tested on AdamW", 'final[("Adam + L2", "sum")] - final[("Adam + L2", "mean")]',
         'final[("AdamW", "sum")] - final[("AdamW", "mean")]'),
    ],
    "check-sqrt-rule": [
        ("the regimes swapped", 'gaps["noisy"], key=lambda rule: gaps["noisy"]', 'gaps["quiet"], key=lambda rule: gaps["quiet"]'),
        ("the linear rule expected in the noisy regime", '.startswith("square root")', ' == "linear"'),
    ],
}
