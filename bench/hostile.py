"""One batch of every hostile kind (tests/fixtures/hostile) beside three good circulars, as a user runs it.

usage: python -m bench.hostile [--out DIR] [--workers 2] [--timeout 900] [--only NAME ...] [--family F]

The real `tongbao ingest` in a fresh process on a fresh database, default settings; then the same
folder again. Reported: wall time, peak memory of the whole process tree (sum of PSS, sampled every
0.2 s), the exit code, and per kind its `ingest_log` rows, its lines on stderr, its status and
reason against what the kind expects. Checked: the good circulars load, no traceback, nothing from
the folder outside the input folder anywhere in the database. Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.batch.paths import shown
from tests.fixtures import hostile

ROOT = Path(__file__).resolve().parents[1]
TONGBAO = Path(sys.executable).parent / "tongbao"
GOOD = (
    ROOT / "data" / "samples" / "000_49f8d2aa1abd7151.txt",
    ROOT / "data" / "samples" / "004_ce8c5b5b87c32622.txt",
    ROOT / "data" / "samples" / "002_2888e82ad4833598__digital.pdf",
)
SAMPLE_SECONDS = 0.2


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def tree_pss(pid: int) -> int:
    """Bytes of memory the process and all its descendants hold (PSS: shared pages counted once)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        todo += _children(p)
    return total


@dataclass
class Run:
    seconds: float
    exit_code: int
    peak_mb: float
    stderr: list[str] = field(default_factory=list)


def run_ingest(folder: Path, db: Path, workers: int, timeout: float) -> Run:
    args = [str(TONGBAO), "ingest", str(folder), "--db", str(db), "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    lines: list[str] = []
    peak = 0
    stop = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        lines.extend(raw.decode("utf-8", "replace").rstrip("\n") for raw in proc.stderr)

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_pss(proc.pid))
            stop.wait(SAMPLE_SECONDS)

    threads = [threading.Thread(target=read, daemon=True), threading.Thread(target=sample, daemon=True)]
    for t in threads:
        t.start()
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        code = proc.wait()
        lines.append(f"bench: killed after {timeout:.0f} s")
    seconds = time.perf_counter() - t0
    stop.set()
    threads[1].join()
    threads[0].join(5)
    return Run(seconds, code, peak / 2**20, lines)


def _rows(db: Path) -> list[tuple[str, str, str | None, float]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        run = con.execute("SELECT min(run_id) FROM ingest_log").fetchone()
        return con.execute(
            "SELECT source_path, status, error, seconds FROM ingest_log WHERE run_id = ?",
            [run[0] if run else None],
        ).fetchall()
    finally:
        con.close()


def secret_in_db(db: Path) -> list[str]:
    """Every table.column whose text holds the secret of the folder outside."""
    con = duckdb.connect(str(db), read_only=True)
    found = []
    try:
        cols = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns c JOIN information_schema.tables t "
            "USING (table_schema, table_name) WHERE t.table_type = 'BASE TABLE'"
        ).fetchall()
        for table, column in cols:
            hit = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS VARCHAR) LIKE ?',
                [f"%{hostile.SECRET}%"],
            ).fetchone()
            if hit and hit[0]:
                found.append(f"{table}.{column}")
    finally:
        con.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile")
    parser.add_argument("--out", type=Path, default=None, help="keep the folder and database here")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--family", default=None)
    args = parser.parse_args(argv)
    base = args.out or Path(tempfile.mkdtemp(prefix="tongbao-hostile-"))
    if base.exists() and args.out:
        shutil.rmtree(base, ignore_errors=True)
    folder, db = base / "in", base / "hostile.duckdb"
    kinds = [
        k for k in hostile.KINDS if (not args.only or k.name in args.only) and args.family in (None, k.family)
    ]
    t0 = time.perf_counter()
    written = hostile.write(folder, kinds)
    for good in GOOD:
        shutil.copy(good, folder / f"good-{good.name}")
    print(
        f"{len(kinds)} hostile kinds and {len(GOOD)} good circulars written in {time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )

    first = run_ingest(folder, db, args.workers, args.timeout)
    second = run_ingest(folder, db, args.workers, args.timeout) if db.exists() else None
    rows = _rows(db) if db.exists() else []
    problems = report(written, first, rows)
    leaks = secret_in_db(db) if db.exists() else []
    good_loaded = sum(1 for p, s, _, _ in rows if "good-" in p and s == "loaded")
    tracebacks = [ln for ln in first.stderr if "Traceback" in ln or "internal error" in ln]
    print(
        f"\nfirst run: {first.seconds:.1f} s, exit {first.exit_code}, peak {first.peak_mb:.0f} MB (PSS of the tree)"
    )
    if second:
        print(f"second run: {second.seconds:.1f} s, exit {second.exit_code}, peak {second.peak_mb:.0f} MB")
    print(
        f"good circulars loaded: {good_loaded}/{len(GOOD)}; tracebacks: {len(tracebacks)}; secret in: {leaks or 'nowhere'}"
    )
    print(f"kinds not as expected: {len(problems)}" + "".join(f"\n  {p}" for p in problems))
    ok = not problems and not leaks and not tracebacks and good_loaded == len(GOOD) and first.exit_code == 1
    return 0 if ok else 1


def report(written: hostile.Written, run: Run, rows: list[tuple[str, str, str | None, float]]) -> list[str]:
    """A line per kind (status, reason, rows, stderr lines); returns what was not as expected."""
    problems = []
    print("\n| kind | family | expected | got | seconds | rows | stderr lines | reason |")
    print("|---|---|---|---|---:|---:|---:|---|")
    for kind in written.kinds:
        path = str(written.path(kind))
        mine = [r for r in rows if r[0] == shown(path) or r[0].startswith(shown(path) + "/")]
        said = [ln for ln in run.stderr if shown(path) in ln]
        status = ",".join(sorted({r[1] for r in mine})) or "-"
        reason = next((r[2] for r in mine if r[2]), "") or ""
        seconds = sum(r[3] or 0.0 for r in mine)
        name = shown(kind.name) if len(kind.name) < 40 else shown(kind.name)[:37] + "…"
        print(
            f"| {name} | {kind.family} | {kind.outcome} | {status} | {seconds:.1f} | {len(mine)} | {len(said)} "
            f"| {reason[:110]} |"
        )
        wrong = []
        if len(mine) != 1:
            wrong.append(f"{len(mine)} rows")
        if len(said) != 1:
            wrong.append(f"{len(said)} stderr lines")
        if status != kind.outcome:
            wrong.append(f"{status}, expected {kind.outcome}")
        elif kind.outcome == "failed" and not re.search(kind.reason, reason):
            wrong.append(f"reason {reason[:60]!r} !~ {kind.reason!r}")
        if wrong:
            problems.append(f"{shown(kind.name)}: {'; '.join(wrong)}")
    return problems


if __name__ == "__main__":
    raise SystemExit(main())
