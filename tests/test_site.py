"""The static site (scripts/build_site.py) and the notebooks read without a kernel.

* The site is built once per session from the stored notebooks; every page has the Binder button,
  the table of contents and previous/next links, and refers to nothing outside the site.
* Every page is served on 127.0.0.1 and opened in headless Chromium with every request that is not
  to that server aborted: none may be attempted, every live figure shows (a painted canvas or a
  picture), and every slider, swept by keyboard over all its values, redraws its canvas without an
  error. The same from ``file://``. Screenshots go to test-artifacts/site/.
* nbconvert's plain HTML export of each stored notebook, offline: every figure shows and its
  sliders work (the export's own CDN scripts fail; the figures must not need them).
* A GitHub-like render (no JavaScript): every live figure's output carries a picture (image/png)
  and alt text.
* Accessibility (WCAG 2.1 AA, issue 22): axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules on
  any page, at a laptop's width and in a 320-pixel window; the pages reflow in a 320-pixel window and at
  200 % zoom (no sideways scroll of the page, nothing cut off; wide code, output, tables and formulas
  scroll on their own); each page has its language, a skip link, landmarks, one h1 and headings in order,
  and alt text on every picture; a keyboard-only walk (Tab from the top to the end) reaches every slider
  of a page in order, moves each by an arrow key, and the accessibility tree then has its new value
  and status.
* The checks themselves fail on a figure that does not redraw, on a page that reaches for a CDN, on
  highlighting and links as they were, on a page that cuts content off, and on a slider out of the
  tab order.
"""

from __future__ import annotations

import base64
import copy
import functools
import io
import re
import sys
from pathlib import Path
from urllib.parse import unquote

import matplotlib.image
import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from accessibility_checks import axe_violations, check_figure_speaks, describe
from jupyterlab_driver import ROOT, TIMEOUT_MS

sys.path.insert(0, str(ROOT / "scripts"))
import build_site  # noqa: E402  (scripts/ is not a package)

ARTIFACTS = ROOT / "test-artifacts" / "site"
NOTEBOOKS = build_site.student_notebooks(ROOT)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
VIEWPORT = {"width": 1280, "height": 900}
MAX_STEPS = 400  # no course slider has this many values; stops a sweep that never reaches the end

# ---------------------------------------------------------------------------------------------
# What a stored notebook says about its figures


def is_live_figure(output) -> bool:
    """An output drawn in the page (a course figure's sliders, or a canvas in its HTML) or by a kernel (a widget view)."""
    data = output.get("data", {})
    html = str(data.get("text/html", ""))
    return WIDGET_VIEW in data or "<canvas" in html or 'class="som-figure"' in html


def is_bench_view(outputs, j: int) -> bool:
    """A lab bench's widget view: it follows the bench's note, which every viewer without a kernel shows instead
    (the notebooks are saved without widget state; see helpers.lab_bench)."""
    return (WIDGET_VIEW in outputs[j].get("data", {}) and j > 0
            and 'class="som-bench-note"' in str(outputs[j - 1].get("data", {}).get("text/html", "")))


def figure_outputs(notebook) -> list[tuple[int, int]]:
    """(cell index, output index) of every output that shows a figure: a live one or a picture (a lab bench is neither)."""
    return [(i, j) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for j, output in enumerate(cell.get("outputs", []))
            if not is_bench_view(cell.get("outputs", []), j)
            and (is_live_figure(output) or {"image/png", "image/svg+xml"} & set(output.get("data", {})))]


# ---------------------------------------------------------------------------------------------
# Serving, blocking, and looking at a page


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The course's site, built once, in a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_site.build_site(out)
    return out


@pytest.fixture(scope="session")
def server(site):
    """The built site served on 127.0.0.1; its base URL."""
    with build_site.serve(site) as url:
        yield url


