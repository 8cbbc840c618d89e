"""Layout benchmark: the circulars drawn under many random layouts, scored against their golden files.

usage: python -m bench.layouts [--layouts N] [--first K] [--scans M] [--more] [--only STEM]
                               [--out DIR] [--json FILE]

Every seed (the five samples; with --more also tests/more_circulars' texts that the layout tests
draw) is rendered by tests/fixtures/make_fixtures.render_layout under layouts K … K+N-1 as a
born-digital PDF, and under the first M of them as a clean scan (300 dpi, 1-bit; OCR'd, so slow).
Everything goes through the real `tongbao ingest` into one DuckDB and is scored with
tests/score_golden.py; so is the text of what each layout drew, once per distinct text (a layout
may leave the signature out, which takes the issuer with it where nothing else names it: the
texts' score is what a perfect reading of the PDFs would reach). Prints, per medium, the mean
overall score, how many files score 1.00, the worst files, and how many born-digital extractions
equal their text's field by field (tests/same_extraction.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import extract  # noqa: E402
from tests.fixtures.make_fixtures import SEEDS, render_layout  # noqa: E402
from tests.same_extraction import differences, layout_seeds  # noqa: E402

MEDIA = ("digital", "scan_clean", "text")


def medium_of(name: str) -> str:
    for m in MEDIA[:2]:
        if name.endswith(f"_{m}.pdf"):
            return m
    return "text"


def ingest_and_score(inputs: Path, golden: Path, work: Path) -> dict[str, Any]:
    db = work / f"{inputs.parent.name}-{inputs.name}.duckdb"
    db.unlink(missing_ok=True)
    tongbao = Path(sys.executable).with_name("tongbao")
    subprocess.run([str(tongbao), "ingest", str(inputs), "--db", str(db)], check=False, capture_output=True)
    out = db.with_suffix(".score.json")
    scorer = ROOT / "tests" / "score_golden.py"
    args = ["--db", str(db), "--golden", str(golden), "--inputs", str(inputs), "--json", str(out)]
    subprocess.run([sys.executable, str(scorer), *args], check=True, capture_output=True)
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--layouts", type=int, default=10, help="layouts per seed (default %(default)s)")
    ap.add_argument("--first", type=int, default=100, help="number of the first layout (default %(default)s)")
    ap.add_argument("--scans", type=int, default=2, help="of these, how many also as clean scans")
    ap.add_argument("--more", action="store_true", help="tests/more_circulars too, not only the samples")
    ap.add_argument("--only", action="append", default=[], metavar="STEM")
    ap.add_argument("--out", type=Path, help="keep the rendered files here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="write every file's scores here")
    args = ap.parse_args(argv)

    seeds = [p for p in layout_seeds() if args.more or p.parent == SEEDS]
    seeds = [p for p in seeds if not args.only or p.name.startswith(tuple(args.only))]
    work = args.out or Path(tempfile.mkdtemp(prefix="tongbao-layouts-"))
    layouts = range(args.first, args.first + args.layouts)
    equal = total = 0
    started = time.perf_counter()
    by_golden: dict[Path, list[Path]] = defaultdict(list)
    drawn: dict[Path, set[str]] = defaultdict(set)
    for seed in seeds:
        golden = ROOT / "tests" / ("golden" if seed.parent == SEEDS else "more_circulars")
        folder = work / golden.name
        for k, n in enumerate(layouts):
            media = ("digital", "scan_clean") if k < args.scans else ("digital",)
            made = render_layout(seed, n, folder / "files", media, folder / "texts")
            total += 1
            diffs = differences(extract(made["text"]), extract(made["digital"]))
            equal += not diffs
            if diffs:
                print(f"{made['digital'].name}: {diffs[0][:160]}", file=sys.stderr)
            said = made["text"].read_text(encoding="utf-8")
            if said in drawn[seed]:  # the same text: the ingest would load it once
                made["text"].unlink()
            drawn[seed].add(said)
        by_golden[golden].append(folder)
    rendered = time.perf_counter() - started

    scores: dict[str, dict[str, float]] = {}
    for golden, folders in by_golden.items():
        for folder in dict.fromkeys(folders):
            for inputs in (folder / "files", folder / "texts"):
                report = ingest_and_score(inputs, golden, work)
                for name, r in report["results"].items():
                    scores[name] = r["scores"]
                for name in report["missing"]:
                    scores[name] = {"overall": 0.0}
    print(
        f"{len(seeds)} seeds x {len(layouts)} layouts (from {args.first}), {args.scans} as scans; "
        f"rendered and compared in {rendered:.0f} s; files in {work}"
    )
    print("| medium | files | mean overall | at 1.00 | worst |")
    print("|---|---:|---:|---:|---|")
    for medium in MEDIA:
        got = {n: s["overall"] for n, s in scores.items() if medium_of(n) == medium}
        if not got:
            continue
        worst = ", ".join(f"{n} {v:.2f}" for n, v in sorted(got.items(), key=lambda kv: kv[1])[:3] if v < 1)
        mean = sum(got.values()) / len(got)
        full = sum(v >= 0.9999 for v in got.values())
        print(f"| {medium} | {len(got)} | {mean:.3f} | {full} | {worst} |")
    print(f"born-digital extraction equal to the text's, field by field: {equal}/{total}")
    if args.json:
        args.json.write_text(json.dumps({"scores": scores, "equal": equal, "total": total}, indent=1))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TONGBAO_CACHE_DIR", tempfile.mkdtemp(prefix="tongbao-bench-cache-"))
    sys.exit(main())
