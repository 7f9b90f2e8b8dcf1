# Two commands matter: `make run` and `make test`. Everything else is what they build on.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: run test test-fast test-e2e messages guides guide-figures guide-videos setup deps browser bench bench-sale bench-sale-costs probe clean

run: setup guides
	$(PY) -m web.serve --host $(HOST) --port $(PORT)

test: deps browser guides
	@set -e; \
	  echo "== unit and integration tests (database: $${EGOV_TEST_DATABASE_URL:-sqlite})"; \
	  if [ -n "$$EGOV_TEST_DATABASE_URL" ]; then \
	    embedded=$$(mktemp); \
	    ( env -u EGOV_TEST_DATABASE_URL -u EGOV_REDIS_URL $(PY) -m pytest tests -q -x -p no:randomly \
	        > $$embedded 2>&1; echo $$? > $$embedded.rc ) & \
	    beside=$$!; \
	    server=0; $(PY) -m pytest tests -q -p no:randomly || server=$$?; \
	    wait $$beside; \
	    echo "== the same suite on the embedded default (sqlite), run beside it"; \
	    cat $$embedded; \
	    [ "$$server" = 0 ] && [ "$$(cat $$embedded.rc)" = 0 ]; \
	  else \
	    $(PY) -m pytest tests -q -p no:randomly; \
	  fi; \
	  echo "== browser journeys (JavaScript on and off)"; \
	  EGOV_BROWSER_PATH="$$(cat .browser-path)" $(PY) -m pytest e2e -q; \
	  echo "== guides: mkdocs build --strict"; \
	  $(BIN)/mkdocs build --strict --quiet

test-fast: deps
	$(PY) -m pytest tests -q

test-e2e: deps browser guides
	EGOV_BROWSER_PATH="$$(cat .browser-path)" $(PY) -m pytest e2e -q

# Wording (CONTRIBUTING.md, "Where wording goes"): Babel extracts every msgid core/ and web/ use
# (babel.cfg: the same as `pybabel extract -F babel.cfg core web`); each new one goes to the end
# of its catalogue under web/translations/ with an empty English to write, each one no longer
# used leaves, the rest stay as written; then every catalogue is compiled. A second run changes
# nothing (web/catalogues.py).
messages: deps
	$(PY) -m web.catalogues

# Every guide figure (guides/images/…) from the journeys' JavaScript-on runs (only they write
# figures). The first build is not strict: a deleted figure is what this target brings back.
guide-figures: deps browser
	$(BIN)/mkdocs build --no-strict --quiet
	EGOV_BROWSER_PATH="$$(cat .browser-path)" $(PY) -m pytest e2e -q -p no:randomly --update-guide-figures -k "not nojs"
	$(BIN)/mkdocs build --strict --quiet

# Every guide video (guides/videos/<guide>/<az|en>.webm and its .vtt captions) from the journeys
# that walk the guides, JavaScript on (e2e/guide_video.py); their frames are encoded by Debian's
# ffmpeg, installed with apt when missing (Playwright's own recorder needs a download we lack).
guide-videos: deps browser
	$(BIN)/mkdocs build --no-strict --quiet
	EGOV_FFMPEG_PATH="$$(bash e2e/find_ffmpeg.sh)" EGOV_BROWSER_PATH="$$(cat .browser-path)" \
	  $(PY) -m pytest e2e -q -p no:randomly --record-guide-videos
	$(BIN)/mkdocs build --strict --quiet

setup: deps
	$(PY) -m web.manage setup

guides: deps
	$(BIN)/mkdocs build --strict --quiet

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser: deps
	@bash e2e/find_browser.sh > .browser-path && echo "browser: $$(cat .browser-path)"

# `make bench` (bench/__main__.py): throughput beside a bare page on SQLite, then on PostgreSQL +
# Redis (a fresh database egov_bench, Redis DB 10), journeys on emulated 2G and Slow 3G, and
# every target of issue 29 with its verdict; exits 1 when one is missed. `make bench
# PROFILE="flats GET"` writes a pyinstrument profile of one target instead (instance/profile-*).
bench: deps browser guides
	EGOV_BROWSER_PATH="$$(cat .browser-path)" $(PY) -m bench $(if $(PROFILE),--profile "$(PROFILE)") $(ARGS)

# Sale day (bench/sale): PostgreSQL and Redis on 127.0.0.1 (a database egov_bench_sale made
# afresh, Redis DB 9), 500 flats, 10,000 buyers signed in beforehand, two portal processes and
# the job consumer. Fails on a flat held twice, a citizen with two, or any 5xx.
bench-sale: deps
	$(PY) -m bench.sale

# What one request of each sale-day step costs alone: CPU ms, SQL statements, Redis commands.
bench-sale-costs: deps
	$(PY) -m bench.sale.costs

# A bounded (5 minutes), loopback-only hostile probe of a portal it starts itself (bench/probe):
# at least 10,000 hostile submissions (Güzəştli mənzil's signed-in forms among them), crafted
# `next` values, hostile numbers, NULs, long segments and line breaks in every path and query,
# line breaks inside e-mail addresses, another's Asan İmza at signing, and slow clients; fails on
# any 5xx, any redirect off the portal, an address with a line break kept, or a page delayed
# beyond 2 s by slow clients.
probe: deps
	$(PY) -m bench.probe

clean:
	rm -rf $(VENV) node_modules site instance .browser-path
