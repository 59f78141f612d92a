"""Every check cell of every solution notebook fails on at least one plausible mistake.

A check that still passes when the claim it guards is false teaches nothing. For each check cell
(a code cell calling ``checks.expect_...``), ``tests/check_mutations/nbNN.py`` lists mistakes (the
wrong formula, an off-by-B learning rate, a swapped reduction, a sign error); the cell's source with
each mistake must raise ``CheckFailed``. The list itself says which mistake each check catches.
"""

import pytest

from solution_runs import SOLUTIONS, mutations_for


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_check_cell_fails_on_a_plausible_mistake(path, solution_runs):
    run = solution_runs[path.name]
    assert run.check_cells, "a notebook without a check cell"
    without = [cell for cell in run.check_cells if not any(m.cell_id == cell for m in run.mutants)]
    assert not without, f"check cells with no mutation in tests/check_mutations/nb{path.name[:2]}.py: {without}"
    unknown = sorted(set(mutations_for(path)) - set(run.check_cells))
    assert not unknown, f"mutations for cells that are not check cells (any more): {unknown}"
    stale = [(m.cell_id, m.mistake) for m in run.mutants if not m.applied]
    assert not stale, f"mutations whose text is no longer in the cell: {stale}"
    passed = [(m.cell_id, m.mistake, m.error_name) for m in run.mutants if m.error_name != "CheckFailed"]
    assert not passed, f"check cells that did not fail (with CheckFailed) on a mistake: {passed}"
