"""Plausible mistakes that each check cell of notebook 06 must catch (see tests/check_mutations/__init__.py)."""

MUTATIONS = {
    "check-accumulation-fixed": [
        ("each micro-batch averaged on its own, then divided by M", "checks.expect_close(fixed,", "checks.expect_close(naive,"),
        ("the micro-batch means summed without dividing by M",
         "checks.expect_close(fixed,",
         "checks.expect_close(accumulation.accumulate(token_losses, lengths, 2, 'sum of micro-batch means'),"),
        ("padding counted as tokens", "full_batch, rtol", "token_losses.mean(), rtol"),
    ],
    "check-accumulation-equal-counts": [
        ("equal sequence counts but unequal token counts per micro-batch", "np.array([4, 4, 4, 4])", "np.array([2, 4, 6, 4])"),
    ],
    "check-outputs-ratio": [
        ("the ratio expected to be B, not D", "gradient_ratios, outputs_per_example,", "gradient_ratios, 8 * np.ones(3),"),
        ("the ratio expected to be 1: a mean is a mean", "gradient_ratios, outputs_per_example,", "gradient_ratios, np.ones(3),"),
    ],
    "check-parallel-equal": [
        ("unequal shards taken for equal ones", "checks.expect_close(ddp_equal,", "checks.expect_close(ddp_unequal,"),
        ("the all-reduce sums without dividing by K",
         "checks.expect_close(ddp_equal,",
         "checks.expect_close(distributed.data_parallel_gradient(per_example, equal_shards, 'mean', 'sum'),"),
    ],
    "check-parallel-global-batch": [
        ("each worker divides by its own shard size (DDP)",
         "checks.expect_close(by_global_batch,",
         "checks.expect_close(distributed.data_parallel_gradient(per_example, unequal_shards, 'mean', 'average'),"),
        ("the global-batch sums averaged over workers instead of summed",
         "checks.expect_close(by_global_batch,",
         "checks.expect_close(distributed.data_parallel_gradient(per_example, unequal_shards, 'global batch', 'average'),"),
    ],
    "check-parallel-unequal": [
        ("the claim tested on equal shards", "relative_error(ddp_unequal,", "relative_error(ddp_equal,"),
    ],
    "check-weights-identity": [
        ("the two normalizations swapped",
         "checks.expect_close(by_batch_size,",
         "checks.expect_close(weighting.weighted_mean(batch_losses, batch_weights, 'sum of weights'),"),
        ("the mean weight of the whole data set used for every batch", "keras_scale * by_weights", "keras_scale.mean() * by_weights"),
    ],
    "check-weights-average": [
        ("unbalanced class weights (the positive class weighted 9, the other 1)",
         "checks.expect_close(keras_scale.mean(),",
         "checks.expect_close(weighting.step_scale(helpers.split_into_batches(weighting.class_weights(labels, np.array([1.0, 9.0])), 16), 'batch size').mean(),"),
    ],
    "check-last-batch": [
        ("the ratio inverted: r / B", "batch_size / remainder,", "remainder / batch_size,"),
        ("sum() weights taken for mean() weights", "checks.expect_close(mean_weights[-1] / mean_weights[0],",
         "checks.expect_close(sum_weights[-1] / sum_weights[0],"),
    ],
}

MUTATIONS["check-accumulation-length-dependent"] = [
    ("the correct accumulation (token sums over the total count) taken for the micro-batch means",
     "loss_errors[8] > 0.1",
     "accumulation.accumulate(harder_when_short, lengths_wide, 8, 'token mean') / full_loss - 1 > 0.1"),
    ("tokens that do not depend on the length",
     "loss_errors[8] > 0.1",
     "accumulation.accumulate(np.ones_like(harder_when_short), lengths_wide, 8, 'mean of micro-batch means') - 1 > 0.1"),
]


MUTATIONS["check-parallel-smallest-shard"] = [
    ("the largest shard's examples taken for the smallest's", '"average").max()', '"average").min()'),
    ("shards of equal size", "shard_sizes(64, k, 0.5)", "shard_sizes(64, k, 0.0)"),
    ("the weight not compared with the global mean's 1 / B", "[64 * distributed", "[distributed"),
    ("each worker's sum divided by the global batch size (weights all 1)", '"mean", "average"', '"global batch", "sum"'),
]
