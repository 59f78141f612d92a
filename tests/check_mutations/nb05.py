"""Plausible mistakes each check cell of notebook 05 (the limits of scaling) must catch."""

MUTATIONS = {
    "check-best-rate": [
        ("the reductions' columns swapped", "checks.expect_true(mean_best",
         "mean_best, sum_best = sum_best, mean_best\nchecks.expect_true(mean_best"),
    ],
    "check-which-limit": [
        ("B_noise taken at w = 0 only, as if it did not change during training", "np.mean(after_start > 2 * noise_at_start)",
         "np.mean(np.full_like(after_start, noise_at_start) > 2 * noise_at_start)"),
        ("sum()'s limit 2/(B h_max) used for mean()", "mean_best <= limit,", "mean_best <= limit / sizes,"),
    ],
    "check-full-batch": [
        ("the limit taken as 1/h_max (the 2 forgotten): every run above it", "full.diverged ==",
         "np.array([True, True, True, True]) =="),
        ("the runs' labels swapped (below read as above)", "full.diverged ==", "full.diverged[::-1] =="),
    ],
    "check-thresholds": [
        ("the full-batch limit 2/h_max used as the limit of mini-batch SGD at every B", "checks.expect_true(thresholds[0]",
         "thresholds = np.full_like(thresholds, first_above)\nchecks.expect_true(thresholds[0]"),
        ("the thresholds of a run too short to see divergence near the limit (every B stable up to 1.2 × 2/h_max)",
         "checks.expect_true(thresholds[0]", "thresholds = np.where(thresholds > 0.9 * limit, np.nan, thresholds)\n"
         "checks.expect_true(thresholds[0]"),
    ],
    "check-crossing": [
        ("the crossing computed with 1/h_max (the 2 forgotten)", "(probes > crossing)", "(probes > crossing / 2)"),
        ("the crossing read off two-epoch runs, where only B = 768 and 1024 diverge", "(probes > crossing)", "(probes >= 768)"),
    ],
    "check-rules": [
        ("the two rules' columns swapped", "below = sizes < crossing", "below = sizes < crossing\nexcess = excess[:, ::-1]"),
        ("the final loss compared instead of the excess over the minimum", "below = sizes < crossing",
         "below = sizes < crossing\nexcess = excess + lowest"),
        ("the comparison extended past the crossing, where the linear rule diverged (NaN)", "below = sizes < crossing",
         "below = sizes <= 1024"),
    ],
    "check-adam": [
        ("ε = 1e-8 in both runs meant to have ε = 0", "gap_without_eps < 1e-12", "gap_with_eps < 1e-12"),
    ],
}
