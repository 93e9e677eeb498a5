# TalentRadar — the documented entry points.
#   make demo   create the virtualenv, install, build the radar from the real data, serve it
#   make test   install what the tests need (system packages included) and run them all
#   make bench  run the benchmarks; results land in bench/results/*.json
#   make lint   ruff + mypy

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DATA_DIR ?= ../shared/data
DB     ?= var/talentradar.duckdb
HOST   ?= 127.0.0.1
PORT   ?= 8000
TR     := $(BIN)/talentradar --data-dir $(DATA_DIR) --db $(DB)

VENDOR := src/talentradar/web/static/vendor/echarts.min.js

.PHONY: demo install build serve test system-deps bench lint clean vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[web,linkage,search,embeddings,spark,dev]"
	$(BIN)/python -m talentradar.search.distil
	touch $@

# Charts, API docs and the world map are vendored from npm (pinned in frontend/package-lock.json)
# and served by the app: no page loads anything from another host.
$(VENDOR): frontend/package.json frontend/package-lock.json frontend/world.js
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $@)swagger-ui $(dir $@)redoc
	cp frontend/node_modules/echarts/dist/echarts.min.js frontend/node_modules/echarts/LICENSE $(dir $@)
	cp frontend/node_modules/swagger-ui-dist/swagger-ui-bundle.js frontend/node_modules/swagger-ui-dist/swagger-ui.css \
	  frontend/node_modules/swagger-ui-dist/LICENSE $(dir $@)swagger-ui/
	cp frontend/node_modules/redoc/bundles/redoc.standalone.js frontend/node_modules/redoc/LICENSE $(dir $@)redoc/
	# ReDoc's "API docs by Redocly" logo is its one request to another host: served from here.
	sed -i 's#https://cdn.redoc.ly/redoc/logo-mini.svg#/static/vendor/redoc/logo-mini.svg#' $(dir $@)redoc/redoc.standalone.js
	printf '%s' '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>' > $(dir $@)redoc/logo-mini.svg
	cd frontend && node world.js ../$(dir $@)world.geo.json
	cp frontend/node_modules/world-atlas/LICENSE $(dir $@)world-atlas.LICENSE
	touch $@

vendor: $(VENDOR)

install: $(VENV)/.installed $(VENDOR)

$(DB): $(VENV)/.installed
	$(TR) build

build: install
	$(TR) build

serve: install
	@echo "TalentRadar: http://$(HOST):$(PORT)/"
	$(TR) serve --host $(HOST) --port $(PORT)

demo: $(DB) serve

# System packages the browser tests need (Chromium, driven by Playwright) and Java for Spark.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver default-jre-headless >/dev/null; \
	fi

test: install system-deps
	TALENTRADAR_DATA_DIR=$(abspath $(DATA_DIR)) $(BIN)/python -m pytest -n 2 --dist loadgroup

bench: install
	TALENTRADAR_DATA_DIR=$(abspath $(DATA_DIR)) $(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts frontend/node_modules $(dir $(VENDOR))
