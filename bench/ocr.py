"""OCR benchmark: RapidOCR's profiles side by side — CER, table cells, CPU-seconds a page per stage.

usage: python -m bench.ocr [--profiles legacy,fast,fast:det_side=736] [--engines rapidocr,tesseract]
                           [--only STEM] [--variants scan_clean,scan_seal] [--max-pages N | --pages 1,5]
                           [--dpi N] [--bare] [--ingest [--no-pages] [--repeat N]] [--show-cells N]
                           [--json FILE]

Reads DIR/manifest.json (written by tests/fixtures/make_fixtures.py: per page the drawn lines as
[kind, text] and the tables as rows of cells) and runs `ocr.readers.scan.ocr_page` with the page
cache off on every page, each RapidOCR profile (`ocr.engines.profile`; `name:field=value` overrides
a field) in turn on the same rendered page, one thread a process. Measures:
- CER: edit distance / reference length over the page's text lines (tables and page numbers left
  out), on canonical text (whitespace removed, OpenCC t2s, full-width punctuation: what the
  normalizers make of it anyway); raw CER: whitespace removed only;
- cells: share of ground-truth table cells read exactly (canonical text), matched by position;
- s/page (wall) and CPU-s/page of `ocr_page`, pages/hour of one process; with --bare also the
  engine alone on the same raw page;
- CPU-seconds a page per stage: render, clean-up (flatten, deskew, red ink, blank test, text block),
  tables (the grid, not its recognition), detect, recognise, layout and the rest, extraction;
- with --ingest: the real `tongbao ingest` of the chosen fixtures per profile (bench/batch.py's
  runner: fresh process and database, OCR cache off, default workers), pages/hour, CPU-s/page and
  peak memory (sum of PSS over the process tree).
Prints Markdown tables, the machine and the load average at the start and the end.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.ocr_scoring import Score, score_page

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {
    "scan_clean": "clean",
    "scan_degraded": "degraded",
    "scan_seal": "seal",
    "scan_note": "note",
    "scan_tiff": "multi-page TIFF",
    "photo": "photo",
}
CLEANUP = ("flatten_paper", "deskew", "find_red_ink", "black_text", "binarise", "is_blank", "text_bounds")
STAGES = ("render", "clean-up", "tables", "detect", "recognise", "layout and the rest", "extraction")
_ACTIVE: list[Stages] = []


class Stages:
    """CPU seconds per stage of `ocr_page`, each stage's own time (a stage nested in another, like
    the table reader's recognition, counts for the inner one only)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.pages = 0
        self._stack: list[float] = []

    def add(self, stage: str, seconds: float) -> None:
        self.cpu[stage] += seconds

    def reset(self) -> None:
        self.cpu.clear()
        self.pages = 0

    @contextlib.contextmanager
    def outside(self) -> Iterator[None]:
        """Make this the recorder of the timed functions while a page is read."""
        _ACTIVE.append(self)
        try:
            yield
        finally:
            _ACTIVE.pop()

    def instrument(self, engine: Any) -> None:
        for method, stage in (("detect", "detect"), ("recognize_lines", "recognise")):
            if hasattr(engine, method):
                setattr(engine, method, _timed(stage, getattr(engine, method)))
        _instrument_scan()

    def per_page(self) -> dict[str, float]:
        pages = max(1, self.pages)
        inner = sum(self.cpu[k] for k in ("clean-up", "tables", "detect", "recognise"))
        out = {k: self.cpu[k] / pages for k in STAGES}
        out["layout and the rest"] = (self.cpu["ocr"] - inner) / pages
        return out


