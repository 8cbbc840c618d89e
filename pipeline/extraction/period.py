"""The period a circular covers (`period_year`, `period_quarter`, `period_half`, `period_month`).

Evidence, strongest first:
1. The title: a quarter written any way (`2017年第二季度`, `二季度`, `第1季度`, `2017年度第二季度`), a half
   year (`上半年`), a month (`2018年八月份`), a month range that is exactly a quarter or a half
   (`1—3月`, `1至6月`), an annual circular (`2018年度…考核`), or an ordinal check (`第N次`).
2. An ordinal check names no quarter by itself: the first national check (2015) ran over Q3 and Q4,
   Fujian's `2015年第一次` in November, Gansu's `2018年第一次` in February–March. Its quarter is the
   one the sampling dates in the body fall in (`2018年2月23日至3月6日` → Q1), else the quarter the body
   names for the check (`第三季度省政府办公厅共抽查了…`); dates over two quarters give none.
3. A title that names no period (or no title: a copy cut before it): the annex titles
   (`附件：2018年第四季度…名单`), then the opening of the body (`组织开展了2021年第二季度…检查`). A
   month in the body makes a monthly circular only when written as one (`2021年10月份`): a bare date
   (`2018年8月收到的留言`) says when something happened.
4. Else the year: the title's, else that of the body's sampling dates (`于2015年5月至8月组织开展`).

A quarter or half without its year is the last one before the circular was issued. Names in 《》 and
“” are other documents' (`按照《…关于2017年第二季度…的通报》要求`) and are not read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from normalizers.numbers import cn_to_int
from normalizers.vocabulary import CN_DIGITS

PeriodFields = dict[str, int | None]

_CN = CN_DIGITS
_YEAR = r"(?:(?P<year>\d{4}|[〇零一二三四五六七八九]{4})\s*年?度?)?"
QUARTER = re.compile(rf"{_YEAR}(?:第(?P<q>[一二三四1-4])季度?|(?P<q2>[一二三四1-4])季度)")
HALF = re.compile(rf"{_YEAR}(?P<h>上|下)半年")
ANNUAL = re.compile(r"(?P<year>\d{4})年度(?!第)")
ORDINAL = re.compile(rf"{_YEAR}第(?P<n>[{_CN}\d]{{1,3}})(?:次|轮|批)")
_TO = r"\s*(?:至|到|—|–|-|～|~)\s*"
_MONTH = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
#: a monthly circular: `2018年八月份`, `2021年3月` — not a day (`3月6日`), nor the start of a range
MONTH = re.compile(
    rf"(?<!至)(?<!到)(?<![-—～~])(?P<year>\d{{4}})年(?P<m>{_MONTH})月(?P<fen>份)?"
    rf"(?!\d|[{_CN}]{{0,3}}日|{_TO}(?:\d{{4}}年)?{_MONTH}月|[上中下]旬(?:至|到))"
)
#: months written as a span: `2015年9月至10月`, `2016年10—11月`, `2018年2月23日至3月6日`, `11月9日至27日`
SPAN = re.compile(
    rf"(?:(?P<y1>\d{{4}})年)?(?P<m1>\d{{1,2}})(?:月(?:\d{{1,2}}日)?(?:[上中下]旬)?)?{_TO}"
    rf"(?:(?P<y2>\d{{4}})年)?(?:(?P<m2>\d{{1,2}})月|(?P<d2>\d{{1,2}})日)"
)
#: one month standing for when the checks ran: `2016年6月，按照…抽查了…`
RAN_IN = re.compile(r"(?m)(?:^|[，。；：])(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?:份|[上中下]旬|期间)?(?=，|期间)")
YEAR = re.compile(r"(?P<year>\d{4})年度?")
#: a year and perhaps its month, in a sentence
DATED = re.compile(r"(\d{4})年(?:(\d{1,2})月)?")
#: a period named to compare with: `比第二季度提高`, `较上季度`, `与第一季度相比`
COMPARED = re.compile(r"(?:比|较|与|同|环比|同比)(?:上|去年)?$")
NAMES = re.compile(r"《[^《》]{0,80}》|“[^“”]{0,60}”|「[^「」]{0,60}」")
#: how far into the body the period of the check is looked for
OPENING_PARAGRAPHS = 12
#: a pinyin gloss after a character, as mirrors print them: `网（wǎng）站`
PINYIN = re.compile(r"[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}[）)]")


def _num(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else cn_to_int(text)


def _period_year(printed: str | None, end_month: int, issued: dt.date | None) -> int | None:
    """The printed year, else the year of the last such period before the circular was issued."""
    if printed:
        return _num(printed)
    if issued is None:
        return None
    return issued.year if issued.month > end_month else issued.year - 1


def _sentence_year(text: str, at: int, first_month: int) -> str | None:
    """The year of the period named at `at` without one, from the date written earlier in its
    sentence (`2015年11月，省政府办公厅…开展了第四季度抽查` → 2015); a period that starts after that
    month is the year before's (`2016年1月…第四季度` → 2015)."""
    start = max(text.rfind(stop, 0, at) for stop in "。；\n") + 1
    dates = list(DATED.finditer(text, start, at))
    if not dates:
        return None
    year, month = int(dates[-1].group(1)), dates[-1].group(2)
    return str(year - 1 if month and int(month) < first_month else year)


