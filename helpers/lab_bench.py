"""Lab benches: train in the kernel at any setting, and compare the last few runs.

A live figure (:class:`helpers.widgets.Explorer`) shows a grid of settings computed in advance and
draws in the page with no kernel. A lab bench reaches the settings off that grid (B = 48, η = 0.03):
ipywidgets controls, a Run button that trains in the notebook's kernel with a progress bar, a figure
that keeps the last few runs (one line each, with a colour, a dash and a marker of its own) and a table
with one row per run. A setting the trainer refuses is refused with the trainer's own message, in the
status line, before any work starts (the work limits of :func:`helpers._validation.check_work`).

The generic part
----------------
``LabBench(title, settings, train, panels)``:

* ``settings``: one :class:`Setting` per control: a number field (what the student types is passed on
  as :func:`parse_number` reads it, so the trainer's checks judge it) or a choice;
* ``train(values, progress) -> BenchRun`` trains at ``values`` (the settings by name) and calls
  ``progress(done, total)`` as the work advances (the trainers' ``on_epoch`` hook). A ``TypeError``
  or ``ValueError`` it raises refuses the run: its message is the status line;
* ``panels``: one :class:`Panel` per axes of the figure. A :class:`BenchRun` gives each panel one
  line (drawn in the run's style) and the points where the run diverged (a black cross).

A factory per notebook builds a bench on the notebook's own data and trainer:
:func:`learning_rate_bench` (notebook 01), :func:`regularization_bench` (03), :func:`best_rate_bench`
(05), :func:`optimizer_bench` (07) and :func:`network_bench` (08). A notebook cell ends with the call.

What a notebook stores
----------------------
A cell ending with a bench shows two outputs, the same at every run (strict nbval compares them):

1. :meth:`LabBench.note_output`: one sentence, the bench needs a running kernel (``text/plain`` and
   ``text/html``). Every viewer without a kernel shows it: GitHub, nbconvert's HTML, the course's
   site, an untrusted notebook. Its HTML also holds a style sheet that hides the note once the bench
   is drawn, and hides the bench's output while it is not ("Loading widget...", or a widget whose
   kernel is gone); and a script that makes the ipywidgets speak: the status line becomes a polite
   live region, the progress bar a ``progressbar`` with its value and label, and every control gets
   ``data-lm-suppress-shortcuts`` (JupyterLab's notebook shortcuts leave its keys alone).
2. :meth:`LabBench.widget_output`: the ipywidgets view, with an empty ``text/plain``.

Save a notebook without widget state (nbclient's ``store_widget_state=False``, or drop
``metadata.widgets``): nbconvert then skips the widget view and shows the note.
"""

from __future__ import annotations

import base64
import html
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._validation import _show, check_choice, check_matrix, check_positive_int, check_real, check_real_array, check_seed
from .adam import train_adam
from .losses import LOSSES, _check_targets, per_example_losses
from .network import _check_data
from .network_training import _check_test_set, train_network
from .noise import squared_loss_hessian, stable_learning_rate
from .plotting import DIVERGED_STYLE, LEGEND_STYLE, encode_png, figure_pixels, new_figure, style_axes
from .reduction import SCALAR_REDUCTIONS
from .regularization import REGULARIZATION_SCHEMES, accuracy, decision_boundary, effective_l2, \
    train_regularization_schemes
from .training import DIVERGENCE_LOSS_FACTOR, DIVERGENCE_THRESHOLD, train_linear_model

__all__ = ["BenchRun", "LabBench", "NOTE", "Panel", "RUN_STYLES", "Setting", "best_rate_bench", "learning_rate_bench",
           "network_bench", "optimizer_bench", "parse_number", "regularization_bench"]

NOTE = "This lab bench needs a running Python kernel: run this cell in Jupyter to set values and train."
"""What a bench's stored output says where no kernel runs (see the module docstring)."""

RUN_STYLES = (
    {"name": "blue, solid line, circles", "color": "#0072B2", "linestyle": "-", "marker": "o", "linewidth": 2.0},
    {"name": "vermillion, dashed line, squares", "color": "#D55E00", "linestyle": "--", "marker": "s", "linewidth": 2.0},
    {"name": "green, dotted line, triangles", "color": "#009E73", "linestyle": ":", "marker": "^", "linewidth": 2.6},
    {"name": "purple, dash-dot line, diamonds", "color": "#AA3377", "linestyle": "-.", "marker": "D", "linewidth": 2.0},
    {"name": "grey, dash-dot-dot line, down triangles", "color": "#666666", "linestyle": (0, (6, 2, 1, 2, 1, 2)),
     "marker": "v", "linewidth": 2.0},
)
"""One look per kept run: colour (each at least 3:1 against white), dash and marker all differ, and the
table names it in words. No marker is a cross, which is :data:`helpers.plotting.DIVERGED_STYLE`."""

MAX_POINTS = 2000
"""A line with more points is drawn from this many, evenly spaced (the last one kept)."""

MARKERS_PER_LINE = 6
"""Markers drawn along each line; each run starts them at its own offset, so lines on top of each other
still show every run's markers."""

FIGURE_WIDTH, PANEL_HEIGHT = 10.0, 3.6
"""Inches at :data:`helpers.plotting.FIGURE_DPI`: 800 pixels wide."""


