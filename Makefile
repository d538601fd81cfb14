# Frontrunners Atlas: `make run` serves the app, `make test` runs every test.
# Both do the whole set-up first; repeated runs redo only what changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
HOST ?= 0.0.0.0
VENDOR := static/vendor

.PHONY: setup run test lint db browser-deps node clean

setup: $(VENV)/.installed $(VENDOR)/.installed

run: setup db
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address $(HOST)

test: setup browser-deps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

db: $(VENV)/.installed
	$(PY) -m atlas init

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# Debian packages are installed only when missing (apt-get runs as root, as on CI).
node:
	@command -v npm >/dev/null || scripts/apt_install.sh nodejs npm

browser-deps:
	@test -x /usr/bin/chromium || scripts/apt_install.sh chromium

node_modules/.package-lock.json: package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.installed: node_modules/.package-lock.json $(VENV)/.installed geo/boundaries.py
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster $(VENDOR)/basemap
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
		$(VENDOR)/leaflet.markercluster/
	$(PY) -m geo.boundaries $(VENDOR)/basemap/europe.geojson
	@touch $@

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var .pytest_cache .ruff_cache
