# tongbao — `make run` ingests the bundled samples, `make test` runs the suite. Both do all the set-up:
# system packages (scripts/system-packages.sh: apt-get when missing and allowed, else one line saying
# what to install), then .venv with the pinned dependencies (constraints.txt).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
DB      ?= tongbao.duckdb
STAMP   := $(VENV)/.installed
SYSTEM  := $(VENV)/.system

.PHONY: run test test-fast lint typecheck imports bench fixtures notebooks system lock clean

$(SYSTEM): scripts/system-packages.sh
	sh scripts/system-packages.sh
	mkdir -p $(VENV) && touch $(SYSTEM)

$(STAMP): $(SYSTEM) pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

system: $(SYSTEM)

run: $(STAMP)
	$(BIN)/tongbao ingest data/samples --db $(DB)
	$(BIN)/tongbao query --db $(DB) "select count(*) as documents, sum(page_count) as pages from documents"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

test: $(STAMP) lint typecheck imports
	$(BIN)/pytest

# the suite without the slow tests (OCR, notebooks, the wheel): a minute or two
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

# Opens JupyterLab on notebooks/ against $(DB) (built by `make run` if missing). Outputs stay out of git:
# clear them before committing (tests/test_notebooks.py checks).
notebooks: $(STAMP)
	test -f $(DB) || $(MAKE) run
	TONGBAO_DB=$(abspath $(DB)) $(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

fixtures: $(STAMP)
	$(BIN)/python -m tests.fixtures.make_fixtures

bench: $(STAMP)
	$(BIN)/python -m bench.ocr
	$(BIN)/python -m bench.batch

# Re-pin every dependency to what resolves today (review the diff: golden scores may move with wheels).
# Keep the lines with a python_full_version marker: Debian 12's python3 (3.11.2) cannot take every pin.
lock:
	$(PY) -m venv /tmp/tongbao-lock && /tmp/tongbao-lock/bin/pip install --quiet -e '.[dev]' \
	  && /tmp/tongbao-lock/bin/pip freeze --exclude-editable | grep -v '^tongbao' > constraints.txt; rm -rf /tmp/tongbao-lock

clean:
	rm -rf $(VENV) $(DB) .mypy_cache .ruff_cache .pytest_cache
