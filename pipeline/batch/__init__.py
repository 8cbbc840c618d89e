"""Batches: finding and hashing files, extraction in worker processes, loading as results arrive."""
