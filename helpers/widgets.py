"""Sliders, and :class:`Explorer`: a live figure drawn in the page, with no kernel round trip.

The pattern every live figure of the course follows:

1. compute everything that does not depend on the sliders once (the trainer runs over the whole
   slider grid up front);
2. build the matplotlib figure and its artists once, and write ``update(**slider_values) -> status``,
   which sets the data of the animated lines for one slider state;
3. ``Explorer(figure, controls, update, animated)`` calls ``update`` for every combination of the
   sliders' values (with warnings as errors, so every slider value is known to work), records each
   animated line in canvas pixels from matplotlib's own transforms, and renders the static parts
   once. The notebook shows the picture of the initial state, and below it the sliders, whose script
   draws every state in the page.

Output format (what a notebook cell ending with an ``Explorer`` stores)
------------------------------------------------------------------------
Two outputs, one after the other (:meth:`Explorer.picture_output`, :meth:`Explorer.live_output`):

1. **The picture**: ``image/png``, the figure at its initial slider state drawn by matplotlib, with
   ``text/plain`` alt text (the panels, the sliders and their ranges, the initial status line).
   This is what every viewer shows without JavaScript: GitHub, an untrusted notebook in JupyterLab,
   a printout, a PDF.
2. **The sliders**: ``text/html``, ``<div class="som-figure" data-width=W data-height=H>`` holding
   one ``<label class="som-control">`` per slider (a ``<span>`` with its description, which names the
   slider, an ``<input class="som-slider" type="range" min="0" max="n-1" aria-valuetext=READOUT
   data-name=NAME data-lm-suppress-shortcuts="true">`` over the option *indices*, and an ``<output
   class="som-readout" aria-hidden="true">`` showing the readout, ``B = 64``: see :meth:`Slider.readout`;
   a screen reader gets it as the slider's value text); a ``<div class="som-status">`` status line; a
   ``<div class="som-note">`` that says how to make the sliders move (what a view that strips
   scripts keeps showing); and an inline ``<script>`` that calls ``helpers/static/explorer.js`` with
   a spec. ``text/plain``: the sliders in words.

The script finds the picture output just before it (the ``<img>`` in the output box right before
the box that holds the sliders, if its PNG ends with the spec's ``picture_tail``), draws a ``<canvas
class="som-canvas">`` of W x H CSS pixels (its bitmap scaled by ``devicePixelRatio``) from that
picture's pixels, puts it above the sliders in place of the note, hides the picture's output box,
and redraws the canvas on every ``input`` event of a slider. The canvas has ``role="img"`` and, as its
accessible name, the alt text's first sentence and the status line. The status line a screen reader
hears is a copy the script adds after the visible one (which it hides from screen readers): a ``<div
class="som-live" role="status" aria-live="polite" aria-atomic="true">``, visually hidden, written once a
move settles (the key released, the pointer lifted, or half a second without input), so holding an
arrow key announces the status once, not at every step. Alt text and accessible names hold no TeX
(:mod:`helpers.descriptions`). The picture is stored once: the page
reuses the pixels the viewer already shows. Once it has drawn, the ``som-figure`` element has
``data-ready="1"`` and ``data-state`` (the index of the state drawn); a failure (no picture found,
say, in a viewer that shows each output in a frame of its own) is written to ``data-error`` and
said in the note, and the picture stays. Everything is inline: no network access, no widget
manager, no kernel; it works from ``file://``.

The spec (JSON in the script): ``width``, ``height`` (CSS pixels = figure pixels); ``panels`` (the
alt text's first sentence: the canvas's label is it and the current status line); ``picture_tail``
(the picture's last 64 base64 characters); ``below``, a base64 PNG patch laid over the picture to make the static layer
under the lines (opaque only where the two differ); ``above_box`` ([x0, y0, x1, y1]), where the
static layer over the lines (spines, legends) goes, ``above_mask``, a base64 PNG opaque where that
layer is (the page takes those pixels from the picture), and ``above``, its translucent rest; ``controls``
(per slider, its ``symbol`` and option ``labels``: the readout); ``strides`` (state index = sum of option index x stride);
``artists`` (per animated line, in the order Agg draws them: colour, width, dash, caps, clip
rectangle, marker polygons; see :func:`helpers.plotting.line_style`); and ``data``: base64 of a zlib
stream holding a uint32 header length, a JSON header (``statuses``: one status line per state;
``blocks``; ``scale``), padding to 4 bytes, an int32 table (state x artist x [path block, marker
block], -1 for none; stored as the difference from the same entry one state before), the int32
length of every block (in int16 numbers, two per point), and the coordinates of every block (x, y
pairs in canvas pixels times ``scale`` as int16, -32768 breaking a line). Each coordinate is stored
as the difference from the one before it of its kind in its block (wrapping int16); all x
differences come first, then all y differences, each as a zigzag LEB128 varint (1 to 3 bytes).
Identical blocks are stored once.
"""

