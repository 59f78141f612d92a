"""The post's worked example, against arithmetic done by hand."""

import numpy as np
import pytest

import helpers


def test_mistake_gradients_hold_8_mistakes_per_64():
    g = helpers.mistake_gradients(128)
    assert g.shape == (128,) and np.count_nonzero(g) == 16 and set(np.unique(g)) == {0.0, 0.5}
    assert all(np.count_nonzero(block) == 8 for block in g.reshape(2, 64))


def test_every_scenario_by_hand():
    rows = {(s.name, s.batch_size): s for s in helpers.worked_example()}
    # sum(), lr 0.01: each batch of 64 moves W_1 by -8 * 0.5 * 0.01; the batch of 128 by -16 * 0.5 * 0.01
    np.testing.assert_allclose(rows["sum, lr 0.01", 64].step_updates, [-8 * 0.5 * 0.01] * 2)
    assert rows["sum, lr 0.01", 128].total_update == pytest.approx(-16 * 0.5 * 0.01)
    # mean(), lr 0.64: -(8/64) * 0.5 * 0.64 per step, whatever the batch
    np.testing.assert_allclose(rows["mean, lr 0.01 x 64 (fixed)", 64].step_updates, [-0.125 * 0.5 * 0.64] * 2)
    np.testing.assert_allclose(rows["mean, lr 0.01 x 64 (fixed)", 128].step_updates, [-0.125 * 0.5 * 0.64])
    # the linear rule at 128: lr = 128 * 0.64 / 64 = 1.28
    assert rows["mean, lr by linear rule", 128].learning_rate == pytest.approx(1.28)
    assert rows["mean, lr by linear rule", 128].total_update == pytest.approx(-0.08)


def test_the_posts_sum_total_is_off_by_a_factor_of_two():
    # The post prints -2*8*0.5*0.01 = -0.04; the product is -0.08.
    total = sum(s.total_update for s in helpers.worked_example() if s.name == "sum, lr 0.01" and s.batch_size == 64)
    assert total == pytest.approx(-2 * 8 * 0.5 * 0.01) and total != pytest.approx(-0.04)


def test_table_prints_every_update():
    table = helpers.format_scenarios(helpers.worked_example())
    assert table.count("\n") == 7 and "-0.0400, -0.0400" in table and "1.28" in table


@pytest.mark.parametrize("call, error, words", [
    (lambda: helpers.mistake_gradients(100), ValueError, "multiple of 64"),
    (lambda: helpers.mistake_gradients(64, mistakes_per_64=65), ValueError, "mistakes_per_64 must be at most 64"),
    (lambda: helpers.worked_example(learning_rate=0), ValueError, "learning_rate must be positive"),
    (lambda: helpers.worked_example(tuned_batch_size=2.0), TypeError, "tuned_batch_size must be a positive integer"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
