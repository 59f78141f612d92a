"""The lab benches (helpers.lab_bench) in a real JupyterLab in headless Chromium, on tests/lab_bench_fixture.ipynb.

One server and one page for the module: the stored notebook is opened untrusted first (each bench says in
one sentence that it needs a kernel), then run. Then, as a student would with the keyboard: values typed
and chosen, Run pressed; a new run appears in the figure and the table, the progress bar moves during the
run and reaches its end; a bad value is refused in the status line. axe-core checks the benches' DOM
(WCAG 2.0/2.1 A and AA). A screenshot of a bench after two runs goes to test-artifacts/browser/. A second
server opens the fixture trusted but not run: the sentence shows, the dead widget views do not.
"""

import json

import pytest

from accessibility_checks import axe_violations, describe
from helpers.lab_bench import NOTE
from jupyterlab_driver import ROOT, TIMEOUT_MS, JupyterLabServer, open_and_run, open_trusted
from lab_bench_fixture import CELLS, FIXTURE

ARTIFACTS = ROOT / "test-artifacts" / "browser"
BENCH_CELLS = [cell_id for _, cell_id, _ in CELLS if cell_id.startswith("bench-")]   # in page order
BENCHES = len(BENCH_CELLS)

OUTPUTS = """() => [...document.querySelectorAll('.jp-OutputArea-child')].map(child => ({
    shown: getComputedStyle(child).display !== 'none' && child.getBoundingClientRect().height > 0,
    text: child.innerText.trim(), note: !!child.querySelector('.som-bench-note'), bench: !!child.querySelector('.som-lab-bench')}))"""
ROWS = "(bench) => bench.querySelectorAll('table tbody th[scope=row]').length"
DEAD_WIDGETS = """() => [...document.querySelectorAll('.jp-OutputArea-child')]
    .filter(child => child.textContent.includes('Error displaying widget')).length"""
RECORD_PROGRESS = """(bench) => {
    const fill = bench.querySelector('.som-bench-progress .progress-bar');
    window.__widths = [];
    new MutationObserver(() => window.__widths.push(parseFloat(fill.style.width))).observe(fill, {attributes: true});
}"""


@pytest.fixture(scope="module")
def lab(browser):
    """The fixture notebook open in JupyterLab: what its stored (untrusted) outputs showed, then run."""
    with JupyterLabServer([FIXTURE]) as server:
        news = server.root / ".settings" / "@jupyterlab" / "apputils-extension"
        news.mkdir(parents=True)
        (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))  # no pop-up over screenshots
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        stored = []

        def look_at_the_stored_notebook(page):
            page.wait_for_selector(".som-bench-note")
            page.wait_for_function(f"() => document.querySelectorAll('.jp-OutputArea-child').length >= {2 * BENCHES}")
            stored.extend(page.evaluate(OUTPUTS))
            stored.append({"page text": page.locator(".jp-Notebook").inner_text()})

        try:
            open_and_run(page, server, FIXTURE.name, before_run=look_at_the_stored_notebook)
            page.wait_for_function(f"""() => document.querySelectorAll('.som-lab-bench').length === {BENCHES}
                && [...document.querySelectorAll('.som-lab-bench')].every(b => b.querySelector('[role=progressbar]')
                                                                          && b.querySelector('img[alt]'))""")
            yield page, stored
        finally:
            page.close()


def bench(page, k):
    return page.locator(".som-lab-bench").nth(k)


def run_and_wait(page, k, press=None):
    """Press Run on bench ``k`` (``press``: a key on the focused button, else a click); wait for the new row."""
    root = bench(page, k)
    rows = root.evaluate(ROWS)
    button = root.get_by_role("button", name="Run", exact=True)
    if press:  # the locator's own press focuses the button as it is then (a busy kernel may redraw it), then presses
        button.press(press)
    else:
        button.click()
    page.wait_for_function(f"() => document.querySelectorAll('.som-lab-bench')[{k}]"
                           f".querySelectorAll('table tbody th[scope=row]').length > {rows}", timeout=TIMEOUT_MS)
    return root


def test_without_a_kernel_each_bench_says_in_one_sentence_that_it_needs_one(lab):
    _, stored = lab
    *outputs, text = stored
    notes = [o for o in outputs if o["note"]]
    assert len(notes) == BENCHES and all(o["shown"] and o["text"] == NOTE for o in notes)
    assert not any(o["bench"] for o in outputs), "an untrusted notebook draws no widget"
    assert [o["text"] for o in outputs if not o["note"]] == [""] * BENCHES, "the widget outputs show nothing else"
    for words in ("Loading widget", "Error displaying widget", "VBox(", "IntProgress("):
        assert words not in text["page text"]


def test_once_run_every_bench_is_drawn_and_its_note_hidden(lab):
    page, _ = lab
    outputs = page.evaluate(OUTPUTS)
    assert [o["shown"] for o in outputs if o["note"]] == [False] * BENCHES
    assert [o["shown"] for o in outputs if o["bench"]] == [True] * BENCHES
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0


