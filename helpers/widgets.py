"""Sliders, and :class:`Explorer`: a figure redrawn in place whenever a slider moves.

The pattern every live figure of the course follows:

1. compute everything that does not depend on the sliders once (the trainer runs over the whole
   slider grid up front);
2. build the figure and its artists once;
3. on a slider move, look up the precomputed values, update the artists' data in place, and send
   the figure to the browser as a PNG in an ``ipywidgets.Image``.

An ``Explorer`` displays as its widget, so a notebook cell ends with ``explorer`` and nothing else.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from ._validation import check_learning_rate, check_positive_int
from .plotting import BlitRenderer, freeze_layout

_SLIDER_LAYOUT = {"width": "420px"}
_SLIDER_STYLE = {"description_width": "150px"}


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
    minimum = float(check_learning_rate(minimum, "minimum"))
    maximum = float(check_learning_rate(maximum, "maximum"))
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


def batch_size_slider(value: int = 64, *, minimum: int = 1, maximum: int = 1024, description: str = "batch size B") -> widgets.SelectionSlider:
    """A slider over the powers of two from ``minimum`` to ``maximum``."""
    options = powers_of_two(minimum, maximum)
    if value not in options:
        raise ValueError(f"value must be one of the slider's powers of two {options}, got {value!r}")
    return _value_slider(options, value, description)


def learning_rate_slider(value: float = 0.01, *, minimum: float = 1e-4, maximum: float = 1.0, description: str = "learning rate") -> widgets.SelectionSlider:
    """A slider over a log-spaced 1-2-5 grid of learning rates (see :func:`log_grid`)."""
    return _value_slider(log_grid(minimum, maximum), value, description)


def choice_slider(options: list[float], value: float, *, description: str) -> widgets.SelectionSlider:
    """A slider over explicit numeric ``options`` (for example an L2 strength or a noise level)."""
    if not options:
        raise ValueError("options must not be empty")
    return _value_slider(list(options), value, description)


def _value_slider(options: list[float], value: float, description: str) -> widgets.SelectionSlider:
    if value not in options:
        raise ValueError(f"value must be one of the slider's options {options}, got {value!r}")
    return widgets.SelectionSlider(
        options=[(f"{v:g}", v) for v in options], value=value, description=description,
        continuous_update=True, layout=_SLIDER_LAYOUT, style=_SLIDER_STYLE,
    )


def slider_values(slider: widgets.SelectionSlider) -> list:
    """Every value a slider can take, in order (what the tests sweep)."""
    return [option[1] if isinstance(option, tuple) else option for option in slider.options]


class Explorer:
    """A figure whose artists a callback updates in place whenever one of the controls changes.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Built once (see :func:`helpers.plotting.new_figure`).
    controls : mapping of name to slider
        The keyword each control's value is passed under.
    update : callable
        ``update(**values)`` changes the figure's artists for the controls' current values and
        returns a one-line status (the numbers, or what diverged), shown above the figure as text:
        the browser draws text far faster than Agg does. It is called once here, so the figure
        starts in step with the sliders.
    animated : list of Artist
        Every artist ``update`` changes; everything else (axes, ticks, labels, legends) is drawn
        once, so ``update`` must not change it (see :class:`helpers.plotting.BlitRenderer`).

    Attributes
    ----------
    widget : ipywidgets.VBox
        The sliders above the image; what the notebook displays.
    """

    def __init__(self, figure: Figure, controls: Mapping[str, widgets.ValueWidget], update: Callable[..., None],
                 animated: list[Artist]):
        self.figure = figure
        self.controls = dict(controls)
        self.update = update
        width_px = int(figure.get_figwidth() * figure.dpi)
        self.image = widgets.Image(format="png", layout={"width": f"{width_px}px"})
        self.status = widgets.HTML(layout={"width": f"{width_px}px"})
        self.status.value = self._status_html(self.update(**self.values()))
        freeze_layout(figure)
        self.renderer = BlitRenderer(figure, animated)
        self.image.value = self.renderer.render()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([widgets.VBox(list(self.controls.values())), self.status, self.image])

    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Update the artists and the status for the current values and send both to the browser."""
        self.status.value = self._status_html(self.update(**self.values()))
        self.image.value = self.renderer.render()

    @staticmethod
    def _status_html(status: str) -> str:
        text = html.escape(status)
        return f"<b>{text}</b>" if "DIVERGED" in status else text

    def _on_change(self, change: dict) -> None:
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