class OfflinePage:
    """A page in a fresh browser context that aborts every request not starting with ``allowed``.

    ``blocked`` lists the aborted URLs, ``errors`` the page's uncaught exceptions and console errors.
    """

    def __init__(self, browser, allowed: str, javascript: bool = True):
        self.context = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript)
        self.context_javascript = javascript
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.allowed = allowed
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"exception: {error}"))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(f"console: {message.text}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.allowed) or url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def goto(self, url: str):
        """Open ``url`` and wait until every live figure has drawn or failed (helpers.widgets marks
        its ``som-figure`` element ``data-ready`` or ``data-error``; it decodes its data asynchronously)."""
        self.page.goto(url, wait_until="load")
        self.page.evaluate("() => document.fonts.ready.then(() => true)")
        if self.context_javascript:
            self.page.wait_for_function(FIGURES_SETTLED, timeout=TIMEOUT_MS)   # a hang's deadline, not a speed limit
        return self.page

    def close(self):
        self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


FIGURES_SETTLED = "() => [...document.querySelectorAll('.som-figure')].every(f => f.dataset.ready || f.dataset.error)"
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"

# Per figure output in the page: whether it shows a picture (a loaded <img>) or a painted canvas.
FIGURE_STATE = """([cellIds, positions]) => {
  const cells = [...document.querySelectorAll('main .jp-Cell')];
  return positions.map(([cell, output]) => {
    const id = cellIds[cell];
    const element = (id && document.getElementById('cell-id=' + id)) || cells[cell];
    const child = element && element.querySelectorAll('.jp-OutputArea-child')[output];
    if (!child) return {kind: 'missing'};
    for (const canvas of child.querySelectorAll('canvas')) {
      const blank = document.createElement('canvas');
      blank.width = canvas.width; blank.height = canvas.height;
      const box = canvas.getBoundingClientRect();
      if (canvas.width > 0 && box.width > 0 && canvas.toDataURL() !== blank.toDataURL()) return {kind: 'canvas'};
    }
    for (const img of child.querySelectorAll('img')) {
      if (img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0) return {kind: 'image'};
    }
    return {kind: 'none', text: child.innerText.slice(0, 120)};
  });
}"""

# Every range input, with a fingerprint of each canvas of its output (a hash of the pixels: cheaper
# than encoding a PNG on every press) and the output's text.
SLIDER_STATE = """(index) => {
  const input = document.querySelectorAll('input[type=range]')[index];
  const figure = input.closest('.jp-OutputArea-output') || input.parentElement;
  const fingerprint = (canvas) => {
    const words = new Uint32Array(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    let hash = 2166136261;
    for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 16777619);
    return `${canvas.width}x${canvas.height}:${hash >>> 0}`;
  };
  return {
    value: input.value, min: input.min, max: input.max, disabled: input.disabled,
    canvases: [...figure.querySelectorAll('canvas')].map(fingerprint),
    text: figure.innerText,
  };
}"""


def check_figures_show(offline: OfflinePage, notebook) -> None:
    """Every figure output of ``notebook`` shows in the open page, as a painted canvas or a picture."""
    positions = figure_outputs(notebook)
    cell_ids = [cell.get("id") for cell in notebook.cells]
    states = dict(zip(positions, offline.page.evaluate(FIGURE_STATE, [cell_ids, positions])))
    shows = {position: state["kind"] in ("canvas", "image") for position, state in states.items()}
    for (i, j), state in states.items():
        if is_live_figure(notebook.cells[i].outputs[j]) and (i, j - 1) in states:
            # a course figure: its sliders draw a canvas and hide the picture before them, or (no script)
            # the picture shows; exactly one of the two, never the figure twice
            shows[(i, j)] = shows[(i, j - 1)] = shows[(i, j)] != shows[(i, j - 1)]
    hidden = [(position, states[position]) for position, shown in shows.items() if not shown]
    assert not hidden, f"figures that do not show (cell, output): {hidden}"
    failed = offline.page.evaluate("() => [...document.querySelectorAll('[data-error]')].map(e => e.dataset.error)")
    assert not failed, f"figures that failed to draw: {failed}"


def sweep_sliders(offline: OfflinePage, screenshot_prefix: str | None = None, steps: int = MAX_STEPS) -> int:
    """Move every range input of the page by keyboard; return how many there are.

    Each slider goes to its first value (Home), then ArrowRight until its last (or ``steps`` presses):
    every press must change the value and its figure (canvas or text), the canvas must change at least
    once, and no error may occur (an uncaught exception, or a figure element marked ``data-error``).
    """
    page = offline.page
    count = page.locator("input[type=range]").count()
    for index in range(count):
        slider = page.locator("input[type=range]").nth(index)
        slider.scroll_into_view_if_needed()
        figure = slider.locator("xpath=ancestor::*[contains(@class,'jp-OutputArea-output')][1]")
        name = f"{screenshot_prefix}-slider{index}"
        if screenshot_prefix:
            figure.screenshot(path=ARTIFACTS / f"{name}-before.png")
        slider.focus()
        page.keyboard.press("Home")
        page.evaluate(NEXT_FRAME)
        state = page.evaluate(SLIDER_STATE, index)
        assert not state["disabled"], f"slider {index} is disabled"
        assert state["canvases"], f"slider {index}: no canvas in its figure"
        canvas_changed = False
        for step in range(MAX_STEPS):
            if float(state["value"]) >= float(state["max"]) or step == steps:
                break
            page.keyboard.press("ArrowRight")
            page.evaluate(NEXT_FRAME)
            new = page.evaluate(SLIDER_STATE, index)
            assert new["value"] != state["value"], f"slider {index}: ArrowRight did not move it from {state['value']}"
            changed = new["canvases"] != state["canvases"]
            assert changed or new["text"] != state["text"], f"slider {index}: nothing redrawn at value {new['value']}"
            canvas_changed |= changed
            state = new
        else:
            raise AssertionError(f"slider {index}: did not reach its end in {MAX_STEPS} steps")
        assert canvas_changed, f"slider {index}: the canvas never changed over the sweep"
        assert page.locator("[data-error]").count() == 0, page.locator("[data-error]").first.get_attribute("data-error")
        if screenshot_prefix:
            figure.screenshot(path=ARTIFACTS / f"{name}-after.png")
    assert not offline.errors, offline.errors
    return count


# ---------------------------------------------------------------------------------------------
# The built site, without a browser


def site_pages(site: Path) -> list[Path]:
    return [site / page.href for page in build_site.collect_pages(ROOT)]


def test_site_has_every_page(site):
    pages = build_site.collect_pages(ROOT)
    hrefs = [page.href for page in pages]
    assert hrefs[0] == "index.html" and hrefs[-1] == "sources.html"
    assert hrefs[1:1 + len(NOTEBOOKS)] == [f"{p.stem}.html" for p in NOTEBOOKS] and NOTEBOOKS
    assert not any("instructor" in href or "solution" in href for href in hrefs), "the site is for students"
    for href in hrefs:
        assert (site / href).stat().st_size > 1000
    for page in pages:
        if page.download:
            assert (site / page.download).read_bytes() == page.source.read_bytes()


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> BeautifulSoup:
    """A page's HTML tree (cached: read-only use)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_binder_button_and_navigation(site):
    pages = build_site.collect_pages(ROOT)
    repository = build_site.course_repository(ROOT)
    for index, page in enumerate(pages):
        document = parse(site / page.href)
        binder = [a["href"] for a in document.select("a.site-binder")]
        assert binder == [build_site.binder_url(repository, page.binder_path)], page.href
        assert binder[0].startswith(f"https://mybinder.org/v2/gh/{repository[0]}/{repository[1]}?urlpath=lab/tree/")
        toc = document.select("nav.site-toc li")
        assert [li.a["href"] for li in toc] == [p.href for p in pages], page.href
        assert [li.a["href"] for li in toc if li.get("aria-current") == "page"] == [page.href]
        previous = [a["href"] for a in document.select("a[rel=prev]")]
        following = [a["href"] for a in document.select("a[rel=next]")]
        assert previous == ([pages[index - 1].href] if index else []), page.href
        assert following == ([pages[index + 1].href] if index + 1 < len(pages) else []), page.href


def test_binder_url_points_at_the_notebook():
    url = build_site.binder_url(("owner/name", "main"), "notebooks/01_x.ipynb")
    assert url == "https://mybinder.org/v2/gh/owner/name/main?urlpath=lab/tree/notebooks/01_x.ipynb"


def test_repository_comes_from_pyproject(tmp_path):
    assert build_site.course_repository(tmp_path) == (build_site.DEFAULT_REPOSITORY, build_site.DEFAULT_BRANCH)
    (tmp_path / "pyproject.toml").write_text('[tool.course]\nrepository = "someone/course"\nbranch = "dev"\n')
    assert build_site.course_repository(tmp_path) == ("someone/course", "dev")
    (tmp_path / "pyproject.toml").write_text('[tool.course]\nrepository = "no-slash"\n')
    with pytest.raises(ValueError, match="owner/name"):
        build_site.course_repository(tmp_path)


REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:)([^'\")]+)", re.IGNORECASE)


def test_pages_load_nothing_from_another_machine(site):
    for path in site_pages(site):
        document = parse(path)
        for element in document.select("script[src], img[src], iframe[src], source[src], video[src], audio[src], embed[src], link[href]"):
            url = element.get("src") or element.get("href")
            assert not REMOTE.match(url), f"{path.name}: <{element.name}> loads {url}"
            if not url.startswith("data:"):
                assert (path.parent / url).exists(), f"{path.name}: <{element.name}> refers to missing {url}"
        for style in [*document.select("style"), *document.select("[style]")]:
            css = style.string or style.get("style") or ""
            assert not [u for u in CSS_URL.findall(css) if REMOTE.match(u.strip())], f"{path.name}: CSS loads from elsewhere"
    for css in (site / "assets").glob("*.css"):
        assert not [u for u in CSS_URL.findall(css.read_text()) if REMOTE.match(u.strip())], css.name


def test_links_between_pages_resolve(site):
    for path in site_pages(site):
        for anchor in parse(path).select("a[href]"):
            url = anchor["href"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
                assert url.startswith(("https://", "mailto:")), f"{path.name}: link {url}"
                continue
            target, _, fragment = url.partition("#")
            assert not target.endswith(".ipynb") or target.startswith("notebooks/"), f"{path.name}: {url} is not a page"
            document = (path.parent / target) if target else path
            assert document.exists(), f"{path.name}: link to missing {url}"
            if fragment and document.suffix == ".html":
                # A browser matches the fragment as written, then percent-decoded (nbconvert writes ids encoded).
                tree = parse(document)
                assert tree.find(id=fragment) or tree.find(id=unquote(fragment)), f"{path.name}: no anchor for {url}"


def test_math_is_written_as_mathml(site):
    rendered = 0
    for path in site_pages(site):
        document = parse(path)
        assert not document.select("merror"), path.name
        rendered += len(document.select("math"))
        for markdown in document.select("[data-mime-type='text/markdown']"):
            prose = "".join(text for text in markdown.find_all(string=True)
                            if not text.find_parent(["code", "pre", "math"]))
            assert not re.search(r"\$[^$\s][^$]*\$|\\(frac|sum|cdot|lambda|ell)\b", prose), f"{path.name}: TeX left unrendered"
    sources = "".join(cell.source for p in NOTEBOOKS for cell in nbformat.read(p, as_version=4).cells
                      if cell.cell_type == "markdown")
    assert (rendered > 0) == ("$" in sources)


def test_site_is_built_from_executed_notebooks(tmp_path):
    assert build_site.never_run(build_site.collect_pages(ROOT)) == []
    root = fixture_root(tmp_path, FIXTURE_FIGURE.replace("REDRAW", ""))
    path = root / "notebooks" / "01_fixture.ipynb"
    assert build_site.never_run(build_site.collect_pages(root)) == [path]  # the fixture's cell has no execution count
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].execution_count = 1
    nbformat.write(notebook, path)
    assert build_site.never_run(build_site.collect_pages(root)) == []


def test_build_replaces_a_site_but_never_empties_another_folder(tmp_path):
    root = fixture_root(tmp_path, FIXTURE_FIGURE.replace("REDRAW", ""))
    out = tmp_path / "out"
    build_site.build_site(out, root)
    (out / "stale.html").write_text("from an earlier build")
    build_site.build_site(out, root)
    assert not (out / "stale.html").exists() and (out / "01_fixture.html").exists()
    with pytest.raises(ValueError, match="holds something other than a built site"):
        build_site.build_site(root, root)
    assert (root / "notebooks" / "01_fixture.ipynb").exists()


def test_tex_that_cannot_be_converted_is_a_clear_error():
    assert "<mfrac>" in build_site.tex_to_mathml(r"\frac{1}{B}", "inline")
    with pytest.raises(ValueError, match=r"cannot write the TeX formula '\\\\frac\{1\}\{' as MathML"):
        build_site.tex_to_mathml(r"\frac{1}{", "inline")


def test_build_is_repeatable(site, tmp_path):
    again = tmp_path / "again"
    build_site.build_site(again)
    for path in site.rglob("*"):
        if path.is_file():
            assert (again / path.relative_to(site)).read_bytes() == path.read_bytes(), path.name


# ---------------------------------------------------------------------------------------------
# The built site in a browser


def page_notebooks() -> list[tuple[str, Path | None]]:
    """(page file name, notebook it renders or None) for every page of the site."""
    return [(page.href, page.source if page.download else None) for page in build_site.collect_pages(ROOT)]


@pytest.mark.parametrize("href, notebook_path", page_notebooks(), ids=lambda v: v if isinstance(v, str) else "")
def test_page_in_browser_offline(href, notebook_path, server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with OfflinePage(browser, allowed=server) as offline:
        page = offline.goto(server + href)
        assert page.locator("a.site-binder").is_visible()
        assert page.locator("nav.site-toc li").count() == len(page_notebooks())
        if notebook_path is not None:
            notebook = nbformat.read(notebook_path, as_version=4)
            check_figures_show(offline, notebook)
        sliders = sweep_sliders(offline, screenshot_prefix=Path(href).stem)
        if notebook_path is not None:
            in_page = sum(is_live_figure(o) and bool(re.search(r"type=[\"']?range", str(o.get("data", {}).get("text/html", ""))))
                          for c in notebook.cells for o in c.get("outputs", []))
            assert sliders >= in_page, f"{href}: {in_page} figures with sliders in the notebook, {sliders} sliders in the page"
        page.screenshot(path=ARTIFACTS / f"{Path(href).stem}.png")
        for figure in page.locator(".som-figure").all():
            check_figure_speaks(figure)
        violations = axe_violations(page)
        assert not violations, f"{href}:\n{describe(violations)}"
        assert not offline.blocked, f"{href} asked for {offline.blocked}"
        assert not offline.errors, offline.errors


def test_site_works_from_file_url(site, browser):
    with OfflinePage(browser, allowed="file://") as offline:
        for path in site_pages(site):
            offline.goto(path.as_uri())
            assert offline.page.locator("a.site-binder").is_visible()
            assert offline.page.evaluate("() => getComputedStyle(document.querySelector('.site-header')).position") == "sticky"
            sweep_sliders(offline, steps=1)
        assert not offline.blocked, offline.blocked
        assert not offline.errors, offline.errors


# ---------------------------------------------------------------------------------------------
# The stored notebooks without a kernel: nbconvert's plain HTML, and a GitHub-like render


@pytest.mark.parametrize("notebook_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_nbconvert_html_export_shows_every_figure_offline(notebook_path, browser, tmp_path):
    notebook = nbformat.read(notebook_path, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(notebook)  # nbconvert's defaults: lab template, CDN scripts
    exported = tmp_path / f"{notebook_path.stem}.html"
    exported.write_text(body, encoding="utf-8")
    with OfflinePage(browser, allowed="file://") as offline:
        offline.goto(exported.as_uri())
        # The export's own scripts from CDNs fail here; that is the point: the figures must not need them.
        offline.errors.clear()
        check_figures_show(offline, notebook)
        sweep_sliders(offline, steps=2)


def png_picture(output) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(base64.b64decode(output["data"]["image/png"])), format="png")


def github_like(notebook):
    """What a viewer that runs no JavaScript and prefers pictures shows: each figure's image/png alone."""
    notebook = copy.deepcopy(notebook)
    notebook.metadata.pop("widgets", None)
    for i, j in figure_outputs(notebook):
        data = notebook.cells[i].outputs[j].get("data", {})
        for mime in [m for m in data if m not in ("image/png", "image/svg+xml", "text/plain")]:
            del data[mime]
    return notebook


@pytest.mark.parametrize("notebook_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_github_like_render_has_a_picture_for_every_live_figure(notebook_path, browser, tmp_path):
    """GitHub's preview runs no JavaScript: each live figure needs an image/png beside it, and alt text."""
    notebook = nbformat.read(notebook_path, as_version=4)
    live = [(i, j) for i, j in figure_outputs(notebook) if is_live_figure(notebook.cells[i].outputs[j])]
    assert live, f"{notebook_path.name}: no live figure found (every notebook of the course has one)"
    for i, j in live:
        # The picture: in the live output's own bundle, or the output just before its sliders.
        output = notebook.cells[i].outputs[j]
        if "image/png" not in output.get("data", {}) and j > 0:
            output = notebook.cells[i].outputs[j - 1]
        assert "image/png" in output.get("data", {}), f"cell {i}: a live figure without a picture"
        picture = png_picture(output)
        assert picture.shape[0] >= 100 and picture.shape[1] >= 100, f"cell {i}: picture {picture.shape}"
        assert np.ptp(picture[..., :3]) > 0.2, f"cell {i}: the picture is blank"
        alt = str(output["data"].get("text/plain", ""))
        assert len(alt) > 20 and not re.match(r"^(<|[A-Z]\w*\()", alt), f"cell {i}: alt text {alt[:60]!r}"
    body, _ = HTMLExporter().from_notebook_node(github_like(notebook))
    rendered = tmp_path / "github-like.html"
    rendered.write_text(body, encoding="utf-8")
    with OfflinePage(browser, allowed="file://", javascript=False) as offline:
        offline.goto(rendered.as_uri())
        check_figures_show(offline, notebook)
        offline.page.screenshot(path=ARTIFACTS / f"github-like-{notebook_path.stem}.png")


# ---------------------------------------------------------------------------------------------
# The checks fail when they should


FIXTURE_FIGURE = """<div class="fixture-figure"><canvas width="240" height="120"></canvas>
<input type="range" min="0" max="4" step="1" value="2" data-lm-suppress-shortcuts="true"><span class="status"></span>
<script>(() => {
  const root = document.currentScript.parentElement;
  const canvas = root.querySelector('canvas'), input = root.querySelector('input');
  function draw() {
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, 240, 120);
    g.strokeStyle = '#0072b2'; g.lineWidth = 2; g.beginPath(); g.moveTo(0, 110);
    g.lineTo(240, 110 - 25 * Number(input.value)); g.stroke();
    root.querySelector('.status').textContent = 'slope ' + input.value;
  }
  REDRAW
  draw();
})();</script></div>"""

# A 1x1 PNG is enough for the outputs below: these sites test the checks, not the picture.
TINY_PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5a4b2"
    "5d0000000049454e44ae426082")).decode()