from __future__ import annotations

import base64
import html
import inspect
import itertools
import json
import math
import re
import warnings
import zlib
from collections.abc import Callable, Mapping
from importlib.resources import files

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._validation import _show, check_positive_int, check_real, check_work
from .descriptions import figure_description, plain_text
from .plotting import (PICTURE_TAIL, draw_order, encode_png, figure_pixels, freeze_layout, line_marker_pixels,
                       line_path_pixels, line_style, palette_png, prune_legends, quantized, render_layers)

COORDINATE_SCALE = 4
"""Coordinates go to the page as int16 in units of a quarter of a canvas pixel (at most 1/8 pixel off)."""
_GAP = -32768
_LIMIT = 32767 / COORDINATE_SCALE - 1
NOTE_WITHOUT_SCRIPT = ("The picture above is the figure at these slider values. To move the sliders, run this cell "
                       "(or trust the notebook); in the course's web pages they move at once.")


def powers_of_two(minimum: int = 1, maximum: int = 1024) -> list[int]:
    """The powers of two from ``minimum`` to ``maximum`` inclusive.

    >>> powers_of_two(4, 32)
    [4, 8, 16, 32]
    """
    minimum = check_positive_int(minimum, "minimum")
    maximum = check_positive_int(maximum, "maximum")
    values = [2**k for k in range(0, maximum.bit_length()) if minimum <= 2**k <= maximum]
    if not values:
        raise ValueError(f"there is no power of two between minimum={minimum} and maximum={maximum}")
    return values


def log_grid(minimum: float, maximum: float) -> list[float]:
    """The 1-2-5 sequence (1, 2, 5, 10, 20, ...) times powers of ten, from ``minimum`` to ``maximum``.

    Evenly spread on a log scale, and every value has a short exact label.

    >>> log_grid(0.01, 0.1)
    [0.01, 0.02, 0.05, 0.1]
    """
    minimum = check_real(minimum, "minimum", positive=True)
    maximum = check_real(maximum, "maximum", positive=True)
    if maximum < minimum:
        raise ValueError(f"maximum ({maximum}) must be at least minimum ({minimum})")
    values = []
    for exponent in range(math.floor(math.log10(minimum)) - 1, math.ceil(math.log10(maximum)) + 1):
        for mantissa in (1, 2, 5):
            value = float(f"{mantissa}e{exponent}")
            if minimum * (1 - 1e-12) <= value <= maximum * (1 + 1e-12):
                values.append(value)
    if not values:
        raise ValueError(f"there is no 1-2-5 value between minimum={minimum} and maximum={maximum}")
    return values


