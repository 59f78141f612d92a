"""Plausible mistakes for every check cell of every solution notebook, one module per notebook.

``tests/check_mutations/nbNN.py`` defines ``MUTATIONS``: for each check cell (a code cell that
calls ``checks.expect_...``), keyed by the cell's id, a list of ``(what the mistake is, old, new)``:
the cell's source with ``old`` replaced by ``new`` must raise ``CheckFailed``. Make the mistake
one a student or an author could make: the wrong formula, an off-by-B learning rate, a swapped
reduction, a sign error. ``new`` may rebind a name before the check (``"x = x * 2\\n" + ...``): the
mutant runs on a copy of the notebook's namespace, so it changes nothing for the cells after it.
"""
