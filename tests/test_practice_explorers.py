"""Notebooks 06 and 07: what their live figures' runs show (tests/test_explorers.py builds the figures, which
sweeps every slider value, and compares the page's drawing with matplotlib's)."""

import numpy as np
import pytest

from helpers.explorers import optimizers, practice


def test_error_grids_are_zero_where_nothing_is_split_or_unequal():
    accumulation = practice.accumulation_error_grid(n_batches=4)
    assert np.all(accumulation[0] < 1e-12) and np.all(accumulation[:, 0] < 1e-12)
    assert np.all(accumulation[1:, 1:] > 0)
    parallel = practice.data_parallel_error_grid(n_batches=4)
    assert np.all(parallel[0] < 1e-12) and np.all(parallel[:, 0] < 1e-12)
    assert np.all(parallel[1:, 1:] > 0)


def test_adam_l2_and_decay_by_reduction(regression):
    features, targets = regression
    final = optimizers.adam_l2_and_decay(features, targets, steps=50)
    assert np.allclose(final[("AdamW", "sum")], final[("AdamW", "mean")], rtol=1e-6)
    assert not np.allclose(final[("Adam + L2", "sum")], final[("Adam + L2", "mean")], rtol=1e-3)


def test_adam_rule_gaps_are_zero_at_kappa_one(regression):
    features, targets = regression
    gaps = optimizers.adam_rule_gaps(features, targets, base_batch_size=4, base_learning_rate=0.01, factors=(1, 2),
                                     epochs=1, n_seeds=2, eval_every=16)
    for rule in optimizers.ADAM_RULES:
        assert gaps[rule][0] < 1e-12 and gaps[rule][1] > 0


def test_what_notebook_06_says_about_its_figures():
    """The sentences under the figures: the accumulation error grows with the spread and with M (a few per cent
    at most on this data); at an imbalance of 0.5 or more, DDP's error is largest at K = 2 and falls as K grows."""
    accumulation = practice.accumulation_error_grid(n_batches=32)  # the notebook's setting
    inner = accumulation[1:, 1:]
    assert np.all(np.diff(inner, axis=0) > 0) and np.all(np.diff(inner, axis=1) > 0) and accumulation.max() < 0.06
    parallel = practice.data_parallel_error_grid()
    for row in parallel[practice.IMBALANCES.index(0.5):]:
        assert np.all(np.diff(row[1:]) < 0)


def test_what_notebook_07_says_about_clipping():
    """At B = 1 the sum() threshold (tuned at 32) clips nothing and the mean() one most steps; four times the median
    clips every sum() step from B = 256 on and no mean() step at B >= 32."""
    import helpers

    features, labels = helpers.make_two_gaussians(8192, seed=0)
    per_example = helpers.per_example_gradients(np.zeros(3), helpers.add_bias_column(features), labels, "logistic")
    table = optimizers.gradient_norm_table(per_example, [1, 32, 128, 256, 512, 1024])
    tuned = {r: np.median(table[r][32]) for r in ("sum", "mean")}
    share = {(r, b, m): float(np.mean(table[r][b] > m * tuned[r])) for r in ("sum", "mean") for b in table[r] for m in (1, 4)}
    assert share[("sum", 1, 1)] == 0 and share[("mean", 1, 1)] > 0.5
    assert share[("sum", 128, 4)] < 1 and all(share[("sum", b, 4)] == 1 for b in (256, 512, 1024))
    assert all(share[("mean", b, 4)] == 0 for b in (32, 128, 256, 512, 1024))


def test_clipped_shares_over_seeds_follow_the_norm_table_at_each_seed():
    """Seed s is notebook 07's data at seed s, shuffled with seed s; the threshold is tuned per reduction."""
    import helpers

    shares = optimizers.clipped_shares_over_seeds(3, n_examples=1024, tuned_batch_size=16, batch_size=128,
                                                  threshold_multiple=2.0)
    for seed in range(3):
        features, labels = helpers.make_two_gaussians(1024, seed=seed)
        per_example = helpers.per_example_gradients(np.zeros(3), helpers.add_bias_column(features), labels, "logistic")
        table = optimizers.gradient_norm_table(per_example, [16, 128], seed=seed)
        for reduction in ("sum", "mean"):
            expected = np.mean(table[reduction][128] > 2.0 * np.median(table[reduction][16]))
            assert shares[reduction][seed] == expected
    # at the tuned batch size the median threshold clips half the steps, under either reduction, at every seed
    at_tuned = optimizers.clipped_shares_over_seeds(3, n_examples=1024, tuned_batch_size=16, batch_size=16)
    assert np.all(at_tuned["sum"] == 0.5) and np.all(at_tuned["mean"] == 0.5)


def test_what_notebook_07_says_about_clipping_over_five_seeds():
    shares = optimizers.clipped_shares_over_seeds(5)
    assert np.all(shares["sum"] == 1.0) and np.all(shares["mean"] < 0.5)


@pytest.mark.parametrize("kwargs, match", [
    (dict(n_seeds=0), "n_seeds"), (dict(batch_size=3), "batch_size"), (dict(tuned_batch_size=48), "tuned_batch_size"),
    (dict(threshold_multiple=0.0), "threshold_multiple"), (dict(n_examples=100), "batch_size"),
])
def test_clipped_shares_over_seeds_refuses_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.clipped_shares_over_seeds(**kwargs)
