"""Feed every public callable of ``helpers`` thousands of careless arguments and sort what happens.

    python tests/probe_bad_input.py                       # every callable, a table of outcomes
    python tests/probe_bad_input.py --only helpers.noise  # the callables whose name starts with this
    python tests/probe_bad_input.py --list problems       # also list each problem (or: accepted, all)
    python tests/probe_bad_input.py --json out.json       # every call's outcome, for comparing two trees

A development tool, not a test (a full run takes 10 to 30 minutes): ``tests/test_bad_input.py`` holds the
fast catalogue every commit runs. This probe starts from that catalogue's valid call for each callable
and replaces one argument at a time with a careless value: the catalogue's own bad values, the usual
suspects (None, NaN, inf, negative, zero, huge, bools, strings, empty, ragged, wrong dtypes) and values
derived from the valid argument (reversed or shuffled grids, wrong shapes, one bad entry, scaled, negated,
a label 2, a covariance that is not positive semi-definite). Each call ends in one of:

=====================  ==========================================================================
clear error            ``TypeError``/``ValueError`` (or a check's ``CheckFailed``) raised by
                       ``helpers``, naming the argument as the caller wrote it
result for invalid     returned although the value is invalid (the kind of argument says so), or a
                       result that breaks what the function promises (a decay per step above 1,
                       a grid's labels mixed up, a NaN for finite input)
names another or none  a ``TypeError``/``ValueError`` raised by ``helpers`` whose message does not
                       name the argument (an internal name, another argument, or none)
inside numpy           any other exception (``IndexError``, ``LinAlgError``, a warning, ...), or one
                       raised from inside numpy, matplotlib or Python rather than by ``helpers``
hang                   still running after ``--deadline`` seconds
=====================  ==========================================================================

plus the outcomes that are fine: a valid or plausible value accepted, and a plausible value refused
with a clear error. A value is *invalid* when its kind of argument (the catalogue's kind, e.g.
"positive", "count", "labels") forbids it; *plausible* when only the callable can tell (a longer
vector, another shape): then a result is fine and an error must still name the argument.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import inspect
import json
import re
import signal
import sys
import time
import traceback
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

CLEAR, RESULT, OTHER_NAME, NUMPY, HANG = "clear error", "result for invalid", "names another or none", "inside numpy", "hang"
ACCEPTED, REFUSED_PLAUSIBLE = "accepted (valid or plausible)", "plausible value refused clearly"
PROBLEMS = (RESULT, OTHER_NAME, NUMPY, HANG)
ORDER = (CLEAR, REFUSED_PLAUSIBLE, ACCEPTED) + PROBLEMS

# ---------------------------------------------------------------------------------------------------------------
# What a value is (tags), and what each kind of argument forbids.

NUMERIC_KINDS = {"int", "count", "int array", "real", "positive", "nonnegative", "one real", "one positive",
                 "one nonnegative", "fractions", "fraction", "matrix", "features", "vector", "weights", "targets",
                 "labels", "seed", "covariance"}
INTEGER_KINDS = {"int", "count", "int array", "seed"}
POSITIVE_KINDS = {"int", "count", "int array", "positive", "one positive"}
NONNEGATIVE_KINDS = {"nonnegative", "one nonnegative", "fractions", "fraction", "seed"}
CHOICE_KINDS = {"name", "loss", "reduction", "reduction or none", "reductions"}
NOT_A_NUMBER_TAGS = {"none", "string", "strings", "object", "complex", "ragged", "bool", "nan", "inf", "empty",
                     "dict", "callable"}


def tags_of(value: object) -> set[str]:
    """What a careless value is: ``{"negative", "zero"}``, ``{"nan"}``, ``{"string"}``, ..."""
    if value is None:
        return {"none"}
    if isinstance(value, (str, bytes, np.str_)):
        return {"string"}
    if isinstance(value, (bool, np.bool_)):
        return {"bool"}
    if isinstance(value, dict):
        return {"dict"}
    if callable(value) and not isinstance(value, np.ndarray):
        return {"callable"}
    if isinstance(value, int) and abs(value) > 2**62:      # beyond int64, numpy would make an object array
        return {"huge", "integer"} | ({"negative"} if value < 0 else {"at least one", "not a label"})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.asarray(value)
    except (ValueError, TypeError):
        return {"ragged"}
    kind = array.dtype.kind
    if kind in "US":
        return {"strings"}
    if kind == "O":
        return {"object"}
    if kind == "c":
        return {"complex"}
    if kind == "b":
        return {"bool"} | ({"empty"} if array.size == 0 else set())
    if kind not in "iuf":
        return {"object"}
    if array.size == 0:
        return {"empty"}
    tags = set()
    a = array.astype(float)
    if np.any(np.isnan(a)):
        tags.add("nan")
    if np.any(np.isinf(a)):
        tags.add("inf")
    finite = a[np.isfinite(a)]
    if np.any(np.abs(finite) > 1e30) or (kind in "iu" and np.any(np.abs(array.astype(object)) > 2**53)):
        tags.add("huge")
    if np.any(finite < 0):
        tags.add("negative")
    if np.any(finite == 0):
        tags.add("zero")
    if np.any(finite != np.round(finite)):
        tags.add("fractional")
    elif kind == "f":
        tags.add("integral float")
    if np.any(finite >= 1):
        tags.add("at least one")
    if not np.all(np.isin(finite, (0.0, 1.0))):
        tags.add("not a label")
    if array.ndim == 2 and array.shape[0] == array.shape[1] and not tags & {"nan", "inf"}:
        if not np.allclose(a, a.T):
            tags.add("not symmetric")
        elif np.linalg.eigvalsh(a)[0] < -1e-12 * max(np.abs(a).max(), 1e-300):
            tags.add("not positive semi-definite")
    return tags


def forbidden(kind: str, default_is_none: bool) -> set[str]:
    """The tags that make a value invalid for an argument of this kind."""
    tags: set[str] = set()
    if kind in NUMERIC_KINDS:
        tags |= NOT_A_NUMBER_TAGS | {"huge"}
    if kind in INTEGER_KINDS:
        tags |= {"fractional", "integral float"}
    if kind in POSITIVE_KINDS:
        tags |= {"negative", "zero"}
    if kind in NONNEGATIVE_KINDS:
        tags |= {"negative"}
    if kind in ("fractions", "fraction"):
        tags |= {"at least one"}
    if kind == "labels":
        tags |= {"not a label"}
    if kind == "covariance":
        tags |= {"not symmetric", "not positive semi-definite"}
    if kind in CHOICE_KINDS or kind == "text":
        tags |= NOT_A_NUMBER_TAGS - {"string"} | {"negative", "zero", "at least one"}
    if kind == "reductions":          # one name, or an array of them (one per configuration)
        tags.discard("strings")
    if kind == "bool":
        tags |= (NOT_A_NUMBER_TAGS - {"bool"}) | {"negative", "zero", "at least one", "fractional", "integral float"}
    if kind == "option":      # a slider's starting value: one of its numbers (which ones, only the callable knows)
        tags |= NOT_A_NUMBER_TAGS
    if kind == "numbers":     # a check's numbers: NaN and inf may come (the check must then fail), text may not
        tags |= {"none", "string", "strings", "object", "complex", "ragged", "empty", "dict", "callable"}
    if kind == "seed":
        tags -= {"zero", "huge"}       # numpy takes seeds of any size
    if default_is_none or kind == "seed":
        tags.discard("none")
    return tags


# ---------------------------------------------------------------------------------------------------------------
# Careless values: the usual suspects, and values derived from the valid argument.

def usual_suspects() -> list[tuple[str, object]]:
    return [("None", None), ("'3'", "3"), ("''", ""), ("'abc'", "abc"), ("object()", object()), ("True", True),
            ("False", False), ("nan", np.nan), ("inf", np.inf), ("-inf", -np.inf), ("-1", -1), ("-1.0", -1.0),
            ("0", 0), ("0.0", 0.0), ("0.5", 0.5), ("1", 1), ("1.5", 1.5), ("2", 2), ("4.0", 4.0), ("1e300", 1e300),
            ("-1e300", -1e300), ("10**30", 10**30), ("2**64", 2**64), ("1+2j", 1 + 2j), ("[]", []),
            ("ragged", [[1.0, 2.0], [3.0]]), ("empty array", np.array([])), ("string array", np.array(["a", "b"])),
            ("bool array", np.array([True, False])), ("{}", {}), ("()", ()), ("[None]", [None]),
            ("a function", len)]


def derived(value: object) -> list[tuple[str, object]]:
    """Careless variations of a valid argument (its kind decides which are invalid)."""
    out: list[tuple[str, object]] = []
    if isinstance(value, (bool, np.bool_)):
        return [("1 for a bool", 1), ("0 for a bool", 0), ("'True'", "True"), ("np.True_", np.True_)]
    if isinstance(value, str):
        return [("upper case", value.upper()), ("padded", f" {value} "), ("'none'", "none"), ("a list of it", [value]),
                ("bytes", value.encode()), ("np.str_", np.str_(value))]
    if isinstance(value, dict) and value:
        key, item = next(iter(value.items()))
        return [("the values as a list", list(value.values())), ("a None value", {key: None}),
                ("a string value", {key: "x"}), ("a None key", {None: item}), ("a tuple", tuple(value.items()))]
    if isinstance(value, (list, tuple)) and value and not all(isinstance(v, (int, float, np.number)) for v in value):
        return [("one item, not a list", value[0]), ("empty", type(value)()), ("reversed", type(value)(reversed(value))),
                ("twice as long", type(value)(list(value) * 2)), ("a None item", type(value)([None] + list(value[1:])))]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.asarray(value)
    except (ValueError, TypeError):
        return out
    if array.dtype.kind not in "iuf" or array.size == 0:
        return out
    if array.dtype.kind == "u" or array.dtype.itemsize < 8:    # pixels (uint8): vary them as wider numbers
        array = array.astype(np.int64 if array.dtype.kind in "iu" else np.float64)
    is_int = array.dtype.kind in "iu"
    if array.ndim == 0:
        v = array.item()
        out += [("negated", -v), ("0", type(v)(0)), ("times 1e6", v * 10**6), ("times 1e-6", v * 1e-6 if not is_int else v),
                ("plus 0.5", v + 0.5), ("as float", float(v)), ("as np.float32", np.float32(v)), ("as np.int64", np.int64(v) if is_int else v),
                ("as a string", str(v)), ("in a list", [v]), ("as a 1-element array", np.array([v])), ("as complex", complex(v))]
        if is_int:
            out += [("minus one", v - 1), ("plus one", v + 1), ("2**63", 2**63), ("2**53 + 1", 2**53 + 1)]
        else:
            out += [("1 / it", 1 / v if v else 1.0), ("2 - it", 2.0 - v), ("1 + it", 1.0 + v)]
        return [(label, x) for label, x in out if label != "times 1e-6" or not is_int]
    flat = array.reshape(-1)
    bad_entry = lambda x: np.concatenate([[x], flat[1:]]).astype(float if not isinstance(x, (int, np.integer)) or not is_int else array.dtype).reshape(array.shape)
    out += [("reversed", array[::-1]), ("shuffled", np.roll(array, 1, axis=0)), ("an extra axis", array[None]),
            ("a trailing axis", array[..., None]), ("one entry shorter", array[:-1]), ("twice as long", np.concatenate([array, array])),
            ("first entry NaN", bad_entry(np.nan)), ("first entry inf", bad_entry(np.inf)),
            ("first entry negative", bad_entry(-abs(float(flat[0])) - 1)), ("first entry zero", bad_entry(0)),
            ("first entry 1e300", bad_entry(1e300)), ("all zeros", np.zeros_like(array)), ("negated", -array),
            ("times 1e6", array * 10**6), ("times 1e-6", array * 1e-6), ("as bools", array.astype(bool)),
            ("as strings", array.astype(str)), ("as complex", array.astype(complex)), ("as objects", array.astype(object)),
            ("as a nested list", array.tolist()), ("one number", flat[0]), ("first entry repeated", np.concatenate([flat[:1], flat[:-1]]).reshape(array.shape))]
    if is_int:
        out += [("plus 0.5", array + 0.5), ("as floats", array.astype(float)), ("first entry 2**62", bad_entry(2**62))]
    else:
        out += [("rounded to ints", np.round(array).astype(int))]
    if np.all(np.isin(flat, (0, 1))):
        out += [("a label 2", bad_entry(2)), ("a label -1", bad_entry(-1)), ("a label 0.5", bad_entry(0.5))]
    if array.ndim == 2:
        out += [("transposed", array.T), ("one column", array[:, :1]), ("one row", array[:1]), ("3-D", array[None])]
        if array.shape[0] == array.shape[1]:
            out += [("not positive semi-definite", array - (np.abs(array).max() + 1) * np.eye(len(array))),
                    ("not symmetric", array + np.triu(np.ones_like(array, dtype=float), 1))]
    return out


# ---------------------------------------------------------------------------------------------------------------
# Which kind of argument each catalogue parameter is.

def catalogue_kinds(catalogue_module) -> dict[int, str]:
    """``id(list of bad values)`` -> kind, for the catalogue's named kinds and shared lists."""
    known = dict(catalogue_module.BAD)
    for name in ("NUMBERS", "OPTION", "CLASS_INDICES", "SLIDER_OPTIONS", "ARTIST_TROUBLE", "FIGURE_TROUBLE",
                 "LINE_TROUBLE", "RGBA_TROUBLE", "EXPLORER_VALUES", "MODULE_NAMES"):
        if hasattr(catalogue_module, name):
            known[name.lower().replace("_", " ")] = getattr(catalogue_module, name)
    return known


