"""Scoring a database against golden files with the project's copy of the shared scorer
(tests/score_golden.py), on a real DuckDB file built by the real ingest command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
DIGITAL = ROOT / "tests" / "fixtures" / "pdf"
MORE = ROOT / "tests" / "more_circulars"


def score(tmp_path: Path, files: list[Path], golden: Path = GOLDEN) -> dict:
    """Ingest `files` with the real command and score every document on its golden file (a file not
    loaded scores 0). The first round's database is `golden.duckdb`."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for f in files:
        shutil.copy(f, inputs / f.name)
    return score_folder(tmp_path, inputs, golden)


def score_folder(tmp_path: Path, inputs: Path, golden: Path, *, fed: bool = True) -> dict:
    """Ingest a folder and score every document; `fed=False` scores without `--inputs` (a folder of
    circulars with their attachments, which the scorer would count as documents not loaded).

    The row tables hold each circular's primary copy's rows only, and the scorer reads a document's
    rows by its doc_id: the files of documents that are copies of another circular in the same run
    are ingested again, in a round of their own where they are primary, so that each file's own
    extraction is scored."""
    rounds: list[dict] = []
    folder: Path | None = inputs
    n = 0
    while folder is not None:
        name = "golden" if n == 0 else f"golden-{n}"
        rounds.append(_score_round(tmp_path / f"{name}.duckdb", folder, golden, fed))
        folder = _copies(tmp_path / f"{name}.duckdb", folder, tmp_path / f"{name}-copies")
        n += 1
    results = {k: v for r in rounds for k, v in r["results"].items()}  # a later round: where it is primary
    scored = len(sorted(p for p in inputs.iterdir() if p.is_file())) if fed else len(results)
    overall = sum(r["scores"]["overall"] for r in results.values()) / max(1, scored)
    return {"results": results, "overall": overall, "missing": rounds[0]["missing"]}


def _score_round(db: Path, inputs: Path, golden: Path, fed: bool) -> dict:
    result = CliRunner().invoke(cli, ["ingest", str(inputs), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    out = db.with_suffix(".score.json")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "score_golden.py"),
            "--db",
            str(db),
            "--golden",
            str(golden),
            *(["--inputs", str(inputs)] if fed else []),
            "--json",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def _copies(db: Path, inputs: Path, out: Path) -> Path | None:
    """A folder of the files (with their attachments) of the documents that are not their circular's
    primary copy in `db`, laid out as under `inputs`; None when there are none."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        paths = [
            Path(p)
            for (p,) in con.execute(
                "SELECT d.source_path FROM documents d WHERE NOT d.is_primary UNION "
                "SELECT f.path FROM document_files f JOIN documents d USING (doc_id) WHERE NOT d.is_primary"
            ).fetchall()
        ]
    finally:
        con.close()
    if not paths:
        return None
    for path in paths:
        target = out / path.resolve().relative_to(inputs.resolve())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return out


def assert_perfect(report: dict, n: int) -> None:
    assert not report["missing"], f"not loaded: {report['missing']}"
    assert len(report["results"]) == n
    misses = {
        name: {k: v for k, v in r["scores"].items() if v < 1.0} for name, r in report["results"].items()
    }
    misses = {k: v for k, v in misses.items() if v}
    notes = {name: r["notes"][:10] for name, r in report["results"].items() if name in misses}
    assert not misses, f"{misses}\n{json.dumps(notes, ensure_ascii=False, indent=1)}"


def assert_expected_doubts(db: Path, golden: Path = GOLDEN) -> None:
    """Golden files may list doubts the pipeline must raise (e.g. a site code outside its region), each
    as its code and what it is about; a doubt matches when every key given agrees."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        paths = dict(con.execute("select doc_id, source_path from documents").fetchall())
        cur = con.execute("select * from doubts")
        names = [c[0] for c in cur.description]
        got: dict[str, list[dict[str, object]]] = {}
        for row in cur.fetchall():
            d = dict(zip(names, row, strict=True))
            got.setdefault(str(d["doc_id"]), []).append(d)
    finally:
        con.close()
    for doc_id, path in paths.items():
        gold_file = golden / (Path(path).name.split("__")[0].rsplit(".", 1)[0] + ".json")
        if not gold_file.exists():
            continue
        have = got.get(doc_id, [])
        for want in json.loads(gold_file.read_text("utf-8")).get("expected_doubts", []):
            assert any(all(d.get(k) == v for k, v in want.items()) for d in have), (
                f"{Path(path).name}: missing doubt {want}; got {[(d['code'], d['message']) for d in have]}"
            )
