"""Perturbations a copied page makes to a circular's text, for the metamorphic tests: page chrome
around the article, the title printed again as a headline, a URL on top, half- and full-width
punctuation swapped, spaces inside numbers, a metadata box above, annex tables flattened to words. Each is a function of the text,
the circular extracted from it (for the title, number and issuer a page would print) and a seeded
random generator; none may change what is extracted.

Plain helpers (tests import them, never each other).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from normalizers import vocabulary as V
from schemas import Circular

Perturbation = Callable[[str, Circular, random.Random], str]

#: lines of page furniture as portals, mirrors and document sites print them (written out here as
#: pages print them, spaced and bracketed, not as the vocabulary spells them)
CHROME_ABOVE = (
    "无障碍浏览 | 长者模式",
    "无障碍 | 关怀版 | English",
    "首页 | 政务公开 | 政务服务 | 互动交流 | 数据开放",
    "首页 > 政务公开 > 通知公告",
    "您现在所在的位置: 首页 > 政务公开 > 政府文件",
    "【字体：大 中 小】 【打印】 【关闭】",
    "字号:默认 超大 | 打印 |",
    "分享到：",
    "合集下载",
    "跳转到内容",
    "EN",
)
CHROME_BELOW = (
    "【我要纠错】 责任编辑：张三",
    "扫一扫在手机打开当前页",
    "【打印】【关闭】",
    "分享到：",
    "返回顶部",
)
URLS = ("https://www.gov.cn/zhengce/content/2017-11/03/content_5236740.htm", "www.example.gov.cn/art/1.html")
#: what punctuation swaps into: full width ↔ half width, undone by canonical text next to Chinese
TO_HALF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "。": "."}
TO_FULL = {v: k for k, v in TO_HALF.items() if v != "."}
HAN = re.compile(V.HAN_CHAR)
#: a number of two digits or more that a unit follows: a space may be put inside it
NUMBER = re.compile(rf"(?<![\d.])\d{{2,}}(?=(?:\.\d+)?[ ]?[{V.NUMBER_UNITS}])")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def add_chrome(text: str, c: Circular, rng: random.Random) -> str:
    above = rng.sample(CHROME_ABOVE, rng.randint(2, 4))
    below = rng.sample(CHROME_BELOW, rng.randint(1, 2))
    return "\n".join([*above, text.rstrip("\n"), *below]) + "\n"


def repeat_title(text: str, c: Circular, rng: random.Random) -> str:
    if not c.header.title:
        return text
    return f"{c.header.title}\n{text}"


def url_on_top(text: str, c: Circular, rng: random.Random) -> str:
    return f"{rng.choice(URLS)}\n{text}"


def _han(ch: str) -> bool:
    return bool(HAN.match(ch))


def swap_punctuation(text: str, c: Circular, rng: random.Random) -> str:
    """Full width to half and half to full, where Chinese stands beside the mark (so that `29,431`,
    `17:10` and a URL keep theirs)."""
    chars = list(text)
    for i, ch in enumerate(chars):
        left = chars[i - 1] if i else ""
        right = chars[i + 1] if i + 1 < len(chars) else ""
        if ch == "。" and not _han(left):
            continue  # `.` becomes 。 only after an ideograph
        if (ch in ("（", "(") and not _han(right)) or (ch in ("）", ")") and not _han(left)):
            continue  # brackets are widened by what they enclose
        swap = TO_HALF.get(ch) or TO_FULL.get(ch)
        if swap and (_han(left) or _han(right)) and rng.random() < 0.5:
            chars[i] = swap
    return "".join(chars)


def space_in_numbers(text: str, c: Circular, rng: random.Random) -> str:
    def split(m: re.Match[str]) -> str:
        digits = m.group(0)
        if rng.random() < 0.5:
            return digits
        at = rng.randint(1, len(digits) - 1)
        return f"{digits[:at]} {digits[at:]}"

    return "\n".join(line if "\t" in line else NUMBER.sub(split, line) for line in _lines(text))


def metadata_box(text: str, c: Circular, rng: random.Random) -> str:
    """The 政府信息公开 box a portal prints above the article: only fields the circular states, so
    the box agrees with the text (as lines, tab-separated, or bulleted)."""
    h = c.header
    fields = [("索引号", "000014349/2019-00031"), ("主题分类", "综合政务\\政务公开")]
    if h.issuer:
        fields.append(("发文机关", h.issuer))
    if h.issue_date:
        fields.append(
            ("成文日期", f"{h.issue_date.year}年{h.issue_date.month:02d}月{h.issue_date.day:02d}日")
        )
    if h.title:
        fields.append(("标　　题", h.title))
    if h.doc_number:
        fields.append(("发文字号", h.doc_number))
    style = rng.choice(("lines", "tabs", "bullets"))
    if style == "tabs":
        box = ["\t".join(f"{k}：\t{v}" for k, v in fields[i : i + 2]) for i in range(0, len(fields), 2)]
    elif style == "bullets":
        box = [f"• {k}：{v}" for k, v in fields]
    else:
        box = [f"{k}：{v}" for k, v in fields]
    return "\n".join(box) + "\n" + text


def _numbered_table(rows: list[list[str]]) -> bool:
    """A table a web page prints one line a row: a 序号 header and every row numbered in turn."""
    if len(rows) < 2 or rows[0][0].strip() not in ("序号", "编号"):
        return False
    return all(r[0].strip().rstrip(".、") == str(i) for i, r in enumerate(rows[1:], 1))


def tables_as_words(text: str, c: Circular, rng: random.Random) -> str:
    """A table copied off a page as text: its tabs become an ideographic space or a single space (one
    choice per table), empty cells vanish. Tables that need their rules (no 序号, wrapped rows) stay."""
    lines = _lines(text)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        rows = [ln.split("\t") for ln in lines[i:j]]
        if _numbered_table(rows):
            gap = rng.choice(("\u3000", " "))
            out += [gap.join(cell.strip() for cell in row if cell.strip()) for row in rows]
        else:
            out += lines[i:j]
        i = j
    return "\n".join(out)


PERTURBATIONS: dict[str, Perturbation] = {
    "chrome": add_chrome,
    "title_repeated": repeat_title,
    "url_on_top": url_on_top,
    "punctuation": swap_punctuation,
    "spaced_numbers": space_in_numbers,
    "metadata_box": metadata_box,
    "tables_as_words": tables_as_words,
}

#: the parts of a Circular that say where or how it was read, or what was removed on the way
PROVENANCE = {
    "doc_id",
    "source_path",
    "source_sha256",
    "source_file",
    "pages",
    "document_files",
    "warnings",
    "doubts",
    "extraction_version",
}


def _content(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _content(x) for k, x in v.items() if k not in PROVENANCE}
    if isinstance(v, list):
        return [_content(x) for x in v]
    return v


def differences(want: Circular, got: Circular) -> list[str]:
    """Field by field (header fields one by one, rows by position), what `got` extracted differently."""
    a, b = _content(want.model_dump(mode="json")), _content(got.model_dump(mode="json"))
    out: list[str] = []
    for key, value in a.items():
        if value == b.get(key):
            continue
        if isinstance(value, dict):
            out += [
                f"{key}.{f}: want {v!r} got {b[key].get(f)!r}" for f, v in value.items() if v != b[key].get(f)
            ]
        elif isinstance(value, list):
            other: list[Any] = b.get(key) or []
            if len(value) != len(other):
                out.append(f"{key}: {len(value)} rows, got {len(other)}")
            out += [
                f"{key}[{i}]: want {x!r} got {y!r}"
                for i, (x, y) in enumerate(zip(value, other, strict=False))
                if x != y
            ][:3]
        else:
            out.append(f"{key}: want {value!r} got {b.get(key)!r}")
    return out