class Slider:
    """A slider over explicit options: what an :class:`Explorer` draws as an ``<input type="range">``.

    Parameters
    ----------
    options : list
        The values, in slider order (left to right).
    value
        The starting value, one of ``options``.
    description : str
        The label shown left of the slider.
    argument : str, optional
        The name of the function argument ``value`` came from, for the error message.

    Attributes
    ----------
    options : list of (label, value)
        Each option with the short label the page shows.
    symbol : str
        The letter the readout names: the description's last word when it is one character (``B`` in
        "batch size B", ``η`` in "learning rate η (sum)"), else empty.

    The readout beside the slider, and what a screen reader says for it (its ``aria-valuetext``), is
    :meth:`readout`: ``B = 64`` when the slider has a symbol, else the option's label.

    >>> Slider([1, 4, 64], 4, description="batch size B").options
    [('1', 1), ('4', 4), ('64', 64)]
    >>> Slider([1, 4, 64], 4, description="batch size B").readout(64)
    'B = 64'
    """

    def __init__(self, options: list, value, *, description: str, argument: str = "value"):
        if not isinstance(description, str) or not description.strip():
            raise TypeError(f"description must be a non-empty string, got {_show(description)}")
        if not isinstance(argument, str) or not argument:
            raise TypeError(f"argument must be a non-empty string (the name of the argument value came from), got {_show(argument)}")
        options = _check_options(options)
        self.options = [(f"{v:g}", v) for v in options]
        self.description = description
        symbol = re.fullmatch(r".*\s([^\W\d_])(\s\(.*\))?", plain_text(description))
        self.symbol = symbol.group(1) if symbol else ""
        values = [v for _, v in self.options]
        if not _is_option(value, values):
            raise ValueError(f"{argument} must be one of the slider's options {_plain(values)}, got {_show(value)}")
        self.value = value

    @property
    def value(self):
        """The current value (one of the options); setting it checks it is one."""
        return self._value

    @value.setter
    def value(self, value) -> None:
        values = [v for _, v in self.options]
        if not _is_option(value, values):
            raise ValueError(f"value must be one of the slider's options {_plain(values)}, got {_show(value)}")
        self._value = values[values.index(value)]

    def readout(self, value) -> str:
        """What the page shows beside the slider at ``value`` (one of its options): ``B = 64``, or ``64``
        for a slider without a symbol."""
        values = [v for _, v in self.options]
        if not _is_option(value, values):
            raise ValueError(f"value must be one of the slider's options {values}, got {_show(value)}")
        label = self.options[values.index(value)][0]
        return f"{self.symbol} = {label}" if self.symbol else label

    def __repr__(self) -> str:
        return f"Slider({[v for _, v in self.options]!r}, {self.value!r}, description={self.description!r})"


def batch_size_slider(value: int = 64, *, minimum: int = 1, maximum: int = 1024, description: str = "batch size B",
                      argument: str = "batch_size") -> Slider:
    """A slider over the powers of two from ``minimum`` to ``maximum``."""
    options = powers_of_two(minimum, maximum)
    _check_in_range(value, argument, minimum, maximum)
    return Slider(options, value, description=description, argument=argument)


def learning_rate_slider(value: float = 0.01, *, minimum: float = 1e-4, maximum: float = 1.0, description: str = "learning rate",
                         argument: str = "learning_rate") -> Slider:
    """A slider over a log-spaced 1-2-5 grid of learning rates (see :func:`log_grid`)."""
    options = log_grid(minimum, maximum)
    _check_in_range(value, argument, minimum, maximum)
    return Slider(options, value, description=description, argument=argument)


