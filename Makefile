# Hearth: the two commands of the README's quick start, and the steps they are made of.
# Each step leaves a stamp so a second run skips what is already done.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_ENV := HEARTH_DEBUG=1
PG_URL ?= postgres://postgres@127.0.0.1:5432/hearth
# DfE's validation rules pin an old pandas, so they get a virtualenv of their own.
VALIDATORS_VENV := .venv-validators

.PHONY: demo test install assets browser validators lint format serve test-sqlite test-postgres clean

demo: install assets validators
	mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py generate_demo_authority --scale small --seed 1
	$(DEMO_ENV) $(PY) manage.py demo_signins
	@echo "Hearth demo at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install assets browser validators
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== Tests on SQLite =="
	$(VENV)/bin/pytest

# PostgreSQL: start the local cluster if it is installed but down; skip only if there is none.
test-postgres:
	@if ! command -v pg_isready >/dev/null 2>&1; then \
		echo "== PostgreSQL is not installed here: PostgreSQL run skipped =="; exit 0; fi; \
	if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
		command -v pg_ctlcluster >/dev/null 2>&1 && \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start || true; \
		for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi; \
	if pg_isready -q -h 127.0.0.1 -p 5432; then \
		echo "== Tests on PostgreSQL =="; \
		DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest; \
	else echo "== PostgreSQL did not start: PostgreSQL run skipped =="; fi

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $@

# The DfE rules engines (csc-validator-be-cin, csc-validator-be-903), run by subprocess from
# hearth/returns/validation.py; their pins stay out of Hearth's own venv.
validators: $(VALIDATORS_VENV)/.installed

$(VALIDATORS_VENV)/.installed: requirements-validators.txt
	test -x $(VALIDATORS_VENV)/bin/python || $(PYTHON) -m venv $(VALIDATORS_VENV)
	$(VALIDATORS_VENV)/bin/pip install --quiet --upgrade pip
	$(VALIDATORS_VENV)/bin/pip install --quiet -r requirements-validators.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: hearth/static/vendor/.copied

hearth/static/vendor/.copied: node_modules/.installed scripts/copy_frontend_assets.sh
	./scripts/copy_frontend_assets.sh
	touch $@

# Browser tests drive Debian's Chromium; install it with apt when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) $(VALIDATORS_VENV) node_modules hearth/static/vendor var staticfiles
