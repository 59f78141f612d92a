"""Figures: a colour-blind-safe palette, line styles that differ as well as colours, display styles,
and what a live figure needs from matplotlib: each animated line in canvas pixels, and the picture
split into the layers drawn below and above the lines.

Figures here are plain :class:`matplotlib.figure.Figure` objects on an Agg canvas, not pyplot
figures, so nothing depends on the notebook's backend. :mod:`helpers.widgets` turns one into a
live figure drawn in the page.

Display style (one switch for the whole course)
-----------------------------------------------
Figures are drawn for a laptop screen. For a projector, put ``helpers.plotting.use_style("projector")``
in a notebook's first cell, or start Jupyter with the environment variable
``SUM_OR_MEAN_DISPLAY=projector``: every figure built afterwards keeps its size in screen pixels
but draws its fonts, lines and markers ``DISPLAY_SCALES["projector"]`` times larger (the figure is
made smaller in inches and its dpi larger by the same factor).
"""

from __future__ import annotations

import base64
import io
import json
import os

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

from .descriptions import figure_description
from ._validation import _show, check_bool, check_choice, check_positive_int, check_real, check_real_array

PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "black": "#000000",
    "wine": "#882255",
    "indigo": "#332288",
    "olive": "#665500",
}
"""The course's colours: Okabe and Ito's blue, vermillion, green, reddish purple and black, with wine and
indigo (from Paul Tol's muted scheme) and a dark olive in place of Okabe-Ito's orange, sky blue and yellow,
which are too light on white (2.3:1, 2.3:1, 1.3:1). Against white every colour has at least the 3:1 contrast
WCAG 2.1 asks of graphics a reader needs (purple, the lightest, 3.06:1; green 3.42, vermillion 3.87, blue
5.19, olive 7.33, wine 8.73, indigo 12.2), and every two of them stay apart with protanopia, deuteranopia
and tritanopia (``tests/test_accessibility.py`` simulates them on every figure of the course)."""

SURFACE_COLOUR_MAP = LinearSegmentedColormap.from_list("surface", ["#FFFFFF", "#E6E6E6"])
"""The colour map of a filled contour (a loss surface) under lines, from white to a light grey: light enough
that vermillion and blue, the lines drawn over it, keep 3:1 against every shade of it (thin grey contour
lines show its shape)."""

SCHEME_STYLES = {
    "sum": {"color": PALETTE["blue"], "linestyle": "-", "marker": "o", "linewidth": 2.2},
    "mean": {"color": PALETTE["vermillion"], "linestyle": "--", "marker": "s", "linewidth": 2.0},
    "mean, scaled lr": {"color": PALETTE["green"], "linestyle": ":", "marker": "^", "linewidth": 2.6},
}
"""One look per reduction scheme, shared by every figure of the course: colour, dash and marker all differ."""

REGULARIZATION_STYLES = {
    "sum + λ": {"color": PALETTE["blue"], "linestyle": "-", "marker": "o", "linewidth": 2.4},
    "mean + λ": {"color": PALETTE["vermillion"], "linestyle": "--", "marker": "s", "linewidth": 2.0},
    "sum, consistent": {"color": PALETTE["green"], "linestyle": "-", "marker": "^", "linewidth": 4.0},
    "mean, consistent": {"color": PALETTE["wine"], "linestyle": "--", "marker": "v", "linewidth": 2.6},
    "decay, sum": {"color": PALETTE["purple"], "linestyle": ":", "marker": "D", "linewidth": 2.4},
    "decay, mean": {"color": PALETTE["black"], "linestyle": (0, (1, 3)), "marker": "h", "linewidth": 1.6},
}
"""Notebook 03's schemes: overlapping lines differ in width and dash, so each stays visible; no marker
is a cross or a plus, which would read as :data:`DIVERGED_STYLE`."""

DIVERGED_STYLE = {"color": PALETTE["black"], "marker": "x", "markersize": 9, "markeredgewidth": 2.0, "linestyle": "none"}
"""The one mark for a run that diverged: a bold black cross, used by no other artist."""