def _check_in_range(value: object, argument: object, minimum: float, maximum: float) -> None:
    """A starting value outside ``[minimum, maximum]``: name the range too, which the caller may have set instead."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)) \
            and math.isfinite(value) and not minimum <= value <= maximum:
        raise ValueError(f"{argument} must be one of the slider's options, from minimum={minimum:g} to maximum={maximum:g}, "
                         f"got {_show(value)}")


def choice_slider(options: list[float], value: float, *, description: str, argument: str = "value") -> Slider:
    """A slider over explicit numeric ``options`` (a run's batch sizes, an L2 strength, a noise level), sorted."""
    return Slider(sorted(_check_options(options)), value, description=description, argument=argument)


def slider_values(slider: Slider) -> list:
    """Every value a slider can take, in order (what the tests sweep)."""
    if not isinstance(slider, Slider):
        raise TypeError(f"slider must be a Slider, got {_show(slider)} of type {type(slider).__name__}")
    return [value for _, value in slider.options]


_SCRIPT = None


def _script() -> str:
    """helpers/static/explorer.min.js without its header line: the page script, stored once per figure.

    It is ``explorer.js`` minified (``python scripts/minify_explorer.py``); the figure's output calls it.
    """
    global _SCRIPT
    if _SCRIPT is None:
        text = files("helpers").joinpath("static/explorer.min.js").read_text(encoding="utf-8")
        _SCRIPT = text.split("\n", 1)[1].strip()
    return _SCRIPT


class Explorer:
    """A live figure: sliders whose every state is computed once and drawn in the page.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Built once (see :func:`helpers.plotting.new_figure`).
    controls : mapping of name to :class:`Slider`
        The keyword each slider's value is passed to ``update`` under.
    update : callable
        ``update(**values) -> str`` sets the data of the ``animated`` lines for one slider state and
        returns a one-line status (the numbers, or what diverged). It is called here once for
        every combination of the sliders' values, with warnings as errors.
    animated : list of Line2D
        Every artist ``update`` changes; everything else (axes, ticks, labels, legends) is drawn
        once as a picture, so ``update`` must not change it. A legend entry whose line is empty in
        every state is removed (a legend lists only what is drawn).

    Attributes
    ----------
    statuses : dict
        The status line of every state, keyed by the tuple of slider values (in ``controls`` order).

    A notebook cell ending with an Explorer shows :meth:`picture_output` then :meth:`live_output`
    (format: see the module docstring).
    """

    def __init__(self, figure: Figure, controls: Mapping[str, Slider], update: Callable[..., str], animated: list[Artist]):
        if not isinstance(figure, Figure):
            raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
        if not isinstance(controls, Mapping) or not controls:
            raise TypeError(f"controls must be a non-empty mapping of name to Slider, got {controls!r}")
        for name, control in controls.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise TypeError(f"controls' keys must name update's keyword arguments (identifiers), got {_show(name)}")
            if not isinstance(control, Slider):
                raise TypeError(f"controls[{name!r}] must be a Slider, got {type(control).__name__}")
        if not callable(update):
            raise TypeError(f"update must be callable, got {update!r}")
        if isinstance(animated, (str, bytes, Artist)) or not hasattr(animated, "__iter__"):
            raise TypeError(f"animated must be a list of the Line2D artists update changes, got {_show(animated)}")
        animated = list(animated)
        if not animated:
            raise ValueError("animated must list at least one line")
        for k, artist in enumerate(animated):
            if not isinstance(artist, Line2D) or artist.get_figure(root=True) is not figure:
                raise TypeError(f"animated[{k}] must be a Line2D of this figure, got {_show(artist)}")
        n_states = math.prod(len(control.options) for control in controls.values())
        check_work(f"a live figure of {n_states} slider states", reduce="the number of values of the sliders in controls",
                   loops=100.0 * n_states * len(animated))
        try:
            inspect.signature(update).bind(**{name: None for name in controls})
        except TypeError as error:
            raise TypeError(f"update must take the sliders' values as keyword arguments ({', '.join(controls)}): {error}") from None
        except ValueError:   # a callable without a signature: its first call will tell
            pass
        self.figure = figure
        self.controls = dict(controls)
        self.update = update
        self._initial = self.values()
        freeze_layout(figure)
        position = {id(a): i for i, a in enumerate(draw_order(figure))}
        self.animated = sorted(animated, key=lambda a: position.get(id(a), len(position)))  # as Agg draws them
        animated = self.animated

        names = list(self.controls)
        grids = [slider_values(self.controls[n]) for n in names]
        self.statuses, frames = {}, []
        for combination in itertools.product(*grids):
            status = self.show(**dict(zip(names, combination)))
            frame = [(line_path_pixels(a), line_marker_pixels(a)) for a in animated]
            self.statuses[combination] = status + _overlap_note(animated, frame)
            frames.append(frame)
        drawn = [any(_draws(a, path, points) for path, points in (f[k] for f in frames)) for k, a in enumerate(animated)]
        prune_legends(figure, [a for a, d in zip(animated, drawn) if not d])

        self.show(**self._initial)
        picture = quantized(figure_pixels(figure))
        self.picture = palette_png(picture)
        self._picture_base64 = base64.b64encode(self.picture).decode()
        below, above = render_layers(figure, animated)
        # The static layer under the lines goes to the page as a patch over the picture (same palette):
        # opaque only where the two differ, that is under the lines, so it costs little.
        below = np.asarray(quantized(below, picture).convert("RGB"))
        differs = np.any(np.asarray(picture.convert("RGB")) != below, axis=-1)
        self._below = encode_png(np.dstack([below * differs[..., None], 255 * differs.astype(np.uint8)]))
        rows, columns = np.nonzero(above[..., 3])
        if len(rows):
            self._above_box = [int(columns.min()), int(rows.min()), int(columns.max()) + 1, int(rows.max()) + 1]
            x0, y0, x1, y1 = self._above_box
            above = above[y0:y1, x0:x1]
            # Where the layer over the lines is opaque (legends), the picture shows exactly it: the page
            # takes those pixels from the picture through a mask, and gets only the translucent rest
            # (spines, antialiased edges) as pixels.
            opaque = above[..., 3] == 255
            self._above_mask = encode_png(np.dstack([np.zeros(opaque.shape + (3,), np.uint8), 255 * opaque.astype(np.uint8)]))
            self._above = encode_png(np.where(opaque[..., None], np.uint8(0), above))
        else:
            self._above_box, self._above_mask, self._above = [0, 0, 0, 0], b"", b""
        self._frames = frames
        self._strides = [int(np.prod([len(g) for g in grids[c + 1:]])) for c in range(len(grids))]

    def values(self) -> dict:
        """The sliders' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def show(self, **values) -> str:
        """Set the sliders to ``values`` (any subset), update the figure's lines, and return the status.

        What a full matplotlib draw of :attr:`figure` then shows is what the page draws for that state.
        """
        self._check_values(values)
        for name, value in values.items():
            self.controls[name].value = value
        with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
            warnings.simplefilter("error")
            status = self.update(**self.values())
        if not isinstance(status, str):
            raise TypeError(f"update must return the status line as a string, got {type(status).__name__}")
        return status

    def state_index(self, **values) -> int:
        """The index of a slider state in the page's data (the ``data-state`` the page reports)."""
        self._check_values(values)
        merged = {**self.values(), **values}
        return sum(slider_values(self.controls[n]).index(merged[n]) * s for n, s in zip(self.controls, self._strides))

    def _check_values(self, values: dict) -> None:
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(f"{name!r} is not a slider of this figure; its sliders are {list(self.controls)}")
            options = slider_values(self.controls[name])
            if not _is_option(value, options):
                raise ValueError(f"{name} must be one of the slider's options {options}, got {_show(value)}")

    def _payload(self) -> str:
        blocks, table, index = [], [], {}

        def block(xy: np.ndarray) -> int:
            if len(xy) == 0:
                return -1
            fixed = np.round(np.clip(np.nan_to_num(xy), -_LIMIT, _LIMIT) * COORDINATE_SCALE)
            fixed = np.where(np.isfinite(xy), fixed, _GAP).astype("<i2")
            # A point equal to the one before it changes no drawing (zero-length segment, same marker).
            fixed = fixed[np.r_[True, np.any(fixed[1:] != fixed[:-1], axis=1)]]
            key = fixed.tobytes()
            if key not in index:
                index[key] = len(blocks)
                # Each coordinate as the difference from the previous one of its kind (wrapping
                # int16): smooth curves become small numbers that compress well.
                deltas = np.diff(fixed.astype(np.int32), axis=0, prepend=0).astype(np.int16)
                blocks.append(deltas.reshape(-1))
            return index[key]

        for frame in self._frames:
            for path, points in frame:
                table += [block(path), block(points)]
        header = json.dumps({"statuses": list(self.statuses.values()), "blocks": len(blocks), "scale": COORDINATE_SCALE},
                            ensure_ascii=False).encode()
        lengths = np.array([len(b) for b in blocks], dtype="<i4")
        # The table as differences from the entry one state before (mostly small or zero): compresses well.
        table = np.asarray(table, dtype=np.int64).reshape(len(self._frames), -1)
        table = np.diff(table, axis=0, prepend=0).astype("<i4")
        head = np.uint32(len(header)).tobytes() + header
        deltas = np.concatenate(blocks) if blocks else np.empty(0, np.int16)
        # x differences, then y differences: each stream is smoother alone, and deflate finds more in it.
        raw = (head + b"\0" * (-len(head) % 4) + table.tobytes() + lengths.tobytes()
               + _varints(np.concatenate([deltas[0::2], deltas[1::2]])))
        return base64.b64encode(zlib.compress(raw, 9)).decode()

    def alt_text(self) -> str:
        """What the figure shows, in words (no TeX): panels, sliders, and the initial status line."""
        status = self.statuses[tuple(self._initial.values())]
        return f"{self._panels_text()} Sliders: {self._sliders_text()}. Shown: {status}"

    def _panels_text(self) -> str:
        return f"Live figure, {figure_description(self.figure)}"

    def _sliders_text(self) -> str:
        return "; ".join(f"{c.description} from {c.options[0][0]} to {c.options[-1][0]}" for c in self.controls.values())

    def picture_output(self) -> dict:
        """The first output: the picture of the initial state (``image/png``) and its alt text."""
        return {"image/png": self._picture_base64, "text/plain": self.alt_text()}

    def live_output(self) -> dict:
        """The second output: the sliders, whose script draws the figure in the page (``text/html``)."""
        return {"text/html": self.html(), "text/plain": f"Sliders for the figure above: {self._sliders_text()}."}

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.picture_output(), raw=True)
        display(self.live_output(), raw=True)

    def html(self) -> str:
        """The sliders' ``text/html`` (see the module docstring); it draws after the picture's ``<img>``."""
        width, height = int(round(self.figure.bbox.width)), int(round(self.figure.bbox.height))
        rows = []
        for name, control in self.controls.items():
            labels = [label for label, _ in control.options]
            i = slider_values(control).index(self._initial[name])
            readout = html.escape(control.readout(self._initial[name]))
            # The label names the slider; the readout is its aria-valuetext (so hidden from screen readers,
            # which would read it twice); rows wrap in a narrow window.
            rows.append(
                f'<label class="som-control" style="display:flex;flex-wrap:wrap;align-items:center;gap:2px 10px;margin:2px 0">'
                f'<span style="width:170px">{html.escape(control.description)}</span>'
                f'<input class="som-slider" type="range" min="0" max="{len(labels) - 1}" value="{i}" '
                f'aria-valuetext="{readout}" data-name="{html.escape(name)}" data-lm-suppress-shortcuts="true" '
                f'style="width:300px;max-width:100%">'
                f'<output class="som-readout" aria-hidden="true" style="min-width:4em">{readout}</output></label>')
        status = self.statuses[tuple(self._initial.values())]
        weight = "bold" if "DIVERGED" in status else "normal"
        spec = {
            "width": width, "height": height, "panels": self._panels_text(),
            "picture_tail": self._picture_base64[-PICTURE_TAIL:],
            "below": base64.b64encode(self._below).decode(), "above_box": self._above_box,
            "above_mask": base64.b64encode(self._above_mask).decode(), "above": base64.b64encode(self._above).decode(),
            "controls": [{"symbol": c.symbol, "labels": [lab for lab, _ in c.options]} for c in self.controls.values()],
            "strides": self._strides,
            "artists": [_rounded(line_style(a)) for a in self.animated],
            "data": self._payload(),
        }
        spec_json = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return (f'<div class="som-figure" data-width="{width}" data-height="{height}" '
                f'style="font-family:sans-serif;font-size:13px;line-height:1.4">'
                + "".join(rows)
                + f'<div class="som-status" style="margin:4px 0;font-weight:{weight};max-width:{width}px">{html.escape(status)}</div>'
                f'<div class="som-note" style="font-style:italic;max-width:{width}px">{NOTE_WITHOUT_SCRIPT}</div>'
                f'<script>{_script().strip()}(document.currentScript, {spec_json});</script></div>')