def kind_of(entry, parameter: str, values: list, known: dict[str, list]) -> str:
    """The longest known kind whose bad values start the parameter's list, refined by the parameter's meaning."""
    best, length = "custom", 0
    for name, kind_values in known.items():
        n = len(kind_values)
        if n > length and len(values) >= n and all(a is b for a, b in zip(values, kind_values)):
            best, length = name, n
    valid = entry.valid
    if best == "numbers" or best in ("option",):
        return "numbers" if best == "numbers" else "option"
    if parameter in ("targets", "labels", "test_labels") and valid.get("loss", "logistic") in ("logistic", "zero_one") \
            and best in ("targets", "labels", "real", "custom") and np.all(np.isin(np.asarray(valid.get(parameter, [0])), (0, 1))):
        return "labels"
    if parameter == "covariance":
        return "covariance"
    return best


# ---------------------------------------------------------------------------------------------------------------
# Promises about results, checked when a call returns (the callable's documented range).

def _decays_below_one(result) -> bool:
    return bool(np.all(np.asarray(result) < 1))


REVIEWED_VALID = {
    # (callable, parameter, label): why the probe's rule for the kind does not apply here.
    ("helpers.explorers.limits.stability_limits_figure", "thresholds", "first entry NaN"):
        "NaN is documented: no divergence at that batch size",
}
"""Accepted values the probe's kind rules call invalid, reviewed by hand: they are valid for this callable."""

