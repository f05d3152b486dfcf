# multiplt set-up. Two commands, each works alone on a fresh Debian 12 with Python 3.11:
#   make quickstart  installs what is missing, then runs the whole MultiPL-T loop
#                    (examples/quickstart.toml) and writes runs/quickstart/report.html
#   make test        installs what is missing, then runs the test suite
# make demo evaluates the embedded model on MultiPL-E (5 problems, Lua + Racket).
# A second run is quick and changes nothing: apt runs only when a package is missing,
# and pip only when pyproject.toml is newer than the last install.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
STAMP := $(VENV)/.installed
EXTRAS := llamacpp,test,train
MULTIPLT := $(VENV)/bin/multiplt
DEMO := runs/demo
QUICKSTART := runs/quickstart

# Debian packages besides the language runtimes: the sandbox, what building the venv needs
# (python3 with venv support, a C++ compiler for llama-cpp-python), coverage.py for the
# sandbox's python3 (testgen measures with it), and headless Chromium and its driver for
# the report's browser tests.
APT_PACKAGES := bubblewrap python3 python3-venv python3-coverage g++ chromium chromium-driver
# The language runtimes' packages, as the language modules declare them (the registry).
# The venv does not exist yet: the system python3 reads them with the standard library only.
LANGUAGE_PACKAGES := PYTHONPATH=src python3 -S -m multiplt.languages.packages
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# python3.11 if there is one, else python3 when it is 3.11 or newer (found after apt ran).
FIND_PYTHON := command -v python3.11 || { python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' && command -v python3; }

.PHONY: help quickstart demo test doctor system-packages clean

help:
	@echo "make quickstart  mine a slice of the standard library, test, translate to Lua and Racket,"
	@echo "                 generate, validate, dedup, export; then write runs/quickstart/report.html"
	@echo "make demo    evaluate the embedded demo model on 5 HumanEval problems in Lua and Racket"
	@echo "make test    run the test suite"
	@echo "make doctor  show which runtimes, sandbox and LLM backends work here"

# $(call install_missing,PACKAGES): apt-get install those of PACKAGES dpkg does not know.
define install_missing
missing=""; \
for package in $(1); do \
  dpkg -s "$$package" >/dev/null 2>&1 || missing="$$missing $$package"; \
done; \
if [ -n "$$missing" ]; then \
  if ! command -v apt-get >/dev/null; then \
    echo "error: missing$$missing and no apt-get here; install them with your package manager" >&2; exit 1; \
  fi; \
  echo "installing:$$missing"; \
  $(SUDO) apt-get update -qq; \
  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

# Two steps: python3 (in APT_PACKAGES) must be there before it can list the languages' packages.
system-packages:
	@$(call install_missing,$(APT_PACKAGES))
	@languages="$$($(LANGUAGE_PACKAGES))"; $(call install_missing,$$languages)

$(VENV)/bin/python: | system-packages
	@python="$${PYTHON:-$$($(FIND_PYTHON) 2>/dev/null || true)}"; \
	if [ -z "$$python" ]; then echo "error: multiplt needs Python 3.11+ (python3.11 or python3 on PATH)" >&2; exit 1; fi; \
	echo "$$python -m venv $(VENV)"; "$$python" -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[$(EXTRAS)]'
	@touch $@

test: system-packages $(STAMP)
	@status=0; $(VENV)/bin/python -m pytest -q || status=$$?; \
	if [ $$status -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

quickstart: system-packages $(STAMP)
	$(MULTIPLT) run examples/quickstart.toml
	$(MULTIPLT) report $(QUICKSTART)
	@echo "report: $(QUICKSTART)/report.html   dataset: $(QUICKSTART)/dataset/"

demo: system-packages $(STAMP)
	$(MULTIPLT) eval build --suite humaneval --lang lua,rkt --limit 5 --out $(DEMO)/problems
	$(MULTIPLT) eval generate --problems $(DEMO)/problems --backend llamacpp --n 5 --max-tokens 128 --out $(DEMO)/completions
	$(MULTIPLT) eval score $(DEMO)/completions
	$(MULTIPLT) eval summary $(DEMO)/completions

doctor: system-packages $(STAMP)
	$(MULTIPLT) doctor

clean:
	rm -rf $(VENV) $(DEMO) $(QUICKSTART) .pytest_cache
