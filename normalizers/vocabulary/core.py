"""The words of circulars: scripts and numerals, the subject, offices, the header, the outline,
annexes and the colophon (see the package's docstring)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from importlib import resources


def alternation(words: Iterable[str]) -> str:
    """`(?:a|b|c)` of literal words, longest first so that a longer word wins over its prefix."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# --- scripts and numerals ----------------------------------------------------------------------

#: CJK ideographs: the basic block and extension A (rare characters in names)
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
#: every ideograph as code-point ranges: unified, extension A, compatibility ideographs and the
#: supplementary-plane extensions; 〇 (U+3007) is an ideograph too (written years: 二〇一七)
IDEOGRAPH_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
IDEOGRAPHIC_ZERO = 0x3007
#: one Han character, as a regex class
HAN_CHAR = f"[{HAN}]"
#: the basic block alone (what GB2312 and Big5 cover; encoding sniffing counts these)
HAN_BASIC = ("\u4e00", "\u9fff")
#: CJK symbols and punctuation (、。〈〉《》「」〔〕…), and the full-width forms (，：；（）０-９)
CJK_PUNCT_BLOCK = ("\u3000", "\u303f")
FULLWIDTH_BLOCK = ("\uff00", "\uffef")
#: Chinese numerals as outline numbers and counts are written (一 … 十; 十一 is two of them)
CN_DIGITS = "一二三四五六七八九十"
#: every character a number written in words may hold (`两千零三十`, `〇`)
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万"

# --- the subject -------------------------------------------------------------------------------

#: what every circular about government websites (or their 新媒体 accounts) says, in either script
#: (matched before conversion, so both spellings are listed)
SUBJECT_WORDS = (
    "网站",
    "網站",
    "网页",
    "網頁",
    "新媒体",
    "新媒體",
    "政务微博",
    "政務微博",
    "公众号",
    "公眾號",
)
#: words naming 政务新媒体 accounts and their platforms: a table row of such a kind is not a website,
#: a sentence of them (and no 网站) is not about websites
NEW_MEDIA_WORDS = (
    "新媒体",
    "账号",
    "公众号",
    "微博",
    "微信",
    "客户端",
    "头条号",
    "头条",
    "抖音",
    "快手",
    "小程序",
    "APP",
    "App",
    "app",
)

# --- offices -----------------------------------------------------------------------------------

#: the endings of an office's name, longest first: `…人民政府办公厅`, `…委员会`, `…局`
ORG_SUFFIXES = (
    "人民政府办公厅",
    "人民政府办公室",
    "人民政府",
    "政府办公厅",
    "政府办公室",
    "办公厅",
    "办公室",
    "委员会",
    "中心",
    "政府",
    "厅",
    "局",
    "委",
    "办",
)
ORG_SUFFIX = alternation(ORG_SUFFIXES)
#: a national issuer GB/T 2260 cannot place: the State Council's offices, its ministries and
#: administrations (`交通运输部办公厅`, `国家税务总局办公厅`, `国家民委舆情中心`)
CENTRAL_ISSUER_PATTERN = (
    r"^(?:国务院|国家|中共中央|中央|中国)"
    rf"|^{HAN_CHAR}{{2,8}}?(?:部|总局|总署)(?:办公厅|办公室|信息中心)?$"
)
#: provincial-level issuers that are no GB/T 2260 division, though their names hold one: the 兵团 is
#: listed beside the provinces, and is not 新疆维吾尔自治区's government
PROVINCIAL_NON_REGIONS = ("新疆生产建设兵团",)
#: how a circular names its own issuer in the body (`我厅组织开展了…`), by the office it means:
#: 厅 is a province's general office, 办 a city's or county's (or a province's) office
SELF_REFERENCES = {"我厅": "办公厅", "本厅": "办公厅", "我办": "办公室", "本办": "办公室"}
#: the scope a circular's checks cover, by the level of the place that issues it
SCOPE_LEVELS = {
    "全省": "province",
    "全区": "province",
    "全市": "city",
    "全州": "city",
    "全盟": "city",
    "全县": "county",
}
#: the endings of a name that stands alone on a line as a signature or banner; stricter than
#: ORG_SUFFIXES, because a body line may end in 局 or 厅 and must still run on
STANDALONE_ORG_SUFFIXES = ("办公厅", "办公室", "人民政府", "委员会")
#: what a banner (发文机关标志) ends in after the office: `…文件`, `…发电`
BANNER_SUFFIXES = ("文件", "发电")

# --- the header --------------------------------------------------------------------------------

