"""Usual wrong answers to notebook 01's exercises: each must be refused with the hint for that mistake."""

WRONG_ANSWERS = {
    "01.1": [
        ("the mean() report again", lambda a: a / 250, "ask what sum() does"),
        ("the mean divided by B", lambda a: a / 250**2, "sum() reports more than mean()"),
        ("B divided by the mean", lambda a: 250**2 / a, "upside down"),
    ],
    "01.2": [
        ("a sign error: the step taken up the gradient", lambda a: -a, "Check the sign"),
        ("one step instead of the epoch's", lambda a: a / 4, "That is one step"),
        ("the linear rule's rate instead of the fixed one", lambda a: a * 8, "linear rule"),
        ("the sum() reduction instead of mean()", lambda a: a * 512, "change under sum()"),
    ],
    "01.5": [
        ("the mean() rate of the linear rule", lambda b, lr, b0: b * lr / b0, "mean() rate of the linear rule"),
        ("the tuned mean() rate unchanged", lambda b, lr, b0: lr, "tuned mean() rate itself"),
        ("divided by the new batch size", lambda b, lr, b0: lr / b, "only at the tuned batch size"),
        ("multiplied by the new batch size", lambda b, lr, b0: lr * b, "changes with batch_size"),
        ("the tuned batch size hard-coded as 32", lambda b, lr, b0: lr / 32, "when tuned_batch_size changes"),
        ("the tuned rate hard-coded", lambda b, lr, b0: 0.32 / b0, "when tuned_learning_rate changes"),
        ("multiplied by the tuned batch size", lambda b, lr, b0: lr * b0, "grows with tuned_batch_size"),
    ],
}

OPTION_FEEDBACK = {
    "01.3": {"a": "already grows with the batch", "b": "restores it", "c": "Growing η as well",
             "d": "same algorithm only when"},
    "01.4": {"a": "per-step updates of the table's first", "b": "slips the same way", "c": "the table's `mean()` step",
             "d": "half as far as two batches"},
}
