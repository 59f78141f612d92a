"""Write ``helpers/static/explorer.min.js``, the minified page script every live figure stores.

    python scripts/minify_explorer.py

Run it after editing ``helpers/static/explorer.js`` (it needs Node.js; npx fetches terser once).
Each live figure's output carries the script, so minifying it keeps the notebooks small. The first
line of the result records the SHA-256 of the source it came from and of the minified script;
``tests/test_widgets.py`` fails when either does not match.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "helpers" / "static" / "explorer.js"
TARGET = SOURCE.with_name("explorer.min.js")
TERSER = "terser@5.51.4"
# side_effects=false keeps the bare function expression (its call is added per figure); single
# quotes because the script sits in a JSON string, where a double quote costs two bytes.
OPTIONS = ["-c", "side_effects=false", "-m", "--ecma", "2020", "--format", "quote_style=1"]


def header(minified: str) -> str:
    """The first line: what the rest was made from and how, and the rest's own digest (a hand edit shows)."""
    source = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    body = hashlib.sha256(minified.encode()).hexdigest()
    return f"// explorer.js sha256 {source}; body sha256 {body}; minified by npx {TERSER} {' '.join(OPTIONS)}\n"


def main() -> int:
    npx = shutil.which("npx")
    if npx is None:
        print("npx (Node.js) is needed to minify helpers/static/explorer.js", file=sys.stderr)
        return 1
    minified = subprocess.run([npx, "--yes", TERSER, str(SOURCE), *OPTIONS], check=True, capture_output=True,
                              text=True).stdout.strip().removesuffix(";")
    TARGET.write_text(header(minified) + minified + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(minified)} characters from {SOURCE.stat().st_size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
