"""Is this a spot-check circular at all? The last stage of extraction, so that `tongbao extract`,
`pipeline.extract()` and `tongbao ingest` accept and refuse the same files."""

from __future__ import annotations

from pathlib import Path

from normalizers.vocabulary import SUBJECT_WORDS
from schemas import Circular
from schemas.exceptions import NotACircular


def check_subject(circular: Circular) -> None:
    """Raise `NotACircular` for a document that is nothing of a circular (no title, outline or annex
    table) or is not about websites at all (a 放假通知 has a title and an outline, so extraction takes
    it); one with findings or deductions tables always passes."""
    name = Path(circular.source_path).name
    if circular.website_findings or circular.deductions:
        return
    if not circular.sections and not circular.header.title:
        raise NotACircular(f"{name}: no title, outline or annex tables found")
    text = "\n".join([circular.header.title or "", *(p.text for p in circular.pages)])
    if not any(word in text for word in SUBJECT_WORDS):
        raise NotACircular(
            f"{name}: never mentions websites or government new media, so it is not a spot-check circular"
        )
