"""The front of a circular, found by evidence: what stands before the body, and which line is what.

A circular as printed puts banner, number, title and 主送 in GB/T 9704's order; a copy of it puts
around them whatever the page printed: the title again as a headline, an aggregator's `文号《title》`,
a metadata list, a document site's file name, a line of chrome the normalizer could not name. So the
title is not "the first short lines": every line (and run of two or three lines) before the body that
could be a title is a candidate, scored by what titles are (they end in 通报/通知/情况, hold 关于, start
with an office), and candidates that read the same agree instead of being joined. The body starts
after the chosen title's last printing, its number and its 主送; without any title, at the first
sentence. Positions only: the fields are read in `header`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers import vocabulary as V
from normalizers.dates import is_date_line
from normalizers.layout_settings import LAYOUT
from pipeline.extraction.addressees import (
    HEADER_FIELD,
    is_addressee_line,
    split_addressees,
    wrapped_addressees,
)
from pipeline.extraction.paragraphs import PAGE_TITLE_SUFFIX, Para
from pipeline.extraction.sections import LEVELS

ORG_SUFFIX = V.ORG_SUFFIX
#: an organisation name standing alone (a banner or a signature)
ORG_LINE = re.compile(rf"^{V.HAN_CHAR}{{2,30}}?{ORG_SUFFIX}$")
BANNER = re.compile(rf"^{V.HAN_CHAR}{{2,30}}?{V.alternation(V.BANNER_SUFFIXES)}$")
BANNER_SUFFIX = re.compile(rf"{V.alternation(V.BANNER_SUFFIXES)}$")
TITLE_END = re.compile(rf"{V.alternation(V.TITLE_ENDINGS)}$")
#: a web page's path, or what is left of it on a wrapped line: `文件>州政府办文件`
BREADCRUMB = re.compile(r"\S\s*[>＞»]\s*\S")
#: what may stand above the banner: `特急`, `加急·明电`, a 份号 `000128`, `秘密★1年`
ABOVE_BANNER_FIELD = re.compile(
    rf"^(?:{V.alternation(V.ALL_URGENCIES)}(?:[·・\s]?{V.alternation(V.TRANSMISSIONS)})?|\d{{5,6}}"
    rf"|{V.alternation(V.SECRECY_LEVELS)}(?:★.{{0,6}})?)$"
)
#: a line that is only a document number: `国办函〔2016〕91号`
DOC_NUMBER_LINE = re.compile(r"^\S{1,20}〔\d{4}〕\d{1,5}号$")
#: an aggregator's headline: the number, then the title in book-title marks
HEADLINE = re.compile(V.HEADLINE_PATTERN)
#: a document site's headline is the file's name
FILE_SUFFIX = re.compile(r"\.(?:docx?|wps|pdf|txt|ofd)$", re.IGNORECASE)
#: a headline with the site's name after it: `关于…的通报_政府文件_某省人民政府`
HEADLINE_PARTS = re.compile(V.HEADLINE_SEPARATOR_PATTERN)
#: a title may end in its issue: `…的通报（2019年第1期）`
ISSUE_SUFFIX = re.compile(r"[（(][^（）()]{1,12}[）)]$")
TITLE_ORG = re.compile(rf"^{V.HAN_CHAR}{{2,40}}?{ORG_SUFFIX}关于")
SUBJECT = re.compile(V.alternation(V.SUBJECT_WORDS))
OUTLINE = re.compile(rf"^[{V.CN_DIGITS}]{{1,3}}、|^[（(][{V.CN_DIGITS}]{{1,3}}[）)]")
TITLE_LINE = LAYOUT.title_line
TITLE_LENGTH = LAYOUT.title_length
#: a prose paragraph this long before any title means the body has begun (a headless copy)
PROSE_LENGTH = LAYOUT.short_line
FRONT_REACH = LAYOUT.front_reach
LEFTOVERS = LAYOUT.front_leftovers
#: a list's number a copied page left before a line (`1. …的通报`, from an `<ol>`)
LIST_NUMBER = re.compile(r"^\d{1,2}[.．]\s*(?=\S)")
HEADER_AGAIN = LAYOUT.header_again_lines
#: a title found past a paragraph of prose (a site's notice the normalizer did not name) must be
#: a full one (an office, 关于, the subject, a title's ending) with its number or 主送 under it
STRONG_TITLE = 7


@dataclass
class Front:
    """Where the front's parts are; `body_start` indexes the paragraphs given."""

    annotation: list[Para] = field(default_factory=list)
    banner: Para | None = None
    header: list[Para] = field(default_factory=list)
    title: list[Para] = field(default_factory=list)
    #: the title when it is printed only as a headline (`文号《title》`, `title.docx`)
    title_text: str | None = None
    addressees: Para | None = None
    #: the sentence that shared the 主送's line, as a paragraph of its own
    first_body: Para | None = None
    body_start: int = 0
    #: every other line before the body (headlines, chrome nobody named): evidence for the header
    evidence: list[Para] = field(default_factory=list)


