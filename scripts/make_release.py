"""Write the course's two releases: the students' copy, and an nbgrader course directory.

    python scripts/make_release.py --students DIR     # what students get: no solutions, no guide, no tests
    python scripts/make_release.py --nbgrader DIR     # nbgrader_config.py, source/<assignment>/, helpers/

``--students DIR`` writes what a student needs to install, open, run and self-check the course:
the launcher ``start.py`` with the runtime requirements it installs, ``helpers/``, the student
notebooks with their stored outputs (and ``notebooks/course_setup.py``), a short student README,
``binder/`` and the licence; nothing of ``instructor/`` (the solutions, the guide, the numbers' usual
mistakes, whose hints reach students only scrambled in the keys). Its Binder links open ``--repository`` at ``--branch`` (default:
``[tool.course]``'s repository, branch ``student``), where the instructor publishes it.

``--nbgrader DIR`` writes an nbgrader course directory: ``nbgrader_config.py``, one assignment per
notebook in ``source/<NN_name>/`` (the solution notebook, and ``course_setup.py`` beside it) and
``helpers/`` at the top, which every notebook below it finds. In ``DIR``,
``nbgrader generate_assignment NN_name`` and ``nbgrader autograde NN_name`` run as they are.

``DIR`` must be new, empty, or a release this script wrote (it keeps a list of what it wrote, with
each file's hash, in ``DIR/.course-release.json``): then only those files are replaced, and anything
else in ``DIR`` (a ``.git`` folder, nbgrader's ``release/``, ``submitted/``, ``gradebook.db``) stays.
Run the students' release after ``python scripts/make_student_notebooks.py``: it copies the
committed notebooks as they are.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "binder"))
import links  # noqa: E402  (binder/links.py: the Binder links)
import make_student_notebooks  # noqa: E402  (the nbgrader configuration)

MANIFEST = ".course-release.json"
STUDENT_BRANCH = "student"
STUDENT_README = ROOT / "scripts" / "student_readme.md"
MY_WORK_SETUP = "my-work/course_setup.py"
STUDENT_GITIGNORE = ".venv/\n__pycache__/\n.ipynb_checkpoints/\nmy-work/*\n!my-work/course_setup.py\n"
"""What git leaves out of a student's copy: the installed packages, caches and the student's own work."""
SOURCE_ONLY_SECTIONS = ("project.optional-dependencies", "tool.pytest.ini_options")
"""Sections of pyproject.toml a student's copy leaves out: the development tools and the tests' settings."""


class ReleaseRefused(Exception):
    """DIR holds files this script did not write: said in one sentence, nothing touched."""


def launcher_lock(root: Path = ROOT) -> str:
    """The requirements file ``start.py`` installs for students (relative to the root), read from ``start.RUNTIME_LOCK``."""
    spec = importlib.util.spec_from_file_location("course_launcher", root / "start.py")
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    return Path(launcher.RUNTIME_LOCK).as_posix()


def package_files(root: Path = ROOT) -> list[str]:
    """Every file of the ``helpers`` package: sources, page scripts and data (notebook 08's digits); no caches."""
    files = (p.relative_to(root) for p in (root / "helpers").rglob("*") if p.is_file() and p.suffix != ".pyc")
    return sorted(p.as_posix() for p in files if not any(part == "__pycache__" or part.startswith(".") for part in p.parts))


def student_pyproject(text: str, repository: str, branch: str) -> str:
    """pyproject.toml without :data:`SOURCE_ONLY_SECTIONS` (a student installs the runtime only), its
    ``[tool.course]`` naming the repository and branch that hold the students' copy (the static site built
    from the copy, ``build_site.py --root``, then links there, not to the course's own repository).

    >>> student_pyproject('[project]\\nname = "x"\\n\\n[tool.pytest.ini_options]\\naddopts = "-q"\\n\\n'
    ...                   '[tool.course]\\nrepository = "a/b"\\nbranch = "main"\\n', "t/s", "student")
    '[project]\\nname = "x"\\n\\n[tool.course]\\nrepository = "t/s"\\nbranch = "student"\\n'
    """
    kept, keep, section = [], True, ""
    for line in text.splitlines(keepends=True):
        header = re.match(r"\[([^\[\]]+)\]\s*$", line)
        if header:
            section = header.group(1).strip()
            keep = section not in SOURCE_ONLY_SECTIONS
        if keep and section == "tool.course" and line.startswith("#"):
            continue  # its comments tell a contributor how to fork the course; the copy has no such tools
        if keep and section == "tool.course":
            line = re.sub(r'^(repository|branch)\s*=.*$', lambda m: f'{m.group(1)} = "{repository if m.group(1) == "repository" else branch}"', line)
        if keep:
            kept.append(line)
    result = "".join(kept)
    before, after = tomllib.loads(text), tomllib.loads(result)
    assert after["project"] == {k: v for k, v in before["project"].items() if k != "optional-dependencies"}
    assert after["tool"]["course"] == {**before["tool"]["course"], "repository": repository, "branch": branch}
    return result


def without_instructor_items(text: str) -> str:
    """Markdown without the list items that link to the instructor's material, which a student's copy lacks.

    >>> without_instructor_items("- [Guide](../instructor/README.md): timing,\\n  and more.\\n- [README](../README.md)")
    '- [README](../README.md)'
    """
    lines, kept, first = text.split("\n"), [], 0
    while first < len(lines):
        end = first + 1
        if lines[first].startswith("- "):  # an item runs on over its indented lines
            while end < len(lines) and lines[end].startswith("  "):
                end += 1
        block = lines[first:end]
        if not (block[0].startswith("- ") and any("](../instructor/" in line for line in block)):
            kept += block
        first = end
    return "\n".join(kept)


SOLUTIONS_TRUST = " $(ls instructor/solutions/*.ipynb 2>/dev/null)"
"""What ``binder/postBuild`` adds to ``jupyter trust`` in the course's repository, which holds the solutions too."""


def student_post_build(text: str) -> str:
    """``binder/postBuild`` for the students' copy, which has no ``instructor/`` folder: it trusts the student notebooks only.

    >>> student_post_build("jupyter trust notebooks/*.ipynb $(ls instructor/solutions/*.ipynb 2>/dev/null)\\n")
    'jupyter trust notebooks/*.ipynb\\n'
    """
    if SOLUTIONS_TRUST not in text:
        raise ValueError(f"binder/postBuild no longer ends its `jupyter trust` line with{SOLUTIONS_TRUST}: update make_release.py")
    return text.replace(SOLUTIONS_TRUST, "")


def student_files(repository: str, branch: str, root: Path = ROOT) -> dict[str, bytes]:
    """Every file of the students' copy, by its path in the copy."""
    import nbformat

    files: dict[str, bytes] = {}
    copied = ["start.py", "LICENSE", "environment.yml", "binder/environment.yml",
              launcher_lock(root), "notebooks/course_setup.py", *package_files(root)]
    copied += [p.relative_to(root).as_posix() for p in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    for name in copied:
        files[name] = (root / name).read_bytes()
    files["binder/postBuild"] = student_post_build((root / "binder" / "postBuild").read_text(encoding="utf-8")).encode()
    files["pyproject.toml"] = student_pyproject((root / "pyproject.toml").read_text(encoding="utf-8"), repository, branch).encode()
    files[".gitignore"] = STUDENT_GITIGNORE.encode()
    files[MY_WORK_SETUP] = (root / MY_WORK_SETUP).read_bytes()

    start = nbformat.read(root / links.START_PAGE, as_version=4)
    for cell in start.cells:
        if cell.cell_type == "markdown":
            cell.source = links.with_links_from(without_instructor_items(cell.source), repository, branch)
    files[links.START_PAGE] = (nbformat.writes(start) + "\n").encode()

    readme = STUDENT_README.read_text(encoding="utf-8").format(
        launch=links.launch_link(repository, branch), repository=repository, branch=branch)
    files["README.md"] = readme.encode()
    return files


def nbgrader_files(root: Path = ROOT) -> dict[str, bytes]:
    """Every file of the nbgrader course directory, by its path there."""
    files = {"nbgrader_config.py": make_student_notebooks.NBGRADER_CONFIG.encode()}
    for name in package_files(root):
        files[name] = (root / name).read_bytes()
    course_setup = (root / "notebooks" / "course_setup.py").read_bytes()
    for path in sorted((root / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb")):
        files[f"source/{path.stem}/{path.name}"] = path.read_bytes()
        files[f"source/{path.stem}/course_setup.py"] = course_setup
    return files


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _previous_release(target: Path, kind: str) -> dict[str, str]:
    """The files an earlier run wrote to ``target`` (path -> hash); refuses a folder it did not write, or a
    release of the other ``kind`` (a students' copy is never overwritten by a grading folder, nor the reverse)."""
    if not target.exists():
        return {}
    if not target.is_dir():
        raise ReleaseRefused(f"{target} is a file, not a folder: choose a new folder for the release.")
    manifest = target / MANIFEST
    if not manifest.is_file():
        if any(target.iterdir()):
            raise ReleaseRefused(f"{target} already holds files that this script did not write, so it leaves it "
                                 f"alone: choose a new or empty folder.")
        return {}
    record = json.loads(manifest.read_text(encoding="utf-8"))
    if record.get("kind") != kind:
        raise ReleaseRefused(f"{target} holds the {record.get('kind')} release, not a {kind} one, so this script "
                             f"leaves it alone: choose another folder for the {kind} release.")
    written = record["files"]
    for name, digest in written.items():
        path = target / name
        if path.is_file() and _digest(path.read_bytes()) != digest:
            raise ReleaseRefused(f"{path} changed since this script wrote it, so the release leaves {target} alone: "
                                 f"move your changes elsewhere or choose a new folder.")
    return written


def write_release(target: Path, files: dict[str, bytes], kind: str) -> None:
    """Write ``files`` into ``target``, replacing only what an earlier run of this script wrote there."""
    target = target.resolve()
    previous = _previous_release(target, kind)
    for name in previous:
        if name not in files:
            (target / name).unlink(missing_ok=True)
    for name in sorted(set(previous) - set(files), key=lambda n: -n.count("/")):
        for folder in (target / name).parents:  # folders it emptied, up to the release's own
            if folder == target or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    manifest = {"kind": kind, "written by": "scripts/make_release.py",
                "files": {name: _digest(data) for name, data in sorted(files.items())}}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--students", metavar="DIR", type=Path, help="write the students' copy into DIR")
    where.add_argument("--nbgrader", metavar="DIR", type=Path, help="write an nbgrader course directory into DIR")
    repository, _ = links.course_settings()
    parser.add_argument("--repository", default=repository,
                        help=f"owner/name that will hold the students' copy, for its Binder links (default {repository})")
    parser.add_argument("--branch", default=STUDENT_BRANCH,
                        help=f"branch that will hold the students' copy (default {STUDENT_BRANCH})")
    args = parser.parse_args(argv)
    try:
        if args.students:
            write_release(args.students, student_files(args.repository, args.branch), "students")
            print(f"Wrote the students' copy to {args.students} (Binder: {links.launch_link(args.repository, args.branch)}).")
            if args.repository == repository:
                print(f"Note: its links point at {repository}, the repository that also holds the solutions; to "
                      f"publish the copy in a repository of its own, run again with --repository owner/name.")
        else:
            write_release(args.nbgrader, nbgrader_files(), "nbgrader")
            print(f"Wrote an nbgrader course directory to {args.nbgrader}: run nbgrader there, "
                  f"e.g. `nbgrader generate_assignment 01_reporting_and_learning_rate`.")
    except ReleaseRefused as refusal:
        print(refusal, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
