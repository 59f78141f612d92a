"""Every figure of the course is readable by everyone (issue 22, WCAG 2.1 AA), checked on the figures themselves.

The figures are the ones the notebooks build, live and static, with the notebooks' own settings
(tests/notebook_code.py; built once per test session and shared with tests/test_explorers.py).

* **Contrast** (WCAG 1.4.11 and 1.4.3): every line, marker and point has at least 3:1 contrast with its
  ground (the axes' face and every shade of a filled contour drawn under it, alpha blended), every text
  4.5:1.
* **Colour vision**: with protanopia, deuteranopia and tritanopia simulated (Machado, Oliveira and
  Fernandes 2009, severity 1; tests/colour_vision.py), any two series a legend names in different colours
  keep a CIEDE2000 difference of at least ``DISTINCT`` = 10, in every figure. Why 10: 1 is a just
  noticeable difference between large patches, and the difference needed grows as marks get thinner and
  smaller (Stone, Szafir and Setlur 2014; Szafir 2018, "Modeling Color Difference for Visualization
  Design"): a legend's key and a 2-pixel line need several times more. Okabe and Ito's palette, designed
  for these readers, keeps its closest pairs at 10.9 to 12.5 under the same simulation; the course's
  palette keeps every pair that shares a legend at 11.4 or more. Two series that share a colour on
  purpose (a scheme's curve and its threshold) must differ in dash or marker instead.
* **Colour is never the only cue**: any two entries of a legend differ in dash pattern, marker, marker
  fill, or line width (by half at least).
* **No TeX in what a screen reader reads**: alt texts, canvas names, slider names and value texts, status
  lines, in the figures built here and in the stored notebooks.
* Each check fails where it should: on the old palette's yellow, orange and sky blue (contrast), on the old
  dark loss surface (contrast with the ground), on those three colours darkened just to 3:1, the obvious
  fix (colour vision), on two lines told apart by colour alone, and on the old canvas name (TeX).

In a browser: axe-core on every page of the site and the keyboard walk (tests/test_site.py), axe-core on
every notebook's outputs in JupyterLab (tests/test_browser.py), the sliders' value texts and the status
line's live region (tests/test_widgets.py).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.contour import ContourSet
from matplotlib.lines import Line2D
from matplotlib.text import Text

from colour_vision import VISIONS, contrast_ratio, delta_e_2000
from helpers.descriptions import figure_description
from helpers.plotting import PALETTE, FigureImage, new_figure
from helpers.widgets import Explorer
from notebook_code import NOTEBOOK_DIR, notebook_figures

ROOT = Path(__file__).resolve().parents[1]
GRAPHICS = 3.0   # WCAG 1.4.11: graphics a reader needs
TEXT = 4.5       # WCAG 1.4.3: text (the figures' text is under 18 points)
DISTINCT = 10.0  # CIEDE2000, with each simulated colour-vision deficiency
SAME = 1.0       # below this (normal vision) two series share a colour on purpose
TEX = re.compile(r"\$|\\[A-Za-z]+|[_^]\{")
OLD_CANVAS_NAME = "Live figure, 1 panel: “weight trajectories on the loss surface” (weight $w_2$ against weight $w_1$)."
SOLUTIONS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def figures() -> dict[str, Explorer | FigureImage]:
    """Every figure of every notebook, live or static, by notebook and position."""
    found = {}
    for path in SOLUTIONS:
        for k, figure in enumerate(notebook_figures(path)):
            found[f"{path.stem[:2]}-{k}"] = figure
    assert sum(isinstance(f, FigureImage) for f in found.values()) >= 1 and sum(isinstance(f, Explorer) for f in found.values()) >= 7
    return found


# ---------------------------------------------------------------------------------------------
# What each check looks at


def blend(colour, ground) -> tuple:
    """``colour`` (with its alpha) painted over the opaque ``ground``."""
    r, g, b, a = to_rgba(colour)
    ground = to_rgba(ground)
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), ground[:3]))


def grounds(ax) -> list[tuple]:
    """What a mark in ``ax`` may be drawn on: the axes' face, and every shade of a filled contour over it."""
    face = to_rgba(ax.get_facecolor())
    shades = [face[:3]]
    for collection in ax.collections:
        if isinstance(collection, ContourSet) and collection.filled:
            shades += [blend(c, face) for c in collection.get_facecolor()]
    return shades


