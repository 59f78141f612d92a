"""helpers.plotting: display styles, what the page needs from matplotlib (lines in canvas pixels, layers), legends."""

import numpy as np
import pytest

from helpers import plotting
from helpers.plotting import (figure_pixels, line_marker_pixels, line_path_pixels, line_style, new_figure, prune_legends,
                              render_layers, use_style)


@pytest.fixture
def laptop():
    yield
    use_style("laptop")


def test_projector_style_scales_text_and_lines_but_not_the_size(laptop):
    use_style("laptop")
    small, _ = new_figure(width=8, height=3)
    use_style("projector")
    large, (ax,) = new_figure(width=8, height=3)
    assert small.bbox.width == large.bbox.width == 640 and small.bbox.height == large.bbox.height
    (line,) = ax.plot([0, 1], [0, 1], linewidth=2)
    assert line_style(line)["width"] == pytest.approx(2 * 80 / 72 * plotting.DISPLAY_SCALES["projector"])
    with pytest.raises(ValueError, match=r"style must be one of \['laptop', 'projector'\], got 'beamer'"):
        use_style("beamer")


def test_the_environment_variable_sets_the_starting_style(monkeypatch):
    import importlib

    monkeypatch.setenv("SUM_OR_MEAN_DISPLAY", "projector")
    try:
        assert importlib.reload(plotting).display_scale() == plotting.DISPLAY_SCALES["projector"]
        monkeypatch.setenv("SUM_OR_MEAN_DISPLAY", "nonsense")
        assert importlib.reload(plotting).display_scale() == 1.0
    finally:
        monkeypatch.delenv("SUM_OR_MEAN_DISPLAY")
        importlib.reload(plotting)


def test_line_pixels_are_where_agg_draws():
    figure, (ax,) = new_figure(width=4, height=3)
    (line,) = ax.plot([0, 1, 2], [0, 2, 1], marker="o")
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    plotting.freeze_layout(figure)
    box = ax.get_window_extent()
    path = line_path_pixels(line)
    np.testing.assert_allclose(path[0], [box.x0, figure.bbox.height - box.y0], atol=0.5)
    np.testing.assert_allclose(path[1], [(box.x0 + box.x1) / 2, figure.bbox.height - box.y1], atol=0.5)
    np.testing.assert_array_equal(line_marker_pixels(line), np.floor(path + 0.5))
    # The darkest pixel of the line drawn alone is on the path.
    pixels = figure_pixels(figure)[..., :3].astype(int).sum(axis=-1)
    x, y = path[1].round().astype(int)
    assert pixels[y - 2:y + 3, x - 2:x + 3].min() < 500


def test_layers_split_lines_from_legends():
    figure, (ax,) = new_figure(width=4, height=3)
    (line,) = ax.plot([0, 1], [0, 1], color="red", linewidth=6, label="a line")
    ax.legend(loc="upper left")
    plotting.freeze_layout(figure)
    below, above = render_layers(figure, [line])
    red = lambda rgba: (rgba[..., 0] > 200) & (rgba[..., 1] < 80) & (rgba[..., 3] > 200)
    everything = red(figure_pixels(figure)).sum()
    assert red(below).sum() == 0                               # the line is not in the static picture...
    assert 0 < red(above).sum() < everything / 3               # ...but the legend's short sample of it is
    assert above[..., 3].mean() < 40                           # and the rest of the upper layer is see-through


def test_prune_legends_drops_only_entries_never_drawn():
    figure, (ax,) = new_figure()
    (drawn,) = ax.plot([0, 1], [0, 1], label="drawn")
    (never,) = ax.plot([], [], label="diverged")
    ax.legend(loc="upper right", fontsize=9)
    prune_legends(figure, [never])
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.texts] == ["drawn"] and legend.prop.get_size_in_points() == 9
    prune_legends(figure, [drawn, never])
    assert ax.get_legend() is None


def test_line_style_refuses_other_artists():
    figure, (ax,) = new_figure()
    with pytest.raises(TypeError, match="line must be a matplotlib Line2D.*PathCollection"):
        line_style(ax.scatter([0], [0]))
