"""Exercise specs of notebook 05 (the limits of scaling the learning rate).

Specs say how to check an answer, never what it is: the answers live in the solution notebook,
the keys in ``_keys_05.py`` (generated).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import Choice, Feedback, Function, Number

# The coding exercise's settings: (tuned rate, tuned batch size, h_max, fraction of the limit), none of them
# notebook 05's, and batch sizes that are neither powers of two nor 32. In every setting the linear rule
# crosses the cap between two of the batch sizes, so both regimes are checked.
_SETTINGS = ((0.03, 12, 0.8, 0.9), (0.07, 40, 2.5, 0.5), (0.011, 7, 1.3, 0.95))
_BATCH_SIZES = (3, 10, 45, 100, 333, 1000, 2500, 9000)


def _rate_of(capped_linear_rate, batch_size, tuned_rate, tuned_batch_size, h_max, fraction) -> float | Feedback:
    value = capped_linear_rate(batch_size, tuned_rate, tuned_batch_size, h_max, fraction)
    if value is None:
        return Feedback(False, "Your function returns None: replace `...` with a `return` of the learning rate.")
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return Feedback(False, f"Your function returns {value!r:.40}; return one number, the learning rate.")
    if not np.isfinite(value) or value <= 0:
        return Feedback(False, f"Your function returns {value!r} at B = {batch_size}: a learning rate is a positive number.")
    return float(value)


def _verify_capped_rate(capped_linear_rate) -> Feedback:
    """Call the student's function at several settings and batch sizes; diagnose from the rates it returns."""
    sizes = np.array(_BATCH_SIZES, dtype=float)
    rates = np.empty((len(_SETTINGS), sizes.size))
    for i, setting in enumerate(_SETTINGS):
        for j, b in enumerate(_BATCH_SIZES):
            value = _rate_of(capped_linear_rate, b, *setting)
            if isinstance(value, Feedback):
                return value
            rates[i, j] = value
    tuned, tuned_batch, top, fraction = (np.array(column, dtype=float)[:, None] for column in zip(*_SETTINGS))
    linear = tuned * sizes / tuned_batch            # the linear rule, eta_0 B / B_0
    limit = 2 / top                                 # the full-batch stability limit under mean()
    ceiling = fraction * limit
    grows = linear < ceiling
    close = lambda a, b: bool(np.allclose(a, b, rtol=1e-9, atol=0))    # noqa: E731
    big = ~grows
    usual = (   # the usual mistakes, each a whole pattern of rates over the settings and batch sizes
        (np.minimum(linear, limit), "At large B your rate stops at 2 / h_max itself: the cap is `fraction` of that limit, "
                                    "a safety margin below it."),
        (np.minimum(linear, fraction / top), "At large B your rate stops at fraction / h_max: the stability limit is "
                                             "2 / h_max, not 1 / h_max."),
        (np.minimum(linear, ceiling / sizes), "Your cap falls as 1 / B: that is sum()'s limit 2 / (B h_max). The linear "
                                              "rule's rate is a mean() rate, whose limit 2 / h_max does not depend on B."),
        (np.minimum(tuned * np.sqrt(sizes / tuned_batch), ceiling), "Below the cap your rate grows as the square root of "
                                                                    "B: the linear rule grows in proportion to B."),
        (np.minimum(tuned * sizes, ceiling), "Below the cap your rate is tuned_rate × B: that leaves out the tuned batch "
                                             "size, eta_0 B / B_0."),
    )
    for pattern, message in usual:
        if close(rates, pattern):
            return Feedback(False, message)
    if close(rates, linear):
        return Feedback(False, f"Your rate is the linear rule's at every B, so it passes the stability limit (at B = "
                               f"{int(sizes[np.argmax(rates[0] > limit[0])])} in one of the checked settings): cap it.")
    for i, setting in enumerate(_SETTINGS):
        plateau = rates[i][big[i]]
        if close(plateau, plateau[0]) and not close(plateau, ceiling[i, 0]):
            rounded = np.isclose(plateau[0], ceiling[i, 0], rtol=1e-3, atol=0)
            advice = ("Return the rate unrounded." if rounded
                      else "Use the arguments h_max and fraction, not fixed numbers.")
            return Feedback(False, f"With h_max = {setting[2]} and fraction = {setting[3]} your rate at large B is "
                                   f"{plateau[0]:.7g}, not fraction × 2 / h_max = {ceiling[i, 0]:.7g}. {advice}")
    over = rates > ceiling * (1 + 1e-9)
    if over.any():
        i, j = np.argwhere(over)[0]
        return Feedback(False, f"At B = {int(sizes[j])} (h_max = {_SETTINGS[i][2]}, fraction = {_SETTINGS[i][3]}) your rate "
                               f"{rates[i, j]:.4g} is above fraction × 2 / h_max = {ceiling[i, 0]:.4g}: it must never pass the cap.")
    if not close(rates[grows], linear[grows]):
        i, j = np.argwhere(grows & ~np.isclose(rates, linear, rtol=1e-9, atol=0))[0]
        return Feedback(False, f"Below the cap your rate is not the linear rule's: at B = {int(sizes[j])} with eta_0 = "
                               f"{_SETTINGS[i][0]} tuned at B_0 = {_SETTINGS[i][1]} it is {rates[i, j]:.4g}. Use every "
                               "argument: tuned_rate, batch_size and tuned_batch_size.")
    if not close(rates[big], np.broadcast_to(ceiling, rates.shape)[big]):
        return Feedback(False, "Above the crossing your rate should stay at the cap, fraction × 2 / h_max, at every B.")
    return Feedback(True, f"Correct: at batch sizes from {_BATCH_SIZES[0]} to {_BATCH_SIZES[-1]} and three settings, your "
                          "rate follows the linear rule up to the cap and stays at the cap beyond it.")


EXERCISES = {
    "05.1": Number(
        hint="Under sum() the Hessian of the batch loss is B times the mean's: its largest eigenvalue is B h_max.",
    ),
    "05.2": Number(
        hint="Solve η₀ B / B₀ = 2 / h_max for B.",
    ),
    "05.3": Function(verify=_verify_capped_rate,
                     hint="Compute the linear rule's rate and the cap, and return the smaller of the two."),
    "05.4": Choice(options=("a", "b", "c", "d"), kind="which claim is wrong"),
    "05.5": Number(
        hint="sum() multiplies every gradient by B, so m̂ and √v̂ by B too. Write the sum() step with B "
             "factored out of its denominator, then compare it with the mean() step.",
        digits=3,
    ),
    "05.6": Choice(options=("a", "b", "c", "d")),
}
