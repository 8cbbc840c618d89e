"""Batch ingest benchmark: a synthetic archive built from the sample notices, ingested with 1 and 2
workers, then re-run unchanged; and scans under every worker × OCR-thread split.

usage: python bench/batch.py [--docs 200] [--text-docs 1000] [--inputs text,pdf,mixed] [--scans 4]
                             [--splits 1x1,1x2,2x1,2x2] [--repeat N] [--no-scans | --no-archive] [--work DIR]
                             [--json FILE] [--ray]

`--ray` measures instead the local pool against Ray on the same mixed archive and scans
(`bench/ray_batch.py`).

Each run is the real `tongbao ingest` in a fresh process on a fresh database, so process start,
the forkserver and the workers' warm-up are all in the time. Measures:
- documents/s and pages/min: wall time of the whole command;
- speed-up: 1-worker time over 2-worker time, on the same documents;
- first document loaded at: seconds from the command's start to the first "loaded" line — the
  start-up (imports, forkserver, warm-up) no number of workers shortens;
- running speed-up: the same ratio for documents/s once running — documents loaded after the first
  batch over the seconds from the first batch to the last — what the workers themselves add;
- re-run: a second `tongbao ingest` of the same archive, where every file is unchanged;
- CPU seconds: user + system time of the command and everything it started (the workers' as last
  sampled, so a little low);
- peak memory: the largest sum of PSS over the process tree (parent, forkserver, workers), sampled
  every 250 ms with psutil — PSS, because the workers share the pages the forkserver loaded and a sum
  of RSS would count those once per process (without psutil: the largest single RSS, getrusage).

The archive: `--docs` documents, half text circulars and half born-digital PDFs, and for the
text-only run `--text-docs` text circulars (a text circular takes ~25 ms, so a short run would time
little but the ~2 s start-up), copies of the samples in data/samples made distinct (a text copy gets a trailing line of blanks, a PDF copy a
comment after %%EOF; neither changes what is extracted). Scans are the first `--scans`
tests/fixtures/scans/*_scan_clean.pdf, with the OCR page cache off so the engine really runs.
Splits are `WORKERSxTHREADS` (TONGBAO_OCR_THREADS); `default` is what ingest picks by itself.
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.measured_ingest import Run, ingest

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/batch.py`, this folder is first on sys.path and bench/ocr.py would hide the `ocr`
# package from the extraction processes `machine_scaling` starts: the repository comes first instead.
sys.path[:] = [
    str(ROOT),
    *(p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent),
]
SAMPLES = ROOT / "data" / "samples"
SCANS = ROOT / "tests" / "fixtures" / "scans"


def build_archive(out: Path, docs: int, text_docs: int = 0) -> tuple[Path, Path, Path]:
    """`docs` / 2 text and `docs` / 2 born-digital copies of the samples, and `text_docs` text copies
    in a folder of their own; every copy distinct bytes."""
    text_dir, pdf_dir, long_dir = out / "text", out / "pdf", out / "text-only"
    for folder, pattern, count in (
        (text_dir, "*.txt", docs // 2),
        (pdf_dir, "*__digital.pdf", docs // 2),
        (long_dir, "*.txt", text_docs),
    ):
        folder.mkdir(parents=True, exist_ok=True)
        sources = sorted(SAMPLES.glob(pattern))
        for i in range(count):
            src = sources[i % len(sources)]
            tail = b"\n" + b" " * (i + 1) + b"\n" if src.suffix == ".txt" else b"\n%% bench copy %d\n" % i
            (folder / f"{i:04d}_{src.name}").write_bytes(src.read_bytes() + tail)
    return text_dir, pdf_dir, long_dir


def table(
    runs: list[Run],
    speedups: dict[str, float],
    versus: str = "1 worker",
    running: dict[str, float] | None = None,
) -> str:
    head = (
        "| input | workers × OCR threads | documents | pages | seconds | CPU seconds | documents/s | pages/min "
        f"| speed-up vs {versus} | first document loaded at (s) | documents/s once running "
        "| running speed-up | peak memory (MB) |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for r in runs:
        key = f"{r.label}|{r.workers}|{r.threads}"
        speed, steady = speedups.get(key), (running or {}).get(key)
        lines.append(
            f"| {r.label} | {r.workers} × {r.threads} | {r.docs} | {r.pages} | {r.seconds:.1f} | "
            f"{r.cpu_seconds:.1f} | {r.docs_per_s:.2f} | {r.pages_per_min:.0f} | "
            f"{f'{speed:.2f}×' if speed else ''} | {r.first_doc:.1f} | {r.running_rate:.1f} | "
            f"{f'{steady:.2f}×' if steady else ''} | {r.peak_mb:.0f} |"
        )
    return "\n".join(lines)


def _extract_loop(paths: list[str], go: Any = None, out: Any = None) -> float:
    """Extract `paths` one after another in this process, warm; the seconds it took."""
    from pipeline import run
    from pipeline.batch.warmup import warm_up

    warm_up()
    run.extract(paths[0])  # the first document of a year builds that year's gazetteer matcher
    if go is not None:
        go.wait()  # both processes are ready before either starts: they really run at the same time
    t0 = time.perf_counter()
    for path in paths:
        run.extract(path)
    seconds = time.perf_counter() - t0
    if out is not None:
        out.put(seconds)
    return seconds


def machine_scaling(paths: list[Path]) -> float:
    """How much more extraction two processes get done at once than one, on this machine now: the
    same documents extracted by one process alone, then by two side by side, with no pool, queue or
    database. The ceiling for a 1 → 2 worker speed-up (2.0 on two idle cores; a shared or
    hyper-threaded vCPU pair gives less, and a neighbour's load less again)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    names = [str(p) for p in paths]

    def side_by_side(count: int) -> list[float]:
        go, out = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_extract_loop, args=(names, go, out)) for _ in range(count)]
        for proc in procs:
            proc.start()
        time.sleep(8.0)  # imports and warm-up
        go.set()
        seconds: list[float] = []
        while len(seconds) < count:
            with contextlib.suppress(queue.Empty):
                seconds.append(out.get(timeout=2))
            if any(proc.exitcode not in (None, 0) for proc in procs):
                raise SystemExit("machine_scaling: an extraction process failed (its traceback is above)")
        for proc in procs:
            proc.join()
        return seconds

    alone = min(side_by_side(1)[0] for _ in range(2))
    together = min(max(side_by_side(2)) for _ in range(2))
    return 2 * alone / together


