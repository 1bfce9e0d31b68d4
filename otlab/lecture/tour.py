"""The static tour: every notebook executed headless, rendered to HTML, its figures saved as PNG.

A lecturer gets the course's pictures without a notebook server: ``index.html`` links one page
per notebook (code, text and outputs), and every figure is also a PNG file for slides.
Apps (``otlab.widgets``) put a PNG of their current state next to the live widget view; the
tour keeps that PNG and drops the widget view, which a static page could only leave empty.
With ``frames`` set, each app also precomputes its outcomes over every slider's range and the
page swaps them as the slider moves (:mod:`otlab.widgets._static`), with no kernel behind it;
the frames are written as files next to the figures, so the pages stay light.
"""

from __future__ import annotations

import base64
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from otlab._validation import check_positive_int, describe, fail
from otlab.lecture.kernels import Kernel, check_kernel, choose_kernel
from otlab.lecture.notebooks import NotebookInfo
from otlab.lecture.site import write_index

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# matplotlib's inline backend even when the caller's environment picked another (e.g. Agg).
INLINE = "module://matplotlib_inline.backend_inline"


@dataclass(frozen=True, eq=False)
class NotebookReport:
    """What the tour made of one notebook. Paths are relative to the tour's folder.

    Attributes
    ----------
    info : NotebookInfo, the notebook's path, title and summary.
    html : Path, the rendered page (written even when a cell failed, up to that cell).
    figures : tuple of Path, every PNG output, in order.
    thumbnail : Path or None, the first app figure (else the first figure), copied to thumbs/.
    seconds : float, execution time.
    error : str or None, ``"cell 7 (In [5]: <first line>): ValueError: ..."`` when a cell failed.
    """

    info: NotebookInfo
    html: Path
    figures: tuple[Path, ...]
    thumbnail: Path | None
    seconds: float
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, eq=False)
class TourResult:
    """The site written by :func:`run_tour`: its folder and one report per notebook."""

    out: Path
    reports: tuple[NotebookReport, ...]

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    @property
    def failed(self) -> tuple[NotebookReport, ...]:
        return tuple(report for report in self.reports if not report.ok)


