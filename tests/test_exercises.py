"""Self-checks accept the right answer, refuse wrong ones kindly, and wait for an answer."""

import pytest

from helpers import exercises

RIGHT = {
    exercises.check_mistakes_from_mean: 16,                # 0.0625 * 256
    exercises.check_scaled_learning_rate: 0.32,            # 512 * 0.02 / 32
    exercises.check_epoch_update_mean: -4 * 0.64 * 0.0625,  # 4 steps of -lr * mean gradient
    exercises.check_gradient_ratio: 32,                    # B
    exercises.check_sum_learning_rate: 0.1 / 128,
    exercises.check_forgotten_rescale: 64,
    exercises.check_effective_strength: 4 / 32,
    exercises.check_consistent_penalty: 2 * 64 / 512,
    exercises.check_penalty_applications: 512 / 16,
    exercises.check_simple_noise_scale: 20 / 0.5,
    exercises.check_stable_learning_rate: 2 / (8 * 4),
    exercises.check_adam_epsilon: 1e-8 / 128,
}


@pytest.mark.parametrize("check, answer", RIGHT.items())
def test_right_answer(check, answer):
    feedback = check(answer)
    assert feedback.correct and feedback.message.startswith("Correct")


@pytest.mark.parametrize("check, answer", RIGHT.items())
def test_wrong_answers(check, answer):
    for wrong in (answer * 2, -answer, answer + 1):
        feedback = check(wrong)
        assert not feedback.correct and "Hint:" in feedback.message


@pytest.mark.parametrize("check", RIGHT)
def test_unanswered_and_not_a_number(check):
    assert "Not answered yet" in repr(check(...))
    assert "Please answer with a number" in check("16").message
    assert not check(True).correct
    assert "not a finite number" in check(float("nan")).message
