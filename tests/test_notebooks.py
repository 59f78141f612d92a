"""The stored notebooks: a full clean run, sliders in the outputs, the course's conventions, working links.

nbval (strict) re-runs every notebook and compares its text outputs with these stored ones; this
file checks what nbval does not: that the stored outputs are a complete, clean run worth comparing.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# 00_start_here is the markdown-only start page (tests/test_launcher.py checks it).
NOTEBOOKS = sorted(p for p in [*(ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"), *(ROOT / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb")]
                   if not p.name.startswith("00_"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def load(path):
    return json.loads(path.read_text())


def code_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name.startswith("01_")
    assert any(p.parent.name == "solutions" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_one_clean_run(path):
    cells = code_cells(load(path))
    assert [cell["execution_count"] for cell in cells] == list(range(1, len(cells) + 1)), "re-run top to bottom"
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", cell["source"]
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), f"warning or error text: {output['text']}"
            text = json.dumps({k: v for k, v in output.get("data", {}).items() if not k.startswith("image/")})
            assert not re.search(r" at 0x[0-9a-f]+", text), "a memory address in an output"
            assert not re.search(r"(/tmp/|/root/|/home/|site-packages)", text + "".join(output.get("text", ""))), "a machine path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_enough_cells_have_compared_text_outputs(path):
    compared = [
        cell for cell in code_cells(load(path))
        if "nbval-ignore-output" not in cell["metadata"].get("tags", [])
        and any(o["output_type"] == "stream" or set(o.get("data", {})) - {WIDGET_VIEW} for o in cell["outputs"])
    ]
    assert len(compared) >= (12 if path.name.startswith("04_") else 10)  # the bars set by issues 2, 3 and 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_live_figures_show_without_a_kernel(path):
    """Every live figure is stored as two outputs: its picture with alt text, for viewers that run no
    JavaScript (GitHub, an untrusted notebook, a printout), then its sliders, whose script draws in the
    page from that same picture (stored once); no widget state is left in the notebook."""
    notebook = load(path)
    figures = 0
    for cell in code_cells(notebook):
        outputs = [o.get("data", {}) for o in cell["outputs"]]
        for k, data in enumerate(outputs):
            html = "".join(data.get("text/html", ""))
            if 'class="som-figure"' not in html:
                continue
            figures += 1
            assert set(data) == {"text/html", "text/plain"} and k > 0, "the sliders come right after their picture"
            picture = outputs[k - 1]
            assert set(picture) == {"image/png", "text/plain"} and "".join(picture["text/plain"]).startswith("Live figure")
            png = "".join(picture["image/png"]).strip()
            assert len(png) > 1000 and f'"picture_tail":"{png[-64:]}"' in html, "the sliders draw from the picture before them"
            assert png not in html, "the picture is stored twice"
            assert html.count('class="som-slider"') == html.count('data-lm-suppress-shortcuts="true"') >= 1
    assert figures >= 1 or path.name.startswith("00_")
    assert "widgets" not in notebook["metadata"]
    for cell in code_cells(notebook):
        outputs = [o.get("data", {}) for o in cell["outputs"]]
        for k, data in enumerate(outputs):
            if WIDGET_VIEW in data:  # only a lab bench's view, right after the note a viewer without a kernel shows
                assert k > 0 and 'class="som-bench-note"' in "".join(outputs[k - 1].get("text/html", "")), \
                    "a widget view is stored without the note that stands in for it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_execution_timings_are_stored(path):
    """Timings change on every run: stored, they would make every regeneration a diff."""
    assert not [cell["id"] for cell in load(path)["cells"] if "execution" in cell.get("metadata", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_files_are_small(path):
    """Issue 14: a notebook file of about 150 KB at most, so it opens fast and its changes read in review.
    A solution notebook also holds the autograder's hidden tests (every option's feedback) and their outputs."""
    limit = 155_000 if path.parent.name == "solutions" else 150_000
    assert path.stat().st_size <= limit, f"{path.name}: {path.stat().st_size} bytes"


def test_the_stored_notebooks_show_live_figures():
    outputs = [json.dumps(o) for path in NOTEBOOKS for cell in code_cells(load(path)) for o in cell["outputs"]]
    assert sum(o.count('class=\\"som-slider\\"') for o in outputs) >= 2, "live figures with sliders in the stored notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_course_conventions_and_links(path):
    notebook = load(path)
    text = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    assert "Learning objectives" in text and "## Takeaway" in text and "Exercise" in "".join(
        "".join(c["source"]) for c in notebook["cells"])
    links = re.findall(r"\]\(([^)#]+\.ipynb)\)", text)
    assert links, "links to the previous and next notebooks"
    for link in links:
        assert (path.parent / link).exists(), f"broken link to {link}"
    plumbing = [c for c in code_cells(notebook) if "def " in "".join(c["source"]) and "exercises.check" not in "".join(c["source"])]
    assert not plumbing, "functions belong in helpers/ (only coding exercises define one)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_live_figure_has_a_prediction_before_it_and_the_answer_after_it(path):
    """Predict, then check: a Markdown cell asking for a prediction comes before each live figure (with no
    other live figure between), and the explanation follows in a collapsed <details> block."""
    cells = load(path)["cells"]
    live = [i for i, cell in enumerate(cells) if cell["cell_type"] == "code" and any(
        "som-figure" in "".join(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", []))]
    assert live, "a notebook without a live figure"
    for before, index in zip([-1, *live], live):
        asked = ["".join(c["source"]) for c in cells[before + 1:index] if c["cell_type"] == "markdown"]
        assert any("Predict" in text for text in asked), f"cell {index}: no prediction asked before this live figure"
        after = next(("".join(c["source"]) for c in cells[index + 1:] if c["cell_type"] == "markdown"), "")
        assert "<details>" in after, f"cell {index}: the answer does not follow in a <details> block"