def fixture_root(tmp_path: Path, figure_html: str) -> Path:
    """A tiny course (one notebook whose one output is an in-page figure) to build a site from.

    Its figure is a minimal one of its own, not the course's two-output format: these tests check the
    site builder and the checks above, which treat any canvas in a page the same way."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("# 01 · A fixture\n\nThe slope $a$ of $y = a x$."))
    cell = nbformat.v4.new_code_cell("figure")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": figure_html, "image/png": TINY_PNG, "text/plain": "A line whose slope the slider sets."})]
    notebook.cells.append(cell)
    nbformat.write(notebook, root / "notebooks" / "01_fixture.ipynb")
    return root


def test_start_page_becomes_a_page_and_the_instructor_material_does_not(tmp_path):
    root = fixture_root(tmp_path, FIXTURE_FIGURE.replace("REDRAW", ""))
    start = nbformat.v4.new_notebook()
    start.cells.append(nbformat.v4.new_markdown_cell(
        "# Start here\n\nBegin with [notebook 01](01_fixture.ipynb#01-·-A-fixture); teachers read "
        "[the guide](../docs/instructor-guide.md) and [the helpers](../helpers/losses.py)."))
    nbformat.write(start, root / "notebooks" / "00_start_here.ipynb")
    (root / "instructor").mkdir()
    (root / "instructor" / "README.md").write_text("# Instructor's guide\n\nThe answer to 01.1 is in here.\n")
    out = tmp_path / "site"
    build_site.build_site(out, root)
    pages = build_site.collect_pages(root)
    assert [(p.href, p.title) for p in pages] == [
        ("index.html", "Start here"), ("01_fixture.html", "01 · A fixture"), ("sources.html", "Sources")]
    index = parse(out / "index.html")
    links = [a["href"] for a in index.select("main [data-mime-type='text/markdown'] a[href]") if "anchor-link" not in a.get("class", [])]
    assert links == ["01_fixture.html#01-%C2%B7-A-fixture",
                     f"https://github.com/{build_site.DEFAULT_REPOSITORY}/blob/main/docs/instructor-guide.md",
                     f"https://github.com/{build_site.DEFAULT_REPOSITORY}/blob/main/helpers/losses.py"]
    assert index.select_one("a.site-binder")["href"].endswith("urlpath=lab/tree/notebooks/00_start_here.ipynb")
    assert not (out / "instructor-guide.html").exists() and "answer to 01.1" not in "".join(
        p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert (out / "notebooks" / "00_start_here.ipynb").exists()


def test_slider_sweep_passes_on_a_working_figure_and_fails_on_a_dead_one(tmp_path, browser):
    working = FIXTURE_FIGURE.replace("REDRAW", "input.addEventListener('input', draw);")
    dead = FIXTURE_FIGURE.replace("REDRAW", "")
    for name, figure, works in (("working", working, True), ("dead", dead, False)):
        root = fixture_root(tmp_path / name, figure)
        out = tmp_path / name / "site"
        build_site.build_site(out, root)
        notebook = nbformat.read(root / "notebooks" / "01_fixture.ipynb", as_version=4)
        with OfflinePage(browser, allowed="file://") as offline:
            offline.goto((out / "01_fixture.html").as_uri())
            check_figures_show(offline, notebook)
            if works:
                assert sweep_sliders(offline) == 1
            else:
                with pytest.raises(AssertionError, match="nothing redrawn"):
                    sweep_sliders(offline)
            assert not offline.blocked


def test_blocking_catches_a_page_that_reaches_for_a_cdn(tmp_path, browser):
    root = fixture_root(tmp_path, FIXTURE_FIGURE.replace("REDRAW", ""))
    body, _ = HTMLExporter().from_notebook_node(nbformat.read(root / "notebooks" / "01_fixture.ipynb", as_version=4))
    exported = tmp_path / "plain.html"
    exported.write_text(body, encoding="utf-8")
    with OfflinePage(browser, allowed="file://") as offline:
        offline.goto(exported.as_uri())
        assert any("require" in url for url in offline.blocked), offline.blocked


def test_figure_checks_fail_on_a_figure_that_shows_nothing(tmp_path, browser):
    root = fixture_root(tmp_path, '<div><canvas width="240" height="120"></canvas></div>')  # never painted
    notebook = nbformat.read(root / "notebooks" / "01_fixture.ipynb", as_version=4)
    build_site.build_site(tmp_path / "site", root)
    with OfflinePage(browser, allowed="file://") as offline:
        offline.goto((tmp_path / "site" / "01_fixture.html").as_uri())
        with pytest.raises(AssertionError, match="do not show"):
            check_figures_show(offline, notebook)


# ---------------------------------------------------------------------------------------------
# Accessibility beyond axe: structure, reflow, and the keyboard


def test_pages_have_language_skip_link_landmarks_and_headings_in_order(site):
    for path in site_pages(site):
        document = parse(path)
        assert document.html.get("lang") == "en", path.name
        first = document.body.find(["a", "button", "input"])
        assert first is not None and "site-skip" in first.get("class", []) and first["href"] == "#content", path.name
        assert [m.get("id") for m in document.select("main")] == ["content"], path.name
        assert len(document.select("header.site-header")) == 1 and document.select("nav[aria-label]"), path.name
        levels = [int(h.name[1]) for h in document.select("main h1, main h2, main h3, main h4, main h5, main h6")]
        assert levels.count(1) == 1 and levels[0] == 1, f"{path.name}: headings {levels}"
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not jumps, f"{path.name}: heading levels jump {jumps}"
        for img in document.select("main img"):
            alt = img.get("alt", "")
            assert alt and alt != "A figure without a description" and "$" not in alt, f"{path.name}: <img> alt {alt[:80]!r}"


CUT_OFF = """() => {
  // Elements that reach past the window's right edge, unless a scroll container of their own (which fits
  // the window) holds them: those are cut off (by an overflow: hidden) or make the page scroll sideways.
  const width = document.documentElement.clientWidth;
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const found = [];
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    // what it holds may reach past its own box (text that does not wrap), unless it clips or scrolls it
    const right = style.overflowX === 'visible' ? Math.max(box.right, box.left + e.scrollWidth) : box.right;
    if (box.width === 0 || right <= width + 1 || style.position === 'fixed') continue;
    let held = false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) { held = a.getBoundingClientRect().right <= width + 1; break; }
    }
    if (!held && !(scrolls(e) && box.right <= width + 1)) found.push(`${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}: ${(e.textContent || '').trim().slice(0, 50)}`);
  }
  return {sideways: document.documentElement.scrollWidth - width, cut: found.slice(0, 5)};
}"""

REFLOW_VIEWPORTS = {"320 pixels": {"width": 320, "height": 640}, "200 % zoom": {"width": 640, "height": 450}}
"""WCAG 1.4.10: a 320-pixel window (1280 at 400 %), and a 1280 x 900 laptop screen at 200 % zoom."""


def check_reflow(page) -> None:
    state = page.evaluate(CUT_OFF)
    assert state == {"sideways": 0, "cut": []}, state


@pytest.mark.parametrize("href", [href for href, _ in page_notebooks()])
def test_page_reflows_in_a_narrow_window_and_at_200_percent(href, server, browser):
    for name, viewport in REFLOW_VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.goto(server + href, wait_until="load")
            page.wait_for_function(FIGURES_SETTLED, timeout=TIMEOUT_MS)
            page.evaluate(NEXT_FRAME)
            check_reflow(page)
            if name == "320 pixels":
                violations = axe_violations(page)  # e.g. a region that scrolls but that the keyboard cannot reach
                assert not violations, f"{href} at {name}:\n{describe(violations)}"
        finally:
            context.close()


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const box = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), cls: String(e.className), slider: [...document.querySelectorAll('input[type=range]')].indexOf(e),
          value: e.value || '', max: e.max || '', seen: box.bottom > 0 && box.top < innerHeight && box.width > 0};
}"""
MAX_TAB_STOPS = 600