def _first_quarter(text: str) -> re.Match[str] | None:
    """The first quarter named, unless named in a comparison (`比第二季度提高`)."""
    return next((m for m in QUARTER.finditer(text) if not COMPARED.search(text, 0, m.start())), None)


def named_quarter(text: str) -> int | None:
    """The number of the first quarter the text names, not in a comparison."""
    m = _first_quarter(text)
    return _num(m.group("q") or m.group("q2")) if m else None


def _quarter(text: str, issued: dt.date | None) -> PeriodFields | None:
    """The first quarter named, unless named in a comparison (`比第二季度提高`)."""
    m = _first_quarter(text)
    q = _num(m.group("q") or m.group("q2")) if m else None
    if m is None or q is None:
        return None
    printed = m.group("year") or _sentence_year(text, m.start(), 3 * q - 2)
    return {"period_year": _period_year(printed, 3 * q, issued), "period_quarter": q}


def _half(text: str, issued: dt.date | None) -> PeriodFields | None:
    if not (m := HALF.search(text)):
        return None
    half = 1 if m.group("h") == "上" else 2
    printed = m.group("year") or _sentence_year(text, m.start(), 6 * half - 5)
    return {"period_year": _period_year(printed, 6 * half, issued), "period_half": half}


def _month(text: str, written_as_month: bool = False) -> PeriodFields | None:
    for m in MONTH.finditer(text):
        month = _num(m.group("m"))
        if month and 1 <= month <= 12 and (m.group("fen") or not written_as_month):
            return {"period_year": int(m.group("year")), "period_month": month}
    return None


def _span(text: str) -> tuple[int | None, int, int] | None:
    """The first span of months in `text`: (year, first month, last month)."""
    for m in SPAN.finditer(text):
        a = int(m.group("m1"))
        b = int(m.group("m2")) if m.group("m2") else a
        if 1 <= a <= b <= 12:
            year = m.group("y1") or m.group("y2")
            return (int(year) if year else None), a, b
    if r := RAN_IN.search(text):
        return int(r.group("y1")), int(r.group("m1")), int(r.group("m1"))
    return None


def _span_period(year: int | None, a: int, b: int) -> PeriodFields:
    """A span that is exactly a quarter or a half year is that period; any other, the year."""
    if b - a == 2 and a % 3 == 1:
        return {"period_year": year, "period_quarter": (a + 2) // 3}
    if b - a == 5 and a in (1, 7):
        return {"period_year": year, "period_half": 1 if a == 1 else 2}
    return {"period_year": year}


def _named_period(text: str, issued: dt.date | None) -> PeriodFields | None:
    """A period a title (or an annex title) names."""
    if (m := ANNUAL.search(text)) and not (QUARTER.search(text) or HALF.search(text)):
        return {"period_year": int(m.group("year"))}  # `2018年度…考评`: the whole year
    found = _quarter(text, issued) or _half(text, issued) or _month(text)
    if found is None and (span := _span(text)) and span[0] is not None:
        found = _span_period(*span)
    return found


def _ordinal(title: str, body: str, issued: dt.date | None) -> PeriodFields | None:
    """`第N次`: the year it names, the quarter its sampling dates (or the body) name."""
    m = ORDINAL.search(title)
    if m is None or not re.search(r"抽查|检查|监测|核查", title[m.end() : m.end() + 20]):
        return None
    year = _num(m.group("year"))
    quarter = None
    if span := _span(body):
        year = year or span[0]
        first, last = (span[1] + 2) // 3, (span[2] + 2) // 3
        quarter = first if first == last else None
    named = next((m for m in QUARTER.finditer(body) if not COMPARED.search(body, 0, m.start())), None)
    if quarter is None and named and _num(named.group("year")) in (None, year):
        quarter = _num(named.group("q") or named.group("q2"))  # `对…第三季度政府网站抽查情况进行了核查`
    if year is None and issued is not None:
        year = issued.year
    return {"period_year": year, "period_quarter": quarter}


def period(
    title: str | None,
    body: Sequence[str] = (),
    annexes: Sequence[str] = (),
    issued: dt.date | None = None,
) -> PeriodFields:
    """The period the checks cover (see the module's docstring for the order of evidence)."""
    head = NAMES.sub("", PINYIN.sub("", title or ""))
    opening = NAMES.sub("", PINYIN.sub("", "\n".join(body[:OPENING_PARAGRAPHS])))
    if head and (found := _named_period(head, issued)):
        return found
    if head and (found := _ordinal(head, opening, issued)):
        return found
    for annex in annexes:
        named = NAMES.sub("", annex)
        if found := _named_period(named, issued) or _ordinal(named, opening, issued):
            return found  # `附件：2016年第三次全州政府网站抽查不合格网站名单`
    if not head and (found := _ordinal(opening, opening, issued)):
        return found  # a copy without its title: `组织开展了2018年第二次全区政府网站抽查`
    if found := _quarter(opening, issued) or _half(opening, issued) or _month(opening, written_as_month=True):
        return found
    if m := ANNUAL.search(opening):
        return {"period_year": int(m.group("year"))}
    if head and (m := YEAR.search(head)):
        return {"period_year": int(m.group("year"))}
    if span := _span(opening):
        return {"period_year": span[0]} if span[0] else {}
    return {}
