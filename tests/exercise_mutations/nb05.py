"""Usual wrong answers to notebook 05's exercises: each must be refused with the hint for that mistake."""

WRONG_ANSWERS = {
    "05.1": [
        ("the limit under mean()", lambda a: a * 8, "the limit under mean()"),
        ("1 / (largest eigenvalue) instead of 2 /", lambda a: a / 2, "not 1 / it"),
        ("B times larger instead of smaller", lambda a: a * 64, "B times *smaller*"),
    ],
    "05.2": [
        ("where the rule reaches 1 / h_max", lambda a: a / 2, "reaches 1 / h_max"),
        ("B₀ left out", lambda a: a / 32, "leaves out B₀"),
        ("the square-root rule instead of the linear one", lambda a: a * a / 32, "square-root rule"),
    ],
    "05.5": [
        ("ε multiplied by B instead of divided", lambda a: a * 128 * 128, "Other way round"),
        ("ε unchanged", lambda a: a * 128, "With the same ε"),
        ("ε scaled by √B", lambda a: a * 128**0.5, "not by √B"),
    ],
}

OPTION_FEEDBACK = {
    "05.3": {"true": "It depends on the reduction", "false": "until the curvature caps it"},
    "05.4": {"a": "hundreds of times the best rate", "b": "not batch-size agnostic beyond it",
             "c": "identical Adam paths", "d": "falling as 1/B"},
    "05.6": {"a": "256 times shorter", "b": "their ratio does not", "c": "only the gradient's scale changes",
             "d": "grow 256-fold"},
}
