"""The problem sets in coursework/, graded by nbgrader's own commands in a throwaway course.

One module-scoped course directory (a copy of coursework/ under tmp_path) goes through the whole
workflow once: ``nbgrader generate_assignment`` releases every problem set, three students
submit (the instructor's source notebooks, the blank released notebooks, and the prepared wrong
submission of wrong_submission.py), ``nbgrader autograde`` grades them with the real SQLite
gradebook, and ``nbgrader generate_feedback`` writes the wrong submission's feedback. The tests
then read the marks from the gradebook. While nbgrader autogrades, the wrong submission is also
run as a student would run it (the released notebook, visible tests only) to check that the
release checks itself. Nothing is written into the repository.
"""

from __future__ import annotations

import ast
import html
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

COURSEWORK = Path(__file__).resolve().parents[2] / "coursework"
SOURCE = COURSEWORK / "source"
ASSIGNMENTS = sorted(path.name for path in SOURCE.iterdir() if path.is_dir())
TWINS = sorted(SOURCE.glob("*/*.py"))
SUBMISSIONS = runpy.run_path(str(Path(__file__).with_name("wrong_submission.py")))["SUBMISSIONS"]
# Student ids in the course: the instructor's solutions, an untouched release, the wrong answers.
INSTRUCTOR, BLANK, WRONG = "instructor", "blank", "wrong"
# What the course copy leaves out: outputs of an earlier local run.
GENERATED = ("release", "submitted", "autograded", "feedback", "gradebook.db", ".ipynb_checkpoints")


# For every kernel the tests start: one torch thread each keeps a 2-core machine responsive (the
# critics are tiny), and POT skips registering its torch backend, which otlab never passes to it
# (numpy arrays only); that halves the start-up of every notebook that calls otlab.emd.
KERNEL_ENV = {"OMP_NUM_THREADS": "1", "POT_BACKEND_DISABLE_PYTORCH": "1"}


def _env() -> dict[str, str]:
    env = {**os.environ, **KERNEL_ENV}
    # nbgrader runs `alembic` (its database migrations) from PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _start(root: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    """Start ``python -m nbgrader <args>`` in the course ``root``; returns it and its log file."""
    log = root / f"{args[0]}.log"
    with log.open("w") as out:  # the child keeps its own handle
        process = subprocess.Popen(
            [sys.executable, "-m", "nbgrader", *args],
            cwd=root,
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, log


def _finish(started: tuple[subprocess.Popen, Path]) -> None:
    """Wait for an nbgrader command; fail with the end of its log if it failed."""
    process, log = started
    code = process.wait(timeout=600)
    assert code == 0, f"{' '.join(process.args[2:])} failed:\n{log.read_text()[-4000:]}"


def _nbgrader(root: Path, *args: str) -> None:
    _finish(_start(root, *args))


def _self_check(nb: nbformat.NotebookNode, folder: Path) -> dict[str, str | None]:
    """Run a notebook as a student does; grade_id of each test cell -> its error text or None."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in KERNEL_ENV.items():  # the kernel inherits this process's environment
            patch.setenv(name, value)
        client = NotebookClient(
            nb, timeout=300, allow_errors=True, resources={"metadata": {"path": str(folder)}}
        )
        client.execute()
    results = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            errors = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]
            results[meta["grade_id"]] = errors[0] if errors else None
    return results


def _notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def _fill(release: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The released notebook with the given code in the answer cells, matched by grade_id."""
    nb = nbformat.read(release, as_version=4)
    used = set()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id].strip()
            used.add(grade_id)
    assert used == set(answers), f"no answer cell for {sorted(set(answers) - used)}"
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> tuple[Path, dict]:
    """The course root after the whole workflow, and the self-check results of the release."""
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(COURSEWORK, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*GENERATED))
    _nbgrader(root, "generate_assignment", "*")
    wrong = {}
    for assignment in ASSIGNMENTS:
        release = root / "release" / assignment
        for student, folder in ((INSTRUCTOR, root / "source" / assignment), (BLANK, release)):
            target = root / "submitted" / student / assignment
            target.mkdir(parents=True)
            for path in _notebooks(folder):
                shutil.copy(path, target / path.name)
        if assignment in SUBMISSIONS:
            target = root / "submitted" / WRONG / assignment
            target.mkdir(parents=True)
            (path,) = _notebooks(release)
            wrong[assignment] = _fill(path, SUBMISSIONS[assignment]["answers"])
            nbformat.write(wrong[assignment], target / path.name)
    autograde = _start(root, "autograde", "*")
    try:  # meanwhile, the student's own run of the released notebook
        scratch = root / "student_run"
        scratch.mkdir()
        checks = {name: _self_check(nb, scratch) for name, nb in wrong.items()}
    finally:
        _finish(autograde)
    _nbgrader(root, "generate_feedback", "*", "--student", WRONG)
    return root, checks


def _grades(root: Path, assignment: str, student: str) -> dict[str, dict[str, tuple]]:
    """notebook -> {grade_id: (auto_score, max_score, needs_manual_grade, cell_type)}."""
    from nbgrader.api import Gradebook

    marks = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for notebook in gradebook.find_assignment(assignment).notebooks:
            submitted = gradebook.find_submission_notebook(notebook.name, assignment, student)
            marks[notebook.name] = {
                grade.name: (
                    grade.auto_score,
                    grade.max_score,
                    grade.needs_manual_grade,
                    grade.cell_type,
                )
                for grade in submitted.grades
            }
    return marks


