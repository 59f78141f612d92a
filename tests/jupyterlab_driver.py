"""Drive a real JupyterLab in headless Chromium: what the browser tests and the latency benchmark share.

* :class:`JupyterLabServer` starts a fresh server on 127.0.0.1 over a temporary copy of the
  notebooks (fresh kernels, no saved workspace, cells never virtualized away) and stops it.
* :func:`launch_chromium` starts Debian's Chromium through Playwright (``executable_path``:
  Playwright's own browser download needs the internet).
* :func:`open_trusted` opens a stored notebook, trusted and not run, in a fresh server of its own.
* :func:`open_and_run` opens a notebook, runs every cell and waits, on states and never on sleeps,
  until every code cell has run, the kernel is idle and every live figure has drawn.
* :func:`live_sliders` finds every slider of every live figure (``helpers.widgets.Explorer``'s
  ``<input class="som-slider">``), and :func:`press_and_measure` moves one by one keyboard step
  and measures, in the page, the time from the key press to the next frame painted after the
  figure's canvas was redrawn.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_"))  # 00: the start page
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
TOKEN = "sum-or-mean-browser-tests"
TIMEOUT_MS = 180_000  # generous: two busy cores


class JupyterLabServer:
    """A fresh JupyterLab server on 127.0.0.1 over copies of ``notebooks``; a context manager."""

    def __init__(self, notebooks: list[Path], python: str = sys.executable):
        self.notebooks = notebooks
        self.python = python  # the server's Python, whose environment also runs the kernels

    def __enter__(self) -> "JupyterLabServer":
        self.root = Path(tempfile.mkdtemp(prefix="sum-or-mean-lab-"))
        for notebook in self.notebooks:
            shutil.copy(notebook, self.root / notebook.name)
        # What the notebooks' first cell, `import course_setup`, finds beside them: the course's helpers/.
        shutil.copy(ROOT / "notebooks" / "course_setup.py", self.root / "course_setup.py")
        (self.root / "helpers").symlink_to(ROOT / "helpers", target_is_directory=True)
        settings = self.root / ".settings" / "@jupyterlab" / "notebook-extension"
        settings.mkdir(parents=True)
        # Keep every cell in the DOM, so off-screen sliders and images can be found.
        (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.notary_dir = self.root / ".notary"
        self.notary_dir.mkdir()
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(self.root / ".settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.root / ".workspaces"))
        self.log = open(self.root / "server.log", "w")
        self.process = subprocess.Popen(
            [self.python, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
             "--ServerApp.open_browser=False", f"--ServerApp.root_dir={self.root}",
             "--LabApp.expose_app_in_browser=True", "--ServerApp.disable_check_xsrf=True",
             # A trust database of this server's own: no notebook is trusted unless a test trusts it here.
             f"--NotebookNotary.data_dir={self.notary_dir}"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=self.root,
        )
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.root / "server.log").read_text()[-3000:]
                self.__exit__(None, None, None)
                raise RuntimeError(f"JupyterLab did not start:\n{log}")
            time.sleep(0.2)  # polling a server that is starting, not waiting on the page

    def trust(self, name: str) -> None:
        """Trust notebook ``name`` (``jupyter trust``) in this server's own trust database, not the user's."""
        subprocess.run([sys.executable, "-m", "jupyter", "trust", str(self.root / name)], check=True, capture_output=True,
                       env=dict(os.environ, JUPYTER_DATA_DIR=str(self.notary_dir)))

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={TOKEN}&reset"

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package (bash tests/run.sh does)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@contextlib.contextmanager
def open_trusted(browser, notebook: Path, *, wait_for: str, height: int = 900):
    """A page showing ``notebook`` as stored, trusted (``jupyter trust``) and no cell run, in a fresh JupyterLab
    server of its own, once ``wait_for`` (a CSS selector) is on the page; the page and the server close after."""
    with JupyterLabServer([notebook]) as server:
        server.trust(notebook.name)
        page = browser.new_page(viewport={"width": 1280, "height": height})
        page.set_default_timeout(TIMEOUT_MS)   # as open_and_run: Playwright's 30 s is too short on two busy cores
        try:
            page.goto(server.notebook_url(notebook.name))
            page.wait_for_selector(wait_for)
            yield page
        finally:
            page.close()


ALL_CELLS_RUN_AND_IDLE = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.sessionContext.session) return false;
    const kernel = panel.sessionContext.session.kernel;
    const code = panel.content.widgets.filter(cell => cell.model.type === 'code');
    // A notebook may have no code cell (the start page): then the kernel being idle is enough.
    return kernel && kernel.status === 'idle' && panel.content.widgets.length > 0
        && code.every(cell => cell.model.executionCount !== null && cell.promptNode.textContent.trim() !== '[*]:');
}"""


def open_and_run(page, server: JupyterLabServer, name: str, before_run=None) -> None:
    """Open notebook ``name``, run all cells, and wait until every cell has run and the kernel is idle.

    ``before_run(page)``, if given, is called once the stored notebook is open, before its outputs are cleared.
    """
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server.notebook_url(name))
    page.wait_for_function("""() => {
        const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return panel && panel.sessionContext && panel.sessionContext.session
            && panel.sessionContext.session.kernel && panel.sessionContext.session.kernel.status === 'idle';
    }""", timeout=TIMEOUT_MS)
    if before_run is not None:
        before_run(page)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_CELLS_RUN_AND_IDLE, timeout=TIMEOUT_MS, polling=250)
    wait_for_live_figures(page)


def wait_for_live_figures(page) -> None:
    """Wait until every live figure on the page has drawn its canvas (or reported an error)."""
    page.wait_for_function("""() => [...document.querySelectorAll('.som-figure')]
        .every(f => f.dataset.ready === '1' || f.dataset.error)""", timeout=TIMEOUT_MS, polling=100)


