"""Plausible mistakes each check cell of notebook 04 (gradient noise) must catch."""

MUTATIONS = {
    "check-variance": [
        ("the finite-population factor left out for batches drawn without replacement",
         "trace / sizes * finite_population, standard_error(without)", "trace / sizes, standard_error(without)"),
        ("the finite-population factor applied to batches drawn with replacement",
         "trace / sizes, standard_error(with_replacement)", "trace / sizes * finite_population, standard_error(with_replacement)"),
        ("the variance falling as 1/√B instead of 1/B",
         "trace / sizes, standard_error(with_replacement)", "trace / np.sqrt(sizes), standard_error(with_replacement)"),
    ],
    "check-sigma": [
        ("Σ without its G Gᵀ term", "checks.expect_close(gaussian_least_squares_moments", "Sigma = Sigma - np.outer(G, G)\nchecks.expect_close(gaussian_least_squares_moments"),
        ("Isserlis' theorem without its factor 2 (E[x xᵀ δ δᵀ x xᵀ] = CδδᵀC + (δᵀCδ) C)", "checks.expect_close(gaussian_least_squares_moments",
         "Sigma = np.outer(G, G) + (delta @ C @ delta + sigma**2) * C - np.outer(G, G)\nchecks.expect_close(gaussian_least_squares_moments"),
        ("the second moment E[g gᵀ] instead of the covariance (G Gᵀ not subtracted)", "checks.expect_close(gaussian_least_squares_moments",
         "Sigma = Sigma + np.outer(G, G)\nchecks.expect_close(gaussian_least_squares_moments"),
        ("the label noise σ² left out of Σ", "checks.expect_close(gaussian_least_squares_moments", "Sigma = Sigma - sigma**2 * C\nchecks.expect_close(gaussian_least_squares_moments"),
    ],
    "check-gain": [
        ("B_simple in place of B_noise", "1 + start.noise_scale / batches", "1 + start.simple_noise_scale / batches"),
        ("B and B_noise swapped in the formula", "1 + start.noise_scale / batches", "1 + batches / start.noise_scale"),
        ("the 1/2 of ΔL_∞ forgotten", "simulated, gain_noiseless /", "simulated, 2 * gain_noiseless /"),
        ("the comparison reversed (the neighbouring steps taken as the better ones)", "checks.expect_true(margins",
         "margins = -margins\nchecks.expect_true(margins"),
    ],
    "check-tradeoff": [
        ("E/E_min = B/B_noise (the 1 forgotten)", "checks.expect_true(examples_ratio",
         "examples_ratio = examples_ratio - 1\nchecks.expect_true(examples_ratio"),
        ("E = S: the factor B forgotten in the examples", "checks.expect_true(examples_ratio",
         "examples_ratio = gain_noiseless / (start.noise_scale * simulated)\nchecks.expect_true(examples_ratio"),
        ("too few draws at B = 1 to see E/E_min above 1 (the draws' spread tripled)",
         "examples_ratio - 3 * examples_errors", "examples_ratio - 9 * examples_errors"),
    ],
    "check-path": [
        ("B_noise taken from w = 0 at every point of training", "checks.expect_order(noise_scales,",
         "checks.expect_order(np.full(len(path), path[0].noise_scale),"),
        ("the path read backwards (B_noise falling as the loss falls)", "checks.expect_order(noise_scales,",
         "checks.expect_order(noise_scales[::-1],"),
    ],
    "check-two-batch": [
        ("the batch sizes' weights swapped in the |G|² estimate", "checks.expect_within_standard_errors(",
         "gradient_sq = (16 * big - 1024 * small) / (1024 - 16)\nchecks.expect_within_standard_errors("),
        ("|G|² taken as the big batch's squared norm (its noise tr(Σ)/B_big left in)", "checks.expect_within_standard_errors(",
         "gradient_sq = big\nchecks.expect_within_standard_errors("),
        ("tr(Σ) without dividing by 1/B_small − 1/B_big", "checks.expect_within_standard_errors(",
         "trace_sigma = small - big\nchecks.expect_within_standard_errors("),
    ],
}
