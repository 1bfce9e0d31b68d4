"""The tour's front page: one card per notebook (thumbnail, title, summary, status)."""

from __future__ import annotations

import json
from html import escape

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }
h1 { margin-bottom: 0.2rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1.2rem; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 0.8rem; background: #fff; }
.card img { width: 100%; height: 11rem; object-fit: contain; border-radius: 4px;
            background: #f6f6f6; }
.card h2 { font-size: 1.1rem; margin: 0.5rem 0 0.3rem; }
.card p { margin: 0.3rem 0; }
.meta { color: #666; font-size: 0.85rem; }
.failed { border-color: #c33; }
.error { color: #b00; font-family: monospace; font-size: 0.85rem; white-space: pre-wrap; }
"""


def write_index(result) -> None:
    """Write ``index.html`` and ``tour.json`` (the same facts, for scripts) into the tour folder."""
    cards = "\n".join(card(report) for report in result.reports)
    failed = len(result.failed)
    status = f"{len(result.reports)} notebooks" + (f", {failed} failed" if failed else "")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>otlab: the course at a glance</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>otlab: the course at a glance</h1>
<p class="meta">Every notebook executed by <code>otlab tour</code> ({status}). Click a card to
read the notebook with its outputs; each figure is also a PNG in <code>figures/</code>.</p>
<div class="cards">
{cards}
</div>
</main>
</body>
</html>
"""
    (result.out / "index.html").write_text(page, encoding="utf-8")
    manifest = [
        {
            "notebook": report.info.stem,
            "title": report.info.title,
            "summary": report.info.summary,
            "html": report.html.as_posix(),
            "figures": [path.as_posix() for path in report.figures],
            "thumbnail": report.thumbnail.as_posix() if report.thumbnail else None,
            "seconds": round(report.seconds, 2),
            "error": report.error,
        }
        for report in result.reports
    ]
    (result.out / "tour.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def card(report) -> str:
    """One notebook's card: thumbnail and title link to its page."""
    href = escape(report.html.as_posix())
    image = (
        f'<img src="{escape(report.thumbnail.as_posix())}" alt="{escape(report.info.title)}">'
        if report.thumbnail
        else ""
    )
    figures = len(report.figures)
    meta = f"{figures} figure{'s' * (figures != 1)}, ran in {report.seconds:.1f} s"
    error = f'<p class="error">Failed: {escape(report.error)}</p>' if report.error else ""
    return f"""<div class="card{" failed" if report.error else ""}">
<a href="{href}">{image}</a>
<h2><a href="{href}">{escape(report.info.title)}</a></h2>
<p>{escape(report.info.summary)}</p>
<p class="meta">{escape(report.info.path.name)}: {meta}</p>
{error}</div>"""