def _text(path: Path) -> str:
    """Visible text of an HTML feedback file: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text())).split())


# --- the sources themselves (fast) -------------------------------------------------------------


@pytest.mark.parametrize("twin", TWINS, ids=[path.stem for path in TWINS])
def test_source_notebook_matches_its_jupytext_twin(twin: Path):
    stored = nbformat.read(twin.with_suffix(".ipynb"), as_version=4)
    expected = jupytext.read(twin)
    pairs = zip(expected.cells, stored.cells, strict=True)
    for want, got in pairs:
        assert (want.cell_type, want.source, want.metadata.get("nbgrader")) == (
            got.cell_type,
            got.source,
            got.metadata.get("nbgrader"),
        ), f"regenerate with: .venv/bin/jupytext --to ipynb {twin.relative_to(COURSEWORK.parent)}"
    assert stored.metadata.kernelspec.name == "python3"  # any environment has it
    for cell in stored.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "outputs not stripped"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_has_graded_cells_with_hidden_tests(assignment: str):
    (path,) = _notebooks(SOURCE / assignment)
    nb = nbformat.read(path, as_version=4)
    meta = [cell.metadata.get("nbgrader", {}) for cell in nb.cells]
    tests = [c for c, m in zip(nb.cells, meta, strict=True) if m.get("grade") and "points" in m]
    tests = [c for c in tests if c.cell_type == "code"]
    answers = [c for c, m in zip(nb.cells, meta, strict=True) if m.get("solution")]
    assert tests and answers
    ids = [m["grade_id"] for m in meta if "grade_id" in m]
    assert len(ids) == len(set(ids)), "grade_id values must be unique"
    assert all("### BEGIN HIDDEN TESTS" in cell.source for cell in tests), (
        "every test cell should check more when graded than the student sees"
    )
    assert all("### BEGIN SOLUTION" in cell.source for cell in answers)
    for cell in tests:
        asserts = [n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Assert)]
        assert asserts, "a test cell without an assert gives marks for running"
        bare = [ast.unparse(node.test) for node in asserts if node.msg is None]
        assert not bare, f"every assert needs a message naming the concept: {bare}"


# --- the nbgrader workflow (slow: several notebook executions) ---------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_and_no_hidden_tests(course, assignment: str):
    folder = course[0] / "release" / assignment
    assert [path.name for path in folder.iterdir()] == [f"{assignment}.ipynb"], (
        "only the notebook is released (the jupytext twin holds the solutions)"
    )
    text = (folder / f"{assignment}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
        assert marker not in text
    nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    stubs = [cell for cell in nb.cells if "YOUR CODE HERE" in cell.source]
    assert stubs, "the answer cells are left for the student"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_instructor_solutions_get_full_marks(course, assignment: str):
    for notebook, grades in _grades(course[0], assignment, INSTRUCTOR).items():
        auto = {k: v for k, v in grades.items() if v[3] == "code"}
        assert auto, f"{notebook} has no autograded cells"
        lost = {k: v[:2] for k, v in auto.items() if v[0] != v[1]}
        assert not lost, f"{notebook}: the solutions lose marks in {lost}"
        manual = {k for k, v in grades.items() if v[3] == "markdown"}
        assert manual == {k for k, v in grades.items() if v[2]}, "only free text waits for a human"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_release_gets_zero_without_crashing(course, assignment: str):
    autograded = course[0] / "autograded" / BLANK / assignment
    for notebook, grades in _grades(course[0], assignment, BLANK).items():
        assert (autograded / f"{notebook}.ipynb").exists()
        scored = {k: v[0] for k, v in grades.items() if v[0] != 0}
        assert not scored, f"{notebook}: blank answers scored {scored}"
        assert not any(v[2] for v in grades.values()), "an unchanged answer needs no manual grade"
        nb = nbformat.read(autograded / f"{notebook}.ipynb", as_version=4)
        errors = [
            out.ename
            for cell in nb.cells
            for out in cell.get("outputs", [])
            if out.output_type == "error"
        ]
        assert "NotImplementedError" in errors


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(SUBMISSIONS))
def test_wrong_submission_gets_partial_marks_and_feedback_names_the_mistake(
    course, assignment: str
):
    fails = SUBMISSIONS[assignment]["fails"]
    (grades,) = _grades(course[0], assignment, WRONG).values()
    auto = {k: v for k, v in grades.items() if v[3] == "code"}
    failed = {k for k, v in auto.items() if v[0] < v[1]}
    assert failed == set(fails), "the prepared mistakes must cost exactly the cells listed"
    total, most = sum(v[0] for v in auto.values()), sum(v[1] for v in auto.values())
    assert 0 < total < most
    (feedback,) = (course[0] / "feedback" / WRONG / assignment).glob("*.html")
    text = _text(feedback)
    for grade_id, phrase in fails.items():
        assert phrase in text, f"the feedback for {grade_id} should say {phrase!r}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(SUBMISSIONS))
def test_released_notebook_checks_itself_and_hidden_tests_check_more(course, assignment: str):
    """The student's own run: visible tests name the visible mistakes, miss the hidden-only ones."""
    results = course[1][assignment]
    submission = SUBMISSIONS[assignment]
    visible = set(submission["fails"]) - submission["hidden_only"]
    failed = {grade_id for grade_id, error in results.items() if error}
    assert failed == visible, {k: v for k, v in results.items() if v}
    for grade_id in visible:
        assert submission["fails"][grade_id] in results[grade_id]
