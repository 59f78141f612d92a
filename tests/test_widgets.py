"""helpers.widgets: sliders, and the Explorer's states, checks and output on a small figure of its own."""

import base64
import json
import re
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest

from helpers.plotting import encode_png, new_figure
from helpers.widgets import Explorer, Slider, choice_slider, slider_values
from accessibility_checks import NEXT_FRAME, announcements_while_holding, check_figure_speaks
from figure_pages import figure_page


def small_explorer(update_extra=None):
    figure, (ax,) = new_figure(width=4, height=3)
    x = np.linspace(0, 1, 50)
    (line,) = ax.plot(x, x, label="line")
    (cross,) = ax.plot([], [], marker="x", linestyle="none", label="diverged")
    ax.set_ylim(-3, 3)
    ax.legend()

    def update(a, b):
        line.set_ydata(a * x + b)
        if update_extra:
            update_extra(a, b)
        return f"a = {a}, b = {b}"

    controls = {"a": Slider([1, 2, 3], 2, description="slope a"), "b": choice_slider([0.5, -0.5], 0.5, description="offset b")}
    return Explorer(figure, controls, update, [line, cross])


def test_every_combination_is_computed_once_in_slider_order():
    explorer = small_explorer()
    assert slider_values(explorer.controls["b"]) == [-0.5, 0.5]            # sorted
    assert list(explorer.statuses) == [(a, b) for a in (1, 2, 3) for b in (-0.5, 0.5)]
    assert explorer.state_index(a=3, b=0.5) == 5 and explorer.values() == {"a": 2, "b": 0.5}


def test_a_warning_in_any_state_is_an_error():
    def warn(a, b):
        if a == 3:
            np.log(np.zeros(1))                                              # divide by zero
    with pytest.raises(FloatingPointError):
        small_explorer(warn)

    def python_warning(a, b):
        if b < 0:
            warnings.warn("something odd")
    with pytest.raises(UserWarning, match="something odd"):
        small_explorer(python_warning)


def test_the_page_gets_every_state_and_the_legend_only_what_is_drawn():
    explorer = small_explorer()
    assert [t.get_text() for t in explorer.figure.axes[0].get_legend().texts] == ["line"]
    html = explorer.html()
    spec = json.loads(re.search(r"\(document\.currentScript, (\{.*\})\);</script>", html).group(1).replace("<\\/", "</"))
    raw = zlib.decompress(base64.b64decode(spec["data"]))
    header = json.loads(raw[4:4 + int.from_bytes(raw[:4], "little")])
    assert header["statuses"] == list(explorer.statuses.values()) and spec["strides"] == [2, 1]
    assert [c["labels"] for c in spec["controls"]] == [["1", "2", "3"], ["-0.5", "0.5"]]


