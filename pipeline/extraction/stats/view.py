"""A sentence's matching view: the same words with the noise of copies taken out, so that the grammar
is written once for every way a figure is printed.

What the view undoes (each seen in circulars copied from portals and mirrors): spaces inside and
around numbers (`共计 34家`, `1 024个`), full-width digits and ％, half-width punctuation (`,` `;` `(`),
pinyin glosses after characters (`网（wǎng）站`), rates in words (`百分之九十五`). What it hides:
names in quotes and book-title marks (`“我为政府网站找错”平台`, `《…政府网站…办法》`), whose words
are names and not the sentence's subject, and bracketed asides without a number (`（不含…）`), which
stand between a noun and its count. Evidence keeps the sentence as printed.
"""

from __future__ import annotations

import re

from normalizers.numbers import parse_number
from normalizers.vocabulary import CN_NUMERAL_CHARS

#: a rate in words: `百分之九十五`, `百分之九十五点五`, `百分之百`
CN_PERCENT = re.compile(f"百分之([{CN_NUMERAL_CHARS}点]+)")
FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": ".", "﹪": "%"})
HALFWIDTH_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})
#: a thousands separator inside a number (`1,024`), before commas become clause breaks
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
#: a full stop that is no decimal point ends a clause (`94.7%.对二季度…`)
STOP = re.compile(r"(?<!\d)\.|\.(?!\d)")
#: a pinyin gloss, as mirrors of Traditional pages print them: `網（wǎng）站`
PINYIN = re.compile(r"（[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}）")
#: names: quoted, in book-title marks, or in corner brackets (not more than a line's worth, so that a
#: mark left open by a cut never hides the rest of the sentence)
NAMES = re.compile(r"“[^“”]{0,40}”|《[^《》]{0,80}》|「[^「」]{0,40}」|『[^『』]{0,40}』")
#: a bracketed aside holding no number (`（不含甘肃政务服务网站群）`, `（县政府门户网站）`)
ASIDE = re.compile(r"（[^（）\d]{0,40}）")
#: a bracketed count of the noun before it (`所有政府网站（共58个）`): read as if unbracketed
COUNT_ASIDE = re.compile(r"（((?:共|计|合计|共计)?\d+(?:\.\d+)?[个家])）")


def _arabic_percent(m: re.Match[str]) -> str:
    value = 100.0 if m.group(1) == "百" else parse_number(m.group(1))
    return m.group(0) if value is None else f"{value:g}%"


def _blank(m: re.Match[str]) -> str:
    text = m.group(0)
    return text[0] + text[-1]


def prepare(sentence: str) -> str:
    """The view the grammar reads (see the module's docstring)."""
    text = sentence.translate(FULLWIDTH)
    text = THOUSANDS.sub("", text)
    text = re.sub(r"\s+", "", text)
    text = text.translate(HALFWIDTH_PUNCT)
    text = STOP.sub("，", text)
    text = PINYIN.sub("", text)
    text = CN_PERCENT.sub(_arabic_percent, text)
    text = NAMES.sub(_blank, text)
    return COUNT_ASIDE.sub(r"\1", ASIDE.sub("", text))
