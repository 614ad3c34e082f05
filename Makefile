# Agir tôt — the project's commands. `make run` and `make test` need nothing else.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= agirtot.settings.dev

.PHONY: run setup test bench lint format messages check clean-db vendor lock stack stack-stop

# Development and tests install requirements-dev.lock; a server installs requirements.lock
# (docs/deployment.md). Both pin every package with its hashes.
$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

# Re-pin both lock files from pyproject.toml, keeping the versions already pinned unless
# `LOCK_ARGS=--upgrade` (or `--upgrade-package NAME`) asks otherwise. Needs uv.
UV ?= uv
lock:
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --no-header --quiet $(LOCK_ARGS) -o requirements-dev.lock
	cp requirements-dev.lock requirements.lock
	$(UV) pip compile pyproject.toml --generate-hashes --python-version 3.11 --no-header --quiet -o requirements.lock

setup: $(VENV)/.installed
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale 1 --seed 1 --if-empty
	$(PY) manage.py ensure_demo_accounts
	$(PY) manage.py export_open_data --if-missing

# The job worker (imports, exports, digests, periodic jobs) runs beside the web server and
# stops with it. It does not reload on code changes: a change to a job needs a new `make run`.
run: setup
	@echo "Agir tôt : http://127.0.0.1:$(PORT)/"
	@$(PY) manage.py worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in one process per core (pytest-xdist), a test module's tests together;
# `PYTEST_WORKERS=0` runs it in this one process.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed
	$(PY) manage.py compile_translations
	DJANGO_SETTINGS_MODULE=agirtot.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The platform as on several servers (stack/run.py): PostgreSQL, Redis, an S3 server, a job
# worker, two app servers and nginx in front on $(PORT). STACK_DETACH=1 leaves it running.
SCALE ?= 1
stack: $(VENV)/.installed
	$(PY) manage.py compile_translations
	PORT=$(PORT) SCALE=$(SCALE) $(PY) stack/run.py start

stack-stop:
	@test -x $(PY) && $(PY) stack/run.py stop || true

bench: $(VENV)/.installed
	$(PY) manage.py compile_translations
	$(PY) bench/run.py

# mypy checks the actions, the QuerySets, search and core ([tool.mypy] in pyproject.toml).
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit -c pyproject.toml -r . -ll --quiet
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Extract the interface strings into the English catalogue (needs GNU gettext).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale en --ignore ".venv/*" --ignore "var/*" --ignore "bench/*" --no-obsolete
	$(PY) manage.py makemessages --locale en --domain djangojs --ignore ".venv/*" --ignore "var/*" --ignore "node_modules/*" --ignore "*/vendor/*"
	$(PY) manage.py sync_french_plurals

# Re-copy the vendored front-end libraries from npm (versions pinned in package.json);
# the committed copies are what runs, so neither run time nor CI needs npm.
CYTOSCAPE_DIR := portraits/static/portraits/vendor/cytoscape
vendor:
	npm ci --no-audit --no-fund
	mkdir -p $(CYTOSCAPE_DIR)
	cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape/LICENSE $(CYTOSCAPE_DIR)/

check: $(VENV)/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
