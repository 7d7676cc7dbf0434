# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.installed-dev-stamp
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test demo demo-year migrate lint typecheck bench user confirm-account destroy-expired backup restore clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

$(AXE): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

## Set up, migrate, load the demo into an empty embedded database, and serve on PORT.
run: $(STAMP)
	exec $(PY) -m sofs_app.serve --demo-if-empty --port $(PORT)

## Set up with the dev extras, lint, type-check and run the whole suite.
test: $(DEV_STAMP) $(AXE)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

## Load the demo data into the configured database, if it is empty.
demo: $(STAMP)
	$(VENV)/bin/sofs demo

## Add a year of demo cases (all care forms) for the annual figures: make demo-year YEAR=2025
demo-year: $(STAMP)
	$(VENV)/bin/sofs demo-year --year $(or $(YEAR),2025)

migrate: $(STAMP)
	$(VENV)/bin/sofs migrate

## Create an account: make user NAME=jan DISPLAY="Jan Peeters" ROLE=counsellor
user: $(STAMP)
	$(VENV)/bin/sofs create-user "$(NAME)" "$(DISPLAY)" --role $(or $(ROLE),counsellor)

## Confirm an account's case access from the server (a team without a confirmed team lead)
confirm-account: $(STAMP)
	$(VENV)/bin/sofs confirm-account "$(NAME)"

## Destroy closed cases past their destruction date: make destroy-expired DRY_RUN=1 lists them
destroy-expired: $(STAMP)
	$(VENV)/bin/sofs destroy-expired $(if $(DRY_RUN),--dry-run,)

## Back up the database while the app runs: make backup DEST=/srv/sofs-backups (a folder or a new file)
backup: $(STAMP)
	$(VENV)/bin/sofs backup "$(or $(DEST),$(error DEST is required: make backup DEST=folder))"

## Restore a backup (stop the app first; the replaced database is kept aside): make restore SRC=file
restore: $(STAMP)
	$(VENV)/bin/sofs restore "$(or $(SRC),$(error SRC is required: make restore SRC=file))" $(if $(WHILE_RUNNING),--while-running,)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(DEV_STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
