"""A web page's furniture around the article: chrome lines, bracketed widgets, publication lines.

Copied pages keep what the portal, the mirror or the document-sharing site printed around the
circular: menus, language and mode switches, tool bars, font-size buttons, disclaimers, and a line
saying when the page went up, from where, and how often it was read. Chrome goes only as whole lines
or whole bracketed widgets, never from inside a sentence, and is counted; a publication line is
read for its date and source first. The words are in `normalizers.vocabulary`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from normalizers import vocabulary as V
from normalizers.chinese import canonical
from normalizers.dates import DATE_ONLY_RE, find_dates, parse_date
from normalizers.layout_settings import LAYOUT

CHROME = re.compile("|".join(V.CHROME_LINE_PATTERNS))
CHROME_WIDGET = re.compile(V.CHROME_WIDGET_PATTERN)
WIDGET = re.compile(V.BRACKETED_WIDGET_PATTERN)
TRAILING_WIDGET = re.compile(V.TRAILING_WIDGET_PATTERN)
PROSE = re.compile(r"[。，；！？]")
BULLET = re.compile(V.BULLET_PATTERN)
#: a list number a copied page left before a line of its furniture: `2. 您现在所在的位置…`
LIST_NUMBER = re.compile(r"^\d{1,2}\.\s+")
TOKEN_SEPARATOR = re.compile(r"[\s|｜/•·]+")
TOKEN_TRIM = "【】[]（）()：:！!"
URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:gov|com|org|net)\.cn\S*$")
MENU_ITEM = re.compile(V.MENU_ITEM_PATTERN)
#: single words that are chrome on a line of their own (a menu word alone may be a heading's word)
ALONE = frozenset(
    V.TOOLBAR_WORDS + V.SWITCH_WORDS + V.VERSION_WORDS + V.DOCSITE_WORDS + V.FONT_SIZE_LABELS + ("首页",)
)
KNOWN = ALONE | frozenset(V.MENU_WORDS + V.FONT_SIZE_WORDS)
SITE_NAME = LAYOUT.site_name

_DATE_LABEL = V.alternation(V.PAGE_DATE_LABELS)
_SOURCE_LABEL = V.alternation(V.PAGE_SOURCE_LABELS)
PAGE_LABEL = re.compile(
    rf"({V.alternation(V.PAGE_DATE_LABELS + V.PAGE_SOURCE_LABELS + V.PAGE_OTHER_LABELS)})[:：]"
)
DATE_LABEL = re.compile(rf"^{_DATE_LABEL}$")
SOURCE_LABEL = re.compile(rf"^{_SOURCE_LABEL}$")
TIME = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
SHORT_VALUE = LAYOUT.page_field_value
SOURCE_VALUE = LAYOUT.page_source_value
PREFIX = LAYOUT.page_field_prefix
#: the parts of a publication line printed without labels, apart by bars or wide spaces
SEGMENT_SEPARATOR = re.compile(r"\s*[|｜]\s*|\u3000+|\s{2,}")
DATED_SEGMENT = re.compile(rf"^(.+?)\s*{V.alternation(V.PAGE_DATE_VERBS)}$")
COUNT_SEGMENT = re.compile(
    rf"^\d[\d,.]*\s*{V.alternation(V.PAGE_COUNT_UNITS)}$|^{V.alternation(V.PAGE_COUNT_WORDS)}\s*\d[\d,]*\s*次?$"
)
#: cut a source where the next thing on the line begins: a date, a widget, a bar
SOURCE_END = re.compile(r"\d{4}[-/.年]|[【\[|｜]")


def _tokens(raw: str) -> list[str]:
    text = WIDGET.sub(" ", LIST_NUMBER.sub("", BULLET.sub("", raw.strip())))
    return [t for t in (t.strip(TOKEN_TRIM) for t in TOKEN_SEPARATOR.split(text)) if t]


def _known(token: str) -> bool:
    return token in KNOWN or bool(MENU_ITEM.match(token) or URL.match(token))


def is_chrome(raw: str, text: str) -> bool:
    """A whole line of page furniture. `raw` is the line as printed (its spaces still separate the
    items of a menu), `text` its canonical form. A widget's name inside a sentence keeps the line."""
    if CHROME.search(text) or (CHROME_WIDGET.search(text) and not PROSE.search(text)):
        return True
    bare = LIST_NUMBER.sub("", BULLET.sub("", raw.strip()))
    if bare != raw.strip() and CHROME.search(canonical(bare)):
        return True  # `2. 您现在所在的位置：首页 > …`, a list's number before the page's path
    if any(phrase in text for phrase in V.DOCSITE_PHRASES):
        return True
    if PROSE.search(WIDGET.sub("", text)):  # a comma inside a widget (`[加入VIP，免费下载]`) is no prose
        return False
    tokens = _tokens(raw)
    if not tokens:
        return bool(WIDGET.search(raw))  # nothing but widgets: `[大][中][小]`
    known = [t for t in tokens if _known(t)]
    if len(tokens) == 1:
        return tokens[0] in ALONE or bool(URL.match(tokens[0]))
    if len(known) == len(tokens):
        return True
    unknown = [t for t in tokens if not _known(t)]
    return len(known) >= 2 and len(known) >= len(unknown) and all(len(t) <= SITE_NAME for t in unknown)


