# Two commands for a fresh Linux machine: `make run` opens the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck bench system-deps clean package

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `make run` installs only what the app needs; the test tools come with `make test`.
$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $(APP_STAMP)

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(APP_STAMP) $(TEST_STAMP)

system-deps:
	scripts/install-system-deps.sh

run: system-deps $(APP_STAMP)
	$(BIN)/galleryman

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy galleryman

test: system-deps $(TEST_STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

bench: $(TEST_STAMP)
	$(BIN)/python bench/bench_client.py
	$(BIN)/python bench/bench_catalog.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui.py

# The installers for this platform in dist/ (Linux: .deb, .rpm, portable .tar.gz and
# SHA256SUMS); see packaging/build.py.
package:
	$(PYTHON) packaging/build.py

.PHONY: lock lint-workflows translations
# Re-pin packaging/requirements-build.txt and requirements-tools.txt (hashes from PyPI);
# `make lock UPGRADE=1` takes newer releases.
lock:
	$(PYTHON) packaging/lock.py

# actionlint and zizmor on .github/workflows (tools from packaging/requirements-tools.txt).
lint-workflows:
	$(PYTHON) packaging/lint_workflows.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Every tr() of galleryman (not the sandbox, a server) into the .ts files, then compiled to the
# .qm files the app loads; translate what lupdate marks unfinished (Qt Linguist:
# .venv/bin/pyside6-linguist) and run it again. tests/test_translations.py checks the result.
translations: $(APP_STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none \
		$$(find galleryman -name '*.py' -not -path 'galleryman/sandbox/*' | LC_ALL=C sort) \
		-ts galleryman/assets/translations/galleryman_*.ts
	$(BIN)/pyside6-lrelease galleryman/assets/translations/galleryman_*.ts
