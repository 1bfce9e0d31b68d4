# The README's two commands, `make lab` and `make test`, each set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.otlab-installed
NB ?= 01

.PHONY: setup lab test lint format bench claims notebooks tour present assignments clean

setup: $(STAMP)

# Re-runs when the dependencies change. constraints.txt pins the CPU build of torch.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name otlab --display-name "Python (otlab)"
	@touch $(STAMP)

# Opens a browser where there is a display; otherwise prints the URL to open. Jupyter refuses
# to run as root unless told (containers, CI machines), so root gets --allow-root.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(DISPLAY),,--no-browser) \
		$(if $(filter 0,$(shell id -u)),--allow-root)

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
notebooks: $(STAMP)
	$(BIN)/jupytext --to notebook notebooks/[0-9]*.py

# A static site of every notebook executed, with each figure saved as PNG (for slides).
tour: $(STAMP)
	$(BIN)/otlab tour --out build/tour

# One notebook as a code-free web app for a lecture: make present NB=02
present: $(STAMP)
	$(BIN)/otlab present $(NB)

# Student versions of the problem sets in coursework/release/ (nbgrader; README "For instructors").
assignments: $(STAMP)
	coursework/release.sh $(BIN)/python

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
