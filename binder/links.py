"""The course's Binder links, built from the one place that names the repository.

pyproject.toml's ``[tool.course]`` holds ``repository = "owner/name"`` and ``branch``. After forking,
change them there and run

    python binder/links.py           # rewrite every Binder link in the README, start page, guides
    python binder/links.py --print   # print the launch link and the link that pre-builds the image

The students' copy (``scripts/make_release.py --students``) lives on a branch or repository of its
own; print its links with ``--branch`` / ``--repository``, and with ``--hub`` the nbgitpuller link
that puts it into each student's home on a JupyterHub and opens the start page:

    python binder/links.py --print --branch student --hub https://hub.example.edu
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import quote, urlencode

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


def nbgitpuller_link(hub, repository, branch, path=START_PAGE):
    """JupyterHub link that clones (later: updates) ``repository`` at ``branch`` into the user's home with
    nbgitpuller, then opens ``path`` in JupyterLab. nbgitpuller clones into a folder named after the
    repository, so the path opened starts with that name (as nbgitpuller's own link generator writes it).

    >>> nbgitpuller_link("https://hub.example.edu/", "owner/course", "student")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fowner%2Fcourse&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F00_start_here.ipynb&branch=student'
    """
    folder = repository.rstrip("/").split("/")[-1]
    query = {"repo": f"https://github.com/{repository}", "urlpath": f"lab/tree/{folder}/{path}", "branch": branch}
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote, safe='')}"


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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--print", action="store_true", help="print the links instead of rewriting them")
    parser.add_argument("--repository", default=repository, help=f"owner/name (default {repository})")
    parser.add_argument("--branch", default=branch, help=f"branch (default {branch})")
    parser.add_argument("--hub", help="a JupyterHub's address: also print its nbgitpuller link")
    args = parser.parse_args(argv)
    if args.print:
        print("launch:", launch_link(args.repository, args.branch))
        print("pre-build:", build_link(args.repository, args.branch))
        if args.hub:
            print("nbgitpuller:", nbgitpuller_link(args.hub, args.repository, args.branch))
        return 0
    if (args.repository, args.branch) != (repository, branch) or args.hub:
        parser.error("--repository, --branch and --hub go with --print; to change the links in the files, "
                     "edit [tool.course] in pyproject.toml")
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