def strip_widgets(text: str) -> str:
    """A line less its bracketed widgets (`【字体：大 中 小】`, `[打印本页]`, a cut-off `【字体：打印`)."""
    return TRAILING_WIDGET.sub("", WIDGET.sub("", text))


@dataclass(frozen=True)
class PageInfo:
    """What a publication line says: when the page went up, and the source it names."""

    publish_date: dt.date | None
    source: str | None


def _date_value(value: str) -> dt.date | None:
    """A value that is one date (and a time), nothing else."""
    rest = TIME.sub("", value).strip(" 【】[]|｜")
    if not DATE_ONLY_RE.fullmatch(rest):
        return None
    return parse_date(rest)


def _unlabelled(line: str) -> PageInfo | None:
    """A publication line whose parts carry no labels (`2025-04-15 上传 | 5页 | 0.12MB | 文档格式：docx`):
    every part a dated event, a count, a labelled field or a known widget, one of them a date."""
    parts = [p for p in SEGMENT_SEPARATOR.split(line) if p]
    if len(parts) < 2:
        return None
    day: dt.date | None = None
    source: str | None = None
    for part in parts:
        if (m := DATED_SEGMENT.match(part)) and (d := _date_value(m.group(1))):
            day = day or d
        elif labelled := PAGE_LABEL.match(part):
            if DATE_LABEL.match(labelled.group(1)):
                day = day or _date_value(part[labelled.end() :].strip())
            elif SOURCE_LABEL.match(labelled.group(1)):
                source = source or clean_source(part[labelled.end() :].strip())
        elif not (COUNT_SEGMENT.match(part) or _known(part.strip(TOKEN_TRIM))):
            return None
    return PageInfo(publish_date=day, source=source) if day else None


def page_info(text: str) -> PageInfo | None:
    """The publication line of a page (`发布时间：2019-10-29 来源：部办公厅 字号：【大 中 小】`,
    `来源:…2025-03-31 17:44`, `上传者:… | 上传时间:2016-01-11 | 浏览次数:89`), else None.

    A line is one when it is made of such labelled fields and nothing else: a sentence (`。；`) never
    is, and a single field only with a value of its kind (one date, a short source, a count)."""
    line = strip_widgets(text).strip()
    if "。" in line or "；" in line:
        return None
    return _labelled(line) or _unlabelled(line)


def _labelled(line: str) -> PageInfo | None:
    """A publication line read by its labels (see `page_info`)."""
    found = list(PAGE_LABEL.finditer(line))
    if not found:
        return None
    prefix = line[: found[0].start()].strip(" 【】[]|｜")
    prefix_date = _date_value(prefix) if prefix else None
    if prefix and prefix_date is None and (len(prefix) > PREFIX or PROSE.search(prefix)):
        return None
    fields = [
        (m.group(1), line[m.end() : nxt.start() if nxt else len(line)].strip(" |｜【】[]"))
        for m, nxt in zip(found, [*found[1:], None], strict=True)
    ]
    if len(fields) == 1 and prefix_date is None:
        label, value = fields[0]
        if DATE_LABEL.match(label):
            ok = _date_value(value) is not None
        elif SOURCE_LABEL.match(label):
            ok = len(value) <= SOURCE_VALUE
        else:
            ok = len(value) <= SHORT_VALUE
        if not ok:
            return None
    day = prefix_date or next(
        (d for label, value in fields if DATE_LABEL.match(label) and (d := parse_date(value))), None
    )
    if day is None:
        dates = find_dates(line)
        day = dates[0][0] if dates else None
    source = next((value for label, value in fields if SOURCE_LABEL.match(label) and value), None)
    return PageInfo(publish_date=day, source=clean_source(source))


def clean_source(value: str | None) -> str | None:
    """A source as named, without what follows it on the line (a date, a widget, the next label)."""
    if not value:
        return None
    value = SOURCE_END.split(value, maxsplit=1)[0]
    if m := PAGE_LABEL.search(value):
        value = value[: m.start()]
    return value.strip() or None
