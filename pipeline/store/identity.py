"""Which documents are copies of one circular, and which copy speaks for it: pure functions over
what each document's extraction says, so the rules read (and are tested) without a database.

Real folders hold a circular several times — the portal page and its PDF, a scan and a Word copy, one
file under two names — as different bytes, hence different documents. Two documents are copies when
one rule of `match` holds, in this order:

- `same_text`: their text, normalised to letters, digits and Han characters, is the same;
- `doc_number`: the same 文号 from the same issuer, unless their 成文日期 differ and their texts are
  unlike (an OCR misreading of another circular's number);
- `title_and_date`: the same issuer, title and 成文日期, and no other 文号 — what identifies a
  circular that prints no 文号 (a portal page often does not);
- `similar_text`: the shorter text lies mostly (≥ 80% of its 5-character shingles) inside the longer,
  and their 文号, issuer and 成文日期 are equal, missing, or one character apart — a scan's OCR
  misreads, a web page that printed no 文号, a page saved with only its head.

No rule joins documents whose periods differ (2017Q1 and 2017Q2 of one issuer read much alike).
Copies are the connected groups of that relation. The primary copy is the first by `EVIDENCE`: a
current file (not one whose path has since been found holding a new version), the most annex tables read, a complete text, a text layer over OCR, higher OCR confidence, more rows, more
of the header, fewer doubts, then the format; `reason` says which criterion decided, in words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from normalizers.chinese import strip_spaces, to_simplified
from normalizers.vocabulary import HAN
from schemas import Circular

SHINGLE = 5  # characters: long enough that two circulars' shared words do not make them alike
SKETCH_SIZE = 64  # hashes kept per document: ±0.06 on a resemblance of 0.8
MIN_CONTENT = 200  # characters of normalised text below which the text identifies nothing
SIMILAR = 0.8  # containment above which texts are one circular's (copies score 0.95–1.0)
UNLIKE = 0.3  # containment below which texts are not one circular's, whatever the header says
COMPLETE = 0.8  # a copy with less than this share of the longest copy's text is incomplete
_NOT_TEXT = re.compile(f"[^0-9A-Za-z{HAN}]")
_SEED = 0x9E3779B9  # a second CRC-32 seeded otherwise: 63 bits of hash, which fit a signed BIGINT
#: formats when all else is equal: a PDF keeps page numbers to check rows against, a page its 发布日期
MEDIA_ORDER = ("pdf_text", "html", "text", "pdf_scan", "image")


@dataclass(frozen=True)
class Identity:
    """What a document says about which circular it is, and how good a copy of it it is."""

    doc_id: str
    issuer: str | None
    doc_number: str | None
    title: str | None  # normalised
    issue_date: dt.date | None
    period: tuple[int | None, int | None, int | None, int | None]
    content_sha: str | None  # None when the text is too short to identify the circular
    content_chars: int
    sketch: tuple[int, ...]
    media_type: str
    ocr_confidence: float | None
    ocr: bool
    annexes_read: int
    rows_read: int
    header_fields: int
    doubts: int
    raw: tuple[str | None, str | None, str | None] = (None, None, None)  # 文号, issuer, title as printed
    current: bool = True  # False: every file it was read from has since been found holding other bytes

    @property
    def key(self) -> str:
        """What identifies the circular, as this copy reads it (hashed into circular_id)."""
        if self.issuer and self.doc_number:
            return f"{self.issuer}|{self.doc_number}"
        if self.issuer and self.title and self.issue_date:
            return f"{self.issuer}|{self.title}|{self.issue_date}"
        return f"text|{self.content_sha}" if self.content_sha else f"doc|{self.doc_id}"

    def same_reading(self, other: Identity) -> bool:
        """Whether the two say the same about which circular they are (matching would not change)."""
        fields = ("issuer", "doc_number", "title", "issue_date", "period", "content_sha", "sketch")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


def normalised_text(circular: Circular) -> str:
    """The text copies share: title, outline and annex rows as letters, digits and Han characters
    (layout, punctuation and OCR's spacing differ between copies); the pages when that is too short."""
    parts = [circular.header.title or ""]
    parts += [s.heading + s.text for s in circular.sections]
    parts += [
        f"{f.site_name or ''}{f.site_code or ''}{f.problems_raw or ''}" for f in circular.website_findings
    ]
    parts += [
        f"{d.unit}{'' if d.points_deducted is None else format(d.points_deducted, 'g')}{d.explanation or ''}"
        for d in circular.deductions
    ]
    text = _NOT_TEXT.sub("", "".join(parts))
    if len(text) < MIN_CONTENT:
        text = _NOT_TEXT.sub("", "".join(p.text for p in circular.pages))
    return text


def sketch(text: str) -> tuple[int, ...]:
    """The SKETCH_SIZE smallest hashes of the text's shingles (a bottom-k MinHash). Two CRC-32s make
    a 63-bit hash: stable across processes (the sketches are stored) and far cheaper than a digest."""
    data, width = text.encode("utf-32-le"), 4 * SHINGLE  # fixed width: a shingle is a slice
    shingles = {data[i : i + width] for i in range(0, max(4, len(data) - width + 4), 4)}
    return tuple(sorted({(zlib.crc32(s) << 31) ^ zlib.crc32(s, _SEED) for s in shingles})[:SKETCH_SIZE])


@lru_cache(maxsize=65536)  # the same issuers and titles, read back for every batch
def _clean(value: str | None) -> str | None:
    return _NOT_TEXT.sub("", to_simplified(strip_spaces(value))) or None if value else None


def identity_of(circular: Circular) -> Identity:
    h = circular.header
    text = normalised_text(circular)
    header = h.model_dump()
    return Identity(
        doc_id=circular.doc_id,
        issuer=_clean(h.issuer),
        doc_number=_clean(h.doc_number),
        title=_clean(h.title),
        issue_date=h.issue_date,
        period=(h.period_year, h.period_quarter, h.period_half, h.period_month),
        content_sha=hashlib.sha256(text.encode()).hexdigest()[:16] if len(text) >= MIN_CONTENT else None,
        content_chars=len(text),
        sketch=sketch(text) if text else (),
        media_type=circular.media_type,
        ocr_confidence=circular.ocr_confidence,
        ocr=circular.ocr_engine is not None,
        annexes_read=sum(a.row_count > 0 for a in circular.annexes),
        rows_read=len(circular.website_findings) + len(circular.deductions),
        header_fields=sum(v not in (None, [], "") for v in header.values()),
        doubts=len(circular.doubts),
        raw=(h.doc_number, h.issuer, h.title),
    )


# --- matching ---------------------------------------------------------------------------------


def resemblance(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets, from their sketches."""
    if not a or not b:
        return 0.0
    union = heapq.nsmallest(SKETCH_SIZE, set(a) | set(b))
    both = set(a) & set(b)
    return sum(x in both for x in union) / len(union)


def containment(a: Identity, b: Identity) -> float:
    """Estimated share of the shorter text's shingles that lie in the longer: a page saved with only
    its head is contained in the full PDF though they resemble each other little."""
    j = resemblance(a.sketch, b.sketch)
    na, nb = max(1, a.content_chars - SHINGLE + 1), max(1, b.content_chars - SHINGLE + 1)
    return min(1.0, j * (na + nb) / ((1 + j) * min(na, nb)))


def _one_apart(x: str | None, y: str | None) -> bool:
    """Equal, missing on one side, or one character substituted, added or dropped (an OCR misread)."""
    if x is None or y is None or x == y:
        return True
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _periods_conflict(a: Identity, b: Identity) -> bool:
    return any(p is not None and q is not None and p != q for p, q in zip(a.period, b.period, strict=True))


def match(a: Identity, b: Identity) -> str | None:
    """The rule by which `a` and `b` are copies of one circular (see the module docstring), or None."""
    if a.content_sha and a.content_sha == b.content_sha:
        return "same_text"
    # what no rule forgives, cheap to see: other periods, issuers or 文号 more than a misreading apart
    if _periods_conflict(a, b) or not _one_apart(a.issuer, b.issuer):
        return None
    if not _one_apart(a.doc_number, b.doc_number):
        return None
    texts = a.content_sha is not None and b.content_sha is not None
    alike = containment(a, b) if texts else None
    confirmed = alike is not None and alike >= SIMILAR
    dates_agree = a.issue_date is None or b.issue_date is None or a.issue_date == b.issue_date
    numbers_agree = a.doc_number is None or b.doc_number is None or a.doc_number == b.doc_number
    if a.doc_number and a.doc_number == b.doc_number and (dates_agree or confirmed):
        return "doc_number"
    same_title = bool(a.issuer and a.title) and (a.issuer, a.title) == (b.issuer, b.title)
    unlike = alike is not None and alike < UNLIKE
    dated = a.issue_date is not None and a.issue_date == b.issue_date
    if same_title and dated and numbers_agree and not unlike:
        return "title_and_date"
    if confirmed and _one_apart(*(str(d) if d else None for d in (a.issue_date, b.issue_date))):
        return "similar_text"
    return None


def _signature(i: Identity) -> tuple[object, ...]:
    """What `match` reads of a document: two with the same signature match the same documents."""
    return (i.issuer, i.doc_number, i.title, i.issue_date, i.period, i.content_sha, i.content_chars, i.sketch)


def groups(members: Iterable[Identity], joined: Iterable[list[Identity]] = ()) -> list[list[Identity]]:
    """The connected groups of `match` among `members`, starting from groups known to be connected.

    A document is tested against one member of each reading of a group (a circular's hundred identical
    copies are one test) until one matches.
    """
    out: list[tuple[list[Identity], dict[tuple[object, ...], Identity]]] = []
    for g in joined:
        if g:
            out.append((list(g), {_signature(i): i for i in g}))
    for doc in members:
        hits = [k for k, (_, reps) in enumerate(out) if any(match(doc, other) for other in reps.values())]
        merged = [doc] + [x for k in hits for x in out[k][0]]
        reps = {_signature(doc): doc}
        for k in hits:
            reps.update(out[k][1])
        out = [g for k, g in enumerate(out) if k not in hits] + [(merged, reps)]
    return [g for g, _ in out]


# --- the primary copy -------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    name: str
    value: Callable[[Identity, int], float]  # larger is better; int: the group's longest text
    say: Callable[[Identity, Identity], str]  # why the first beat the second on it


def _media_rank(m: str) -> int:
    return len(MEDIA_ORDER) - MEDIA_ORDER.index(m) if m in MEDIA_ORDER else 0


def _complete(i: Identity, longest: int) -> float:
    return float(i.content_chars >= COMPLETE * longest)


EVIDENCE: tuple[Criterion, ...] = (
    Criterion(
        "current",
        lambda i, _: i.current,
        lambda a, b: "the current version of its file (the other's file has since been replaced)",
    ),
    Criterion(
        "annexes",
        lambda i, _: i.annexes_read,
        lambda a, b: f"more annex tables read ({a.annexes_read} vs {b.annexes_read})",
    ),
    Criterion(
        "complete",
        _complete,
        lambda a, b: f"its text is complete ({a.content_chars} vs {b.content_chars} characters)",
    ),
    Criterion(
        "text_layer",
        lambda i, _: not i.ocr,
        lambda a, b: f"a text layer ({a.media_type}) over OCR ({b.media_type})",
    ),
    Criterion(
        "ocr_confidence",
        lambda i, _: i.ocr_confidence or 0.0,
        lambda a, b: f"higher OCR confidence ({a.ocr_confidence or 0:.2f} vs {b.ocr_confidence or 0:.2f})",
    ),
    Criterion(
        "rows",
        lambda i, _: i.rows_read,
        lambda a, b: f"more annex rows read ({a.rows_read} vs {b.rows_read})",
    ),
    Criterion(
        "header",
        lambda i, _: i.header_fields,
        lambda a, b: f"more of the header read ({a.header_fields} vs {b.header_fields} fields)",
    ),
    Criterion("doubts", lambda i, _: -i.doubts, lambda a, b: f"fewer doubts ({a.doubts} vs {b.doubts})"),
    Criterion(
        "format",
        lambda i, _: _media_rank(i.media_type),
        lambda a, b: f"the format, {a.media_type} over {b.media_type}",
    ),
)


def ranked(group: Sequence[Identity]) -> list[Identity]:
    """The group best copy first; equal evidence falls back to the smaller doc_id (any order of
    loading gives the same primary)."""
    longest = max((i.content_chars for i in group), default=0)
    return sorted(group, key=lambda i: (*(-c.value(i, longest) for c in EVIDENCE), i.doc_id))


def reason(winner: Identity, loser: Identity, longest: int) -> str:
    """Why `winner` ranks before `loser`: the first criterion that tells them apart."""
    for c in EVIDENCE:
        if c.value(winner, longest) != c.value(loser, longest):
            return c.say(winner, loser)
    return "equal evidence: the first by doc_id"


def circular_id(key: str) -> str:
    """A circular's id from what identifies it: 16 hex digits, like a doc_id."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]
