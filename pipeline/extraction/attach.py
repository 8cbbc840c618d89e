"""Attachments read as the annexes they are: each attachment's blocks go after the circular's, under
the `附件N` heading of the annex it matches, so the annex finder reads them exactly as if printed
inline and no extractor needs a second path.

An attachment matches a listed annex (`附件：1. …名单`) by the number its name carries (or its own
first line, `附件2`), then by title (its title lines, sheet names or file name against the listed
titles). One that matches none is kept as an extra annex, numbered after the others, with a doubt;
one whose annex already has its table (printed inline, or an earlier attachment) is not read twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from normalizers.chinese import canonical
from normalizers.vocabulary import ANNEX_FILE_MARK
from pipeline.extraction.annexes import TITLE_MAX, AnnexPart, find_annexes, listed_annexes
from pipeline.extraction.paragraphs import Block, Para
from pipeline.extraction.zones import ANNEX_HEADING, ANNEX_HEADING_TITLED, find_zones
from schemas import Doubt, SourceDocument
from schemas.doubts import attachment_duplicate, attachment_unmatched
from schemas.intermediate import SourceFile

#: two titles name the same annex when this share of the shorter one's character pairs is in the other
TITLE_OVERLAP = 0.6
_NOT_TITLE = re.compile(r"[\s\W_]+")


@dataclass
class Attached:
    """What `attach` did: the blocks to read, the annex each file became, and its doubts."""

    blocks: list[Block]
    annex_of: dict[str, int]  # attachment path → annex number it was read as
    doubts: list[Doubt]

    def sources(self, parts: list[AnnexPart], main: str) -> dict[int, str]:
        """The file each annex's tables were read from: an attachment's, else the circular's."""
        from_file = {no: path for path, no in self.annex_of.items()}
        return {p.no: from_file.get(p.no, main) for p in parts if p.tables or p.no in from_file}


def split_files(doc: SourceDocument) -> tuple[SourceDocument, list[tuple[SourceFile, SourceDocument]]]:
    """The main file's pages as a document, and each attachment's pages as its own."""
    attachments = [f for f in doc.files if f.role == "attachment"]
    main_pages = [p for p in doc.pages if p.source_file in (None, doc.source_path)]
    parts = [
        (f, doc.model_copy(update={"pages": [p for p in doc.pages if p.source_file == f.path]}))
        for f in attachments
    ]
    return doc.model_copy(update={"pages": main_pages}), parts


def _key(text: str) -> str:
    return _NOT_TITLE.sub("", canonical(text))


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def same_title(a: str, b: str) -> bool:
    """Whether two titles name the same annex (one holds the other, or most character pairs agree)."""
    ka, kb = _key(a), _key(b)
    if len(ka) < 4 or len(kb) < 4:
        return False
    if ka in kb or kb in ka:
        return True
    pa, pb = _pairs(ka), _pairs(kb)
    return len(pa & pb) >= TITLE_OVERLAP * min(len(pa), len(pb))


def _own_heading(blocks: list[Block]) -> tuple[int | None, list[Block]]:
    """An attachment's own `附件N` first line: its number, and the blocks without it."""
    first = next((i for i, b in enumerate(blocks) if isinstance(b, Para)), None)
    if first is None or first > 0:
        return None, blocks
    text = blocks[0].text  # type: ignore[union-attr]
    if m := ANNEX_HEADING.match(text):
        return (int(m.group(1)) if m.group(1) else None), blocks[1:]
    if m := ANNEX_HEADING_TITLED.match(text):
        rest = Para(text=m.group(2), page_no=blocks[0].page_no)
        return int(m.group(1)), [rest, *blocks[1:]]
    return None, blocks


def _titles(f: SourceFile, doc: SourceDocument, blocks: list[Block], main: str) -> list[str]:
    """What an attachment may be called: its title lines, its sheets' names, its file name."""
    lines: list[str] = []
    for b in blocks:
        if not isinstance(b, Para) or len(b.text) > TITLE_MAX or "。" in b.text:
            break
        lines.append(b.text)
    name = Path(f.path).stem
    name = name[len(main) :] if name.startswith(main) else name
    name = ANNEX_FILE_MARK.sub("", name)
    return ["".join(lines[:2]), *(p.sheet for p in doc.pages if p.sheet), name]


def attach(
    blocks: list[Block], parts: list[tuple[SourceFile, SourceDocument, list[Block]]], main: str
) -> Attached:
    """The circular's blocks followed by each attachment's under its annex heading (module docstring)."""
    if not parts:
        return Attached(blocks, {}, [])
    z = find_zones(blocks)
    listed = {no: part.title or "" for no, part in listed_annexes(z).items()}
    filled = {part.no for part in find_annexes(z) if part.tables}
    out = list(blocks)
    annex_of: dict[str, int] = {}
    found: list[Doubt] = []
    main_stem = Path(main).stem
    for f, doc, ablocks in parts:
        own, ablocks = _own_heading(ablocks)
        titles = _titles(f, doc, ablocks, main_stem)
        number = next((n for n in (f.annex_no, own) if n is not None and (n in listed or not listed)), None)
        if number is None:
            number = next(
                (
                    n
                    for n, t in sorted(listed.items())
                    if n not in annex_of.values() and any(same_title(x, t) for x in titles if x)
                ),
                None,
            )
        name = Path(f.path).name
        if number is None:
            taken = set(listed) | filled | set(annex_of.values())
            wanted = f.annex_no or own
            number = wanted if wanted and wanted not in taken else max(taken, default=0) + 1
            found.append(attachment_unmatched(name, number))
        elif number in filled or number in annex_of.values():
            found.append(attachment_duplicate(name, number))
            continue
        if not any(isinstance(b, Para) for b in ablocks[:1]) and number not in listed and titles[-1]:
            ablocks = [
                Para(text=titles[-1].strip(" _-"), page_no=ablocks[0].page_no if ablocks else 1),
                *ablocks,
            ]
        annex_of[f.path] = number
        out.append(Para(text=f"附件{number}", page_no=ablocks[0].page_no if ablocks else 1))
        out.extend(ablocks)
    return Attached(out, annex_of, found)
