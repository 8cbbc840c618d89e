"""`tongbao ingest --ray` on a real Ray of this machine (`ray.init(num_cpus=2)`, one for the session):
the database it builds equals the local pool's row by row, a worker killed mid-run changes nothing,
bad files fail as they do locally, the budget holds, the OCR page cache works on the workers.
A missing Ray is one line and exit 3. The two-node cluster is in test_ray_cluster.py."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.batch import ingest as ingest_mod
from pipeline.batch.job import Job
from pipeline.batch.ray_executor import RayExecutor
from pipeline.cli import cli
from schemas.budget import Budget
from tests.factories import SAMPLES
from tests.fixtures import make_bad_corpus
from tests.ray_helpers import (
    RaySessions,
    busy_workers,
    differences,
    document_count,
    hang_or_grow,
    ingest_striking,
)

PHOTO = Path(__file__).resolve().parent / "fixtures" / "scans" / "001_3f98dfb6f54aee37__photo.jpg"


@pytest.fixture
def on_ray(ray_sessions: RaySessions) -> None:
    ray_sessions.local()


def test_without_ray_the_option_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # fault injected: Ray is not installed
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(tmp_path / "x.duckdb"), "--ray"])
    assert result.exit_code == 3, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --ray needs Ray, which is not installed (") and line.endswith(
        "): pip install 'tongbao[ray]'"
    )
    assert not (tmp_path / "x.duckdb").exists()


def test_a_path_taken_for_the_address_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--ray", str(SAMPLES), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2  # click: the paths are missing, the folder was taken for the address
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--ray", str(SAMPLES)])
    assert result.exit_code == 2 and "put --ray after the paths" in result.stderr


def test_the_samples_on_ray_equal_the_local_pool(on_ray: None, sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "ray.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db), "--ray"])
    assert result.exit_code == 0, result.output
    n = document_count(sample_db)
    assert f"{n} loaded, 0 unchanged, 0 failed" in result.stderr and "on Ray: 1 node, 2 CPUs" in result.stderr
    assert differences(db, sample_db) == []
    again = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db), "--ray"])
    assert f"0 loaded, {n} unchanged, 0 failed" in again.stderr  # skipped before Ray is asked for anything


def test_a_worker_killed_mid_run_changes_nothing(on_ray: None, sample_db: Path, tmp_path: Path) -> None:
    def kill_one() -> bool:
        for proc in busy_workers():
            proc.kill()
            return True
        return False

    summary, killed = ingest_striking(SAMPLES, tmp_path / "ray.duckdb", kill_one)
    assert killed, "no worker was caught reading a document"
    assert summary.failed == 0, [r.error for r in summary.results if r.error]
    assert differences(tmp_path / "ray.duckdb", sample_db) == []


def _jobs(folder: Path, files: dict[str, bytes]) -> list[Job]:
    folder.mkdir(exist_ok=True)
    jobs = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        jobs.append(Job(hashlib.sha256(data).hexdigest(), str(folder / name)))
    return jobs


def test_the_budget_holds_on_ray(on_ray: None, tmp_path: Path) -> None:
    """A document past its wall time (counted from when it began, with its pages) and one whose worker
    grows past its memory fail with the reason; their workers are stopped, the rest are done."""
    files = {"hang.txt": b"HANG", "grow.txt": b"GROW"} | {f"{i}.txt": f"doc {i}".encode() for i in range(6)}
    jobs = _jobs(tmp_path, files)
    # 20 s: under a load of 10 a Ray worker took more than 8 s to start the document and say its pages
    budget = Budget(seconds=20, seconds_per_page=1, memory_mb=900)
    with RayExecutor(extract=hang_or_grow) as executor:
        got = {
            Path(j.path).name: x
            for batch in executor.run(jobs, None, budget)
            for j, x in _by_key(jobs, batch)
        }
    assert set(got) == set(files)
    hang, grow = got.pop("hang.txt").error or "", got.pop("grow.txt").error or ""
    assert hang.startswith("budget: ") and hang.endswith("> 23 s, 3 pages"), hang
    assert grow.startswith("budget: ") and "MB resident > 900 MB" in grow, grow
    assert all((x.error or "").startswith("done: ") for x in got.values())


def _by_key(jobs: list[Job], batch: list) -> list:
    by_key = {j.key: j for j in jobs}
    return [(by_key[key], x) for key, x in batch]


def test_bad_inputs_fail_on_ray_as_in_the_local_pool(on_ray: None, tmp_path: Path) -> None:
    corpus = tmp_path / "bad"
    make_bad_corpus.write(corpus)
    shutil.copy(SAMPLES / "000_49f8d2aa1abd7151.txt", corpus / "good.txt")
    runs = {}
    for how in (["--workers", "2"], ["--ray"]):
        db = tmp_path / f"{how[0][2:]}.duckdb"
        result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), *how])
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        runs[how[0]] = (
            db,
            sorted(line for line in result.stderr.splitlines() if line.startswith("failed: ")),
        )
    (local, local_lines), (on_ray_db, ray_lines) = runs["--workers"], runs["--ray"]
    assert ray_lines == local_lines and len(ray_lines) == sum(
        c.outcome == "failed" for c in make_bad_corpus.CASES
    )
    assert differences(on_ray_db, local) == []


@pytest.mark.slow
def test_ocr_on_the_workers_equals_local_and_fills_the_page_cache(
    on_ray: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(PHOTO, folder / PHOTO.name)
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path / "local-cache"))
    assert ingest_mod.ingest([folder], tmp_path / "local.duckdb", progress=False).failed == 0
    cache = tmp_path / "ray-cache"  # the workers' own: they OCR the page themselves
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(cache))
    db = tmp_path / "ray.duckdb"
    with RayExecutor() as executor:
        summary = ingest_mod.ingest([folder], db, progress=False, executor=executor)
    assert (summary.loaded, summary.ocr_pages) == (1, 1)
    assert differences(db, tmp_path / "local.duckdb") == []
    pages = sorted(cache.glob("ocr/*/*/*.json"))
    assert len(pages) == 1
    written = [p.stat().st_mtime_ns for p in pages]
    with RayExecutor() as executor:  # a re-run after a rule change: every page from the cache
        again = ingest_mod.ingest([folder], db, progress=False, force=True, executor=executor)
    assert (
        again.loaded == 1 and [p.stat().st_mtime_ns for p in sorted(cache.glob("ocr/*/*/*.json"))] == written
    )
