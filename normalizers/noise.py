"""The noise mirror sites add to a circular, repaired before anything reads the text.

Spam mirrors and converters copy government pages through a chain of encodings and tools, and what
arrives is recognisably damaged in a few ways, each undone here by a general mechanism rather than
a list of damaged words:

- pinyin glosses after characters (`網(wǎng)站`): a bracketed syllable with a tone mark, right after an
  ideograph, is never part of a circular's text;
- UTF-8 bytes read as GBK (`銆�锛堜竴锛�` for `　（一）`): a run of rare characters whose GBK bytes are
  valid UTF-8 for common text is decoded back (bytes the mirror lost are chosen so the brackets pair);
- GBK read one byte off (`?。ㄒ唬┚W` for `　（一）網`, `?，F` for `。現`): after the `?` left by the
  lost byte, the run up to the ASCII letter where the decoder found its step again is read with the
  byte restored;
- GBK (or GB18030) bytes shown as Latin-1 (`ÕÄÖÝÊÐÈËÃñÕþ¸®` for `漳州市人民政府`): a run of
  Latin-1 letters and signs that, taken back to its bytes, decodes as common Chinese is decoded back;
- HTML character references printed as text (`一&#12289;总体情况`, `&#65288;一&#65289;`, `&nbsp;`): a
  page escaped twice shows its escapes; a reference that names a character is read as it;
- digits split by spaces (`4 16 个`, `1 024 个`): groups of digits apart only by single spaces and
  followed by a unit are one number.

Each function returns the text and how many places it changed, so the caller can say so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache

from normalizers import vocabulary as V

__all__ = [
    "is_common",
    "join_spaced_numbers",
    "repair",
    "repair_latin1",
    "strip_pinyin",
    "unescape_references",
]

PINYIN_GLOSS = re.compile(V.PINYIN_GLOSS_PATTERN)
#: a character reference, decimal, hexadecimal or named, with its `;` (without it `&copy` may be a URL's)
REFERENCE = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
SPACED_NUMBER = re.compile(V.SPACED_NUMBER_PATTERN)
#: `?` (or U+FFFD) where a lead byte was lost, the run read one byte off, and the ASCII byte where the
#: decoder stepped back in line (a trail byte 0x40–0x7E, read as a letter)
SHIFTED = re.compile(r"[?？\ufffd]((?:[^\x00-\x7f]|[,:;!()]){1,16}?)([\x40-\x7e])")
#: …or a run between two lost bytes: `?。ㄒ唬?` (`　（一）`, its last byte lost as well)
SHIFTED_CLOSED = re.compile(r"[?？\ufffd]([^\x00-\x7f?？\ufffd]{2,16}?)[?？\ufffd]")
#: a copy that narrowed the punctuation after the damage was done: widened back before re-encoding
NARROWED = str.maketrans(",:;!()", "，：；！（）")
#: the lead bytes a lost byte most likely was: GBK's rows of Chinese punctuation (　、。 and （），：)
LOST_LEADS = (0xA1, 0xA3)
#: the continuation bytes UTF-8 allows, for a byte the mirror replaced by U+FFFD
CONTINUATION = range(0x80, 0xC0)
#: characters a lost byte is most likely to complete, in order of preference
LIKELY_PUNCT = "　、。，：；（）"
REPLACEMENT = "\ufffd"
#: how far a run of suspect characters is widened on each side when looking for the damaged span
REACH = 2
#: the longest span tried as one mis-decoded run
LONGEST_RUN = 40


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """The frequent characters of both scripts: GB2312 level 1 (3 755 Simplified) and Big5 level 1
    (5 401 Traditional). Text in either script is nearly all of these; mojibake nearly none."""
    chars: set[str] = set()
    for encoding, (lo, hi), trails in (
        ("gb2312", V.GB2312_LEVEL1_ROWS, range(0xA1, 0xFF)),
        ("big5", V.BIG5_LEVEL1_ROWS, [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ):
        for lead in range(lo, hi + 1):
            for trail in trails:
                try:
                    chars.add(bytes([lead, trail]).decode(encoding))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


def is_common(ch: str) -> bool:
    """A frequent ideograph of either script, or Chinese punctuation (full-width forms included)."""
    return ch in _common() or _is_punct(ch)


def _is_punct(ch: str) -> bool:
    return (
        V.CJK_PUNCT_BLOCK[0] <= ch <= V.CJK_PUNCT_BLOCK[1]
        or V.FULLWIDTH_BLOCK[0] <= ch <= V.FULLWIDTH_BLOCK[1]
    )


def _suspect(ch: str) -> bool:
    """A character mojibake is made of: U+FFFD, or a GBK character that is neither frequent nor
    punctuation (rare ideographs, and GBK's rows of pinyin, bopomofo and box drawing)."""
    if ch == REPLACEMENT:
        return True
    if ch.isascii() or is_common(ch):
        return False
    try:
        return len(ch.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


def strip_pinyin(text: str) -> tuple[str, int]:
    """`網(wǎng)站` → `網站`: a bracketed syllable with a tone mark right after an ideograph."""
    if "(" not in text and "（" not in text:
        return text, 0
    return PINYIN_GLOSS.subn("", text)


def _reference(m: re.Match[str]) -> str:
    text = html.unescape(m.group(0))
    if text.isspace():
        return " "  # &nbsp;, &#12288;: a space as any other
    return text if text != m.group(0) and text.isprintable() else m.group(0)


LATIN1_RUN = re.compile(V.LATIN1_RUN_PATTERN)


def _unlatin(m: re.Match[str]) -> str:
    run = m.group(0)
    if sum(ch >= V.LATIN1_UPPER[0] for ch in run) < 4:
        return run
    try:
        decoded = run.encode("latin-1").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run
    han = [ch for ch in decoded if V.HAN_BASIC[0] <= ch <= V.HAN_BASIC[1]]
    if not han or sum(map(is_common, han)) < 0.8 * len(han):
        return run
    return decoded


def repair_latin1(text: str) -> tuple[str, int]:
    """GBK bytes a copy showed as Latin-1, decoded back where they make common Chinese."""
    if not any(V.LATIN1_UPPER[0] <= ch <= V.LATIN1_UPPER[1] for ch in text):
        return text, 0
    count = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        out = _unlatin(m)
        count += out != m.group(0)
        return out

    return LATIN1_RUN.sub(fix, text), count


def unescape_references(text: str) -> tuple[str, int]:
    """HTML character references a page printed as text, read as the characters they name."""
    if "&" not in text:
        return text, 0
    count = 0
    parts: list[str] = []
    pos = 0
    for m in REFERENCE.finditer(text):
        read = _reference(m)
        count += read != m.group(0)
        parts += [text[pos : m.start()], read]
        pos = m.end()
    return "".join(parts) + text[pos:], count


def join_spaced_numbers(text: str) -> tuple[str, int]:
    """`4 16 个` → `416 个`, `1 024 个` → `1024 个`: digit groups apart only by single spaces before a
    unit (`年`, `个`, `%` …) are one number; the space before the unit is canonical text's to close."""
    return SPACED_NUMBER.subn(lambda m: m.group(0).replace(" ", ""), text)


def _plausible(decoded: str, damaged: str) -> bool:
    """Common characters only, and more of them than in the damaged run."""
    if not decoded or not all(is_common(ch) or (ch.isascii() and ch.isprintable()) for ch in decoded):
        return False
    return sum(map(is_common, decoded)) > sum(map(is_common, damaged))


def _realigned(run: str) -> Iterator[tuple[str, int | None]]:
    """The run read again with a lost lead byte restored, for each likely lead that gives plausible
    text: the text, and the last byte left over when its partner was lost too (else None)."""
    try:
        data = run.encode("gbk")
    except UnicodeEncodeError:
        return
    for lead in LOST_LEADS:
        shifted = bytes([lead]) + data
        whole, dangling = (shifted, None) if len(shifted) % 2 == 0 else (shifted[:-1], shifted[-1])
        try:
            decoded = whole.decode("gbk")
        except UnicodeDecodeError:
            continue
        if _plausible(decoded, run):
            yield decoded, dangling


def _unshift(m: re.Match[str]) -> str | None:
    run = m.group(1).translate(NARROWED) + m.group(2)
    if run.isascii():
        return None
    return next((decoded for decoded, dangling in _realigned(run) if dangling is None), None)


def _unshift_closed(m: re.Match[str]) -> str | None:
    """A run read one byte off between two lost bytes (`?。ㄒ唬?政府` for `　（一）政府`): the lost lead
    restored, and the character whose second byte was lost too completed as the punctuation it most
    likely was (its first byte says which row), else left as `?` for the outline to restore."""
    reading = next(_realigned(m.group(1)), None)
    if reading is None:
        return None
    decoded, dangling = reading
    if dangling is None:
        return decoded
    opened = decoded.count("（") > decoded.count("）")
    for ch in ("）",) if opened else LIKELY_PUNCT:
        if ch.encode("gbk")[0] == dangling:
            return decoded + ch
    return decoded + "?"


def repair_shifted(text: str) -> tuple[str, int]:
    """GBK read one byte off after a lost byte (`?，F` → `。現`), up to the ASCII letter where the
    decoder stepped back in line or the next lost byte (`?。ㄒ唬?` → `　（一）`)."""
    if "?" not in text and "？" not in text and REPLACEMENT not in text:
        return text, 0
    count = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        decoded = _unshift(m) if m.re is SHIFTED else _unshift_closed(m)
        if decoded is None:
            return m.group(0)
        count += 1
        return decoded

    text = SHIFTED.sub(fix, text)
    return SHIFTED_CLOSED.sub(fix, text), count


def _gbk_bytes(run: str) -> list[int | None] | None:
    """The GBK bytes of a run, None for each byte the mirror replaced by U+FFFD."""
    out: list[int | None] = []
    for ch in run:
        if ch == REPLACEMENT:
            out.append(None)
            continue
        try:
            out += list(ch.encode("gbk"))
        except UnicodeEncodeError:
            return None
    return out


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    return 0


def _choose(options: list[str], decoded: list[str]) -> str | None:
    """The character a lost byte most likely completed: the one that closes an open bracket, else
    the likeliest punctuation, else a frequent character."""
    opened = "".join(decoded).count("（") > "".join(decoded).count("）")
    if opened and "）" in options:
        return "）"
    for ch in LIKELY_PUNCT:
        if ch in options and ch != "）":
            return ch
    return next((ch for ch in options if is_common(ch)), None)


def _decode_utf8(data: list[int | None]) -> str | None:
    """UTF-8 with unknown continuation bytes; None unless every byte takes part in a character."""
    out: list[str] = []
    i = 0
    while i < len(data):
        lead = data[i]
        if lead is None:
            return None
        if lead < 0x80:
            out.append(chr(lead))
            i += 1
            continue
        n = _utf8_length(lead)
        tail = data[i + 1 : i + n]
        if n == 0 or len(tail) != n - 1 or any(b is not None and b not in CONTINUATION for b in tail):
            return None
        holes = [k for k, b in enumerate(tail) if b is None]
        if len(holes) > 1:
            return None
        if not holes:
            ch = bytes([lead, *(b for b in tail if b is not None)]).decode("utf-8", "replace")
        else:
            options = []
            for fill in CONTINUATION:
                seq = bytes([lead, *(fill if b is None else b for b in tail)])
                try:
                    options.append(seq.decode("utf-8"))
                except UnicodeDecodeError:
                    continue
            chosen = _choose(options, out)
            if chosen is None:
                return None
            ch = chosen
        out.append(ch)
        i += n
    return "".join(out)


def _first_span(text: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """The leftmost, then longest, span within [lo, hi) whose GBK bytes are UTF-8 for plausible text."""
    for start in range(lo, hi):
        for end in range(min(hi, start + LONGEST_RUN), start + 1, -1):
            run = text[start:end]
            data = _gbk_bytes(run)
            decoded = _decode_utf8(data) if data else None
            if decoded is not None and _plausible(decoded, run):
                return start, end, decoded
    return None


def repair_utf8_as_gbk(text: str) -> tuple[str, int]:
    """UTF-8 bytes read as GBK (`锛堜竴锛�` → `（一）`), wherever two or more suspect characters
    stand close together."""
    common = _common()
    odd = {ch for ch in set(text) - common if not ch.isascii() and _suspect(ch)}
    if not odd:
        return text, 0
    suspects = [i for i, ch in enumerate(text) if ch in odd]
    if len(suspects) < 2:
        return text, 0
    clusters: list[list[int]] = [[suspects[0]]]
    for i in suspects[1:]:
        if i - clusters[-1][-1] <= REACH + 1:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    out: list[str] = []
    pos = count = 0
    for cluster in clusters:
        if len(cluster) < 2:
            continue
        lo, hi = max(pos, cluster[0] - REACH), min(len(text), cluster[-1] + 1 + REACH)
        while lo < hi and (found := _first_span(text, lo, hi)):
            start, end, decoded = found
            out += [text[pos:start], decoded]
            pos = lo = end
            count += 1
    return "".join(out) + text[pos:], count


def repair(text: str) -> tuple[str, dict[str, int]]:
    """All repairs, in the order the damage was done (encodings first, glosses, then spacing);
    returns the text and the number of places changed, by kind."""
    counts: dict[str, int] = {}
    for kind, fix in (
        ("html_reference", unescape_references),
        ("mojibake", repair_latin1),
        ("mojibake", repair_utf8_as_gbk),
        ("mojibake", repair_shifted),
        ("pinyin", strip_pinyin),
        ("spaced_number", join_spaced_numbers),
    ):
        text, n = fix(text)
        if n:
            counts[kind] = counts.get(kind, 0) + n
    return text, counts