def test_values_typed_and_chosen_by_keyboard_then_run_add_a_run_to_the_figure_and_the_table(lab):
    page, _ = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    root = bench(page, 0)
    cells = page.locator(".jp-Cell").count()
    for name, text in (("shuffle seed", "dd ab"), ("batch size B", "48"), ("learning rate η", "0.03"), ("epochs", "12"),
                       ("shuffle seed", "0")):
        field = root.get_by_role("textbox", name=name, exact=True)
        field.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        assert field.input_value() == text
    assert page.locator(".jp-Cell").count() == cells, "no notebook shortcut took a key (d d deletes a cell, a and b add one)"
    reduction = root.get_by_role("combobox", name="reduction")
    reduction.focus()
    active = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    page.keyboard.press("ArrowDown")
    assert reduction.evaluate("select => select.selectedOptions[0].textContent") == "sum()"
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == active, \
        "the arrow key moved the choice, not the notebook's cursor"

    picture = root.locator("img").get_attribute("src")
    root.evaluate(RECORD_PROGRESS)
    run_and_wait(page, 0, press="Enter")
    progressbar = root.get_by_role("progressbar", name="training progress")
    page.wait_for_function("(bar) => bar.getAttribute('aria-valuenow') === '100'", arg=progressbar.element_handle())
    widths = page.evaluate("() => window.__widths")
    assert any(0 < w < 100 for w in widths) and widths[-1] == 100, f"the bar moves during the run, then is full: {widths}"
    assert progressbar.get_attribute("aria-valuetext") == "12 of 12 epochs"
    row = root.locator("table tbody tr").last.locator("th, td").all_inner_texts()
    assert row[:8] == ["1", "blue, solid line, circles", "sum()", "48", "0.03", "12", "0"] + row[7:8]
    assert root.locator("img").get_attribute("src") != picture, "the figure was drawn again"
    assert "run 1, blue, solid line, circles" in root.locator("img").get_attribute("alt")
    assert root.get_by_role("status").inner_text().startswith("Run 1: ")
    assert root.get_by_role("button", name="Run", exact=True).is_enabled()

    root.get_by_role("combobox", name="reduction").select_option(label="mean()")
    run_and_wait(page, 0)
    assert root.evaluate(ROWS) == 2
    assert "run 2, vermillion, dashed line, squares" in root.locator("img").get_attribute("alt")
    root.screenshot(path=ARTIFACTS / "lab-bench-two-runs.png")


def test_a_bad_value_is_refused_in_the_status_line_with_the_helpers_message(lab):
    page, _ = lab
    root = bench(page, 0)
    rows = root.evaluate(ROWS)
    field = root.get_by_role("textbox", name="batch size B", exact=True)
    field.fill("0")
    root.get_by_role("button", name="Run", exact=True).click()
    status = root.get_by_role("status")
    page.wait_for_function("(status) => status.innerText.startsWith('Not run')", arg=status.element_handle())
    assert status.inner_text() == "Not run: batch_size must hold positive integers (1, 2, 3, ...), got 0"
    assert root.evaluate(ROWS) == rows
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    field.fill("48")


@pytest.mark.parametrize("k", range(1, BENCHES), ids=BENCH_CELLS[1:])
def test_every_bench_trains_and_its_bar_reaches_its_end(lab, k):
    page, _ = lab
    root = run_and_wait(page, k)
    progressbar = root.get_by_role("progressbar", name="training progress")
    page.wait_for_function("(bar) => bar.getAttribute('aria-valuenow') === '100'", arg=progressbar.element_handle())
    assert root.get_by_role("status").inner_text().startswith("Run 1: ")
    assert "run 1," in root.locator("img").get_attribute("alt")


def test_the_benches_speak_and_pass_axe(lab):
    page, _ = lab
    for k in range(BENCHES):
        root = bench(page, k)
        snapshot = root.aria_snapshot()
        assert "- status:" in snapshot and '- progressbar "training progress"' in snapshot and "- table " in snapshot
        for field in root.locator("input, select").all():
            assert field.evaluate("e => e.labels.length === 1 && e.labels[0].textContent.trim().length > 0"), snapshot
            assert field.get_attribute("data-lm-suppress-shortcuts") == "true"
        assert root.locator("[role=status][aria-live=polite]").count() == 1
    violations = axe_violations(page, include=[".som-lab-bench"])
    assert violations == [], describe(violations)


def test_a_trusted_notebook_whose_cells_have_not_run_shows_the_sentence_not_a_dead_widget(browser):
    """Trusted (a notebook the student saved), reopened with a fresh kernel: the widget views have no model.
    JupyterLab would show "Loading widget..." then "Error displaying widget"; the note's style hides that output
    and keeps the sentence."""
    with open_trusted(browser, FIXTURE, wait_for=".som-bench-note", height=1000) as page:
        # the widget renderer gives up once the widget manager has restored (no model in the new kernel)
        page.wait_for_function(f"() => ({DEAD_WIDGETS})() === {BENCHES}", timeout=TIMEOUT_MS)
        outputs = page.evaluate(OUTPUTS)
        assert [o["shown"] for o in outputs if o["note"]] == [True] * BENCHES
        assert not any(o["shown"] for o in outputs if not o["note"]), outputs
        visible = page.locator(".jp-Notebook").inner_text()
        assert "Loading widget" not in visible and "Error displaying widget" not in visible
