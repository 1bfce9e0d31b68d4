"""Finding the course's notebooks and reading a title and a one-line summary from each."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from otlab._validation import describe, entry_point, fail

# Course notebooks are named NN_topic.ipynb; anything else in the folder is not part of the tour.
PATTERN = "[0-9][0-9]_*.ipynb"
KERNEL = "otlab"


@dataclass(frozen=True, eq=False)
class NotebookInfo:
    """One course notebook: where it is and what its first markdown cell says it is about."""

    path: Path
    title: str
    summary: str
    kernel: str

    @property
    def number(self) -> str:
        """The two-digit course number, e.g. ``"02"``."""
        return self.path.name[:2]

    @property
    def stem(self) -> str:
        return self.path.stem


def default_notebook_dir() -> Path:
    """``./notebooks`` when run from a checkout; else the copy ``pip install`` put in
    ``<environment>/share/otlab/notebooks``; else the folder next to an editable install."""
    for folder in (
        Path.cwd() / "notebooks",
        Path(sys.prefix) / "share" / "otlab" / "notebooks",
        Path(__file__).resolve().parents[2] / "notebooks",
    ):
        if folder.is_dir():
            return folder
    return Path.cwd() / "notebooks"  # named in the error message


@entry_point("find_notebooks")
def find_notebooks(directory=None, *, only=()) -> list[NotebookInfo]:
    """The course notebooks in ``directory``, in course order, optionally only some numbers.

    Parameters
    ----------
    directory : path, optional
        Folder holding ``NN_name.ipynb`` files; default :func:`default_notebook_dir`.
    only : sequence of str
        Course numbers (``"2"`` or ``"02"``) or file stems to keep; empty keeps all.
    """
    func = "find_notebooks"
    if directory is not None and not isinstance(directory, (str, os.PathLike)):
        fail(
            func,
            "`directory` a path to a folder",
            describe(directory),
            "pass a str or pathlib.Path, or leave it out for the course's notebooks",
            kind=TypeError,
        )
    if not isinstance(only, (list, tuple)) or not all(
        isinstance(key, (str, int)) and not isinstance(key, bool) for key in only
    ):
        fail(
            func,
            "`only` a list of course numbers or notebook names",
            describe(only),
            'pass e.g. only=("01", "03"), or leave it out for every notebook',
            kind=TypeError,
        )
    folder = Path(directory) if directory is not None else default_notebook_dir()
    if not folder.is_dir():
        fail(func, "a folder of notebooks", repr(str(folder)), "pass --notebooks DIR")
    paths = sorted(folder.glob(PATTERN))
    if not paths:
        fail(
            func,
            f"notebooks named like {PATTERN} in {folder}",
            "none",
            "run `make notebooks` to generate the .ipynb files, or pass --notebooks DIR",
        )
    if only:
        paths = [select_notebook(paths, key) for key in only]
    return [read_info(path) for path in paths]


def select_notebook(paths: list[Path], key: str) -> Path:
    """The one path among ``paths`` whose number (``2``, ``02``) or stem matches ``key``."""
    key = str(key).strip().removesuffix(".ipynb").removesuffix(".py")
    wanted = key.zfill(2) if key.isdigit() else key
    matches = [p for p in paths if p.stem == wanted or p.name[:2] == wanted]
    if len(matches) != 1:
        valid = ", ".join(p.stem for p in paths)
        fail(
            "select_notebook",
            f"the number or name of one notebook ({valid})",
            repr(key),
            "pass its two-digit number, e.g. 02",
        )
    return matches[0]


def read_info(path: Path) -> NotebookInfo:
    """Title, summary and kernel name of one notebook, read without executing it."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name") or KERNEL
    markdown = next((cell.source for cell in nb.cells if cell.cell_type == "markdown"), "")
    title, summary = title_and_summary(markdown)
    return NotebookInfo(path=path, title=title or path.stem, summary=summary, kernel=kernel)


def title_and_summary(markdown: str) -> tuple[str, str]:
    """The first heading and the first sentence of the first paragraph, as plain text.

    >>> title_and_summary("# 02 Theta\\n\\nTwo lines *far* apart. More text.")
    ('02 Theta', 'Two lines far apart.')
    """
    if not isinstance(markdown, str):
        fail(
            "title_and_summary",
            "`markdown` as a str",
            describe(markdown),
            "pass the text of a markdown cell (cell.source)",
            kind=TypeError,
        )
    title, paragraphs = "", []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        block = block.strip()
        if block.startswith("#"):
            first, _, rest = block.partition("\n")
            title = title or plain_text(first.lstrip("#"))
            block = rest.strip()
        if block:
            paragraphs.append(block)
    if not paragraphs:
        return title, ""
    text = plain_text(paragraphs[0])
    # The first sentence: up to a full stop followed by a space and a capital letter.
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
    return title, sentence if len(sentence) <= 200 else sentence[:197].rstrip() + "..."


def plain_text(markdown: str) -> str:
    """Markdown emphasis, links and code marks removed; whitespace collapsed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # [text](url) -> text
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_(\S.*?\S|\S)_(?!\w)", r"\1", text)  # _emphasis_, not snake_case
    text = re.sub(r"^\s*[-*>]\s+", "", text, flags=re.M)
    return " ".join(text.split())
