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
    "05.3": [
        ("no cap: the linear rule alone", lambda b, r, b0, h, f: r * b / b0, "cap it"),
        ("capped at 2 / h_max itself", lambda b, r, b0, h, f: min(r * b / b0, 2 / h), "2 / h_max itself"),
        ("capped at fraction / h_max", lambda b, r, b0, h, f: min(r * b / b0, f / h), "not 1 / h_max"),
        ("capped at sum()'s limit", lambda b, r, b0, h, f: min(r * b / b0, f * 2 / (b * h)), "sum()'s limit"),
        ("the square-root rule", lambda b, r, b0, h, f: min(r * (b / b0) ** 0.5, f * 2 / h), "square root of B"),
        ("B₀ left out", lambda b, r, b0, h, f: min(r * b, f * 2 / h), "leaves out the tuned batch size"),
        ("the fraction hard-coded to 0.9", lambda b, r, b0, h, f: min(r * b / b0, 0.9 * 2 / h), "not fixed numbers"),
        ("h_max hard-coded to notebook 05's", lambda b, r, b0, h, f: min(r * b / b0, f * 2 / 2.05), "not fixed numbers"),
        ("max instead of min", lambda b, r, b0, h, f: max(r * b / b0, f * 2 / h), "never pass the cap"),
        ("the rate rounded to 3 decimals", lambda b, r, b0, h, f: round(min(r * b / b0, f * 2 / h), 3), "unrounded"),
        ("B₀ hard-coded to 16", lambda b, r, b0, h, f: min(r * b / 16, f * 2 / h), "Use every argument"),
        ("nothing returned", lambda b, r, b0, h, f: None, "returns None"),
    ],
    "05.5": [
        ("ε multiplied by B instead of divided", lambda a: a * 128 * 128, "Other way round"),
        ("ε unchanged", lambda a: a * 128, "With the same ε"),
        ("ε scaled by √B", lambda a: a * 128**0.5, "not by √B"),
    ],
}

OPTION_FEEDBACK = {
    "05.4": {"a": "cannot prove it either", "b": "does not lower the curvature",
             "c": "largest eigenvalue is often above h_max", "d": "comes down as B grows"},
    "05.6": {"a": "proportional to the gradient, like SGD's", "b": "the step would grow 256-fold too",
             "c": "only the gradient's scale changes", "d": "256 × 256 times longer"},
}
