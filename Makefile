# newsannot — the two commands a newcomer runs are `make run` and `make test`.
# Everything else here is what those two are made of.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# A Python of 3.12 or newer: on PATH, or one of pyenv's versions.
FIND_PYTHON = for c in python3.13 python3.12 python3.14 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v $$c 2>/dev/null || echo $$c; exit 0; fi; done; exit 1

.PHONY: run test setup demo lint format bench bench-quick clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@py=$$($(FIND_PYTHON)) || { \
	  echo "newsannot needs Python 3.12 or newer (Django 6 does)."; \
	  echo "Install one, e.g. 'apt-get install python3.13' or 'pyenv install 3.13', and run this again."; \
	  exit 1; }; \
	echo "Using $$py ($$($$py --version))"; \
	[ -x $(PY) ] || $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,spacy]'
	@touch $(STAMP)

## make run: set up, migrate, load the demo project and serve on http://$(HOST):$(PORT),
## with one background worker beside the server (both stop together: Ctrl+C)
run: export DEBUG ?= 1
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@$(PY) manage.py worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

## make test: set up and run the whole suite (DATABASE_URL picks PostgreSQL, else SQLite)
test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: setup
	$(PY) -m bench $(BENCH_ARGS)

bench-quick: setup
	$(PY) -m bench --quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache
