"""The course's Binder links, built from the one place that names the repository.

pyproject.toml's ``[tool.course]`` holds ``repository = "owner/name"`` and ``branch``. After forking,
change them there and run

    python binder/links.py           # rewrite every Binder link in the README, start page, guides
    python binder/links.py --print   # print the launch link and the link that pre-builds the image
"""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_PAGE = "notebooks/00_start_here.ipynb"
FILES_WITH_LINKS = ("README.md", "notebooks/00_start_here.ipynb", "instructor/README.md", "docs/instructors.md")
BINDER_LINK = re.compile(r"https://mybinder\.org/(?:v2|build)/gh/[^\s)\"'\]>`]+")


def course_settings(root=ROOT):
    """The repository slug and branch from pyproject.toml's [tool.course]."""
    settings = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["course"]
    return settings["repository"], settings["branch"]


def launch_link(repository, branch, path=START_PAGE):
    """Binder link that opens ``path`` in JupyterLab; ``path`` is relative to the repository root."""
    return f"https://mybinder.org/v2/gh/{repository}/{branch}?urlpath=lab/tree/{path}"


def build_link(repository, branch):
    """Opening this link builds (or fetches) the Binder image without starting a session."""
    return f"https://mybinder.org/build/gh/{repository}/{branch}"


def opened_path(link):
    """The file a Binder link opens (the start page when it names none)."""
    match = re.search(r"urlpath=lab/tree/([^&\s]+)", link)
    return match[1] if match else START_PAGE


def with_links_from(text, repository, branch):
    """``text`` with every Binder link rebuilt from the slug and branch, each keeping the file it opens."""
    def rebuilt(match):
        if match[0].startswith("https://mybinder.org/build/"):
            return build_link(repository, branch)
        return launch_link(repository, branch, opened_path(match[0]))
    return BINDER_LINK.sub(rebuilt, text)


def main(argv):
    repository, branch = course_settings()
    if "--print" in argv:
        print("launch:", launch_link(repository, branch))
        print("pre-build:", build_link(repository, branch))
        return 0
    for name in FILES_WITH_LINKS:
        path = ROOT / name
        if path.exists():
            text = path.read_text(encoding="utf-8")
            updated = with_links_from(text, repository, branch)
            if updated != text:
                path.write_text(updated, encoding="utf-8")
                print(f"updated the Binder links in {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
