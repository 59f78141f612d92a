"""Find exercise answers in a folder of files (the students' release), as a student would find them.

The answers come from the solution notebooks (``instructor/solutions/``), the only place they live:

* a **number** answer, in every form a student would type it: the value as the solution prints it
  (``0.0731429``), rounded to 3 and to 2 significant digits (``0.0731``, ``0.073``), in positional
  and in scientific notation (``7.31e-2``, ``7.31e-02``), with ``-`` or ``−``, and the expression the
  solution computes it with (``3.2 / 48 * (128 - 48) / (128 - 1)``). A course full of numbers holds
  some of these by chance, so where a form counts depends on how rare it is:

  - four or more significant digits (``0.0731429``, ``31457``): anywhere;
  - three (``0.147``, ``2.85``): anywhere but among other numbers (a printed table or array, where
    a computed value that happens to agree sits beside its neighbours);
  - one or two (``12``, ``600``, ``-0.35``): only where given as an answer: after ``answer =``,
    ``answer is``, ``Correct:``, or on a line that names its exercise;
* a **coding** solution's body: each line of the solution that the student's cell does not already
  hold, compared with whitespace squeezed out, wherever it stands;
* a **choice** answer in a phrase that reveals it: ``answer = "b"``, "the answer to 01.3 is b",
  ``**b** (right)``, ``"b": (True, ...``, and the feedback text of every option (which lives only in
  the hidden tests, and says whether its option is right);
* a number's **usual mistakes** (``instructor/usual_mistakes/nbNN.py``): each relation to the answer
  (``lambda a: a / 1024``, which gives the answer from a number the notebook prints) and each hint
  in the clear, and any ``Mistake(lambda ...)`` spec at all: the students' copy holds them only as
  the keys' hashes and scrambled text.

A notebook is read as every string in its JSON (sources, outputs, metadata), so an answer cannot
hide in an output or an escaped line break.
"""

from __future__ import annotations

import json
import re
import sys
import ast
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_student_notebooks as generator  # noqa: E402