def _timed(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _ACTIVE:
            return fn(*args, **kwargs)
        st = _ACTIVE[-1]
        st._stack.append(0.0)
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            total = time.process_time() - start
            st.cpu[stage] += total - st._stack.pop()
            if st._stack:
                st._stack[-1] += total

    return wrapper


@functools.cache
def _instrument_scan() -> None:
    from ocr.readers import scan

    for name in CLEANUP:
        if hasattr(scan, name):
            setattr(scan, name, _timed("clean-up", getattr(scan, name)))
    scan.read_tables = _timed("tables", scan.read_tables)


def parse_profile(spec: str) -> Any:
    """`fast` or `fast:rec_width=0.6:det_side=1280` → a Profile (values typed like the defaults)."""
    from ocr.engines.profile import current_profile

    name, *pairs = spec.split(":")
    base = current_profile(name)
    overrides: dict[str, Any] = {}
    for pair in pairs:
        key, _, raw = pair.partition("=")
        old = getattr(base, key)
        overrides[key] = raw.lower() in {"1", "true", "yes"} if isinstance(old, bool) else type(old)(raw)
    return current_profile(name, **overrides)


def build_engines(names: list[str], profiles: list[str]) -> dict[str, Any]:
    """label → engine: RapidOCR once per profile, other engines by name."""
    from ocr.engines import get_engine
    from ocr.engines.rapid import RapidOcrEngine

    out: dict[str, Any] = {}
    for name in names:
        if name == "rapidocr":
            for spec in profiles:
                out[spec] = RapidOcrEngine(profile=parse_profile(spec))
        else:
            out[name] = get_engine(name)
    return out


def fixture_files(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The manifest's entries that `--only` and `--variants` leave."""
    manifest = json.loads((args.fixtures / "manifest.json").read_text(encoding="utf-8"))
    files = [f for f in manifest["files"] if not args.only or f["seed"].startswith(args.only)]
    return [f for f in files if not args.variants or f["variant"] in args.variants]


def _source(entry: dict[str, Any], pages: list[Any]) -> Any:
    from schemas.intermediate import SourceDocument

    media = "image" if not entry["file"].endswith(".pdf") else "pdf_scan"
    return SourceDocument(source_path=entry["file"], sha256="0" * 64, media_type=media, pages=pages)


def run(args: argparse.Namespace) -> tuple[dict[tuple[str, str], Score], dict[str, Stages]]:
    """Every page through every engine (profiles of RapidOCR taking turns page by page, so that a
    neighbour's load falls on all of them alike)."""
    os.environ["TONGBAO_CACHE_DIR"] = "off"
    from ocr.readers.raster import DEFAULT_DPI, load_pages
    from ocr.readers.scan import ENGINE_DPI, ocr_page

    files = fixture_files(args)
    engines = build_engines(args.engines, args.profiles)
    from pipeline.batch.warmup import warm_up

    warm_up()  # spaCy, OpenCC and the gazetteer load on first use: not the extraction's time
    stages = {label: Stages() for label in engines}
    for label, engine in engines.items():
        stages[label].instrument(engine)
        ocr_page(next(load_pages(args.fixtures / files[0]["file"], [1], 150))[1], engine)  # warm up
        stages[label].reset()
    results: dict[tuple[str, str], Score] = defaultdict(Score)
    for entry in files:
        path = args.fixtures / entry["file"]
        wanted = list(range(1, min(entry["pages"], args.max_pages) + 1))
        if args.pages:
            wanted = [n for n in args.pages if n <= entry["pages"]]
        done: dict[str, list[Any]] = defaultdict(list)
        for dpi in sorted({args.dpi or ENGINE_DPI.get(e.name, DEFAULT_DPI) for e in engines.values()}):
            users = [
                lb for lb, e in engines.items() if (args.dpi or ENGINE_DPI.get(e.name, DEFAULT_DPI)) == dpi
            ]
            rendered = iter(load_pages(path, wanted, dpi))
            while True:
                cpu0 = time.process_time()
                got = next(rendered, None)
                if got is None:
                    break
                page_no, image = got
                render = time.process_time() - cpu0
                for label in users:
                    engine, st = engines[label], stages[label]
                    st.add("render", render)
                    start, cpu = time.perf_counter(), time.process_time()
                    with st.outside():
                        page = ocr_page(image, engine, page_no)
                    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
                    st.add("ocr", cpu)
                    st.pages += 1
                    done[label].append(page)
                    s = score_page(page, entry["ground_truth"][page_no - 1])
                    s.seconds, s.cpu_seconds = elapsed, cpu
                    if args.bare:
                        start = time.perf_counter()
                        engine.recognize(image)
                        s.bare_seconds = time.perf_counter() - start
                    results[(label, VARIANTS.get(entry["variant"], entry["variant"]))].add(s)
                    results[(label, "all")].add(s)
                    print(
                        f"{label:12} {entry['file']:42} p{page_no:<2} CER {s.errors / max(1, s.chars):6.2%} "
                        f"cells {s.cells_ok}/{s.cells} {cpu:5.2f} CPU-s",
                        file=sys.stderr,
                        flush=True,
                    )
        for label, pages in done.items():
            from pipeline.run import extract_source

            cpu0 = time.process_time()
            extract_source(_source(entry, pages))
            stages[label].add("extraction", time.process_time() - cpu0)
    return results, stages


def markdown(results: dict[tuple[str, str], Score], bare: bool) -> str:
    head = (
        "| engine, profile | variant | pages | CER | raw CER | table cells exact | s/page | CPU-s/page "
        "| pages/hour, one process |"
    )
    rule = "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    if bare:
        head += " bare engine s/page | overhead |"
        rule += "---:|---:|"
    out = [head, rule]
    for (name, variant), s in sorted(results.items(), key=lambda kv: (kv[0][0], kv[0][1] == "all", kv[0][1])):
        cells = f"{s.cells_ok / s.cells:.1%} ({s.cells_ok}/{s.cells})" if s.cells else "–"
        cer, raw = s.errors / max(1, s.chars), s.raw_errors / max(1, s.chars)
        row = (
            f"| {name} | {variant} | {s.pages} | {cer:.2%} | {raw:.2%} | {cells} | {s.seconds / s.pages:.2f} "
            f"| {s.cpu_seconds / s.pages:.2f} | {3600 * s.pages / max(1e-9, s.seconds):,.0f} |"
        )
        if bare:
            over = s.seconds / s.bare_seconds - 1 if s.bare_seconds else 0.0
            row += f" {s.bare_seconds / s.pages:.2f} | {over:+.0%} |"
        out.append(row)
    alls = [(n, s) for (n, v), s in results.items() if v == "all"]
    for name, s in alls[1:]:
        base_name, base = alls[0]
        ratio = (base.cpu_seconds / base.pages) / max(1e-9, s.cpu_seconds / s.pages)
        out.append(f"\n{name}: {ratio:.2f}× fewer CPU-seconds a page than {base_name}")
    return "\n".join(out)


def stage_table(stages: dict[str, Stages]) -> str:
    """CPU-seconds a page per stage, one column per engine or profile."""
    per = {label: st.per_page() for label, st in stages.items() if st.pages}
    out = ["| stage | " + " | ".join(per) + " |", "|---|" + "---:|" * len(per)]
    for stage in STAGES:
        out.append(f"| {stage} | " + " | ".join(f"{p[stage]:.3f}" for p in per.values()) + " |")
    out.append("| **total** | " + " | ".join(f"**{sum(p.values()):.2f}**" for p in per.values()) + " |")
    return "\n".join(out)


def ingest_runs(args: argparse.Namespace) -> str:
    """The real `tongbao ingest` of every scan fixture (cache off, default workers), each profile in
    its own fresh process and database, profiles taking turns `--repeat` times; the fastest kept,
    peak memory the worst."""
    import tempfile

    from bench.measured_ingest import ingest

    paths = [args.fixtures / f["file"] for f in fixture_files(args)]
    best: dict[str, Any] = {}
    peaks: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory(prefix="tongbao-bench-ocr-") as tmp:
        for r in range(args.repeat):
            for spec in args.profiles:
                env = {"TONGBAO_CACHE_DIR": "off", "TONGBAO_OCR_PROFILE": spec}
                run = ingest(spec, paths, Path(tmp) / f"{spec}-{r}.duckdb", None, None, env)
                peaks[spec] = max(peaks[spec], run.peak_mb)
                if spec not in best or run.seconds < best[spec].seconds:
                    best[spec] = run
    out = [
        "| profile | documents | pages | seconds | pages/hour | CPU-s/page | peak memory (MB) | load before |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for spec, run in best.items():
        out.append(
            f"| {spec} | {run.docs} | {run.pages} | {run.seconds:.1f} | {3600 * run.pages / run.seconds:,.0f} "
            f"| {run.cpu_seconds / max(1, run.pages):.2f} | {peaks[spec]:.0f} | {run.load_before:.1f} |"
        )
    runs = list(best.values())
    for run in runs[1:]:
        out.append(
            f"\n{run.label}: {runs[0].seconds / run.seconds:.2f}× the pages an hour of {runs[0].label}"
        )
    return "\n".join(out)


def machine() -> str:
    """The CPU, its core count and whether it has AMX (bf16), for the README's tables."""
    from ocr.engines.profile import cpu_has_amx

    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, {'AMX' if cpu_has_amx() else 'no AMX'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "scans")
    parser.add_argument("--engines", type=lambda s: s.split(","), default=["rapidocr"])
    parser.add_argument(
        "--profiles",
        type=lambda s: s.split(","),
        default=["legacy", "fast"],
        help="RapidOCR profiles, e.g. legacy,fast,fast:rec_width=0.6:det_side=1280",
    )
    parser.add_argument("--variants", type=lambda s: s.split(","), default=None)
    parser.add_argument("--only", default="", help="seed stem prefix, e.g. 001")
    parser.add_argument("--max-pages", type=int, default=100)
    parser.add_argument("--pages", type=lambda s: [int(n) for n in s.split(",")], default=None)
    parser.add_argument(
        "--dpi", type=int, default=0, help="render PDF pages at this dpi (default: per engine)"
    )
    parser.add_argument("--bare", action="store_true", help="also time the engine alone on each page")
    parser.add_argument("--ingest", action="store_true", help="also time `tongbao ingest` per profile")
    parser.add_argument("--no-pages", action="store_true", help="only the ingest runs")
    parser.add_argument("--repeat", type=int, default=1, help="ingest runs per profile (fastest kept)")
    parser.add_argument("--show-cells", type=int, default=0, help="print up to N misread cells")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("TONGBAO_OCR_THREADS", "1")  # one thread a process, like each ingest worker
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the start\n")
    if not args.no_pages:
        results, stages = run(args)
        print(markdown(results, args.bare))
        print("\nCPU-seconds a page, per stage:\n")
        print(stage_table(stages))
        if args.show_cells:
            for (name, variant), s in results.items():
                if variant != "all":
                    for truth, read in s.bad_cells[: args.show_cells]:
                        print(f"{name} {variant}: {truth!r} read as {read!r}", file=sys.stderr)
        if args.json:
            rows = [
                {"engine": n, "variant": v, **{k: x for k, x in vars(s).items() if k != "bad_cells"}}
                for (n, v), s in results.items()
            ]
            args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    if args.ingest:
        print("\n`tongbao ingest` of the scan fixtures, OCR cache off, default workers:\n")
        print(ingest_runs(args))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
