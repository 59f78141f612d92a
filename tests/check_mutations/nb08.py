"""Plausible mistakes each check cell of notebook 08 (does it hold for a neural network?) must catch."""

MUTATIONS = {
    "check-data": [
        ("the pixels scaled to [0, 1] before the check (the values are then not whole counts)",
         "pixels == np.round(pixels)", "pixels / 16 == np.round(pixels / 16)"),
        ("only the first 1,024 images counted (a training split taken for the whole file)",
         "np.bincount(digits, minlength=10)", "np.bincount(digits[:1024], minlength=10)"),
    ],
    "check-gradients": [
        ("the mean() gradient compared with the sum() loss's central differences (off by B)",
         "checks.expect_close(analytic[r][coordinates], numeric[r]", "checks.expect_close(analytic[\"mean\"][coordinates], numeric[r]"),
        ("off by B: grad L_sum compared with grad L_mean itself", "48 * analytic[\"mean\"]", "analytic[\"mean\"]"),
    ],
    "check-proof": [
        ("the two mean() runs swapped: the usual mistake (mean() at the sum() rate) read as the matched run",
         "gap[:, 0] < 1e-12", "gap[:, 1] < 1e-12"),
    ],
    "check-tuning": [
        ("diverged runs counted as a loss of 0 (NaN taken for success): the tuning then picks a rate that diverged",
         "np.where(np.isnan(study.tuning_loss), np.inf, study.tuning_loss)", "np.nan_to_num(study.tuning_loss)"),
        ("the claim narrowed to 'every seed's best rate is η₀': one seed prefers the next rate up",
         "[study.tuned_rate, 2 * study.tuned_rate]", "[study.tuned_rate]"),
    ],
    "check-rule": [
        ("the warm-up columns swapped", "largest[:, 1] >= largest[:, 0]", "largest[:, 0] >= largest[:, 1]"),
        ("matching judged on the final loss itself (below 2), not on its ratio to the B₀ run's",
         "matches = study.matches(2.0)", "matches = np.where(study.diverged, False, study.loss <= 2.0)"),
        ("the seeds matched at B = 32 counted in the warm-up column", "at_32[:, 0].sum() == 3", "at_32[:, 1].sum() == 3"),
        ("the runs that failed to match at B = 64 counted as diverged", "(~np.isfinite(ratio_64)).sum() == 2",
         "(~(ratio_64 <= 2)).sum() == 2"),
        ("the stricter threshold left at 2×", "study.matches(1.5)", "study.matches(2.0)"),
    ],
    "check-noise": [
        ("tr(Σ) estimated without dividing by 1/B_small − 1/B_big", "checks.expect_within_standard_errors(path.trace, ",
         "checks.expect_within_standard_errors(path.trace * (1 / 8 - 1 / 256), "),
        ("|G|² taken as the big batch's squared norm, its noise tr(Σ)/B_big left in",
         "checks.expect_within_standard_errors(path.gradient_squared, ",
         "checks.expect_within_standard_errors(path.gradient_squared + path.exact_trace / 256, "),
        ("B_simple taken at the start only, as if it did not change during training",
         "np.median(path.exact_simple_noise_scale[:, 1:], axis=1) > path.exact_simple_noise_scale[:, 0]",
         "path.exact_simple_noise_scale[:, 0] > path.exact_simple_noise_scale[:, 0]"),
    ],
    "check-sharpness": [
        ("the stability limit taken as 1/η (the 2 forgotten)", "steps = sharp.steps",
         "steps = sharp.steps\nratio = 2 * ratio"),
        ("the first measurement read as the last", "ratio[..., -1] < 1", "ratio[..., 0] < 1"),
        ("the rise at η = 0.25 read from the last measurement instead of the peak",
         "ratio[0].max(axis=1) > ratio[0][:, 0]", "ratio[0][:, -1] > ratio[0][:, 0]"),
    ],
    "check-l2": [
        ("the schemes swapped: mean + λ/B₀ read as sum + λ", "norms[-1, 0] > 1.4 * norms[0, 0]", "norms[-1, 1] > 1.4 * norms[0, 1]"),
        ("the scaled sum() penalty compared with the fixed one", "l2_runs.final_parameters[:, 2], l2_runs.final_parameters[:, 1]",
         "l2_runs.final_parameters[:, 2], l2_runs.final_parameters[:, 0]"),
    ],
}
