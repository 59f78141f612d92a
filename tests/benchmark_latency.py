"""Latency of every slider of every notebook: in the kernel, against the naive way, and in the browser.

    .venv/bin/python tests/benchmark_latency.py            # everything (about two minutes)
    .venv/bin/python tests/benchmark_latency.py --no-browser

A benchmark, not a test: it prints a table and asserts nothing. For each notebook it runs the
notebook's own code in this process and collects the live figures (``helpers.widgets.Explorer``)
the notebook builds, so what is measured is exactly what a student moves.

* kernel: one slider move = the callback (look up precomputed values, update the artists in
  place, blit, encode the PNG). At least 30 moves per slider, back and forth across its whole range.
* naive: the same figure drawn the way ``interact`` with the inline backend draws it: the figure
  rebuilt from scratch on every move (here: unpickled, which re-creates every artist) and rendered
  by IPython's inline path (``print_figure`` with a tight bounding box). The computation is left
  out, which flatters the naive way.
* browser: a fresh JupyterLab in headless Chromium runs the notebook; each slider is moved by real
  key presses and the time from the keydown to the new picture decoded is measured in the page.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from jupyterlab_driver import NOTEBOOKS  # noqa: E402
from notebook_code import notebook_explorers  # noqa: E402

from helpers.widgets import Explorer, slider_values  # noqa: E402

MOVES = 30


def sweep(control) -> list:
    """At least ``MOVES`` values, back and forth across the control's whole range, each a real move."""
    values = slider_values(control)
    path = []
    while len(path) < MOVES:
        path += values[1:] + values[-2::-1]
    return path[:MOVES] if len(path) >= MOVES else path


def kernel_latency(explorer: Explorer, name: str) -> list[float]:
    control, times = explorer.controls[name], []
    for value in sweep(control):
        start = time.perf_counter()
        control.value = value  # the observer runs the callback synchronously
        times.append(time.perf_counter() - start)
    return times


def naive_latency(explorer: Explorer, name: str) -> list[float]:
    from IPython.core.pylabtools import print_figure

    control, times = explorer.controls[name], []
    for value in sweep(control):
        start = time.perf_counter()
        explorer.update(**{**explorer.values(), name: value})
        figure = pickle.loads(pickle.dumps(explorer.figure))  # every artist created anew
        for artist in figure.findobj():
            artist.set_animated(False)
        print_figure(figure, "png", bbox_inches="tight")
        times.append(time.perf_counter() - start)
    return times


def browser_latency(path: Path) -> tuple[list[list[float]], list[dict]]:
    """Key press to repainted figure, per slider in page order, in a fresh JupyterLab; and every move's stages."""
    from playwright.sync_api import sync_playwright

    from jupyterlab_driver import (JupyterLabServer, key_away_from_end, last_stages, launch_chromium, open_and_run,
                                   press_and_measure, slider_handles)

    results, stages = [], []
    with JupyterLabServer([path]) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_and_run(page, server, path.name)
        for slider in slider_handles(page):
            times, key = [], "ArrowRight"
            while len(times) < MOVES:
                key = key_away_from_end(slider, key)  # back and forth across the whole range
                elapsed = press_and_measure(page, slider, key)
                if elapsed is None:
                    raise RuntimeError(f"slider {slider['label']!r}: no new picture after {key}")
                times.append(elapsed / 1000)
                stage = last_stages(page)
                if stage:
                    stages.append(dict(stage, decoded=elapsed))
            results.append(times)
        browser.close()
    return results, stages


def p(values: list[float], q: float) -> float:
    return 1000 * float(np.percentile(values, q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measurements")
    args = parser.parse_args()
    rows, stages = [], []
    for path in NOTEBOOKS:
        explorers = notebook_explorers(path)
        browser, moves = browser_latency(path) if not args.no_browser else (None, [])
        stages += moves
        flat = 0
        for e, explorer in enumerate(explorers):
            for name in explorer.controls:
                kernel, naive = kernel_latency(explorer, name), naive_latency(explorer, name)
                web = browser[flat] if browser else None
                flat += 1
                rows.append((path.stem[:2], f"figure {e + 1}", name, p(kernel, 50), p(kernel, 95), p(naive, 50), p(naive, 95),
                             statistics.median(naive) / statistics.median(kernel),
                             p(web, 50) if web else float("nan"), p(web, 95) if web else float("nan")))
    print(f"moves per slider: {MOVES}; times in ms; machine: {sys.platform}, {__import__('os').cpu_count()} cores")
    print("| notebook | figure | slider | kernel p50 | kernel p95 | naive p50 | naive p95 | naive / kernel | browser p50 | browser p95 |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print("| {} | {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} | {:.1f}x | {:.0f} | {:.0f} |".format(*row))
    if stages:
        print(f"\nwhere the browser's time goes: ms after the keydown, over all {len(stages)} moves")
        print("| stage | p50 | p95 |")
        print("| --- | ---: | ---: |")
        for key, label in (("first_reply", "first message back from the server"), ("picture_arrived", "new picture arrived"),
                           ("src_changed", "image src changed"), ("decoded", "new picture decoded (the table's browser time)")):
            values = [s[key] / 1000 for s in stages]
            print(f"| {label} | {p(values, 50):.0f} | {p(values, 95):.0f} |")


if __name__ == "__main__":
    main()
