"""Self-checks and autograder tests for the exercises; neither states an answer.

A notebook's exercise cell ends with the *self-check* ``exercises.check("01.2", answer)``, which
answers any input kindly and never raises. What it knows about exercise ``01.2`` comes from two
places, neither of which says the answer:

* its *spec*, in ``helpers/exercises/nbNN.py`` (one module per notebook): the kind of answer
  (:class:`Number`, :class:`Choice` or :class:`Function`) and a hint;
* its *key*, in ``helpers/exercises/_keys_NN.py``, generated from the solution notebooks by
  ``python scripts/make_student_notebooks.py``: a salted hash of the right number (rounded to
  the spec's significant digits, and to no fewer), a salted hash of each usual mistake's number
  with its hint scrambled by it, and each choice's feedback scrambled with the option it belongs
  to. Reading the key back gives no answer and no hint; typing a usual mistake's number, or trying
  an option, gives exactly its hint or feedback, as answering would. Every hash is a deliberately
  slow key derivation (:data:`KEY_DERIVATION_ITERATIONS` rounds of PBKDF2): a check costs a few
  tens of milliseconds, and so does every guess of a script that tries values, 900 per power of
  ten at three digits. A slowdown, not a lock: a choice is found by trying its few options, and
  the course's numbers by a script that runs for about an hour.

A number's usual mistakes are :class:`Mistake` s: *relations* to the right answer ("off by a
factor of B": the answer times 256), each with its hint. A relation gives the answer away as
surely as the answer itself (the wrong number is often printed in the notebook), so they are
instructor's material: they live in ``instructor/usual_mistakes/nbNN.py``, which students never
receive, and reach this package only through the keys, as hashes and scrambled hints.

The self-checks are practice. Graded work goes through nbgrader: after each exercise an
*autograder tests* cell runs :func:`assert_answer_form` (visible: it raises only for an answer
the grader cannot read) and, in nbgrader's hidden tests, :func:`assert_correct`, which is given
the answer in the clear and raises :class:`IncorrectAnswer` with the same hint the self-check
gives (a usual mistake's read from the key, as the self-check reads it). The answers themselves
live only in the solution notebooks (``instructor/solutions/``), between nbgrader's
``### BEGIN SOLUTION`` / ``### END SOLUTION`` and ``### BEGIN HIDDEN TESTS`` /
``### END HIDDEN TESTS`` markers.

A check returns :class:`Feedback`, which shows as one short sentence. Wrong kinds of input (a
string, a list, ``None``, NaN, a bool, an unrun ``...``) get a hint, never a traceback.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib
import json
import math
import numbers
import os
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .._validation import _show, check_bool, check_positive_int, check_real
from ._ready_made import HelperCalled

__all__ = ["Feedback", "Number", "Choice", "Function", "Mistake", "check", "assert_answer_form", "assert_correct",
           "exercise_ids", "number_key", "choice_key"]

RECORD_ANSWERS_ENV = "SUM_OR_MEAN_RECORD_ANSWERS"
"""Maintainers only: while set to a file path, :func:`assert_correct` records there each number answer
it is given in the clear (the solution notebooks' hidden tests), so the generator can write the keys."""

_SALT = "sum-or-mean/exercises/v2"

KEY_DERIVATION_ITERATIONS = 120_000
"""PBKDF2-HMAC-SHA256 rounds per hash of a key: 40 to 50 ms of one core of the course's 2-core test machine. A
self-check computes one hash (up to three for an answer on a rounding tie); recovering a number answer from its key
means trying every value to the exercise's significant digits, 900 per power of ten and sign at three digits. A
script that tries powers of ten outwards from 1 (52 ms a try, measured) needs about 80 minutes of one core for the
course's 3-digit answers, days for the one compared to six digits; one that knows each answer's order of magnitude
and sign, under a minute per answer."""


def _check_text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a non-empty str, got {_show(value)} of type {type(value).__name__}")
    return value


def _check_callable(value: object, name: str) -> Callable:
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {_show(value)} of type {type(value).__name__}")
    return value


@dataclass(frozen=True)
class Feedback:
    """The answer to a self-check: whether it was right, and what to say."""

    correct: bool
    message: str

    def __post_init__(self) -> None:
        check_bool(self.correct, "correct")
        _check_text(self.message, "message")

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return f"**{self.message}**" if self.correct else self.message


NOT_ANSWERED = Feedback(False, "Not answered yet: replace ... with your answer and run the cell again.")


@dataclass(frozen=True)
class Mistake:
    """A usual wrong answer, as a relation to the right one, and what to say when it is given.

    Instructor's material: listed in ``instructor/usual_mistakes/nbNN.py`` and given to
    :func:`number_key`, which stores only its slow hash and its message scrambled by it.
    """

    relation: Callable[[float], float]
    message: str

    def __post_init__(self) -> None:
        _check_callable(self.relation, "relation")
        _check_text(self.message, "message")


@dataclass(frozen=True)
class Number:
    """An exercise whose answer is one number, compared to ``digits`` significant digits.

    A student who typed fewer digits is asked for ``digits`` of them: the key holds no shorter form
    of the answer, which would be found ten times faster by trying values."""

    hint: str
    digits: int = 3

    def __post_init__(self) -> None:
        _check_text(self.hint, "hint")
        check_positive_int(self.digits, "digits", maximum=15, what=" (float64 holds about 15 significant digits)")


@dataclass(frozen=True)
class Choice:
    """A multiple-choice, true/false or "which claim is wrong" exercise; each option's feedback is in the key."""

    options: tuple[str, ...]
    kind: str = "multiple choice"

    def __post_init__(self) -> None:
        if (not isinstance(self.options, tuple) or not self.options
                or not all(isinstance(o, str) and o and o == o.strip().lower() for o in self.options)):
            raise TypeError(f"options must be a non-empty tuple of lower-case option names (str), got {_show(self.options)}")
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"options must be distinct, got {self.options}")
        _check_text(self.kind, "kind")


