"""Figures: a colour-blind-safe palette, line styles that differ as well as colours, and PNG rendering.

Figures here are plain :class:`matplotlib.figure.Figure` objects on an Agg canvas, not pyplot
figures: they are built once, their artists updated in place, and rendered to PNG bytes for an
``ipywidgets.Image`` (see :mod:`helpers.widgets`). Nothing depends on the notebook's backend.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
"""The Okabe-Ito palette, readable with every common colour-vision deficiency."""

SCHEME_STYLES = {
    "sum": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "o", "linewidth": 2.2},
    "mean": {"color": OKABE_ITO["vermillion"], "linestyle": "--", "marker": "s", "linewidth": 2.0},
    "mean, scaled lr": {"color": OKABE_ITO["green"], "linestyle": ":", "marker": "^", "linewidth": 2.6},
}
"""One look per reduction scheme, shared by every figure of the course: colour, dash and marker all differ."""

REGULARIZATION_STYLES = {
    "sum + λ": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "o", "linewidth": 2.4},
    "mean + λ": {"color": OKABE_ITO["vermillion"], "linestyle": "--", "marker": "s", "linewidth": 2.0},
    "sum + λB/N": {"color": OKABE_ITO["green"], "linestyle": "-", "marker": "^", "linewidth": 4.0},
    "mean + λ/N": {"color": OKABE_ITO["orange"], "linestyle": "--", "marker": "v", "linewidth": 2.6},
    "decay, sum": {"color": OKABE_ITO["purple"], "linestyle": ":", "marker": "D", "linewidth": 2.4},
    "decay, mean": {"color": OKABE_ITO["black"], "linestyle": (0, (1, 3)), "marker": "P", "linewidth": 1.6},
}
"""Notebook 03's schemes: overlapping lines differ in width and dash, so each stays visible."""

DIVERGED_STYLE = {"color": OKABE_ITO["black"], "marker": "x", "markersize": 9, "linestyle": "none"}

FIGURE_DPI = 80


def new_figure(n_axes: int = 1, *, rows: int = 1, width: float = 10.0, height: float = 3.8) -> tuple[Figure, list[Axes]]:
    """A figure of ``n_axes`` axes in ``rows`` rows on an Agg canvas, laid out once.

    The layout engine runs for the first draw only (:func:`freeze_layout`), so later redraws
    spend no time on layout.
    """
    figure = Figure(figsize=(width, height), dpi=FIGURE_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, -(-n_axes // rows), squeeze=False).reshape(-1)
    return figure, list(axes[:n_axes])


def style_axes(ax: Axes, *, title: str, xlabel: str, ylabel: str, log2_x: bool = False) -> None:
    """Title and label an axes; ``log2_x`` puts powers of two on a log x axis."""
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    if log2_x:
        ax.set_xscale("log", base=2)


def freeze_layout(figure: Figure) -> None:
    """Draw once with the layout engine, then switch it off: axes keep their place on later draws."""
    figure.canvas.draw()
    figure.set_layout_engine("none")


def encode_png(figure: Figure) -> bytes:
    """Encode what the figure's Agg canvas holds now as PNG bytes, quickly.

    A minimal lossless PNG: 8-bit RGB, no per-row filter, zlib level 1. Filter selection is most
    of what general encoders spend (12 ms against 5 ms for an 800 x 560 figure here), and plots
    compress about as well without it.
    """
    rgb = np.asarray(figure.canvas.buffer_rgba())[..., :3]
    height, width = rgb.shape[:2]
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter byte 0, then the pixels
    rows[:, 1:] = rgb.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit, colour type 2 = RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
            + chunk(b"IEND", b""))


def figure_image(figure: Figure):
    """A static figure for a notebook cell: drawn once and shown as a PNG (``IPython.display.Image``)."""
    from IPython.display import Image

    figure.canvas.draw()
    return Image(data=encode_png(figure), format="png")


class BlitRenderer:
    """Renders a figure by blitting: static parts drawn once, animated artists on every frame.

    Axes, ticks, labels and legends take most of a draw (about three quarters of 60 ms here) and
    do not change with the sliders. The renderer draws them once, keeps the pixels, and on every
    frame restores them and draws only the ``animated`` artists.

    Parameters
    ----------
    figure : Figure
        A figure on an Agg canvas (see :func:`new_figure`).
    animated : list of Artist
        The artists an update changes: lines, markers, titles that carry numbers.
    """

    def __init__(self, figure: Figure, animated: list[Artist]):
        self.figure = figure
        self.animated = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self._background = None

    def render(self) -> bytes:
        """Draw the current state of the figure and return it as PNG bytes."""
        canvas = self.figure.canvas
        if self._background is None:
            canvas.draw()  # animated artists are skipped: this is the static background
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self.animated:
            self.figure.draw_artist(artist)
        return encode_png(self.figure)


def set_points(line, points: list[tuple[float, float]]) -> None:
    """Show ``points`` (a possibly empty list of ``(x, y)``) as a line's markers, e.g. divergence crosses."""
    line.set_data(*(zip(*points) if points else ([], [])))


def power_of_two_ticks(ax: Axes, values: np.ndarray) -> None:
    """Label a log2 x axis with the plain integers in ``values`` (1, 4, 16, ...)."""
    ax.set_xticks(values)
    ax.set_xticklabels([str(int(v)) for v in values])
    ax.minorticks_off()