SOLUTIONS = sorted((ROOT / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb"))
MISTAKE_SPEC = re.compile(r"\bMistake\(\s*(relation\s*=\s*)?lambda\b")
CORRECT = re.compile(r"Correct: (\S+?)\.?$")
MINUS = "−"  # U+2212, how the notebooks' prose writes a minus sign
CONTEXT = 60  # characters before a short number in which an answer-giving phrase counts


@dataclass(frozen=True)
class Leak:
    path: str
    exercise_id: str
    what: str
    found: str

    def __str__(self) -> str:
        return f"{self.path}: exercise {self.exercise_id}'s {self.what}: {self.found!r}"


@dataclass
class Answers:
    """What to look for, per exercise."""

    numbers: dict[str, tuple[float, str]]                # id -> (value, the solution's expression)
    code: dict[str, list[str]]                           # id -> the solution's lines the student's cell lacks
    choices: dict[str, dict[str, tuple[bool, str]]]      # id -> option -> (right, feedback)
    mistakes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # id -> [(relation's source, hint)]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def usual_mistakes(folder: Path = generator.MISTAKES) -> dict[str, list[tuple[str, str]]]:
    """Each number exercise's usual mistakes as written in ``instructor/usual_mistakes/nbNN.py``: the relation's
    source and the hint (read, not run)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("nb[0-9][0-9].py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "MISTAKES":
                for exercise_id, mistakes in zip(node.value.keys, node.value.values):
                    found[exercise_id.value] = [(ast.get_source_segment(text, call.args[0]), ast.literal_eval(call.args[1]))
                                                for call in mistakes.elts]
    return found


def solution_answers(paths: list[Path] = SOLUTIONS) -> Answers:
    """Every exercise's answer, read from the committed solution notebooks (sources and stored outputs), and the
    numbers' usual mistakes (instructor/usual_mistakes/)."""
    answers = Answers({}, {}, {}, usual_mistakes())
    for path in paths:
        solution = generator.read(path)
        cells = solution["cells"]
        for index, cell in enumerate(cells):
            if generator.nbgrader_role(cell) != "answer":
                continue
            tests = cells[index + 1]
            assert generator.nbgrader_role(tests) == "tests", f"{path.name}: {cell['id']} has no tests cell after it"
            (exercise_id, hidden), = generator.hidden_answers({"cells": [tests]}).items()
            region = generator.solution_region(generator.source(cell))
            if "feedback" in hidden:
                answers.choices[exercise_id] = hidden["feedback"]
            elif "expected" in hidden:
                printed = [CORRECT.search(text) for output in cell["outputs"]  # the solution's self-check
                           for text in [output.get("data", {}).get("text/plain", "")] if CORRECT.search(text)]
                assert printed, f"{path.name}: exercise {exercise_id}'s answer cell shows no answer: execute the solution"
                expression = re.search(r"expected=(.*)\)\s*$", generator.source(tests), re.M).group(1)
                answers.numbers[exercise_id] = (float(printed[-1].group(1)), expression)
            else:  # a coding exercise: the solution's lines that the student's cell does not hold
                lines, begin, end = generator.solution_bounds(generator.source(cell))
                outside = {squeezed(line) for line in lines[:begin] + lines[end + 1:]}
                answers.code[exercise_id] = [line.strip() for line in region.split("\n")
                                             if len(squeezed(line)) >= 12 and not line.strip().startswith("#")
                                             and squeezed(line) not in outside]
    return answers


def significant_digits(text: str) -> int:
    """How many significant digits a typed number shows (trailing zeros are not counted).

    >>> significant_digits("0.0470"), significant_digits("-3.15e+04"), significant_digits("600")
    (2, 3, 1)
    """
    mantissa = re.sub(r"[eE].*", "", text).lstrip("+-" + MINUS).replace(".", "").lstrip("0").rstrip("0")
    return max(len(mantissa), 1)


def positional(value: float) -> str:
    """``value`` written out without an exponent.

    >>> positional(6.42e-11), positional(600.0), positional(-0.35)
    ('0.0000000000642', '600', '-0.35')
    """
    text = f"{Decimal(repr(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def typed_forms(value: float) -> set[str]:
    """The ways a student would type ``value``: as printed, to 3 and 2 significant digits, positional or scientific.

    >>> sorted(typed_forms(0.0731429))
    ['0.073', '0.0731', '0.0731429', '7.31429e-02', '7.31429e-2', '7.31e-02', '7.31e-2', '7.3e-02', '7.3e-2']
    """
    forms = set()
    for digits in (2, 3, 6):
        rounded = float(f"{value:.{digits}g}")
        mantissa, exponent = f"{rounded:.{digits - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        forms |= {f"{mantissa}e{int(exponent)}", f"{mantissa}e{exponent}", f"{mantissa}e{exponent.lstrip('+')}",
                  positional(rounded), f"{rounded:g}", repr(rounded)}
    forms |= {form.replace("-", MINUS, 1) for form in forms if form.startswith("-")}
    return forms


def file_text(path: Path) -> str:
    """A file as a student could read it: a notebook's every JSON string (its lines as lines), else its text."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".ipynb":
        return text
    strings: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                collect(key)
                collect(value)
        elif isinstance(node, list) and node and all(isinstance(item, str) for item in node):
            strings.append("".join(node))  # a multi-line string, stored as its lines
        elif isinstance(node, list):
            for item in node:
                collect(item)
        elif node is not None:
            strings.append(str(node))  # numbers and truth values, as the file writes them

    collect(json.loads(text))
    return "\n".join(strings)


def _number_pattern(form: str) -> re.Pattern:
    # Not part of a longer number: no digit, letter, point or minus sign before it; no digit (or point and digit) after.
    return re.compile(rf"(?<![\w.\-{MINUS}]){re.escape(form)}(?![\w]|\.\d)")


NUMBER_BEFORE = re.compile(rf"[-{MINUS}]?\d[\d.]*(e[-+]?\d+)?[\s,;|]*$")
NUMBER_AFTER = re.compile(rf"^[\s,;|]*[-{MINUS}]?\.?\d")


def among_numbers(before: str, after: str) -> bool:
    """True when the text just before or just after a match, on its line, is another number (a table's row).

    >>> among_numbers("eps  [0.026  0.0668 ", " ]"), among_numbers("λ per batch is ", ".")
    (True, False)
    """
    return bool(NUMBER_BEFORE.search(before) or NUMBER_AFTER.search(after))


ANSWER_PHRASE = re.compile(r"(answer\w*\s*(=|:|is|was)|correct\s*:|solution\s*(=|:|is))[\s*`\"'(]*$", re.I)


def find_leaks(folder: Path, answers: Answers) -> list[Leak]:
    """Every place in ``folder``'s files where an exercise's answer appears as described in the module's docstring."""
    numbers = [(exercise_id, form) for exercise_id, (value, _) in answers.numbers.items() for form in typed_forms(value)]
    verbatim = [(exercise_id, "number answer's expression", squeezed(expression))
                for exercise_id, (_, expression) in answers.numbers.items() if len(squeezed(expression)) >= 6]
    verbatim += [(exercise_id, "coding solution", squeezed(line)) for exercise_id, lines in answers.code.items() for line in lines]
    phrases: list[tuple[str, str, re.Pattern]] = []
    for exercise_id, options in answers.choices.items():
        right = next(option for option, (is_right, _) in options.items() if is_right)
        quoted = rf"[\"']{right}[\"']"
        for phrase in (rf"\banswer\s*=\s*{quoted}", rf"{quoted}\s*:\s*\(?\s*True\b", rf"\*\*{right}\*\*\s*\(right\)",
                       rf"\b{re.escape(exercise_id)}\b[^\n]{{0,40}}\b(is|:)\s*[*`\"'(]*{right}\b[*`\"')]*(?![\w'])"):
            phrases.append((exercise_id, "choice answer", re.compile(phrase, re.I)))
        for option, (_, feedback) in options.items():
            verbatim.append((exercise_id, f"feedback for option {option}", squeezed(feedback[:80])))
    relations = []  # a relation is short: it counts as a whole (`lambda a: a * 2` is not `lambda a: a * 256`)
    for exercise_id, mistakes in answers.mistakes.items():
        for relation, hint in mistakes:
            relations.append((exercise_id, re.compile(re.escape(squeezed(relation)) + r"(?![\w.(\[])")))
            verbatim.append((exercise_id, "usual mistake's hint", squeezed(hint[:80])))

    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name, text = path.relative_to(folder).as_posix(), file_text(path)
        flat = squeezed(text)
        leaks += [Leak(name, exercise_id, what, needle) for exercise_id, what, needle in verbatim if needle in flat]
        leaks += [Leak(name, exercise_id, "usual mistake's relation", match.group(0)) for exercise_id, pattern in relations
                  for match in pattern.finditer(flat)]
        leaks += [Leak(name, exercise_id, what, match.group(0)) for exercise_id, what, pattern in phrases
                  for match in pattern.finditer(text)]
        leaks += [Leak(name, "any", "usual mistake spec (a relation to the answer)", match.group(0))
                  for match in MISTAKE_SPEC.finditer(text)]
        for exercise_id, form in numbers:
            if form not in text:  # most forms are nowhere: skip the pattern
                continue
            digits = significant_digits(form)
            for match in _number_pattern(form).finditer(text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                line_end = text.find("\n", match.end())
                line = text[line_start:len(text) if line_end < 0 else line_end]
                before = text[max(line_start, match.start() - CONTEXT):match.start()]
                after = line[match.end() - line_start:]
                if digits == 3 and among_numbers(before, after):
                    continue
                if digits < 3 and not (ANSWER_PHRASE.search(before) or re.search(rf"\b{re.escape(exercise_id)}\b", line)):
                    continue
                leaks.append(Leak(name, exercise_id, "number answer", match.group(0)))
    return leaks
