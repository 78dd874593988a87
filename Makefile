# Two commands for a fresh Linux machine: `make run` opens the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench system-deps clean package

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	scripts/install-system-deps.sh

run: system-deps $(STAMP)
	$(BIN)/galleryman

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy galleryman/core galleryman/wix galleryman/sandbox

test: system-deps $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_client.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui.py

# The installers for this platform in dist/ (Linux: .deb + portable .tar.gz); see packaging/.
package:
	$(PYTHON) packaging/build.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
