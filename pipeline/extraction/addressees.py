"""The 主送 (addressees): a list of offices ending in ：, told apart from the lines that look like
one — the body's opening sentence (`…通报如下：`), a header field (`发电单位：`), a page's publication
line — and found whole when a page wrapped it over several lines or ran the first sentence into it.
"""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from normalizers.dates import find_dates
from normalizers.layout_settings import LAYOUT
from pipeline.extraction.chrome import PAGE_LABEL
from pipeline.extraction.paragraphs import Para

#: a header field's label (`签发人`, `发电单位`, a telegram's `X机发 号`) or a document number
HEADER_FIELD = re.compile(
    rf"{V.alternation(V.TELEGRAM_LABELS + V.ABOVE_BANNER_LABELS)}|{V.HAN_CHAR}机发\s*号|〔\d{{4}}〕\d+号"
)
OPENING_SENTENCE = re.compile(rf"{V.alternation(e[:-1] for e in V.OPENING_SENTENCE_ENDINGS)}[：:]$")
ADDRESSEE_LINE = re.compile(r"^[^。]{2,200}[：:]$")
#: a 主送 run into the first sentence on one line: the list of offices, its colon, the sentence
RUN_IN_ADDRESSEES = re.compile(r"^([^。：:]{2,150}?)[：:](\S.{8,})$")
ADDRESSEE_END = re.compile(f"{V.alternation(V.ADDRESSEE_ENDINGS)}$")
ADDRESSEE_LINES = LAYOUT.addressee_lines


def is_addressee_line(text: str) -> bool:
    """主送机关: a list of offices ending in ：, not the body's opening sentence (…通报如下：), a
    header field (`发电单位：`) or a page's publication line (`信息来源：… 发布时间：… 浏览次数：`)."""
    return (
        bool(ADDRESSEE_LINE.match(text))
        and not HEADER_FIELD.search(text)
        and not PAGE_LABEL.search(text)
        and not find_dates(text)
        and "。" not in text
        and len(text) <= 150
        and not OPENING_SENTENCE.search(text)
    )


def split_addressees(text: str) -> tuple[str, str] | None:
    """`各市人民政府，省政府各部门：2023年第二季度，…` → the 主送 and the sentence run into it."""
    m = RUN_IN_ADDRESSEES.match(text)
    if m is None or HEADER_FIELD.search(m.group(1)):
        return None
    head = m.group(1).strip()
    items = [re.sub(r"（[^（）]{1,8}）$", "", x) for x in re.split(r"[，,；;]", head) if x]
    if not items or not all(ADDRESSEE_END.search(x) for x in items):
        return None
    return head + "：", m.group(2).strip()


def lists_offices(text: str) -> bool:
    """A line that starts a 主送 a page wrapped: no sentence or colon yet, and an office named in it
    (an item before the last, which the wrap may have cut: `…生态环境厅（局），新疆生产建设`)."""
    if re.search(r"[。：:]", text):
        return False
    items = [re.sub(r"（[^（）]{1,8}）$", "", x) for x in re.split(r"[，,、；;]", text)]
    return text.endswith(("，", "、")) or any(ADDRESSEE_END.search(x) for x in items[:-1] if x)


def wrapped_addressees(paras: list[Para], j: int) -> tuple[str, int]:
    """The 主送 that starts at `j` and the lines it takes: one, or as many as the page wrapped it
    onto (one office a line, or broken mid-word)."""
    t = paras[j].text
    if is_addressee_line(t) or split_addressees(t):
        return t, 1
    joined, used = t, 1
    while used < ADDRESSEE_LINES and j + used < len(paras) and lists_offices(joined):
        joined += paras[j + used].text
        used += 1
        if is_addressee_line(joined) or split_addressees(joined):
            return joined, used
    return t, 1
