# Two commands for a newcomer: `make run` (the demo site on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian, apt-get install python3-venv"; exit 1; }

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

# The demo: SQLite in the project folder, demo data and accounts, served on http://127.0.0.1:8000
run: $(VENV)/.installed-run
	mkdir -p "$${MEDIA_ROOT:-media}"
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py migrate --noinput
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py load_demo
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py load_demo_photos
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py load_demo_indicators
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py load_demo_goals
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py close_demo_months
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py create_demo_users
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py send_reminders
	env -u DATABASE_URL DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite, on SQLite unless DATABASE_URL points at PostgreSQL.
test: $(VENV)/.installed-dev
	DEBUG=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Collect new UI strings into the English catalog (needs GNU gettext) and fill it from locale/en/strings/*.tsv.
messages: $(VENV)/.installed-dev
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=benchmarks
	$(BIN)/python scripts/po_fill.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
