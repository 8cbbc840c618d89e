"""Saved web pages (`.html`): the article's text and tables, in document order.

Page chrome (navigation, share buttons, font-size controls) is mostly dropped here by element;
the line-level chrome that also appears in saved-as-text pages is dropped later for every medium.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from ocr.readers.text import decode
from schemas import Cell, Line, Page, Table
from schemas.exceptions import BadInput

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "svg", "form", "button", "select")
_MARK = "\u0000TABLE{}\u0000"


def _title(soup: BeautifulSoup) -> str | None:
    for sel in ("h1", "title"):
        node = soup.find(sel)
        if isinstance(node, Tag):
            text = node.get_text(" ", strip=True)
            if text:
                return text
    return None


def _table(node: Tag) -> Table:
    rows: list[list[Cell]] = []
    for tr in node.find_all("tr"):
        cells = [Cell(text=td.get_text(" ", strip=True)) for td in tr.find_all(["td", "th"])]
        if any(c.text for c in cells):
            rows.append(cells)
    return Table(rows=rows)


#: labels of the 政府信息公开 metadata box that government sites print above an article
META_LABELS = ("索引号", "发文机关", "成文日期", "发文字号", "发布日期", "主题分类", "标题", "發文機關", "發文字號", "發佈日期")


def _metadata_lines(t: Table) -> list[Line] | None:
    """A metadata box laid out as a table becomes `label：value` lines, which normalisation reads."""
    cells = [c.text for row in t.rows for c in row]
    if sum(any("".join(c.split()).startswith(label) for label in META_LABELS) for c in cells) < 2:
        return None
    lines: list[Line] = []
    for row in t.rows:
        texts = [c.text.strip() for c in row if c.text.strip()]
        i = 0
        while i < len(texts):
            label = "".join(texts[i].split()).rstrip(":：")
            if label in META_LABELS and i + 1 < len(texts):  # label and value in cells side by side
                lines.append(Line(text=f"{label}：{texts[i + 1]}"))
                i += 2
            else:
                lines.append(Line(text=texts[i]))
                i += 1
    return lines


def read_html(data: bytes, name: str) -> tuple[list[Page], str | None]:
    """Return the single page of the article and the page's title (a hint for the circular's title)."""
    text = decode(data, name)
    soup = BeautifulSoup(text, "lxml")
    body = soup.body
    if body is None or not body.get_text(strip=True):
        raise BadInput(f"{name}: HTML with no body text")
    title = _title(soup)
    for tag in body.find_all(_DROP):
        tag.decompose()
    tables: list[Table | list[Line]] = []
    for node in body.find_all("table"):
        if node.find_parent("table") is not None:
            continue
        t = _table(node)
        if (meta := _metadata_lines(t)) is not None:
            node.replace_with(soup.new_string("\n" + _MARK.format(len(tables)) + "\n"))
            tables.append(meta)
            continue
        # Layout tables (one column of text) are just text; keep only real data grids.
        if len(t.rows) >= 2 and max(len(r) for r in t.rows) >= 2:
            node.replace_with(soup.new_string("\n" + _MARK.format(len(tables)) + "\n"))
            tables.append(t)
    for br in body.find_all("br"):
        br.replace_with("\n")
    blocks: list[Line | Table] = []
    for raw in body.get_text("\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("\u0000TABLE"):
            found = tables[int(line.strip("\u0000")[5:])]
            blocks.extend(found if isinstance(found, list) else [found])
        else:
            blocks.append(Line(text=line))
    if not any(isinstance(b, Line) for b in blocks):
        raise BadInput(f"{name}: HTML with no article text")
    return [Page(page_no=1, blocks=blocks)], title
