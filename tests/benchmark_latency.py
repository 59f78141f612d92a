"""Latency of every slider of every notebook, key press to repaint, three ways side by side.

    .venv/bin/python tests/benchmark_latency.py              # everything (about twenty minutes)
    .venv/bin/python tests/benchmark_latency.py --no-browser # the kernel side only
    .venv/bin/python tests/benchmark_latency.py --notebooks 01 --moves 10

A benchmark, not a test: it prints tables and asserts nothing. For each notebook it runs the
notebook's own code and collects the live figures (``helpers.widgets.Explorer``) it builds, so what
is measured is exactly what a student moves.

* page (the course's figures): the figure draws itself in the page; a slider move runs no kernel
  code. Measured in a fresh JupyterLab in headless Chromium (the notebook run top to bottom) and,
  when ``scripts/build_site.py`` exists, in the static site built from the stored notebooks and
  served from 127.0.0.1: a real key press on the focused slider to the next frame painted after
  the canvas was redrawn.
* kernel blit (the course's previous engine, kept here only to compare): an ipywidgets slider; each
  move runs a callback in the kernel that updates the same artists, blits them onto the cached
  background and sends a PNG to an ``ipywidgets.Image``. Measured in the kernel (callback) and in
  the browser (key press to the new picture decoded).
* naive ``interact``: the figure rebuilt from scratch on every move (here: unpickled, which
  re-creates every artist) and rendered by IPython's inline path (``print_figure`` with a tight
  bounding box). Measured in the kernel only; the computation is left out, which flatters it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
from jupyterlab_driver import NOTEBOOKS, ROOT  # noqa: E402
from notebook_code import notebook_explorers  # noqa: E402

from helpers.widgets import Explorer, slider_values  # noqa: E402

MOVES = 30


def sweep(values: list, moves: int) -> list:
    """At least ``moves`` values, back and forth across a slider's whole range, each a real move."""
    path = []
    while len(path) < moves:
        path += values[1:] + values[-2::-1]
    return path[:moves]


# --- the previous engine and the naive pattern, kept only to compare against ------------------------------------------

def encode_png_fast(rgba: np.ndarray) -> bytes:
    """The previous engine's PNG encoder: 8-bit RGB, no row filters, zlib level 1."""
    rgb = rgba[..., :3]
    height, width = rgb.shape[:2]
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 1:] = rgb.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
            + chunk(b"IEND", b""))


class KernelBlit:
    """A slider move the previous way: update the artists in the kernel, blit, encode a PNG."""

    def __init__(self, explorer: Explorer):
        self.explorer = explorer
        figure = explorer.figure
        for artist in explorer.animated:
            artist.set_animated(True)
        figure.canvas.draw()
        self.background = figure.canvas.copy_from_bbox(figure.bbox)

    def move(self, **values) -> tuple[str, bytes]:
        status = self.explorer.show(**values)
        canvas = self.explorer.figure.canvas
        canvas.restore_region(self.background)
        for artist in self.explorer.animated:
            self.explorer.figure.draw_artist(artist)
        return status, encode_png_fast(np.asarray(canvas.buffer_rgba()))


def kernel_blit_views(explorers: list[Explorer]) -> list:
    """ipywidgets views driven by :class:`KernelBlit`: what the course displayed before (for the browser side)."""
    import html

    import ipywidgets as widgets

    views = []
    for explorer in explorers:
        blit = KernelBlit(explorer)
        sliders = {name: widgets.SelectionSlider(options=c.options, value=c.value, description=c.description,
                                                 continuous_update=True, layout={"width": "420px"},
                                                 style={"description_width": "150px"})
                   for name, c in explorer.controls.items()}
        width = f"{int(explorer.figure.bbox.width)}px"
        status, picture = blit.move(**explorer.values())
        image = widgets.Image(value=picture, format="png", layout={"width": width})
        line = widgets.HTML(html.escape(status), layout={"width": width})

        def on_change(change, blit=blit, sliders=sliders, image=image, line=line):
            status, picture = blit.move(**{n: s.value for n, s in sliders.items()})
            line.value, image.value = html.escape(status), picture

        for slider in sliders.values():
            slider.observe(on_change, names="value")
        views.append(widgets.VBox([*sliders.values(), line, image]))
    return views


