"""Stage 2: canonical text. Traditional → Simplified, CJK spacing and punctuation, page chrome out.

Runs on the intermediate model, so every later stage sees one canonical spelling whatever the
medium; the source script is detected first and kept for `documents.script`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers import noise
from normalizers import vocabulary as V
from normalizers.chinese import canonical, detect_script, to_simplified
from normalizers.dates import parse_date
from pipeline.extraction.chrome import BULLET, PROSE, clean_source, is_chrome, page_info, strip_widgets
from schemas import Cell, Doubt, Line, Page, SourceDocument, Table, doubts

#: a web page's publication line: `2017-11-03 17:10 来源: 贵州省人民政府网站`, `发布时间：2017-11-03`
_DAY = r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)"
PUBLISHED = re.compile(
    rf"^(?:(?P<label>(?:发布|发文|成文)?(?:时间|日期)[:：])\s*)?{_DAY}"
    r"(?P<time>\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*(?P<source>(?:信息)?来源[:：].*|浏览次数.*)?$"
)
#: the same, labelled, inside a longer line of page chrome
PUBLISHED_LABEL = re.compile(rf"(?:发布|发文)(?:时间|日期)[:：]\s*{_DAY}")
#: the 政府信息公开 metadata box: `发文机关：国务院办公厅  成文日期：2017年11月18日`, as lines or as a
#: table (tab-separated text, an HTML table); labels are read after canonical text closed their spacing
_META_LABEL = "|".join(V.META_LABELS)
META_FIELD = re.compile(rf"({_META_LABEL})[:：]\s*(.*?)(?=\s*(?:{_META_LABEL})[:：]|$)")
#: a legal database's attribute, its label in brackets: `【公布日期】2020.08.12`
_BRACKET_LABEL = V.alternation(V.BRACKET_META_LABELS)
BRACKET_META = re.compile(rf"^【({_BRACKET_LABEL})】\s*(.*)$")
#: several such attributes on one line: `【发文字号】京政办函〔2017〕21号　【成文日期】2017-04-14`
BRACKET_FIELD = re.compile(rf"【({_BRACKET_LABEL})】\s*(.*?)(?=\s*【|$)")
META_KEYS = V.META_FIELDS
SOURCE = re.compile(r"(?:来源|信息来源)[:：]\s*(\S+)")

PAGE_NUMBER = re.compile(V.PAGE_NUMBER_PATTERN)


#: specks an OCR engine reads as punctuation: opening a line, or a dot glued to a number
OCR_LEADING_NOISE = re.compile(rf"^[_·•.．。,，、'\"`~^*]+(?=[{V.HAN}\d（(“])")
#: a “…’ or ‘…” pair: one quotation whose mark OCR read as the single kind (Chinese quotes nest rarely)
OCR_HALF_QUOTE = re.compile(r"“([^“”‘’\n]{1,40}?)’|‘([^“”‘’\n]{1,40}?)”")
OCR_DOT_BY_DIGIT = re.compile(rf"(?<=\d)[·•](?=[{V.HAN}\d])|(?<={V.HAN_CHAR})[·•](?=\d)")


def _fix(text: str) -> str:
    return canonical(to_simplified(text))


def _fix_ocr(text: str) -> str:
    """Canonical text, less the specks a scan's dust leaves where no printed character can be, and
    with a quotation's closing mark that OCR read as the single one (`“政务公开’`) set right."""
    text = OCR_DOT_BY_DIGIT.sub("", OCR_LEADING_NOISE.sub("", _fix(text)))
    return OCR_HALF_QUOTE.sub(lambda m: f"“{m.group(1) or m.group(2)}”", text)


