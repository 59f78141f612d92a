"""The coding exercises of notebooks 01 and 02 run the student's function and name the usual mistakes.

No answer is written here: the checks are run on functions, right and wrong, and the test reads
the feedback.
"""

import numpy as np

from helpers import exercises
from helpers.gradients import batch_gradient


def per_example_rate(batch_size, tuned_learning_rate, tuned_batch_size):
    return tuned_learning_rate / tuned_batch_size


def test_01_5_accepts_the_rate_in_any_form():
    assert exercises.check("01.5", per_example_rate).correct
    assert exercises.check("01.5", lambda b, lr, b0: np.float64(lr) * (1 / b0)).correct
    assert exercises.check("01.5", lambda b, lr, b0: (b * lr / b0) / b).correct


def test_01_5_names_the_usual_mistakes():
    cases = {
        "mean() rate of the linear rule": lambda b, lr, b0: b * lr / b0,
        "tuned mean() rate itself": lambda b, lr, b0: lr,
        "only at the tuned batch size": lambda b, lr, b0: lr / b,
        "returns None": lambda b, lr, b0: None,
        "positive, finite": lambda b, lr, b0: -lr,
        "one number": lambda b, lr, b0: [lr],
    }
    for phrase, function in cases.items():
        feedback = exercises.check("01.5", function)
        assert not feedback.correct and phrase in feedback.message, (phrase, feedback.message)


def test_01_5_an_unrecognised_wrong_rate_is_caught_by_training():
    feedback = exercises.check("01.5", lambda b, lr, b0: 2 * per_example_rate(b, lr, b0))
    assert not feedback.correct and "away from the weights of mean()" in feedback.message


def fixed_step(weights, features, labels, learning_rate):
    return weights - learning_rate / len(labels) * batch_gradient(weights, features, labels, "logistic", "sum")


def test_02_3_accepts_the_fix_in_any_form():
    assert exercises.check("02.3", fixed_step).correct
    assert exercises.check("02.3", lambda w, X, y, lr: w - lr * batch_gradient(w, X, y, "logistic", "sum") / X.shape[0]).correct
    # The brief keeps sum() (the script logs the total): switching the gradient back to mean() is refused.
    back_to_mean = exercises.check("02.3", lambda w, X, y, lr: w - lr * batch_gradient(w, X, y, "logistic", "mean"))
    assert not back_to_mean.correct and "asks for mean()'s gradient" in back_to_mean.message


def test_02_3_names_the_usual_mistakes():
    def in_place(w, X, y, lr):  # modifies the caller's array, and is right: allowed
        w -= lr / len(y) * batch_gradient(w, X, y, "logistic", "sum")
        return w

    assert exercises.check("02.3", in_place).correct
    cases = {
        "still B times longer": lambda w, X, y, lr: w - lr * batch_gradient(w, X, y, "logistic", "sum"),
        "divided by B twice": lambda w, X, y, lr: w - lr / len(y) ** 2 * batch_gradient(w, X, y, "logistic", "sum"),
        "goes uphill": lambda w, X, y, lr: w + lr / len(y) * batch_gradient(w, X, y, "logistic", "sum"),
        "returns None": lambda w, X, y, lr: None,
        "shape": lambda w, X, y, lr: w[:2],
        "NaN": lambda w, X, y, lr: w / 0.0,
        "a constant factor": lambda w, X, y, lr: w - 0.5 * lr / len(y) * batch_gradient(w, X, y, "logistic", "sum"),
        "on a batch of 1 example": lambda w, X, y, lr: w - lr / max(len(y), 8) * batch_gradient(w, X, y, "logistic", "sum"),
    }
    for phrase, function in cases.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            feedback = exercises.check("02.3", function)
        assert not feedback.correct and phrase in feedback.message, (phrase, feedback.message)
