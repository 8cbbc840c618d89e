"""One measured ingest: `tongbao ingest` run as a command with its process tree sampled for memory
and CPU, and when each document was loaded (used by bench/batch.py, bench/ray_batch.py, bench/ocr.py)."""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

TONGBAO = Path(sys.executable).with_name("tongbao")
SAMPLE_SECONDS = 0.25  # sampling memory costs CPU the workers would use; OCR peaks last seconds anyway


@dataclass
class Run:
    label: str
    workers: str
    threads: str
    docs: int
    pages: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    load_before: float
    exit_code: int
    first_doc: float = 0.0  # seconds from the command's start to the first document loaded
    running_rate: float = 0.0  # documents/s from the first batch loaded to the last

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds

    @property
    def pages_per_min(self) -> float:
        return self.pages * 60 / self.seconds


def running_rate(loaded_at: list[float]) -> float:
    """Documents/s between the first batch loaded and the last: `loaded_at` holds when each
    "loaded" line arrived, a batch's lines together (within 50 ms)."""
    if len(loaded_at) < 2:
        return 0.0
    later = [t for t in loaded_at if t > loaded_at[0] + 0.05]
    span = loaded_at[-1] - loaded_at[0]
    return len(later) / span if later and span > 0 else 0.0


def _sample(proc: Any, cpu: dict[int, float]) -> int:
    """Memory of the process tree now (sum of PSS, RSS where there is none); records each process's
    CPU time so far in `cpu`."""
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error), p.oneshot():
            memory = p.memory_full_info()
            total += getattr(memory, "pss", memory.rss)  # PSS: pages shared with the forkserver count once
            times = p.cpu_times()
            cpu[p.pid] = times.user + times.system
    return total


def ingest(
    label: str,
    paths: list[Path],
    db: Path,
    workers: int | None,
    threads: int | None,
    env_extra: dict[str, str] | None = None,
    extra: tuple[str, ...] = (),
) -> Run:
    """One `tongbao ingest` on a fresh database (unless `db` exists: then it is a re-run), with
    `extra` arguments (`--ray ADDRESS`)."""
    env = dict(os.environ, **(env_extra or {}))
    env.pop("TONGBAO_OCR_THREADS", None)
    if threads:
        env["TONGBAO_OCR_THREADS"] = str(threads)
    args = [str(TONGBAO), "ingest", *map(str, paths), "--db", str(db)]
    if workers:
        args += ["--workers", str(workers)]
    args += extra
    peak = 0
    cpu: dict[int, float] = {}
    load_before = os.getloadavg()[0]
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    loaded_at: list[float] = []  # when each "[i/n] loaded: …" line arrived (plain lines: not a terminal)
    lines: list[str] = []

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "] loaded: " in line:
                loaded_at.append(time.perf_counter() - t0)

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        import psutil

        watched = psutil.Process(proc.pid)
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                with contextlib.suppress(psutil.Error):
                    peak = max(peak, _sample(watched, cpu))
                stop.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        stop.set()
        sampler.join()
    except ImportError:
        proc.wait()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    seconds = time.perf_counter() - t0
    reader.join()  # EOF: every process holding stderr (the forkserver too) has left
    stderr = "".join(lines)
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # the command's own CPU is exact (it was waited for); the workers' as last sampled
    cpu[proc.pid] = usage1.ru_utime + usage1.ru_stime - usage0.ru_utime - usage0.ru_stime
    cpu_seconds = sum(cpu.values())
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{label}: tongbao ingest exited {proc.returncode}:\n{stderr}")
    con = duckdb.connect(str(db), read_only=True)
    try:
        run_id = con.execute("SELECT max(run_id) FROM ingest_log").fetchone()
        docs, pages = con.execute(
            "SELECT count(*), coalesce(sum(d.page_count), 0) FROM ingest_log l JOIN documents d USING (doc_id) "
            "WHERE l.run_id = ? AND l.status = 'loaded'",
            [run_id[0] if run_id else None],
        ).fetchone() or (0, 0)
        if docs == 0:  # a re-run: count what it skipped
            docs = con.execute(
                "SELECT count(*) FROM ingest_log WHERE run_id = ?", [run_id[0] if run_id else None]
            ).fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    run = Run(
        label,
        str(workers or "default"),
        str(threads or "default"),
        int(docs),
        int(pages),
        seconds,
        cpu_seconds,
        peak / 2**20,
        load_before,
        proc.returncode,
        loaded_at[0] if loaded_at else 0.0,
        running_rate(loaded_at),
    )
    print(
        f"  {label}: workers {run.workers}, threads {run.threads}: {run.docs} docs, {run.pages} pages "
        f"in {seconds:.1f} s ({cpu_seconds:.1f} s CPU; first document at {run.first_doc:.1f} s), "
        f"peak {run.peak_mb:.0f} MB, load before {load_before:.1f}",
        file=sys.stderr,
        flush=True,
    )
    return run