FIGURE_DPI = 80
LEGEND_FONTSIZE = 9
"""Points: 10 CSS pixels at :data:`FIGURE_DPI` (9 x 80 / 72), the smallest text of any figure."""
LEGEND_STYLE = {"fontsize": LEGEND_FONTSIZE, "framealpha": 1.0}
"""Every legend's font and frame: opaque, so a line passing under it does not show through (and a
live figure's page takes the legend's pixels from the picture; see :mod:`helpers.widgets`)."""

DISPLAY_SCALES = {"laptop": 1.0, "projector": 1.5}
"""How much larger fonts, lines and markers are drawn in each display style (see the module docstring)."""

_display = {"style": os.environ.get("SUM_OR_MEAN_DISPLAY", "laptop")}
if _display["style"] not in DISPLAY_SCALES:  # a typo in the environment must not break every figure
    _display["style"] = "laptop"


MAX_AXES = 24
"""The most axes :func:`new_figure` draws in one figure."""

MAX_INCHES = 40.0
"""The largest width or height :func:`new_figure` accepts, in inches (3200 pixels at the course's dpi)."""


def use_style(style: str) -> None:
    """Draw every figure built from now on for ``style``: ``"laptop"`` (the default) or ``"projector"``.

    The one switch of the course's display style; the environment variable ``SUM_OR_MEAN_DISPLAY``
    sets its starting value. Figures keep their size in pixels; fonts, lines and markers grow by
    :data:`DISPLAY_SCALES` ``[style]``.

    >>> use_style("projector"); new_figure()[0].dpi
    120.0
    >>> use_style("laptop")
    """
    _display["style"] = check_choice(style, "style", list(DISPLAY_SCALES))


def display_scale() -> float:
    """The current display style's scale factor (1 for ``"laptop"``)."""
    return DISPLAY_SCALES[_display["style"]]