def _rounded(value):
    """``value`` (a line style) with every float rounded to 3 decimals: a thousandth of a pixel is plenty."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _varints(values: np.ndarray) -> bytes:
    """int16 ``values`` as zigzag LEB128 varints: 1 byte from -64 to 63, 2 from -8192 to 8191, else 3."""
    if not isinstance(values, np.ndarray) or values.dtype != np.int16:  # 3 bytes hold 21 bits: int16 only
        raise TypeError(f"values must be an int16 array, got {_show(values)}")
    signed = values.astype(np.int32)
    unsigned = ((signed << 1) ^ (signed >> 31)).astype(np.uint32)   # 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
    counts = 1 + (unsigned >= 1 << 7) + (unsigned >= 1 << 14)
    out = np.zeros(int(counts.sum()), np.uint8)
    starts = np.cumsum(counts) - counts
    for k in range(3):
        has = counts > k
        more = (counts[has] > k + 1).astype(np.uint32) << 7
        out[starts[has] + k] = ((unsigned[has] >> (7 * k)) & 0x7F) | more
    return out.tobytes()


def _draws(line: Line2D, path: np.ndarray, points: np.ndarray) -> bool:
    """Whether a line with this path and these marker positions puts anything on the figure."""
    finite = np.all(np.isfinite(path), axis=1)
    stroked = line.get_linestyle() not in ("None", "none", " ", "") and bool(np.any(finite[1:] & finite[:-1]))
    return stroked or len(points) > 0


def _overlap_note(lines: list[Line2D], frame: list[tuple[np.ndarray, np.ndarray]]) -> str:
    """A note naming the labelled lines of one axes that lie on top of each other (within a pixel) in this state."""
    groups = []
    for k, (line, (path, _)) in enumerate(zip(lines, frame)):
        label = line.get_label()
        if label.startswith("_") or not _draws(line, path, np.empty((0, 2))) or line.get_linestyle() in ("None", "none"):
            continue
        for group in groups:
            other, other_path = group[0]
            if (other.axes is line.axes and other_path.shape == path.shape
                    and np.array_equal(np.isfinite(other_path), np.isfinite(path))
                    and np.nanmax(np.abs(np.nan_to_num(other_path - path))) <= 1.0):
                group.append((line, path))
                break
        else:
            groups.append([(line, path)])
    notes = [f"{' and '.join(line.get_label() for line, _ in group)} lie on top of each other in “{group[0][0].axes.get_title()}”"
             for group in groups if len(group) > 1]
    return f" ({'; '.join(notes)})" if notes else ""


def _check_options(options: object) -> list:
    """A slider's options: a non-empty list of distinct finite real numbers."""
    if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
        raise TypeError(f"options must be a list of numbers, got {_show(options)}")
    options = list(options)
    if not options:
        raise ValueError("options must not be empty")
    for option in options:
        if isinstance(option, (bool, np.bool_)) or not isinstance(option, (int, float, np.integer, np.floating)):
            raise TypeError(f"options must be real numbers, got {_show(option)} of type {type(option).__name__}")
        if not math.isfinite(option):
            raise ValueError(f"options must be finite, got {option}")
    if len(set(options)) != len(options):
        raise ValueError(f"options must be distinct, got {options}")
    return options


def _is_option(value: object, options: list) -> bool:
    """Whether ``value`` is one of a slider's (numeric) options; text, bools, None and arrays never are."""
    if isinstance(value, (str, bytes, bool, np.bool_, list, tuple, dict, set, np.ndarray)) or value is None:
        return False
    if not isinstance(value, (int, float, np.integer, np.floating)):
        return False
    return any(value == option for option in options)


def _plain(values: list) -> list:
    """Numbers as Python prints them (``4``, not ``np.int64(4)``), for messages."""
    return [v.item() if isinstance(v, np.generic) else v for v in values]
