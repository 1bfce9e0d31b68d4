"""Sliders that work with no kernel: an app's frames precomputed, swapped by a small script.

A static page (``otlab tour``, nbconvert) cannot call Python when a slider moves, so the app
is run beforehand at a fixed set of positions of each slider (41 by default: at that spacing a
drag looks continuous) and the page swaps the saved figure and readout as the slider moves.
With several sliders, each one is swept with the others at their current values; moving one
slider puts the others back to those values, so the page never shows a state it did not
compute.

Why our own twenty lines of script rather than a library: ipywidgets' embedding saves the
widgets' state but no kernel runs behind it, so its sliders move and change nothing; Panel's
embed mode does precompute states, but only for Panel widgets, which would mean rewriting
every app. The page needs a native ``<input type="range">`` (keyboard and screen reader come
with it), an image and a caption, and nothing else.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from dataclasses import dataclass, field

MIME = "application/vnd.otlab.static+json"  # the frames, in a notebook output
ENV = "OTLAB_STATIC_FRAMES"  # positions per slider; set by `otlab tour` for its kernels
POSITIONS = 41

# The player: one per page (later copies return at once), wiring every app not yet wired.
SCRIPT = """(function () {
  function wire(root) {
    root.dataset.ready = "1";
    var data = JSON.parse(root.querySelector("script.otlab-frames").textContent);
    var img = root.querySelector("img"), readout = root.querySelector(".otlab-readout");
    var inputs = root.querySelectorAll("input[type=range]");
    function label(j) {
      var text = data.sliders[j].labels[inputs[j].value];
      inputs[j].setAttribute("aria-valuetext", text);
      root.querySelectorAll("output")[j].textContent = text;
    }
    inputs.forEach(function (input, k) {
      input.addEventListener("input", function () {
        inputs.forEach(function (other, j) {
          if (j !== k) { other.value = data.sliders[j].start; label(j); }
        });
        label(k);
        var frame = data.sliders[k].frames[input.value];
        img.src = data.images[frame[0]];
        img.alt = frame[2];
        readout.innerHTML = frame[1];
      });
    });
  }
  document.querySelectorAll(".otlab-static:not([data-ready])").forEach(wire);
})();"""

STYLE = """.otlab-static { margin: 0; }
.otlab-static .otlab-control { display: flex; align-items: center; gap: 0.6em; margin: 0.2em 0; }
.otlab-static label { min-width: 6em; }
.otlab-static input[type=range] { width: 18em; }
.otlab-static input[type=range]:focus-visible { outline: 3px solid #1a5fb4; }
.otlab-static .otlab-note { color: #555; font-size: 0.85em; }"""


@dataclass
class Sweep:
    """One slider's precomputed positions: labels, and for each a frame (image, readout, alt)."""

    label: str
    labels: list[str]
    start: int  # the position of the slider's current value
    frames: list[tuple[int, str, str]] = field(default_factory=list)  # (image index, html, alt)


def text_of(readout_html: str) -> str:
    """The readout as plain text: tags dropped, line breaks as "; ", entities decoded."""
    text = re.sub(r"<br\s*/?>", "; ", readout_html)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split())


def alt_text(title: str, readout_html: str) -> str:
    """What a screen reader says for the figure: what it shows and the readout's numbers."""
    numbers = text_of(readout_html)
    return f"{title}. {numbers}" if numbers else title


def compact_png(png: bytes) -> bytes:
    """A frame as a 64-colour PNG: line plots lose nothing visible, and shrink 3 to 5 times."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(
        buffer, format="png", optimize=True
    )
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def player_html(data: dict, images: list[str], *, uid: str) -> str:
    """The page fragment: sliders, the figure, the readout, the frames and the script.

    ``data`` is what :meth:`otlab.widgets._live.App.static_view` returns; ``images[i]`` is the
    ``src`` of image ``i`` (a data URI in a notebook, a relative file name in the tour).
    """
    sliders = [Sweep(**sweep) for sweep in data["sliders"]]
    image, readout, alt = data["current"]
    controls = []
    for k, sweep in enumerate(sliders):
        ident = f"otlab-{uid}-{k}"
        value = sweep.labels[sweep.start]
        controls.append(
            f'<div class="otlab-control"><label for="{ident}">{html.escape(sweep.label)}'
            f'</label><input type="range" id="{ident}" min="0" max="{len(sweep.labels) - 1}" '
            f'step="1" value="{sweep.start}" aria-valuetext="{html.escape(value)}">'
            f'<output for="{ident}">{html.escape(value)}</output></div>'
        )
    several = ", one slider at a time (the others go back to where they were)"
    note = (
        f'<p class="otlab-note">Precomputed at {max(len(s.labels) for s in sliders)} positions '
        f"per slider{several if len(sliders) > 1 else ''}; open the notebook for the live app.</p>"
    )
    frames = {
        "images": images,
        "sliders": [{"labels": s.labels, "start": s.start, "frames": s.frames} for s in sliders],
    }
    payload = json.dumps(frames, separators=(",", ":")).replace("</", "<\\/")
    return (
        f"<style>{STYLE}</style>"
        f'<figure class="otlab-static" role="group" aria-label="{html.escape(data["title"])}">'
        + "".join(controls)
        + f'<img src="{images[image]}" alt="{html.escape(alt)}" width="{data["width"]}" '
        'style="max-width: 100%; height: auto">'
        f'<figcaption class="otlab-readout" aria-live="polite">{readout}</figcaption>'
        + note
        + f'<script type="application/json" class="otlab-frames">{payload}</script>'
        + f"</figure><script>{SCRIPT}</script>"
    )