def is_banner(p: Para) -> bool:
    if len(p.text) > 30:
        return False
    return bool(BANNER.match(p.text) or ORG_LINE.match(p.text) or (p.red and p.align == "center"))


def _title_shaped(t: str) -> bool:
    return (
        2 <= len(t) <= TITLE_LINE
        and "。" not in t
        and not t.endswith(("：", ":"))
        and not is_date_line(t)
        and not HEADER_FIELD.search(t)
        and not OUTLINE.match(t)
        and not BREADCRUMB.search(t)
    )


def title_score(text: str) -> int:
    """How much a text looks like a circular's title: 0 when it cannot be one."""
    if len(text) > TITLE_LENGTH or "。" in text:
        return 0
    text = ISSUE_SUFFIX.sub("", text)
    if TITLE_END.search(text):
        score = 3
    elif text.endswith("情况") and SUBJECT.search(text):
        score = 1
    else:
        return 0
    if "关于" in text:
        score += 2
    if TITLE_ORG.match(text):
        score += 1
    if SUBJECT.search(text):
        score += 1
    return score if score >= 2 else 0


@dataclass
class Candidate:
    text: str
    start: int
    end: int  # one past the last paragraph
    score: int
    printed: bool = True  # the title as the document prints it, not a headline's quotation
    #: an office over `关于…` above any banner or number: the title's first line only if the same
    #: title is given elsewhere, else the banner
    needs_agreement: bool = False


def _office_banner(text: str) -> bool:
    """An office's name with a banner's suffix (`…办公室文件`, `…发电`)."""
    return bool(BANNER.match(text)) and bool(ORG_LINE.match(BANNER_SUFFIX.sub("", text)))


def _joinable(parts: list[str]) -> bool:
    """Lines that are one title printed over several: only the last ends as a title does, an office
    standing alone joins only the `关于…` under it, and a complete `X关于…` takes nothing before it."""
    if any(TITLE_END.search(p) for p in parts[:-1]) or not all(_title_shaped(p) for p in parts):
        return False
    if any(_office_banner(p) for p in parts):
        return False  # `长汀县人民政府办公室文件` over the title: the banner, whatever the blank lines did
    if ORG_LINE.match(parts[0]):
        return parts[1].startswith("关于") and (len(parts) == 2 or _joinable(parts[1:]))
    if "关于" in parts[-1] and not parts[-1].startswith("关于"):
        return False
    return all(len(p) >= 4 and not ORG_LINE.match(p) for p in parts[:-1])


