"""Saved web pages (`.html`): the article's text and tables, in document order.

Page chrome (menus, navigation, share buttons, font-size controls, footers) is dropped here by
element — by tag, and by the class and id names portals give such blocks; the line-level chrome
that also appears in saved-as-text pages is dropped later for every medium. Text runs on through
inline elements (`<span>`, `<a>`, `<font>` of a Word-made page) and breaks at block elements, so
a paragraph is one line however it was marked up.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import PageElement

from normalizers import vocabulary as V
from normalizers.chinese import to_simplified
from ocr.readers.text import decode_text
from ocr.readers.word_tables import tables_from_lines
from schemas import Cell, Doubt, Line, Page, Table, budget
from schemas.exceptions import BadInput, BudgetExceeded

_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "iframe",
    "svg",
    "form",
    "button",
    "select",
    "head",
    "template",
    "object",
)
#: class or id names of page furniture on government portals: any part of the name (`main-nav`)…
_CHROME_PART = frozenset(
    (
        "nav",
        "navbar",
        "menu",
        "mainnav",
        "topnav",
        "subnav",
        "crumb",
        "crumbs",
        "breadcrumb",
        "breadcrumbs",
        "share",
        "bshare",
        "bdsharebuttonbox",
        "fenxiang",
        "jiathis",
        "footer",
        "copyright",
        "sidebar",
        "friendlink",
        "yqlj",
        "search",
        "login",
        "toolbar",
        "skip",
        "daohang",
        "dh",
    )
)
#: …or its first part only, as these also name parts of an article (`article-head`)
_CHROME_FIRST = frozenset(
    (
        "top",
        "topbar",
        "head",
        "header",
        "foot",
        "bottom",
        "side",
        "links",
        "related",
        "xgxx",
        "position",
        "location",
        "weizhi",
        "dqwz",
        "tools",
    )
)
_BLOCK = frozenset(
    (
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "section",
        "article",
        "aside",
        "main",
        "blockquote",
        "pre",
        "center",
        "hr",
        "address",
        "figure",
        "figcaption",
        "caption",
        "tbody",
        "thead",
        "body",
        "html",
    )
)
_MARK = "\u0000TABLE{}\u0000"
#: a page title's site suffix: `关于…的通报_省政府文件_某某省人民政府门户网站`
_TITLE_PARTS = re.compile(V.HEADLINE_SEPARATOR_PATTERN)


def _title(soup: BeautifulSoup) -> str | None:
    for sel in ("h1", "title"):
        node = soup.find(sel)
        if isinstance(node, Tag):
            text = node.get_text(" ", strip=True)
            if not text:
                continue
            parts = [p for p in _TITLE_PARTS.split(text) if p]
            return next((p for p in parts if "通报" in p or "通報" in p), parts[0] if parts else text)
    return None


def _is_chrome(node: Tag) -> bool:
    for name in [*(node.get("class") or []), node.get("id") or ""]:
        parts = [p for p in re.split(r"[-_\s]+", str(name).lower()) if p]
        if parts and (parts[0] in _CHROME_FIRST or any(p in _CHROME_PART for p in parts)):
            return True
    return False


def _span(node: Tag, attr: str) -> int:
    try:
        return max(1, min(int(str(node.get(attr) or 1)), 100))
    except ValueError:
        return 1


def _table(node: Tag) -> Table:
    """The table's grid: a cell spanning rows is repeated in each (a region printed once beside its
    sites), one spanning columns fills the first and leaves the rest empty."""
    rows: list[list[Cell]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) → text of a cell spanning down into it
    spend, made = budget.current(), 0
    trs = [tr for tr in node.find_all("tr") if tr.find_parent("table") is node]
    for r, tr in enumerate(trs):
        row: dict[int, str] = {}
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, col) in pending:
                row[col] = pending.pop((r, col))
                col += 1
            text = td.get_text(" ", strip=True)
            across = _span(td, "colspan")
            made += across * _span(td, "rowspan")
            spend.cells(made)  # spans multiply cells: a few hundred can claim millions
            for k in range(across):
                row[col + k] = text if k == 0 else ""
                for down in range(1, _span(td, "rowspan")):
                    pending[(r + down, col + k)] = row[col + k]
            col += across
        for key in sorted(k for k in pending if k[0] == r):
            row[key[1]] = pending.pop(key)
        texts = [row.get(c, "") for c in range(max(row) + 1)] if row else []
        if any(texts):
            rows.append([Cell(text=t) for t in texts])
    return Table(rows=rows)


META_LABELS = V.META_LABELS
#: a 明传电报 form laid out as a table: its fields become the lines the telegram header is read from
TELEGRAM_LABELS = (*V.TELEGRAM_LABELS, "密级")


def _label(text: str) -> str:
    return to_simplified("".join(text.split())).rstrip(":：")


def _metadata_lines(t: Table) -> list[Line] | None:
    """A metadata box laid out as a table becomes `label：value` lines, which normalisation reads."""
    cells = [c.text for row in t.rows for c in row]
    if sum(any(_label(c).startswith(label) for label in META_LABELS) for c in cells) < 2:
        return None
    lines: list[Line] = []
    for row in t.rows:
        texts = [c.text.strip() for c in row if c.text.strip()]
        i = 0
        while i < len(texts):
            label = _label(texts[i])
            if label in META_LABELS and i + 1 < len(texts):  # label and value in cells side by side
                lines.append(Line(text=f"{label}：{texts[i + 1]}"))
                i += 2
            else:
                lines.append(Line(text=texts[i]))
                i += 1
    return lines


def _telegram_lines(t: Table) -> list[Line] | None:
    """A 明电 form (发电单位 | X | 签批盖章 | Y) as a table: one line per row, its cells spaced."""
    if len(t.rows) > 6 or not any(_label(c.text).startswith(TELEGRAM_LABELS) for row in t.rows for c in row):
        return None
    return [Line(text=" ".join(c.text for c in row if c.text.strip())) for row in t.rows]


def _lines(node: Tag) -> list[str]:
    """The text of `node`, a line per block element (and `<br>`), inline elements run on.

    Walked with a stack, not recursion: a page may nest elements a hundred thousand deep.
    """
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf).strip()
        if text:
            out.append(text)
        buf.clear()

    stack: list[tuple[Iterator[PageElement], bool]] = [(iter(node.children), False)]
    while stack:
        child = next(stack[-1][0], None)
        if child is None:
            if stack.pop()[1]:
                flush()
            continue
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, CDATA or doctype
                buf.append(re.sub(r"\s+", " ", str(child)))
        elif isinstance(child, Tag):
            if child.name == "br":
                flush()
                continue
            block = child.name in _BLOCK
            if block:
                flush()
            stack.append((iter(child.children), block))
    flush()
    return out


#: what is never text, removed before parsing: a page of megabytes of script stays a small tree
_NEVER_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
#: an image inlined as a data: URI (Word saves pages so): megabytes of base64 that are no text
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[\w+/=\s]{256,}")
#: a tag opened (or closed) many times in a row with nothing between: one is all the layout it can mean
_RUN_OPEN = re.compile(r"(<([a-zA-Z][\w-]*)\b[^<>]*>\s*)(?:<\2\b[^<>]*>\s*){8,}")
_RUN_CLOSE = re.compile(r"(</([a-zA-Z][\w-]*)\s*>\s*)(?:</\2\s*>\s*){8,}")
_BREAKS = re.compile(r"(?:<br\s*/?>\s*){3,}", re.IGNORECASE)
_ELEMENT = re.compile(r"<[a-zA-Z]")
_CELL = re.compile(r"<t[dh][\s>]", re.IGNORECASE)


def _bounded(text: str) -> str:
    """The page without scripts, styles, comments and inline images, runs of `<br>` made two and of
    one tag opened or closed over and over made one (100 000 nested spans are one), checked against
    the budget before a tree is built: characters, elements, and table cells (an upper bound)."""
    text = _BREAKS.sub("<br><br>", _DATA_URI.sub("data:,", _NEVER_TEXT.sub(" ", text)))
    text = _RUN_CLOSE.sub(r"\1", _RUN_OPEN.sub(r"\1", text))
    spend = budget.current()
    spend.characters(len(text))
    spend.cells(len(_CELL.findall(text)))
    if (elements := len(_ELEMENT.findall(text))) > spend.budget.html_elements:
        raise BudgetExceeded(f"budget: {elements:,} HTML elements > {spend.budget.html_elements:,}")
    return text


def read_html(data: bytes, name: str, found: list[Doubt] | None = None) -> tuple[list[Page], str | None]:
    """Return the single page of the article and the page's title (a hint for the circular's title);
    doubts about the bytes (`ocr.readers.text.decode_text`) are added to `found`.

    No entity is expanded and nothing the page refers to is fetched: lxml's HTML parser reads no
    DTD, and only the page's own text is kept.
    """
    text, _, doubted = decode_text(data, name, raw_limit=False)
    if found is not None:
        found += doubted
    with warnings.catch_warnings():  # XHTML parsed as HTML on purpose: no DTD, no entity, no fetch
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(_bounded(text), "lxml")
    body = soup.body
    if body is None or not body.get_text(strip=True):
        raise BadInput(f"{name}: HTML with no body text")
    for tag in body.find_all(_DROP):
        tag.decompose()
    for tag in body.find_all(_is_chrome):
        if not tag.decomposed:
            tag.decompose()
    title = _title(soup)  # not a logo's <h1> in the page's header
    tables: list[Table | list[Line]] = []
    for node in body.find_all("table"):
        if node.decomposed or node.find("table") is not None:
            continue  # a layout table (an old portal's page grid): its text is read, its inner tables are the data
        t = _table(node)
        kept: Table | list[Line] | None = _metadata_lines(t) or _telegram_lines(t)
        # Layout tables (one column of text) are just text; keep only real data grids.
        if kept is None and len(t.rows) >= 2 and max(len(r) for r in t.rows) >= 2:
            kept = t
        if kept is not None:
            mark = soup.new_tag("div")
            mark.string = _MARK.format(len(tables))
            node.replace_with(mark)
            tables.append(kept)
    blocks: list[Line | Table] = []
    for line in _lines(body):
        if line.startswith("\u0000TABLE"):
            kept = tables[int(line.strip("\u0000")[5:])]
            blocks.extend(kept if isinstance(kept, list) else [kept])
        else:
            blocks.append(Line(text=line))
    if not any(isinstance(b, Line) for b in blocks):
        raise BadInput(f"{name}: HTML with no article text")
    return [Page(page_no=1, blocks=tables_from_lines(blocks))], title
