"""OCR benchmark: character error rate, table cells and seconds per page, per engine and scan variant.

usage: python -m bench.ocr [--fixtures DIR] [--engines rapidocr,tesseract] [--only STEM]
                           [--variants scan_clean,scan_seal] [--max-pages N | --pages 1,5]
                           [--dpi N] [--bare] [--show-cells N] [--json FILE]

Reads DIR/manifest.json (written by tests/fixtures/make_fixtures.py: per page the drawn lines as
[kind, text] and the tables as rows of cells) and runs `ocr.readers.scan.ocr_page` with the page
cache off on every page. Measures:
- CER: edit distance / reference length over the page's text lines (tables and page numbers left
  out), on canonical text (whitespace removed, OpenCC t2s, full-width punctuation: what the
  normalizers make of it anyway); raw CER: whitespace removed only;
- cells: share of ground-truth table cells read exactly (canonical text), matched by position;
- s/page: wall time of `ocr_page`; with --bare also of the engine alone on the same raw page, so the
  pipeline's overhead over the engine can be read off.
Prints one Markdown table, rows per engine × variant.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SKIP_KINDS = {"page_number", "table_header", "table_row"}  # handwritten notes count: analysts want them
_WS = re.compile(r"\s+")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, two rows of memory (pages are ~1 000 characters)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_FULL_WIDTH = str.maketrans("(),:;?!", "（），：；？！")


def squash(text: str) -> str:
    """Whitespace removed, nothing else: the raw CER."""
    return _WS.sub("", text)


def canon(text: str) -> str:
    """What the pipeline's normalizers make of the text anyway: Simplified (OpenCC t2s, so 內/内 and
    強/强 are one character) with full-width punctuation (the fixtures' ground truth mixes `(一)`
    and `（一）` for the same printed glyphs)."""
    from normalizers.chinese import to_simplified

    return to_simplified(squash(text)).translate(_FULL_WIDTH)


@dataclass
class Score:
    pages: int = 0
    raw_errors: int = 0
    errors: int = 0
    chars: int = 0
    cells: int = 0
    cells_ok: int = 0
    seconds: float = 0.0
    bare_seconds: float = 0.0
    bad_cells: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "pages",
            "raw_errors",
            "errors",
            "chars",
            "cells",
            "cells_ok",
            "seconds",
            "bare_seconds",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.bad_cells += other.bad_cells


def score_page(page: Any, truth: dict[str, Any]) -> Score:
    """Compare one OCR'd `Page` with its ground-truth entry from the manifest."""
    from schemas.intermediate import Line, Table

    ref = squash("".join(text for kind, text in truth["lines"] if kind not in SKIP_KINDS))
    hyp = squash("".join(b.text for b in page.blocks if isinstance(b, Line)))
    s = Score(
        pages=1,
        raw_errors=edit_distance(ref, hyp),
        errors=edit_distance(canon(ref), canon(hyp)),
        chars=len(ref),
    )
    got = [b for b in page.blocks if isinstance(b, Table)]
    for t, table in enumerate(truth.get("tables", [])):
        rows = got[t].texts() if t < len(got) else []
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                s.cells += 1
                read = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
                if read is not None and canon(read) == canon(cell):
                    s.cells_ok += 1
                else:
                    s.bad_cells.append((cell, read if read is not None else "<missing>"))
    return s


def run(args: argparse.Namespace) -> dict[tuple[str, str], Score]:
    os.environ["TONGBAO_CACHE_DIR"] = "off"
    from ocr.engines import get_engine
    from ocr.preprocess import to_grey
    from ocr.readers.raster import DEFAULT_DPI, load_pages
    from ocr.readers.scan import ENGINE_DPI, ocr_page

    manifest = json.loads((args.fixtures / "manifest.json").read_text(encoding="utf-8"))
    files = [f for f in manifest["files"] if not args.only or f["seed"].startswith(args.only)]
    if args.variants:
        files = [f for f in files if f["variant"] in args.variants]
    results: dict[tuple[str, str], Score] = defaultdict(Score)
    for name in args.engines:
        engine = get_engine(name)
        engine.recognize(to_grey(next(load_pages(args.fixtures / files[0]["file"], [1]))[1]))  # warm up
        for entry in files:
            path = args.fixtures / entry["file"]
            dpi = args.dpi or ENGINE_DPI.get(engine.name, DEFAULT_DPI)
            wanted = list(range(1, min(entry["pages"], args.max_pages) + 1))
            if args.pages:
                wanted = [n for n in args.pages if n <= entry["pages"]]
            for page_no, image in load_pages(path, wanted, dpi):
                start = time.perf_counter()
                page = ocr_page(image, engine, page_no)
                elapsed = time.perf_counter() - start
                s = score_page(page, entry["ground_truth"][page_no - 1])
                s.seconds = elapsed
                if args.bare:
                    start = time.perf_counter()
                    engine.recognize(image)
                    s.bare_seconds = time.perf_counter() - start
                results[(name, entry["variant"])].add(s)
                results[(name, "all")].add(s)
                print(
                    f"{name:9} {entry['file']:42} p{page_no:<2} CER {s.errors / max(1, s.chars):6.2%} "
                    f"cells {s.cells_ok}/{s.cells} {elapsed:5.2f}s",
                    file=sys.stderr,
                    flush=True,
                )
    return results


def markdown(results: dict[tuple[str, str], Score], bare: bool) -> str:
    head = "| engine | variant | pages | CER | raw CER | table cells exact | s/page |"
    rule = "|---|---|---:|---:|---:|---:|---:|"
    if bare:
        head += " bare engine s/page | overhead |"
        rule += "---:|---:|"
    out = [head, rule]
    for (name, variant), s in sorted(results.items(), key=lambda kv: (kv[0][0], kv[0][1] == "all", kv[0][1])):
        cells = f"{s.cells_ok / s.cells:.1%} ({s.cells_ok}/{s.cells})" if s.cells else "–"
        cer, raw = s.errors / max(1, s.chars), s.raw_errors / max(1, s.chars)
        row = f"| {name} | {variant} | {s.pages} | {cer:.2%} | {raw:.2%} | {cells} | {s.seconds / s.pages:.2f} |"
        if bare:
            over = s.seconds / s.bare_seconds - 1 if s.bare_seconds else 0.0
            row += f" {s.bare_seconds / s.pages:.2f} | {over:+.0%} |"
        out.append(row)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "scans")
    parser.add_argument("--engines", type=lambda s: s.split(","), default=["rapidocr", "tesseract"])
    parser.add_argument("--variants", type=lambda s: s.split(","), default=None)
    parser.add_argument("--only", default="", help="seed stem prefix, e.g. 001")
    parser.add_argument("--max-pages", type=int, default=100)
    parser.add_argument("--pages", type=lambda s: [int(n) for n in s.split(",")], default=None)
    parser.add_argument(
        "--dpi", type=int, default=0, help="render PDF pages at this dpi (default: per engine)"
    )
    parser.add_argument("--bare", action="store_true", help="also time the engine alone on each page")
    parser.add_argument("--show-cells", type=int, default=0, help="print up to N misread cells")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    results = run(args)
    print(markdown(results, args.bare))
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