INF_IS_AN_ANSWER = {"helpers.precision.float16_reduce", "helpers.precision.float16_gradient"}
"""Callables that show float16 overflowing: inf is the answer they exist to show."""

ALSO_NAMED = {
    # check_work says which of the caller's arguments to reduce (its ``reduce`` text), not "loops".
    "helpers._validation.check_work": ("epochs",),
}
"""Names a message may use besides the parameter's own (the catalogue's valid call sets them)."""

RESULT_PROMISES = {
    "helpers.weight_decay.decay_per_step": ("a decay per step below 1", _decays_below_one),
    "helpers.weight_decay.consistent_weight_decay": ("a decay per step below 1", _decays_below_one),
    "helpers.weight_decay.normalized_weight_decay": ("a decay per step below 1", _decays_below_one),
}


GRID = re.compile(r"^(batch_sizes?|learning_rates?|l2s|rates|steps|factors|multipliers|thresholds|options|levels)$")
"""Arguments that are grids of settings: reordering one must reorder the result alike (or not change it)."""


def _arrays(result, depth: int = 0) -> list[np.ndarray]:
    """The numeric arrays in a result (tuples, lists, dicts and dataclasses searched, a few levels deep)."""
    if depth > 3:
        return []
    if isinstance(result, (np.ndarray, float, int, np.number)) and not isinstance(result, bool):
        array = np.asarray(result)
        return [array] if array.dtype.kind in "iuf" else []
    if isinstance(result, (tuple, list)):
        return [a for item in result for a in _arrays(item, depth + 1)]
    if isinstance(result, dict):
        return [a for item in result.values() for a in _arrays(item, depth + 1)]
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return [a for f in dataclasses.fields(result) for a in _arrays(getattr(result, f.name), depth + 1)]
    return []


