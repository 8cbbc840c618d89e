"""The body's outline: 一、 / （一） / 1. / （1）, with run-in headings split from their text.

Copies damage outlines in ways the sequence around them undoes: a mirror's mis-decoding leaves
`?、主要问题` between 一 and 三 (it is 二), and a copy that starts mid-page puts `（四）…` under a
level-1 heading that was cut off (it belongs to the one before the next level-1 heading). A copy cut
mid-page ends in a heading whose sentence never finished: no heading is read from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers import vocabulary as V
from normalizers.layout_settings import LAYOUT
from pipeline.extraction.paragraphs import Para
from schemas import Doubt, Section, doubts

_CN = V.CN_DIGITS
LEVELS: list[tuple[int, re.Pattern[str]]] = [(level, re.compile(rx)) for level, rx in V.OUTLINE_LEVELS]
HEADING_MAX = LAYOUT.heading_max
#: `一抽查情况`: OCR lost the 、 of a heading standing alone
BARE_LEVEL1 = re.compile(rf"^([{_CN}]{{1,2}})(?={V.HAN_CHAR})(?![{V.NOT_A_HEADING_AFTER_NUMERAL}])")
#: an outline number destroyed by a copy (`?、`, `（?）`): which level it was, not which number
DESTROYED: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^{V.DESTROYED_CHAR}{{1,2}}[、．.]\s*(?={V.HAN_CHAR})")),
    (2, re.compile(rf"^[（(]{V.DESTROYED_CHAR}{{1,2}}[）)]\s*(?={V.HAN_CHAR})")),
]
#: a run-in heading may end at a colon (`（一）第二季度抽查情况：此次共抽查…`) before any comma
COLON_HEAD = re.compile(r"^([^，,。：:]{2,60})[：:](?=\S)")
#: what a finished heading or sentence ends in
FINISHED = tuple("。！？：；:;")


def canonical_number(level: int, raw: str) -> str:
    return f"（{raw}）" if level in (2, 4) else raw


def split_heading(rest: str) -> tuple[str, str]:
    """A heading standing alone, or the first sentence of a run-in heading (without its 。)."""
    rest = rest.strip().lstrip(".·、，,：:。")  # a speck between the number and the heading
    if (m := COLON_HEAD.match(rest)) and len(rest) > m.end() + 8:
        return m.group(1).strip(), rest[m.end() :].strip()
    if "。" in rest:
        head, _, text = rest.partition("。")
        if len(head) <= HEADING_MAX * 2:
            return head.strip(), text.strip()
    if len(rest) <= HEADING_MAX:
        return rest.rstrip("：:；;"), ""
    return "", rest


@dataclass
class Outline:
    sections: list[Section] = field(default_factory=list)
    #: every body paragraph with the section it belongs to (for stats, mentions)
    located: list[tuple[str | None, str]] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)


def _numeral(n: int) -> str | None:
    if 1 <= n <= 10:
        return _CN[n - 1]
    if 11 <= n <= 19:
        return "十" + _CN[n - 11]
    return None


def _value(numeral: str) -> int | None:
    if numeral in _CN:
        return _CN.index(numeral) + 1
    if numeral.startswith("十") and len(numeral) == 2 and numeral[1] in _CN:
        return 10 + _CN.index(numeral[1]) + 1
    return None


def _next_level1(body: list[Para], start: int) -> int | None:
    """The number of the next level-1 heading after `start`, as an integer."""
    for p in body[start:]:
        if m := LEVELS[0][1].match(p.text):
            return _value(m.group(1))
    return None


def _restored(
    body: list[Para], i: int, sections: list[Section], stack: list[Section]
) -> tuple[int, str] | None:
    """A destroyed outline number, restored from its neighbours: the next number after the last
    heading of its level, agreeing with the next level-1 heading when there is one."""
    for level, rx in DESTROYED:
        if not rx.match(body[i].text):
            continue
        if level == 1:
            done = [_value(s.number) for s in sections if s.level == 1]
            last = done[-1] if done and done[-1] else 0
            nxt = _next_level1(body, i + 1)
            n = nxt - 1 if nxt and nxt - 1 > last else last + 1
        else:
            parent = next((s for s in reversed(stack) if s.level < 2), None)
            siblings = [
                s for s in sections if s.level == 2 and s.parent_id == (parent.section_id if parent else None)
            ]
            n = len(siblings) + 1
        numeral = _numeral(n)
        if numeral is None:
            return None
        return level, numeral
    return None


def outline(body: list[Para], ends_text: bool = False) -> Outline:
    """Sections in order, every paragraph with its section, and the numbers restored on the way.

    `ends_text`: nothing follows the body (a copy cut mid-page), so its last paragraph may be cut."""
    out = Outline()
    sections, located = out.sections, out.located
    stack: list[Section] = []
    first = _next_level1(body, 0)
    # a copy that starts under a level-1 heading that was cut off: its subsections belong to the one
    # before the first level-1 heading printed
    orphan_parent = _numeral(first - 1) if first and first > 1 else None
    for i, p in enumerate(body):
        hit: tuple[int, str, int] | None = None  # level, number, where the heading's text starts
        m = next((m for _, rx in LEVELS if (m := rx.match(p.text))), None)
        if m is not None:
            level = next(lvl for lvl, rx in LEVELS if rx.match(p.text))
            hit = (level, m.group(1), m.end())
        elif (m := BARE_LEVEL1.match(p.text)) and len(p.text) <= 16 and not p.text.endswith("。"):
            expected = sum(s.level == 1 for s in sections) + 1
            if m.group(1) == _CN[expected - 1 : expected]:
                hit = (1, m.group(1), m.end())
        elif restored := _restored(body, i, sections, stack):
            end = next(m.end() for lvl, rx in DESTROYED if lvl == restored[0] and (m := rx.match(p.text)))
            hit = (restored[0], restored[1], end)
            out.doubts.append(doubts.outline_number_restored(canonical_number(*restored), p.text[:20]))
        if hit is not None:
            level, raw, at = hit
            heading, _ = split_heading(p.text[at:])
            cut = (
                ends_text
                and i == len(body) - 1
                and not p.text.rstrip().endswith(FINISHED)
                and "。" not in p.text
            )
            # a (1) or 1. without any enclosing section is still a section, one level under the root
            while stack and stack[-1].level >= level:
                stack.pop()
            if level >= 3 and not stack:
                level = 1 if level == 3 else 2
            number = canonical_number(level, raw)
            parent = stack[-1].section_id if stack else (orphan_parent if level == 2 else None)
            sid = f"{parent}.{number}" if parent else number
            if not cut and not any(s.section_id == sid for s in sections):
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
    _own_texts(out)
    return out


def _own_texts(out: Outline) -> None:
    by_id = {s.section_id: s for s in out.sections}
    texts: dict[str, list[str]] = {}
    for owner, text in out.located:
        if owner is not None:
            texts.setdefault(owner, []).append(text)
    for owner, parts in texts.items():
        sec = by_id[owner]
        first, rest = parts[0], parts[1:]
        m = next((m for _, rx in LEVELS + DESTROYED if (m := rx.match(first))), None)
        own = split_heading(first[m.end() :])[1] if m else first
        sec.text = "\n".join([x for x in [own, *rest] if x])
