"""The body's outline: 一、 / （一） / 1. / （1）, with run-in headings split from their text."""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from normalizers.layout_settings import LAYOUT
from pipeline.extraction.paragraphs import Para
from schemas import Section

_CN = V.CN_DIGITS
LEVELS: list[tuple[int, re.Pattern[str]]] = [(level, re.compile(rx)) for level, rx in V.OUTLINE_LEVELS]
HEADING_MAX = LAYOUT.heading_max
#: `一抽查情况`: OCR lost the 、 of a heading standing alone
BARE_LEVEL1 = re.compile(rf"^([{_CN}]{{1,2}})(?={V.HAN_CHAR})(?![{V.NOT_A_HEADING_AFTER_NUMERAL}])")


def canonical_number(level: int, raw: str) -> str:
    return f"（{raw}）" if level in (2, 4) else raw


def split_heading(rest: str) -> tuple[str, str]:
    """A heading standing alone, or the first sentence of a run-in heading (without its 。)."""
    rest = rest.strip().lstrip(".·、，,：:。")  # a speck between the number and the heading
    if "。" in rest:
        head, _, text = rest.partition("。")
        if len(head) <= HEADING_MAX * 2:
            return head.strip(), text.strip()
    if len(rest) <= HEADING_MAX:
        return rest.rstrip("：:；;"), ""
    return "", rest


def outline(body: list[Para]) -> tuple[list[Section], list[tuple[str | None, str]]]:
    """Sections in order, and every body paragraph with the section it belongs to (for stats, mentions)."""
    sections: list[Section] = []
    stack: list[Section] = []
    located: list[tuple[str | None, str]] = []
    for p in body:
        hit = next(((lvl, m) for lvl, rx in LEVELS if (m := rx.match(p.text))), None)
        if (
            hit is None
            and (m := BARE_LEVEL1.match(p.text))
            and len(p.text) <= 16
            and not p.text.endswith("。")
        ):
            expected = sum(s.level == 1 for s in sections) + 1
            if m.group(1) == _CN[expected - 1 : expected]:
                hit = (1, m)
        if hit is not None:
            level, m = hit
            # a (1) or 1. without any enclosing section is still a section, one level under the root
            while stack and stack[-1].level >= level:
                stack.pop()
            if level >= 3 and not stack:
                level = 1 if level == 3 else 2
            number = canonical_number(level, m.group(1))
            parent = stack[-1].section_id if stack else None
            sid = f"{parent}.{number}" if parent else number
            if any(s.section_id == sid for s in sections):
                hit = None  # a repeated number is a list inside the text, not the outline
            else:
                heading, _ = split_heading(p.text[m.end() :])
                sec = Section(
                    section_id=sid,
                    parent_id=parent,
                    level=level,
                    number=number,
                    heading=heading,
                    text="",
                    ord=len(sections) + 1,
                )
                sections.append(sec)
                stack.append(sec)
                located.append((sid, p.text))
                continue
        located.append((stack[-1].section_id if stack else None, p.text))
    by_id = {s.section_id: s for s in sections}
    texts: dict[str, list[str]] = {}
    for owner, text in located:
        if owner is not None:
            texts.setdefault(owner, []).append(text)
    for owner, parts in texts.items():
        sec = by_id[owner]
        first, rest = parts[0], parts[1:]
        m = next((m for _, rx in LEVELS if (m := rx.match(first))), None)
        own = split_heading(first[m.end() :])[1] if m else first
        sec.text = "\n".join([x for x in [own, *rest] if x])
    return sections, located
