"""The usual wrong answers to every exercise, one module per notebook, as ``tests/check_mutations/`` is for check cells.

``tests/exercise_mutations/nbNN.py`` defines

* ``WRONG_ANSWERS``: for each number and coding exercise, at least three usual mistakes, each
  ``(what the mistake is, the wrong answer, a phrase of the hint for that mistake)``. For a number,
  the wrong answer is a function of the right one (``lambda a: a / 250``: the right number itself is
  written only in the solution notebook); for a coding exercise, it is a function a student would
  write. The self-check must refuse it with a message holding the phrase, which no other mistake's
  message and no generic hint may hold.
* ``RIGHT_ANSWERS`` (optional): other correct answers a self-check must accept, each ``(what it is, the
  answer)``, such as a framework's own variant of a rule.
* ``OPTION_FEEDBACK``: for each multiple-choice, true/false and "which claim is wrong" exercise,
  every option with a phrase of its feedback. The key says which option is right (exactly one);
  every other option must be refused, each with its own feedback.

``tests/test_exercises_mutations.py`` runs them all against the self-checks and the answers the
solution notebooks give (``tests/solution_runs.py``).
"""
