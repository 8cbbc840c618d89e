"""The words of circulars, in one place: every word list and every pattern that more than one stage
reads, or that says what a part of a circular looks like. Stages import from here and define no word
list of their own, so that a new wording is one entry here and copies cannot drift apart.

Lists are tuples of words; `alternation` makes a regex group of one. Everything is matched after
canonical text (Simplified characters, CJK spacing closed, full-width punctuation) unless its name or
comment says otherwise. Where two lists look alike but differ on purpose, the comment says why.
"""

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

#: outline numbers by level: 一、 / （一） / 1. / （1）; group 1 is the number
OUTLINE_LEVELS: tuple[tuple[int, str], ...] = (
    (1, rf"^([{CN_DIGITS}]{{1,3}})[、，,．.·]\s*"),
    (2, rf"^[（(]([{CN_DIGITS}]{{1,3}})[）)]\s*"),
    (3, r"^(\d{1,2})[.．、](?!\d)\s*"),
    (4, r"^[（(](\d{1,2})[）)]\s*"),
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
#: words in an annex's title that say which table it holds
FINDINGS_TITLE_PATTERN = r"网站名单|问题网站|不合格.{0,8}网站|网站.{0,6}名单"
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

# --- web pages ---------------------------------------------------------------------------------

#: labels of the 政府信息公开 metadata box government sites print above an article
META_LABELS = (
    "索引号",
    "主题分类",
    "发文机关",
    "发布机构",
    "成文日期",
    "发文日期",
    "标题",
    "名称",
    "发文字号",
    "文号",
    "发布日期",
    "主题词",
    "有效性",
    "时效性",
    "统一编号",
    "信息分类",
    "组配分类",
    "体裁分类",
    "公开方式",
    "公开范围",
    "公开时限",
    "生成日期",
    "内容概述",
    "分类",
)
#: the labels of a legal database's attribute block, printed in brackets: `•【公布日期】2020.08.12`
#: (its `字号` is the document number; elsewhere `字号：` is a page's font-size widget)
BRACKET_META_LABELS = (
    "制定机关",
    "发布部门",
    "公布日期",
    "发布日期",
    "字号",
    "发文字号",
    "施行日期",
    "效力等级",
    "时效性",
    "主题分类",
    "法规类别",
)
#: which header field a metadata label is evidence for; 发布机构 is who put the page up, usually the
#: issuer, so it counts only when no 发文机关 says otherwise
META_FIELDS = {
    "发文机关": "issuer",
    "制定机关": "issuer",
    "发布部门": "issuer",
    "发布机构": "publisher",
    "成文日期": "issue_date",
    "发文日期": "issue_date",
    "标题": "title",
    "名称": "title",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "字号": "doc_number",
    "发布日期": "publish_date",
    "公布日期": "publish_date",
}
#: buttons of a page's tool bar, alone on a line or in a row: `【打印】【关闭】`, `分享到`
TOOLBAR_WORDS = (
    "打印",
    "打印本页",
    "打印此页",
    "打印文章",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "收藏",
    "加入收藏",
    "设为首页",
    "分享",
    "分享到",
    "返回顶部",
    "我要纠错",
    "纠错",
    "下载",
    "举报",
    "加入阅读清单",
    "免费在线预览全文",
    "合集下载",
    "全文下载",
    "跳转到内容",
    "扫一扫在手机打开当前页",
    "扫一扫",
    "在手机打开当前页",
    "QQ空间",
    "微信",
    "微博",
    "网站地图",
    "站内搜索",
    "搜索",
)
#: a line that is only a page's language or mode switch
SWITCH_WORDS = ("EN", "ENGLISH", "English", "中文", "简体", "繁体", "无障碍")
#: the versions and modes a page offers: `简体 | 繁體 | English | 无障碍 | 长者模式`
VERSION_WORDS = (
    "简体",
    "繁体",
    "繁體",
    "English",
    "ENGLISH",
    "EN",
    "无障碍",
    "无障碍浏览",
    "无障碍阅读",
    "长者模式",
    "关怀版",
    "关怀模式",
    "手机版",
    "移动版",
    "蒙古文",
    "藏文",
    "维吾尔文",
    "登录",
    "注册",
    "欢迎您",
    "欢迎访问",
    "智能问答",
)
#: the items of a portal's menu bar (a line of nothing else is chrome: `首页 | 政务公开 | 互动交流`)
MENU_WORDS = (
    "首页",
    "网站首页",
    "政务公开",
    "政府信息公开",
    "信息公开",
    "政务服务",
    "办事服务",
    "互动交流",
    "政民互动",
    "公众参与",
    "新闻",
    "新闻中心",
    "要闻动态",
    "资讯",
    "机构",
    "数据开放",
    "专题",
    "专题专栏",
    "政策",
    "政策文件",
    "政务",
    "服务",
    "互动",
    "数据",
)
#: a menu item that leads to a place's own page: `走进河北`, `走进宜昌`
MENU_ITEM_PATTERN = r"^走进\S{1,6}$"
#: the buttons of a font-size widget: `【字体：大 中 小】`, `字号:默认 超大`
FONT_SIZE_WORDS = ("大", "中", "小", "默认", "超大", "A+", "A-")
FONT_SIZE_LABELS = ("字体", "字号")
#: what document-sharing sites print around a document: labels, and phrases of their disclaimers
DOCSITE_WORDS = ("文章属性", "正文", "免费在线预览全文", "相关文档", "猜你喜欢")
DOCSITE_PHRASES = (
    "下载文档前请自行甄别",
    "仅部分预览",
    "文档侵犯您的权益",
    "本文档共",
    "版权归属内容提供方",
    "可阅读全部内容",
    "不提供额外的编辑",
)
#: labels of a page's publication line (`发布时间：… 来源：… 浏览次数：`), by what their value is:
#: the date the page went up, the source it names, or nothing of the circular's
PAGE_DATE_LABELS = ("发布时间", "发布日期", "时间", "日期", "上传时间", "上传日期", "更新时间")
PAGE_SOURCE_LABELS = ("来源", "信息来源", "文章来源", "稿件来源", "本文转载自", "转载自")
PAGE_OTHER_LABELS = (
    "浏览次数",
    "浏览量",
    "浏览",
    "浏览人气",
    "点击",
    "点击数",
    "点击量",
    "访问次数",
    "访问量",
    "阅读",
    "阅读次数",
    "阅读量",
    "作者",
    "责任编辑",
    "编辑",
    "发布者",
    "发布人",
    "上传者",
    "文档格式",
    "页数",
    "积分",
    "下载次数",
    "收藏次数",
    "内容提供方",
    "大小",
    "字数",
    "需要金币",
    "字号",
    "字体",
    "分享到",
)
_TOOLBAR = alternation(TOOLBAR_WORDS)
#: whole lines of web-page furniture (matched after conversion to Simplified): a line matching one
#: of these is removed, and counted
CHROME_LINE_PATTERNS = (
    rf"^{alternation(SWITCH_WORDS)}$",
    r"^(?:https?://|www\.)[!-~]+$",  # a URL alone; its wrapped rest before prose (`…/>）进行公示。`) is prose
    r"^(?:[【\[][^】\]]{1,8}[】\]]\s*)+$",  # nothing but 【打印】【关闭】-style buttons
    rf"^[【\[]?{_TOOLBAR}[】\]]?(?:\s*[|｜]?\s*[【\[]?{_TOOLBAR}[】\]]?)*[|｜\s]*$",
    r"^当前位置|^首页\s*[>＞]|^(?:您|你)?(?:现在|当前)?(?:所在)?的?位置[:：]",
    r"^分享到[:：]|^今天是|^欢迎(?:您)?(?:访问|来到|光临)|^(?:浏览|阅读|点击|访问)(?:次数|量|数)[:：]",
    r"^[|｜>＞·•\s]+$",
    rf"^(?:简体|繁体|繁體)(?:版|中文)?(?:\s*[|｜]\s*{alternation(VERSION_WORDS)}(?:版|中文)?)*\s*[|｜]?$",
    # a path (or the wrapped rest of one); a `<…>` pair is a quoted title inside a 《…》, not a path
    r"^[^。，：<＜>＞»]{0,20}(?:\s*[>＞»]\s*[^。，：<＜>＞»]{1,20})+$",
    r"^[\s\d.•·]*(?:<[^<>]*>\s*)+$",  # markup left in a copied page: `1. <strike id="x"></strike>`
    r"^(?:上一篇|下一篇|相关(?:文章|阅读|链接|新闻|文件|稿件))[:：]",  # links to other pages
    # the footer: `主办单位：…`, `版权所有`, a registration number (`京ICP备05070218号`); never a line of
    # a sentence that names them (`…网站名称、ICP备案号、首页网址…`)
    r"^(?:(?:主办|承办|协办)(?:单位)?[:：]|版权所有|Copyright|©)[^。，；、]*$",
    r"^[^。，；、]*(?:ICP备\s*\d{5,}|公网安备\s*\d{5,})[^。，；、]*$",
)
#: widgets that make a line chrome wherever they sit on it — but only on a line that is not prose: a
#: body sentence may name them (`（二）个别网站未设置扫一扫功能，政务微博二维码失效。`)
CHROME_WIDGET_PATTERN = r"字[号体][:：]?\s*(?:默认|大|中|小|超大)|扫一扫|二维码|责任编辑|【我要纠错】"
#: a bracketed widget inside a line of the page's furniture: `【字体：大 中 小】`, `[打印本页]`, `[大]`
BRACKETED_WIDGET_PATTERN = (
    rf"[【\[]\s*(?:(?:字[号体])\s*[:：]?\s*)?(?:(?:{alternation(FONT_SIZE_WORDS + TOOLBAR_WORDS)})\s*)*[】\]]"
)
#: a font-size widget cut off at the end of a line (`…【字体：打印`): from its bracket on
TRAILING_WIDGET_PATTERN = r"\s*[【\[]\s*字[号体][:：]?[^】\]]*$"
#: what separates a page's headline from the site's name after it (`关于…的通报_政府文件_某省人民政府`)
HEADLINE_SEPARATOR_PATTERN = r"\s*(?:_|\||｜|－|—| - )\s*"
#: list bullets a copied page leaves before its lines (`• 标题：…`, `•【公布日期】`)
BULLET_PATTERN = r"^[•·●◆◇■□▪▶►\-]\s*"
#: a printed page number: `— 3 —`, `-3-`, `3`
PAGE_NUMBER_PATTERN = r"^[-—–一―_－~～\s]*\d{1,3}[-—–一―_－~～\s]*$"

# --- noise of mirror sites -------------------------------------------------------------------

#: the lead-byte rows of the frequent characters: GB2312 level 1 and Big5 level 1 (read, with the
#: encodings, as the sets of characters a text in either script is nearly all made of)
GB2312_LEVEL1_ROWS = (0xB0, 0xD7)
BIG5_LEVEL1_ROWS = (0xA4, 0xC6)
#: vowels with a tone mark: a bracketed syllable holding one is a pinyin gloss, not text
PINYIN_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: a mirror's pinyin gloss right after an ideograph: `網(wǎng)`, `發(fā)`
PINYIN_GLOSS_PATTERN = (
    rf"(?<={HAN_CHAR})[（(](?=[a-zü]*[{PINYIN_TONE_VOWELS}])[a-zü{PINYIN_TONE_VOWELS}]{{1,7}}[）)]"
)
#: what a count, a date part or a rate is followed by: the units that end a number in circulars
#: (in both scripts: the repair runs before conversion to Simplified)
NUMBER_UNITS = "年月日号个家条件名人次项处篇分万亿期轮批位元天周%％個條項處萬億輪"
#: digit groups apart only by single spaces, before a unit: `4 16 个`, `1 024 个`, `9 5.2%`
SPACED_NUMBER_PATTERN = rf"(?<![\d.])\d+(?: \d+)+(?=(?:\.\d+)? ?[{NUMBER_UNITS}])"