def candidates(paras: list[Para]) -> list[Candidate]:
    """Every line, or run of up to three lines, that could be the title."""
    out: list[Candidate] = []
    seen_head = False  # a banner, a number or a header field stood above
    for i, p in enumerate(paras):
        t = p.text
        if m := HEADLINE.match(t):
            if score := title_score(m.group(1)):
                out.append(Candidate(m.group(1), i, i + 1, score, printed=False))
        elif (bare := FILE_SUFFIX.sub("", t)) != t and (score := title_score(bare)):
            out.append(Candidate(bare, i, i + 1, score, printed=False))
        elif (
            (bare := PAGE_TITLE_SUFFIX.sub("", t)) != t
            and _title_shaped(bare)
            and (score := title_score(bare))
        ):
            out.append(
                Candidate(bare, i, i + 1, score, printed=False)
            )  # `…的通报-原创力文档`: a page's title
        elif (bare := LIST_NUMBER.sub("", t)) != t and _title_shaped(bare) and (score := title_score(bare)):
            out.append(Candidate(bare, i, i + 1, score, printed=False))  # `1. …的通报`: a mirror's list item
        elif _title_shaped(t) and (score := title_score(t)):
            out.append(Candidate(t, i, i + 1, score))
        elif len(parts := [x for x in HEADLINE_PARTS.split(t) if x]) > 1:
            found = [(title_score(x), x) for x in parts if _title_shaped(x)]
            if found and (best := max(found))[0]:
                out.append(Candidate(best[1], i, i + 1, best[0], printed=False))
        for k in (2, 3):
            parts = [q.text for q in paras[i : i + k]]
            if len(parts) == k and _joinable(parts) and (score := title_score("".join(parts))):
                office = bool(ORG_LINE.match(parts[0]))
                out.append(
                    Candidate("".join(parts), i, i + k, score, needs_agreement=office and not seen_head)
                )
        seen_head = seen_head or bool(is_banner(p) or HEADER_FIELD.search(t) or DOC_NUMBER_LINE.match(t))
    return out


def choose_title(found: list[Candidate], others: list[str]) -> Candidate | None:
    """The best-supported title: its own score, then agreement (the same text printed again, or
    given by the metadata box or the page's title), then the printed title over a headline's, then
    the last printing (nearest the body)."""
    texts = [c.text for c in found] + others
    best: tuple[tuple[int, bool, int], Candidate] | None = None
    for c in found:
        agree = texts.count(c.text) - 1
        if c.needs_agreement and not agree:
            continue
        key = (c.score + min(agree, 2), c.printed, c.end)
        if best is None or key > best[0]:
            best = (key, c)
    return best[1] if best else None


def _window(paras: list[Para]) -> int:
    """Where the front must have ended: the first outline heading, 主送 or paragraph of prose."""
    for i, p in enumerate(paras[:FRONT_REACH]):
        t = p.text
        if any(rx.match(t) for _, rx in LEVELS[:1]) or is_addressee_line(t) or split_addressees(t):
            return i
        if len(t) >= PROSE_LENGTH and re.search(r"[。，；]", t) and not HEADLINE.match(t):
            return i
    return min(len(paras), FRONT_REACH)


def find_banner(paras: list[Para]) -> int | None:
    """Index of the issuer banner, or of the first telegram field when there is none."""
    for k, p in enumerate(paras[:15]):
        if p.text.endswith(("：", ":")) or ("。" in p.text and len(p.text) > 40):
            return None  # the addressees or the body came first: this circular has no banner
        if is_banner(p):
            return k
        if p.text.startswith("发电单位"):
            return k
    return None


def _head(f: Front, paras: list[Para], title: str | None = None) -> None:
    """Banner, the fields above and under it, and the note written above it, among `paras`; the
    title printed again above the banner (a page's headline) is evidence, not a note."""
    b = find_banner(paras)
    k = 0
    if b is not None:
        above = paras[:b]
        # GB/T 9704 prints 份号, 密级 and 紧急程度 above the banner: header fields, not a handwritten note
        f.header += [p for p in above if ABOVE_BANNER_FIELD.match(p.text)]
        f.evidence += [p for p in above if p.text == title]
        f.annotation = [p for p in above if not ABOVE_BANNER_FIELD.match(p.text) and p.text != title]
        if is_banner(paras[b]) and not paras[b].text.startswith("发电单位"):
            f.banner = paras[b]
            k = b + 1
        else:
            k = b
    for p in paras[k:]:
        if _header_line(p.text):  # 特急 too, under a page's own banner (its site's name)
            f.header.append(p)
        else:
            f.evidence.append(p)


def _repeats(text: str, title: str) -> bool:
    """A line of the title printed again, perhaps damaged by a copy (`…办公室？P于2024年下半年`):
    nearly all its characters are the title's, in its order."""
    if not title or len(text) < 6 or re.search(r"[。，；：]", text):
        return False
    kept, at = 0, 0
    for ch in text:  # characters found in the title in order; a damaged one is skipped, not sought
        found = title.find(ch, at)
        if found >= 0:
            kept, at = kept + 1, found + 1
    return kept >= 0.8 * len(text)


