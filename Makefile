# Every command a newcomer needs. The virtualenv lives in .venv/.
PY := .venv/bin/python

.PHONY: setup ask serve test test-chroma eval lint bench
# torch's CPU wheel comes first, from PyTorch's CPU index: on Linux, PyPI's torch==2.13.0 is the CUDA build with
# ~3 GB of nvidia packages. `make setup TORCH_INDEX=` skips it where pip already finds a CPU wheel.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

setup:  ## create .venv and install the project with its dev, LLM and Redis extras (torch: the CPU wheel)
	python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	$(if $(TORCH_INDEX),.venv/bin/pip install "torch==2.13.0" --index-url $(TORCH_INDEX))
	.venv/bin/pip install -e ".[dev,llm,redis]"

ask:  ## ask the headline question on the bundled guides (builds index/ on first use)
	.venv/bin/assistant ask "What's a fair London ask for an ML engineer at Jane Street?"

serve:  ## the web app and widget on http://127.0.0.1:8000/
	.venv/bin/assistant serve

test:  ## the whole test suite (builds its own indexes in temp folders)
	.venv/bin/pytest

test-chroma:  ## the whole index suite, embedded and against a real Chroma server the tests start
	.venv/bin/pytest tests/test_index.py tests/test_vectors.py --chroma-server=all

eval:  ## the eval suite on the bundled guides, as CI runs it (exit 1 below thresholds, 2 if it cannot run)
	.venv/bin/assistant eval --jobs 2

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy assistant

bench:  ## heavy measurements: start-up, ingest and query at 500 and 5,000 guides (minutes)
	$(PY) benchmarks/startup.py && $(PY) benchmarks/ingest.py && $(PY) benchmarks/query.py