def marks(artist) -> list[tuple[str, tuple]]:
    """The colours ``artist`` (a line, or scatter points) draws with: (what, RGBA)."""
    if isinstance(artist, Line2D):
        drawn = []
        if artist.get_linestyle() not in ("None", "none", " ", "") and artist.get_linewidth() > 0:
            drawn.append(("line", to_rgba(artist.get_color(), artist.get_alpha())))
        if artist.get_marker() not in (None, "None", "none", " ", ""):
            face = artist.get_markerfacecolor()
            if artist._marker.is_filled() and face not in ("none", "None"):
                drawn.append(("marker face", to_rgba(face, artist.get_alpha())))
            else:
                drawn.append(("marker edge", to_rgba(artist.get_markeredgecolor(), artist.get_alpha())))
        return drawn
    if isinstance(artist, PathCollection):
        return [("point", tuple(c)) for c in np.unique(np.round(artist.get_facecolor(), 6), axis=0)]
    return []


def contrast_failures(figure) -> list[str]:
    """Every mark and text of ``figure`` below its contrast minimum, said in words."""
    failures = []
    for ax in figure.axes:
        for artist in [*ax.lines, *ax.collections]:
            for what, colour in marks(artist):
                for ground in grounds(ax):
                    ratio = contrast_ratio(blend(colour, ground), ground)
                    if ratio < GRAPHICS:
                        failures.append(f"“{ax.get_title()}”: {what} of {artist.get_label()!r} {ratio:.2f}:1 on {np.round(ground, 3)}")
                        break
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            ratio = contrast_ratio(blend(text.get_color(), figure.get_facecolor()), figure.get_facecolor())
            if ratio < TEXT:
                failures.append(f"text {text.get_text()!r} {ratio:.2f}:1")
    return failures


def legend_entries(figure) -> list[tuple[str, list[tuple[str, object]]]]:
    """Each legend of ``figure`` (its axes' title) with its entries: (label, handle)."""
    legends = [(ax.get_title(), ax.get_legend()) for ax in figure.axes if ax.get_legend()]
    legends += [("figure", legend) for legend in figure.legends]
    return [(title, [(t.get_text(), h) for h, t in zip(legend.legend_handles, legend.texts)]) for title, legend in legends]


def key_colour(handle) -> tuple:
    """The colour a legend entry is known by: its line's, else its marker's or points'."""
    drawn = dict(marks(handle))
    for what in ("line", "marker face", "marker edge", "point"):
        if what in drawn:
            return drawn[what]
    raise AssertionError(f"a legend entry that draws nothing: {handle}")


def shape(handle) -> tuple:
    """What tells a legend entry apart without colour: dash pattern, marker, marker fill, line width."""
    if isinstance(handle, PathCollection):
        path = handle.get_paths()[0]
        return (None, tuple(np.round(path.vertices, 2).ravel()), True, 0.0)
    drawn = dict(marks(handle))
    dash = None
    if "line" in drawn:
        offset, pattern = handle._unscaled_dash_pattern
        dash = tuple(np.round(pattern, 2)) if pattern else ()
    marker = handle.get_marker() if ("marker face" in drawn or "marker edge" in drawn) else None
    return (dash, marker, "marker face" in drawn, handle.get_linewidth() if dash is not None else 0.0)


def differ_without_colour(a, b) -> bool:
    (dash_a, marker_a, fill_a, width_a), (dash_b, marker_b, fill_b, width_b) = shape(a), shape(b)
    wider = max(width_a, width_b) >= 1.5 * min(width_a, width_b) > 0
    return dash_a != dash_b or marker_a != marker_b or fill_a != fill_b or wider


def merged_pairs(figure, threshold: float = DISTINCT) -> list[str]:
    """Pairs of series a legend names that colour-blind readers could not tell apart (see the module docstring)."""
    merged = []
    for title, entries in legend_entries(figure):
        for (label_a, a), (label_b, b) in itertools.combinations(entries, 2):
            colour_a, colour_b = key_colour(a), key_colour(b)
            if delta_e_2000(colour_a, colour_b) < SAME:
                if not differ_without_colour(a, b):
                    merged.append(f"“{title}”: {label_a!r} and {label_b!r} share a colour and nothing tells them apart")
                continue
            for vision in VISIONS:
                difference = delta_e_2000(colour_a, colour_b, vision)
                if difference < threshold:
                    merged.append(f"“{title}”: {label_a!r} and {label_b!r} differ by {difference:.1f} with {vision}")
    return merged


