"""The ``otlab`` command (``otlab/cli.py``) and the lecture tools behind it (``otlab/lecture``).

Fast tests use notebooks that are never executed; the tests marked slow execute a tiny course of
three notebooks (an app, a failing cell, a plain figure) in the ``otlab`` kernel, and serve one
with Voila.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import otlab
from otlab.cli import build_parser, main
from otlab.lecture import (
    NotebookInfo,
    TourResult,
    find_notebooks,
    kernels,
    title_and_summary,
)
from otlab.lecture.kernels import choose_kernel
from otlab.lecture.present import free_port, present, voila_command
from otlab.lecture.site import write_index
from otlab.lecture.tour import (
    WIDGET_VIEW,
    NotebookReport,
    describe_failure,
    drop_duplicate_pngs,
    save_figures,
    static_outputs,
)

APP_CODE = """\
import os
import ipywidgets as widgets
import otlab
from otlab.widgets._live import App, LiveFigure

class Piles(App):
    def __init__(self):
        self.live = LiveFigure(figsize=(3, 2))
        self.slider = widgets.IntSlider(value=1, min=0, max=3, description="P[0]")
        self.readout = widgets.HTML()
        self.bars = self.live.axes.bar(range(4), [1, 1, 1, 1])
        self.slider.observe(lambda change: self.update(change["new"]), names="value")
        self.widget = widgets.VBox([self.slider, self.readout, self.live.image])
        self.update(self.slider.value)

    def update(self, p0):
        result = otlab.piles_emd([p0, 1, 1, 1], [1, 1, 1, p0])
        self.bars[0].set_height(p0)
        self.readout.value = f"W1 = {result.distance:.3f}"
        self.live.redraw()

print("OTLAB_FAST =", os.environ.get("OTLAB_FAST"))
Piles()
"""
FIGURE_CODE = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 2))
ax.plot([0, 1], [1, 0])
"""
# A 1x1 PNG, for outputs that are never executed.
PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg"
    "=="
)


