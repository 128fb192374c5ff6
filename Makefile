# The commands a newcomer and CI run. Every target installs what it needs first.
# The virtual environment lives outside the clone so CI and later runs reuse it.
VENV ?= $(HOME)/.cache/capgraph/venv
PY := $(VENV)/bin/python
# one stamp per clone: the editable install points at the clone that made it
STAMP := $(VENV)/.capgraph-installed$(subst /,_,$(CURDIR))
NEO4J_JARS ?= $(HOME)/.cache/capgraph/neo4j-jars

.PHONY: help install lock system-deps web serve test check bench neo4j neo4j-jars screenshots

# Debian packages the OCR baselines, the built-in handwriting lines and the browser tests need
APT_PACKAGES := tesseract-ocr fonts-dkg-handwriting fonts-breip fonts-femkeklaver \
	fonts-dancingscript fonts-rufscript fonts-kristi chromium

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev,inference]'
	@touch $(STAMP)

install: $(STAMP)  ## create the virtualenv and install capgraph with its dev tools (pinned by constraints.txt)

lock: install  ## rewrite constraints.txt from the virtualenv (after changing dependencies)
	@{ sed -n '1,2p' constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -v '^capgraph'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

system-deps:  ## install Tesseract, handwriting fonts and Chromium from Debian (needs root or sudo)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing $$missing"; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

neo4j-jars:  ## fetch the Neo4j 5.26 test-harness jars from Maven Central (once)
	CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) bash tools/neo4j/fetch-jars.sh

web:  ## npm ci and build each web package (web/*/package.json) whose inputs changed
	bash tools/web/build.sh

serve: install web  ## start capgraph on the embedded store with the seeds loaded
	CAPGRAPH_ENV=$${CAPGRAPH_ENV:-development} $(VENV)/bin/capgraph serve

test: install system-deps neo4j-jars web  ## run the whole test suite (starts a real Neo4j itself)
	CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) HF_HUB_OFFLINE=1 $(PY) -m pytest

check: install  ## lint, type-check and check the layering (import-linter contracts in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo

bench: install system-deps neo4j-jars  ## the speed and memory benchmarks (print their figures)
	CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) $(PY) -m bench --stores embedded,neo4j
	CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) $(PY) -m bench.import_floor
	HF_HUB_OFFLINE=1 $(PY) -m inference.bench_claims
	HF_HUB_OFFLINE=1 $(PY) -m inference.bench_facts
	HF_HUB_OFFLINE=1 $(PY) -m bench.measure
	$(PY) -m bench.side_by_side
	$(PY) -m bench.intent_eval --resolver inference.intent_index:lexical \
		--resolver inference.intent_index:semantic --resolver inference.intent_index:both
	HF_HUB_OFFLINE=1 CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) $(PY) -m bench.alternatives
	CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) $(PY) -m bench.search --samples 20
	HF_HUB_OFFLINE=1 CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) $(PY) -m bench.resolve --samples 20
	CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) bash tools/bench/peer.sh

screenshots: install system-deps web  ## the web app's pages at 1400x900 into docs/screenshots/ (seeded server, Chromium)
	HF_HUB_OFFLINE=1 $(PY) tools/screenshots.py

neo4j: neo4j-jars  ## start a local Neo4j from the test-harness jars; prints its bolt URI
	CAPGRAPH_NEO4J_JARS=$(NEO4J_JARS) bash tools/neo4j/run.sh
