"""Every notebook in a real JupyterLab in headless Chromium: it runs clean, every live figure draws,
and every slider moved by keyboard changes its readout, the status line and the figure's canvas.

Accessibility (issue 22): once the notebook has run, axe-core finds no violation of the WCAG 2.0/2.1 A
and AA rules in the course's outputs (figures, sliders, status lines, printed tables: everything in the
cells' output areas; JupyterLab's own interface is JupyterLab's), and after every key press each slider's
value text is its readout and the figure's live region holds the new status.

Each notebook gets a fresh server (so a fresh kernel) and a fresh page. Screenshots of each figure
before and after its slider moves go to test-artifacts/browser/.
"""

import json

import pytest

from accessibility_checks import axe_violations, check_figure_speaks, describe
from jupyterlab_driver import (NOTEBOOKS, ROOT, JupyterLabServer, key_away_from_end_of_range, live_sliders,
                               open_and_run, open_trusted, press_and_measure_live, wait_for_live_figures)

ARTIFACTS = ROOT / "test-artifacts" / "browser"
CANVAS_PIXELS = "(canvas) => canvas.toDataURL()"
NOTEBOOKS_BY_NAME = {notebook.name: notebook for notebook in NOTEBOOKS}


def test_the_course_has_live_figures():
    assert sum(stored_live_figures(notebook)[1] for notebook in NOTEBOOKS) >= 2


PICTURES_BEFORE_SLIDERS = """() => [...document.querySelectorAll('.som-figure')].map(figure => {
  const output = figure.closest('.jp-OutputArea-child');
  const before = output && output.previousElementSibling;
  const img = before && before.querySelector('.jp-RenderedImage img');
  return {picture: !!img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().height > 0,
          canvas: !!figure.querySelector('canvas.som-canvas'),
          note: !!figure.querySelector('.som-note') && figure.querySelector('.som-note').getBoundingClientRect().height > 0};
})"""


def stored_figures_show_their_pictures(page):
    """The stored notebook, untrusted (no kernel has run it here): its live figures' scripts do not run,
    and each shows its stored picture, then its sliders with a note on how to move them."""
    if not stored_live_figures(NOTEBOOKS_BY_NAME[page.url.split("/lab/tree/")[1].split("?")[0]])[0]:
        return
    page.wait_for_selector(".jp-OutputArea-output .som-figure")
    for figure in page.locator(".som-figure").all():
        figure.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.jp-RenderedImage img')].every(img => img.complete)")
    states = page.evaluate(PICTURES_BEFORE_SLIDERS)
    assert states and all(s == {"picture": True, "canvas": False, "note": True} for s in states), states


def stored_live_figures(notebook):
    """How many live figures and sliders the stored run displayed."""
    outputs = [o for c in json.loads(notebook.read_text())["cells"] for o in c.get("outputs", [])]
    html = ["".join(o["data"]["text/html"]) for o in outputs if 'class="som-figure"' in "".join(o.get("data", {}).get("text/html", ""))]
    return len(html), sum(h.count('class="som-slider"') for h in html)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_in_jupyterlab(notebook, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with JupyterLabServer([notebook]) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            open_and_run(page, server, notebook.name, before_run=stored_figures_show_their_pictures)

            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0

            figures, expected_sliders = stored_live_figures(notebook)
            assert page.locator(".som-figure").count() == figures
            # Run (so trusted): each figure draws from its picture, hides it and drops the note.
            assert page.evaluate(PICTURES_BEFORE_SLIDERS) == [{"picture": False, "canvas": True, "note": False}] * figures
            assert page.evaluate("() => [...document.querySelectorAll('.som-figure')].map(f => f.dataset.error || '')") == [""] * figures
            sliders = live_sliders(page)
            assert len(sliders) == expected_sliders
            for slider in sliders:
                assert slider["input"].is_visible() and slider["canvas"].is_visible()
                # Readable at a 1280-pixel laptop width: the figure is not squeezed.
                box = slider["canvas"].bounding_box()
                assert box["width"] >= 0.95 * float(slider["root"].get_attribute("data-width")), "figure shrunk to fit"

            for slider in sliders:
                name = f"{notebook.stem}-figure{slider['figure']}-{slider['label'].split()[0]}"
                slider["canvas"].screenshot(path=ARTIFACTS / f"{name}-before.png")
                readout, pixels = slider["readout"].inner_text(), slider["canvas"].evaluate(CANVAS_PIXELS)
                status = slider["root"].locator(".som-status").inner_text()
                key = key_away_from_end_of_range(slider)
                elapsed = press_and_measure_live(page, slider, key)
                assert elapsed is not None, f"{name}: the figure did not redraw after {key}"
                assert slider["readout"].inner_text() != readout, f"{name}: readout did not change"
                assert slider["canvas"].evaluate(CANVAS_PIXELS) != pixels, f"{name}: the canvas did not change"
                assert slider["root"].locator(".som-status").inner_text() != status, f"{name}: the status did not change"
                speech = check_figure_speaks(slider["root"])
                assert speech["valuetexts"][slider["slider"]] == slider["readout"].inner_text() and speech["status"] != status
                slider["canvas"].screenshot(path=ARTIFACTS / f"{name}-after.png")

            violations = axe_violations(page, include=[".jp-OutputArea"])
            assert not violations, f"{notebook.name}:\n{describe(violations)}"

            # Moving sliders must not have produced errors either.
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        finally:
            page.close()


def test_nbconvert_html_of_the_stored_notebooks_works_offline(browser, tmp_path):
    """nbconvert's HTML of every stored notebook, opened from file:// with every network request refused:
    every live figure draws, and its sliders move it (nbconvert's own require.js and MathJax fail, unneeded)."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(tmp_path),
                    *map(str, NOTEBOOKS)], check=True, capture_output=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    try:
        for notebook in NOTEBOOKS:
            page.goto((tmp_path / f"{notebook.stem}.html").as_uri())
            wait_for_live_figures(page)
            assert page.evaluate("() => [...document.querySelectorAll('.som-figure')].map(f => f.dataset.error || '')") \
                == [""] * stored_live_figures(notebook)[0]
            for slider in live_sliders(page):
                before = slider["canvas"].evaluate(CANVAS_PIXELS)
                assert press_and_measure_live(page, slider, key_away_from_end_of_range(slider)) is not None
                assert slider["canvas"].evaluate(CANVAS_PIXELS) != before, f"{notebook.stem}: {slider['label']} did not redraw"
    finally:
        page.close()


def test_a_trusted_stored_notebook_draws_live_without_running_a_cell(browser):
    """Once trusted (``jupyter trust``), the stored notebook's live figures draw and move with no cell run."""
    with open_trusted(browser, NOTEBOOKS[1], wait_for=".som-figure") as page:
        wait_for_live_figures(page)
        slider = live_sliders(page)[0]
        before = slider["canvas"].evaluate(CANVAS_PIXELS)
        assert press_and_measure_live(page, slider, key_away_from_end_of_range(slider)) is not None
        assert slider["canvas"].evaluate(CANVAS_PIXELS) != before  # and nothing was run: the page did it