class _Repairs:
    """The noise repaired on the way (mirror sites' mojibake, pinyin glosses, split numbers), by kind."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.samples: dict[str, str] = {}

    def __call__(self, raw: str) -> str:
        fixed, counts = noise.repair(raw)
        for kind, n in counts.items():
            self.counts[kind] = self.counts.get(kind, 0) + n
            self.samples.setdefault(kind, raw.strip()[:30])
        return fixed

    def doubts(self) -> list[Doubt]:
        return [doubts.noise_repaired(kind, n, self.samples[kind]) for kind, n in sorted(self.counts.items())]


def _meta_fields(texts: list[str], meta: dict[str, str]) -> bool:
    """Record the metadata box's fields in `meta` if every text is one (or several) `label：value`,
    or a legal database's `【label】value`."""
    texts = [BULLET.sub("", t) for t in texts]
    if len(texts) == 1 and BRACKET_META.match(texts[0]):
        for label, value in BRACKET_FIELD.findall(texts[0]):
            if (key := META_KEYS.get(label)) and value and (key != "doc_number" or re.search(r"\d", value)):
                meta.setdefault(key, value)  # a `【字号】大 中 小` is the page's font size, not the number
        return True
    if not texts or not all(META_FIELD.match(t) for t in texts):
        return False
    for text in texts:
        for label, value in META_FIELD.findall(text):
            if (key := META_KEYS.get(label)) and value:
                meta.setdefault(key, value)
    return True


def _table_meta(table: Table, meta: dict[str, str]) -> bool:
    """A metadata box laid out as a table: cells that are `label：value`, or rows of label and value
    cells side by side (`索引号：` | `000014349/2015-00211` | `主题分类：` | …)."""
    cells = [c.text for row in table.rows for c in row if c.text]
    if _meta_fields(cells, {}):
        return _meta_fields(cells, meta)
    rows = [" ".join(c.text for c in row if c.text) for row in table.rows]
    rows = [r for r in rows if r]
    return _meta_fields(rows, meta)


#: the space a header line sets between two fields: `签发人：周  健        徐政办函〔2019〕68号`
FIELD_GAP = re.compile(r"[ \t]{4,}|\u3000{2,}")


def _split_fields(blocks: list[Line | Table]) -> list[Line | Table]:
    """A header line holding 签发人 and the document number side by side becomes two lines: run
    together, the signer's name and the number's agency could not be told apart."""
    out: list[Line | Table] = []
    for b in blocks:
        if (
            isinstance(b, Line)
            and ("签发人" in b.text or "簽發人" in b.text)
            and FIELD_GAP.search(b.text.strip())
        ):
            out += [b.model_copy(update={"text": part}) for part in FIELD_GAP.split(b.text.strip()) if part]
        else:
            out.append(b)
    return out


def _join_wrapped_title(pages: list[Page], meta: dict[str, str], rest: Line) -> list[Page]:
    """The box's 标题 wrapped onto the next line (a web page printed to PDF): when the two together
    are the title printed further on, the title is theirs and the fragment goes."""
    title = meta.get("title", "")
    later = "".join(b.text for p in pages for b in p.blocks if isinstance(b, Line) and b is not rest)
    joined = title + rest.text
    if not title or len(rest.text) > 30 or joined not in later:
        return pages
    meta["title"] = joined
    return [p.model_copy(update={"blocks": [b for b in p.blocks if b is not rest]}) for p in pages]


def _fix_table(t: Table, repairs: _Repairs) -> Table:
    rows = [
        [
            Cell(
                text=_fix_ocr(repairs(c.text)) if c.confidence is not None else _fix(repairs(c.text)),
                page_no=c.page_no,
                bbox=c.bbox,
                confidence=c.confidence,
            )
            for c in row
        ]
        for row in t.rows
    ]
    return t.model_copy(update={"rows": rows})


def all_text(src: SourceDocument) -> str:
    return "\n".join(p.text for p in src.pages)


@dataclass(frozen=True)
class PageMeta:
    """What a web page says about the circular outside its text: the 政府信息公开 metadata box, the
    publication line, the source site. Each is evidence for a header field, not the field itself."""

    title: str | None = None
    issuer: str | None = None  # 发文机关, else 发布机构 (who put the page up, usually the issuer)
    doc_number: str | None = None
    issue_date: str | None = None
    publish_date: str | None = None
    source_site: str | None = None


