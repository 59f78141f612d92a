"""Every notebook in a real JupyterLab in headless Chromium: it runs clean, every slider renders,
and every slider moved by keyboard changes its readout and repaints its figure.

Each notebook gets a fresh server (so a fresh kernel) and a fresh page. Screenshots of each figure
before and after its slider moves go to test-artifacts/browser/.
"""

import json

import pytest
from playwright.sync_api import sync_playwright

from jupyterlab_driver import (NOTEBOOKS, ROOT, JupyterLabServer, key_away_from_end, launch_chromium, open_and_run,
                               press_and_measure, slider_handles)

ARTIFACTS = ROOT / "test-artifacts" / "browser"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_in_jupyterlab(notebook, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with JupyterLabServer([notebook]) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            open_and_run(page, server, notebook.name)

            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
            assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()

            # As many live figures and sliders as the stored run displayed.
            stored = json.loads(notebook.read_text())
            state = stored["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
            expected_sliders = sum(m["model_name"] == "SelectionSliderModel" for m in state.values())
            expected_cells = sum(any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", [])) for c in stored["cells"])
            sliders = slider_handles(page)
            assert page.locator(".jp-CodeCell:has(.widget-slider)").count() == expected_cells >= 1
            assert len(sliders) == expected_sliders >= 1
            for slider in sliders:
                assert slider["handle"].is_visible() and slider["image"].is_visible()

            for slider in sliders:
                name = f"{notebook.stem}-cell{slider['cell']}-{slider['label'].split()[0]}"
                slider["image"].screenshot(path=ARTIFACTS / f"{name}-before.png")
                readout, picture = slider["readout"].inner_text(), slider["image"].get_attribute("src")
                key = key_away_from_end(slider)
                elapsed = press_and_measure(page, slider, key)
                assert elapsed is not None, f"{name}: no new picture after {key}"
                assert slider["readout"].inner_text() != readout, f"{name}: readout did not change"
                assert slider["image"].get_attribute("src") != picture, f"{name}: figure did not repaint"
                slider["image"].screenshot(path=ARTIFACTS / f"{name}-after.png")

            # Moving sliders must not have produced errors either.
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        finally:
            page.close()
