"""The ``otlab`` command: ``otlab tour`` (a static site of the course), ``otlab present NN``
and ``otlab kernel install``.

Errors a user can fix (no notebooks, an unknown number, a busy or impossible port, an ``--out``
that is a file, no kernel) print one line and exit with status 2, never a traceback; a tour in
which a notebook failed exits with status 1 after running the rest.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from otlab.lecture import find_notebooks, present, run_tour
from otlab.lecture.kernels import KERNEL, choose_kernel, install_kernel
from otlab.lecture.present import THEMES

EXAMPLES = """\
examples:
  otlab tour                     execute every notebook, write build/tour/index.html
  otlab tour --fast 01 02        only notebooks 01 and 02, short training runs
  otlab present 02               serve notebook 02 without code at http://127.0.0.1:8866/
  otlab kernel install --user    register this Python as the 'otlab' kernel for your JupyterLab
"""


class Parser(argparse.ArgumentParser):
    """Usage errors in one line (``otlab: error: ...``) and status 2, like every other error."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a port number from 1 to 65535, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port number from 1 to 65535, got {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="otlab",
        description="Lecture tools for the otlab course notebooks.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"otlab {_version()}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )
    notebooks = argparse.ArgumentParser(add_help=False)
    notebooks.add_argument(
        "--notebooks",
        metavar="DIR",
        type=Path,
        help="folder of NN_name.ipynb notebooks (default: ./notebooks, else the course's own)",
    )
    notebooks.add_argument(
        "--fast",
        action="store_true",
        help="set OTLAB_FAST=1 for the kernel: short training runs, rougher pictures",
    )
    notebooks.add_argument(
        "--kernel",
        metavar="NAME",
        help=f"Jupyter kernel to run the notebooks in, or 'here' for this Python (default: the "
        f"registered {KERNEL!r} kernel, else this Python)",
    )

    tour = commands.add_parser(
        "tour",
        parents=[notebooks],
        help="execute every notebook and write a static site with each figure as PNG",
        description=(
            "Execute each notebook headless (in the 'otlab' kernel when registered, else in "
            "this Python) and write a "
            "static site: index.html with a thumbnail and a one-line summary per notebook, one "
            "HTML page per notebook with its outputs, every figure as figures/<notebook>/*.png, "
            "a thumbnail per notebook in thumbs/, and the executed .ipynb files. A notebook "
            "that fails is reported with its cell and error; the others still run, and the "
            "exit status is 1."
        ),
    )
    tour.add_argument(
        "only",
        nargs="*",
        metavar="NN",
        help="notebook numbers (or names) to include; default: all",
    )
    tour.add_argument(
        "--out",
        type=Path,
        default=Path("build/tour"),
        metavar="DIR",
        help="folder of the site (default: build/tour)",
    )
    tour.add_argument(
        "--hide-code", action="store_true", help="leave code cells out of the HTML pages"
    )
    tour.add_argument(
        "--timeout", type=int, default=900, metavar="S", help="seconds allowed per cell (900)"
    )
    tour.add_argument("--quiet", action="store_true", help="no progress bars, only the summary")
    tour.add_argument(
        "--frames",
        type=int,
        default=41,
        metavar="N",
        help="positions per slider precomputed so that the pages' sliders work with no "
        "kernel (41; 0: apps as pictures only)",
    )

    present = commands.add_parser(
        "present",
        parents=[notebooks],
        help="serve one notebook as a web app without code cells (Voila), for a lecture",
        description=(
            "Serve one notebook with Voila on 127.0.0.1: its text, figures and sliders, without "
            "the code. Prints the URL and runs until Ctrl+C."
        ),
    )
    present.add_argument("number", metavar="NN", help="the notebook's number (02) or name")
    present.add_argument(
        "--port",
        type=port_number,
        metavar="PORT",
        help="port to listen on (default: 8866 when free)",
    )
    present.add_argument("--theme", choices=THEMES, default="light", help="Voila theme (light)")
    present.add_argument(
        "--browser", action="store_true", help="also open the page in the default browser"
    )

    kernel = commands.add_parser(
        "kernel",
        help="register this Python as a Jupyter kernel (for a JupyterLab of your own)",
        description=(
            "The course notebooks ask for the standard python3 kernel, so any JupyterLab in the "
            "environment where otlab is installed runs them. For a JupyterLab installed "
            "elsewhere, register this Python as a kernel named 'otlab' and pick it there."
        ),
    )
    kernel_commands = kernel.add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=Parser
    )
    install = kernel_commands.add_parser("install", help="register the kernel")
    install.add_argument("--name", default=KERNEL, help=f"kernel name ({KERNEL})")
    install.add_argument(
        "--user",
        action="store_true",
        help="for every JupyterLab of this user (default: this environment's only)",
    )
    install.add_argument("--prefix", metavar="DIR", help="install under DIR/share/jupyter")
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("otlab")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``otlab`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "kernel":
            where = install_kernel(name=args.name, user=args.user, prefix=args.prefix)
            print(f"Installed kernel {args.name!r} ({sys.executable}) in {where}")
            return 0
        if args.command == "tour":
            infos = find_notebooks(args.notebooks, only=args.only)
            check_out(args.out)
        else:
            (info,) = find_notebooks(args.notebooks, only=[args.number])
        kernel = choose_kernel(args.kernel)
        if args.command == "present":
            return present(
                info,
                port=args.port,
                theme=args.theme,
                fast=args.fast,
                open_browser=args.browser,
                kernel=kernel,
            )
    except (ValueError, OSError) as exc:
        parser.exit(2, f"otlab: error: {exc}\n")

    print(f"Kernel: {kernel.description}", flush=True)
    try:
        result = run_tour(
            infos,
            args.out,
            fast=args.fast,
            hide_code=args.hide_code,
            timeout=args.timeout,
            progress=not args.quiet,
            kernel=kernel,
            frames=args.frames,
        )
    except ValueError as exc:  # --timeout 0, --frames -1: refused before any notebook runs
        parser.exit(2, f"otlab: error: {exc}\n")
    count = len(result.reports)
    print(f"Wrote {result.index} ({count} notebook{'s' * (count != 1)})")
    for report in result.failed:
        page = result.out / report.html
        print(f"FAILED {report.info.stem}: {report.error} (traceback in {page})", file=sys.stderr)
    return 1 if result.failed else 0


def check_out(out: Path) -> None:
    """``--out`` must be a folder, or a path where one can be made."""
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                what = "it" if folder == out else f"{folder}"
                raise ValueError(
                    f"otlab tour: --out must be a folder, got {str(out)!r} and {what} is a "
                    "file; pass another --out"
                )
            return


if __name__ == "__main__":
    sys.exit(main())