def consistent_reordering(result, reference, order: np.ndarray) -> bool | None:
    """Whether ``result`` (of a grid reordered by ``order``) is ``reference`` reordered the same way, or the same.

    None when the results hold no arrays to compare (figures, explorers)."""
    if isinstance(result, list) and isinstance(reference, list) and len(result) == len(reference) == order.size:
        result = [result[i] for i in np.argsort(order)]     # one item per grid entry: put them back in order
    got, ref = _arrays(result), _arrays(reference)
    if not ref or len(got) != len(ref):
        return None if not ref else False
    for a, b in zip(got, ref):
        if a.shape != b.shape:
            return False
        if _same(a, b):
            continue
        if not any(b.shape[axis] == order.size and _same(a, np.take(b, order, axis=axis)) for axis in range(b.ndim)):
            return False
    return True


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))


# ---------------------------------------------------------------------------------------------------------------
# Running one call.

class _Hang(BaseException):
    pass


def run(function, seconds: float):
    """``(result, exception, seconds)``; a warning counts as an exception, a call past ``seconds`` as a hang."""
    def interrupt(signum, frame):
        raise _Hang()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():   # numpy's own error states, as in a notebook; warnings as the tests see them
            warnings.simplefilter("error")
            return function(), None, time.perf_counter() - start
    except _Hang as error:
        return None, error, time.perf_counter() - start
    except Exception as error:  # noqa: BLE001 - every exception is an outcome to sort
        return None, error, time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def raised_by_helpers(error: BaseException) -> bool:
    """Whether the innermost frame of the traceback is in ``helpers/`` (not numpy, matplotlib or Python)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and str(ROOT / "helpers") in str(Path(frames[-1].filename).resolve())


def names(message: str, name: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def classify(entry, parameter: str, invalid: bool, result, error, expected_names: tuple[str, ...], checks_module: bool) -> str:
    if isinstance(error, _Hang):
        return HANG
    if error is None:
        return RESULT if invalid else ACCEPTED
    if checks_module and type(error).__name__ == "CheckFailed":
        return CLEAR if invalid else REFUSED_PLAUSIBLE
    if isinstance(error, (TypeError, ValueError)) and raised_by_helpers(error):
        if any(names(str(error), name) for name in expected_names):
            return CLEAR if invalid else REFUSED_PLAUSIBLE
        return OTHER_NAME
    return NUMPY


@dataclasses.dataclass
class Outcome:
    callable: str
    parameter: str
    label: str
    kind: str
    invalid: bool
    outcome: str
    detail: str
    seconds: float


def probe_entry(entry, catalogue_module, known: dict, deadline: float) -> list[Outcome]:
    target = catalogue_module._resolve(entry.name)
    call = entry.call or target
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        signature = None
    # Random draws follow a grid's order (one generator for all), so a reordered grid legitimately draws other numbers.
    seeded = signature is not None and "seed" in signature.parameters
    reference, error, _ = run(lambda: call(**entry.valid), deadline)
    if error is not None:
        return [Outcome(entry.name, "(valid call)", "", "", False, NUMPY, f"the valid call failed: {error!r:.200}", 0.0)]
    outcomes = []
    for parameter, catalogue_values in entry.probes.items():
        kind = kind_of(entry, parameter, catalogue_values, known)
        default = signature.parameters[parameter].default if signature and parameter in signature.parameters else inspect.Parameter.empty
        rules = forbidden(kind, default is None)
        # The caller's name for the argument (the catalogue's mapping), or the parameter's own.
        expected_names = (entry.named.get(parameter, parameter), parameter) + ALSO_NAMED.get(entry.name, ())
        valid_value = entry.valid.get(parameter)
        candidates: list[tuple[str, object, dict, bool | None]] = []
        for label, value, *context in catalogue_values:
            candidates.append((f"catalogue: {label}", value, context[0] if context else {}, True))
        careless = usual_suspects() + (derived(valid_value) if parameter in entry.valid else [])
        if isinstance(valid_value, dict) and entry.call is not None:
            # the catalogue's call unpacks this dict into keywords (Explorer.show(**values)): only dicts of strings
            careless = [(label, value) for label, value in careless if isinstance(value, dict) and None not in value]
        for label, value in careless:
            candidates.append((label, value, {}, None))
        seen = set()
        for label, value, context, known_invalid in candidates:
            if label in seen:
                continue
            seen.add(label)
            tags = tags_of(value)
            invalid = bool(known_invalid) or bool(tags & rules)
            kwargs = dict(entry.valid, **context, **{parameter: value})
            result, error, seconds = run(lambda: call(**kwargs), deadline)
            if (entry.name, parameter, label) in REVIEWED_VALID:
                invalid = False
            outcome = classify(entry, parameter, invalid, result, error, expected_names, entry.name.startswith("helpers.checks"))
            detail = "" if error is None else f"{type(error).__name__}: {error}"
            if outcome == ACCEPTED:
                outcome, detail = _check_result(entry, parameter, label, value, valid_value, result, reference, tags, seeded)
            outcomes.append(Outcome(entry.name, parameter, label, kind, invalid, outcome, detail[:300], seconds))
    return outcomes


def _equal(a, b) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    except Exception:  # noqa: BLE001
        return False


def _check_result(entry, parameter: str, label: str, value, valid_value, result, reference, tags: set[str],
                  seeded: bool) -> tuple[str, str]:
    """An accepted plausible value still gets a result the callable promises."""
    promise = RESULT_PROMISES.get(entry.name)
    if promise and not promise[1](result):
        return RESULT, f"returned {str(result)[:120]}, not {promise[0]}"
    if entry.name not in INF_IS_AN_ANSWER and not tags & {"nan", "inf"} and any(a.dtype.kind == "f" and np.any(np.isinf(a)) for a in _arrays(result))\
            and not any(np.any(~np.isfinite(a)) for a in _arrays(reference) if a.dtype.kind == "f"):
        return RESULT, "returned inf for finite input"
    if label in ("reversed", "shuffled") and GRID.search(parameter) and not seeded and not _equal(value, valid_value):
        array = np.asarray(valid_value)
        if array.ndim >= 1 and array.shape[0] > 1:
            order = np.arange(array.shape[0])[::-1] if label == "reversed" else np.roll(np.arange(array.shape[0]), 1)
            consistent = consistent_reordering(result, reference, order)
            if consistent is False:
                return RESULT, f"a {label} grid gives a result that is neither the same nor {label} alike"
    return ACCEPTED, ""


# ---------------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="helpers", help="probe the callables whose name starts with this")
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds after which a call counts as a hang")
    parser.add_argument("--list", choices=("none", "problems", "accepted", "all"), default="problems")
    parser.add_argument("--json", type=Path, help="write every outcome to this file")
    options = parser.parse_args(argv)

    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    import matplotlib
    matplotlib.use("Agg")
    import test_bad_input as catalogue_module

    known = catalogue_kinds(catalogue_module)
    outcomes: list[Outcome] = []
    start = time.perf_counter()
    import contextlib
    import io
    for entry in catalogue_module.CATALOGUE:
        if not entry.name.startswith(options.only):
            continue
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):  # checks print
            outcomes += probe_entry(entry, catalogue_module, known, options.deadline)
        print(f"{entry.name}: {len(outcomes)} calls so far, {time.perf_counter() - start:.0f} s", file=sys.stderr)

    counts = collections.Counter(o.outcome for o in outcomes)
    total = len(outcomes)
    print(f"\n{total} calls to {len({o.callable for o in outcomes})} callables "
          f"({sum(o.invalid for o in outcomes)} with an invalid value), {time.perf_counter() - start:.0f} s\n")
    print("| outcome | calls |\n|---|---:|")
    for name in ORDER:
        print(f"| {name} | {counts.get(name, 0)} |")
    problems = [o for o in outcomes if o.outcome in PROBLEMS]
    print(f"| **problems** | **{len(problems)}** ({100 * len(problems) / max(total, 1):.2f} %) |")
    shown = {"none": (), "problems": PROBLEMS, "accepted": PROBLEMS + (ACCEPTED,), "all": ORDER}[options.list]
    for o in outcomes:
        if o.outcome in shown:
            print(f"[{o.outcome}] {o.callable}({o.parameter}={o.label}) kind={o.kind}: {o.detail}")
    if options.json:
        options.json.write_text(json.dumps([dataclasses.asdict(o) for o in outcomes], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
