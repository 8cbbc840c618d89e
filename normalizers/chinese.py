"""Character-level normalisation of Chinese text: script, spacing, punctuation.

OCR, PDF text layers and line wrapping scatter spaces through Chinese text and mix half- and
full-width punctuation; the extractors downstream match on exact strings, so every text goes
through :func:`canonical` first (see "Canonical text" in the data contract).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any, Literal

from normalizers import vocabulary as V

__all__ = [
    "canonical",
    "detect_script",
    "is_cjk",
    "is_cjk_punct",
    "strip_spaces",
    "to_simplified",
]

_CJK_RANGES = V.IDEOGRAPH_RANGES
_IDEOGRAPHIC_ZERO = V.IDEOGRAPHIC_ZERO


_CJK_CHAR = re.compile(
    "[" + chr(_IDEOGRAPHIC_ZERO) + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]"
)


def is_cjk(ch: str) -> bool:
    """True for one CJK ideograph (incl. extension A and 〇); False for punctuation and anything else.

    Spacing rules hinge on this test, so it is deliberately narrow: kana, hangul and CJK punctuation
    are not ideographs.
    """
    return len(ch) == 1 and _CJK_CHAR.match(ch) is not None


_CJK_PUNCT_EXTRA = frozenset("·•‧・‘’‚‛“”„‟…—―⸺")


def is_cjk_punct(ch: str) -> bool:
    """True for Chinese (full-width) punctuation: `，。、：；？！（）《》〔〕【】“”…—·` and kin.

    Whitespace next to these is always an artefact, so :func:`canonical` removes it.
    """
    if len(ch) != 1:
        return False
    cp = ord(ch)
    if 0x3001 <= cp <= 0x303F:
        return cp not in (0x3005, 0x3006, _IDEOGRAPHIC_ZERO) and not 0x3021 <= cp <= 0x3029
    return (
        0xFF01 <= cp <= 0xFF0F
        or 0xFF1A <= cp <= 0xFF20
        or 0xFF3B <= cp <= 0xFF40
        or 0xFF5B <= cp <= 0xFF65
        or 0xFE30 <= cp <= 0xFE6B
        or ch in _CJK_PUNCT_EXTRA
    )


# --- Traditional → Simplified -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s() -> tuple[Any, frozenset[str] | None]:
    """The OpenCC converter, built once (it loads its dictionaries on construction), and the
    characters without which it changes nothing (None if its dictionaries cannot be read)."""
    import opencc

    converter = opencc.OpenCC("t2s")
    return converter, _witnesses(converter)


def _witnesses(converter: Any) -> frozenset[str] | None:
    """One character of every dictionary entry that changes text: a text holding none of them
    matches only entries that map to themselves, so converting it returns it unchanged.

    OpenCC (the pure-Python reimplementation) tries every dictionary entry at every position of
    every text, ~0.2 ms per line; most circulars are Simplified and need none of it. The character
    kept is the first one the entry changes, so the set is the ~4100 Traditional characters and few
    others (a common Simplified character here only sends a text down the slow, exact path).
    """
    chain = getattr(converter, "_dict_chain_data", None)
    if not isinstance(chain, list):  # pragma: no cover - only if the library changes its internals
        return None
    chars: set[str] = set()
    for group in chain:
        for entry in group:
            for key, value in entry[2].items():
                out = value.split(" ")[0]  # several mappings: the library takes the first
                if out != key:
                    chars.add(next((a for a, b in zip(key, out, strict=False) if a != b), key[0]))
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s); Simplified text passes through unchanged."""
    if not text:
        return text
    converter, witnesses = _t2s()
    if witnesses is not None and witnesses.isdisjoint(text):
        return text
    return str(converter.convert(text))


def detect_script(text: str) -> Literal["simplified", "traditional"]:
    """Which script the text is written in, judged by how many ideographs t2s would change.

    A share rather than any change, because Simplified circulars often carry a stray Traditional
    character from an input method (`少數`); a Traditional text changes on a large fraction of its
    characters. Traditional when at least 5 ideographs (and ≥ 3 %) change, or, for short texts,
    when at least 2 change and they are ≥ 20 % of the ideographs.
    """
    cjk = _CJK_CHAR.findall(text)
    if not cjk:
        return "simplified"
    joined = "".join(cjk)
    converted = to_simplified(joined)
    if len(converted) == len(joined):
        changed = sum(a != b for a, b in zip(joined, converted, strict=True))
    else:  # phrase conversions changed the length: fall back to character by character
        changed = sum(to_simplified(ch) != ch for ch in cjk)
    share = changed / len(cjk)
    if (changed >= 5 and share >= 0.03) or (changed >= 2 and share >= 0.2):
        return "traditional"
    return "simplified"


