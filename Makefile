# Developer shortcuts. The README's two commands are what CI runs; `make check` adds the linters.
.PHONY: install test check lint types contracts snapshot-update bench

install:
	pip install -e '.[dev]'

test:
	python -m pytest

lint:
	ruff check .

types:
	mypy

contracts:
	lint-imports

check: lint types contracts test

snapshot-update:
	python -m pytest tests/snapshots --snapshot-update

bench:
	kiwi bench --project ../shared/eval/dev/project --cases ../shared/eval/dev/cases.jsonl
	python benchmarks/search_bench.py
