# Metodebasen: `make run` serves the demo site, `make test` runs every test. See README.md.

VENV ?= .venv
PYTHON := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Local development needs no secret; production sets KB_SECRET_KEY (see README).
export KB_ENV ?= development

.PHONY: run setup serve test lint format services bench clean

run: setup
	$(FLASK) db upgrade
	$(FLASK) kb seed
	$(FLASK) kb reindex
	$(FLASK) run --host $(HOST) --port $(PORT)

setup: $(VENV)/.installed static/vendor/dkfds/.built

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/dkfds/.built: node_modules/.installed scripts/build_assets.py $(VENV)/.installed
	$(PYTHON) scripts/build_assets.py
	touch $@

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Chromium and PostgreSQL 15 for the browser and PostgreSQL runs (installs them when missing and root).
services:
	bash scripts/test_services.sh

test: setup lint services
	$(VENV)/bin/pytest
	$(VENV)/bin/pytest --postgres

bench: setup services $(VENV)/.bench-installed
	$(PYTHON) bench/page_render.py
	$(PYTHON) bench/search.py --methods 10000
	$(PYTHON) bench/load.py --methods 10000 --readers 50 --editors 5 --duration 120

$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .ruff_cache