def colour_only_pairs(figure) -> list[str]:
    """Pairs of legend entries that nothing but colour tells apart."""
    return [f"“{title}”: {label_a!r} and {label_b!r}" for title, entries in legend_entries(figure)
            for (label_a, a), (label_b, b) in itertools.combinations(entries, 2) if not differ_without_colour(a, b)]


def spoken_texts(figure: Explorer | FigureImage) -> list[str]:
    """What a screen reader reads of a figure: alt text; for a live figure also its canvas's names,
    its sliders' names and value texts, and every status line."""
    if isinstance(figure, FigureImage):
        return [figure.alt]
    spec = json.loads(re.search(r"\(document\.currentScript, (\{.*\})\);</script>", figure.html()).group(1).replace("<\\/", "</"))
    texts = [figure.alt_text(), spec["panels"], *figure.statuses.values()]
    for control in figure.controls.values():
        texts += [control.description, *(control.readout(v) for _, v in control.options)]
    return texts


def tex_in(texts: list[str]) -> list[str]:
    return [text for text in texts if TEX.search(text)]


# ---------------------------------------------------------------------------------------------
# The course's figures


def test_every_mark_and_text_has_enough_contrast_with_its_ground(figures):
    failures = {name: contrast_failures(f.figure) for name, f in figures.items()}
    assert not any(failures.values()), {k: v for k, v in failures.items() if v}


def test_series_a_legend_names_stay_apart_with_every_colour_vision(figures):
    merged = {name: merged_pairs(f.figure) for name, f in figures.items()}
    assert not any(merged.values()), {k: v for k, v in merged.items() if v}
    assert sum(len(entries) for f in figures.values() for _, entries in legend_entries(f.figure)) >= 40  # every legend was seen


def test_colour_is_never_the_only_cue(figures):
    alone = {name: colour_only_pairs(f.figure) for name, f in figures.items()}
    assert not any(alone.values()), {k: v for k, v in alone.items() if v}


def test_the_palette_has_3_to_1_on_white_and_its_colours_stay_apart():
    for name, colour in PALETTE.items():
        assert contrast_ratio(colour, "white") >= GRAPHICS, name
    close = [(a, b, vision) for (a, ca), (b, cb) in itertools.combinations(PALETTE.items(), 2)
             for vision in VISIONS if delta_e_2000(ca, cb, vision) < DISTINCT]
    assert not close, close


def test_what_a_screen_reader_reads_holds_no_tex(figures):
    found = {name: tex_in(spoken_texts(f)) for name, f in figures.items()}
    assert not any(found.values()), {k: v for k, v in found.items() if v}
    # the figures do draw TeX (mathtext) in places: it is said in Unicode
    assert "weight w₂ against weight w₁" in figures["02-0"].alt_text()


def stored_spoken_texts(path: Path) -> list[str]:
    """What a screen reader reads of the figures a stored notebook shows: picture alt texts (text/plain),
    and the sliders' labels, value texts and canvas names in the live figures' HTML."""
    texts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                texts.append(data.get("text/plain", ""))
            html = data.get("text/html", "")
            if 'class="som-figure"' in html:
                spec = json.loads(re.search(r"\(document\.currentScript, (\{.*\})\);</script>", html).group(1).replace("<\\/", "</"))
                texts += [spec["panels"], *re.findall(r'aria-valuetext="([^"]*)"', html), *re.findall(r"<span[^>]*>([^<]*)</span>", html)]
    return texts


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + SOLUTIONS,
                         ids=lambda p: f"{p.parent.name}/{p.stem[:2]}")
def test_stored_notebooks_say_no_tex(path):
    texts = stored_spoken_texts(path)
    assert not tex_in(texts), tex_in(texts)
    assert all(text and not text.startswith("<") for text in texts), [t for t in texts if not t or t.startswith("<")]


# ---------------------------------------------------------------------------------------------
# The checks fail where they should


