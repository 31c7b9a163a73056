# Maillage — two commands: `make run` (portal with demo content) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: run test install lint format bench e2e migrate setup demo clean messages procs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

# What every installation needs (roles, professions, territory, pages, forums), no demo.
setup: migrate
	$(BIN)/python manage.py setup_portal

demo: setup
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Web, worker and scheduler at once, as in production (Procfile), here on SQLite with the
# database task backend; export DATABASE_URL / REDIS_URL / DJANGO_SETTINGS_MODULE to change.
procs: migrate
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" \
	  DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-portal.settings.dev} \
	  TASKS_BACKEND=$${TASKS_BACKEND:-django_tasks_db.DatabaseBackend} \
	  $(BIN)/honcho start

test: $(STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

e2e: $(STAMP)
	$(BIN)/python -m pytest tests/e2e -p no:xdist $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Translations (needs GNU gettext; the compiled .mo files are committed, so running the
# portal does not). French is the source language: its catalogue maps each string to
# itself, so French lookups stop at the project's catalogue instead of missing in all 25.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en -l fr --no-obsolete --ignore=.venv --ignore=var
	msgen locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po
	sed -i -e '/^#, fuzzy$$/{N;/\nmsgid ""$$/s/^#, fuzzy\n//}' \
	  -e 's/^"Project-Id-Version: PACKAGE VERSION\\n"/"Project-Id-Version: Maillage\\n"/' \
	  -e 's/^"Language: \\n"/"Language: fr\\n"/' locale/fr/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages -l en -l fr --ignore=.venv

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf var $(VENV)