@dataclass(frozen=True)
class Function:
    """A coding exercise: ``verify(student_function)`` runs it and returns :class:`Feedback`."""

    verify: Callable[[Callable], Feedback]
    hint: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_callable(self.verify, "verify")
        if not isinstance(self.hint, str):
            raise TypeError(f"hint must be a str, got {_show(self.hint)} of type {type(self.hint).__name__}")
        if not isinstance(self.extra, dict):
            raise TypeError(f"extra must be a dict, got {_show(self.extra)} of type {type(self.extra).__name__}")


# --- the registry ---------------------------------------------------------------------------

def _notebook_modules(prefix: str) -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        match = re.fullmatch(prefix + r"(\d\d)", info.name)
        if match:
            found[match.group(1)] = importlib.import_module(f"{__name__}.{info.name}")
    return found


def _specs() -> dict[str, object]:
    specs = {}
    for module in _notebook_modules("nb").values():
        specs.update(module.EXERCISES)
    return specs


def _keys() -> dict[str, dict]:
    keys = {}
    for module in _notebook_modules("_keys_").values():
        keys.update(module.KEYS)
    return keys


def exercise_ids() -> list[str]:
    """Every exercise id the course defines, e.g. ``["01.1", "01.2", ...]``."""
    return sorted(_specs())


# --- keys (written by scripts/make_student_notebooks.py) ------------------------------------

def _canonical(value: float, digits: int) -> str:
    text = f"{float(value):.{digits - 1}e}"
    return text.replace("-0.", "0.") if float(text) == 0 else text


@functools.lru_cache(maxsize=64)  # a check reads one derivation twice: a usual mistake's hash, then its hint
def _derived(exercise_id: str, text: str) -> bytes:
    """The slow part of every key: PBKDF2 of ``text``, salted with the course and the exercise."""
    return hashlib.pbkdf2_hmac("sha256", text.encode(), f"{_SALT}:{exercise_id}".encode(), KEY_DERIVATION_ITERATIONS)


def _digest(exercise_id: str, text: str) -> str:
    return _derived(exercise_id, text).hex()[:20]


def _clear(exercise_id: str, text: str) -> str:
    """The "digest" of an answer given in the clear (the autograder's): the text itself."""
    return text


