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

# Opens JupyterLab on notebooks/ against $(DB) (built by `make run` if missing). Outputs stay out of git:
# clear them before committing (tests/test_notebooks.py checks).
notebooks: $(STAMP)
	test -f $(DB) || $(MAKE) run
	TONGBAO_DB=$(abspath $(DB)) $(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

fixtures: $(STAMP)
	$(BIN)/python -m tests.fixtures.make_fixtures

bench: $(STAMP)
	$(BIN)/python bench/ocr.py

clean:
	rm -rf $(VENV) $(DB) .mypy_cache .ruff_cache .pytest_cache