def keyboard_walk(page) -> list[dict]:
    """Tab from the top of the page to its end, as a keyboard-only reader would. At each slider reached, press
    an arrow key (right, or left at the end) and check what the accessibility tree then says of its figure
    (its value text is the new readout, its live region the new status). Returns the stops, in order."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); scrollTo(0, 0); }")
    stops = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop == stops[0]):
            return stops
        assert stop["seen"], f"the focus went to something out of view: {stop}"
        stops.append(stop)
        if stop["slider"] >= 0:
            slider = page.locator("input[type=range]").nth(stop["slider"])
            figure = slider.locator("xpath=ancestor::div[contains(@class, 'som-figure')][1]")
            before = check_figure_speaks(figure)
            page.keyboard.press("ArrowLeft" if stop["value"] == stop["max"] else "ArrowRight")
            after = check_figure_speaks(figure)
            moved = [i for i, (a, b) in enumerate(zip(before["valuetexts"], after["valuetexts"])) if a != b]
            assert len(moved) == 1, f"one arrow key press changed the value texts {before['valuetexts']} to {after['valuetexts']}"
            assert (after["status"], after["canvas"]) != (before["status"], before["canvas"]), "the move changed nothing a screen reader gets"
    raise AssertionError(f"more than {MAX_TAB_STOPS} tab stops: the walk never reached the end of the page")


def check_keyboard_walk(page) -> list[dict]:
    stops = keyboard_walk(page)
    assert stops and "site-skip" in stops[0]["cls"], f"the first tab stop is not the skip link: {stops[:1]}"
    sliders = page.locator("input[type=range]").count()
    assert [s["slider"] for s in stops if s["slider"] >= 0] == list(range(sliders)), "a slider is not reached by Tab, or out of order"
    return stops


@pytest.mark.parametrize("href", [href for href, notebook in page_notebooks() if notebook is not None and notebook.name[:2] != "00"])
def test_keyboard_walk_reaches_and_moves_every_slider(href, server, browser):
    with OfflinePage(browser, allowed=server) as offline:
        page = offline.goto(server + href)
        stops = check_keyboard_walk(page)
        assert page.locator("input[type=range]").count() >= 1, f"{href}: no slider ({len(stops)} tab stops)"
        # the skip link goes to the content
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "content"
        assert not offline.errors, offline.errors


def test_the_keyboard_walk_fails_on_a_slider_out_of_the_tab_order(server, browser):
    href = next(h for h, n in page_notebooks() if n is not None and n.name.startswith("01"))
    with OfflinePage(browser, allowed=server) as offline:
        page = offline.goto(server + href)
        page.evaluate("() => document.querySelectorAll('input[type=range]')[1].setAttribute('tabindex', '-1')")
        with pytest.raises(AssertionError, match="not reached by Tab"):
            check_keyboard_walk(page)


ACCESSIBILITY_FIXTURE = """# 01 · A fixture