def live_sliders(page) -> list[dict]:
    """Every slider of every live figure, in page order, with its figure's index, label, readout and canvas."""
    sliders = []
    for f, figure in enumerate(page.locator(".som-figure").all()):
        for s, control in enumerate(figure.locator("label.som-control").all()):
            sliders.append({
                "figure": f, "slider": s,
                "input": control.locator("input.som-slider"),
                "readout": control.locator("output.som-readout"),
                "label": control.locator("span").inner_text(),
                "canvas": figure.locator("canvas.som-canvas"),
                "root": figure,
            })
    return sliders


ARM_FRAME_TIMER = """({figure}) => {
    const root = document.querySelectorAll('.som-figure')[figure];
    const before = root.dataset.state;
    window.__keydownAt = null;
    document.addEventListener('keydown', () => { window.__keydownAt = performance.now(); }, {capture: true, once: true});
    window.__repaint = new Promise(resolve => {
        const observer = new MutationObserver(() => {
            if (root.dataset.state === before) return;
            observer.disconnect();
            // The canvas was redrawn in the input handler; the frame that shows it is painted after the
            // next animation-frame callback; a message posted from there runs once that frame is done.
            requestAnimationFrame(() => {
                const channel = new MessageChannel();
                channel.port1.onmessage = () => resolve(performance.now() - window.__keydownAt);
                channel.port2.postMessage(null);
            });
        });
        observer.observe(root, {attributes: true, attributeFilter: ['data-state']});
        setTimeout(() => { observer.disconnect(); resolve(null); }, 60000);   // a hang's deadline, not a speed limit
    });
}"""


def _key_away(value: float, low: float, high: float, preferred: str) -> str:
    """``preferred`` unless ``value`` already sits at that end of ``[low, high]``."""
    if preferred == "ArrowRight" and value >= high:
        return "ArrowLeft"
    if preferred == "ArrowLeft" and value <= low:
        return "ArrowRight"
    return preferred


def _press_and_time(page, arm: str, arguments: dict, target, key: str) -> float | None:
    """Arm the page's timer (``arm``, a script setting ``window.__repaint``), press ``key`` on ``target``, await the timer."""
    page.evaluate(arm, arguments)
    target.focus()
    page.keyboard.press(key)
    return page.evaluate("() => window.__repaint")


def key_away_from_end_of_range(slider: dict, preferred: str = "ArrowRight") -> str:
    """``preferred`` unless the slider already sits at that end of its range."""
    value, low, high = (float(slider["input"].get_attribute(a) if a != "value" else slider["input"].input_value())
                        for a in ("value", "min", "max"))
    return _key_away(value, low, high, preferred)


def press_and_measure_live(page, slider: dict, key: str) -> float | None:
    """Focus a live figure's slider and press ``key`` (a real key press); return the milliseconds from the
    keydown to the next painted frame after the canvas was redrawn, or None if it never redrew."""
    return _press_and_time(page, ARM_FRAME_TIMER, {"figure": slider["figure"]}, slider["input"], key)


def wait_for_widget_images(page) -> None:
    """Wait until every cell with an ipywidgets slider shows its image (widgets render after their comm messages)."""
    page.wait_for_function("""() => {
        const cells = [...document.querySelectorAll('.jp-CodeCell:has(.widget-slider)')];
        return cells.every(cell => { const img = cell.querySelector('.widget-image, .jp-OutputArea-output img');
                                     return img && img.complete && img.naturalWidth > 0; });
    }""", timeout=TIMEOUT_MS, polling=250)


def slider_handles(page):
    """Every ipywidgets slider's handle, in page order, with the readout and the image of its cell
    (the kernel-blit and ``interact`` figures the latency benchmark compares against)."""
    handles = []
    for c, cell in enumerate(page.locator(".jp-CodeCell:has(.widget-slider)").all()):
        for s, slider in enumerate(cell.locator(".widget-slider").all()):
            handles.append({
                "cell": c, "slider": s,
                "handle": slider.locator(".noUi-handle"),
                "readout": slider.locator(".widget-readout"),
                "label": slider.locator(".widget-label").inner_text(),
                "image": cell.locator(".widget-image"),
            })
    return handles


ARM_REPAINT_TIMER = """({cell, timeout}) => {
    const cellNode = [...document.querySelectorAll('.jp-CodeCell')].filter(c => c.querySelector('.widget-slider'))[cell];
    const img = cellNode.querySelector('.widget-image');
    const before = img.src;
    window.__keydownAt = null;
    document.addEventListener('keydown', () => { window.__keydownAt = performance.now(); }, {capture: true, once: true});
    window.__repaint = new Promise(resolve => {
        const observer = new MutationObserver(() => {
            if (img.src === before) return;
            observer.disconnect();
            const done = () => resolve(performance.now() - window.__keydownAt);
            img.decode().then(done, done);
        });
        observer.observe(img, {attributes: true, attributeFilter: ['src']});
        setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
    });
}"""


def key_away_from_end(slider: dict, preferred: str = "ArrowRight") -> str:
    """``preferred`` unless the handle already sits at that end of its range (noUiSlider's aria values)."""
    now, low, high = (float(slider["handle"].get_attribute(f"aria-value{a}")) for a in ("now", "min", "max"))
    return _key_away(now, low, high, preferred)


def press_and_measure(page, slider: dict, key: str, timeout_ms: int = 60_000) -> float | None:
    """Focus a slider's handle and press ``key`` (a real key press); return the milliseconds from
    the keydown to the new picture decoded in the page, or None if no new picture came within ``timeout_ms``."""
    return _press_and_time(page, ARM_REPAINT_TIMER, {"cell": slider["cell"], "timeout": timeout_ms}, slider["handle"], key)