def run_tour(
    notebooks: Sequence[NotebookInfo],
    out,
    *,
    fast: bool = False,
    hide_code: bool = False,
    timeout: int = 900,
    progress: bool = True,
    kernel: Kernel | None = None,
    frames: int | None = None,
) -> TourResult:
    """Execute each notebook and write the static site into ``out``.

    A notebook that fails is recorded (cell and error) and the others still run.

    Parameters
    ----------
    notebooks : sequence of NotebookInfo
        From :func:`otlab.lecture.find_notebooks`.
    out : path
        Folder of the site; created, and files of the same names are overwritten.
    fast : bool
        Sets ``OTLAB_FAST=1`` for the kernels, so training uses short step counts.
    hide_code : bool
        Leave code cells out of the HTML pages (text and outputs only).
    timeout : int
        Seconds allowed per cell.
    progress : bool
        A progress bar per notebook (one tick per code cell) and a line per result.
    kernel : Kernel, optional
        Where the notebooks run; default :func:`otlab.lecture.kernels.choose_kernel`.
    frames : int, optional
        Positions per slider precomputed for the pages' static sliders (default 41); 0 leaves
        apps as pictures of their current state.
    """
    check_tour_arguments(notebooks, out, timeout=timeout, kernel=kernel, frames=frames)
    from tqdm.auto import tqdm

    from otlab.widgets import _static  # loads the widgets (matplotlib): only when touring

    out = Path(out)
    kernel = kernel or choose_kernel()
    for folder in ("figures", "thumbs", "logs"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MPLBACKEND": INLINE}
    env.pop(_static.ENV, None)
    frames = _static.POSITIONS if frames is None else frames
    if frames:
        env[_static.ENV] = str(frames)
    if fast:
        env["OTLAB_FAST"] = "1"
    reports = []
    for position, info in enumerate(notebooks, start=1):
        label = f"[{position}/{len(notebooks)}] {info.stem}"
        report = tour_notebook(
            info,
            out,
            env=env,
            kernel=kernel,
            hide_code=hide_code,
            timeout=timeout,
            progress=progress,
            label=label,
        )
        reports.append(report)
        if progress:
            status = "ok" if report.ok else f"FAILED at {report.error}"
            figures = f"{len(report.figures)} figure{'s' * (len(report.figures) != 1)}"
            tqdm.write(f"{label}: {status} ({report.seconds:.1f} s, {figures})")
    result = TourResult(out=out, reports=tuple(reports))
    write_index(result)
    return result


def check_tour_arguments(notebooks, out, *, timeout, kernel, frames) -> None:
    """:func:`run_tour`'s checks, all made before a folder is created or a kernel started."""
    func = "run_tour"
    if not isinstance(notebooks, (list, tuple)) or not all(
        isinstance(info, NotebookInfo) for info in notebooks
    ):
        fail(
            func,
            "`notebooks` a list of NotebookInfo",
            describe(notebooks),
            "pass otlab.lecture.find_notebooks() or part of it",
            kind=TypeError,
        )
    if not isinstance(out, (str, os.PathLike)):
        fail(
            func, "`out` a folder path", describe(out), 'pass e.g. out="build/tour"', kind=TypeError
        )
    check_positive_int(func, "timeout", timeout)
    if frames is not None:
        check_positive_int(func, "frames", frames, minimum=0)
    check_kernel(func, kernel)


def tour_notebook(
    info: NotebookInfo, out: Path, *, env, kernel, hide_code, timeout, progress, label
) -> NotebookReport:
    """Execute one notebook, then save its figures, its HTML page and the executed .ipynb."""
    import nbformat

    nb = nbformat.read(info.path, as_version=4)
    start = time.perf_counter()
    # The kernel's own stdout/stderr (not the cells' outputs) go to a log, keeping the terminal
    # to one line per notebook; a kernel that dies leaves its last words there.
    with open(out / "logs" / f"{info.stem}.log", "w") as kernel_log:
        error = execute(
            nb,
            info,
            env=env,
            kernel=kernel,
            timeout=timeout,
            progress=progress,
            label=label,
            log=kernel_log,
        )
    seconds = time.perf_counter() - start
    app_figures = static_outputs(nb)
    figures, thumbnail = save_figures(nb, out, info.stem, app_figures)
    save_frames(nb, out, info.stem)
    drop_duplicate_pngs(nb)
    html = Path(f"{info.stem}.html")
    (out / html).write_text(render_html(nb, hide_code=hide_code), encoding="utf-8")
    nbformat.write(nb, out / f"{info.stem}.ipynb")
    return NotebookReport(info, html, figures, thumbnail, seconds, error)


def execute(nb, info: NotebookInfo, *, env, kernel, timeout, progress, label, log) -> str | None:
    """Run the cells in order in ``kernel``; the failing cell and error, or None."""
    from nbclient import NotebookClient
    from tqdm.auto import tqdm

    client = NotebookClient(
        nb,
        timeout=timeout,
        km=kernel.kernel_manager(),
        resources={"metadata": {"path": str(info.path.parent)}},
    )
    client.reset_execution_trackers()
    code_cells = sum(cell.cell_type == "code" for cell in nb.cells)
    bar = tqdm(total=code_cells, desc=label, unit="cell", leave=False, disable=not progress)
    index = None
    try:
        with client.setup_kernel(env=env, stdout=log, stderr=log):
            nb.metadata["language_info"] = client.wait_for_reply(client.kc.kernel_info())[
                "content"
            ]["language_info"]
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                bar.update(cell.cell_type == "code")
            client.set_widgets_metadata()
    except Exception as exc:  # noqa: BLE001 - any failure is reported and the tour goes on
        return describe_failure(nb, index, exc)
    finally:
        bar.close()
        # nbclient shuts down only kernels it started itself: without this each notebook's
        # kernel (torch, its threads, the apps) stayed alive to the end of the tour.
        if client.km.has_kernel:
            client.km.shutdown_kernel(now=True)
    return None


def describe_failure(nb, index: int | None, exc: Exception) -> str:
    """``"cell 7 (In [5]: first line): ValueError: message"`` for the report and the index."""
    from jupyter_client.kernelspec import NoSuchKernel

    if isinstance(exc, NoSuchKernel):
        return (
            f"start: kernel {exc.args[0]!r} is not installed; run `otlab kernel install` "
            "or leave out --kernel"
        )
    if index is None:
        return f"start: {type(exc).__name__}: {first_line(str(exc))}"
    cell = nb.cells[index]
    where = f"cell {index + 1}"
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    if first:
        where += f" (In [{cell.get('execution_count') or ' '}]: {first.strip()[:60]})"
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    if errors:
        return f"{where}: {errors[0].ename}: {first_line(errors[0].evalue)}"
    return f"{where}: {type(exc).__name__}: {first_line(str(exc))}"


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def static_outputs(nb) -> set[tuple[int, int]]:
    """Drop the widget view where an output also has a PNG (an App); return those outputs.

    The result holds ``(cell index, output index)`` of each app figure, the tour's favourite
    thumbnail.
    """
    apps, live_views = set(), False
    for i, cell in enumerate(nb.cells):
        for j, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" in data:
                del data[WIDGET_VIEW]
                apps.add((i, j))
            live_views = live_views or WIDGET_VIEW in data
    if not live_views:
        # Nothing left to render live: the saved widget state (PNGs included) only adds weight
        # and a script fetched from a CDN.
        nb.metadata.pop("widgets", None)
    return apps


def save_figures(nb, out: Path, stem: str, apps: set[tuple[int, int]]):
    """Write each PNG output to ``figures/<stem>/cellNN-K.png``; copy the thumbnail to thumbs/."""
    folder = Path("figures") / stem
    if (out / folder).exists():
        shutil.rmtree(out / folder)  # no stale figures from an earlier tour
    (out / folder).mkdir(parents=True)
    figures, thumbnail = [], None
    for i, cell in enumerate(nb.cells):
        pngs = [
            (j, o)
            for j, o in enumerate(cell.get("outputs", []))
            if "image/png" in o.get("data", {})
        ]
        for k, (j, output) in enumerate(pngs, start=1):
            path = folder / f"cell{i + 1:02d}-{k}.png"
            (out / path).write_bytes(base64.b64decode(output.data["image/png"]))
            figures.append(path)
            if thumbnail is None and (i, j) in apps:
                thumbnail = path
    thumbnail = thumbnail or (figures[0] if figures else None)
    thumb = Path("thumbs") / f"{stem}.png"
    (out / thumb).unlink(missing_ok=True)
    if thumbnail is None:
        return tuple(figures), None
    shutil.copyfile(out / thumbnail, out / thumb)
    return tuple(figures), thumb


def save_frames(nb, out: Path, stem: str) -> int:
    """Write each app's precomputed frames to ``figures/<stem>/cellNN-K-frames/``, next to its
    figure ``cellNN-K.png``, and point its static player at those files instead of inline
    images; return the number of apps."""
    from otlab.widgets import _static

    apps = 0
    for i, cell in enumerate(nb.cells):
        pngs = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        for k, output in enumerate(pngs, start=1):  # numbered as save_figures numbers figures
            view = output.data.pop(_static.MIME, None)
            if view is None:
                continue
            folder = Path("figures") / stem / f"cell{i + 1:02d}-{k}-frames"
            (out / folder).mkdir(parents=True, exist_ok=True)
            sources = []
            for j, image in enumerate(view["images"]):
                path = folder / f"{j:03d}.png"
                (out / path).write_bytes(base64.b64decode(image))
                sources.append(path.as_posix())
            uid = f"{stem}-{i + 1}-{k}"
            output.data["text/html"] = _static.player_html(view, sources, uid=uid)
            apps += 1
    return apps


# JupyterLab's light theme draws prompts, numbers, operators and comments below the 4.5:1
# contrast that WCAG AA asks for text; these are the same hues, darkened until they pass.
CONTRAST_CSS = """<style>
:root {
  --jp-mirror-editor-number-color: #006600;
  --jp-mirror-editor-operator-color: #8000cc;
  --jp-mirror-editor-comment-color: #336666;
  --jp-mirror-editor-meta-color: #8000cc;
  --jp-mirror-editor-attribute-color: #00558c;
  --jp-cell-prompt-not-active-font-color: #595959;
}
.jp-InputPrompt, .jp-OutputPrompt { color: #595959 !important; opacity: 1 !important; }
</style>
"""


def drop_duplicate_pngs(nb) -> None:
    """Keep one copy of each figure: where an output is also an ``<img>`` with alt text
    (otlab.plot offers figures that way), drop its PNG, already saved in figures/."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = "".join(data.get("text/html", ""))  # a str, or a list of lines from disk
            if "image/png" in data and html.startswith('<img src="data:image/png;base64,'):
                del data["image/png"]


def render_html(nb, *, hide_code: bool) -> str:
    """The executed notebook as one self-contained HTML page (images embedded)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=hide_code)
    body, _ = exporter.from_notebook_node(nb)
    return body.replace("</head>", CONTRAST_CSS + "</head>", 1)