def line_figure(colours: list[str], linestyles: list | None = None, markers: list | None = None):
    figure, (ax,) = new_figure(width=4, height=3)
    for k, colour in enumerate(colours):
        ax.plot([0, 1], [k, k + 1], color=colour, linestyle=(linestyles or ["-"] * len(colours))[k],
                marker=(markers or [None] * len(colours))[k], label=f"series {k}")
    ax.set_title("fixture")
    ax.legend()
    return figure


OLD_LIGHT = {"yellow": "#F0E442", "orange": "#E69F00", "sky blue": "#56B4E9"}
DARKENED_TO_3 = {"orange": "#C78900", "sky blue": "#4A9DCC", "yellow": "#A09829"}
"""Okabe-Ito's three light colours scaled darker (in linear RGB) just until they reach 3:1 on white."""


def test_contrast_check_fails_on_the_old_palette_and_the_old_loss_surface():
    failures = contrast_failures(line_figure(list(OLD_LIGHT.values()), ["-", "--", ":"], ["o", "s", "^"]))
    assert len([f for f in failures if "line of" in f]) == 3, failures
    assert not contrast_failures(line_figure([PALETTE[c] for c in ("olive", "wine", "indigo")], ["-", "--", ":"], ["o", "s", "^"]))
    # notebook 02's loss surface as it was: matplotlib's Greys at alpha 0.55 under vermillion and blue lines
    figure = line_figure([PALETTE["vermillion"], PALETTE["blue"]], ["--", "-"])
    grid = np.linspace(0, 1, 20)
    figure.axes[0].contourf(grid, grid, np.add.outer(grid, grid), levels=20, cmap="Greys", alpha=0.55)
    assert any("series 0" in f for f in contrast_failures(figure)) and any("series 1" in f for f in contrast_failures(figure))
    assert len(contrast_failures(figure)) == 2


def test_colour_vision_check_fails_on_the_old_light_colours_darkened_to_3_to_1():
    for name, colour in DARKENED_TO_3.items():
        assert contrast_ratio(colour, "white") >= 2.99, name
    # notebook 03's legend with "mean, consistent" in darkened orange beside "mean + λ" in vermillion (both dashed)
    merged = merged_pairs(line_figure([PALETTE["vermillion"], DARKENED_TO_3["orange"]], ["--", "--"], ["s", "v"]))
    assert any("deuteranopia" in m for m in merged), merged
    # notebook 06's legend with darkened sky blue beside green
    merged = merged_pairs(line_figure([PALETTE["green"], DARKENED_TO_3["sky blue"]], ["-", "-"], ["v", "^"]))
    assert any("tritanopia" in m for m in merged), merged
    # the colours that replace them pass in the same places
    assert not merged_pairs(line_figure([PALETTE["vermillion"], PALETTE["wine"]], ["--", "--"], ["s", "v"]))
    assert not merged_pairs(line_figure([PALETTE["green"], PALETTE["indigo"]], ["-", "-"], ["v", "^"]))


def test_colour_only_check_fails_on_lines_told_apart_by_colour_alone():
    assert colour_only_pairs(line_figure([PALETTE["blue"], PALETTE["vermillion"]])) == ["“fixture”: 'series 0' and 'series 1'"]
    assert not colour_only_pairs(line_figure([PALETTE["blue"], PALETTE["vermillion"]], ["-", "--"]))
    # the same colour on purpose, told apart by dashes: passes; by nothing: fails
    assert not merged_pairs(line_figure([PALETTE["blue"], PALETTE["blue"]], ["-", (0, (1, 2))]))
    assert merged_pairs(line_figure([PALETTE["blue"], PALETTE["blue"]]))


def test_tex_check_fails_on_the_old_canvas_name():
    assert tex_in([OLD_CANVAS_NAME]) == [OLD_CANVAS_NAME]
    figure, (ax,) = new_figure()
    ax.set_title("weight trajectories on the loss surface")
    ax.set_xlabel("weight $w_1$")
    ax.set_ylabel("weight $w_2$")
    said = f"Live figure, {figure_description(figure)}"
    assert not tex_in([said]) and said == OLD_CANVAS_NAME.replace("$w_2$", "w₂").replace("$w_1$", "w₁")