@pytest.mark.parametrize("call, error, words", [
    (lambda: Slider([], 1, description="d"), ValueError, "options must not be empty"),
    (lambda: Slider([1, 2], 3, description="d", argument="batch_size"), ValueError, r"batch_size must be one of the slider's options \[1, 2\], got 3"),
    (lambda: Slider([1, 2], "1", description="d"), ValueError, "value must be one of"),
    (lambda: Slider([1, 2], 1, description=None), TypeError, "description must be a non-empty string"),
    (lambda: Slider([1, 2], 1, description=" "), TypeError, "description must be a non-empty string"),
    (lambda: Explorer(new_figure()[0], {"a": 1}, str, []), TypeError, r"controls\['a'\] must be a Slider"),
    (lambda: Explorer(new_figure()[0], {"a": Slider([1], 1, description="a")}, 3, []), TypeError, "update must be callable"),
    (lambda: Explorer(new_figure()[0], {"a": Slider([1], 1, description="a")}, str, []), ValueError, "animated must list at least one line"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_setting_a_value_outside_the_slider_is_refused():
    slider = Slider([1, 2], 1, description="d")
    with pytest.raises(ValueError, match=r"value must be one of the slider's options \[1, 2\], got 5"):
        slider.value = 5


def test_the_minified_script_is_made_from_the_source():
    """helpers/static/explorer.min.js (what each figure stores) is explorer.js as it is now."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import minify_explorer

    first_line, body = minify_explorer.TARGET.read_text(encoding="utf-8").split("\n", 1)
    assert first_line + "\n" == minify_explorer.header(body.rstrip("\n")), (
        "helpers/static/explorer.js or explorer.min.js changed: run python scripts/minify_explorer.py")


FIGURE_STATE = """() => { const f = document.querySelector('.som-figure');
  const picture = document.querySelector('img');
  return {ready: f.dataset.ready || '', error: f.dataset.error || '', canvas: !!f.querySelector('canvas.som-canvas'),
          note: (f.querySelector('.som-note') || {}).textContent || '',
          pictureShown: !!picture && picture.getBoundingClientRect().height > 0}; }"""


def open_page(browser, html):
    page = browser.new_page()
    page.set_content(html)
    page.wait_for_function("() => document.querySelector('.som-figure').dataset.ready || document.querySelector('.som-figure').dataset.error")
    return page


def test_the_page_draws_from_the_picture_before_it_and_hides_it(browser):
    explorer = small_explorer()
    page = open_page(browser, figure_page(explorer))
    state = page.evaluate(FIGURE_STATE)
    assert state == {"ready": "1", "error": "", "canvas": True, "note": "", "pictureShown": False}
    page.close()


@pytest.mark.parametrize("picture", ["none", "another figure's"])
def test_without_its_picture_the_figure_says_so_and_draws_nothing(browser, picture):
    """The check above fails when the page has no picture, or the wrong one, before the sliders."""
    explorer = small_explorer()
    html = figure_page(explorer)
    shown = explorer.picture_output()["image/png"]
    if picture == "none":
        html = html.replace(f'<div class="output"><img src="data:image/png;base64,{shown}"></div>', "")
    else:
        html = html.replace(shown, base64.b64encode(encode_png(np.full((10, 10, 4), 255, np.uint8))).decode())
    assert "<img" in html if picture != "none" else "<img" not in html
    page = open_page(browser, html)
    state = page.evaluate(FIGURE_STATE)
    assert state["error"] and not state["ready"] and not state["canvas"]
    assert state["note"].startswith("The sliders cannot move here")
    page.close()


def decode_varints(data: bytes) -> list[int]:
    """The page's decoder (helpers/static/explorer.js), in Python."""
    values, value, shift = [], 0, 0
    for byte in data:
        value |= (byte & 127) << shift
        if byte & 128:
            shift += 7
            continue
        values.append((value >> 1) ^ -(value & 1))
        value, shift = 0, 0
    return values


def test_varints_round_trip_every_int16_in_one_to_three_bytes():
    from helpers.widgets import _varints

    every = np.arange(-32768, 32768, dtype=np.int16)
    assert decode_varints(_varints(every)) == every.tolist()
    assert [len(_varints(np.array([v], np.int16))) for v in (0, -64, 63, 64, -8192, 8191, 8192, -32768)] == [1, 1, 1, 2, 2, 2, 3, 3]
    with pytest.raises(TypeError, match="int16"):
        _varints(np.array([1 << 21]))


@pytest.mark.parametrize("colours, alpha", [(3, True), (256, True), (200, False), (257, True)])
def test_png_encoding_without_a_palette_is_lossless(colours, alpha):
    import io

    from PIL import Image

    rng = np.random.default_rng(colours)
    palette = rng.integers(0, 256, size=(colours, 4), dtype=np.uint8)
    palette[:, 3] = rng.integers(0, 256, size=colours) if alpha else 255
    rgba = palette[np.arange(64 * 64) % colours].reshape(64, 64, 4)
    png = encode_png(rgba)
    image = Image.open(io.BytesIO(png))
    assert image.mode == ("P" if colours <= 256 else "RGBA")
    assert np.array_equal(np.asarray(image.convert("RGBA")), rgba)


def test_the_page_finds_a_picture_shown_from_a_blob_or_attached_late(browser):
    """Viewers differ: VS Code shows an image/png from a blob: URL; a viewer may attach the picture after
    the sliders' script has run."""
    explorer = small_explorer()
    shown = explorer.picture_output()["image/png"]
    img = f'<img src="data:image/png;base64,{shown}">'
    blob = ('<img id="picture"><script>document.getElementById("picture").src = URL.createObjectURL(new Blob('
            f'[Uint8Array.from(atob("{shown}"), c => c.charCodeAt(0))], {{type: "image/png"}}));</script>')
    late = ('<span id="slot"></span><script>setTimeout(() => { document.getElementById("slot").innerHTML = '
            f"'{img}'; }}, 300);</script>")
    for replacement in (blob, late):
        page = open_page(browser, figure_page(explorer).replace(img, replacement))
        assert page.evaluate(FIGURE_STATE) == {"ready": "1", "error": "", "canvas": True, "note": "", "pictureShown": False}
        page.close()


def test_a_figure_without_its_picture_leaves_the_figure_before_it_alone(browser):
    """The same figure twice, the second one's picture missing: the second says so, and hides nothing of the first."""
    explorer = small_explorer()
    html = figure_page(explorer, explorer)
    picture = f'<div class="output"><img src="data:image/png;base64,{explorer.picture_output()["image/png"]}"></div>'
    first, second = html.split(picture, 1)[0] + picture, html.split(picture, 1)[1].replace(picture, "")
    page = browser.new_page()
    page.set_content(first + second)
    page.wait_for_function("() => [...document.querySelectorAll('.som-figure')].every(f => f.dataset.ready || f.dataset.error)")
    states = page.evaluate("""() => [...document.querySelectorAll('.som-figure')].map(f => [
        f.dataset.ready || '', f.dataset.error ? 'error' : '', f.getBoundingClientRect().height > 0,
        !!f.querySelector('canvas.som-canvas')])""")
    assert states == [["1", "", True, True], ["", "error", True, False]]
    page.close()


# ---------------------------------------------------------------------------------------------
# What a screen reader gets (issue 22): named sliders whose value text is the readout, one polite live
# region for the status line, announced once per settled move; and the checks fail on a figure without.


def test_a_slider_reads_out_its_symbol_and_value():
    assert Slider([1, 64], 64, description="batch size B").readout(64) == "B = 64"
    assert Slider([0.001, 0.01], 0.01, description="learning rate η (sum)").readout(0.001) == "η = 0.001"
    assert Slider([0.5, 1], 1, description="mean lr / (B·η)").readout(0.5) == "0.5"       # no one-letter symbol
    html = small_explorer().html()
    assert 'aria-valuetext="a = 2"' in html and '<output class="som-readout" aria-hidden="true" style="min-width:4em">a = 2</output>' in html


def test_sliders_speak_their_readouts_and_the_status_is_one_polite_live_region(browser):
    explorer = small_explorer()
    page = open_page(browser, figure_page(explorer))
    figure = page.locator(".som-figure")
    speech = check_figure_speaks(figure, ["slope a", "offset b"])
    assert speech["valuetexts"] == ["a = 2", "b = 0.5"] and speech["status"] == explorer.statuses[(2, 0.5)]
    page.locator("input.som-slider").first.focus()
    page.keyboard.press("ArrowRight")
    speech = check_figure_speaks(figure, ["slope a", "offset b"])
    assert speech["valuetexts"] == ["a = 3", "b = 0.5"] and speech["status"] == explorer.statuses[(3, 0.5)]
    page.close()


def test_holding_an_arrow_key_announces_the_status_once(browser):
    page = open_page(browser, figure_page(small_explorer()))
    figure, slider = page.locator(".som-figure"), page.locator("input.som-slider").first
    slider.focus()
    page.keyboard.press("Home")
    page.evaluate(NEXT_FRAME)
    assert announcements_while_holding(page, figure, slider, "ArrowRight", 3) == (1, 2)  # two moves (1 to 3), one announcement
    assert figure.locator(".som-live").text_content() == "a = 3, b = 0.5"
    page.close()


FIXTURE_FIGURE = """<div class="som-figure"><canvas role="img" aria-label="A line. Shown: a = 2" width="10" height="10"></canvas>
<label>slope a <input type="range" min="0" max="4" value="2" aria-valuetext="a = 2">
<output class="som-readout" aria-hidden="true">a = 2</output></label><div class="som-status" STATUS>a = 2</div>
<script>(() => {
  const root = document.currentScript.parentElement, input = root.querySelector('input');
  input.addEventListener('input', () => {
    const text = 'a = ' + input.value;
    root.querySelector('output').textContent = text;
    VALUETEXT
    root.querySelector('.som-status').textContent = text;
    root.querySelector('canvas').setAttribute('aria-label', 'A line. Shown: ' + text);
  });
})();</script></div>"""
"""A figure of its own that updates everything on every input event (so its status line, if live, is
announced at every key repeat)."""


@pytest.mark.parametrize("fault", ["no live region", "announced at every key repeat", "a stale value text"])
def test_the_speech_checks_fail_on_a_figure_that_does_not_speak(browser, fault):
    status = "" if fault == "no live region" else 'role="status" aria-live="polite" aria-atomic="true"'
    valuetext = "" if fault == "a stale value text" else "input.setAttribute('aria-valuetext', text);"
    page = browser.new_page()
    page.set_content(FIXTURE_FIGURE.replace("STATUS", status).replace("VALUETEXT", valuetext))
    figure, slider = page.locator(".som-figure"), page.locator("input")
    slider.focus()
    page.keyboard.press("ArrowRight")
    if fault == "announced at every key repeat":
        check_figure_speaks(figure, ["slope a"])                        # it speaks...
        changes, moves = announcements_while_holding(page, figure, slider, "ArrowLeft", 2)
        assert (changes, moves) == (2, 2)                               # ...at every step: what the test above refuses
    else:
        with pytest.raises(AssertionError, match="live region|value texts"):
            check_figure_speaks(figure, ["slope a"])
    page.close()
