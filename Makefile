# The README's two commands, `make lab` and `make test`, each set everything up first.
# Three set-ups in one .venv, each a superset of the one before: the student's (`make lab`:
# otlab and JupyterLab), the instructor's (`make instructor`: + nbgrader, jupytext, JupyterHub)
# and the developer's (`make setup`, `make test`: + pytest, ruff, Playwright, axe).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STUDENT := $(VENV)/.otlab-student
INSTRUCTOR := $(VENV)/.otlab-instructor
STAMP := $(VENV)/.otlab-installed
NB ?= 01
# Jupyter refuses to run as root unless told (containers, CI machines), so root gets --allow-root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab instructor test lint format bench claims notebooks tour present assignments clean

setup: $(STAMP)

# Each re-runs when the dependencies change. constraints.txt pins the CPU build of torch.
# The `otlab` kernel is this venv's Python, for a JupyterLab started from elsewhere.
$(STUDENT): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	$(BIN)/otlab kernel install
	@touch $@

$(INSTRUCTOR): $(STUDENT)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[instructor,hub]"
	@touch $@

$(STAMP): $(INSTRUCTOR)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

# Opens a browser where there is a display; otherwise prints the URL to open.
lab: $(STUDENT)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(DISPLAY),,--no-browser) $(ROOT_FLAG)

# JupyterLab on the whole repository with nbgrader's Formgrader (README "For instructors").
instructor: $(INSTRUCTOR)
	$(BIN)/jupyter lab $(if $(DISPLAY),,--no-browser) $(ROOT_FLAG)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check otlab tests benchmarks notebooks
	$(BIN)/ruff format --check otlab tests benchmarks notebooks

format: $(STAMP)
	$(BIN)/ruff check --fix otlab tests benchmarks notebooks
	$(BIN)/ruff format otlab tests benchmarks notebooks

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Every claim the notebooks make, with its number and PASS/FAIL, at default settings (minutes).
claims: $(STAMP)
	$(BIN)/python benchmarks/claims.py

# Regenerates each notebooks/NN_name.ipynb (outputs empty) from its jupytext twin NN_name.py.
notebooks: $(INSTRUCTOR)
	$(BIN)/jupytext --to notebook notebooks/[0-9]*.py

# A static site of every notebook executed, with each figure saved as PNG (for slides).
tour: $(STUDENT)
	$(BIN)/otlab tour --out build/tour

# One notebook as a code-free web app for a lecture: make present NB=02
present: $(STUDENT)
	$(BIN)/otlab present $(NB)

# Student versions of the problem sets in coursework/release/ (nbgrader; README "For instructors").
assignments: $(INSTRUCTOR)
	coursework/release.sh $(BIN)/python

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
