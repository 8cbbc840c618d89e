"""docs/data-dictionary.md is current, and documents every table and column the contract promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.report import dictionary

COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
REGENERATE = "tongbao dictionary --out docs/data-dictionary.md"

# /work/shared/CONTRACT.md, "DuckDB tables": table → columns, with the type where the contract gives one.
CONTRACT: dict[str, dict[str, str | None]] = {
    "documents": {
        "doc_id": "VARCHAR",
        "source_path": None,
        "source_sha256": None,
        "media_type": None,
        "page_count": None,
        "title": "VARCHAR",
        "issuer": "VARCHAR",
        "issuer_level": "VARCHAR",
        "issuer_province": "VARCHAR",
        "issuer_city": "VARCHAR",
        "doc_number": "VARCHAR",
        "doc_number_agency": "VARCHAR",
        "doc_number_year": "INTEGER",
        "doc_number_serial": "INTEGER",
        "urgency": "VARCHAR",
        "transmission": "VARCHAR",
        "signer": "VARCHAR",
        "addressees": "VARCHAR[]",
        "issue_date": "DATE",
        "publish_date": "DATE",
        "period_year": "INTEGER",
        "period_quarter": "INTEGER",
        "period_half": "INTEGER",
        "period_month": "INTEGER",
        "script": "VARCHAR",
        "ocr_engine": "VARCHAR",
        "ocr_confidence": "DOUBLE",
        "warnings": "VARCHAR[]",
    },
    "sections": dict.fromkeys(
        ["doc_id", "section_id", "parent_id", "level", "number", "heading", "text", "ord"]
    ),
    "annexes": dict.fromkeys(["doc_id", "annex_no", "title", "kind", "row_count"]),
    "website_findings": {
        **dict.fromkeys(
            [
                "doc_id",
                "annex_no",
                "table_no",
                "seq",
                "reported_region",
                "site_name",
                "problems_raw",
                "site_code",
                "site_region_code",
                "site_province",
                "site_city",
                "site_county",
            ]
        ),
        "problem_categories": "VARCHAR[]",
    },
    "deductions": {
        **dict.fromkeys(["doc_id", "annex_no", "table_no", "seq", "unit", "unit_kind", "explanation"]),
        "points_deducted": "DOUBLE",
    },
    "deduction_items": dict.fromkeys(
        ["doc_id", "annex_no", "table_no", "seq", "item_no", "reason", "points_deducted"]
    ),
    "stats": {**dict.fromkeys(["doc_id", "section_id", "metric", "unit", "evidence"]), "value": "DOUBLE"},
    "mentions": dict.fromkeys(["doc_id", "section_id", "text", "label", "region_code", "sentence"]),
    "ingest_log": dict.fromkeys(
        ["run_id", "source_path", "sha256", "status", "error", "seconds", "started_at"]
    ),
    # the views the contract names
    "deductions_by_city": {},
    "findings_by_province": {},
    "repeat_offenders": {},
}


def parse(text: str) -> dict[str, dict[str, tuple[str, str]]]:
    """Section name → column → (type, description), from the generated Markdown."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    current: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if line.startswith("### "):
            current = out.setdefault(line[4:].strip(), {})
        elif m := re.match(r"\| `(\w+)` \| ([^|]+) \| [^|]* \| (.*) \|$", line):
            current[m[1]] = (m[2].strip(), m[3].strip())
    return out


def test_committed_dictionary_is_current() -> None:
    assert COMMITTED.exists(), f"docs/data-dictionary.md is missing: run `{REGENERATE}`"
    assert COMMITTED.read_text(encoding="utf-8") == dictionary.markdown(), (
        f"docs/data-dictionary.md is stale (the schema or a comment changed): run `{REGENERATE}`"
    )


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_dictionary_covers_the_contract(table: str) -> None:
    sections = parse(COMMITTED.read_text(encoding="utf-8"))
    assert table in sections, f"no section for {table}"
    documented = sections[table]
    assert documented, f"{table} has no columns"
    for column, expected_type in CONTRACT[table].items():
        assert column in documented, f"{table}.{column} is not documented"
        dtype, description = documented[column]
        assert len(description) > 3, f"{table}.{column} has no description"
        if expected_type:
            assert dtype == expected_type, f"{table}.{column} is {dtype}, the contract says {expected_type}"
    assert all(len(d) > 3 for _, d in documented.values()), f"a column of {table} has no description"


def test_cli_writes_the_same(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(cli, ["dictionary"])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == dictionary.markdown()
    out = tmp_path / "dd.md"
    written = runner.invoke(cli, ["dictionary", "--out", str(out)])
    assert written.exit_code == 0 and out.read_text(encoding="utf-8") == printed.stdout


def test_no_description_says_a_sentence_twice() -> None:
    for line in COMMITTED.read_text(encoding="utf-8").splitlines():
        sentences = [s for s in re.split(r"(?<=[.。])\s+", line) if len(s) > 20]
        assert len(sentences) == len(set(sentences)), f"said twice: {line[:80]}…"
