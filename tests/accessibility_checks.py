"""What the browser tests check for accessibility (issue 22), shared by tests/test_site.py, tests/test_browser.py
and tests/test_widgets.py.

* :func:`axe_violations`: axe-core (vendored, tests/vendor/axe-core) in a Playwright page, with the WCAG 2.0
  and 2.1 level A and AA rules, on the whole page or on the elements some selectors match.
* :func:`figure_speech`: what a screen reader gets from a live figure (helpers.widgets): each slider's
  accessible name (from Playwright's ``aria_snapshot``) and value text, the visible readouts, the status
  line's live regions and their text, the canvas's role and name. :func:`check_figure_speaks` asserts
  they agree with what the page shows.
* :func:`announcements_while_holding`: how many times a figure's live region changes while an arrow key
  is held down and then released (once: a settled move is announced, not every key repeat).

Playwright's ``aria_snapshot`` prints a range input's ``value`` (the option index), not its
``aria-valuetext``, and Chromium's DevTools accessibility tree does not show it either, so the value text
is read through ARIA reflection (``element.ariaValueText``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

AXE_CORE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE_SCRIPT = None


def axe_script() -> str:
    """The vendored axe-core, checked against its recorded digest (tests/vendor/axe-core/README.md)."""
    global _AXE_SCRIPT
    if _AXE_SCRIPT is None:
        data = AXE_CORE.read_bytes()
        assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE_CORE} is not axe-core {AXE_VERSION} as vendored"
        _AXE_SCRIPT = data.decode("utf-8")
    return _AXE_SCRIPT


def axe_violations(page, include: list[str] | None = None) -> list[dict]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules in ``page`` (or in the elements the CSS
    selectors ``include`` match): each ``{"id", "impact", "help", "nodes": [{"target", "summary"}]}``."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())  # evaluated, not a <script> tag: a page's content security policy cannot refuse it
    assert page.evaluate("() => axe.version") == AXE_VERSION
    context = {"include": [[selector] for selector in include]} if include else None
    results = page.evaluate("""([context, tags]) => axe.run(context || document,
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""", [context, WCAG_TAGS])
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")} for n in v["nodes"]]}
            for v in results["violations"]]


def describe(violations: list[dict], limit: int = 3) -> str:
    """Violations in a few readable lines (for an assertion message)."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        lines += [f"    {n['target']}: {' '.join(n['summary'].split())[:200]}" for n in v["nodes"][:limit]]
    return "\n".join(lines)


FIGURE_SPEECH = """(figure) => {
  const sliders = [...figure.querySelectorAll('input[type=range]')];
  const live = [...figure.querySelectorAll('[aria-live], [role=status], [role=alert], output')]
    .filter(e => !e.closest('[aria-hidden=true]'))
    .map(e => ({role: e.getAttribute('role') || (e.tagName === 'OUTPUT' ? 'status' : ''),
                live: e.getAttribute('aria-live') || (['status', 'log'].includes(e.getAttribute('role')) || e.tagName === 'OUTPUT' ? 'polite' : ''),
                atomic: e.getAttribute('aria-atomic'), text: e.textContent}));
  const canvas = figure.querySelector('canvas');
  const status = figure.querySelector('.som-status');
  return {
    valuetexts: sliders.map(s => s.ariaValueText),
    readouts: [...figure.querySelectorAll('.som-readout')].map(r => r.textContent),
    live,
    status: status ? status.textContent : null,
    canvas: canvas ? {role: canvas.getAttribute('role'), name: canvas.getAttribute('aria-label')} : null,
  };
}"""


def figure_speech(figure) -> dict:
    """What a screen reader gets from a live figure (a Playwright locator of its ``.som-figure``)."""
    speech = figure.evaluate(FIGURE_SPEECH)
    snapshot = figure.aria_snapshot()
    speech["slider_names"] = re.findall(r'- slider "([^"]*)"', snapshot)
    speech["snapshot_statuses"] = [s.strip().strip('"') for s in re.findall(r"- status: (.*)", snapshot)]
    speech["snapshot"] = snapshot
    return speech


def check_figure_speaks(figure, descriptions: list[str] | None = None) -> dict:
    """Assert a live figure says what it shows: every slider named (by ``descriptions`` if given) with a value
    text equal to its visible readout; exactly one polite, atomic live region, whose text (in the
    accessibility tree) is the visible status line; the canvas an image named with its panels and status."""
    speech = figure_speech(figure)
    assert len(speech["slider_names"]) == len(speech["valuetexts"]) > 0, speech["snapshot"]
    if descriptions is not None:
        assert speech["slider_names"] == descriptions, speech["snapshot"]
    assert all(speech["slider_names"]), f"a slider without an accessible name: {speech['snapshot']}"
    assert speech["valuetexts"] == speech["readouts"], f"value texts {speech['valuetexts']} are not the readouts {speech['readouts']}"
    assert [r for r in speech["live"] if r["live"] == "polite"] == speech["live"], f"a live region that is not polite: {speech['live']}"
    assert len(speech["live"]) == 1, f"the status line must be one live region, found {speech['live']}"
    assert speech["live"][0]["atomic"] == "true", speech["live"]
    assert speech["live"][0]["text"] == speech["status"], f"live region {speech['live'][0]['text']!r}, status {speech['status']!r}"
    assert speech["snapshot_statuses"] == [speech["status"]], speech["snapshot"]
    assert speech["canvas"]["role"] == "img" and speech["canvas"]["name"].endswith(f"Shown: {speech['status']}"), speech["canvas"]
    return speech


COUNT_LIVE_CHANGES = """(figure) => {
  const regions = [...figure.querySelectorAll('[aria-live], [role=status]')].filter(e => !e.closest('[aria-hidden=true]'));
  window.__liveChanges = 0;
  window.__liveObserver && window.__liveObserver.disconnect();
  window.__liveObserver = new MutationObserver(records => { window.__liveChanges += 1; });
  regions.forEach(r => window.__liveObserver.observe(r, {childList: true, characterData: true, subtree: true}));
  return regions.length;
}"""


def announcements_while_holding(page, figure, slider, key: str, repeats: int) -> tuple[int, int]:
    """Hold ``key`` on ``slider`` for ``repeats`` key repeats and release it; return (how many times the
    live regions changed, how many values the slider went through). The page announces a settled move on
    the key's release; its half-second fallback (for moves without a key, from a screen reader's own
    commands) does not fire here, since the release comes first."""
    assert page.evaluate(COUNT_LIVE_CHANGES, figure.element_handle()) >= 1, "the figure has no live region"
    slider.focus()
    values = {slider.input_value()}
    for _ in range(repeats):
        page.keyboard.down(key)  # a second keydown without a keyup is a key repeat
        values.add(slider.input_value())
    page.keyboard.up(key)
    page.evaluate(NEXT_FRAME)  # the observer's records are delivered, and anything the key's release set off has run
    return page.evaluate("() => window.__liveChanges"), len(values) - 1


NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
