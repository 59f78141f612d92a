"""Build the course's static site from the executed notebooks.

    python scripts/build_site.py            # -> build/site/index.html
    python scripts/build_site.py --out DIR
    python scripts/build_site.py --serve    # then serve it on 127.0.0.1

Every page is rendered by nbconvert from the outputs stored in the notebooks (nothing is executed),
inside the template ``site/templates/course``: JupyterLab's look, a header with a launch-on-Binder
button, a table of contents and previous/next links. Pages, in order:

- the start page ``notebooks/00_start_here.ipynb`` as ``index.html`` (a generated table of contents
  when it does not exist);
- the student notebooks ``notebooks/NN_name.ipynb`` (NN from 01), in file-name order;
- the sources page, ``site/sources.md`` followed by the list of the notebooks to download.

Nothing on a page loads from another machine: no require.js, no widget manager and no MathJax.
The math of the Markdown is written as MathML at build time (``latex2mathml``), which browsers draw
natively; each live figure is its picture (``image/png``) followed by a ``text/html`` output whose
inline script and data draw it in the page. The pages only link to each other and to ``assets/``, so the site works from
``file://`` too. Links between notebooks (``02_x.ipynb#part``) become links between pages; other
relative links point to the file in the repository on GitHub.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import posixpath
import re
import shutil
import sys
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import nbformat
from jinja2 import pass_context
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

ROOT = Path(__file__).resolve().parents[1]
COURSE_TITLE = "Sum or Mean?"
# The repository's "owner/name" and branch, for the Binder and GitHub links: read from pyproject.toml's
# [tool.course] table ("repository", "branch"), the one place that names them; these are the fallbacks.
DEFAULT_REPOSITORY = "sum-or-mean/sum-or-mean"
DEFAULT_BRANCH = "main"
START_PAGE = "notebooks/00_start_here.ipynb"
SOURCES_PAGE = "site/sources.md"
TEMPLATES = ROOT / "site" / "templates"
ASSETS = ROOT / "site" / "assets"


@dataclass(frozen=True)
class Page:
    """One page of the site: where it comes from and where it goes."""

    source: Path  # a notebook (.ipynb) or a Markdown file (.md); links in the page are relative to it
    href: str  # the page's file name in the site
    title: str
    binder_path: str  # the file Binder's JupyterLab opens for this page
    markdown: str | None = None  # the text of a generated page (no source file)
    download: str | None = None  # the notebook's copy in the site, for the download button


def course_repository(root: Path = ROOT) -> tuple[str, str]:
    """The repository's ``owner/name`` and branch: pyproject.toml's ``[tool.course]``, else the defaults."""
    pyproject = root / "pyproject.toml"
    table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("course", {}) if pyproject.exists() else {}
    slug = table.get("repository", DEFAULT_REPOSITORY)
    branch = table.get("branch", DEFAULT_BRANCH)
    if not isinstance(slug, str) or not re.fullmatch(r"[\w.-]+/[\w.-]+", slug):
        raise ValueError(f'pyproject.toml: [tool.course] repository must be "owner/name", got {slug!r}')
    if not isinstance(branch, str) or not re.fullmatch(r"[\w./-]+", branch):
        raise ValueError(f"pyproject.toml: [tool.course] branch must be a branch name, got {branch!r}")
    return slug, branch


def binder_url(repository: tuple[str, str], path: str) -> str:
    """The mybinder.org link that opens ``path`` (relative to the repository) in JupyterLab."""
    slug, branch = repository
    return f"https://mybinder.org/v2/gh/{slug}/{quote(branch)}?urlpath=lab/tree/{quote(path)}"


def github_url(repository: tuple[str, str], path: str, folder: bool = False) -> str:
    """The GitHub page of ``path``, a file (or a ``folder``) relative to the repository's root."""
    slug, branch = repository
    if path in ("", "."):
        return f"https://github.com/{slug}"
    return f"https://github.com/{slug}/{'tree' if folder else 'blob'}/{quote(branch)}/{quote(path)}"


def markdown_title(text: str, fallback: str) -> str:
    """The text of the first level-1 heading of a Markdown text, without Markdown emphasis."""
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return re.sub(r"[*_`]", "", match.group(1)) if match else fallback


