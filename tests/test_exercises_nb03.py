"""Notebook 03's coding exercise: the usual wrong penalties fail, each with the hint that fits it.

(The right penalty passes in the solution notebook's run: tests/test_exercises.py and tests/solution_runs.py.)"""

import pytest

from helpers import exercises


@pytest.mark.parametrize("penalty, hint", [
    (lambda l2, batch_size, n_examples: l2, "the same at every B"),                            # the naive sum + λ
    (lambda l2, batch_size, n_examples: l2 / n_examples, "the same at every B"),               # mean()'s form under sum()
    (lambda l2, batch_size, n_examples: l2 / batch_size, "shrinks as B grows"),
    (lambda l2, batch_size, n_examples: l2 * n_examples / batch_size, "shrinks as B grows"),
    (lambda l2, batch_size, n_examples: 2 * l2 * batch_size / n_examples, "now the size"),    # off by a factor 2
    (lambda l2, batch_size, n_examples: l2 * batch_size ** 0.5 / n_examples, "grows"),         # ∝ √B
])
def test_wrong_penalties_fail_with_their_hint(penalty, hint):
    feedback = exercises.check("03.2", penalty)
    assert not feedback.correct and hint in feedback.message, feedback.message
    assert "minimizer" in feedback.message


def test_odd_returns_get_a_sentence():
    for value in ("0.5", [0.5], float("nan"), -1.0, True):
        feedback = exercises.check("03.2", lambda l2, batch_size, n_examples, v=value: v)
        assert not feedback.correct and "Traceback" not in feedback.message
