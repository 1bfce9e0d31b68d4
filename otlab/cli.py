"""The ``otlab`` command: ``otlab tour`` (a static site of the course) and ``otlab present NN``.

Errors a user can fix (no notebooks, an unknown number, a busy port) print one line and exit
with status 2; a tour in which a notebook failed exits with status 1 after running the rest.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from otlab.lecture import find_notebooks, present, run_tour
from otlab.lecture.present import THEMES

EXAMPLES = """\
examples:
  otlab tour                     execute every notebook, write build/tour/index.html
  otlab tour --fast 01 02        only notebooks 01 and 02, short training runs
  otlab present 02               serve notebook 02 without code at http://127.0.0.1:8866/
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="otlab",
        description="Lecture tools for the otlab course notebooks.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"otlab {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
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

    tour = commands.add_parser(
        "tour",
        parents=[notebooks],
        help="execute every notebook and write a static site with each figure as PNG",
        description=(
            "Execute each notebook headless (in the kernel its metadata names) and write a "
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
        "--port", type=int, metavar="PORT", help="port to listen on (default: 8866 when free)"
    )
    present.add_argument("--theme", choices=THEMES, default="light", help="Voila theme (light)")
    present.add_argument(
        "--browser", action="store_true", help="also open the page in the default browser"
    )
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
        if args.command == "tour":
            infos = find_notebooks(args.notebooks, only=args.only)
        else:
            (info,) = find_notebooks(args.notebooks, only=[args.number])
            return present(
                info,
                port=args.port,
                theme=args.theme,
                fast=args.fast,
                open_browser=args.browser,
            )
    except ValueError as exc:
        parser.exit(2, f"otlab: error: {exc}\n")

    result = run_tour(
        infos,
        args.out,
        fast=args.fast,
        hide_code=args.hide_code,
        timeout=args.timeout,
        progress=not args.quiet,
    )
    count = len(result.reports)
    print(f"Wrote {result.index} ({count} notebook{'s' * (count != 1)})")
    for report in result.failed:
        page = result.out / report.html
        print(f"FAILED {report.info.stem}: {report.error} (traceback in {page})", file=sys.stderr)
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
