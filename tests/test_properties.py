"""Readers and extractors never raise on arbitrary input: a `Circular` or a `BadInput`, nothing else."""

from __future__ import annotations

import contextlib
import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocr.readers.html import read_html
from ocr.readers.text import read_text
from pipeline import extract_source
from schemas import Cell, Line, Page, SourceDocument, Table
from schemas.exceptions import BadInput
from tests.synthetic import REGULAR, TELEGRAM

# text that looks like circulars: their own vocabulary, digits, punctuation and line breaks
VOCAB = sorted(
    set(REGULAR + TELEGRAM + "〔〕[]（）()：:，,。\t\n 一二三四五六七八九十附件序号扣分网站标识码發電")
)
circular_text = st.text(alphabet=st.sampled_from(VOCAB), max_size=600)
lines = st.lists(
    st.text(alphabet=st.sampled_from(VOCAB), max_size=60).filter(lambda s: s.strip()), max_size=40
)
settings.register_profile("tongbao", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tongbao")


def _doc(pages: list[Page]) -> SourceDocument:
    return SourceDocument(
        source_path="x.txt", sha256=hashlib.sha256(b"x").hexdigest(), media_type="text", pages=pages
    )


@given(st.binary(max_size=2000))
def test_text_reader_takes_any_bytes(data: bytes) -> None:
    try:
        pages = read_text(data, "x.txt")
    except BadInput:
        return
    assert pages and all(p.page_no >= 1 for p in pages)


@given(
    st.one_of(
        st.binary(max_size=1000),
        circular_text.map(lambda s: f"<html><body><p>{s}</p></body></html>".encode()),
    )
)
def test_html_reader_takes_any_bytes(data: bytes) -> None:
    with contextlib.suppress(BadInput):
        read_html(data, "x.html")


@settings(max_examples=60)
@given(circular_text)
def test_extract_never_raises_on_text(text: str) -> None:
    try:
        c = extract_source(_doc(read_text(text.encode("utf-8"), "x.txt")))
    except BadInput:
        return
    assert c.doc_id and c.page_count >= 1


@settings(max_examples=40)
@given(
    lines,
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from(VOCAB), max_size=12), min_size=1, max_size=6), max_size=8
    ),
)
def test_extract_never_raises_on_blocks(texts: list[str], rows: list[list[str]]) -> None:
    blocks: list[Line | Table] = [Line(text=t) for t in texts]
    if rows:
        blocks.insert(len(blocks) // 2, Table(rows=[[Cell(text=c) for c in r] for r in rows]))
    with contextlib.suppress(BadInput):
        extract_source(_doc([Page(page_no=1, blocks=blocks)]))
