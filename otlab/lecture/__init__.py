"""Lecture tools behind the ``otlab`` command: the static tour and Voila presentations.

``otlab tour`` executes every notebook and writes a static site (see :mod:`otlab.lecture.tour`);
``otlab present NN`` serves one notebook without its code (see :mod:`otlab.lecture.present`).
Nothing here is imported by ``import otlab``.
"""

from otlab.lecture.notebooks import NotebookInfo, find_notebooks, title_and_summary
from otlab.lecture.present import present
from otlab.lecture.tour import NotebookReport, TourResult, run_tour

__all__ = [
    "NotebookInfo",
    "NotebookReport",
    "TourResult",
    "find_notebooks",
    "present",
    "run_tour",
    "title_and_summary",
]
