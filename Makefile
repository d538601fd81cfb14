# Frontrunners Atlas: `make run` serves the app, `make test` runs every test.
# Both do the whole set-up first; repeated runs redo only what changed (stamp files).
# On Debian, missing system packages (python3-venv, nodejs/npm, chromium, postgresql) are
# installed with apt-get, which needs root.
#
#   make run                  serve on http://localhost:8501 (this machine only)
#   PORT=8600 make run        another port
#   HOST=0.0.0.0 make run     listen on every interface (a server or a container)
#   make cluster              PostgreSQL, 2 app replicas and nginx on http://localhost:8080
#   REPLICAS=3 PORT=9000 make cluster
#   make cluster-stop         end them (the store stays in var/cluster)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
HOST ?= 127.0.0.1
REPLICAS ?= 2
# TEST_WORKERS=2 runs the tests in two processes, each test file whole in one of them.
TEST_WORKERS ?=
CLUSTER_PORT := $(if $(filter command line environment,$(origin PORT)),$(PORT),8080)
APT_INSTALL := scripts/apt_install.sh
VENDOR := static/vendor
BASEMAP := $(VENDOR)/basemap/europe.geojson
NPM_STAMP := node_modules/.package-lock.json
LANGS := pl bg
PO_FILES := $(foreach lang,$(LANGS),locale/$(lang)/LC_MESSAGES/atlas.po)
MO_FILES := $(PO_FILES:.po=.mo)
BABEL_KEYWORDS := -k n_:1,2 -k Nn_:1,2

.PHONY: setup run test lint db browser-deps postgres-deps deploy-deps cluster cluster-stop clean \
	messages

setup: $(VENV)/.installed $(VENDOR)/.copied $(BASEMAP) $(MO_FILES)

run: setup db
	@echo "== serving on http://$(HOST):$(PORT)"
	$(PY) serve.py --server.port $(PORT) --server.address $(HOST)

test: setup browser-deps postgres-deps deploy-deps
	@echo "== ruff"
	$(VENV)/bin/ruff check .
	@echo "== pytest"
	$(PY) -m pytest $(if $(TEST_WORKERS),-n $(TEST_WORKERS) --dist loadfile)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

db: $(VENV)/.installed
	@echo "== store: create/migrate, load the seed data and the Covenant of Mayors signatories"
	$(PY) -m atlas init

browser-deps:
	@test -x /usr/bin/chromium || $(APT_INSTALL) chromium

# The store tests also run on PostgreSQL: the test session starts a throwaway server of its
# own (tests/postgres_server.py), so the package must not create and start a system cluster.
postgres-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
		mkdir -p /etc/postgresql-common/createcluster.d; \
		echo 'create_main_cluster = false' \
			> /etc/postgresql-common/createcluster.d/no-main-cluster.conf; \
		$(APT_INSTALL) postgresql; }

# nginx for `make cluster`, the deployment tests and the load test; the brotli program (to
# compress Streamlit's files ahead) and, where Debian has it, nginx's brotli module.
deploy-deps: postgres-deps
	@$(APT_INSTALL) nginx brotli
	@if apt-cache show libnginx-mod-http-brotli-filter >/dev/null 2>&1; then \
		$(APT_INSTALL) libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static; \
	fi

cluster: setup deploy-deps
	$(PY) scripts/cluster.py precompress
	$(PY) scripts/cluster.py start --port $(CLUSTER_PORT) --replicas $(REPLICAS) --listen $(HOST)

cluster-stop:
	$(PY) scripts/cluster.py stop

# Concurrent visitors against a throwaway PostgreSQL + nginx + replicas deployment
# (scripts/load_test.py; LOAD_ARGS="--replicas 1,2 --sessions 10,20,40" for the full set).
.PHONY: load-test
load-test: setup deploy-deps
	$(PY) scripts/load_test.py $(LOAD_ARGS)

# A venv without pip (e.g. made before python3-venv was installed) is made again.
$(VENV)/.installed: requirements.txt
	@echo "== Python packages: $(VENV) from requirements.txt"
	@if ! $(PY) -m pip --version >/dev/null 2>&1; then \
		$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(APT_INSTALL) python3-venv; \
		$(PYTHON) -m venv --clear $(VENV); \
	fi
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(NPM_STAMP): package-lock.json package.json
	@echo "== npm packages from package-lock.json"
	@command -v npm >/dev/null || $(APT_INSTALL) nodejs npm
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.copied: $(NPM_STAMP)
	@echo "== copying Leaflet, Leaflet.markercluster and axe-core (browser tests) to $(VENDOR)/"
	@rm -rf $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster $(VENDOR)/axe-core
	@mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster $(VENDOR)/axe-core
	@cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	@cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
		$(VENDOR)/leaflet.markercluster/
	@cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE $(VENDOR)/axe-core/
	@touch $@

$(BASEMAP): $(NPM_STAMP) $(VENV)/.installed geo/boundaries.py
	@echo "== basemap from Natural Earth (world-atlas)"
	@$(PY) -m geo.boundaries $@

# The interface's translations: compiled at set-up, never committed (.gitignore).
locale/%/LC_MESSAGES/atlas.mo: locale/%/LC_MESSAGES/atlas.po $(VENV)/.installed
	@echo "== translations: $@"
	@$(VENV)/bin/pybabel compile -D atlas -d locale -l $* --statistics

# After changing interface messages: the template from the code, then each language's
# catalogue updated from it (new messages untranslated until a translator fills them).
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
		--project "Frontrunners Atlas" \
		--copyright-holder "the Frontrunners Atlas contributors" -o locale/atlas.pot app.py pages ui geo atlas
	$(VENV)/bin/pybabel update -D atlas -i locale/atlas.pot -d locale --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var .pytest_cache .ruff_cache $(MO_FILES)
