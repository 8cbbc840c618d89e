"""Shared fixtures and the suite's settings: an OCR cache of its own, Hypothesis profiles.

Plain helpers (hand-built circulars, fault injections) are in tests/factories.py; test modules
import from there, never from each other.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# OCR results are cached per page on disk; the suite reads every scan afresh, as CI does.
os.environ["TONGBAO_CACHE_DIR"] = tempfile.mkdtemp(prefix="tongbao-test-cache-")

from schemas import Circular
from tests.factories import SAMPLES, make_circular
from tests.ray_helpers import RaySessions

# Hypothesis: `ci` (the default) is thorough but has no deadline (shared CI cores time out examples
# that are not slow); `dev` is quick while editing; `thorough` looks harder before a release.
# Choose with HYPOTHESIS_PROFILE=dev|ci|thorough.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=20)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def circular_factory() -> Callable[..., Circular]:
    return make_circular


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database `make run` builds: the real ingest of data/samples, once per session."""
    from pipeline.batch import ingest

    db = tmp_path_factory.mktemp("sample") / "tongbao.duckdb"
    summary = ingest.ingest([SAMPLES], db, progress=False)
    assert summary.failed == 0, [r.error for r in summary.results if r.error]
    return db


@pytest.fixture(scope="session")
def ray_sessions() -> Iterator[RaySessions]:
    """One Ray at a time for the session (`local()` or `cluster()`), stopped at its end."""
    sessions = RaySessions()
    yield sessions
    sessions.stop()
