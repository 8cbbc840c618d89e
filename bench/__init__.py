"""Benchmarks run by hand (`python bench/batch.py`, `python -m bench.ocr`); results in the README."""
