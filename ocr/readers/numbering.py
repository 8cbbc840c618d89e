"""Word's automatic numbering, rendered as printed: `一、`, `（二）`, `3.` before a paragraph's text.

An office types its outline with a numbered style, so the numbers are not in the paragraph's text
but in numbering.xml: a paragraph names a list (numId) and a level (ilvl); the level says the
format (chineseCounting, decimal, …) and the pattern (`%1、`, `（%2）`). The outline finder reads
numbers from text, so the reader puts them back, counting as Word does: per list, a level's count
goes up with each of its paragraphs and restarts when a level above it moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cn2an
from docx.oxml.ns import qn


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "tab"  # tab, space or nothing after the number


#: Chinese numerals (一、二…十一); LibreOffice writes Word's chineseCounting back as taiwaneseCountingThousand
_COUNTING = frozenset(
    {
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    }
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def _letters(n: int, upper: bool) -> str:
    base = ord("A" if upper else "a")
    return chr(base + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, digits in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + digits, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """One counter in one of Word's number formats (unknown formats print as decimal digits)."""
    if fmt in _COUNTING:
        return str(cn2an.an2cn(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return str(cn2an.an2cn(n, "up"))
    if fmt in ("ideographTraditional",) and 1 <= n <= len(_HEAVENLY):
        return _HEAVENLY[n - 1]
    if fmt in ("ideographZodiac",) and 1 <= n <= len(_ZODIAC):
        return _ZODIAC[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def _val(el: Any, tag: str, default: str | None = None) -> str | None:
    found = el.find(qn(tag)) if el is not None else None
    return found.get(qn("w:val"), default) if found is not None else default


@dataclass
class Numbering:
    """The lists of one document and their running counts."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId → ilvl → Level
    counts: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, numbering_xml: Any | None) -> Numbering:
        """From the `w:numbering` element (None when the document has no numbering part)."""
        out = cls()
        if numbering_xml is None:
            return out
        abstract: dict[str, dict[int, Level]] = {}
        for a in numbering_xml.findall(qn("w:abstractNum")):
            abstract.setdefault(
                a.get(qn("w:abstractNumId")),
                {
                    int(lvl.get(qn("w:ilvl"), "0")): Level(
                        fmt=_val(lvl, "w:numFmt", "decimal") or "decimal",
                        text=_val(lvl, "w:lvlText", "") or "",
                        start=int(_val(lvl, "w:start", "1") or 1),
                        suffix=_val(lvl, "w:suff", "tab") or "tab",
                    )
                    for lvl in a.findall(qn("w:lvl"))
                },
            )  # the first of two definitions with one id wins, as in Word
        for num in numbering_xml.findall(qn("w:num")):
            levels = dict(abstract.get(_val(num, "w:abstractNumId") or "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    lv = levels[ilvl]
                    levels[ilvl] = Level(lv.fmt, lv.text, int(start), lv.suffix)
            out.levels.setdefault(num.get(qn("w:numId")), levels)
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """The number printed before the next paragraph of list `num_id` at level `ilvl`, counted."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a level moving on restarts the ones below it
        text = levels[ilvl].text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                n = counts.get(k, levels.get(k, Level()).start)
                text = text.replace(f"%{k + 1}", format_number(n, levels.get(k, Level()).fmt))
        if not text:
            return ""
        return text + (" " if levels[ilvl].suffix in ("tab", "space") and text[-1].isalnum() else "")
