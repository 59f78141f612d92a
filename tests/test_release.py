"""The students' release (scripts/make_release.py --students): what a student needs, and no answer.

The leak search (tests/answer_leaks.py) reads the answers from the solution notebooks and looks for
them in every file of the release; a test plants each kind of leak in a copy and shows that it is
found, while the ordinary numbers of the course are not taken for answers.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

import answer_leaks
from answer_leaks import Leak, find_leaks, solution_answers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "binder"))
import links  # noqa: E402
import make_release  # noqa: E402

STUDENT_COPY = {"start.py", "pyproject.toml", "requirements", "environment.yml", "helpers", "notebooks", "README.md",
                "binder", "LICENSE", ".gitignore", "my-work", make_release.MANIFEST}
NOTEBOOK_RUN_FROM_THE_COPY = "02_why_the_gradient_scales.ipynb"


@pytest.fixture(scope="module")
def answers():
    return solution_answers()


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release") / "students"
    assert make_release.main(["--students", str(folder), "--repository", "teacher/course", "--branch", "spring"]) == 0
    return folder


def test_the_copy_holds_what_a_student_needs_and_nothing_else(release):
    assert {p.name for p in release.iterdir()} == STUDENT_COPY
    assert not list(release.rglob("usual_mistakes*")), "the usual mistakes' relations stay with the instructor"
    notebooks = {p.name for p in (release / "notebooks").iterdir()}
    assert notebooks == {p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")} | {"course_setup.py"}
    assert {p.as_posix() for p in (release / "requirements").rglob("*") if p.is_file()} == {
        (release / make_release.launcher_lock()).as_posix()}, "the launcher's requirements, and only those"
    assert not list(release.rglob("__pycache__")) and not list(release.rglob("*solution*"))
    for name in ("01_reporting_and_learning_rate.ipynb", "07_reduction_and_optimizers.ipynb"):
        copied = nbformat.read(release / "notebooks" / name, as_version=4)
        assert copied == nbformat.read(ROOT / "notebooks" / name, as_version=4), "the student notebooks, stored outputs and all"
    project = tomllib.loads((release / "pyproject.toml").read_text(encoding="utf-8"))
    assert "optional-dependencies" not in project["project"] and "pytest" not in project.get("tool", {})
    assert project["tool"]["course"] == {"repository": "teacher/course", "branch": "spring"}, \
        "the copy names where it is published (its static site's Binder buttons open the copy, not the solutions)"
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert links.launch_link("teacher/course", "spring") in readme and "hidden" in readme and "nbgrader" in readme
    assert len(readme.split()) < 500, "a short README"


def test_the_copys_binder_trusts_its_notebooks_and_names_no_solutions(release):
    post_build = (release / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "jupyter trust notebooks/*.ipynb\n" in post_build and "set -e" in post_build
    assert "instructor" not in post_build and "solution" not in post_build
    course = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert post_build == course.replace(make_release.SOLUTIONS_TRUST, ""), "the course's postBuild, one clause less"


def test_every_relative_link_in_the_copy_resolves(release):
    for path in [release / "README.md", *(release / "notebooks").glob("*.ipynb")]:
        text = answer_leaks.file_text(path)
        for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", text):
            if "://" not in target and not target.startswith("mailto:"):
                assert (path.parent / target).exists(), f"{path.relative_to(release)} links to {target}, which the copy lacks"
        assert "mybinder.org" not in text or "teacher/course/spring" in text, f"{path.name}: Binder opens the students' branch"


def test_no_answer_appears_in_any_file_of_the_copy(release, answers):
    # every exercise's answer is searched for (33 exercises in notebooks 01-07 when this was written)
    assert min(map(len, (answers.numbers, answers.choices, answers.code))) >= 6
    assert len(answers.numbers) + len(answers.choices) + len(answers.code) >= 33
    leaks = find_leaks(release, answers)
    assert not leaks, "answers in the students' copy:\n" + "\n".join(map(str, leaks))


def test_the_leak_search_finds_planted_leaks_and_leaves_ordinary_numbers(release, answers, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(release, planted)
    expected: set[tuple[str, str]] = set()
    notebook_path = planted / "notebooks" / "01_reporting_and_learning_rate.ipynb"
    notebook = nbformat.read(notebook_path, as_version=4)
    lines = []
    for exercise_id, (value, expression) in answers.numbers.items():
        rounded = f"{value:.3g}"
        if answer_leaks.significant_digits(rounded) >= 3:
            lines.append(f"By the way, it comes to {rounded} here.")          # a distinctive number, anywhere
        else:
            lines.append(f"The answer is {rounded}, as it happens.")           # a short one, given as the answer
        lines.append(f"x = {expression}")
        expected |= {(exercise_id, "number answer"), (exercise_id, "number answer's expression")}
    for exercise_id, options in answers.choices.items():
        right = next(o for o, (r, _) in options.items() if r)
        lines.append(f"Exercise {exercise_id}: the answer is **{right}**.")
        wrong = next(o for o, (r, _) in options.items() if not r)
        lines.append(options[wrong][1])
        expected |= {(exercise_id, "choice answer"), (exercise_id, f"feedback for option {wrong}")}
    notebook.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
    notebook.cells.append(nbformat.v4.new_code_cell(
        "\n".join(f'answer = "{next(o for o, (r, _) in options.items() if r)}"' for options in answers.choices.values())))
    nbformat.write(notebook, notebook_path)
    for exercise_id, code in answers.code.items():   # a solution line in the package, spaced otherwise
        with open(planted / "helpers" / "exercises" / "__init__.py", "a", encoding="utf-8") as stream:
            stream.write("\n\ndef _planted():\n        " + code[0].replace(" ", "  ") + "\n")
        expected.add((exercise_id, "coding solution"))
    assert len(answers.mistakes) >= 10, "the usual mistakes of every number exercise are searched for"
    for exercise_id, mistakes in answers.mistakes.items():  # a usual mistake's spec back in its notebook's module
        relation, hint = mistakes[-1]
        with open(planted / "helpers" / "exercises" / f"nb{exercise_id[:2]}.py", "a", encoding="utf-8") as stream:
            stream.write(f"\n_PLANTED = Mistake({relation},\n                   {hint!r})\n")
        expected |= {(exercise_id, "usual mistake's relation"), (exercise_id, "usual mistake's hint"),
                     ("any", "usual mistake spec (a relation to the answer)")}
    found = {(leak.exercise_id, leak.what) for leak in find_leaks(planted, answers)}
    assert expected <= found, f"planted but not found: {sorted(expected - found)}"

    # The copy is full of short numbers that happen to equal an answer; none of them is taken for one.
    ordinary = [(exercise_id, f"{value:g}") for exercise_id, (value, _) in answers.numbers.items()
                if answer_leaks.significant_digits(f"{value:g}") < 3]
    text = "\n".join(answer_leaks.file_text(p) for p in release.rglob("*") if p.is_file())
    present = [(exercise_id, form) for exercise_id, form in ordinary if answer_leaks._number_pattern(form).search(text)]
    assert len(present) >= 3, f"expected ordinary numbers such as {ordinary} in the copy, found {present}"

    # A three-digit answer in a printed table is a computed value that happens to agree; in a sentence, a leak.
    exercise_id, form = next((i, f"{v:.3g}") for i, (v, _) in answers.numbers.items()
                             if answer_leaks.significant_digits(f"{v:.3g}") == 3)
    table, sentence = tmp_path / "table", tmp_path / "sentence"
    for folder, line in ((table, f"  scheme   [0.5  0.25 {form}  0.75]"), (sentence, f"A penalty of {form} per batch.")):
        folder.mkdir()
        (folder / "README.md").write_text(line + "\n", encoding="utf-8")
    assert not find_leaks(table, answers)
    assert (exercise_id, "number answer") in {(leak.exercise_id, leak.what) for leak in find_leaks(sentence, answers)}


def test_a_leak_is_reported_with_its_place():
    leak = Leak("notebooks/01_x.ipynb", "01.1", "number answer", "12")
    assert str(leak) == "notebooks/01_x.ipynb: exercise 01.1's number answer: '12'"


def test_a_student_notebook_runs_from_the_copy(release):
    """The copy's own helpers/ (not the repository's) computes a student notebook, cell by cell, as stored."""
    import nbclient

    path = release / "notebooks" / NOTEBOOK_RUN_FROM_THE_COPY
    stored = nbformat.read(path, as_version=4)
    run = nbformat.read(path, as_version=4)
    run.cells.append(nbformat.v4.new_code_cell("import helpers; print(helpers.__file__)"))
    nbclient.NotebookClient(run, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    assert Path(run.cells[-1].outputs[0]["text"].strip()).is_relative_to(release)

    def texts(notebook):
        """Each code cell's text outputs, with its stream chunks joined: a busy machine may flush one print in two."""
        cells = []
        for cell in notebook.cells:
            if cell.cell_type == "code":
                shown = []
                for o in cell.get("outputs", []):
                    if o.get("output_type") == "stream" and shown and shown[-1][0] == o["name"]:
                        shown[-1] = (o["name"], shown[-1][1] + o["text"])
                    elif o.get("output_type") != "error":
                        shown.append((o.get("name"), o.get("text", o.get("data", {}).get("text/plain"))))
                cells.append(shown)
        return cells
    assert texts(run)[:-1] == texts(stored)
    assert not [o for cell in run.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def test_the_copys_helpers_hold_their_data(release):
    """Notebook 08 reads its digits from helpers/datasets/: the copy's own helpers find them."""
    code = ("import helpers.digits as d; features, labels = d.load_digits(); "
            "print(d.__file__); print(features.shape[0] == labels.shape[0] == d.N_DIGITS)")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", code], cwd=release, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    where, loaded = result.stdout.split()
    assert Path(where).is_relative_to(release) and loaded == "True"


def test_release_refuses_a_folder_it_did_not_write(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.tex").write_text("keep me")
    assert make_release.main(["--students", str(folder)]) == 1
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1 and message.endswith(".") and "did not write" in message, message
    assert [p.name for p in folder.iterdir()] == ["thesis.tex"] and (folder / "thesis.tex").read_text() == "keep me"
    assert make_release.main(["--nbgrader", str(folder / "thesis.tex")]) == 1


def test_release_refuses_a_release_of_the_other_kind(tmp_path, capsys):
    students, grading = tmp_path / "students", tmp_path / "grading"
    assert make_release.main(["--students", str(students), "--repository", "teacher/course"]) == 0
    assert make_release.main(["--nbgrader", str(grading)]) == 0
    before = {folder: sorted(p.relative_to(folder) for p in folder.rglob("*")) for folder in (students, grading)}
    capsys.readouterr()
    for kind, folder in (("--nbgrader", students), ("--students", grading)):
        assert make_release.main([kind, str(folder)]) == 1
        message = capsys.readouterr().err.strip()
        assert len(message.splitlines()) == 1 and "release, not a" in message, message
        assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before[folder], "nothing deleted or written"


def test_a_notebook_saved_in_my_work_finds_the_course(release):
    for course in (ROOT, release):
        ran = subprocess.run([sys.executable, "-c", "import course_setup, helpers; print(helpers.__file__)"],
                             cwd=course / "my-work", capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})
        assert ran.returncode == 0, ran.stderr
        assert Path(ran.stdout.strip()).resolve() == (course / "helpers" / "__init__.py").resolve()
    ignored = (release / ".gitignore").read_text().splitlines()
    assert ".venv/" in ignored and "my-work/*" in ignored and "!my-work/course_setup.py" in ignored


def test_release_again_replaces_only_what_it_wrote(tmp_path, capsys):
    folder = tmp_path / "course"
    assert make_release.main(["--nbgrader", str(folder)]) == 0
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/student\n")
    (folder / "gradebook.db").write_text("nbgrader's")
    stale = folder / "source" / "99_retired" / "99_retired.ipynb"
    manifest = json.loads((folder / make_release.MANIFEST).read_text())
    stale.parent.mkdir()
    stale.write_text("{}")
    manifest["files"]["source/99_retired/99_retired.ipynb"] = make_release._digest(b"{}")
    (folder / make_release.MANIFEST).write_text(json.dumps(manifest))
    assert make_release.main(["--nbgrader", str(folder)]) == 0
    assert not stale.parent.exists(), "a file it wrote before and no longer writes is removed, with its emptied folder"
    assert (folder / ".git" / "HEAD").exists() and (folder / "gradebook.db").read_text() == "nbgrader's"

    (folder / "nbgrader_config.py").write_text("c = get_config()  # my own settings\n")
    capsys.readouterr()
    assert make_release.main(["--nbgrader", str(folder)]) == 1
    assert "changed since" in capsys.readouterr().err
    assert (folder / "nbgrader_config.py").read_text() == "c = get_config()  # my own settings\n"


def test_nbgitpuller_link_is_built_like_binders():
    link = links.nbgitpuller_link("https://hub.example.edu/", "teacher/course", "spring")
    assert link == ("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fteacher%2Fcourse"
                    "&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F00_start_here.ipynb&branch=spring")
    printed = subprocess.run([sys.executable, str(ROOT / "binder" / "links.py"), "--print", "--branch", "spring",
                              "--repository", "teacher/course", "--hub", "https://hub.example.edu"],
                             capture_output=True, text=True, check=True).stdout
    assert f"nbgitpuller: {link}" in printed and links.launch_link("teacher/course", "spring") in printed
