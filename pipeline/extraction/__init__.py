"""Extraction: canonical text, paragraphs, the parts of a circular and the extractors that read them.

Imports no store, batch, report or CLI code (an import-linter contract checks it).
"""