#: labels of the telegram form's fields and of the regular form's 签发人
TELEGRAM_LABELS = ("发电单位", "签批盖章", "签发人", "等级")
#: fields GB/T 9704 prints above the banner: 份号 and 密级 (their labels) and their values
ABOVE_BANNER_LABELS = ("份号", "密级")
URGENCIES = ("特急", "加急")
#: urgency words also seen above a banner (特提 is above 特急; 平急 the lowest)
ALL_URGENCIES = ("特急", "加急", "特提", "平急")
TRANSMISSIONS = ("明电", "密电")
SECRECY_LEVELS = ("秘密", "机密", "绝密")
#: the words a title ends in (`关于…的通报`); a title line is one ending so, or a line before it
TITLE_ENDINGS = ("通报", "通知", "决定", "意见", "公告", "通告")
#: the endings that close a title for certain: a line set like body text that ends so is not run on
TITLE_CLOSERS = ("的通报", "情况通报")
#: an aggregator's headline: the document number, then the title in book-title marks (a line alone)
HEADLINE_PATTERN = r"^(?:\S{1,20}〔\d{4}〕\d{1,5}号)?《(.{8,100})》$"
#: what each office in a 主送 list ends in (`各市人民政府，省政府各部门、各直属机构：`); a bracket after
#: it (`市政府各部门（单位）`) is read past
ADDRESSEE_ENDINGS = (
    "人民政府",
    "政府",
    "部门",
    "单位",
    "机构",
    "管委会",
    "委员会",
    "办公厅",
    "办公室",
    "司局",
    "企业",
    "院校",
    "公司",
    "中心",
    "兵团",
    "行政公署",
    "街道办事处",
    "局",
    "厅",
    "委",
    "办",
    "院",
    "所",
)
#: 主送机关 is a list of offices ending in ：, not the body's opening sentence (`…通报如下：`)
OPENING_SENTENCE_ENDINGS = ("如下：", "通报：", "情况：")

# --- the outline -------------------------------------------------------------------------------

#: outline numbers by level: 一、 / （一） / 1.; group 1 is the number. The outline stops at the
#: contract's three levels: a `（1）` under a `1.` is a list item (one case, one site) in its section's
#: text, not a heading
OUTLINE_LEVELS: tuple[tuple[int, str], ...] = (
    (1, rf"^([{CN_DIGITS}]{{1,3}})[、，,．.·]\s*"),
    (2, rf"^[（(]([{CN_DIGITS}]{{1,3}})[）)]\s*"),
    (3, r"^(\d{1,2})[.．、](?!\d)\s*"),
)
#: what a copy leaves where it destroyed an outline number's numeral: `?、主要问题`, `（�）`
DESTROYED_CHAR = "[?？\ufffd□■]"
#: characters that follow a bare 一 / 二 … in ordinary words (`一是`, `一些`, `一般`): after them a
#: line starting with a numeral is prose, not a level-1 heading whose 、 OCR lost
NOT_A_HEADING_AFTER_NUMERAL = "是些般直定方致切律次级共同起旦道下批"

# --- annexes -----------------------------------------------------------------------------------

#: 附件 (an annex) and 附表 (a table annexed) both start an annex list or heading
ANNEX_WORDS = ("附件", "附表")
ANNEX_WORD = alternation(ANNEX_WORDS)
#: an annex's mark in a file name (`X_附件1.xls`, `附件二.doc`, `附表３`, `附件` alone): its number, if any
ANNEX_FILE_MARK = re.compile(rf"{ANNEX_WORD}\s*([0-9０-９]{{1,2}}|[{CN_DIGITS}]{{1,3}})?")
#: words of an annex's title in a file name (`…不合格网站名单.xlsx`), and words of a circular's own
ANNEX_FILE_TITLE_WORDS = (
    "名单",
    "名录",
    "清单",
    "情况表",
    "一览表",
    "统计表",
    "汇总表",
    "扣分",
    "得分",
    "问题网站",
    "检查结果",
    "抽查结果",
)
CIRCULAR_FILE_WORDS = ("通报", "通知", "决定", "意见")
#: how an annex's title ends when it is whole (one cut at a wrap ends otherwise: `…全省政府网站`)
ANNEX_TITLE_ENDINGS = ("名单", "情况", "表", "清单", "汇总", "明细", "一览", "结果", "统计", "名录")
#: words in an annex's title that say which table it holds
FINDINGS_TITLE_PATTERN = (
    r"网站名单|问题网站|不合格.{0,8}网站|网站.{0,6}名单|网站.{0,12}问题(?:清单|名单|汇总)"
)
DEDUCTIONS_TITLE_PATTERN = r"扣分"
#: a table's summing row, not a unit
TOTAL_ROW_WORDS = ("合计", "总计", "小计", "共计", "总分")


def _columns() -> tuple[tuple[str, str], ...]:
    with (resources.files("normalizers") / "reference" / "columns.csv").open("r", encoding="utf-8") as f:
        return tuple((row["column"], row["pattern"]) for row in csv.DictReader(f))


#: what an annex table's header cell names, as (column, pattern) rows of normalizers/reference/
#: columns.csv; precedence is the file's order: a header cell is the first column whose pattern it
#: matches and that no cell to its left has taken
TABLE_COLUMNS = _columns()

# --- the colophon (版记) and the end -----------------------------------------------------------

COLOPHON_LABELS = ("抄送", "主送", "印发")