def notebook_title(path: Path) -> str:
    """The first level-1 heading of a notebook's Markdown cells, else its file name."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and re.search(r"^#\s", cell.source, flags=re.MULTILINE):
            return markdown_title(cell.source, path.stem)
    return path.stem


def student_notebooks(root: Path) -> list[Path]:
    """``notebooks/NN_name.ipynb`` from 01 on (the students' notebooks; the solutions live in instructor/)."""
    return sorted(p for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_"))


def collect_pages(root: Path = ROOT) -> list[Page]:
    """The site's pages in reading order (see the module docstring)."""
    notebooks = student_notebooks(root)
    start = root / START_PAGE
    pages = []
    if start.exists():
        pages.append(Page(start, "index.html", notebook_title(start), START_PAGE, download=f"notebooks/{start.name}"))
    else:
        first = notebooks[0].relative_to(root).as_posix() if notebooks else "notebooks"
        pages.append(Page(start, "index.html", COURSE_TITLE, first, markdown=_generated_index(root, notebooks)))
    for path in notebooks:
        relative = path.relative_to(root).as_posix()
        pages.append(Page(path, f"{path.stem}.html", notebook_title(path), relative, download=f"notebooks/{path.name}"))
    # The sources page's text belongs to the site (this repository's site/ folder), whatever ``root`` is.
    text = (ROOT / SOURCES_PAGE).read_text(encoding="utf-8") + _notebook_list(root, notebooks, start)
    pages.append(Page(root / SOURCES_PAGE, "sources.html", markdown_title(text, "Sources"), pages[0].binder_path, markdown=text))
    return pages


def _generated_index(root: Path, notebooks: list[Path]) -> str:
    lines = [f"# {COURSE_TITLE}", "", "The course's notebooks, in order:", ""]
    lines += [f"{i}. [{notebook_title(p)}]({p.name})" for i, p in enumerate(notebooks, start=1)]
    return "\n".join(lines) + "\n"


def _notebook_list(root: Path, notebooks: list[Path], start: Path) -> str:
    files = ([start] if start.exists() else []) + notebooks
    lines = ["", "## The notebooks of this site", "",
             "Each page is one of these notebooks as it was last run; download one to run it yourself:", ""]
    lines += [f"- [{notebook_title(p)}](../notebooks/{p.name}) ([{p.name}](notebooks/{p.name}))" for p in files]
    return "\n".join(lines) + "\n"


def tex_to_mathml(tex: str, display: str) -> str:
    """MathML for a TeX formula (``display``: "inline" or "block"); a clear error when it cannot be converted."""
    try:
        return latex_to_mathml(tex, display=display)
    except Exception as error:  # latex2mathml raises its own exception types, and some builtin ones
        raise ValueError(f"cannot write the TeX formula {tex!r} as MathML ({type(error).__name__}: {error})") from error


class MathMLRenderer(IPythonRenderer):
    """nbconvert's Markdown renderer, writing TeX math as MathML and mapping links with ``link_target(url) -> url``."""

    def __init__(self, *args, link_target=lambda url: url, **kwargs):
        super().__init__(*args, **kwargs)
        self._link_target = link_target

    def block_math(self, body: str) -> str:
        return tex_to_mathml(body, "block")

    def inline_math(self, body: str) -> str:
        return tex_to_mathml(body, "inline")

    def latex_environment(self, name: str, body: str) -> str:
        return tex_to_mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", "block")

    def link(self, text: str, url: str, title: str | None = None) -> str:
        return super().link(text, self._link_target(url), title)


class SiteExporter(HTMLExporter):
    """HTMLExporter with MathML math, and Markdown links mapped by ``resources["link_target"]``."""

    @pass_context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        resources = context.get("resources", {})
        renderer = MathMLRenderer(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=resources.get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            link_target=resources.get("link_target", lambda url: url),
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(source)


def make_exporter() -> SiteExporter:
    exporter = SiteExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="course")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def link_mapper(page: Page, pages: list[Page], root: Path, repository: tuple[str, str]):
    """A function mapping a link written in ``page``'s source to a link that works in the site."""
    targets = {p.source.relative_to(root).as_posix(): p.href for p in pages if p.markdown is None or p.href == "index.html"}
    downloads = {p.download for p in pages if p.download}
    source_dir = page.source.parent.relative_to(root).as_posix()

    def target(url: str) -> str:
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", url, flags=re.IGNORECASE):
            return url  # absolute, in-page or site-absolute: leave it
        path, _, fragment = url.partition("#")
        if page.markdown is not None and path in downloads:
            return url  # a generated page's link to a notebook the site ships for download
        resolved = posixpath.normpath(posixpath.join(source_dir, path)) if path else ""
        if resolved in targets:
            return targets[resolved] + (f"#{fragment}" if fragment else "")
        if resolved.startswith(".."):
            return url
        return github_url(repository, resolved, (root / resolved).is_dir() or path.endswith("/")) + (f"#{fragment}" if fragment else "")

    return target


def page_notebook(page: Page) -> nbformat.NotebookNode:
    """The notebook rendered for ``page``: the stored notebook without widget state, or a Markdown page."""
    if page.markdown is not None or page.source.suffix == ".md":
        text = page.markdown if page.markdown is not None else page.source.read_text(encoding="utf-8")
        notebook = nbformat.v4.new_notebook()
        notebook.cells.append(nbformat.v4.new_markdown_cell(text, id=Path(page.href).stem))  # a fixed id: repeatable builds
        return notebook
    notebook = nbformat.read(page.source, as_version=4)
    # Saved ipywidgets state needs a widget manager and a kernel to be of use; without it nbconvert
    # drops the widget views and shows each output's next representation (the live figure's HTML,
    # or its picture).
    notebook.metadata.pop("widgets", None)
    return notebook


def render_page(page: Page, pages: list[Page], exporter: SiteExporter, root: Path, repository: tuple[str, str]) -> str:
    """The HTML of one page."""
    index = pages.index(page)
    site = {
        "root": "",
        "course_title": COURSE_TITLE,
        "binder_url": binder_url(repository, page.binder_path),
        "download_href": page.download,
        "toc": [{"href": p.href, "title": p.title, "current": p is page} for p in pages],
        "previous": {"href": pages[index - 1].href, "title": pages[index - 1].title} if index > 0 else None,
        "next": {"href": pages[index + 1].href, "title": pages[index + 1].title} if index + 1 < len(pages) else None,
    }
    resources = {"metadata": {"name": f"{page.title} · {COURSE_TITLE}" if index else page.title,
                              "path": str(page.source.parent)},
                 "site": site, "link_target": link_mapper(page, pages, root, repository)}
    body, _ = exporter.from_notebook_node(page_notebook(page), resources=resources)
    return body


def write_assets(exporter: SiteExporter, out: Path) -> None:
    """JupyterLab's notebook CSS (from nbconvert's lab template) and the site's own, once for all pages."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    environment = exporter.environment
    for name, target in (("static/index.css", "jupyterlab.css"), ("static/theme-light.css", "jupyterlab-theme-light.css")):
        (assets / target).write_text(environment.loader.get_source(environment, name)[0], encoding="utf-8")
    for path in ASSETS.iterdir():
        shutil.copy2(path, assets / path.name)


def never_run(pages: list[Page]) -> list[Path]:
    """Notebooks with code cells but no executed one: their pages would show no outputs at all."""
    found = []
    for page in pages:
        if page.markdown is None and page.source.suffix == ".ipynb":
            code = [c for c in nbformat.read(page.source, as_version=4).cells if c.cell_type == "code"]
            if code and all(c.get("execution_count") is None for c in code):
                found.append(page.source)
    return found


def build_site(out: Path = ROOT / "build" / "site", root: Path = ROOT) -> list[Path]:
    """Build the site into ``out`` from the notebooks under ``root``; return the pages written.

    ``out`` must be new, empty, or a site built before (which is replaced).
    """""
    root = Path(root).resolve()
    out = Path(out).resolve()
    repository = course_repository(root)
    pages = collect_pages(root)
    if out.exists() and any(out.iterdir()):
        if not (out / "assets" / "site.css").exists():  # never empty a folder that is not a site built here
            raise ValueError(f"--out {out} is a folder that holds something other than a built site; choose an empty or new folder")
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    exporter = make_exporter()
    write_assets(exporter, out)
    written = []
    for page in pages:
        if page.download:
            shutil.copy2(page.source, out / page.download)
        target = out / page.href
        target.write_text(render_page(page, pages, exporter, root, repository), encoding="utf-8")
        written.append(target)
    return written


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port) in a background thread; yields its base URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site", help="output folder: new, empty, or a site built before, which is replaced (default: build/site)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course to build: a folder with notebooks/ (default: this repository)")
    parser.add_argument("--serve", action="store_true", help="then serve the site on 127.0.0.1 until interrupted")
    arguments = parser.parse_args(argv)
    start = time.perf_counter()
    written = build_site(arguments.out, arguments.root)
    for path in never_run(collect_pages(arguments.root.resolve())):
        print(f"warning: {path} has never been run: its page shows no outputs (execute it first)", file=sys.stderr)
    if arguments.serve:
        with serve(arguments.out) as url:
            print(f"serving {url}index.html (Ctrl-C stops)")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                pass
    print(f"{len(written)} pages in {time.perf_counter() - start:.1f} s: {arguments.out.resolve() / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
