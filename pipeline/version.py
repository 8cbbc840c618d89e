"""The one version source: the package's release (pyproject reads it from here). What decides whether a
document is extracted again is `pipeline.fingerprint.extraction_version`, not this."""

__version__ = "0.2.0"
