# iopctl — the menu. `make run` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
UV     := uv==0.13.9
# Branch coverage of iopctl/rules that the suite must reach (every finding site fires).
RULES_COVERAGE ?= 100

.PHONY: run test setup validate funding deadlines render schema lint bench clean lock test-latest test-lowest fuzz

# Create the virtual environment with the exact versions of the lock file (hashes checked),
# then iopctl itself on top without touching them.
$(STAMP): pyproject.toml $(LOCK)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	command -v soffice >/dev/null || (apt-get update -qq && apt-get install -y -qq libreoffice-writer-nogui >/dev/null)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
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
	$(BIN)/ruff format --check iopctl tests
	$(BIN)/ruff check iopctl tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m coverage run -m pytest -q
	$(BIN)/python -m coverage report --fail-under=$(RULES_COVERAGE)

# Refresh the lock file from pyproject.toml (keeps the locked versions that still fit).
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet $(UV)
	.venv-lock/bin/uv pip compile pyproject.toml --extra all --extra test --generate-hashes \
	    --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --quiet -o $(LOCK)

# The whole suite against the newest versions the ranges allow (what `pip install iopctl` gives
# a user today): run it before widening a range or cutting a release.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade -e '.[all,test]'
	.venv-latest/bin/ruff check iopctl tests
	.venv-latest/bin/mypy
	.venv-latest/bin/python -m pytest -q -p no:cacheprovider

# The whole suite against the lowest versions the ranges allow for our direct requirements
# (what an old environment that satisfies pyproject.toml has): run it before lowering a bound.
test-lowest:
	rm -rf .venv-lowest
	$(PYTHON) -m venv .venv-lowest
	.venv-lowest/bin/python -m pip install --quiet $(UV)
	.venv-lowest/bin/uv pip compile pyproject.toml --extra all --extra test --resolution lowest-direct \
	    --python-version 3.11 --quiet -o .venv-lowest/requirements.txt
	.venv-lowest/bin/python -m pip install --quiet --no-deps -r .venv-lowest/requirements.txt
	.venv-lowest/bin/python -m pip install --quiet --no-deps -e .
	.venv-lowest/bin/ruff check iopctl tests
	.venv-lowest/bin/mypy
	.venv-lowest/bin/python -m pytest -q -p no:cacheprovider
# The mutation fuzzer over the shipped agreements and the corpus, through all four commands:
# 10 minutes by default (FUZZ_SECONDS=60 make fuzz for a minute; FUZZ_SEED picks the run).
# Finds go to .fuzz-finds/ with their reasons; exit 1 when there is one.
FUZZ_SECONDS ?= 600
FUZZ_SEED    ?= 1
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz/fuzz.py --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED)

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
	rm -rf $(VENV) .venv-lock .venv-latest .venv-lowest out .bench .fuzz-finds *.egg-info