# --- canonical text ---------------------------------------------------------------------------

# Only full-width digits and Latin letters fold (Ａ→A, ０→0), and the ideographic space; full-width
# punctuation is the canonical form for Chinese and stays.
_FULLWIDTH_ALNUM = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
_INVISIBLE: dict[int, int | None] = {0x200B: None, 0xFEFF: None}  # zero-width space, BOM: OCR debris
_FOLD: dict[int, int | None] = {cp: cp - 0xFEE0 for lo, hi in _FULLWIDTH_ALNUM for cp in range(lo, hi + 1)}
_FOLD[0x3000] = 0x20
_FOLD.update(_INVISIBLE)

_WS = re.compile(r"\s+")
_URL = re.compile(r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&'*+=%]*|www\.[A-Za-z0-9\-._~:/?#@!$&'*+=%]+")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_OPEN_PARENS = "(（"
_CLOSE_PARENS = ")）"
_STOPS = ".．"  # typed half width, or read as a full-width full stop (U+FF0E) by OCR
_WIDENED = frozenset([*_HALF_TO_FULL, *_OPEN_PARENS, *_CLOSE_PARENS, *_STOPS])  # what `_widen` may change
_CLOSERS = frozenset("”’》」』")  # not ）: `（一）.` is a numbering

# A document number 发文字号: agency + bracketed 4-digit year + serial + 号, any OCR bracket variant.
DOCNO_OPEN = "[［(（〈<【〔﹝〖{｛"
DOCNO_CLOSE = "]］)）〉>】〕﹞〗}｝"
_DOCNO = re.compile(
    rf"(?P<pre>[\u3007{V.HAN}])\s*[{re.escape(DOCNO_OPEN)}]\s*(?P<year>(?:19|20)\d\d)\s*"
    rf"[{re.escape(DOCNO_CLOSE)}]\s*(?P<serial>\d{{1,5}})\s*(?P<hao>[号號])"
)


def _is_zh(ch: str) -> bool:
    return is_cjk(ch) or is_cjk_punct(ch)


def _neighbours(chars: list[str], i: int) -> tuple[str, str]:
    """The nearest non-space characters left and right of position i ('' at the ends)."""
    j = i - 1
    while j >= 0 and chars[j].isspace():
        j -= 1
    k = i + 1
    while k < len(chars) and chars[k].isspace():
        k += 1
    return (chars[j] if j >= 0 else ""), (chars[k] if k < len(chars) else "")


def _url_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _URL.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = True
    return mask


def _widen_punct_at(chars: list[str], i: int) -> None:
    """`,:;?!` next to Chinese become full width; not `29,431`, `17:10` or the `:` of `http://`."""
    ch = chars[i]
    before = chars[i - 1] if i > 0 else ""
    after = chars[i + 1] if i + 1 < len(chars) else ""
    if ch in ",:" and before.isdigit() and after.isdigit():
        return
    if ch == ":" and "".join(chars[i + 1 : i + 3]) == "//":
        return
    left, right = _neighbours(chars, i)
    if _is_zh(left) or _is_zh(right):
        chars[i] = _HALF_TO_FULL[ch]


def _widen_pair(chars: list[str], start: int, end: int, ideographs: list[int]) -> None:
    """A pair becomes `（）` when it encloses or touches Chinese, or is already half full width.

    `ideographs` are the positions of the ideographs in `chars`, ascending (a bisection per pair
    keeps long lines of nested brackets linear-logarithmic)."""
    full = chars[start] == "（" or chars[end] == "）"
    encloses = bisect_left(ideographs, end) > bisect_left(ideographs, start + 1)
    touches = _is_zh(_neighbours(chars, start)[0]) or _is_zh(_neighbours(chars, end)[1])
    if full or encloses or touches:
        chars[start], chars[end] = "（", "）"


def _widen_stop(chars: list[str], i: int) -> None:
    """`.` or `．` right after Chinese (`不到位.`, `1216个.3月`) is a full stop typed or OCR'd so; not
    `1.`, `92.5`, `附件1.`, `...` or a `.` before Latin (`政府网.gov`)."""
    if chars[i] not in _STOPS or i == 0:
        return
    left = chars[i - 1]
    right = chars[i + 1] if i + 1 < len(chars) else ""
    if left in "）%" and is_cjk(right):  # `（名单见附件）.三季度`, `94.7%.对`: a sentence ends there
        chars[i] = "。"
        return
    if not (is_cjk(left) or left in _CLOSERS):
        return
    if (
        right == ""
        or right.isspace()
        or is_cjk(right)
        or (is_cjk_punct(right) and right not in _STOPS)
        or (right.isdigit() and is_cjk(left))
    ):
        chars[i] = "。"


def _widen_lone(chars: list[str], i: int) -> None:
    """An unpaired parenthesis (its partner is on another line) becomes full width next to Chinese."""
    left, right = _neighbours(chars, i)
    if _is_zh(left) or _is_zh(right):
        chars[i] = "（" if chars[i] in _OPEN_PARENS else "）"


def _widen(chars: list[str], mask: list[bool]) -> None:
    """Widen half-width punctuation and parentheses next to Chinese, outside URLs.

    Each decision looks at neighbours that earlier decisions may have widened (`中(a),(b)`), so
    the items are visited left to right and then right to left: chains settle in one pass.
    """
    if _WIDENED.isdisjoint(chars):
        return
    stack: list[int] = []
    items: list[tuple[int, int, str]] = []  # (first, last, kind)
    for i, ch in enumerate(chars):
        if mask[i]:
            continue
        if ch in _HALF_TO_FULL:
            items.append((i, i, "punct"))
        elif ch in _STOPS:
            items.append((i, i, "stop"))
        elif ch in _OPEN_PARENS:
            stack.append(i)
        elif ch in _CLOSE_PARENS:
            items.append((stack.pop(), i, "pair") if stack else (i, i, "lone"))
    items.extend((i, i, "lone") for i in stack)
    pairs = any(kind == "pair" for *_, kind in items)
    ideographs = [m.start() for m in _CJK_CHAR.finditer("".join(chars))] if pairs else []
    forward = sorted(items)
    backward = sorted(items, key=lambda item: item[1], reverse=True)
    for first, last, kind in [*forward, *backward]:
        if kind == "pair":
            _widen_pair(chars, first, last, ideographs)
        elif kind == "lone":
            _widen_lone(chars, first)
        elif kind == "stop":
            _widen_stop(chars, first)
        elif chars[first] in _HALF_TO_FULL:
            _widen_punct_at(chars, first)


def _space(m: re.Match[str]) -> str:
    """Replacement for one whitespace run: nothing next to Chinese (ideograph or punctuation), one
    space between Latin words. Chinese typesetting has no spaces, so any space touching Chinese is an
    artefact of OCR or line wrapping."""
    text = m.string
    if m.start() == 0 or m.end() == len(text):
        return ""
    left, right = text[m.start() - 1], text[m.end()]
    return "" if _is_zh(left) or _is_zh(right) else " "


def _docno(m: re.Match[str]) -> str:
    return f"{m['pre']}〔{m['year']}〕{m['serial']}{m['hao']}"


#: digits OCR set apart (`2 0 1 8 年`, `1 0 7 个`, `88. 9%`): a number, written with its unit or decimals
_SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?: \d)+(?= ?[年月日号个家条件名人次%％])|(?<=\d\.) (?=\d)")
#: `"…"` around Chinese: the quotation marks typed half width
_ASCII_QUOTES = re.compile(rf'"([^"\n]*{V.HAN_CHAR}[^"\n]*)"')


def _one_pass(text: str) -> str:
    text = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _ASCII_QUOTES.sub(r"“\1”", text) if '"' in text else text
    chars = list(text)
    mask = _url_mask(text)
    _widen(chars, mask)
    text = _WS.sub(_space, "".join(chars))
    return _DOCNO.sub(_docno, text)


def canonical(text: str) -> str:
    """The contract's canonical spelling: CJK spacing removed, Chinese punctuation full width, `〔〕`.

    Does not convert the script (call :func:`to_simplified` for that), so it can be used on text
    whose script is still to be detected. The passes are repeated until nothing changes, which
    makes the function idempotent by construction: each pass only removes whitespace or widens
    half-width punctuation, so the loop terminates.
    """
    text = text.translate(_FOLD)
    while True:
        new = _one_pass(text)
        if new == text:
            return new
        text = new


def strip_spaces(text: str) -> str:
    """Remove every whitespace character: names (of sites, units) never legitimately contain one."""
    return _WS.sub("", text.translate(_INVISIBLE))
