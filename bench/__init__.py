"""Benchmarks for drafter: `make bench` (= `python -m bench`) runs them all.

Each benchmark module exposes `run(ctx) -> list[Measurement]`; the runner prints a table
of target, measured value and pass/fail, and writes the same as JSON to bench/out/.
Data is generated afresh by `bench.data` into a temporary folder, so a run needs nothing
but a checkout. Timings are medians of several runs in the same process or machine run.
"""
