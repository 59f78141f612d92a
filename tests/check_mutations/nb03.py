"""Plausible mistakes that each check cell of notebook 03 must catch (see tests/check_mutations/__init__.py)."""

MUTATIONS = {
    "check-effective-strength": [
        ("off by B twice: the sum() penalty taken to weigh λ·B", "lam / sizes, claim", "lam * sizes, claim"),
        ("mean() taken to weigh λ/B as sum() does", 'strength["mean + λ"], lam,', 'strength["mean + λ"], lam / sizes,'),
    ],
    "check-scheme-drift": [
        ("the consistent sum, consistent read in place of the naive sum + λ", "spread[0] > 1.5", "spread[2] > 1.5"),
        ("the naive sum + λ counted among the schemes that hold", "spread[1:] < 1.05", "spread[0:] < 1.05"),
    ],
    "check-same-run": [
        ("the naive pair (sum + λ, mean + λ) taken for the consistent pair", "run.weights[..., 2, :, :], run.weights[..., 3, :, :]",
         "run.weights[..., 0, :, :], run.weights[..., 1, :, :]"),
    ],
    "check-sum-weighs-lambda-over-b": [
        ("the sum() penalty taken to weigh λ, as under mean()", 'l2=effective_l2(lam, "sum", sizes)', "l2=lam"),
        ("the learning rate not scaled for mean()", "learning_rate=eta * sizes,", "learning_rate=eta,"),
    ],
    "check-divergence-limit": [
        ("mean()'s learning rate taken as η instead of B·η", "2 * run.learning_rate[..., 1]", "2 * run.learning_rate[..., 0]"),
        ("the penalty's curvature taken as λ instead of 2λ", "2 * run.learning_rate[..., 1]", "run.learning_rate[..., 1]"),
        ("mean + λ counted among the schemes that never diverge", "[..., [0, 2, 3, 4, 5]]", "[..., [0, 1, 2, 3, 4, 5]]"),
        ("the consistent mean, consistent taken for mean + λ", "l2s.index(0.5), 1)", "l2s.index(0.5), 3)"),
        ("the penalty's factor taken at sum()'s rate η, not B·η", "1 - penalty_step[seesaw[:3]]", "1 - penalty_step[seesaw[:3]] / 512"),
    ],
    "check-accuracy-over-seeds": [
        ("sum + λ taken for mean + λ", "accuracies[..., 1] < others.min(axis=-1)", "accuracies[..., 0] < others.min(axis=-1)"),
    ],
    "check-growth-pairs": [
        ("mean() at η (same learning rate) taken for the same per-example step", "growth.weights[:, 1], growth.weights[:, 0]",
         "growth.weights[:, 2], growth.weights[:, 0]"),
        ("mean() at η compared with sum() at η instead of η/B", "growth.weights[:, 2], growth.weights[:, 3]",
         "growth.weights[:, 2], growth.weights[:, 0]"),
        ("mean() + λ compared with sum() without the penalty", "growth.weights[:, 5], growth.weights[:, 4]",
         "growth.weights[:, 5], growth.weights[:, 0]"),
    ],
    "check-growth-direction": [
        ("the gradient checked at the starting weights, not at the minimizer", "batch_gradient(minimizer,", "batch_gradient(0 * minimizer,"),
        ("the distance measured from the starting point instead of the minimizer", "growth.weights[:, :4] - minimizer",
         "growth.weights[:, :4] - 0 * minimizer"),
        ("the minimizer of the penalized loss (λ = 1 per batch under mean()) taken as the unpenalized one",
         "unpenalized[..., -1] < np.linalg.norm(minimizer)", "unpenalized[..., -1] < growth_norms[:, 5:6, -1]"),
        ("the same-step run (mean at Bη) taken for the same-η run", "growth_norms[:, 2, -1] < growth_norms[:, 0, -1]",
         "growth_norms[:, 1, -1] < growth_norms[:, 0, -1]"),
    ],
    "check-growth-loss": [
        ("sum()'s losses read in place of mean()'s", "checks.expect_order(growth.loss[:, 2, -1]", "checks.expect_order(growth.loss[:, 0, -1]"),
        ("mean() at η read in place of sum() at η", "growth.loss[:, 0, -1], growth.loss[0, 0, -1]", "growth.loss[:, 2, -1], growth.loss[0, 2, -1]"),
    ],
    "check-decoupled-same-steps": [
        ("a framework's rule (γ times the learning rate) in place of the paper's",
         "checks.expect_close(paper_rule.weights[:, 1]",
         "paper_rule = weight_decay.train_decoupled_decay(X, labels, batch_sizes=sizes, learning_rate=eta, "
         "weight_decay=decay_per_step, convention='keras', epochs=30)\nchecks.expect_close(paper_rule.weights[:, 1]"),
        ("compared with the L2 penalty sum + λ instead of the decay scheme", "run.final_weights[:, j, k, 4]", "run.final_weights[:, j, k, 0]"),
        ("decay, mean's decay taken as 2(Bη)p, B times the sum() one",
         "paper_rule.final_weights[:, 1], run.final_weights[:, j, k, 5]",
         "weight_decay.train_decoupled_decay(X, labels, batch_sizes=sizes[:3], learning_rate=eta, weight_decay=decay_per_step[:3] * sizes[:3], "
         "convention='loshchilov_hutter', epochs=30).final_weights[:, 1], run.final_weights[:3, j, k, 5]"),
    ],
    "check-framework-decay": [
        ("the decay per step taken as the same under both reductions", "framework.weight_decay[:, 0], sizes,",
         "framework.weight_decay[:, 0], np.ones_like(sizes),"),
        ("γ = λ instead of γ = 2λ", "k_half = l2s.index(framework_l2)", "k_half = l2s.index(2 * framework_l2)"),
        ("the frameworks' mean() run compared with the consistent mean, consistent", "run.final_weights[:, j, k_half, 1]",
         "run.final_weights[:, j, k_half, 3]"),
    ],
    "check-normalized-decay": [
        ("the normalized decay taken to grow linearly with B", "np.sqrt(sizes[-1] / sizes[0])", "sizes[-1] / sizes[0]"),
        ("the two rules swapped", 'checks.expect_close(left["∝ B"], left["∝ B"]', 'checks.expect_close(left["∝ √B"], left["∝ √B"]'),
        ("the √B rule's norms read as the linear rule's", 'spread_by_rule["∝ B"] < 1.01', 'spread_by_rule["∝ √B"] < 1.01'),
    ],
}
