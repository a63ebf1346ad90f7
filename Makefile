# Account health: the two commands a newcomer needs are `make run` and `make test`.
# Both bootstrap a virtual environment in .venv from nothing but Python 3.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ACCOUNTS ?= 500
DAYS     ?= 365
SEED     ?= 42
SOAK_SEEDS ?= 1,2,3,4,5,6
CONSOLE_PORT ?= 8501
# the linters' scratch space: a throwaway warehouse and dbt artefacts, never the real ones
LINT_DIR := target/lint
LINT_ENV := HEALTH_DUCKDB_PATH=$(LINT_DIR)/sql/lint.duckdb HEALTH_DUCKDB_TEMP_DIR=$(LINT_DIR)/sql/tmp
DBT_LINT := --project-dir . --profiles-dir . --log-path $(LINT_DIR)/logs

.DEFAULT_GOAL := help

help: ## List the available commands
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install pinned dependencies

run: $(STAMP) ## Generate sample data, materialise it through Dagster (dbt build + tests, publish), print the summary
	$(BIN)/account-health run --accounts $(ACCOUNTS) --days $(DAYS) --seed $(SEED)

test: $(STAMP) ## Run the linters, then the test suite (dbt unit tests + pytest integration)
	$(BIN)/ruff check orchestration tests
	$(MAKE) --no-print-directory lint-dbt lint-sql
	$(BIN)/python -m pytest -q

# Two models read the configuration tables while they compile (band edges, caps): build the
# seeds and the configuration models into the scratch warehouse first, then lint every model.
lint-sql: $(STAMP) ## Lint the models' SQL with sqlfluff (rules in .sqlfluff; dbt compiles each model)
	rm -rf $(LINT_DIR)/sql && mkdir -p $(LINT_DIR)/sql
	$(LINT_ENV) $(BIN)/dbt build --quiet --resource-type seed --resource-type model --select +int_config__bands +int_config__caps $(DBT_LINT) --target-path $(LINT_DIR)/sql
	$(LINT_ENV) $(BIN)/sqlfluff lint models --processes 2 --disable-progress-bar

lint-dbt: $(STAMP) ## Check the dbt conventions with dbt-bouncer (rules in dbt-bouncer.yml)
	mkdir -p $(LINT_DIR)
	$(LINT_ENV) $(BIN)/dbt parse --quiet $(DBT_LINT) --target-path $(LINT_DIR)
	$(BIN)/dbt-bouncer run --config-file dbt-bouncer.yml

soak: $(STAMP) ## The bad-input property on more seeds and a larger book; prints counts per defect class and table
	HEALTH_PROPERTY_SEEDS=$(SOAK_SEEDS) HEALTH_PROPERTY_ACCOUNTS=150 HEALTH_PROPERTY_DAYS=120 \
		HEALTH_PROPERTY_PER_CLASS=8 $(BIN)/python -m pytest -q -s tests/test_property_bad_input.py

lint: $(STAMP) ## Lint the Python code
	$(BIN)/ruff check orchestration tests

compare-postgres: $(STAMP) ## Build sample data on DuckDB and a throwaway Postgres, compare row for row
	$(BIN)/account-health compare --engine postgres --accounts 200 --days 90

$(VENV)/.spark-installed: $(STAMP) requirements-spark.txt
	$(BIN)/pip install --quiet -r requirements-spark.txt
	touch $(VENV)/.spark-installed

compare-spark: $(VENV)/.spark-installed ## Same on a local Spark session (needs Java 17; about 4 minutes)
	$(BIN)/account-health compare --engine spark --accounts 200 --days 90
	$(BIN)/account-health compare --engine spark --from-files tests/fixtures/bad_input

dagster-dev: $(STAMP) ## Open the Dagster UI on http://127.0.0.1:3000 (this machine only; no login)
	DAGSTER_HOME=$(CURDIR)/dagster_home DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS=true $(BIN)/dagster dev -h 127.0.0.1 -p 3000 -m orchestration.definitions

console: $(STAMP) ## Open the CS console on http://127.0.0.1:8501 (reads the current publication; after make run)
	$(BIN)/account-health console --address 127.0.0.1 --port $(CONSOLE_PORT)

summary: $(STAMP) ## Print the summary of the last build again
	$(BIN)/account-health summary

clean: ## Remove the virtual environment, the warehouse and dbt artefacts
	rm -rf $(VENV) target logs warehouse data

.PHONY: help install run test lint-sql lint-dbt soak lint summary clean compare-postgres compare-spark dagster-dev console