def parse_number(text: str) -> int | float | str:
    """What a number field's text means: an ``int``, else a ``float``, else the text itself (stripped).

    Text that is no number is passed on as it is, so that the trainer's argument checks say what they
    expected (``batch_size must be a positive integer, got 'abc' of type str``).

    >>> parse_number(" 48 "), parse_number("0.03"), parse_number("1e-3"), parse_number("abc")
    (48, 0.03, 0.001, 'abc')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (what a number field holds), got {_show(text)} of type {type(text).__name__}")
    stripped = text.strip()
    for convert in (int, float):
        try:
            return convert(stripped)
        except ValueError:
            pass
    return stripped


@dataclass(frozen=True)
class Setting:
    """One control of a bench: a number field (``options`` None) or a choice among ``options``.

    Parameters
    ----------
    name : str
        The key of the setting in the ``values`` the bench's ``train`` receives (a Python identifier).
    description : str
        The label shown beside the control, which is also its accessible name: words or Unicode, no TeX.
    value : number or str
        The starting value: a number for a number field, one of the options' values for a choice.
    options : tuple of (label, value) pairs, optional
        A choice's options, as shown and as passed to ``train``.

    >>> Setting("batch_size", "batch size B", 48)
    Setting(name='batch_size', description='batch size B', value=48, options=None)
    """

    name: str
    description: str
    value: object
    options: tuple[tuple[str, str], ...] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier (the key of the setting), got {_show(self.name)}")
        if not isinstance(self.description, str) or not self.description.strip() or "$" in self.description:
            raise ValueError(f"description must be a non-empty label in words or Unicode (no TeX), got {_show(self.description)}")
        if self.options is None:
            if isinstance(self.value, (bool, np.bool_)) or not isinstance(self.value, numbers.Real):
                raise TypeError(f"value must be a number for a number field, got {_show(self.value)}")
            return
        options = self.options
        if (isinstance(options, (str, bytes)) or not isinstance(options, Sequence) or not options
                or not all(isinstance(o, tuple) and len(o) == 2 and all(isinstance(t, str) and t for t in o) for o in options)):
            raise ValueError(f"options must be a non-empty tuple of (label, value) pairs of strings, got {_show(options)}")
        values = [v for _, v in options]
        if len(set(values)) != len(values):
            raise ValueError(f"options must have distinct values, got {values}")
        if self.value not in values:
            raise ValueError(f"value must be one of the options' values {values}, got {_show(self.value)}")
        object.__setattr__(self, "options", tuple(options))


@dataclass(frozen=True)
class Panel:
    """One axes of a bench's figure.

    ``xscale``, ``yscale``: ``"linear"`` or ``"log"``; ``xlim``, ``ylim``: fixed limits (else
    matplotlib fits the runs).

    >>> Panel("training", "epochs", "training loss", yscale="log").yscale
    'log'
    """

    title: str
    xlabel: str
    ylabel: str
    xscale: str = "linear"
    yscale: str = "linear"
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        for text, text_name in ((self.title, "title"), (self.xlabel, "xlabel"), (self.ylabel, "ylabel")):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{text_name} must be a non-empty str, got {_show(text)}")
        check_choice(self.xscale, "xscale", ("linear", "log"))
        check_choice(self.yscale, "yscale", ("linear", "log"))
        for limits, limits_name, scale in ((self.xlim, "xlim", self.xscale), (self.ylim, "ylim", self.yscale)):
            if limits is None:
                continue
            low, high = _check_pair(limits, limits_name)
            if not low < high or (scale == "log" and low <= 0):
                raise ValueError(f"{limits_name} must be (low, high) with low < high (and low > 0 on a log scale), got {limits!r}")


@dataclass(frozen=True)
class BenchRun:
    """What one run adds to a bench: per panel a line and the points where it diverged; a table row; a sentence.

    Parameters
    ----------
    lines : tuple
        One entry per panel: ``(x, y)``, two 1-D arrays of the same length (NaN breaks the line), or None.
    crosses : tuple
        One entry per panel: an array of shape (k, 2) of points where the run diverged, drawn as black
        crosses; a NaN y puts the cross at the top of the panel.
    cells : mapping of str to str
        The run's result columns in the table (a key equal to a setting's description replaces how
        the table shows that setting, such as "not used").
    summary : str
        One sentence for the status line: the result, or what diverged.

    >>> run = BenchRun(lines=((np.arange(3.0), np.ones(3)),), crosses=(np.empty((0, 2)),),
    ...                cells={"final loss": "1.000"}, summary="training loss 1.000")
    >>> run.diverged
    False
    """

    lines: tuple
    crosses: tuple
    cells: Mapping[str, str]
    summary: str

    def __post_init__(self) -> None:
        if isinstance(self.lines, (str, bytes)) or not isinstance(self.lines, Sequence) or not self.lines:
            raise TypeError(f"lines must be a tuple of one (x, y) pair (or None) per panel, got {_show(self.lines)}")
        lines = tuple(None if line is None else _check_line(line, f"lines[{k}]") for k, line in enumerate(self.lines))
        if isinstance(self.crosses, (str, bytes)) or not isinstance(self.crosses, Sequence) or len(self.crosses) != len(lines):
            raise ValueError(f"crosses must hold one array of points per panel ({len(lines)}), got {_show(self.crosses)}")
        crosses = tuple(_check_points(points, f"crosses[{k}]") for k, points in enumerate(self.crosses))
        if not isinstance(self.cells, Mapping) or not all(isinstance(k, str) and k and isinstance(v, str)
                                                          for k, v in self.cells.items()):
            raise TypeError(f"cells must map column names (str) to the run's text (str), got {_show(self.cells)}")
        if not isinstance(self.summary, str) or not self.summary.strip():
            raise ValueError(f"summary must be a non-empty sentence, got {_show(self.summary)}")
        object.__setattr__(self, "lines", lines)
        object.__setattr__(self, "crosses", crosses)
        object.__setattr__(self, "cells", dict(self.cells))

    @property
    def diverged(self) -> bool:
        """Whether any panel marks a divergence."""
        return any(len(points) for points in self.crosses)


@dataclass(frozen=True)
class KeptRun:
    """A run the bench keeps: its number (1 for the first run of the bench), its settings as shown, its result."""

    number: int
    settings: dict[str, str]
    result: BenchRun

    @property
    def style(self) -> dict:
        """Its look in the figure: one of :data:`RUN_STYLES`, by run number."""
        return RUN_STYLES[(self.number - 1) % len(RUN_STYLES)]


class LabBench:
    """Controls, a Run button that trains in the kernel, a progress bar, a status line, a figure and a table.

    Parameters
    ----------
    title : str
        Shown above the controls, and the first words of the figure's alt text.
    settings : sequence of Setting
    train : callable
        ``train(values, progress) -> BenchRun``: see the module docstring.
    panels : sequence of Panel
        The figure's axes, side by side (one to three).
    keep : int
        How many runs the figure and the table keep (the oldest go first), at most ``len(RUN_STYLES)``.
    decorate : callable, optional
        ``decorate(axes)`` draws what every picture shows besides the runs (reference lines, data
        points, limits), after the runs; ``ax.has_data()`` says whether a run drew there.
    progress_unit : str
        What ``progress(done, total)`` counts, for the readout beside the bar: ``"3 of 10 epochs"``.

    Attributes
    ----------
    runs : list of KeptRun
        The runs kept, oldest first.
    status : str
        The status line's text.
    figure : matplotlib.figure.Figure
        The figure as last drawn.
    widget : ipywidgets.VBox
        The bench's root widget (what :meth:`widget_output` displays).

    Examples
    --------
    >>> def train(values, progress):
    ...     progress(1, 1)
    ...     x = np.arange(4.0)
    ...     return BenchRun(lines=((x, values["slope"] * x),), crosses=(np.empty((0, 2)),),
    ...                     cells={"end": f"{3 * values['slope']:g}"}, summary=f"ends at {3 * values['slope']:g}")
    >>> bench = LabBench("A line", [Setting("slope", "slope a", 2)], train, [Panel("y = a x", "x", "y")])
    >>> bench.set(slope=0.5); bench.run().summary
    'ends at 1.5'
    >>> bench.status, bench.table_rows()
    ('Run 1: ends at 1.5', [['1', 'blue, solid line, circles', '0.5', '1.5']])
    >>> bench.set(slope="steep"); bench.run() is None
    True
    """

    def __init__(self, title: str, settings: Sequence[Setting], train: Callable[..., BenchRun], panels: Sequence[Panel], *,
                 keep: int = 4, decorate: Callable[[list[Axes]], object] | None = None, progress_unit: str = "epochs"):
        import ipywidgets as widgets

        if not isinstance(title, str) or not title.strip():
            raise ValueError(f"title must be a non-empty str, got {_show(title)}")
        if isinstance(settings, (str, bytes)) or not isinstance(settings, Sequence) or not settings \
                or not all(isinstance(s, Setting) for s in settings):
            raise TypeError(f"settings must be a non-empty list of Setting, got {_show(settings)}")
        names = [s.name for s in settings]
        if len(set(names)) != len(names):
            raise ValueError(f"settings must have distinct names, got {names}")
        if not callable(train):
            raise TypeError(f"train must be a function train(values, progress) -> BenchRun, got {_show(train)}")
        if isinstance(panels, (str, bytes)) or not isinstance(panels, Sequence) or not 1 <= len(panels) <= 3 \
                or not all(isinstance(p, Panel) for p in panels):
            raise TypeError(f"panels must be a list of one to three Panel, got {_show(panels)}")
        self.keep = check_positive_int(keep, "keep", maximum=len(RUN_STYLES), what=" (the run styles, RUN_STYLES)")
        if decorate is not None and not callable(decorate):
            raise TypeError(f"decorate must be a function of the list of axes, or None, got {_show(decorate)}")
        if not isinstance(progress_unit, str) or not progress_unit.strip():
            raise ValueError(f"progress_unit must be a non-empty str, got {_show(progress_unit)}")

        self.title, self.settings, self.panels = title, list(settings), list(panels)
        self._train, self._decorate, self.progress_unit = train, decorate, progress_unit
        self.runs: list[KeptRun] = []
        self._count = 0
        label_style = {"description_width": "initial"}
        self.controls = {}
        for setting in self.settings:
            if setting.options is None:
                control = widgets.Text(value=_as_text(setting.value), description=setting.description, style=label_style,
                                       layout=widgets.Layout(width="250px"))
            else:
                control = widgets.Dropdown(options=[(label, value) for label, value in setting.options], value=setting.value,
                                           description=setting.description, style=label_style,
                                           layout=widgets.Layout(width="250px"))
            self.controls[setting.name] = control
        self.run_button = widgets.Button(description="Run", tooltip="Train with these settings in the kernel")
        self.clear_button = widgets.Button(description="Clear runs", tooltip="Forget the runs in the figure and the table")
        self.run_button.on_click(lambda _: self.run())
        self.clear_button.on_click(lambda _: self.clear())
        self.progress_bar = widgets.IntProgress(value=0, min=0, max=1, description="training progress", style=label_style)
        self.progress_bar.add_class("som-bench-progress")
        self._readout = widgets.Label(value="no run yet")
        self._readout.add_class("som-bench-readout")
        self._status = widgets.HTML()
        self._status.add_class("som-bench-status")
        self._picture = widgets.HTML()
        self._table = widgets.HTML()
        self.widget = widgets.VBox([
            widgets.HTML(value=f"<strong>{html.escape(title)}</strong>"),
            widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.run_button, self.clear_button]),
            widgets.HBox([self.progress_bar, self._readout]),
            self._status, self._picture, self._table,
        ], layout=widgets.Layout(max_width="820px"))
        self.widget.add_class("som-lab-bench")
        self._set_status("Set the values, then press Run: each run trains in this notebook's kernel.")
        self._redraw()

    # ----- what the student does -----------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """The settings as ``train`` receives them: number fields through :func:`parse_number`, choices as their values."""
        return {name: parse_number(control.value) if _is_field(control) else control.value
                for name, control in self.controls.items()}

    def set(self, **values) -> None:
        """Put values in the controls, as a student would type or choose them (a number field takes any text)."""
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(f"{name!r} is not a setting of this bench; its settings are {list(self.controls)}")
            control = self.controls[name]
            if _is_field(control):
                if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, str)):
                    raise TypeError(f"{name} must be a number or the text of one, got {_show(value)}")
                control.value = value if isinstance(value, str) else _as_text(value)
            else:
                options = [v for _, v in control.options]
                if not isinstance(value, str) or value not in options:
                    raise ValueError(f"{name} must be one of {options}, got {_show(value)}")
                control.value = value

    def run(self) -> BenchRun | None:
        """Train at the controls' values (what the Run button does); return the new run, or None if refused.

        The run is refused, with the trainer's message in the status line, when ``train`` raises a
        ``TypeError`` or ``ValueError`` (a bad setting, or more work than the course allows).
        """
        values = self.values()
        shown = self._shown_settings()
        number = self._count + 1
        self.run_button.disabled = True
        self._progress(0, 1, waiting=True)
        self._set_status(f"Run {number} is training: {_settings_text(shown)}.")
        try:
            try:
                result = self._train(values, self._progress)
            except (TypeError, ValueError) as error:
                self._progress(0, 1, waiting=True)
                self._readout.value = "not run"
                self._set_status(f"Not run: {error}", alert=True)
                return None
            except KeyboardInterrupt:           # the student stopped the kernel (Kernel > Interrupt)
                self._readout.value = "interrupted"
                self._set_status(f"Run {number} was interrupted: nothing was added.", alert=True)
                raise
            if not isinstance(result, BenchRun):
                raise TypeError(f"train must return a BenchRun, got {type(result).__name__}")
            if len(result.lines) != len(self.panels):
                raise ValueError(f"train returned lines for {len(result.lines)} panels, the bench has {len(self.panels)}")
            shown.update({k: v for k, v in result.cells.items() if k in shown})
            kept = KeptRun(number, shown, result)
            self._count = number
            overlaps = [other.number for other in self.runs if _same_lines(other.result, result)]
            self.runs = (self.runs + [kept])[-self.keep:]
            self._progress(max(self.progress_bar.max, 1), max(self.progress_bar.max, 1))
            note = f" Its lines lie on top of run {' and '.join(map(str, overlaps))}'s." if overlaps else ""
            self._set_status(f"Run {number}: {result.summary}{note}", alert=result.diverged)
            self._redraw()
            return result
        finally:
            self.run_button.disabled = False

    def clear(self) -> None:
        """Forget every run (the run numbers go on)."""
        self.runs = []
        self._progress(0, 1, waiting=True)
        self._set_status("Runs cleared: set the values, then press Run.")
        self._redraw()

    # ----- what the bench shows --------------------------------------------------------------------

    @property
    def status(self) -> str:
        """The status line's text."""
        return self._status_text

    def table_rows(self) -> list[list[str]]:
        """The table's rows, as text: run, line, the settings, the results (:meth:`table_columns`)."""
        columns = self.table_columns()
        return [[str(kept.number), kept.style["name"], *(kept.settings.get(c) or kept.result.cells.get(c, "") for c in columns[2:])]
                for kept in self.runs]

    def table_columns(self) -> list[str]:
        """The table's column headers: run, line in the figure, each setting, each result column."""
        results = []
        for kept in self.runs:
            results += [c for c in kept.result.cells if c not in results and c not in kept.settings]
        return ["run", "line in the figure", *(s.description for s in self.settings), *results]

    def alt_text(self) -> str:
        """The figure in words: its panels, then each run's line (the table gives their settings and results)."""
        panels = "; ".join(f"“{p.title}”, {p.ylabel} against {p.xlabel}" for p in self.panels)
        if not self.runs:
            runs = "No runs yet."
        else:
            runs = "Runs drawn: " + "; ".join(f"run {k.number}, {k.style['name']}" + (" (diverged)" if k.result.diverged else "")
                                             for k in self.runs)
            runs += ". A black cross marks where a run diverged; the table below lists each run's settings and results."
        return f"{self.title}: {len(self.panels)} panel{'s' if len(self.panels) > 1 else ''} ({panels}). {runs}"

    def note_output(self) -> dict:
        """The first output: :data:`NOTE`, with the style sheet and the script that make the bench accessible."""
        return {"text/plain": NOTE, "text/html": f'<div class="som-bench-note">{html.escape(NOTE)}</div>{_STYLE}{_SCRIPT}'}

    def widget_output(self) -> dict:
        """The second output: the bench's ipywidgets view (and an empty ``text/plain``: the note says it all)."""
        return {"text/plain": "", "application/vnd.jupyter.widget-view+json": {
            "version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}}

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.note_output(), raw=True)
        display(self.widget_output(), raw=True)

    def __repr__(self) -> str:
        return f"<LabBench {self.title!r}: {len(self.runs)} run{'s' if len(self.runs) != 1 else ''} kept>"

    # ----- drawing ---------------------------------------------------------------------------------

    def _redraw(self) -> None:
        self.figure = self._draw()
        png = encode_png(figure_pixels(self.figure), palette="adaptive")
        width, height = (int(round(v)) for v in self.figure.bbox.size)
        self._picture.value = (f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" width="{width}" '
                               f'height="{height}" alt="{html.escape(self.alt_text())}" style="max-width:100%;height:auto">')
        self._table.value = self._table_html()

    def _draw(self) -> Figure:
        figure, axes = new_figure(len(self.panels), width=FIGURE_WIDTH, height=PANEL_HEIGHT)
        for ax, panel in zip(axes, self.panels):
            style_axes(ax, title=panel.title, xlabel=panel.xlabel, ylabel=panel.ylabel)
            ax.set_xscale(panel.xscale)
            ax.set_yscale(panel.yscale)
        handles, diverged = {}, None
        for kept in self.runs:
            style = {k: v for k, v in kept.style.items() if k != "name"}
            slot = (kept.number - 1) % len(RUN_STYLES)
            for ax, line, crosses in zip(axes, kept.result.lines, kept.result.crosses):
                if line is not None:
                    x, y = _thinned(*line)
                    step = max(1, len(x) // MARKERS_PER_LINE)
                    (drawn,) = ax.plot(x, y, label=f"run {kept.number}", markersize=6,
                                       markevery=(slot * step // len(RUN_STYLES), step), **style)
                    handles.setdefault(kept.number, drawn)   # the legend names each run once
                if len(crosses):
                    at_top = np.isnan(crosses[:, 1])
                    if at_top.any():
                        (diverged,) = ax.plot(crosses[at_top, 0], np.full(at_top.sum(), 0.95), label="diverged",
                                              transform=ax.get_xaxis_transform(), **DIVERGED_STYLE)
                    if (~at_top).any():
                        (diverged,) = ax.plot(crosses[~at_top, 0], crosses[~at_top, 1], label="diverged", **DIVERGED_STYLE)
        if self._decorate is not None:
            self._decorate(list(axes))
        for ax, panel in zip(axes, self.panels):
            if panel.xlim is not None:
                ax.set_xlim(*panel.xlim)
            if panel.ylim is not None:
                ax.set_ylim(*panel.ylim)
        shown = list(handles.values()) + ([diverged] if diverged is not None else [])
        if shown:
            axes[0].legend(handles=shown, loc="best", **LEGEND_STYLE)
        return figure

    def _table_html(self) -> str:
        columns = self.table_columns()
        cell = "padding:2px 8px;border-bottom:1px solid #767676;text-align:left;vertical-align:bottom"
        head = "".join(f'<th scope="col" style="{cell}">{html.escape(c)}</th>' for c in columns)
        cell += ";white-space:nowrap"      # values on one line; a wide table scrolls sideways on its own
        if self.runs:
            body = "".join(f'<tr><th scope="row" style="{cell}">{html.escape(row[0])}</th>'
                           + "".join(f'<td style="{cell}">{html.escape(v)}</td>' for v in row[1:]) + "</tr>"
                           for row in self.table_rows())
        else:
            body = f'<tr><td colspan="{len(columns)}" style="{cell}">No runs yet: press Run.</td></tr>'
        return (f'<div style="overflow-x:auto;max-width:100%"><table class="som-bench-table" style="border-collapse:collapse;'
                f'font-size:13px;line-height:1.4;margin-top:4px"><caption style="text-align:left;font-weight:bold;'
                f'padding:2px 0">Runs (the last {self.keep} kept, newest last)</caption><thead><tr>{head}</tr></thead>'
                f'<tbody>{body}</tbody></table></div>')

    # ----- plumbing --------------------------------------------------------------------------------

    def _progress(self, done: int, total: int, *, waiting: bool = False) -> None:
        """``train``'s progress hook: ``done`` of ``total`` units of work finished."""
        total = max(int(total), 1)
        done = min(max(int(done), 0), total)
        if self.progress_bar.max != total:
            self.progress_bar.value = min(self.progress_bar.value, total)
            self.progress_bar.max = total
        self.progress_bar.value = done
        self._readout.value = "starting" if waiting else f"{done} of {total} {self.progress_unit}"

    def _set_status(self, text: str, *, alert: bool = False) -> None:
        self._status_text = text
        weight = "bold" if alert else "normal"
        self._status.value = f'<span style="font-weight:{weight};line-height:1.4">{html.escape(text)}</span>'

    def _shown_settings(self) -> dict[str, str]:
        shown = {}
        for setting in self.settings:
            control = self.controls[setting.name]
            if _is_field(control):
                value = parse_number(control.value)
                shown[setting.description] = _as_text(value) if isinstance(value, (int, float)) else str(value)
            else:
                shown[setting.description] = dict((v, label) for label, v in setting.options)[control.value]
        return shown


# The note's style sheet and script (see the module docstring). The style hides the note once the bench
# is drawn in the output after it, and that output while the bench is not drawn there.
_STYLE = ("<style>.jp-OutputArea-child:has(.som-bench-note):has(+ .jp-OutputArea-child .som-lab-bench){display:none}"
          ".jp-OutputArea-child:has(.som-bench-note)+.jp-OutputArea-child:not(:has(.som-lab-bench)){display:none}</style>")
_SCRIPT = """<script>(() => {
const area = document.currentScript && document.currentScript.closest('.jp-OutputArea');
if (!area) return;
const enhance = root => {
  root.querySelectorAll('input, select, textarea, button').forEach(el => el.setAttribute('data-lm-suppress-shortcuts', 'true'));
  const status = root.querySelector('.som-bench-status .widget-html-content');
  if (status && status.getAttribute('role') !== 'status') {
    status.setAttribute('role', 'status'); status.setAttribute('aria-live', 'polite'); status.setAttribute('aria-atomic', 'true');
  }
  const box = root.querySelector('.som-bench-progress');
  const bar = box && box.querySelector('.progress');
  if (bar && bar.getAttribute('role') !== 'progressbar') {
    const label = box.querySelector('.widget-label'), fill = bar.querySelector('.progress-bar');
    const readout = root.querySelector('.som-bench-readout');
    bar.setAttribute('role', 'progressbar'); bar.setAttribute('aria-valuemin', '0'); bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-label', label ? label.textContent : 'training progress');
    const sync = () => {
      bar.setAttribute('aria-valuenow', String(Math.round(parseFloat(fill.style.width) || 0)));
      if (readout) bar.setAttribute('aria-valuetext', readout.textContent);
    };
    sync();
    new MutationObserver(sync).observe(fill, {attributes: true, attributeFilter: ['style']});
    if (readout) new MutationObserver(sync).observe(readout, {childList: true, characterData: true, subtree: true});
  }
};
const scan = () => area.querySelectorAll('.som-lab-bench').forEach(enhance);
if (area.somBench) area.somBench.disconnect();
area.somBench = new MutationObserver(scan);
area.somBench.observe(area, {childList: true, subtree: true});
scan();
})();</script>"""


def _is_field(control) -> bool:
    return not hasattr(control, "options")


def _as_text(value: object) -> str:
    """A number as a field shows it: integers as they are, floats as Python writes them (0.03, 1e-08)."""
    if isinstance(value, (numbers.Integral, np.integer)):
        return str(int(value))
    return str(float(value))


def _settings_text(shown: dict[str, str]) -> str:
    return ", ".join(f"{name} = {value}" for name, value in shown.items())


def _check_pair(values: object, name: str) -> tuple[float, float]:
    array = check_real_array(values, name)
    if array.shape != (2,):
        raise ValueError(f"{name} must be a pair (low, high), got shape {array.shape}")
    return float(array[0]), float(array[1])


def _check_line(line: object, name: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(line, (tuple, list)) or len(line) != 2:
        raise TypeError(f"{name} must be a pair (x, y) of 1-D arrays, or None, got {_show(line)}")
    x, y = (_real_array(v, name) for v in line)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"{name} must be (x, y), two 1-D arrays of one length, got shapes {x.shape} and {y.shape}")
    return x, y


def _check_points(points: object, name: str) -> np.ndarray:
    array = _real_array(points, name)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} must be an array of shape (k, 2) of points, got shape {array.shape}")
    if not np.all(np.isfinite(array[:, 0])):
        raise ValueError(f"{name} must have finite x (a NaN y means the top of the panel)")
    return array


def _real_array(values: object, name: str) -> np.ndarray:
    """A float array that may hold NaN and inf (a line's gaps, a divergence at the top)."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must hold numbers, got {_show(values)}")
    try:
        array = np.asarray(values)
    except (ValueError, TypeError):
        raise TypeError(f"{name} must hold numbers, got {_show(values)}") from None
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(f"{name} must hold real numbers, got {_show(values)} (dtype {array.dtype})")
    return array.astype(np.float64)


def _thinned(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most :data:`MAX_POINTS` evenly spaced points of a line, its first and last included."""
    if len(x) <= MAX_POINTS:
        return x, y
    index = np.unique(np.linspace(0, len(x) - 1, MAX_POINTS).round().astype(int))
    return x[index], y[index]


def _same_lines(a: BenchRun, b: BenchRun) -> bool:
    """Whether two runs draw the same lines (to 0.1 %) in every panel where both draw one."""
    pairs = [(p, q) for p, q in zip(a.lines, b.lines) if p is not None and q is not None]
    return bool(pairs) and all(p[0].shape == q[0].shape and np.allclose(p[0], q[0], rtol=1e-3, equal_nan=True)
                               and np.allclose(p[1], q[1], rtol=1e-3, atol=0, equal_nan=True) for p, q in pairs)


# ---------------------------------------------------------------------------------------------------
# The benches, one per notebook whose subject is a training run.

REDUCTION_OPTIONS = (("mean()", "mean"), ("sum()", "sum"))
NO_CROSSES = np.empty((0, 2))


def _reduction_setting(reduction: str) -> Setting:
    return Setting("reduction", "reduction", check_choice(reduction, "reduction", SCALAR_REDUCTIONS), REDUCTION_OPTIONS)


def _common_settings(batch_size: int, epochs: int, seed: int, n_examples: int) -> tuple[Setting, Setting, Setting]:
    """The batch size, epochs and seed fields, their starting values checked as the trainers check them."""
    batch_size = check_positive_int(batch_size, "batch_size", maximum=n_examples, what=" (the number of training examples)")
    epochs = check_positive_int(epochs, "epochs")
    # None draws fresh entropy, shortened to a number a student can read in the field and type back
    seed = check_seed(seed) % 1_000_000 if seed is None else check_seed(seed)
    return (Setting("batch_size", "batch size B", batch_size), Setting("epochs", "epochs", epochs),
            Setting("seed", "shuffle seed", seed))


def _check_examples(features: object, targets: object, loss: str, features_name: str,
                    targets_name: str) -> tuple[np.ndarray, np.ndarray]:
    """A data set as the trainers check it, named as the factory's arguments are."""
    features = check_matrix(features, features_name)
    return features, _check_targets(targets, features, loss, name=targets_name)


def _epoch_hook(progress: Callable[[int, int], None], epochs: object) -> Callable[[int], None]:
    """The trainers' ``on_epoch`` for a bench's progress bar (``epochs`` has been checked by the trainer when it is called)."""
    return lambda done: progress(done, epochs)


def _evaluation_stride(batch_size: object, n_examples: int, per_epoch: int = 8) -> int | None:
    """About ``per_epoch`` evaluations per epoch, a multiple of ``batch_size`` (None for a value the trainer will refuse)."""
    if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, numbers.Integral) \
            or not 1 <= batch_size <= n_examples:
        return None
    return int(batch_size) * max(1, (n_examples // int(batch_size)) // per_epoch)


def _diverged_cross(at_examples: float, n_examples: int) -> np.ndarray:
    """Where a run diverged, in epochs, at the top of a panel (no cross if it did not)."""
    return NO_CROSSES if not np.isfinite(at_examples) else np.array([[at_examples / n_examples, np.nan]])


def learning_rate_bench(features: np.ndarray, labels: np.ndarray, *, loss: str = "logistic", reduction: str = "mean",
                        batch_size: int = 48, learning_rate: float = 0.03, epochs: int = 10, seed: int = 0,
                        keep: int = 4) -> LabBench:
    """Notebook 01's bench: mini-batch SGD at any reduction, batch size, learning rate, epochs and seed.

    Each run is :func:`helpers.training.train_linear_model` on ``features`` and ``labels`` (notebook 01's
    two Gaussians with a bias column), from zero weights. Left: the training loss (mean per example,
    whole training set) against epochs. Right: the loss each step reports, under its own reduction
    (``sum()`` reports ``B`` times the mean), averaged over an eighth of an epoch.

    >>> X = np.c_[np.arange(8.0) - 3.5, np.ones(8)]; y = (X[:, 0] > 0).astype(int)
    >>> bench = learning_rate_bench(X, y, batch_size=2, learning_rate=0.5, epochs=3)
    >>> bench.run().cells["final loss"]
    '0.1289'
    """
    loss = check_choice(loss, "loss", LOSSES)
    features, labels = _check_examples(features, labels, loss, "features", "labels")
    n = features.shape[0]
    batch_setting, epochs_setting, seed_setting = _common_settings(batch_size, epochs, seed, n)
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    start_loss = float(per_example_losses(np.zeros(features.shape[1]), features, labels, loss).mean())
    top = 1.15 * start_loss if start_loss > 0 else 1.0    # a loss that blows up leaves the chart at the top

    def train(values: dict, progress: Callable[[int, int], None]) -> BenchRun:
        b = values["batch_size"]
        run = train_linear_model(features, labels, loss=loss, batch_size=b, learning_rate=values["learning_rate"],
                                 reduction=values["reduction"], epochs=values["epochs"], seed=values["seed"],
                                 evaluate_every=_evaluation_stride(b, n), on_epoch=_epoch_hook(progress, values["epochs"]))
        epochs_seen = run.examples_seen / n
        per_epoch = int(run.steps_per_epoch)
        window = max(1, per_epoch // 8)                  # steps averaged into one point: about 8 per epoch
        steps = run.step_loss[: run.step_loss.size // window * window]
        reported = steps.reshape(-1, window).mean(axis=1)
        step = np.arange(steps.size)                     # the epoch a step is in, plus its share of that epoch
        step_epochs = (step // per_epoch + (step % per_epoch + 1) * b / n)[window - 1::window]
        cross = _diverged_cross(float(run.diverged_at), n)
        taken = int(np.count_nonzero(np.isfinite(run.step_loss)))
        final = run.loss[-1]
        if run.diverged:
            summary = (f"DIVERGED in epoch {math.ceil(float(run.diverged_at) / n)}: the training loss or a weight blew up "
                       f"after {taken} steps")
        else:
            summary = (f"training loss {run.loss[0]:.4f} → {final:.4f} after {values['epochs']} epochs "
                       f"({taken} steps of {b} examples)")
        return BenchRun(
            lines=((epochs_seen, np.minimum(run.loss, top)), (step_epochs, reported)),
            crosses=(cross, cross),
            cells={"final loss": "diverged" if run.diverged else f"{final:.4f}",
                   "training accuracy": "–" if run.diverged or not np.isfinite(run.accuracy[-1]) else f"{run.accuracy[-1]:.3f}",
                   "steps": str(taken)},
            summary=summary)

    settings = [_reduction_setting(reduction), batch_setting, Setting("learning_rate", "learning rate η", learning_rate),
                epochs_setting, seed_setting]
    panels = [Panel("training loss", "epochs", "training loss (mean per example)", ylim=(0.0, top)),
              Panel("what each step reports", "epochs", "reported batch loss", yscale="log")]
    return LabBench("Lab bench: train at any batch size and learning rate", settings, train, panels, keep=keep)


def regularization_bench(features: np.ndarray, labels: np.ndarray, test_features: np.ndarray, test_labels: np.ndarray, *,
                         scheme: str = "sum + λ", batch_size: int = 48, learning_rate: float = 0.001, l2: float = 1.0,
                         epochs: int = 30, seed: int = 0, keep: int = 4) -> LabBench:
    """Notebook 03's bench: one of :data:`helpers.regularization.REGULARIZATION_SCHEMES` at any B, η, λ, epochs and seed.

    Each run is :func:`helpers.regularization.train_regularization_schemes` at that one ``B``, ``η``
    (the ``sum()`` rate; the ``mean()`` schemes use ``Bη``) and ``λ``, on notebook 03's training set
    (two features and a bias column); the chosen scheme is drawn. Left: the weight norm against
    epochs. Right: the decision boundary after training, over the first 300 test points.

    >>> X = np.c_[np.arange(8.0) - 3.5, np.ones((8, 2))]; y = (X[:, 0] > 0).astype(int)
    >>> bench = regularization_bench(X, y, X, y, batch_size=2, learning_rate=0.05, epochs=2)
    >>> bench.run().cells["test accuracy"]
    '1.000'
    """
    features, labels = _check_examples(features, labels, "logistic", "features", "labels")
    test_features, test_labels = _check_examples(test_features, test_labels, "logistic", "test_features", "test_labels")
    for array, array_name in ((features, "features"), (test_features, "test_features")):
        if array.shape[1] != 3:
            raise ValueError(f"{array_name} must have 3 columns (two features and the bias column), got shape {array.shape}")
    n = features.shape[0]
    scheme = check_choice(scheme, "scheme", REGULARIZATION_SCHEMES)
    batch_setting, epochs_setting, seed_setting = _common_settings(batch_size, epochs, seed, n)
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    l2 = check_real(l2, "l2", nonnegative=True)
    shown = slice(0, 300)
    points = test_features[shown, :2]
    low, high = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5

    def train(values: dict, progress: Callable[[int, int], None]) -> BenchRun:
        # One value each, checked as single numbers (the trainer takes grids, and would name them in the plural).
        b = check_positive_int(values["batch_size"], "batch_size", maximum=n, what=" (the number of training examples)")
        eta = check_real(values["learning_rate"], "learning_rate", positive=True)
        lam = check_real(values["l2"], "l2", nonnegative=True)
        s = REGULARIZATION_SCHEMES.index(values["scheme"])
        run = train_regularization_schemes(features, labels, batch_sizes=np.array([b]), learning_rates=np.array([eta]),
                                           l2s=np.array([lam]), epochs=values["epochs"], seed=values["seed"],
                                           on_epoch=_epoch_hook(progress, values["epochs"]))
        index = (0, 0, 0, s)
        weights = run.weights[index]
        norms = np.where(np.isfinite(run.loss[index]), np.linalg.norm(weights, axis=-1), np.nan)
        final = run.final_weights[index]
        diverged = bool(run.diverged[index])
        segment = None if diverged else decision_boundary(final, (low[0], high[0]), (low[1], high[1]))
        if diverged:
            summary = f"DIVERGED in epoch {math.ceil(float(run.diverged_at[index]) / n)}: the weights blew up"
            cells = {"||w||": "diverged", "training loss": "diverged", "test accuracy": "–"}
        else:
            strength = (f"the penalty weighs {effective_l2(float(run.l2[index]), str(run.reduction[index]), b):.4g} "
                        f"against the mean loss" if run.l2[index] > 0 or run.weight_decay[index] == 0 else
                        f"the weights shrink by {float(run.weight_decay[index]):.3g} of themselves per step")
            test_accuracy = accuracy(final, test_features, test_labels)
            summary = f"||w|| = {norms[-1]:.4f} after {values['epochs']} epochs, test accuracy {test_accuracy:.3f}; {strength}"
            cells = {"||w||": f"{norms[-1]:.4f}", "training loss": f"{run.loss[index][-1]:.4f}",
                     "test accuracy": f"{test_accuracy:.3f}"}
        return BenchRun(lines=((run.examples_seen / n, norms), None if segment is None or not len(segment) else tuple(segment.T)),
                        crosses=(_diverged_cross(float(run.diverged_at[index]), n), NO_CROSSES), cells=cells, summary=summary)

    def decorate(axes: list[Axes]) -> None:
        classes = [axes[1].scatter(chosen[:, 0], chosen[:, 1], s=12, marker=marker, facecolors="none", edgecolors="#737373",
                                   linewidths=0.8, label=f"class {label}")
                   for label, marker in ((0, "o"), (1, "^")) for chosen in [points[test_labels[shown] == label]]]
        axes[1].legend(handles=classes, loc="lower right", **LEGEND_STYLE)

    settings = [Setting("scheme", "scheme", scheme, tuple((s, s) for s in REGULARIZATION_SCHEMES)), batch_setting,
                Setting("learning_rate", "learning rate η (sum)", learning_rate), Setting("l2", "L2 strength λ", l2),
                epochs_setting, seed_setting]
    panels = [Panel("weight norm during training", "epochs", "weight norm ||w||", yscale="log"),
              Panel("decision boundary after training (test points)", "feature x₁", "feature x₂",
                    xlim=(float(low[0]), float(high[0])), ylim=(float(low[1]), float(high[1])))]
    return LabBench("Lab bench: a regularization scheme at any B, η and λ", settings, train, panels, keep=keep,
                    decorate=decorate)


RATES_PER_SWEEP = 16
"""How many learning rates, evenly spaced on a log scale, :func:`best_rate_bench` tries per run."""


def best_rate_bench(features: np.ndarray, targets: np.ndarray, *, reduction: str = "mean", batch_size: int = 48,
                    lowest_rate: float = 0.001, highest_rate: float = 5.0, epochs: int = 2, seed: int = 0,
                    keep: int = 4) -> LabBench:
    """Notebook 05's bench: at one batch size, the best learning rate and where SGD diverges.

    Each run trains least squares on ``features`` and ``targets`` (notebook 05's regression) with
    :func:`helpers.training.train_linear_model` at :data:`RATES_PER_SWEEP` rates from ``lowest_rate``
    to ``highest_rate`` at once. Left: the training loss after the last epoch against the rate, with a
    cross at every rate that diverged. Right: against B, the best rate (the run's marker) and the
    smallest rate that diverged (a cross), beside the full-batch limits 2 / h_max (``mean()``) and
    2 / (B h_max) (``sum()``).

    >>> X = np.c_[np.linspace(-1, 1, 16), np.ones(16)]; y = 2 * X[:, 0]
    >>> bench = best_rate_bench(X, y, batch_size=4, lowest_rate=0.1, highest_rate=10.0, epochs=2)
    >>> bench.run().cells["smallest diverging η"]
    '2.93'
    """
    features, targets = _check_examples(features, targets, "squared", "features", "targets")
    n = features.shape[0]
    reduction_setting = _reduction_setting(reduction)
    batch_setting, epochs_setting, seed_setting = _common_settings(batch_size, epochs, seed, n)
    lowest_rate = check_real(lowest_rate, "lowest_rate", positive=True)
    highest_rate = check_real(highest_rate, "highest_rate", positive=True)
    _check_rate_range(lowest_rate, highest_rate)
    limit = stable_learning_rate(squared_loss_hessian(features))      # 2 / h_max

    def train(values: dict, progress: Callable[[int, int], None]) -> BenchRun:
        low = check_real(values["lowest_rate"], "lowest_rate", positive=True)
        high = check_real(values["highest_rate"], "highest_rate", positive=True)
        _check_rate_range(low, high)
        rates = np.geomspace(low, high, RATES_PER_SWEEP)
        b = values["batch_size"]
        run = train_linear_model(features, targets, loss="squared", batch_size=b, learning_rate=rates,
                                 reduction=values["reduction"], epochs=values["epochs"], seed=values["seed"],
                                 record_steps=False, on_epoch=_epoch_hook(progress, values["epochs"]))
        final = np.where(run.diverged, np.nan, run.loss[:, -1])
        stable = ~run.diverged
        best = int(np.nanargmin(final)) if stable.any() else None
        first_diverged = float(rates[run.diverged].min()) if run.diverged.any() else None
        full_batch = limit if values["reduction"] == "mean" else limit / b
        said = (f"DIVERGED from η = {first_diverged:.3g} on ({int(run.diverged.sum())} of {RATES_PER_SWEEP} rates)"
                if first_diverged is not None else f"no rate up to {high:g} diverged")
        limit_said = f"full-batch limit {'2 / h_max' if values['reduction'] == 'mean' else '2 / (B h_max)'} = {full_batch:.3g}"
        if best is None:
            summary = f"DIVERGED at every rate from {low:g} to {high:g}; {limit_said}"
        else:
            summary = (f"best η {rates[best]:.3g} (training loss {final[best]:.4f} after {values['epochs']} epochs); "
                       f"{said}; {limit_said}")
        crosses_right = NO_CROSSES if first_diverged is None else np.array([[b, first_diverged]])
        return BenchRun(
            lines=((rates, final), None if best is None else (np.array([b], float), np.array([rates[best]]))),
            crosses=(np.c_[rates[run.diverged], np.full(int(run.diverged.sum()), np.nan)], crosses_right),
            cells={"best η": "none" if best is None else f"{rates[best]:.3g}",
                   "loss at the best η": "–" if best is None else f"{final[best]:.4f}",
                   "smallest diverging η": "none" if first_diverged is None else f"{first_diverged:.3g}",
                   "full-batch limit": f"{full_batch:.3g}"},
            summary=summary)

    def decorate(axes: list[Axes]) -> None:
        runs_drawn = axes[1].has_data()        # before the reference lines: whether a run drew there
        if not axes[0].has_data():
            axes[0].set_xlim(lowest_rate / 1.5, highest_rate * 1.5)
        bottom, top = axes[1].get_ylim() if runs_drawn else (lowest_rate, highest_rate)
        reference = {"color": "#595959", "linewidth": 1.4, "scalex": False, "scaley": False}
        axes[0].plot([limit, limit], [0, 1], transform=axes[0].get_xaxis_transform(), linestyle=(0, (1, 2)),
                     label="2 / h_max", **reference)
        sizes = np.geomspace(1, n, 50)
        limits = [*axes[1].plot(sizes, np.full(sizes.shape, limit), linestyle=(0, (1, 2)), label="2 / h_max: mean() limit",
                                **reference),
                  *axes[1].plot(sizes, limit / sizes, linestyle=(0, (4, 2)), label="2 / (B h_max): sum() limit", **reference)]
        axes[1].set_ylim(min(bottom, limit / n) / 1.5, max(top, limit) * 1.5)
        axes[1].legend(handles=limits, loc="lower left", **LEGEND_STYLE)

    settings = [reduction_setting, batch_setting, Setting("lowest_rate", "smallest learning rate η", lowest_rate),
                Setting("highest_rate", "largest learning rate η", highest_rate), epochs_setting, seed_setting]
    panels = [Panel("training loss after the last epoch", "learning rate η", "training loss", xscale="log", yscale="log"),
              Panel("best η (marker) and divergence (cross)", "batch size B", "learning rate η", xscale="log",
                    yscale="log", xlim=(0.7, 1.4 * n))]
    return LabBench("Lab bench: the best learning rate and divergence at any batch size", settings, train, panels,
                    keep=keep, decorate=decorate)


def _check_rate_range(low: float, high: float) -> None:
    if not low < high:
        raise ValueError(f"lowest_rate must be below highest_rate, got lowest_rate={low:g} and highest_rate={high:g}")


OPTIMIZERS = ("SGD", "Adam")
"""What :func:`optimizer_bench` trains with: :func:`helpers.training.train_linear_model` or :func:`helpers.adam.train_adam`."""

LOSS_POINTS = 2000
""":func:`optimizer_bench` evaluates an Adam run's training loss at this many steps at most (evenly spaced)."""


def optimizer_bench(features: np.ndarray, targets: np.ndarray, *, optimizer: str = "Adam", reduction: str = "mean",
                    batch_size: int = 48, learning_rate: float = 0.01, epsilon: float = 1e-8, epochs: int = 5, seed: int = 0,
                    keep: int = 4) -> LabBench:
    """Notebook 07's bench: SGD or Adam under ``sum()`` and ``mean()`` at any B, η, ε, epochs and seed.

    Least squares on ``features`` and ``targets`` (notebook 07's regression), from zero weights. Left:
    the training loss against epochs. Right: the length of each step, ``|Δw|``: under SGD it scales
    with the loss (``sum()`` takes steps ``B`` times longer than ``mean()`` at one η); Adam divides the
    scale out, but for ε.

    >>> X = np.c_[np.linspace(-1, 1, 16), np.ones(16)]; y = 2 * X[:, 0]
    >>> bench = optimizer_bench(X, y, batch_size=4, learning_rate=0.1, epochs=2)
    >>> bench.run().cells["steps"]
    '8'
    """
    features, targets = _check_examples(features, targets, "squared", "features", "targets")
    n = features.shape[0]
    optimizer = check_choice(optimizer, "optimizer", OPTIMIZERS)
    reduction_setting = _reduction_setting(reduction)
    batch_setting, epochs_setting, seed_setting = _common_settings(batch_size, epochs, seed, n)
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    epsilon = check_real(epsilon, "epsilon", nonnegative=True)

    def train(values: dict, progress: Callable[[int, int], None]) -> BenchRun:
        b, hook = values["batch_size"], _epoch_hook(progress, values["epochs"])
        if values["optimizer"] == "SGD":
            run = train_linear_model(features, targets, loss="squared", batch_size=b, learning_rate=values["learning_rate"],
                                     reduction=values["reduction"], epochs=values["epochs"], seed=values["seed"],
                                     evaluate_every=b if _evaluation_stride(b, n) else None, record_steps=False,
                                     on_epoch=hook)
            # the weights after every step (an epoch's end that took no step, and a diverged run's rest, dropped)
            moved = np.r_[True, np.any(np.diff(run.weights, axis=0) != 0, axis=1)]
            path, seen = run.weights[moved], run.examples_seen[moved] / n
            loss_seen, loss = seen, run.loss[moved]
            diverged_at = float(run.diverged_at) / n
        else:
            path = train_adam(features, targets, loss="squared", batch_size=b, learning_rate=values["learning_rate"],
                              reduction=values["reduction"], epsilon=values["epsilon"], epochs=values["epochs"],
                              seed=values["seed"], on_epoch=hook)
            seen = np.arange(len(path)) / (n // b)
            index, loss, blown = _adam_losses(path, features, targets)
            loss_seen = seen[index]
            diverged_at = float("nan") if blown is None else float(seen[blown])
            path = path[: len(path) if blown is None else blown]
            seen = seen[: len(path)]
        steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
        diverged = bool(np.isfinite(diverged_at))
        finite = loss[np.isfinite(loss)]
        median = float(np.median(steps)) if steps.size else float("nan")
        cross = NO_CROSSES if not diverged else np.array([[diverged_at, np.nan]])
        if diverged:
            summary = f"DIVERGED in epoch {max(1, math.ceil(diverged_at))}: the training loss or a weight blew up"
        else:
            summary = (f"training loss {finite[0]:.4f} → {finite[-1]:.4f} after {values['epochs']} epochs; "
                       f"median step length |Δw| {median:.3g}")
        cells = {"final loss": "diverged" if diverged else f"{finite[-1]:.4f}", "median |Δw|": f"{median:.3g}",
                 "steps": str(len(path) - 1)}
        if values["optimizer"] == "SGD":
            cells["ε (Adam)"] = "not used"
        return BenchRun(lines=((loss_seen, loss), (seen[1:], steps)), crosses=(cross, cross), cells=cells, summary=summary)

    settings = [Setting("optimizer", "optimizer", optimizer, tuple((o, o) for o in OPTIMIZERS)), reduction_setting,
                batch_setting, Setting("learning_rate", "learning rate η", learning_rate),
                Setting("epsilon", "ε (Adam)", epsilon), epochs_setting, seed_setting]
    panels = [Panel("training loss", "epochs", "training loss (mean per example)", yscale="log"),
              Panel("length of each step", "epochs", "step length |Δw|", yscale="log")]
    return LabBench("Lab bench: SGD and Adam under sum() and mean()", settings, train, panels, keep=keep)


def network_bench(features: np.ndarray, labels: np.ndarray, test_features: np.ndarray, test_labels: np.ndarray, *,
                  layer_sizes: tuple[int, ...] = (64, 16, 10), reduction: str = "mean", batch_size: int = 8,
                  learning_rate: float = 0.1, warmup_epochs: float = 0.0, tuned_batch_size: int = 8, epochs: int = 10,
                  seed: int = 0, keep: int = 4) -> LabBench:
    """Notebook 08's bench: the digits network at any B, η, reduction, warm-up, epochs and seed.

    Each run is :func:`helpers.network_training.train_network` on ``features`` and ``labels`` (notebook
    08's training images), evaluated about eight times an epoch. A warm-up of ``w`` epochs ramps the rate
    linearly to η from ``η · min(1, B₀ / B)``, with ``B₀ = tuned_batch_size``: on the linear rule
    ``η = η₀ B / B₀``, it starts at the small-batch rate ``η₀``, as Goyal et al.'s does. Left: the
    training loss against epochs. Right: the accuracy on ``test_features`` and ``test_labels``.

    >>> X = np.eye(4); y = np.array([0, 1, 0, 1])
    >>> bench = network_bench(X, y, X, y, layer_sizes=(4, 3, 2), batch_size=2, learning_rate=0.5, epochs=3,
    ...                       tuned_batch_size=2)
    >>> bench.run().cells["steps"]
    '6'
    """
    sizes, features, labels = _check_data(layer_sizes, features, labels)
    if test_features is None or test_labels is None:
        raise ValueError("test_features and test_labels must be given: the bench draws the test accuracy")
    test_features, test_labels = _check_test_set(test_features, test_labels, sizes)
    n = features.shape[0]
    reduction_setting = _reduction_setting(reduction)
    batch_setting, epochs_setting, seed_setting = _common_settings(batch_size, epochs, seed, n)
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    warmup_epochs = check_real(warmup_epochs, "warmup_epochs", nonnegative=True, largest=1e6)
    tuned = check_positive_int(tuned_batch_size, "tuned_batch_size", maximum=n, what=" (the number of training examples)")

    def train(values: dict, progress: Callable[[int, int], None]) -> BenchRun:
        b = values["batch_size"]
        eta = check_real(values["learning_rate"], "learning_rate", positive=True)
        start = eta * min(1.0, tuned / b) if isinstance(b, numbers.Integral) and not isinstance(b, (bool, np.bool_)) \
            and b > 0 else 0.0          # a batch size the trainer will refuse: it says why
        run = train_network(features, labels, layer_sizes=sizes, batch_size=b, learning_rate=eta,
                            reduction=values["reduction"], epochs=values["epochs"], warmup_epochs=values["warmup_epochs"],
                            warmup_start=start, seed=values["seed"], test_features=test_features, test_labels=test_labels,
                            evaluate_every=_evaluation_stride(b, n), on_epoch=_epoch_hook(progress, values["epochs"]))
        seen = run.examples_seen / n
        cross = _diverged_cross(float(run.diverged_at), n)
        taken = int(run.steps_per_epoch) * values["epochs"] if not run.diverged else \
            int(math.ceil(float(run.diverged_at) / b))
        if run.diverged:
            summary = (f"DIVERGED in epoch {max(1, math.ceil(float(run.diverged_at) / n))}: the training loss or a "
                       f"parameter blew up")
            cells = {"final loss": "diverged", "test accuracy": "–"}
        else:
            summary = (f"training loss {run.loss[0]:.4f} → {float(run.final_loss):.4f} after {values['epochs']} epochs "
                       f"({taken} steps of {b} images); test accuracy {run.test_accuracy[-1]:.3f}")
            cells = {"final loss": f"{float(run.final_loss):.4f}", "test accuracy": f"{run.test_accuracy[-1]:.3f}"}
        cells["warm-up from η"] = f"{start:.3g}" if values["warmup_epochs"] > 0 else "none"
        cells["steps"] = str(taken)
        return BenchRun(lines=((seen, run.loss), (seen, run.test_accuracy)), crosses=(cross, cross), cells=cells,
                        summary=summary)

    settings = [reduction_setting, batch_setting, Setting("learning_rate", "learning rate η", learning_rate),
                Setting("warmup_epochs", "warm-up epochs", warmup_epochs), epochs_setting, seed_setting]
    panels = [Panel("training loss", "epochs", "training loss (mean per image)", yscale="log"),
              Panel("test accuracy", "epochs", "share of test images right", ylim=(0.0, 1.0))]
    return LabBench("Lab bench: the digits network at any batch size, learning rate and warm-up", settings, train, panels,
                    keep=keep)


def _adam_losses(path: np.ndarray, features: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, int | None]:
    """Where an Adam path's training loss is evaluated (at most :data:`LOSS_POINTS` steps, evenly spaced, up to a
    divergence), the loss there, and the first step of the path that diverged (None if none did).

    The trainers' rule: a weight beyond :data:`helpers.training.DIVERGENCE_THRESHOLD` (checked at every step)
    or a loss beyond :data:`helpers.training.DIVERGENCE_LOSS_FACTOR` times ``max(starting loss, 1)``
    (checked where the loss is evaluated).
    """
    big = ~(np.abs(path).max(axis=1) <= DIVERGENCE_THRESHOLD)
    end = int(np.argmax(big)) if big.any() else len(path)          # path[:end] holds no blown-up weight
    index = np.unique(np.linspace(0, end - 1, min(end, LOSS_POINTS)).round().astype(int))
    losses = per_example_losses(path[index], features, targets, "squared").mean(axis=-1)
    over = ~(losses <= DIVERGENCE_LOSS_FACTOR * max(float(losses[0]), 1.0))
    if over.any():
        end = int(index[np.argmax(over)])
    kept = index < end
    return index[kept], losses[kept], (end if end < len(path) else None)
