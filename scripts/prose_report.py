"""How readable each student notebook's prose is: the numbers of the style guide (CONTRIBUTING.md, "Prose").

    python scripts/prose_report.py                  # a table, one row per notebook in notebooks/
    python scripts/prose_report.py 03_regularization --sentences   # and its sentences over 30 words

What is measured is the Markdown a student reads: every Markdown cell, without code (fenced blocks;
inline code counts as one word), display maths (``$$...$$``; inline ``$...$`` counts as one word),
HTML comments, the collapsed answers (``<details>`` blocks, except optional ones, below), tables
and headings (their words count towards the reading time, not towards sentences or paragraphs),
and the sources (a ``Sources`` heading and everything under it).

**Optional parts.** A section is optional when its heading's title, after an optional section number
(``## 6 · ``), starts with "Optional" (``## Optional: scaling the decay with B``, ``## 6 · Optional:
...``): everything under it, up to the next heading of the same or a higher level, is optional. A
``<details>`` block whose ``<summary>`` starts with "Optional" is optional too (and, unlike the
collapsed answers, counted). The optional words are reported apart from the core path's; the
sentence and paragraph numbers cover both, since a student reads both.

**Sentences** end at ``.``, ``!`` or ``?`` followed by a space and a capital letter, a digit, a
quote, a bracket, a symbol or ``$``, or at the end of a paragraph. A period after a known
abbreviation (e.g., i.e., et al., cf., vs., etc., Fig., Eq., Sec., No., approx.) ends no sentence; a
period inside a number (0.5, 1e-3), a section sign (§5) or maths (``$...$``, one word) never does.
A list item, a table row and a heading are paragraphs of their own. **Words** are the
whitespace-separated tokens holding a letter or a digit. **Parentheses** are the ``(`` of the prose
(links' addresses, code and maths are left out), per 100 words.

**Time.** A notebook states its times in one line, ``**Time:** core path about 40 minutes;
optional part about 10 minutes.`` (or ``; no optional part.``). The report shows them, with the
minutes the core path's words take at :data:`READING_WORDS_PER_MINUTE`, reading alone (an
assumption for a student learning from technical text; cells, figures and exercises take the rest).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

# The style guide's targets (CONTRIBUTING.md, "Prose"); tests/test_prose.py holds every notebook to them.
MAX_MEAN_SENTENCE_WORDS = 19.0        # "about 18 words a sentence on average"
LONG_SENTENCE_WORDS = 30
MAX_LONG_SENTENCE_SHARE = 0.10        # at most one sentence in ten over 30 words
MAX_PARAGRAPH_WORDS = 150
MAX_PARENTHESES_PER_100_WORDS = 1.0   # "few parentheses"
MAX_CORE_MINUTES = 45
READING_WORDS_PER_MINUTE = 120

ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "cf.", "vs.", "etc.", "Fig.", "Figs.", "Eq.", "Eqs.", "Sec.", "No.",
                 "approx.", "resp.", "Dr.", "Mr.", "Ms.", "St.")
TIME_LINE = re.compile(r"\*\*Time:\*\*\s*core path about (\d+) minutes;\s*"
                       r"(?:optional (?:part|parts|sections?) about (\d+) minutes|(no optional part))\.")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SECTION_NUMBER = re.compile(r"^\d+\s*·\s*")
_DETAILS = re.compile(r"<details\b[^>]*>(.*?)</details>", re.S | re.I)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.S | re.I)
_SENTENCE_END = re.compile(r"([.!?])[\"'”’)\]*_]*\s+(?=[A-Z0-9\"'“‘(\[$§`*_|≈<>=−\-–—+]|\S*[A-Z])")
_WORD = re.compile(r"[^\W_]", re.U)


@dataclass
class ProseReport:
    name: str
    sentences: list[str] = field(default_factory=list)
    paragraph_words: list[int] = field(default_factory=list)
    core_words: int = 0
    optional_words: int = 0
    parentheses: int = 0
    stated_core_minutes: int | None = None
    stated_optional_minutes: int | None = None

    @property
    def sentence_words(self) -> list[int]:
        return [count_words(s) for s in self.sentences]

    @property
    def mean_sentence_words(self) -> float:
        counts = self.sentence_words
        return sum(counts) / len(counts) if counts else 0.0

    @property
    def long_sentence_share(self) -> float:
        counts = self.sentence_words
        return sum(c > LONG_SENTENCE_WORDS for c in counts) / len(counts) if counts else 0.0

    @property
    def longest_paragraph(self) -> int:
        return max(self.paragraph_words, default=0)

    @property
    def parentheses_per_100_words(self) -> float:
        words = sum(self.sentence_words)
        return 100 * self.parentheses / words if words else 0.0

    @property
    def core_reading_minutes(self) -> float:
        return self.core_words / READING_WORDS_PER_MINUTE

    def failures(self) -> list[str]:
        """The targets this notebook misses, one phrase each (empty when it meets them all)."""
        failed = []
        if self.mean_sentence_words > MAX_MEAN_SENTENCE_WORDS:
            failed.append(f"{self.mean_sentence_words:.1f} words a sentence on average (at most {MAX_MEAN_SENTENCE_WORDS:g})")
        if self.long_sentence_share > MAX_LONG_SENTENCE_SHARE:
            failed.append(f"{self.long_sentence_share:.0%} of sentences over {LONG_SENTENCE_WORDS} words "
                          f"(at most {MAX_LONG_SENTENCE_SHARE:.0%})")
        if self.longest_paragraph > MAX_PARAGRAPH_WORDS:
            failed.append(f"a paragraph of {self.longest_paragraph} words (at most {MAX_PARAGRAPH_WORDS})")
        if self.parentheses_per_100_words > MAX_PARENTHESES_PER_100_WORDS:
            failed.append(f"{self.parentheses_per_100_words:.1f} parentheses per 100 words "
                          f"(at most {MAX_PARENTHESES_PER_100_WORDS:g})")
        if self.stated_core_minutes is None:
            failed.append("no time line stating both times (**Time:** core path about N minutes; optional part about M "
                          "minutes.)")
        else:
            if self.stated_core_minutes > MAX_CORE_MINUTES:
                failed.append(f"a core path of {self.stated_core_minutes} minutes (at most {MAX_CORE_MINUTES})")
            if self.stated_core_minutes < self.core_reading_minutes:
                failed.append(f"a stated core path of {self.stated_core_minutes} minutes, shorter than reading its "
                              f"{self.core_words} words takes ({self.core_reading_minutes:.0f} minutes)")
            if (self.stated_optional_minutes or 0) == 0 and self.optional_words:
                failed.append(f"{self.optional_words} optional words, but no time stated for them")
        return failed


def count_words(text: str) -> int:
    return sum(1 for token in text.split() if _WORD.search(token))


def _clean_inline(text: str) -> str:
    """Prose as read: links' text without their address, each code span and inline formula one word, no markup."""
    text = re.sub(r"`[^`\n]+`", " CODE ", text)
    text = re.sub(r"(?<![\\$])\$(?!\$)[^$\n]+?\$", " MATH ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)                  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)                # links: keep the text
    text = re.sub(r"<https?://[^>]+>", " LINK ", text)                  # autolinks
    text = re.sub(r"</?[a-zA-Z][^>]*>", " ", text)                      # HTML tags
    text = re.sub(r"(\*\*|\*|__|~~)", "", text)                         # emphasis
    return re.sub(r"[ \t]+", " ", text).strip()


def _blocks(markdown: str) -> list[tuple[str, bool]]:
    """The cell's text as (text, optional) pieces: collapsed answers dropped, optional <details> kept and marked."""
    markdown = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    markdown = re.sub(r"```.*?```", "\n\n", markdown, flags=re.S)
    markdown = re.sub(r"\$\$.*?\$\$", "\n\n", markdown, flags=re.S)
    pieces, position = [], 0
    for match in _DETAILS.finditer(markdown):
        pieces.append((markdown[position:match.start()], False))
        summary = _SUMMARY.search(match.group(1))
        if summary and re.match(r"\s*Optional\b", _clean_inline(summary.group(1)), re.I):
            pieces.append((_SUMMARY.sub(" ", match.group(1)), True))
        position = match.end()
    pieces.append((markdown[position:], False))
    return pieces


def _paragraphs(lines: list[str]) -> list[tuple[str, int | None]]:
    """Paragraphs of one piece, as (text, heading level): ``None`` for prose, 0 for a table row, 1-6 for a heading.
    A list item, a heading and a table row are paragraphs of their own."""
    result, current = [], []

    def flush():
        if current:
            result.append((" ".join(current), None))
            current.clear()

    for line in lines:
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            result.append((heading.group(2), len(heading.group(1))))
        elif stripped.startswith("|"):
            flush()
            if not re.fullmatch(r"\|?[\s:|-]+\|?", stripped):            # a table's rule line has no words
                result.append((stripped.replace("|", " "), 0))
        elif re.match(r"([-*+]|\d+[.)])\s+", stripped):
            flush()
            current.append(re.sub(r"^([-*+]|\d+[.)])\s+", "", stripped))
        else:
            current.append(stripped)
    flush()
    return result


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph of cleaned prose into sentences (see the module's docstring for the rules)."""
    protected = paragraph
    for abbreviation in ABBREVIATIONS:
        protected = re.sub(rf"(?<![\w.]){re.escape(abbreviation)}", abbreviation.replace(".", "\0"), protected)
    parts = _SENTENCE_END.sub(lambda m: m.group(0).rstrip() + "\n", protected)
    return [p.replace("\0", ".").strip() for p in parts.split("\n") if count_words(p)]


def notebook_prose(path: Path) -> ProseReport:
    """The prose numbers of one notebook (see the module's docstring for what counts)."""
    report = ProseReport(path.stem)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    skip_level = optional_level = None       # heading levels of the Sources and of an optional section, while inside
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        for time in TIME_LINE.finditer(source):
            report.stated_core_minutes = int(time.group(1))
            report.stated_optional_minutes = int(time.group(2) or 0)
        for piece, optional_details in _blocks(source):
            for text, level in _paragraphs(piece.splitlines()):
                cleaned = _clean_inline(text)
                if level:   # a heading closes the sections it does not belong to, and may open the sources or an optional part
                    if skip_level is not None and level <= skip_level:
                        skip_level = None
                    if optional_level is not None and level <= optional_level:
                        optional_level = None
                    title = _SECTION_NUMBER.sub("", cleaned)
                    if re.match(r"Sources\b", title, re.I):
                        skip_level = level
                    elif re.match(r"Optional\b", title, re.I):
                        optional_level = level
                if skip_level is not None:
                    continue
                words = count_words(cleaned)
                if optional_details or optional_level is not None:
                    report.optional_words += words
                else:
                    report.core_words += words
                if level is None and words:
                    report.paragraph_words.append(words)
                    report.sentences.extend(split_sentences(cleaned))
                    report.parentheses += cleaned.count("(")
    return report


def student_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def table(reports: list[ProseReport]) -> str:
    header = (f"{'notebook':<34} {'words/sent':>10} {'>30 words':>9} {'longest ¶':>9} {'( per 100':>9} "
              f"{'core words':>10} {'opt. words':>10} {'read min':>8} {'stated':>9}  meets targets")
    rows = [header, "-" * len(header)]
    for r in reports:
        stated = "-" if r.stated_core_minutes is None else f"{r.stated_core_minutes}+{r.stated_optional_minutes}"
        rows.append(f"{r.name:<34} {r.mean_sentence_words:>10.1f} {r.long_sentence_share:>9.0%} {r.longest_paragraph:>9} "
                    f"{r.parentheses_per_100_words:>9.1f} {r.core_words:>10} {r.optional_words:>10} "
                    f"{r.core_reading_minutes:>8.0f} {stated:>9}  {'yes' if not r.failures() else 'no'}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebook names, e.g. 03_regularization (default: every one)")
    parser.add_argument("--sentences", action="store_true", help="also list each notebook's sentences over 30 words")
    args = parser.parse_args(argv)
    paths = [p for p in student_notebooks() if not args.names or p.stem in args.names or p.name in args.names]
    if not paths:
        print(f"no student notebook matches {args.names} in {NOTEBOOKS}", file=sys.stderr)
        return 1
    reports = [notebook_prose(p) for p in paths]
    print(table(reports))
    for r in reports:
        for failure in r.failures():
            print(f"{r.name}: {failure}")
        if args.sentences:
            for sentence in r.sentences:
                if count_words(sentence) > LONG_SENTENCE_WORDS:
                    print(f"  [{count_words(sentence)} words] {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