Read [the next page](https://example.org/next) before you run this, and call
`helpers.explorers.reported_loss_explorer(mistakes, batch_size=64)` once.

```python
x = 0.5  # a comment, and a number
```
"""


def test_axe_and_the_reflow_check_fail_on_the_site_as_it_was(tmp_path, browser):
    """The site's template with its accessibility fixes taken back out: axe finds the highlighting's
    contrast and the links told apart by colour alone; and a page that cuts content off fails the reflow check."""
    root = fixture_root(tmp_path, '<p>figure</p>')
    notebook = nbformat.read(root / "notebooks" / "01_fixture.ipynb", as_version=4)
    notebook.cells[0].source = ACCESSIBILITY_FIXTURE
    notebook.cells.append(nbformat.v4.new_code_cell("x = 0.5  # a comment\nif x in (0.5, 1): print(x)"))
    nbformat.write(notebook, root / "notebooks" / "01_fixture.ipynb")
    build_site.build_site(tmp_path / "site", root)
    with OfflinePage(browser, allowed="file://") as offline:
        page = offline.goto((tmp_path / "site" / "01_fixture.html").as_uri())
        assert axe_violations(page) == []
        check_reflow(page)
        # JupyterLab's own highlighting colours and link style, as the site had them
        page.add_style_tag(content="""body.site-page { --jp-mirror-editor-comment-color: #408080;
            --jp-mirror-editor-number-color: #080; --jp-mirror-editor-operator-color: #a2f; }
            .site-main a:not(.anchor-link) { text-decoration: none; }""")
        found = {v["id"] for v in axe_violations(page)}
        assert {"color-contrast", "link-in-text-block"} <= found, found
        # the markdown as it was laid out: long code does not wrap, and the input area cuts it off
        page.add_style_tag(content=""".jp-RenderedMarkdown { overflow: visible !important; overflow-wrap: normal !important; }
            .jp-InputArea { overflow: hidden; }""")
        page.set_viewport_size({"width": 320, "height": 640})
        with pytest.raises(AssertionError, match="cut"):
            check_reflow(page)