def write_notebook(folder: Path, name: str, cells, *, kernel: str = "otlab") -> Path:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def course(tmp_path) -> Path:
    """Three notebooks: an app, one that fails in its third cell, and a plain figure."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_notebook(
        folder,
        "01_piles.ipynb",
        [
            new_markdown_cell("# 01 · Piles\n\nMoving *dirt* between [piles](x). Then more."),
            new_code_cell(APP_CODE),
        ],
    )
    write_notebook(
        folder,
        "02_broken.ipynb",
        [
            new_markdown_cell("# 02 · Broken\n\nFails on purpose."),
            new_code_cell("x = 1"),
            new_code_cell("undefined_name + x"),
            new_code_cell("print('never runs')"),
        ],
    )
    write_notebook(
        folder,
        "03_figure.ipynb",
        [new_markdown_cell("# 03 · Figure\n\nOne line."), new_code_cell(FIGURE_CODE)],
    )
    (folder / "notes.ipynb").write_text("not a course notebook")  # ignored: no NN_ prefix
    return folder


# ---------------------------------------------------------------- finding notebooks, summaries


def test_title_and_summary_plain_first_sentence():
    markdown = (
        "# 02 · Divergences vs **Wasserstein**\n\n"
        "When two [lines](https://x) do not overlap, `KL` is infinite. The rest.\n\n## Next"
    )
    assert title_and_summary(markdown) == (
        "02 · Divergences vs Wasserstein",
        "When two lines do not overlap, KL is infinite.",
    )


def test_title_and_summary_edge_cases():
    assert title_and_summary("") == ("", "")
    assert title_and_summary("# Only a title") == ("Only a title", "")
    assert title_and_summary("Text without title, snake_case kept.") == (
        "",
        "Text without title, snake_case kept.",
    )
    long_title, long_summary = title_and_summary("word " * 100)
    assert long_title == "" and len(long_summary) == 200 and long_summary.endswith("...")


def test_find_notebooks_in_course_order_with_summaries(course):
    infos = find_notebooks(course)
    assert [info.stem for info in infos] == ["01_piles", "02_broken", "03_figure"]
    assert [info.number for info in infos] == ["01", "02", "03"]
    assert infos[0].title == "01 · Piles"
    assert infos[0].summary == "Moving dirt between piles."
    assert infos[0].kernel == "otlab"


@pytest.mark.parametrize("key", ["2", "02", "02_broken", "02_broken.ipynb"])
def test_find_notebooks_selects_by_number_or_name(course, key):
    assert [info.stem for info in find_notebooks(course, only=[key])] == ["02_broken"]


def test_find_notebooks_unknown_number_lists_the_valid_ones(course):
    with pytest.raises(
        ValueError,
        match=r"find_notebooks: .*01_piles, 02_broken, 03_figure.*"
        r"got '7'; pass its two-digit number",
    ):
        find_notebooks(course, only=["7"])


def test_find_notebooks_empty_or_missing_folder(tmp_path):
    with pytest.raises(ValueError, match=r"find_notebooks: notebooks named like .*got none; run"):
        find_notebooks(tmp_path)
    with pytest.raises(ValueError, match=r"find_notebooks: a folder of notebooks, got '.*nope'"):
        find_notebooks(tmp_path / "nope")


def test_notebook_without_markdown_or_kernelspec_gets_defaults(tmp_path):
    nbformat.write(new_notebook(cells=[new_code_cell("1")]), tmp_path / "05_bare.ipynb")
    (info,) = find_notebooks(tmp_path)
    assert (info.title, info.summary, info.kernel) == ("05_bare", "", "otlab")


# ---------------------------------------------------------------- the command line


def test_help_describes_both_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "tour" in text and "present" in text and "otlab present 02" in text


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("tour", ["--out", "--fast", "--notebooks", "--hide-code", "--timeout", "--quiet"]),
        ("present", ["--port", "--theme", "--fast", "--notebooks", "--browser"]),
    ],
)
def test_subcommand_help_lists_options(capsys, command, options):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert all(option in text for option in options)


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"otlab {otlab.__version__}\n"


def test_defaults():
    args = build_parser().parse_args(["tour"])
    assert (args.out, args.fast, args.only, args.notebooks) == (Path("build/tour"), False, [], None)
    assert build_parser().parse_args(["present", "2"]).number == "2"


def test_missing_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_tour_without_notebooks_exits_2_with_the_fix(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["tour", "--notebooks", str(tmp_path), "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "run `make notebooks`" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tour", "9"], "got '9'; pass its two-digit number, e.g. 02"),
        (["present", "9"], "got '9'; pass its two-digit number, e.g. 02"),
        (["present", "01", "--port", "70000"], "a port number from 1 to 65535, got 70000"),
        (["present", "01", "--port", "0"], "a port number from 1 to 65535, got 0"),
        (["present", "01", "--port", "http"], "a port number from 1 to 65535, got 'http'"),
        (["tour", "--out", "{file}"], "--out must be a folder, got"),
        (["tour", "--out", "{file}/sub"], "is a file; pass another --out"),
        (["kernel"], "the following arguments are required: ACTION"),
        (["tour", "--timeout", "0"], "run_tour: `timeout` an integer >= 1, got 0"),
    ],
)
def test_bad_input_is_one_line_and_status_2(course, tmp_path, capsys, argv, message):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    argv = [arg.replace("{file}", str(file)) for arg in argv] + ["--notebooks", str(course)]
    if argv[0] == "kernel":
        argv = argv[:1]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("otlab") and err.count("\n") == 1, err
    assert message in err
    assert file.read_text() == "not a folder"


def test_present_refuses_a_port_out_of_range(course):
    (info,) = find_notebooks(course, only=["01"])
    with pytest.raises(ValueError, match=r"otlab present: a port from 1 to 65535, got 65536"):
        present(info, port=65536)


def test_kernel_install_registers_this_python(tmp_path, capsys):
    assert main(["kernel", "install", "--prefix", str(tmp_path)]) == 0
    spec = json.loads((tmp_path / "share/jupyter/kernels/otlab/kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == "Python (otlab)"
    assert capsys.readouterr().out.startswith("Installed kernel 'otlab'")


def test_present_unknown_notebook_exits_2(course, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["present", "9", "--notebooks", str(course)])
    assert exit_info.value.code == 2
    assert "got '9'" in capsys.readouterr().err


# ---------------------------------------------------------------- static outputs and figures


def app_output():
    return new_output(
        "execute_result",
        data={"text/plain": "Piles()", WIDGET_VIEW: {"model_id": "a"}, "image/png": PIXEL},
    )


def test_static_outputs_keep_the_png_of_apps_and_drop_their_widget_view():
    nb = new_notebook(
        cells=[
            new_code_cell("fig", outputs=[new_output("display_data", data={"image/png": PIXEL})]),
            new_code_cell("app", outputs=[app_output()]),
        ]
    )
    nb.metadata["widgets"] = {"state": "large"}
    assert static_outputs(nb) == {(1, 0)}
    assert set(nb.cells[1].outputs[0].data) == {"text/plain", "image/png"}
    assert "widgets" not in nb.metadata  # no live view left: the saved state is dead weight


def test_static_outputs_keep_plain_widgets_and_their_state():
    slider = new_output("display_data", data={"text/plain": "IntSlider()", WIDGET_VIEW: {}})
    nb = new_notebook(cells=[new_code_cell("slider", outputs=[slider])])
    nb.metadata["widgets"] = {"state": "needed"}
    assert static_outputs(nb) == set()
    assert WIDGET_VIEW in nb.cells[0].outputs[0].data and "widgets" in nb.metadata


def test_save_figures_names_files_by_cell_and_prefers_an_app_as_thumbnail(tmp_path):
    figure = new_output("display_data", data={"image/png": PIXEL})
    nb = new_notebook(
        cells=[
            new_markdown_cell("text"),
            new_code_cell("two figures", outputs=[figure, figure]),
            new_code_cell("app", outputs=[app_output()]),
        ]
    )
    apps = static_outputs(nb)
    (tmp_path / "thumbs").mkdir()
    figures, thumbnail = save_figures(nb, tmp_path, "01_x", apps)
    names = [path.as_posix() for path in figures]
    assert names == [
        "figures/01_x/cell02-1.png",
        "figures/01_x/cell02-2.png",
        "figures/01_x/cell03-1.png",
    ]
    assert thumbnail == Path("thumbs/01_x.png")
    assert (tmp_path / thumbnail).read_bytes() == base64.b64decode(PIXEL)


def test_figures_shown_with_alt_text_keep_one_copy():
    img = f'<img src="data:image/png;base64,{PIXEL}" alt="Figure: a line">'
    figure = new_output("display_data", data={"image/png": PIXEL, "text/html": img})
    nb = new_notebook(cells=[new_code_cell("fig", outputs=[figure, app_output()])])
    drop_duplicate_pngs(nb)
    first, app = nb.cells[0].outputs
    assert set(first.data) == {"text/html"} and "image/png" in app.data


def test_describe_failure_names_the_cell_and_error():
    error = new_output("error", ename="ValueError", evalue="bad p\nmore", traceback=[])
    nb = new_notebook(
        cells=[new_markdown_cell("m"), new_code_cell("\n  f(p=0)  ", outputs=[error])]
    )
    nb.cells[1].execution_count = 4
    message = describe_failure(nb, 1, RuntimeError("ignored"))
    assert message == "cell 2 (In [4]: f(p=0)): ValueError: bad p"
    assert describe_failure(nb, None, OSError("no\nkernel")) == "start: OSError: no"


def test_write_index_escapes_text_and_reports_failures(tmp_path):
    info = NotebookInfo(Path("01_a.ipynb"), "A <b>", "x < y.", "otlab")
    reports = (
        NotebookReport(
            info,
            Path("01_a.html"),
            (Path("figures/01_a/cell02-1.png"),),
            Path("thumbs/01_a.png"),
            1.234,
            None,
        ),
        NotebookReport(info, Path("02_b.html"), (), None, 0.5, "cell 3 (In [2]: x): NameError: x"),
    )
    write_index(TourResult(tmp_path, reports))
    page = (tmp_path / "index.html").read_text()
    assert "A &lt;b&gt;" in page and "x &lt; y." in page
    assert '<img src="thumbs/01_a.png"' in page and 'href="01_a.html"' in page
    assert "2 notebooks, 1 failed" in page and "Failed: cell 3 (In [2]: x): NameError: x" in page
    manifest = json.loads((tmp_path / "tour.json").read_text())
    assert manifest[0]["figures"] == ["figures/01_a/cell02-1.png"] and manifest[1]["error"]


def test_an_unknown_kernel_is_one_line_and_status_2(course, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_info:
        main(["tour", "--notebooks", str(course), "--out", str(out), "--kernel", "no-such"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "otlab: error: otlab: the name of an installed Jupyter kernel (see `jupyter kernelspec "
        "list`), got 'no-such'; leave out --kernel, or run `otlab kernel install --name "
        "no-such`\n"
    )
    assert not out.exists()


def test_no_kernel_at_all_is_one_line_and_status_2(course, monkeypatch, capsys):
    # This interpreter without ipykernel and no registered otlab kernel: nothing can run.
    monkeypatch.setattr(kernels, "ipykernel_available", lambda: False)
    with pytest.raises(SystemExit) as exit_info:
        main(["present", "01", "--notebooks", str(course), "--kernel", "here"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has no ipykernel); run `" in err


def test_kernel_choice_prefers_the_registered_otlab_kernel(monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert choose_kernel().name in ("otlab", "here")  # whatever this environment has
    assert choose_kernel("here").argv[0] == sys.executable
    kernels.install_kernel(prefix=str(tmp_path / "prefix"))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "prefix" / "share" / "jupyter"))
    chosen = choose_kernel()
    assert chosen.name == "otlab" and chosen.description.startswith("kernel 'otlab' (")


# ---------------------------------------------------------------- present


def test_voila_command_serves_localhost_without_code(course):
    (info,) = find_notebooks(course, only=["01"])
    command = voila_command(info, 9999, theme="dark")
    assert str(info.path) in command
    assert {"--port=9999", "--Voila.ip=127.0.0.1", "--strip_sources=True", "--no-browser"} <= set(
        command
    )
    assert "--theme=dark" in command


def test_present_refuses_an_unknown_theme(course):
    (info,) = find_notebooks(course, only=["01"])
    with pytest.raises(ValueError, match=r"otlab present: `theme` one of 'light', 'dark', got 'x'"):
        present(info, theme="x")


def test_present_refuses_a_busy_port(course):
    (info,) = find_notebooks(course, only=["01"])
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert free_port(port) != port
        with pytest.raises(ValueError, match=rf"otlab present: a free port, got {port}, which"):
            present(info, port=port)


# ---------------------------------------------------------------- slow: kernels run


def is_live_kernel(process) -> bool:
    """A kernel process that still runs (a zombie has exited; one may exit while we look)."""
    try:
        alive = process.status() != psutil.STATUS_ZOMBIE
        return alive and "ipykernel" in " ".join(process.cmdline())
    except psutil.Error:
        return False


def live_kernels() -> set[int]:
    """The pids of the kernels this test process started (directly or not) that still run."""
    return {p.pid for p in psutil.Process().children(recursive=True) if is_live_kernel(p)}


@pytest.mark.slow
def test_tour_runs_every_notebook_and_reports_the_failing_cell(course, tmp_path, capsys):
    out = tmp_path / "site"
    kernels_before = live_kernels()
    status = main(["tour", "--notebooks", str(course), "--out", str(out), "--fast", "--quiet"])
    captured = capsys.readouterr()
    assert status == 1
    assert (
        "FAILED 02_broken: cell 3 (In [2]: undefined_name + x): NameError: "
        "name 'undefined_name' is not defined" in captured.err
    )
    manifest = {entry["notebook"]: entry for entry in json.loads((out / "tour.json").read_text())}
    assert list(manifest) == ["01_piles", "02_broken", "03_figure"]
    assert manifest["01_piles"]["error"] is None and manifest["03_figure"]["error"] is None

    # 01: the app's PNG is the figure, the thumbnail, and what the HTML page shows.
    assert manifest["01_piles"]["figures"] == ["figures/01_piles/cell02-1.png"]
    assert (out / "thumbs/01_piles.png").read_bytes() == (
        out / "figures/01_piles/cell02-1.png"
    ).read_bytes()
    page = (out / "01_piles.html").read_text()
    assert "data:image/png;base64," in page and WIDGET_VIEW not in page
    # Its slider works with no kernel: P[0] at each of its 4 positions, frames in files (the
    # bars of 2 and 3 leave the axes alike, so those two share one file).
    assert page.count('type="range"') == 1 and '"labels":["0","1","2","3"]' in page
    assert "figures/01_piles/cell02-1-frames/000.png" in page
    assert len(list((out / "figures/01_piles/cell02-1-frames").glob("*.png"))) == 3
    executed = nbformat.read(out / "01_piles.ipynb", as_version=4)
    assert executed.cells[1].outputs[0].text == "OTLAB_FAST = 1\n"  # --fast reached the kernel

    # 02 stopped at its failing cell; its page shows the traceback up to there.
    broken = nbformat.read(out / "02_broken.ipynb", as_version=4)
    assert broken.cells[3].outputs == [] and "NameError" in (out / "02_broken.html").read_text()
    # 03 still ran after 02 failed.
    assert manifest["03_figure"]["figures"] == ["figures/03_figure/cell02-1.png"]

    index = (out / "index.html").read_text()
    assert index.count("<h2>") == 3 and "Moving dirt between piles." in index
    # Each notebook's kernel is shut down when it is done, the failed one's too.
    assert live_kernels() <= kernels_before  # others' (a JupyterLab fixture's) may be running


@pytest.mark.slow
def test_tour_hide_code_and_selection(course, tmp_path):
    out = tmp_path / "site"
    assert (
        main(
            ["tour", "03", "--notebooks", str(course), "--out", str(out), "--hide-code", "--quiet"]
        )
        == 0
    )
    assert sorted(path.name for path in out.glob("*.html")) == ["03_figure.html", "index.html"]
    assert "plt.subplots" not in (out / "03_figure.html").read_text()


@pytest.mark.slow
def test_present_serves_the_notebook_without_code(course):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "otlab.cli",
        "present",
        "01",
        "--notebooks",
        str(course),
        "--port",
        str(port),
        "--fast",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line == f"Presenting 01_piles at http://127.0.0.1:{port}/\n"
        # Voila executes the notebook before it answers.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as response:
            html = response.read().decode()
        assert "W1 = 0.000" in html  # the app ran (its readout's saved state)
        assert "class Piles(App)" not in html  # and its code is not shown
    finally:
        process.terminate()  # SIGTERM: otlab stops Voila and its kernel before exiting
        assert process.wait(30) == 143