def _keystream(seed: bytes, size: int) -> bytes:
    blocks = [hashlib.sha256(seed + counter.to_bytes(4, "big")).digest() for counter in range(-(-size // 32))]
    return b"".join(blocks)[:size]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream))


def _mistake_entry(exercise_id: str, text: str, message: str) -> tuple[str, str]:
    """A usual mistake's place in a key: its token, and its message scrambled with the whole derivation of
    ``text`` (of which the token shows 10 bytes of 32): only a student who typed that number reads it."""
    derived, data = _derived(exercise_id, text), message.encode()
    return derived.hex()[:20], base64.b64encode(_xor(data, _keystream(derived + b"mistake", len(data)))).decode()


def _mistake_message(exercise_id: str, texts: set[str], mistakes: dict[str, str]) -> str | None:
    """The message of the usual mistake whose token is one of ``texts``' (a given number's rounded forms), or None."""
    for text in sorted(texts):
        derived = _derived(exercise_id, text)
        scrambled = mistakes.get(derived.hex()[:20])
        if scrambled is not None:
            data = base64.b64decode(scrambled)
            return _xor(data, _keystream(derived + b"mistake", len(data))).decode()
    return None


def _rounded_forms(value: float, digits: int) -> set[str]:
    # A value that lands on a rounding tie is accepted from either side.
    return {_canonical(value * (1 + s), digits) for s in (0.0, 1e-9, -1e-9)}


def _number_key(exercise_id: str, answer: float, spec: Number, mistakes: tuple[Mistake, ...]) -> dict:
    forms = {}  # each distinct rounded text is digested once

    def token(value: float, digits: int) -> str:
        text = _canonical(value, digits)
        if text not in forms:
            forms[text] = _digest(exercise_id, text)
        return forms[text]

    key = {"answer": token(answer, spec.digits), "mistakes": {}}
    for mistake in mistakes:  # a mistake that rounds like the answer (or an earlier mistake) could never be told
        text = _canonical(mistake.relation(answer), spec.digits)
        if text != _canonical(answer, spec.digits):
            mistake_token, scrambled = _mistake_entry(exercise_id, text, mistake.message)
            key["mistakes"].setdefault(mistake_token, scrambled)
    return key


def number_key(exercise_id: str, answer: float, spec: Number, mistakes: tuple[Mistake, ...] = ()) -> dict:
    """The key of a :class:`Number` exercise: slow salted digests of the rounded answer and of each usual mistake,
    with each mistake's message scrambled by its own number (the relations themselves are not in the key)."""
    _check_text(exercise_id, "exercise_id")
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        raise TypeError(f"answer must be a real number, got {_show(answer)} of type {type(answer).__name__}")
    answer = check_real(answer, "answer", largest=np.inf)
    if not isinstance(spec, Number):
        raise TypeError(f"spec must be a Number, got {_show(spec)} of type {type(spec).__name__}")
    if not isinstance(mistakes, tuple) or not all(isinstance(m, Mistake) for m in mistakes):
        raise TypeError(f"mistakes must be a tuple of Mistake, got {_show(mistakes)}")
    return _number_key(exercise_id, answer, spec, mistakes)


def _scramble(exercise_id: str, option: str, data: bytes) -> bytes:
    return _xor(data, _keystream(_derived(exercise_id, f"option:{option}"), len(data)))


def _check_feedback(feedback: object) -> dict[str, tuple[bool, str]]:
    if not isinstance(feedback, dict) or not feedback:
        raise TypeError(f"feedback must be a non-empty dict of option -> (right, explanation), got {_show(feedback)}")
    for option, value in feedback.items():
        if (not isinstance(option, str) or not option or not isinstance(value, (tuple, list)) or len(value) != 2
                or not isinstance(value[0], bool) or not isinstance(value[1], str)):
            raise TypeError(f"feedback must map each option (str) to (right: bool, explanation: str), "
                            f"got {_show(option)}: {_show(value)}")
    return feedback


def choice_key(exercise_id: str, feedback: dict[str, tuple[bool, str]]) -> dict:
    """The key of a :class:`Choice` exercise: each option's (right?, explanation), scrambled with the option."""
    _check_text(exercise_id, "exercise_id")
    _check_feedback(feedback)
    return {"feedback": {
        option: base64.b64encode(_scramble(exercise_id, option, json.dumps([right, text]).encode())).decode()
        for option, (right, text) in feedback.items()
    }}


# --- checking ---------------------------------------------------------------------------------

def _spec_of(exercise_id: object) -> object:
    specs = _specs()
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be one of the course's exercises (see exercise_ids()), a str, got {_show(exercise_id)}")
    if exercise_id not in specs:
        raise ValueError(f"exercise_id must be one of the course's exercises (see exercise_ids()), got {exercise_id!r}")
    return specs[exercise_id]


def check(exercise_id: str, answer: object) -> Feedback:
    """Check a student's answer to exercise ``exercise_id`` and say, kindly, what is right or wrong.

    This is practice: it never raises for any answer. Graded work goes through nbgrader's hidden tests.

    >>> check("00.0", ...)
    Traceback (most recent call last):
    ...
    ValueError: exercise_id must be one of the course's exercises (see exercise_ids()), got '00.0'
    """
    spec = _spec_of(exercise_id)
    if answer is Ellipsis:
        return NOT_ANSWERED
    missing = Feedback(False, "This exercise has no answer key yet: run `python scripts/make_student_notebooks.py`.")
    key = _keys().get(exercise_id)
    if isinstance(spec, Number):
        return missing if key is None else _check_number(exercise_id, spec, answer, key, _digest)
    if isinstance(spec, Choice):
        def explanation(option: str) -> tuple[bool, str] | None:
            if key is None or option not in key["feedback"]:
                return None
            return tuple(json.loads(_scramble(exercise_id, option, base64.b64decode(key["feedback"][option]))))
        return _check_choice(spec, answer, explanation) or missing
    return _check_function(spec, answer)


class IncorrectAnswer(AssertionError):
    """An autograder test failed: the answer is missing, unreadable or wrong. Shown as its one sentence.

    nbgrader counts a tests cell that raises as failed; the sentence is the feedback the student reads.
    """

    def _render_traceback_(self) -> list[str]:  # IPython shows this line instead of a traceback
        return [f"{type(self).__name__}: {self}"]


def _answer_problem(spec: object, answer: object) -> str:
    """Why the autograder cannot read ``answer`` (a sentence), or "" when it can."""
    if isinstance(spec, Number):
        return _as_number(answer)[1]
    if isinstance(spec, Choice):
        return _as_option(spec, answer)[1]
    if not callable(answer):
        return f"Please pass your function itself (its name, without parentheses), not {type(answer).__name__}."
    return ""


def assert_answer_form(exercise_id: str, answer: object) -> None:
    """The visible autograder test: print whether the grader can read ``answer``; raise if it cannot.

    An unanswered exercise (``...``) passes here (the hidden tests give it no points), so that a
    notebook runs from top to bottom before it is answered. Whether the answer is right is left to
    the hidden tests, which hold the answer.

    >>> assert_answer_form("01.1", ...)
    Exercise 01.1 is not answered yet. The tests that grade it are hidden: they run when your work is graded.
    >>> assert_answer_form("01.1", "many")
    Traceback (most recent call last):
    ...
    helpers.exercises.IncorrectAnswer: Exercise 01.1: Please answer with a number (for example 0.5 or 2e-3), not the text 'many'.
    """
    spec = _spec_of(exercise_id)
    if answer is Ellipsis:
        print(f"Exercise {exercise_id} is not answered yet. The tests that grade it are hidden: they run when your work is graded.")
        return
    problem = _answer_problem(spec, answer)
    if problem:
        raise IncorrectAnswer(f"Exercise {exercise_id}: {problem}")
    print(f"Exercise {exercise_id}: the grader " + ("will run your function." if isinstance(spec, Function)
                                                     else "can read your answer."))


def assert_correct(exercise_id: str, answer: object, *, expected: float | None = None,
                   feedback: dict[str, tuple[bool, str]] | None = None) -> None:
    """The hidden autograder test: print one line for a right answer, else raise :class:`IncorrectAnswer`.

    A :class:`Number` exercise is given its answer ``expected`` in the clear, a :class:`Choice` the
    ``feedback`` for each option (``{"x": (False, "why not"), "y": (True, "why"), ...}``, exactly one
    right), a :class:`Function` neither: its spec's ``verify`` runs the student's function. The
    sentence raised is the one the self-check gives: the usual mistake's hint, the option's feedback,
    or what the student's function got wrong.

    >>> def sum_learning_rate(batch_size, tuned_learning_rate, tuned_batch_size):
    ...     ...
    >>> assert_correct("01.5", sum_learning_rate)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    helpers.exercises.IncorrectAnswer: Exercise 01.5: ...
    """
    spec = _spec_of(exercise_id)
    if isinstance(spec, Number):
        if isinstance(expected, (bool, np.bool_)) or not isinstance(expected, numbers.Real):
            raise TypeError(f"expected must be the exercise's answer, a real number, got {_show(expected)} "
                            f"of type {type(expected).__name__}")
        expected = check_real(expected, "expected", largest=np.inf)
    elif expected is not None:
        raise TypeError(f"expected is for number exercises; {exercise_id} is a {type(spec).__name__}, got {_show(expected)}")
    if isinstance(spec, Choice):
        _check_feedback(feedback)
        if set(feedback) != set(spec.options) or sum(right for right, _ in feedback.values()) != 1:
            raise ValueError(f"feedback must explain each of {list(spec.options)} once, exactly one of them right, "
                             f"got options {sorted(feedback)} with {sum(r for r, _ in feedback.values())} right")
    elif feedback is not None:
        raise TypeError(f"feedback is for choice exercises; {exercise_id} is a {type(spec).__name__}, got {_show(feedback)}")

    record = os.environ.get(RECORD_ANSWERS_ENV)
    if record and isinstance(spec, Number):
        with open(record, "a", encoding="utf-8") as stream:
            stream.write(json.dumps({"id": exercise_id, "answer": expected}) + "\n")

    if answer is Ellipsis:
        result = Feedback(False, "Not answered: `...` is still in the answer cell.")
    elif isinstance(spec, Number):
        # The answer in the clear; the usual mistakes' hints from the key, as the self-check finds them.
        stored = _keys().get(exercise_id, {})
        key = {"answer": _canonical(expected, spec.digits), "mistakes": stored.get("mistakes", {})}
        result = _check_number(exercise_id, spec, answer, key, _clear)
    elif isinstance(spec, Choice):
        result = _check_choice(spec, answer, lambda option: tuple(feedback[option]))
    else:
        result = _check_function(spec, answer)
    if not result.correct:
        raise IncorrectAnswer(f"Exercise {exercise_id}: {result.message}")
    print(f"Exercise {exercise_id}: right.")


def _as_number(answer: object) -> tuple[float | None, str]:
    """The answer as a float, or None and a hint on what to type instead."""
    if answer is None:
        return None, ("Your answer is None. Did you write `answer = print(...)`, or call a function that returns "
                      "nothing? Assign the number itself.")
    if isinstance(answer, (bool, np.bool_)):
        return None, f"{answer} is a truth value; this exercise asks for a number."
    if isinstance(answer, str):
        stripped = answer.strip()
        try:
            float(stripped)
            return None, f"You typed the text {answer!r}. Remove the quotes so that Python sees a number (answer = {stripped})."
        except ValueError:
            return None, f"Please answer with a number (for example 0.5 or 2e-3), not the text {answer!r}."
    if isinstance(answer, (list, tuple, np.ndarray)):
        size = np.size(answer)
        if isinstance(answer, np.ndarray) and size == 1 and np.issubdtype(answer.dtype, np.number):
            return _as_number(answer.reshape(-1)[0].item())
        return None, f"Please answer with one number, not a {type(answer).__name__} of {size} values."
    if isinstance(answer, complex) or not isinstance(answer, numbers.Real):
        return None, f"Please answer with a number, not {type(answer).__name__} {answer!r}."
    try:
        value = float(answer)
    except (OverflowError, ValueError, TypeError):  # an integer too large for a float, an odd number type
        return None, f"{_show(answer)} is too large (or too odd) a number to check: look at how you computed it."
    if not math.isfinite(value):
        return None, f"{answer} is not a finite number: look for a division by zero or an overflow in how you got it."
    return value, ""


def _check_number(exercise_id: str, spec: Number, answer: object, key: dict, digest: Callable[[str, str], str]) -> Feedback:
    """Compare ``answer`` with a key whose answer entries are ``digest(exercise_id, rounded text)`` (its usual
    mistakes are always the slow tokens of :func:`_mistake_entry`)."""
    value, problem = _as_number(answer)
    if value is None:
        return Feedback(False, problem)
    tokens = {}  # each distinct rounded text is digested once

    def given(digits: int) -> set[str]:
        for text in _rounded_forms(value, digits) - tokens.keys():
            tokens[text] = digest(exercise_id, text)
        return {tokens[text] for text in _rounded_forms(value, digits)}

    if key["answer"] in given(spec.digits):
        return Feedback(True, f"Correct: {value:g}.")
    message = _mistake_message(exercise_id, _rounded_forms(value, spec.digits), key["mistakes"])
    if message is not None:
        return Feedback(False, f"Not quite: {value:g}. {message}")
    shown = _significant_digits(value)
    if shown < spec.digits and not value.is_integer():  # a whole number (a batch size, 0) is typed exactly
        return Feedback(False, f"The check compares {spec.digits} significant digits, and {value:g} shows "
                               f"{shown}: please give your answer to {spec.digits} significant digits. If {value:g} "
                               f"is exact, it is not the answer. Hint: {spec.hint}")
    return Feedback(False, f"Not quite: {value:g} is not it. Hint: {spec.hint}")


def _significant_digits(value: float) -> int:
    """How many significant digits ``value`` shows when typed as short as it can be (0 shows 1).

    >>> _significant_digits(0.062), _significant_digits(2.50), _significant_digits(12345.0)
    (2, 2, 5)
    """
    return next(digits for digits in range(1, 18) if float(_canonical(value, digits)) == value)


def _as_option(spec: Choice, answer: object) -> tuple[str | None, str]:
    """The option ``answer`` names, or None and a hint on what to type instead."""
    allowed = ", ".join(repr(o) for o in spec.options)
    if isinstance(answer, (bool, np.bool_)) and set(spec.options) == {"true", "false"}:
        answer = "true" if answer else "false"
    if not isinstance(answer, str):
        return None, f"Please answer with one of {allowed}, in quotes; got {answer!r}."
    option = answer.strip().strip("().").lower()
    if option not in spec.options:
        return None, f"Please answer with one of {allowed}; got {answer!r}."
    return option, ""


def _check_choice(spec: Choice, answer: object,
                  explanation: Callable[[str], tuple[bool, str] | None]) -> Feedback | None:
    """The feedback for the option ``answer`` names (None when ``explanation`` has none for it)."""
    option, problem = _as_option(spec, answer)
    if option is None:
        return Feedback(False, problem)
    found = explanation(option)
    if found is None:
        return None
    right, text = found
    return Feedback(bool(right), ("Right. " if right else "Not this one. ") + text)


def _returned_array(value: object, *, what: str) -> np.ndarray | Feedback:
    """What a student's function returned, as a float array, or the Feedback that says why it is not one.

    ``what`` names what it should return: ``"the gradient, an array of 3 numbers"``.

    >>> _returned_array(None, what="the gradient")
    Your function returns nothing yet (None): finish it and return the gradient.
    >>> _returned_array([1, 2], what="the gradient")
    array([1., 2.])
    """
    if value is None:
        return Feedback(False, "Your function returns nothing yet (None): finish it and return the gradient.")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Your function returned {type(value).__name__}; return {what}.")


def _returned_number(value: object, *, what: str) -> float | Feedback:
    """What a student's function returned, as a finite float, or the Feedback that says why it is not one.

    ``what`` names the number it should return: ``"the learning rate"``.

    >>> _returned_number(np.array([0.5]), what="the learning rate")
    0.5
    >>> _returned_number([0.5, 0.6], what="the learning rate")
    Your function returned a list of 2 values; return one number, the learning rate.
    """
    if value is None:
        return Feedback(False, f"Your function returns None: end it with a `return` of {what} (replace the `...`).")
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    if isinstance(value, (list, tuple, np.ndarray)):
        return Feedback(False, f"Your function returned a {type(value).__name__} of {np.size(value)} values; return "
                               f"one number, {what}.")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return Feedback(False, f"Your function returned {_show(value)} ({type(value).__name__}); return one number, {what}.")
    if not math.isfinite(float(value)):
        return Feedback(False, f"Your function returned {float(value)}: look for a division by zero or an overflow.")
    return float(value)


def _check_function(spec: Function, answer: object) -> Feedback:
    if not callable(answer):
        return Feedback(False, f"Please pass your function itself (its name, without parentheses), not {type(answer).__name__}.")
    try:
        return spec.verify(answer)
    except HelperCalled as refusal:  # the function calls the helper that computes the answer
        return Feedback(False, str(refusal))
    except Exception as error:  # a student's function may fail in any way: say how, never a traceback
        return Feedback(False, f"Your function raised {type(error).__name__}: {error}. {spec.hint}".strip())