@dataclass(frozen=True)
class Canonical:
    """The document in canonical text (Simplified, CJK spacing, chrome out), and what was learnt on
    the way: the page's metadata, the script it was written in, what was removed."""

    doc: SourceDocument
    meta: PageMeta
    script: str
    doubts: list[Doubt] = field(default_factory=list)

    @property
    def title_hint(self) -> str | None:
        return self.doc.title_hint


def normalize(src: SourceDocument) -> Canonical:
    """The canonical document and the web-page metadata found on the way (publish date, source site)."""
    meta: dict[str, str] = {}
    dropped: list[str] = []
    repairs = _Repairs()
    pages: list[Page] = []
    after_title = False  # the box's 标题 was just read: the next line may be its wrapped end
    title_rest: Line | None = None
    for page in src.pages:
        blocks: list[Line | Table] = []
        for b in _split_fields(page.blocks):
            if isinstance(b, Table):
                table = _fix_table(b, repairs)
                if not _table_meta(table, meta):
                    blocks.append(table)
                continue
            raw = to_simplified(repairs(b.text))
            text = _fix_ocr(raw) if b.confidence is not None else canonical(raw)
            if not text or PAGE_NUMBER.match(text):
                continue
            if _meta_fields([text], meta):
                after_title = after_title or BULLET.sub("", text).startswith(("标题", "名称"))
                continue
            if _published(text, meta, raw):
                dropped.append(text)
                continue
            if is_chrome(raw, text):
                dropped.append(text)
                if (m := PUBLISHED_LABEL.search(text)) and (day := parse_date(m.group(1))):
                    meta.setdefault("page_date", day.isoformat())  # `转载自：…发布时间：2019-11-08【打印】`
                if (m := SOURCE.search(text)) and (source := clean_source(m.group(1))):
                    meta.setdefault("source_site", source)
                continue
            if not PROSE.search(text) and (bare := strip_widgets(text)) != text:
                dropped.append(text[len(bare) :] if text.startswith(bare) else text)
                text = bare  # `…的通报【字体：大 中 小】`: the widgets go, the line stays
            line = b.model_copy(update={"text": BULLET.sub("", text)})
            if after_title:
                title_rest, after_title = line, False
            blocks.append(line)
        pages.append(page.model_copy(update={"blocks": blocks}))
    if title_rest is not None:
        pages = _join_wrapped_title(pages, meta, title_rest)
    if "publisher" in meta:
        meta.setdefault("issuer", meta.pop("publisher"))
    if "page_date" in meta:  # the metadata box's 发布日期 is the document's; a page's line, when it went up
        meta.setdefault("publish_date", meta.pop("page_date"))
    hint = _fix(src.title_hint) if src.title_hint else None
    found = [doubts.chrome_removed(len(dropped), " | ".join(dropped[:3])[:80])] if dropped else []
    return Canonical(
        doc=src.model_copy(update={"pages": pages, "title_hint": hint}),
        meta=PageMeta(**meta),
        script=detect_script(all_text(src)),
        doubts=found + repairs.doubts(),
    )


def _published(text: str, meta: dict[str, str], raw: str = "") -> bool:
    """A publication line (`2017-11-03 17:10 来源: 贵州省人民政府网站`, `信息来源：… 发布时间：… 浏览次数：`):
    its date and source are recorded, and the line is page furniture."""
    pub = PUBLISHED.match(text)
    if pub and (pub["label"] or pub["time"] or pub["source"]) and (day := parse_date(pub.group(2))):
        meta.setdefault("page_date", day.isoformat())
        if (m := SOURCE.search(text)) and (source := clean_source(m.group(1))):
            meta.setdefault("source_site", source)
        return True
    # the canonical text first; the line as printed keeps the wide gaps that part unlabelled fields
    info = page_info(text) or (page_info(raw.strip()) if raw else None)
    if info is None:
        return False
    if info.publish_date:
        meta.setdefault("page_date", info.publish_date.isoformat())
    if info.source:
        meta.setdefault("source_site", info.source)
    return True