def kernel_blit_latency(explorer: Explorer, name: str, moves: int) -> list[float]:
    blit, times = KernelBlit(explorer), []
    for value in sweep(slider_values(explorer.controls[name]), moves):
        start = time.perf_counter()
        blit.move(**{name: value})
        times.append(time.perf_counter() - start)
    return times


def naive_latency(explorer: Explorer, name: str, moves: int) -> list[float]:
    from IPython.core.pylabtools import print_figure

    times = []
    for value in sweep(slider_values(explorer.controls[name]), moves):
        start = time.perf_counter()
        explorer.show(**{name: value})
        figure = pickle.loads(pickle.dumps(explorer.figure))  # every artist created anew
        for artist in figure.findobj():
            artist.set_animated(False)
        print_figure(figure, "png", bbox_inches="tight")
        times.append(time.perf_counter() - start)
    return times


# --- in the browser ---------------------------------------------------------------------------------------------------

def measure_sliders(page, sliders: list[dict], key_away, press, moves: int) -> list[list[float]]:
    """``moves`` key presses on each slider, back and forth across its range; the seconds each took."""
    results = []
    for slider in sliders:
        times, key, unchanged = [], "ArrowRight", 0
        while len(times) < moves:
            key = key_away(slider, key)
            elapsed = press(page, slider, key)
            if elapsed is None:
                # Some moves leave the picture as it was (notebook 06: accumulation over M micro-batches gives
                # the same curves): nothing to time; only a slider that never changes it is an error.
                unchanged += 1
                if unchanged > moves:   # never changes it from here (06's M at spread 0): nothing to time
                    times = []
                    break
                continue
            times.append(elapsed / 1000)
        results.append(times)
    return results


def measure_live_sliders(page, moves: int) -> list[list[float]]:
    """Key press to painted frame for every live figure's slider on the page."""
    from jupyterlab_driver import key_away_from_end_of_range, live_sliders, press_and_measure_live

    return measure_sliders(page, live_sliders(page), key_away_from_end_of_range, press_and_measure_live, moves)


def page_in_jupyterlab(browser, path: Path, moves: int) -> list[list[float]]:
    from jupyterlab_driver import JupyterLabServer, open_and_run

    with JupyterLabServer([path]) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        open_and_run(page, server, path.name)
        results = measure_live_sliders(page, moves)
        page.close()
    return results


def kernel_blit_in_jupyterlab(browser, path: Path, moves: int, count: int) -> list[list[float]]:
    """The previous engine in a fresh JupyterLab: a notebook that builds the same figures and shows them as ipywidgets."""
    import nbformat

    from jupyterlab_driver import (JupyterLabServer, key_away_from_end, open_and_run, press_and_measure, slider_handles,
                                   wait_for_widget_images)

    with tempfile.TemporaryDirectory() as folder:
        blit_notebook = Path(folder) / f"blit_{path.name}"
        code = (f"import sys\nsys.path.insert(0, {str(TESTS)!r})\nfrom benchmark_latency import kernel_blit_views\n"
                f"from notebook_code import notebook_explorers\n"
                f"views = kernel_blit_views(notebook_explorers({str(path)!r}))")
        # One figure per cell: the driver finds each slider's picture in its own cell.
        cells = [nbformat.v4.new_code_cell(code)] + [nbformat.v4.new_code_cell(f"views[{k}]") for k in range(count)]
        notebook = nbformat.v4.new_notebook(cells=cells)
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nbformat.write(notebook, blit_notebook)
        with JupyterLabServer([blit_notebook]) as server:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            open_and_run(page, server, blit_notebook.name)
            wait_for_widget_images(page)
            # A move that leaves the picture as it was sends none: give up on it after 2 s (see measure_sliders).
            press = lambda page, slider, key: press_and_measure(page, slider, key, timeout_ms=2000)  # noqa: E731
            results = measure_sliders(page, slider_handles(page), key_away_from_end, press, moves)
            page.close()
    return results


