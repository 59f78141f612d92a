"""Usual wrong answers to notebook 02's exercises: each must be refused with the hint for that mistake."""

from helpers.gradients import batch_gradient


def _sum_gradient(weights, features, labels):
    return batch_gradient(weights, features, labels, "logistic", "sum")


WRONG_ANSWERS = {
    "02.1": [
        ("the rate of a full batch of 64", lambda a: a * 64 / 40, "rate for a full batch of 64"),
        ("the sum() rate unchanged", lambda a: a / 40, "sum() rate unchanged"),
        ("divided by B instead of multiplied", lambda a: a / 40**2, "You divided by B"),
        ("the number of batches for B", lambda a: a * 16 / 40, "number of batches"),
    ],
    "02.3": [
        ("the sum() step at the old rate (the bug left in)",
         lambda w, X, y, lr: w - lr * _sum_gradient(w, X, y), "still B times longer"),
        ("divided by a fixed 32 instead of the batch size",
         lambda w, X, y, lr: w - lr / 32 * _sum_gradient(w, X, y), "same number, 32, at every batch size"),
        ("divided by the number of features instead of examples",
         lambda w, X, y, lr: w - lr / X.shape[1] * _sum_gradient(w, X, y), "same number, 3, at every batch size"),
        ("divided by B twice",
         lambda w, X, y, lr: w - lr / len(y) ** 2 * _sum_gradient(w, X, y), "divided by B twice"),
        ("a sign error", lambda w, X, y, lr: w + lr / len(y) * _sum_gradient(w, X, y), "goes uphill"),
        ("the learning rate hard-coded",
         lambda w, X, y, lr: w - 0.05 / len(y) * _sum_gradient(w, X, y), "does not follow learning_rate"),
        ("the step returned instead of the new weights",
         lambda w, X, y, lr: -lr / len(y) * _sum_gradient(w, X, y), "returns the step itself"),
        ("half the step", lambda w, X, y, lr: w - lr / (2 * len(y)) * _sum_gradient(w, X, y), "a constant factor"),
        ("the weights returned unchanged", lambda w, X, y, lr: w, "returns the weights unchanged"),
        ("switched back to mean(), against the brief",
         lambda w, X, y, lr: w - lr * batch_gradient(w, X, y, "logistic", "mean"), "asks for mean()'s gradient"),
    ],
}

OPTION_FEEDBACK = {
    "02.2": {"true": "lowers one lowers the other", "false": "Scaling a function by a constant"},
    "02.4": {"a": "definition of the mean", "b": "finite differences confirm it", "c": "η₁ · dL_mean/dw",
             "d": "weighs B times less against a sum() data term"},
}
