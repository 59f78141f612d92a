"""Plausible mistakes each check cell of notebook 05 (the limits of scaling) must catch."""

MUTATIONS = {
    "check-best-rate": [
        ("the best mean() rate assumed to keep growing from B = 512 to 1024 at every seed (seed 0 falls back from 2 to 1)",
         "checks.expect_true((large_mean >= 1) & (large_mean <= 2)", "checks.expect_true(np.all(np.diff(large_mean[:, :2], axis=1) > 0)"),
        ("the limit taken as 1/h_max (the 2 forgotten): no best rate above 1", "(large_mean <= 2)", "(large_mean <= 1)"),
        ("one seed's flat sum() column taken for every seed's (seed 2 strays to 0.02 at B = 32)",
         "sum_small.max(axis=1) <= 10 * sum_small.min(axis=1)", "sum_small.max(axis=1) == sum_small.min(axis=1)"),
    ],
    "check-which-limit": [
        ("B_noise taken at w = 0 only, as if it did not change during training", "checks.expect_true(noise_median > 5",
         "noise_median = np.full_like(noise_median, start.noise_scale)\nchecks.expect_true(noise_median > 5"),
        ("B_noise read off the σ = 2 data (149 at w = 0, not 45), with its larger noise",
         "checks.expect_true((noise_median >= 256)", "noise_median = noise_median * 149 / 45\nchecks.expect_true((noise_median >= 256)"),
        ("η_∞ compared with 1/h_max (the 2 forgotten)", "checks.expect_true((step_median >= 0.7)",
         "step_median = 2 * step_median\nchecks.expect_true((step_median >= 0.7)"),
        ("η_∞ computed with the sum() Hessian N H", "abs(step_at_start / limit - 1)", "abs(step_at_start / N / limit - 1)"),
    ],
    "check-fine-grid": [
        ("the limit taken as 1/h_max (the 2 forgotten)", "fine_best <= 1.05", "fine_best <= 0.5 * 1.05"),
        ("no best rate ever above 2/h_max, read off the coarse grid (one seed's best at B = 1024 is 1.002 times it)",
         "fine_best <= 1.05", "fine_best <= 1.0"),
        ("seeds 0-4 taken for every seed: no best rate above 1.05 × 2/h_max", "(above.size >= 1)", "(above.size == 0)"),
    ],
    "check-full-batch": [
        ("the limit taken as 1/h_max (the 2 forgotten): every run above it", "full.diverged ==",
         "np.array([True, True, True, True]) =="),
        ("the runs' labels swapped (below read as above)", "full.diverged ==", "full.diverged[::-1] =="),
    ],
    "check-thresholds": [
        ("the full-batch limit 2/h_max used as the limit of mini-batch SGD at every B", "checks.expect_true(thresholds[:, 0]",
         "thresholds = np.full_like(thresholds, first_above)\nchecks.expect_true(thresholds[:, 0]"),
        ("the thresholds of a run too short to see divergence near the limit (every B stable up to 1.2 × 2/h_max)",
         "checks.expect_true(thresholds[:, 0]", "thresholds = np.where(thresholds > 0.9 * limit, np.nan, thresholds)\n"
         "checks.expect_true(thresholds[:, 0]"),
        ("one seed's 'from B = 64 on' taken for every seed (seeds 1 and 2 diverge below 2/h_max at B = 64)",
         "thresholds[:, sizes >= 256] == first_above", "thresholds[:, sizes >= 64] == first_above"),
        ("one seed's thresholds taken for all seeds", "np.ptp(in_limits[:, ", "np.ptp(in_limits[:1, "),
        ("the limit assumed to rise at every step of B (thresholds sorted along B)", "checks.expect_true(np.any(thresholds[:, sizes == 32]",
         "thresholds = np.sort(thresholds, axis=1)\nchecks.expect_true(np.any(thresholds[:, sizes == 32]"),
        ("the batch Hessian taken as the full one, H (every batch as sharp as the data)", "checks.expect_true(batch_sharpness[:2]",
         "batch_sharpness = np.ones_like(batch_sharpness)\nchecks.expect_true(batch_sharpness[:2]"),
        ("the batch Hessian of the sum(), X_bᵀX_b, B times the mean's", "checks.expect_true(batch_sharpness[:2]",
         "batch_sharpness = batch_sharpness * np.array([[1], [16], [256]])\nchecks.expect_true(batch_sharpness[:2]"),
    ],
    "check-long-run": [
        ("the 2000-step thresholds taken for any run length", "checks.expect_true(long_thresholds <= ",
         "long_thresholds = thresholds[:, sizes == 16].ravel()\nchecks.expect_true(long_thresholds <= "),
        ("the longer runs' thresholds compared with 1/h_max (the 2 forgotten)", "long_thresholds < limit", "long_thresholds < limit / 2"),
        ("seed 3's 2000-step threshold (1.06) taken for every seed", "checks.expect_true(long_thresholds < limit",
         "long_thresholds = np.full_like(long_thresholds, thresholds[3, sizes == 16][0])\nchecks.expect_true(long_thresholds < limit"),
    ],
    "check-crossing": [
        ("seed 0's tuned η₀ taken for every seed", "checks.expect_true(np.isclose(crossing_by_seed",
         "crossing_by_seed = np.full_like(crossing_by_seed, crossing)\nchecks.expect_true(np.isclose(crossing_by_seed"),
        ("the crossing computed with 1/h_max (the 2 forgotten)", "(probes > crossing)", "(probes > crossing / 2)"),
        ("the crossing read off two-epoch runs, where only B = 768 and 1024 diverge", "(probes > crossing)", "(probes >= 768)"),
    ],
    "check-rules": [
        ("the two rules' columns swapped", "far = (sizes >= 64) & below", "ratio = 1 / ratio\nfar = (sizes >= 64) & below"),
        ("the final loss compared instead of the excess over the minimum", "checks.expect_true(spread < 2.5",
         "excess = excess + lowest\nratio = excess[..., 1] / excess[..., 0]\nchecks.expect_true(spread < 2.5"),
        ("the comparison extended past the crossing, where the linear rule diverged (NaN)", "far = (sizes >= 64) & below",
         "far = sizes >= 64"),
        ("one seed's 'the square-root rule also loses at B = 1' taken for every seed (seeds 3 and 4: it wins there)",
         "far = (sizes >= 64) & below", "far = (sizes == 1) | ((sizes >= 64) & below)"),
    ],
    "check-best-rate-more": [
        ("the reductions' columns swapped", "checks.expect_true(np.array_equal",
         "best = best[..., ::-1]\nchecks.expect_true(np.array_equal"),
    ],
    "check-noisier-labels": [
        ("σ = 1's labels used for both sweeps", "checks.expect_true(best_2 <= best",
         "best_2 = best[..., 1]\nlower_2 = np.sum(best_2 < best[..., 1], axis=1)\nchecks.expect_true(best_2 <= best"),
        ("σ = 2's best mean() rates compared with σ = 1's sum() column", "best_2 <= best[..., 1]", "best_2 <= best[..., 0]"),
    ],
    "check-adam": [
        ("ε = 1e-8 in both runs meant to have ε = 0", "gap_without_eps < 1e-12", "gap_with_eps < 1e-12"),
    ],
}
