# make run   create .venv, install the runtime requirements, serve the app
# make classroom  the same on the LAN (all interfaces), with COLLAPSE_PUBLIC_URL set to this
#            machine's network address, so the class room's QR code reaches phones
# make test  create .venv, install the test requirements (and Debian's chromium and nginx), ruff, docs + pytest
# make docs  the documentation site into site/ (mkdocs --strict)
# make check ruff + the fast layer of the tests (about two minutes)
# make test-under-load  the browser layer beside two CPU-burning processes
# make test-a11y  the axe-core audit of every page and state (not yet in make test)
# make serve-many WORKERS=2 PORT=8080   nginx (Debian's) in front of WORKERS streamlit processes
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
WORKERS ?= 2

.PHONY: run classroom test test-a11y test-nginx test-under-load check lint lint-js docs bench chromium nginx serve-many clean

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .  # the package itself (console scripts, metadata)
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# Browser tests and PNG/SVG export use Debian's chromium (never a downloaded browser).
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
		sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "chromium not found and apt-get unavailable: browser tests will be skipped"; fi

# The reverse proxy for serve-many: Debian's nginx (never a downloaded build).
nginx:
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
		sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; \
	else echo "nginx not found and apt-get unavailable"; exit 1; fi

# Several streamlit processes behind nginx with sticky sessions, in the foreground; Ctrl-C
# stops them all. Config, pid file and logs live in a temp dir (deploy/serve_many.py).
serve-many: $(VENV)/.runtime nginx
	$(PY) -m deploy.serve_many --workers $(WORKERS) --port $(PORT)

run: $(VENV)/.runtime
	$(PY) -m collapse_ui.serve --server.port $(PORT)

# An address set by hand (COLLAPSE_PUBLIC_URL=https://...) wins over the guessed one.
classroom: $(VENV)/.runtime
	COLLAPSE_PUBLIC_URL="$${COLLAPSE_PUBLIC_URL:-$$($(PY) -m collapse_ui.public_url --port $(PORT))}" \
		$(PY) -m collapse_ui.serve --server.address 0.0.0.0 --server.port $(PORT)

lint: $(VENV)/.dev lint-js
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# ESLint for the browser scripts (collapse_ui/**/*.js), from npm with the committed lock file.
node_modules/.bin/eslint: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint-js: node_modules/.bin/eslint
	node_modules/.bin/eslint collapse_ui


# The documentation site, warnings as errors: a renamed function or family breaks the build.
docs: $(VENV)/.dev
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

# The deployment tests (tests/deploy/) need nginx: installed here as chromium is;
# without it they are skipped, except under CI=true.
test: $(VENV)/.dev chromium test-nginx lint docs
	$(PY) -m pytest -m "not axe"

# The axe-core audit of every page and state (tests/browser/test_axe_pages.py, marker axe): not
# yet reliable on a busy machine (README, Accessibility), so outside make test for now.
test-a11y: $(VENV)/.dev chromium
	$(PY) -m pytest -m axe tests/browser/test_axe_pages.py

test-nginx:
	@$(MAKE) --no-print-directory nginx || echo "nginx not installed: the deployment tests will be skipped"

# The fast layer for the edit loop: every folder but tests/browser, and within them no export
# rendering, no large-replicate statistics, no AppTest runs except the smoke test of every page.
# The markers stay: the statistical files mix quick theory checks with slow ones.
CHECK_PATHS := tests/core tests/statistical tests/ui tests/export
check: $(VENV)/.dev lint
	$(PY) -m pytest -q $(CHECK_PATHS) -m "smoke or not (slow or browser or export or app)"

# The browser layer beside two busy loops (tests/busy_loops.py: started by the run, always
# stopped at its end, each gone by itself after an hour): tests wait for states, not for time.
test-under-load: $(VENV)/.dev chromium
	$(PY) -m pytest -m browser --busy-loops 2 --busy-seconds 3600

bench: $(VENV)/.dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts site
