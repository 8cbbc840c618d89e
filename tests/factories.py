"""Hand-built circulars and fault injections shared by the tests (plain helpers: fixtures are in
conftest.py), so loading and CLI tests do not depend on extraction."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.fingerprint import extraction_version
from schemas import (
    Annex,
    Annotation,
    Circular,
    Deduction,
    DeductionItem,
    Header,
    Mention,
    PageText,
    Section,
    Stat,
    WebsiteFinding,
    doubts,
)
from schemas.exceptions import NotACircular

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def finding(
    seq: int,
    site_code: str | None,
    categories: list[Any],
    *,
    annex_no: int = 1,
    province: str | None = "云南省",
    name: str | None = None,
) -> WebsiteFinding:
    return WebsiteFinding(
        annex_no=annex_no,
        seq=seq,
        reported_region="红河州",
        reported_full_name="红河哈尼族彝族自治州",
        reported_level="municipal",
        reported_region_code="532500",
        reported_province="云南省",
        reported_city="红河哈尼族彝族自治州",
        site_name=name or f"网站{seq}",
        problems_raw="首页长期不更新",
        problem_categories=categories,
        site_code=site_code,
        site_region_code=site_code[:6] if site_code else None,
        site_province=province,
        site_city="红河哈尼族彝族自治州" if province else None,
    )


def make_circular(key: str = "a", **changes: Any) -> Circular:
    """A provincial circular with one row of every kind; `changes` replaces top-level fields.

    `key` stands for the source bytes: the same key gives the same sha256 and doc_id.
    `header` may be a dict of header fields to change.
    """
    sha = hashlib.sha256(key.encode()).hexdigest()
    header = Header(
        title="关于2017年第二季度政府网站抽查情况的通报",
        issuer="云南省人民政府办公厅",
        issuer_level="provincial",
        issuer_province="云南省",
        doc_number=f"云府办明电〔2017〕{len(key)}号",
        doc_number_agency="云府办明电",
        doc_number_year=2017,
        doc_number_serial=len(key),
        urgency="特急",
        transmission="明电",
        signer="张三",
        addressees=["各州、市人民政府", "省直各委、办、厅、局"],
        issue_date=dt.date(2017, 7, 10),
        period_year=2017,
        period_quarter=2,
    )
    header = header.model_copy(update=changes.pop("header", {}))
    data: dict[str, Any] = dict(
        doc_id=sha[:16],
        source_path=f"{key}.txt",
        source_sha256=sha,
        media_type="text",
        page_count=1,
        script="simplified",
        extraction_version=extraction_version(),
        header=header,
        annotations=[
            Annotation(text="请各州市认真整改", author="李四", date=dt.date(2017, 7, 12), page_no=1)
        ],
        sections=[
            Section(
                section_id="一", level=1, number="一", heading="抽查基本情况", text="抽查网站100个。", ord=1
            ),
            Section(
                section_id="一.（一）", parent_id="一", level=2, number="（一）", heading="总体情况", ord=2
            ),
        ],
        annexes=[
            Annex(annex_no=1, title="不合格网站名单", kind="website_findings", row_count=2),
            Annex(annex_no=2, title="扣分情况", kind="deductions", row_count=1),
        ],
        website_findings=[
            finding(1, "5325000001", ["homepage_stale"]),
            finding(2, "5325000002", ["homepage_stale", "blank_columns"]),
        ],
        deductions=[
            Deduction(
                annex_no=2,
                seq=1,
                unit="红河州",
                unit_kind="city",
                unit_full_name="红河哈尼族彝族自治州",
                unit_level="municipal",
                unit_region_code="532500",
                unit_province="云南省",
                unit_city="红河哈尼族彝族自治州",
                points_deducted=29,
                explanation="一季度不合格网站-20；未报送自查报告-9",
            )
        ],
        deduction_items=[
            DeductionItem(annex_no=2, seq=1, item_no=1, reason="一季度不合格网站", points_deducted=20),
            DeductionItem(annex_no=2, seq=1, item_no=2, reason="未报送自查报告", points_deducted=9),
        ],
        stats=[
            Stat(section_id="一", metric="sites_sampled", value=100, evidence="抽查网站100个。"),
            Stat(section_id="一", metric="pass_rate", value=92.0, unit="%", evidence="合格率92%。"),
        ],
        mentions=[
            Mention(section_id="一", text="红河州", label="GPE", region_code="532500", sentence="红河州…")
        ],
        pages=[PageText(page_no=1, text="云南省人民政府办公厅\n关于…的通报")],
        doubts=[doubts.annex_not_found(3, "整改情况")],
        warnings=[doubts.annex_not_found(3, "整改情况").message],
    )
    data.update(changes)
    return Circular(**data)


@contextmanager
def hold_database(path: Path) -> Iterator[None]:
    """Another process keeps the database open for writing, as a running `tongbao ingest` would."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
            "sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def fake_extract_from(calls: list[str]) -> Callable[..., Circular]:
    """An extract that builds a circular from the file's bytes: `BAD…` is bad input, `BUG…` a bug."""

    def fake_extract(path: Path | str, ocr: str | None = None) -> Circular:
        calls.append(str(path))
        data = Path(path).read_bytes()
        if data.startswith(b"BAD"):
            raise NotACircular("no title, outline or annex tables found")
        if data.startswith(b"BUG"):
            raise KeyError("oops")
        sha = hashlib.sha256(data).hexdigest()
        return make_circular(data.decode(), doc_id=sha[:16], source_sha256=sha, source_path=str(path))

    return fake_extract