@contextlib.contextmanager
def static_site(builder: Path, python: str):
    """The course's static site built from this repository's stored notebooks and served on 127.0.0.1
    (None without a builder)."""
    if not builder.exists():
        yield None
        return
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([python, str(builder), "--out", folder, "--root", str(ROOT)], check=True, cwd=ROOT, capture_output=True)
        spec = importlib.util.spec_from_file_location("build_site", builder)
        build_site = sys.modules["build_site"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
        spec.loader.exec_module(build_site)
        with build_site.serve(Path(folder)) as url:   # the site's own server, as tests/test_site.py uses it
            yield url.rstrip("/")


def page_in_static_site(browser, site: str, path: Path, moves: int) -> list[list[float]]:
    from jupyterlab_driver import wait_for_live_figures

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/{path.stem}.html")
    wait_for_live_figures(page)
    results = measure_live_sliders(page, moves)
    page.close()
    return results


# --- report -----------------------------------------------------------------------------------------------------------

def p(values: list[float] | None, q: float) -> float:
    return 1000 * float(np.percentile(values, q)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measurements")
    parser.add_argument("--notebooks", nargs="*", default=None, help="notebook numbers to measure (default: all)")
    parser.add_argument("--moves", type=int, default=MOVES, help=f"moves per slider (default {MOVES})")
    parser.add_argument("--site-builder", type=Path, default=ROOT / "scripts" / "build_site.py",
                        help="the static site's builder (default: scripts/build_site.py)")
    parser.add_argument("--site-python", default=sys.executable, help="the Python that runs the builder")
    args = parser.parse_args()
    notebooks = [n for n in NOTEBOOKS if args.notebooks is None or n.name[:2] in args.notebooks]
    rows = []
    with contextlib.ExitStack() as stack:
        browser = site = None
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            from jupyterlab_driver import launch_chromium

            browser = launch_chromium(stack.enter_context(sync_playwright()))
            site = stack.enter_context(static_site(args.site_builder, args.site_python))
        for path in notebooks:
            with contextlib.redirect_stdout(sys.stderr):
                explorers = notebook_explorers(path)
            lab = page_in_jupyterlab(browser, path, args.moves) if browser else None
            on_site = page_in_static_site(browser, site, path, args.moves) if site else None
            blit_web = kernel_blit_in_jupyterlab(browser, path, args.moves, len(explorers)) if browser else None
            flat = 0
            for e, explorer in enumerate(explorers):
                for name in explorer.controls:
                    blit = kernel_blit_latency(explorer, name, args.moves)
                    naive = naive_latency(explorer, name, args.moves)
                    pick = (lambda results: results[flat] if results else None)
                    rows.append((path.stem[:2], f"figure {e + 1}", name,
                                 p(pick(lab), 50), p(pick(lab), 95), p(pick(on_site), 50), p(pick(on_site), 95),
                                 p(pick(blit_web), 50), p(pick(blit_web), 95), p(blit, 50), p(blit, 95), p(naive, 50), p(naive, 95)))
                    flat += 1
                    print(rows[-1], file=sys.stderr)
    print(f"moves per slider: {args.moves}; times in ms; machine: {sys.platform}, {os.cpu_count()} cores; "
          f"static site: {'built and served locally' if site else 'no builder (scripts/build_site.py)'}")
    print("| notebook | figure | slider | page, JupyterLab p50 | p95 | page, static site p50 | p95 | "
          "kernel blit, browser p50 | p95 | kernel blit, in kernel p50 | p95 | naive interact, in kernel p50 | p95 |")
    print("| --- | --- | --- |" + " ---: |" * 10)
    for row in rows:
        cells = [f"{v:.1f}" if k < 4 or k in (6, 7) else f"{v:.0f}" for k, v in enumerate(row[3:])]
        print(f"| {row[0]} | {row[1]} | {row[2]} | " + " | ".join("n/a" if c == "nan" else c for c in cells) + " |")


if __name__ == "__main__":
    main()
