# iopctl — the menu. `make run` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup validate funding deadlines render schema lint bench clean

# Create the virtual environment and install iopctl with every extra (PDF, DOCX, tests).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,test]'
	touch $(STAMP)

setup: $(STAMP) ## Set up the virtual environment.

# The main job on the shipped agreements: validate, budget per payer, next 90 days, drafts.
run: $(STAMP)
	$(BIN)/iopctl validate agreements/
	$(BIN)/iopctl funding agreements/ --by payer
	$(BIN)/iopctl deadlines agreements/ --within 90d
	$(BIN)/iopctl render agreements/ --format md --out out/

# Lint, type-check and the whole test suite (what CI runs through .ci/run).
test: $(STAMP)
	$(BIN)/ruff check iopctl tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Check the agreements only.
validate: $(STAMP)
	$(BIN)/iopctl validate agreements/

# Regenerate the committed JSON Schema from the models.
schema: $(STAMP)
	$(BIN)/iopctl schema

# Lint with ruff and type-check with mypy --strict.
lint: $(STAMP)
	$(BIN)/ruff check iopctl tests
	$(BIN)/mypy

# Speed and memory targets on a synthetic corpus of 10 000 agreements (in .bench/, reused),
# each beside its floor measured in the same run; exit 1 when a target fails. 6-8 min on 2 CPUs.
bench: $(STAMP)
	$(BIN)/python tests/bench/run.py

# Remove generated outputs and the virtual environment.
clean:
	rm -rf $(VENV) out .bench *.egg-info
