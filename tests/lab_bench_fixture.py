"""The fixture notebook of the lab bench tests, ``tests/lab_bench_fixture.ipynb``: one bench per factory of
:mod:`helpers.lab_bench`, each on the data its notebook uses.

    .venv/bin/python tests/lab_bench_fixture.py     # writes the notebook and its stored outputs again

It is executed with nbclient and saved without widget state (as the course saves its notebooks), so each
bench's stored outputs are its note and an empty widget view's text: strict nbval compares them
(pytest collects the notebook), and tests/test_lab_bench_browser.py drives the benches in JupyterLab.
"""

from __future__ import annotations

import json
from pathlib import Path

FIXTURE = Path(__file__).with_suffix(".ipynb")

CELLS = [
    ("markdown", "title", "# Lab benches (a test fixture)\n\nOne lab bench per notebook whose subject is a training run, "
                          "on that notebook's data. `tests/test_lab_bench_browser.py` drives them in JupyterLab; "
                          "`python tests/lab_bench_fixture.py` writes this notebook again."),
    ("code", "imports", "import helpers\nimport helpers.digits\nimport numpy as np\n\nfrom helpers import lab_bench"),
    ("code", "bench-01", "features, labels = helpers.make_two_gaussians(1024, seed=0)  # notebook 01\n"
                         "X = helpers.add_bias_column(features)\n"
                         "lab_bench.learning_rate_bench(X, labels, batch_size=48, learning_rate=0.03, epochs=10)"),
    ("code", "bench-03", "features, labels = helpers.make_two_gaussians(512, label_noise=0.1, offset=(1.0, 1.0), seed=0)  # notebook 03\n"
                         "test_features, test_labels = helpers.make_two_gaussians(2048, label_noise=0.1, offset=(1.0, 1.0), seed=1)\n"
                         "lab_bench.regularization_bench(helpers.add_bias_column(features), labels,\n"
                         "                               helpers.add_bias_column(test_features), test_labels)"),
    ("code", "bench-05", "scales = np.sqrt(np.geomspace(1.0, 0.05, 8))  # notebook 05\n"
                         "X, y, _ = helpers.make_linear_regression(4096, 8, noise=1.0, feature_scales=scales, seed=0)\n"
                         "lab_bench.best_rate_bench(X, y)"),
    ("code", "bench-07", "X, y, _ = helpers.make_linear_regression(1024, 4, noise=1.0, feature_scales=np.array([0.5, 1.0, 1.5, 2.0]),\n"
                         "                                        seed=0)  # notebook 07\n"
                         "lab_bench.optimizer_bench(X, y)"),
    ("code", "bench-08", "X, y, X_test, y_test = helpers.digits.split_digits(1024, seed=0)  # notebook 08\n"
                         "lab_bench.network_bench(X, y, X_test, y_test, layer_sizes=(64, 16, 10), batch_size=8, learning_rate=0.4,\n"
                         "                        epochs=10)"),
]


def build() -> None:
    """Write the notebook, execute it (no widget state kept) and save it with its outputs."""
    import nbclient
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata.update({"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                              "language_info": {"name": "python"}})
    for kind, cell_id, source in CELLS:
        cell = (nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell)(source)
        cell.id = cell_id
        notebook.cells.append(cell)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False, store_widget_state=False,
                            resources={"metadata": {"path": str(FIXTURE.parent)}}).execute()
    text = json.dumps(json.loads(nbformat.writes(notebook)), indent=1, ensure_ascii=False) + "\n"
    FIXTURE.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    build()
    print(f"wrote {FIXTURE}")