@dataclass
class Config:
    label: str
    paths: list[Path]
    db: Path
    workers: int | None
    threads: int | None
    env_extra: dict[str, str] | None = None
    extra: tuple[str, ...] = ()


def fastest(repeat: int, configs: list[Config]) -> list[Run]:
    """The fastest of `repeat` runs of each configuration (with the highest peak memory of any of
    them), each on a fresh database. The
    configurations take turns (A B C, A B C, …), so a neighbour's load on a shared machine slows
    them alike instead of whichever happened to run then."""
    runs: list[list[Run]] = [[] for _ in configs]
    for _ in range(repeat):
        for config, done in zip(configs, runs, strict=True):
            for stale in (config.db, config.db.with_name(config.db.name + ".wal")):
                stale.unlink(missing_ok=True)
            done.append(
                ingest(
                    config.label,
                    config.paths,
                    config.db,
                    config.workers,
                    config.threads,
                    config.env_extra,
                    config.extra,
                )
            )
    best = [min(done, key=lambda r: r.seconds) for done in runs]
    for run, done in zip(best, runs, strict=True):
        run.peak_mb = max(r.peak_mb for r in done)  # memory: the worst of the repeats, not the fastest's
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--docs", type=int, default=200, help="the mixed archive: half text, half born-digital PDF"
    )
    ap.add_argument("--text-docs", type=int, default=1000, help="the text-only archive")
    ap.add_argument("--scans", type=int, default=4)
    ap.add_argument("--splits", default="1x1,1x2,2x1,2x2")
    ap.add_argument("--repeat", type=int, default=1, help="run each configuration N times, keep the fastest")
    ap.add_argument("--inputs", default="text,pdf,mixed", help="which archive runs: text, pdf, mixed")
    ap.add_argument("--no-scans", action="store_true")
    ap.add_argument("--no-archive", action="store_true", help="only the scans")
    ap.add_argument("--work", type=Path, help="keep the archive and databases here (default: a temp dir)")
    ap.add_argument("--json", type=Path, help="also write the runs as JSON")
    ap.add_argument(
        "--ray",
        action="store_true",
        help="instead: the mixed archive and the scans on the local pool and on Ray, side by side",
    )
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="tongbao-bench-"))
    if work.exists() and args.work:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    text_dir, pdf_dir, long_dir = build_archive(
        work / "archive", args.docs, 0 if args.ray else args.text_docs
    )
    if args.ray:
        from bench import ray_batch

        scans = sorted(SCANS.glob("*_scan_clean.pdf"))[: args.scans]
        ray_batch.compare(work, [text_dir, pdf_dir], scans, args.repeat)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
        return 0
    runs: list[Run] = []
    speedups: dict[str, float] = {}
    running: dict[str, float] = {}
    probe = sorted(pdf_dir.iterdir())[:10]  # born-digital PDFs: the pipeline's own CPU-bound work
    ceiling = machine_scaling(probe)
    print(
        f"archive: {args.docs} documents in {work / 'archive'}; {os.cpu_count()} CPUs; two processes extracting "
        f"side by side get {ceiling:.2f}× the work of one done",
        file=sys.stderr,
    )

    rerun = None
    if not args.no_archive:
        inputs = {
            "text": ("text", [long_dir]),
            "pdf": ("born-digital PDF", [pdf_dir]),
            "mixed": ("mixed text + PDF", [text_dir, pdf_dir]),
        }
        for label, paths in (inputs[name] for name in args.inputs.split(",")):
            one, two = fastest(
                args.repeat, [Config(label, paths, work / f"{label[:5]}-{w}.duckdb", w, None) for w in (1, 2)]
            )
            runs += [one, two]
            speedups[f"{label}|{two.workers}|{two.threads}"] = one.seconds / two.seconds
            if one.running_rate:
                running[f"{label}|{two.workers}|{two.threads}"] = two.running_rate / one.running_rate
    if not args.no_archive and "mixed" in args.inputs.split(","):
        # the same archive again, into the database the last 2-worker run filled: nothing changed
        rerun = min(
            (
                ingest("re-run, nothing changed", [text_dir, pdf_dir], work / "mixed-2.duckdb", None, None)
                for _ in range(args.repeat)
            ),
            key=lambda r: r.seconds,
        )
        runs.append(rerun)

    scan_runs: list[Run] = []
    scans = sorted(SCANS.glob("*_scan_clean.pdf"))[: args.scans]
    if not args.no_scans and not scans:
        print("no scans in tests/fixtures/scans: scan splits not measured", file=sys.stderr)
    elif not args.no_scans:
        scan_dir = work / "scans"
        scan_dir.mkdir()
        for scan in scans:
            shutil.copy(scan, scan_dir / scan.name)
        off = {"TONGBAO_CACHE_DIR": "off"}  # time the engine, not the page cache
        configs = []
        for split in [*args.splits.split(","), "default"]:
            w, t = (None, None) if split == "default" else map(int, split.split("x"))
            configs.append(Config("scans", [scan_dir], work / f"scans-{split}.duckdb", w, t, off))
        scan_runs = fastest(args.repeat, configs)
        base = next((r for r in scan_runs if r.workers == "1" and r.threads == "1"), None)
        for r in scan_runs:
            if base:
                speedups[f"{r.label}|{r.workers}|{r.threads}"] = base.seconds / r.seconds

    ceilings = f"{ceiling:.2f}× at the start, {machine_scaling(probe):.2f}× at the end"
    print(
        f"{os.cpu_count()} CPUs; two processes extracting side by side (no pool, no database) got {ceilings} "
        "the work of one done: the ceiling for a 1 → 2 worker speed-up on this machine then.\n"
    )
    if runs:
        print(table(runs, speedups, running=running))
    if rerun:
        print(
            f"\nNo-change re-run of {rerun.docs} files: {rerun.seconds:.2f} s (the whole command, process "
            "start included)."
        )
    if scan_runs:
        print()
        print(table(scan_runs, speedups, versus="1 × 1"))
        best = min(scan_runs, key=lambda r: r.seconds)
        default = next(r for r in scan_runs if r.workers == "default")
        print(
            f"\nScans: the default split is {100 * (default.seconds / best.seconds - 1):.0f}% slower than the "
            f"best measured ({best.workers} × {best.threads}, {best.seconds:.1f} s)."
        )
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs + scan_runs], indent=2))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
