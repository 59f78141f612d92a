"""Usual wrong answers to notebook 03's exercises: each must be refused with the hint for that mistake."""

from helpers import regularization
from helpers.regularization import consistent_l2 as _ready_made

WRONG_ANSWERS = {
    "03.1": [
        ("the paper's λ unchanged", lambda a: a / 256, "the paper's own λ"),
        ("divided by B instead of multiplied", lambda a: a / 256**2, "compare how large the sum() data term is"),
        ("scaled by √B", lambda a: a / 16, "by √B"),
    ],
    "03.2": [
        ("the naive sum() + λ", lambda l2, batch_size, n_examples: l2, "the same at every B"),
        ("mean()'s consistent form used under sum()", lambda l2, batch_size, n_examples: l2 / n_examples,
         "the same at every B"),
        ("divided by B", lambda l2, batch_size, n_examples: l2 / batch_size, "shrinks as B grows"),
        ("N/B instead of B/N", lambda l2, batch_size, n_examples: l2 * n_examples / batch_size, "shrinks as B grows"),
        ("off by a factor of 2", lambda l2, batch_size, n_examples: 2 * l2 * batch_size / n_examples, "now the size"),
        ("off by 10 %", lambda l2, batch_size, n_examples: 1.1 * l2 * batch_size / n_examples, "now the size"),
        ("growing as √B", lambda l2, batch_size, n_examples: l2 * batch_size**0.5 / n_examples, "must grow alike"),
        ("l2 hard-coded", lambda l2, batch_size, n_examples: 10 * batch_size / n_examples, "when l2 changes"),
        ("N hard-coded", lambda l2, batch_size, n_examples: l2 * batch_size / 480, "when n_examples changes"),
        ("N hard-coded to a power of two", lambda l2, batch_size, n_examples: l2 * batch_size / 512,
         "when n_examples changes"),
        ("the course's consistent_l2 called", lambda l2, batch_size, n_examples:
         regularization.consistent_l2(l2, "sum", batch_size, n_examples), "don't call regularization.consistent_l2"),
        ("the course's consistent_l2, through another name", lambda l2, batch_size, n_examples:
         _ready_made(l2, "sum", batch_size, n_examples), "don't call regularization.consistent_l2"),
    ],
    "03.5": [
        ("B / (N T) without the square root", lambda a: a * (128 / (50_000 * 100)) ** 0.5, "its square root"),
        ("the epochs T left out", lambda a: a * 100**0.5, "number of epochs T"),
        ("the batch size B left out", lambda a: a / 128**0.5, "batch size B"),
        ("the ratio upside down", lambda a: 0.05**2 / a, "Upside down"),
    ],
}

OPTION_FEEDBACK = {
    "03.3": {"a": "whose learning rates undo that factor", "b": "final weights move with B",
             "c": "it is behind, not regularized", "d": "compares them to a relative 1e-9"},
    "03.4": {"a": "comes back through η", "b": "B·ηγ under `mean()`", "c": "division by B does not touch it",
             "d": "number of steps per epoch depends on B"},
}
