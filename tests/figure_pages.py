"""A live figure's outputs on a bare page, as a notebook viewer shows them (for the browser tests).

A module of its own, not tests/conftest.py: the repository's root conftest.py takes the name ``conftest``."""


def figure_page(*explorers) -> str:
    """A page showing each live figure's two outputs as a notebook viewer does: its picture (an ``<img>``
    of the image/png, in an output box of its own), then its sliders' HTML."""
    outputs = []
    for explorer in explorers:
        picture = explorer.picture_output()["image/png"]
        outputs.append(f'<div class="output"><img src="data:image/png;base64,{picture}"></div>'
                       f'<div class="output">{explorer.html()}</div>')
    return "<!doctype html><html><body>" + "".join(outputs) + "</body></html>"