def new_figure(n_axes: int = 1, *, rows: int = 1, width: float = 10.0, height: float = 3.8) -> tuple[Figure, list[Axes]]:
    """A figure of ``n_axes`` axes in ``rows`` rows on an Agg canvas.

    ``width`` x ``height`` inches at :data:`FIGURE_DPI` give its size in pixels, whatever the display
    style; the style scales everything drawn in points (see :func:`use_style`).
    """
    n_axes = check_positive_int(n_axes, "n_axes", maximum=MAX_AXES)
    rows = check_positive_int(rows, "rows", maximum=n_axes, what=" (n_axes)")
    width = check_real(width, "width", positive=True, largest=MAX_INCHES)
    height = check_real(height, "height", positive=True, largest=MAX_INCHES)
    scale = display_scale()
    figure = Figure(figsize=(width / scale, height / scale), dpi=FIGURE_DPI * scale, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, -(-n_axes // rows), squeeze=False).reshape(-1)
    return figure, list(axes[:n_axes])


def style_axes(ax: Axes, *, title: str, xlabel: str, ylabel: str, log2_x: bool = False) -> None:
    """Title and label an axes; ``log2_x`` puts powers of two on a log x axis."""
    _check_instance(ax, "ax", Axes)
    for text, text_name in ((title, "title"), (xlabel, "xlabel"), (ylabel, "ylabel")):
        if not isinstance(text, str):
            raise TypeError(f"{text_name} must be a str, got {_show(text)} of type {type(text).__name__}")
    log2_x = check_bool(log2_x, "log2_x")
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    if log2_x:
        ax.set_xscale("log", base=2)


def freeze_layout(figure: Figure) -> None:
    """Draw once with the layout engine, then switch it off: axes keep their place on later draws."""
    _check_figure(figure)
    figure.canvas.draw()
    figure.set_layout_engine("none")


def encode_png(rgba: np.ndarray, *, palette=None) -> bytes:
    """PNG bytes of an ``(height, width, 4)`` uint8 picture.

    ``palette=None`` keeps every colour (lossless; stored as a palette when there are at most 256
    colours, transparency included). ``palette="adaptive"`` maps the picture to 256 colours chosen
    for it, and a PIL palette image maps it to that image's colours (both without dithering; see
    :func:`quantized`): two or three times smaller, colours within a few levels.
    """
    from PIL import Image  # matplotlib's own dependency

    rgba = _check_rgba(rgba)
    if not (palette is None or (isinstance(palette, str) and palette == "adaptive") or _is_palette_image(palette)):
        raise TypeError(f"palette must be None, \"adaptive\" or a PIL palette image (mode \"P\"), got {_show(palette)}")
    buffer = io.BytesIO()
    picture = Image.fromarray(np.ascontiguousarray(rgba))
    opaque = bool(np.all(rgba[..., 3] == 255))
    if opaque:
        picture = picture.convert("RGB")
    if palette == "adaptive":
        picture = picture.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    elif palette is not None:
        picture = quantized(rgba, palette)
    else:
        colours, indices = np.unique(rgba.reshape(-1, 4), axis=0, return_inverse=True)
        if len(colours) <= 256:  # exact palette: a PNG a quarter of the size, every pixel unchanged
            picture = Image.fromarray(indices.reshape(rgba.shape[:2]).astype(np.uint8), mode="P")
            picture.putpalette((colours[:, :3] if opaque else colours).reshape(-1).tolist(), rawmode="RGB" if opaque else "RGBA")
    picture.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def palette_png(picture) -> bytes:
    """PNG bytes of a PIL palette image (mode ``"P"``, e.g. from :func:`quantized`), as it is.

    >>> palette_png(quantized(np.full((2, 2, 4), 255, np.uint8)))[:4]
    b'\\x89PNG'
    """
    if not _is_palette_image(picture):
        raise TypeError(f"picture must be a PIL palette image (mode \"P\"), got {_show(picture)}")
    buffer = io.BytesIO()
    picture.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def quantized(rgba: np.ndarray, palette=None):
    """``rgba`` (opaque) as a PIL palette image: each pixel mapped to the nearest colour of ``palette``
    (a PIL palette image), or by default of its own 256 most frequent colours.

    A plot's frequent colours (background, text, lines, grid) stay exact; only rare antialiasing
    shades move, by a few levels. Another picture mapped to the same palette gets the same colour
    wherever its pixels are the same.
    """
    from PIL import Image

    rgba = _check_rgba(rgba)
    if not (palette is None or _is_palette_image(palette)):
        raise TypeError(f"palette must be None or a PIL palette image (mode \"P\"), got {_show(palette)}")
    rgb = np.ascontiguousarray(rgba[..., :3])
    colours, inverse, counts = np.unique(rgb.reshape(-1, 3), axis=0, return_inverse=True, return_counts=True)
    if palette is None:
        chosen = colours[np.argsort(-counts, kind="stable")[:256]]
    else:
        chosen = np.asarray(palette.getpalette()[:768], dtype=np.uint8).reshape(-1, 3)
    distance = np.abs(colours[:, None, :].astype(int) - chosen[None, :, :].astype(int)).sum(axis=-1)
    indices = np.argmin(distance, axis=1).astype(np.uint8)[inverse.reshape(-1)].reshape(rgb.shape[:2])
    image = Image.fromarray(indices, mode="P")
    image.putpalette(np.pad(chosen, ((0, 256 - len(chosen)), (0, 0))).astype(np.uint8).reshape(-1).tolist())
    return image


def figure_pixels(figure: Figure) -> np.ndarray:
    """Draw the whole figure (every artist, the ordinary way) and return its RGBA pixels."""
    _check_figure(figure)
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


PICTURE_TAIL = 64
"""How many characters of a picture's base64 (its end: compressed data and checksums) a page matches to
find the picture output that a figure's script describes or draws from."""


class FigureImage:
    """A static figure in a notebook cell: its picture, and what it shows in words.

    A cell ending with one shows two outputs: the picture (``image/png``, the figure in its 256 most
    frequent colours, see :func:`quantized`) with its alt text as ``text/plain``, then a ``text/html``
    output whose script gives the picture's ``<img>`` that alt text (JupyterLab writes none for an image
    output; the script runs once the cell has run or the notebook is trusted).

    Attributes
    ----------
    figure : Figure
    alt : str
        ``Figure, N panels: “title” (y label against x label; legend: ...); ...`` in plain text
        (:func:`helpers.descriptions.figure_description`).
    png : bytes
    """

    def __init__(self, figure: Figure):
        self.figure = _check_figure(figure)
        self.png = palette_png(quantized(figure_pixels(figure)))
        self.alt = f"Figure, {figure_description(figure, legends=True)}"

    def picture_output(self) -> dict:
        """The first output: the picture (``image/png``) and its alt text."""
        return {"image/png": base64.b64encode(self.png).decode(), "text/plain": self.alt}

    def alt_output(self) -> dict:
        """The second output: a script that sets the alt text of the picture just before it (``text/html``)."""
        return {"text/html": alt_script(self.picture_output()["image/png"][-PICTURE_TAIL:], self.alt)}

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.picture_output(), raw=True)
        display(self.alt_output(), raw=True)


def alt_script(picture_tail: str, alt: str) -> str:
    """An inline ``<script>`` that gives ``alt`` to the ``<img>`` of the output box before its own, if that
    picture's base64 ends with ``picture_tail`` (it looks again for two seconds: a viewer may attach it late)."""
    for value, name in ((picture_tail, "picture_tail"), (alt, "alt")):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a non-empty str, got {_show(value)}")
    arguments = json.dumps([picture_tail, alt], ensure_ascii=False).replace("</", "<\\/")
    return ("<script>((s,[t,a])=>{let n=0,f=()=>{for(let b=s.parentElement;b&&b!==document.body;b=b.parentElement){"
            "let p=b.previousElementSibling,i=p&&(p.tagName=='IMG'?p:p.querySelector('img'));"
            "if(i&&i.src.replace(/\\s|%0[ad]/gi,'').endsWith(t))return void(i.alt=a)}++n<100&&setTimeout(f,20)};f()})"
            f"(document.currentScript,{arguments})</script>")


def figure_image(figure: Figure) -> FigureImage:
    """A static figure for a notebook cell: drawn once and shown as a PNG with its alt text (:class:`FigureImage`),
    in its 256 most frequent colours (see :func:`quantized`), like a live figure's picture."""
    return FigureImage(figure)


def set_points(line, points: list[tuple[float, float]]) -> None:
    """Show ``points`` (a possibly empty list of ``(x, y)``) as a line's markers, e.g. divergence crosses."""
    _check_instance(line, "line", Line2D)
    if isinstance(points, (str, bytes)) or points is None or not hasattr(points, "__len__"):
        raise TypeError(f"points must be a list of (x, y) pairs, got {_show(points)}")
    if len(points):
        array = check_real_array(points, "points", largest=np.inf)
        if array.ndim != 2 or array.shape[1] != 2:
            raise ValueError(f"points must be a list of (x, y) pairs, got shape {array.shape}")
    line.set_data(*(zip(*points) if len(points) else ([], [])))


def set_steps(line, edges: np.ndarray, values: np.ndarray) -> None:
    """Show ``values[k]`` over ``[edges[k], edges[k + 1])`` on a ``drawstyle="steps-post"`` line.

    A steps-post line holds each y up to the next x, so the last value is repeated at the last edge.

    >>> from helpers.plotting import new_figure
    >>> (line,) = new_figure()[1][0].plot([], [], drawstyle="steps-post")
    >>> set_steps(line, [0, 2, 4], [1.0, 3.0]); line.get_ydata().tolist()
    [1.0, 3.0, 3.0]
    """
    _check_instance(line, "line", Line2D)
    edges = check_real_array(edges, "edges", largest=np.inf)
    values = check_real_array(values, "values", largest=np.inf)
    if edges.ndim != 1 or values.ndim != 1 or len(edges) != len(values) + 1 or not len(values):
        raise ValueError(f"edges must be 1-D with one more entry than values (1-D, not empty), got shapes "
                         f"{edges.shape} and {values.shape}")
    line.set_data(edges, np.r_[values, values[-1]])


def power_of_two_ticks(ax: Axes, values: np.ndarray) -> None:
    """Label a log2 x axis with the plain integers in ``values`` (1, 4, 16, ...)."""
    _check_instance(ax, "ax", Axes)
    array = check_real_array(values, "values", positive=True, largest=2.0**53)
    if array.ndim != 1:
        raise ValueError(f"values must be 1-D (one tick per value), got shape {array.shape}")
    ax.set_xticks(values)
    ax.set_xticklabels([str(int(v)) for v in values])
    ax.minorticks_off()


# ---------------------------------------------------------------------------------------------
# What a live figure needs from matplotlib: lines in canvas pixels, and the static layers.
# Canvas pixels: origin at the top left, y down, one unit per figure pixel (matplotlib's display
# coordinates flipped), which is what Agg draws in and what the page's <canvas> draws in.

_CAPS = {"butt": "butt", "round": "round", "projecting": "square"}


def _css_colour(colour) -> str:
    r, g, b, a = to_rgba(colour)
    return f"rgba({round(255 * r)},{round(255 * g)},{round(255 * b)},{a:.3g})"


def _to_canvas(figure: Figure, xy: np.ndarray) -> np.ndarray:
    out = np.array(xy, dtype=float).reshape(-1, 2)
    out[:, 1] = figure.bbox.height - out[:, 1]
    return out


def line_style(line: Line2D) -> dict:
    """How the page strokes ``line`` and its markers: colours, widths and dashes in canvas pixels.

    Keys: ``colour``, ``width``, ``dash`` (list, empty for solid), ``dash_offset``, ``cap``, ``join``,
    ``clip`` ([x, y, width, height] or None), and ``marker`` (None, or ``polygons`` around the
    marker's centre, ``fill`` (a CSS colour or None), ``edge``, ``edge_width``, ``join``, ``cap``).
    """
    figure = _check_line(line)
    px = figure.dpi / 72
    colour = to_rgba(line.get_color(), line.get_alpha())
    offset, dashes = line._dash_pattern  # already scaled by the line width, in points
    dashed = line.get_linestyle() not in ("-", "solid")
    style = {
        "colour": _css_colour(colour),
        "width": line.get_linewidth() * px if line.get_linestyle() not in ("None", "none", " ", "") else 0.0,
        "dash": [d * px for d in dashes] if (dashes and dashed) else [],
        "dash_offset": (offset or 0.0) * px,
        "cap": _CAPS[str(line.get_dash_capstyle() if dashed else line.get_solid_capstyle())],
        "join": str(line.get_dash_joinstyle() if dashed else line.get_solid_joinstyle()),
        "clip": None,
        "marker": None,
    }
    box = line.get_clip_box() if line.get_clip_on() else None
    if box is not None:
        height = figure.bbox.height
        x0, x1 = np.floor(box.x0 + 0.5), np.floor(box.x1 + 0.5)
        y0, y1 = np.floor(height - box.y1 + 0.5), np.floor(height - box.y0 + 0.5)
        style["clip"] = [float(x0), float(y0), float(x1 - x0), float(y1 - y0)]
    marker = line._marker
    if marker.get_marker() not in (None, "None", "none", " ", ""):
        size = line.get_markersize() * px
        snap = size >= (marker.get_snap_threshold() or np.inf)
        transform = marker.get_transform().frozen().scale(size).scale(1, -1)
        outline = marker.get_path().cleaned(transform=transform, remove_nans=True, snap=snap, curves=False,
                                            stroke_width=line.get_markeredgewidth() * px)
        polygons, current = [], []
        for vertex, code in zip(outline.vertices, outline.codes):
            if code in (Path.MOVETO, Path.STOP) and current:
                polygons.append(current)
                current = []
            if code == Path.STOP:
                break
            if code != Path.CLOSEPOLY:
                current.append([round(float(v), 3) for v in vertex])
        if current:
            polygons.append(current)
        filled = marker.is_filled() and line.get_markerfacecolor() not in ("none", "None")
        style["marker"] = {
            "polygons": polygons,
            "fill": _css_colour(to_rgba(line.get_markerfacecolor(), line.get_alpha())) if filled else None,
            "edge": _css_colour(to_rgba(line.get_markeredgecolor(), line.get_alpha())),
            "edge_width": line.get_markeredgewidth() * px,
            "join": str(marker.get_joinstyle()), "cap": _CAPS[str(marker.get_capstyle())],
        }
    return style


def _agg_path(figure: Figure, path: Path, *, snap, stroke_width: float, simplify: bool) -> np.ndarray:
    """``path`` (in display coordinates) as Agg draws it, in canvas pixels: NaNs removed, clipped to the
    canvas, snapped and simplified by matplotlib's own path pipeline. Rows of NaN separate sub-paths."""
    flip = Affine2D().scale(1, -1).translate(0, figure.bbox.height)
    margin = 2 * stroke_width + 8
    clip = (-margin, -margin, figure.bbox.width + margin, figure.bbox.height + margin)
    cleaned = path.cleaned(transform=flip, remove_nans=True, clip=clip, simplify=simplify, snap=snap,
                           stroke_width=stroke_width, curves=False)
    rows = []
    for vertex, code in zip(cleaned.vertices, cleaned.codes):
        if code == Path.STOP:
            break
        if code == Path.CLOSEPOLY:
            vertex = rows[start] if rows else vertex
        if code == Path.MOVETO:
            if rows:
                rows.append((np.nan, np.nan))
            start = len(rows)
        rows.append(tuple(vertex))
    return np.array(rows, dtype=float).reshape(-1, 2)


def line_path_pixels(line: Line2D) -> np.ndarray:
    """The vertices Agg strokes for ``line`` now, in canvas pixels, shape (n, 2); a NaN row breaks the line.

    Step draw styles expanded, then matplotlib's own path pipeline (NaN removal, clipping to the
    canvas, snapping to pixel centres, simplification), so the page strokes what Agg strokes.
    """
    figure = _check_line(line)
    display = Path(line.get_transform().transform(line.get_path().vertices))
    return _agg_path(figure, display, snap=line.get_snap(), stroke_width=line.get_linewidth() * figure.dpi / 72,
                     simplify=display.should_simplify)


def line_marker_pixels(line: Line2D) -> np.ndarray:
    """Where Agg draws ``line``'s markers now, in canvas pixels, shape (n, 2) (empty without markers)."""
    _check_line(line)
    if line._marker.get_marker() in (None, "None", "none", " ", ""):
        return np.empty((0, 2))
    figure = line.get_figure(root=True)
    xy = _to_canvas(figure, line.get_transform().transform(line.get_xydata()))
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    return np.floor(xy + 0.5)  # Agg puts markers on whole pixels


def draw_order(figure: Figure) -> list[Artist]:
    """The artists of every axes in the order Agg draws them (axes in order, children by zorder)."""
    _check_figure(figure)
    order = []
    for ax in figure.axes:
        order += sorted((a for a in ax.get_children() if a is not ax.patch), key=lambda a: a.get_zorder())
    return order


def render_layers(figure: Figure, animated: list[Artist]) -> tuple[np.ndarray, np.ndarray]:
    """The static picture split around the animated artists: ``(below, above)`` RGBA pixels.

    ``above`` holds, on a transparent ground, the legends and spines of the axes that hold animated
    artists (matplotlib draws both over lines); ``below`` holds everything else that is static.
    """
    _check_figure(figure)
    animated = _check_artists(animated, "animated")
    animated_set = set(map(id, animated))
    above = []
    for ax in figure.axes:
        if any(id(a) in animated_set for a in ax.get_children()):
            above += [s for s in ax.spines.values() if s.get_visible()]
            if ax.get_legend() is not None and ax.get_legend().get_visible():
                above.append(ax.get_legend())
    above_set = set(map(id, above))
    everything = [figure.patch, *figure.texts, *figure.legends]
    for ax in figure.axes:
        everything += [ax.patch, *ax.get_children()]
    visible = {id(a): a.get_visible() for a in everything}
    try:
        for artist in everything:
            if id(artist) in animated_set or id(artist) in above_set:
                artist.set_visible(False)
        below_pixels = figure_pixels(figure)
        for artist in everything:
            artist.set_visible(id(artist) in above_set)
        above_pixels = figure_pixels(figure)
    finally:
        for artist in everything:
            artist.set_visible(visible[id(artist)])
    return below_pixels, above_pixels


def prune_legends(figure: Figure, never_drawn: list[Artist]) -> None:
    """Rebuild every legend without the entries of ``never_drawn`` artists (a legend lists only what is drawn).

    An entry goes when every artist of the figure carrying its label is in ``never_drawn``; a legend
    left with no entry is removed.
    """
    _check_figure(figure)
    hidden = set(map(id, _check_artists(never_drawn, "never_drawn")))
    shown_labels, hidden_labels = set(), set()
    for ax in figure.axes:
        for artist in [*ax.lines, *ax.collections, *ax.patches]:
            (hidden_labels if id(artist) in hidden else shown_labels).add(artist.get_label())
    gone = hidden_labels - shown_labels
    for ax in figure.axes:
        legend: Legend | None = ax.get_legend()
        if legend is None or not any(text.get_text() in gone for text in legend.texts):
            continue
        entries = [(handle, text.get_text()) for handle, text in zip(legend.legend_handles, legend.texts)
                   if text.get_text() not in gone]
        options = {"loc": legend._loc, "fontsize": legend.prop.get_size_in_points(), "ncols": legend._ncols,
                   "framealpha": legend.get_frame().get_alpha()}
        legend.remove()
        if entries:
            ax.legend(*map(list, zip(*entries)), **options)


def _check_instance(value: object, name: str, kind: type) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a matplotlib {kind.__name__}, got {_show(value)} of type {type(value).__name__}")


def _check_figure(figure: object, name: str = "figure") -> Figure:
    _check_instance(figure, name, Figure)
    if not isinstance(figure.canvas, FigureCanvasAgg):
        raise ValueError(f"{name} must be drawn on an Agg canvas (build it with helpers.plotting.new_figure), "
                         f"got a {type(figure.canvas).__name__}")
    return figure


def _check_line(line: object, name: str = "line") -> Figure:
    """The figure of ``line``, if it is a Line2D on a figure that can be drawn."""
    _check_instance(line, name, Line2D)
    figure = line.get_figure(root=True)
    if figure is None:
        raise ValueError(f"{name} must be drawn in a figure (added to an axes), got a Line2D on no figure")
    return _check_figure(figure, f"the figure of {name}")


def _check_artists(artists: object, name: str) -> list[Artist]:
    if isinstance(artists, (str, bytes, Artist)) or not hasattr(artists, "__iter__"):
        raise TypeError(f"{name} must be a list of matplotlib artists, got {_show(artists)}")
    artists = list(artists)
    for k, artist in enumerate(artists):
        if not isinstance(artist, Artist):
            raise TypeError(f"{name}[{k}] must be a matplotlib artist, got {_show(artist)} of type {type(artist).__name__}")
    return artists


def _check_rgba(rgba: object) -> np.ndarray:
    if not isinstance(rgba, np.ndarray) or rgba.dtype != np.uint8:
        raise TypeError(f"rgba must be a numpy array of dtype uint8, got {_show(rgba)}")
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.shape[0] == 0 or rgba.shape[1] == 0:
        raise ValueError(f"rgba must have shape (height, width, 4), got {rgba.shape}")
    return rgba


def _is_palette_image(palette: object) -> bool:
    from PIL import Image

    return isinstance(palette, Image.Image) and palette.mode == "P"
