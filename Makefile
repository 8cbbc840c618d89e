# tongbao — `make run` ingests the bundled samples, `make test` runs the suite. Both create .venv.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
DB      ?= tongbao.duckdb
STAMP   := $(VENV)/.installed

.PHONY: run test lint typecheck bench fixtures notebooks clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tongbao ingest data/samples --db $(DB)
	$(BIN)/tongbao query --db $(DB) "select count(*) as documents, sum(page_count) as pages from documents"

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/pytest

fixtures: $(STAMP)
	$(BIN)/python -m tests.fixtures.make_fixtures

bench: $(STAMP)
	$(BIN)/python bench/ocr.py

clean:
	rm -rf $(VENV) $(DB) .mypy_cache .ruff_cache .pytest_cache
