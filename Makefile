# Afterview: the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Absolute links (emails, calendar) follow PORT unless SITE_URL is given: web, worker and beat
# all get the same value.
SITE_URL ?= http://127.0.0.1:$(PORT)
RUN_ENV := PORT=$(PORT) SITE_URL=$(SITE_URL) VENV=$(VENV)

# Python 3.12+: $(PYTHON) if set, else python3 / python3.13 / python3.12 on PATH when new
# enough, else the newest 3.12+ that pyenv knows.
PYTHON_FOUND := $(shell scripts/find-python 2>/dev/null)

.PHONY: help venv install browser run run-env test test-fast screenshots lint format check migrate demo clean

help:
	@echo "make run    set up and start Afterview (web + worker + beat) on http://127.0.0.1:$(PORT)/"
	@echo "make test   install and run the whole test suite (what CI runs), in parallel"
	@echo "make test-fast   the unit tests only: no browser, no real Celery worker"
	@echo "make screenshots   the browser tests, saving their screenshots in test-artifacts/e2e/"
	@echo "make lint   ruff check + format check + the import layers (import-linter)"
	@echo "make demo   load demo data (prints the demo login)"

$(BIN)/python:
	@if [ -z "$(PYTHON_FOUND)" ]; then echo "Afterview needs Python 3.12 or newer (set PYTHON=/path/to/python3.12+)."; exit 1; fi
	$(PYTHON_FOUND) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	@touch $@

venv install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: install migrate
	@mkdir -p var/mail var/broker/out var/broker/processed var/broker/control
	@echo ""
	@echo "  Afterview is starting: open http://127.0.0.1:$(PORT)/"
	@echo "  Links in emails and the calendar feed point at $(SITE_URL)"
	@echo "  Reminder emails land in the mailbox at http://127.0.0.1:$(PORT)/dev/mailbox/ (and as .eml files in var/mail/)"
	@echo "  Stop with Ctrl+C."
	@echo ""
	$(RUN_ENV) $(BIN)/honcho -f Procfile.dev start

# What `make run` puts in the environment of its processes (tests/config/test_make_run.py).
run-env:
	@echo $(RUN_ENV)

# pytest-xdist workers: one more than the cores, as the browser and real-worker tests spend
# part of their time waiting on Chromium, a Celery worker or a relay (on 2 cores, 3 workers
# ran the suite in 2:56, 2 in 3:12 and 4 in 3:06). Each worker has its own test database,
# Redis database and ports (tests/conftest.py). TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= $(shell $(BIN)/python -c "import os; print((os.cpu_count() or 1) + 1)")
# What test-fast leaves out: Chromium, real Celery workers, and tests marked slow (benchmarks
# and other subprocesses).
SLOW_MARKERS := not e2e and not worker and not slow

# The browser tests drive Debian's Chromium; without it, Playwright's own. Its download needs
# the network, so a failure here is quiet: the browser tests are then skipped with the reason.
browser: install
	@if [ ! -x /usr/bin/chromium ] && [ -z "$$AFTERVIEW_CHROMIUM" ]; then \
	  $(BIN)/playwright install chromium >/dev/null 2>&1 \
	    && echo "Browser tests: Playwright's own Chromium." \
	    || echo "Browser tests: no Chromium (apt-get install chromium); they will be skipped."; \
	fi

test: install browser
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal -m "$(SLOW_MARKERS)" $(PYTEST_ARGS)

# The browser tests again, saving the pages at desktop and phone sizes in test-artifacts/e2e/
# for a look by eye (make test saves only a failing test's page).
screenshots: install browser
	E2E_SCREENSHOTS=1 $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal -m e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-secret-key-for-checking-only ALLOWED_HOSTS=afterview.example SITE_URL=https://afterview.example EMAIL_URL=smtp+tls://mail.afterview.example:587 CACHE_URL=redis://127.0.0.1:6379/1 $(BIN)/python manage.py check --deploy --fail-level WARNING

demo: migrate
	$(BIN)/python manage.py seed_demo

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache
