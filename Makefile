# Two commands on a fresh machine: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
OTKLIK := $(VENV)/bin/otklik
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-sqlite test-postgres lint bench train eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(OTKLIK) demo --seconds 25 --out demo-out

# The suite runs on the embedded SQLite, then every test that takes the database fixture runs
# again on the PostgreSQL at 127.0.0.1:5432 (the others never read OTKLIK_TEST_DB, and would
# only repeat themselves; `make test-postgres` runs them all there).
test: $(STAMP)
	$(PY) -m ruff check .
	OTKLIK_TEST_DB=sqlite $(PY) -m pytest
	OTKLIK_TEST_DB=postgres $(PY) -m pytest -m database

test-sqlite: $(STAMP)
	OTKLIK_TEST_DB=sqlite $(PY) -m pytest

test-postgres: $(STAMP)
	OTKLIK_TEST_DB=postgres $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(STAMP)
	$(OTKLIK) bench --json bench.json

train: $(STAMP)
	$(OTKLIK) train

eval: $(STAMP)
	$(OTKLIK) eval ../shared/data/sentiment/eval/ru_rusentiment_test.csv

clean:
	rm -rf $(VENV) demo-out .pytest_cache .ruff_cache bench.json
