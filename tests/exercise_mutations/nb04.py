"""Usual wrong answers to notebook 04's exercises: each must be refused with the hint for that mistake."""

import numpy as np


def _estimator(noise_factor, *, per_pair=False, upside_down=False, fixed=None):
    """A two-batch estimator a student might write: solve E|g_B|^2 = |G|^2 + tr(Σ)/B × factor(B, N) at both sizes."""

    def estimate(small_norms, big_norms, small, big, n_examples):
        if fixed is not None:
            small, big, n_examples = fixed
        per_example = lambda b: noise_factor(b, n_examples) / b  # noqa: E731
        s2, b2 = (np.asarray(small_norms), np.asarray(big_norms)) if per_pair else (np.mean(small_norms), np.mean(big_norms))
        trace = (s2 - b2) / (per_example(small) - per_example(big))
        ratio = trace / (b2 - per_example(big) * trace)
        ratio = 1 / ratio if upside_down else ratio
        return float(np.mean(ratio))

    return estimate


def _without(b, n):
    return (n - b) / (n - 1)


WRONG_ANSWERS = {
    "04.1": [
        ("upside down", lambda a: 1 / a, "upside down"),
        ("the big batch's squared norm taken for |G|²", lambda a: a * 0.5 / 0.6875, "took the big batch's squared norm"),
        ("the difference of the norms taken for tr(Σ)", lambda a: a * (1 / 16 - 1 / 256), "divide by that factor"),
        ("tr(Σ) from the small batch alone", lambda a: a * 7 / 6, "as if its gradient were all noise"),
    ],
    "04.2": [
        ("with replacement", lambda a: a * 255 / 192, "for draws with replacement"),
        ("(N − B)/N", lambda a: a * 255 / 256, "not (N − B)/N"),
        ("not divided by B", lambda a: a * 64, "without dividing by B"),
        ("the factor upside down", lambda a: a * (255 / 192) ** 2, "The factor is upside down"),
    ],
    "04.3": [
        ("the mean of per-pair ratios, which section 4 warns against", _estimator(_without, per_pair=True),
         "averages per-pair estimates"),
        ("section 4's estimator, for draws with replacement", _estimator(lambda b, n: 1.0), "section 4's estimator"),
        ("the factor (N − B)/N", _estimator(lambda b, n: (n - b) / n), "not (N − B)/N"),
        ("upside down", _estimator(_without, upside_down=True), "Upside down"),
        ("N and the batch sizes hard-coded", _estimator(_without, fixed=(6, 150, 300)), "not fixed numbers"),
        ("N hard-coded to the notebook's data set", lambda s, b, small, big, n: _estimator(_without)(s, b, small, big, 4096),
         "when n_examples changes"),
        ("not averaged over the draws", lambda s, b, small, big, n: np.asarray(s) / np.asarray(b), "average over the draws first"),
    ],
}

OPTION_FEEDBACK = {
    "04.4": {"a": "about 80 times past it", "b": "right only for part of the run", "c": "runs the wrong way",
             "d": "soon falls far below it"},
}