def _header_line(text: str) -> bool:
    """A header field (`签发人：…`), the document's number or an urgency line."""
    return bool(
        (HEADER_FIELD.search(text) and len(text) < 80)
        or DOC_NUMBER_LINE.match(text)
        or ABOVE_BANNER_FIELD.match(text)
    )


def _header_again(p: Para, title: str) -> bool:
    """A line of the header printed again under a page's headline: the urgency, the document's
    number, the office's banner, the title itself (perhaps damaged by the copy)."""
    return _header_line(p.text) or is_banner(p) or _repeats(p.text, title)


def _addressees(f: Front, paras: list[Para], k: int, title: str = "") -> int:
    """The 主送 at `k`, alone, wrapped onto further lines, or run into the first sentence — after a
    few leftover lines, and after the header printed again (urgency, banner, number, the title)."""
    again: list[Para] = []
    j = k
    while j < min(k + LEFTOVERS + HEADER_AGAIN + 1, len(paras)):
        if _header_again(paras[j], title) and not is_addressee_line(paras[j].text):
            again.append(paras[j])
            j += 1
            continue
        if j - k - len(again) > LEFTOVERS:
            return k
        t, used = wrapped_addressees(paras, j)
        lines = [ln for p in paras[j : j + used] for ln in p.lines]
        if is_addressee_line(t):
            f.addressees = Para(text=t, page_no=paras[j].page_no, lines=lines) if used > 1 else paras[j]
        elif split := split_addressees(t):
            f.addressees = Para(text=split[0], page_no=paras[j].page_no, lines=lines)
            f.first_body = Para(
                text=split[1], page_no=paras[j].page_no, confidence=paras[j].confidence, lines=lines
            )
        elif len(t) <= 20 and not re.search(r"[。，；]", t) and not OUTLINE.match(t):
            j += 1
            continue  # a leftover between the title and the 主送
        else:
            return k
        fields = [p for p in again if not is_banner(p) and not _repeats(p.text, title)]
        f.header += fields
        f.evidence += [p for p in paras[k:j] if p not in fields]
        return j + used
    return k


def find_front(paras: list[Para], others: list[str] | None = None) -> Front:
    """The front of the document among its first paragraphs; `others` are titles given outside the
    text (the metadata box's, the page's), which agree with a printed one but place nothing."""
    f = Front()
    if not paras:
        return f
    end = _window(paras)
    title = choose_title(candidates(paras[:end]), list(others or []))
    reach = candidates(paras[:FRONT_REACH])
    late = [c for c in reach if c.start >= end and _heads_body(c, paras)]
    if title is None:  # the window ended early (a docsite's `还剩6页未读，继续阅读`): earlier printings agree
        title = choose_title(late, [c.text for c in reach if c.start < end] + list(others or []))
    elif not title.printed:
        # a headline or a file's name above a summary (`【摘要】…`, `文档简介：…`) that ended the
        # window: the same title printed further on, heading the number or the 主送, is the document's
        title = next((c for c in late if c.printed and c.text == title.text), title)
    if title is not None:
        _head(f, paras[: title.start], title.text)
        k = title.end
        if title.printed:
            f.title = paras[title.start : title.end]
        else:  # a headline's quotation, or a file's name: the line is evidence (its number)
            f.title_text = title.text
            f.evidence += paras[title.start : title.end]
        while k < len(paras) and _header_line(paras[k].text):
            f.header.append(paras[k])  # a web page (gov.cn) prints the number under the title
            k += 1
    else:
        k = next((i for i in range(end) if _starts_body(paras[i])), end)
        _head(f, paras[:k])
        # a menu's short items and such before the body are evidence, never the body
    title_text = "".join(p.text for p in f.title) or f.title_text or ""
    f.body_start = _addressees(f, paras, k, title_text)
    return f


def _heads_body(c: Candidate, paras: list[Para]) -> bool:
    """A strong title with the document's number or its 主送 right under it."""
    after = [p.text for p in paras[c.end : c.end + 2]]
    return c.score >= STRONG_TITLE and any(
        DOC_NUMBER_LINE.match(t) or is_addressee_line(t) or split_addressees(t) for t in after
    )


def _starts_body(p: Para) -> bool:
    return bool(re.search(r"[。，；]", p.text)) and len(p.text) >= 12 and not HEADLINE.match(p.text)
