"""Plausible mistakes for each check cell of notebook 02: every one must make its cell raise CheckFailed."""

MUTATIONS = {
    "check-wrong-gradients": [
        ("the factor 2 dropped: the right gradients taken for the wrong ones", "2 * comparison.analytic", "comparison.analytic"),
        ("the sign kept: the right gradients taken for the wrong ones", "(-comparison.analytic,", "(comparison.analytic,"),
    ],
    "check-gradient-evidence": [
        ("the mean's gradient computed as the sum's (off by B)",
         "comparison.analytic, comparison.numeric", "comparison.analytic * comparison.batch_size[:, None], comparison.numeric"),
        ("a sign error in the analytic gradient", "comparison.analytic, comparison.numeric", "-comparison.analytic, comparison.numeric"),
        ("the ratio taken to be 1: the reduction would not matter", "ratios / sizes[:, None]", "ratios"),
        ("the ratio taken to be the square root of B", "ratios / sizes[:, None]", "ratios / np.sqrt(sizes)[:, None]"),
    ],
    "check-trajectories": [
        ("mean() at a quarter of B·η taken for the matched rate", "gaps[:, matched] < 1e-12", "gaps[:, 0] < 1e-12"),
        ("the matched rate counted among the mismatched ones", "np.delete(gaps, matched, axis=1) > 0.01", "gaps > 0.01"),
    ],
    "check-fixed-rate": [
        ("the linear rule taken for mean() at a fixed rate", "moved[1] > 5 * moved[0]", "moved[2] > 5 * moved[0]"),
        ("mean() at a fixed rate taken for the linear rule", "moved[2], moved[0]", "moved[1], moved[0]"),
    ],
}
