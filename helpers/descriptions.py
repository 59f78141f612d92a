"""What a figure says in words: its labels without TeX, and the description its alt text starts with.

A screen reader reads an accessible name or alt text as it is written: ``weight $w_2$`` is read out as
"weight dollar w underscore 2 dollar". matplotlib's labels may hold mathtext (TeX between ``$`` signs);
:func:`plain_text` writes it in Unicode (``weight w₂``), and :func:`figure_description` describes a
figure's panels from their titles, axis labels and legends in plain text. Every alt text and accessible
name of the course's figures goes through them (:mod:`helpers.plotting`, :mod:`helpers.widgets`).
"""

from __future__ import annotations

import re

from matplotlib.figure import Figure

from ._validation import _show

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "nabla": "∇", "partial": "∂", "infty": "∞", "ell": "ℓ", "cdot": "·", "times": "×", "pm": "±", "leq": "≤",
    "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈", "propto": "∝", "to": "→", "rightarrow": "→",
    "sum": "∑", "prod": "∏", "in": "∈", "prime": "′", "langle": "⟨", "rangle": "⟩", "ldots": "…", "dots": "…",
    "log": "log", "exp": "exp", "min": "min", "max": "max",
    "|": "‖", ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " ",
    "{": "{", "}": "}", "_": "_", "%": "%", "$": "$", "#": "#", "&": "&",
}
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}
_FONTS = {"mathrm", "mathit", "mathbf", "mathsf", "mathtt", "text", "textrm", "operatorname", "boldsymbol"}
_BLACKBOARD = {"E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "P": "ℙ", "Q": "ℚ"}
_IGNORED = {"left", "right", "displaystyle", "big", "Big", "bigg", "Bigg"}
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvxβγρφχ", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ"))
_SUPERSCRIPTS = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ"))
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}_^]|[^\\{}_^]")


def plain_text(text: str) -> str:
    """``text`` with its mathtext (TeX between ``$`` signs) written in Unicode: what a screen reader can say.

    Greek letters and operators become their characters, sub- and superscripts Unicode ones where they
    exist (``x_{max}`` becomes ``xₘₐₓ``, ``x_{q}`` ``x sub q``), ``\\frac{a}{b}`` becomes ``a/b`` and
    ``\\sqrt{x}`` ``√x``. A TeX command it does not know is an error that names it, never TeX read aloud.
    Like matplotlib, it reads text with an odd number of ``$`` signs as plain text.

    >>> plain_text("weight $w_2$ against $\\\\eta \\\\cdot B^2$")
    'weight w₂ against η · B²'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {_show(text)} of type {type(text).__name__}")
    dollars = text.count("$") - text.count("\\$")
    if dollars == 0 or dollars % 2:  # matplotlib's rule (cbook.is_math_text): then the text is drawn as it is
        return text
    parts = re.split(r"(?<!\\)\$", text)
    out = [part.replace("\\$", "$") if k % 2 == 0 else _math(part, text) for k, part in enumerate(parts)]
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _math(source: str, text: str) -> str:
    words, _ = _group_list(_TOKEN.findall(source), 0, text, closing=False)
    return "".join(words)


def _group_list(tokens: list[str], at: int, text: str, closing: bool) -> tuple[list[str], int]:
    """Plain text of ``tokens`` from ``at`` up to the closing brace (``closing``) or the end."""
    words = []
    while at < len(tokens):
        token = tokens[at]
        if token == "}":
            if closing:
                return words, at + 1
            raise ValueError(f"text has an unmatched }} in its mathtext: {text!r}")
        if token in ("_", "^"):
            argument, at = _argument(tokens, at + 1, text)
            table = _SUBSCRIPTS if token == "_" else _SUPERSCRIPTS
            if argument and all(c in table for c in argument):
                words.append("".join(table[c] for c in argument))
            else:
                words.append((" sub " if token == "_" else " to the power ") + argument + " ")
            continue
        word, at = _atom(tokens, at, text)
        words.append(word)
    if closing:
        raise ValueError(f"text has an unmatched {{ in its mathtext: {text!r}")
    return words, at


def _argument(tokens: list[str], at: int, text: str) -> tuple[str, int]:
    """The plain text of one argument: a braced group or a single atom."""
    if at >= len(tokens):
        raise ValueError(f"text has a _, ^ or command with nothing after it in its mathtext: {text!r}")
    return _atom(tokens, at, text)


def _atom(tokens: list[str], at: int, text: str) -> tuple[str, int]:
    token = tokens[at]
    if token == "{":
        words, at = _group_list(tokens, at + 1, text, closing=True)
        return "".join(words), at
    if not token.startswith("\\"):
        return token, at + 1
    name = token[1:]
    if name in _SYMBOLS:
        return _SYMBOLS[name], at + 1
    if name in _IGNORED:
        return "", at + 1
    if name in _FONTS:
        return _argument(tokens, at + 1, text)
    if name == "mathbb":
        argument, at = _argument(tokens, at + 1, text)
        return "".join(_BLACKBOARD.get(c, c) for c in argument), at
    if name in _ACCENTS:
        argument, at = _argument(tokens, at + 1, text)
        return argument + _ACCENTS[name], at
    if name == "sqrt":
        argument, at = _argument(tokens, at + 1, text)
        return "√" + (argument if len(argument) == 1 else f"({argument})"), at
    if name == "frac":
        numerator, at = _argument(tokens, at + 1, text)
        denominator, at = _argument(tokens, at, text)
        wrap = lambda s: s if re.fullmatch(r"[\w.′]+", s) else f"({s})"  # noqa: E731
        return f"{wrap(numerator)}/{wrap(denominator)}", at
    raise ValueError(f"text holds the TeX command {token}, which cannot be said in words here; "
                     f"write it in Unicode instead: {text!r}")


def figure_description(figure: Figure, *, legends: bool = False) -> str:
    """The figure's panels in plain text: ``2 panels: “title” (y label against x label); ...``.

    A panel is an axes with a title (a colour bar has none). With ``legends``, each panel also names the
    series its legend lists. Every label goes through :func:`plain_text`.
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {_show(figure)} of type {type(figure).__name__}")
    if not isinstance(legends, bool):
        raise TypeError(f"legends must be True or False, got {_show(legends)}")
    panels = []
    for ax in figure.axes:
        if not ax.get_title():
            continue
        axes = f"{plain_text(ax.get_ylabel())} against {plain_text(ax.get_xlabel())}"
        legend = ax.get_legend()
        if legends and legend is not None and legend.texts:
            axes += "; legend: " + ", ".join(f"‘{plain_text(t.get_text())}’" for t in legend.texts)
        panels.append(f"“{plain_text(ax.get_title())}” ({axes})")
    return f"{len(panels)} panel{'s' if len(panels) != 1 else ''}: {'; '.join(panels)}."
