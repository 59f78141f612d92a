"""Property-based tests (hypothesis) of the course's core relations, over generated shapes and values.

* ``sum = B x mean`` for any batch of losses;
* ``grad L_sum = B x grad L_mean`` for any model, batch and loss, so one SGD step under ``sum`` with
  ``lr`` equals one under ``mean`` with ``B x lr``;
* the vectorized trainer equals plain mini-batch SGD, one configuration at a time;
* the sigmoid is a probability, symmetric, and monotone.

Deterministic (``derandomize=True``: the same examples every run) and quick (a few seconds).
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_training import reference_sgd

import helpers

QUICK = settings(max_examples=40, deadline=None, derandomize=True, database=None)
EPS = np.finfo(float).eps

reals = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
batch_shapes = st.tuples(st.integers(0, 3), st.integers(1, 200)).map(lambda s: (s[0], s[1]) if s[0] else (s[1],))


@QUICK
@given(arrays(np.float64, batch_shapes, elements=reals))
def test_sum_is_batch_size_times_mean_for_any_batch(losses):
    b = losses.shape[-1]
    total, mean = helpers.reduce_losses(losses, "sum"), helpers.reduce_losses(losses, "mean")
    # equal up to rounding: a few ulps of the sum of magnitudes (the sum itself may cancel to nearly 0)
    tolerance = 4 * b * EPS * np.abs(losses).sum(axis=-1)
    assert np.all(np.abs(total - b * mean) <= tolerance)


@st.composite
def models(draw, loss=st.sampled_from(["logistic", "squared"])):
    name = draw(loss)
    n, d = draw(st.integers(1, 64)), draw(st.integers(1, 4))
    small = st.floats(-3, 3, allow_nan=False)
    features = draw(arrays(np.float64, (n, d), elements=small))
    weights = draw(arrays(np.float64, (d,), elements=small))
    targets = (draw(arrays(np.int64, (n,), elements=st.integers(0, 1))) if name == "logistic"
               else draw(arrays(np.float64, (n,), elements=small)))
    return weights, features, targets, name


@QUICK
@given(models(), st.floats(1e-4, 1.0))
def test_gradient_ratio_is_batch_size_and_the_steps_agree_with_scaled_lr(model, learning_rate):
    weights, features, targets, loss = model
    b = len(targets)
    g_sum = helpers.gradients.batch_gradient(weights, features, targets, loss, "sum")
    g_mean = helpers.gradients.batch_gradient(weights, features, targets, loss, "mean")
    per_example = np.abs(helpers.per_example_gradients(weights, features, targets, loss)).sum(axis=0)
    np.testing.assert_array_less(np.abs(g_sum - b * g_mean), 4 * b * EPS * per_example + 1e-300)
    step_sum = helpers.sgd_update(weights, g_sum, learning_rate)
    step_mean = helpers.sgd_update(weights, g_mean, b * learning_rate)
    np.testing.assert_allclose(step_sum, step_mean, rtol=1e-12, atol=1e-12 * (1 + learning_rate * per_example.max()))


@st.composite
def training_settings(draw):
    n, d = draw(st.integers(2, 24)), draw(st.integers(1, 3))
    features = draw(arrays(np.float64, (n, d), elements=st.floats(-2, 2, allow_nan=False)))
    targets = draw(arrays(np.float64, (n,), elements=st.floats(-2, 2, allow_nan=False)))
    sizes = draw(st.lists(st.integers(1, n), min_size=1, max_size=3, unique=True))
    rates = draw(st.lists(st.floats(1e-3, 0.05), min_size=1, max_size=2))
    reduction = draw(st.sampled_from(["sum", "mean"]))
    return features, targets, np.array(sizes), np.array(rates), reduction, draw(st.integers(1, 2)), draw(st.integers(0, 99))


@QUICK
@given(training_settings())
def test_the_trainer_equals_a_plain_loop_per_configuration(setting):
    features, targets, sizes, rates, reduction, epochs, seed = setting
    run = helpers.train_linear_model(features, targets, loss="squared", batch_size=sizes[:, None], learning_rate=rates[None, :],
                                     reduction=reduction, epochs=epochs, seed=seed)
    for i, j in np.ndindex(len(sizes), len(rates)):
        if run.diverged[i, j]:
            continue
        expected = reference_sgd(features, targets, loss="squared", batch_size=int(sizes[i]), learning_rate=rates[j],
                                 reduction=reduction, epochs=epochs, seed=seed)
        np.testing.assert_allclose(run.weights[i, j], expected, rtol=1e-9, atol=1e-12)


@QUICK
@given(arrays(np.float64, st.integers(1, 50), elements=st.floats(-1e4, 1e4, allow_nan=False)))
def test_sigmoid_is_a_symmetric_monotone_probability(z):
    p, q = helpers.sigmoid(z), helpers.sigmoid(-z)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p + q, 1.0, rtol=0, atol=2 * EPS)
    order = np.argsort(z)
    assert np.all(np.diff(p[order]) >= 0)
