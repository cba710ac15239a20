# The two commands of the README's quick start: `make run` and `make test`.
# Each makes its own virtual environment from pyproject.toml, so a fresh machine needs only
# Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest resources schema standins clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kiosk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

run: $(STAMP)
	$(BIN)/kiosk run $(BUNDLE)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# Regenerate what is generated from resources/ and the models (both are committed, and
# tests fail when they are stale).
resources: $(STAMP)
	$(BIN)/pyside6-rcc resources/kiosk.qrc -o kiosk/_resources_rc.py

schema: $(STAMP)
	$(BIN)/kiosk schema --out resources/schema/bundle-v1.schema.json

standins: $(STAMP)
	$(BIN)/python data/make_baku_standins.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
