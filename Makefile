# make run   create .venv, install the runtime requirements, serve the app
# make test  create .venv, install the test requirements (and Debian's chromium), ruff + pytest
# make check ruff + the fast layer of the tests (about two minutes)
# make test-under-load  the browser layer beside two CPU-burning processes
# make serve-many WORKERS=2 PORT=8080   nginx (Debian's) in front of WORKERS streamlit processes
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
WORKERS ?= 2

.PHONY: run test check test-under-load lint bench chromium nginx serve-many clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -r requirements.txt
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

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

test: $(VENV)/.dev chromium lint
	$(PY) -m pytest

# The fast layer for the edit loop: no browser, no export rendering, no large-replicate
# statistics, no AppTest runs except the smoke test of every registered page.
check: $(VENV)/.dev lint
	$(PY) -m pytest -q -m "smoke or not (slow or browser or export or app)"

# The browser layer beside two busy loops (tests/busy_loops.py: started by the run, always
# stopped at its end, each gone by itself after an hour): tests wait for states, not for time.
test-under-load: $(VENV)/.dev chromium
	$(PY) -m pytest -m browser --busy-loops 2 --busy-seconds 3600

bench: $(VENV)/.dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
