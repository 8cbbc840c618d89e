"""One sentence as the grammar reads it: its clauses, the quantities in them, the subject each quantity
counts and the predicates that say what of that subject is counted.

- A quantity is a number and its unit (`42个`, `34家`, `187条`, `19人`, `96.9%`).
- Its subject is the noun after the classifier (`857个政府网站`, `10个县政府门户网站`); when the
  classifier stands alone (`网站42个`, `其中34家不合格`) the nearest subject before it in the clause;
  else the subject of the nearest clause before it that names one (`共检查政府网站19个，合格18个，
  不合格1个`); else none, and `figures` asks the paragraph's previous sentence. A classifier followed
  by any other noun counts that noun (`3个工作日`, `16个市`) and the quantity is dropped.
- Its predicates are the predicate words of its stretch of the clause: from the quantity before it
  to the quantity after it. Quantities listed with 、 share what stands before the list (its verb:
  `检查全市政府网站42个、政务新媒体135个`) and what stands after it (`3个政府网站、6个政务新媒体不合格`);
  each keeps the words inside its own item (`空白栏目11个、超期未更新栏目27个`). A part opened by 中
  after a subject (`在运行的736个政府网站中的245个`) leaves the words before it behind.
- A rate's predicate is its rate word, right before the number (`合格率为96.9%`); rates listed after it
  share it (`一季度至四季度合格率分别为97.1%、100%、97.1%`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers.numbers import parse_number
from normalizers.vocabulary import CN_NUMERAL_CHARS, HAN_CHAR
from pipeline.extraction.stats.grammar import Grammar, Token

CLAUSE_BREAK = re.compile(r"[，：；（）？！。]")
NUMBER = re.compile(
    rf"(?<![\dA-Za-z.第])(?P<n>\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)(?P<mult>万)?(?P<approx>余|多)?"
)
LIST_MARK = re.compile(r"、|^(?:和|及|以及)")
LIST_MARK_ANYWHERE = re.compile(r"、")
PUNCT = "，：；（）？！。、"
#: how far after a classifier a compound noun may end in a subject word (`县政府门户网站`, `网民留言`)
COMPOUND_GAP = 8
HAN_RUN = re.compile(f"{HAN_CHAR}+")
#: predicate classes that stand before a list of quantities and govern each item (`关停整合…5个、…17个`)
VERBS = frozenset({"checked", "running", "closed", "received"})
#: what says how something was found, not what was found: an item with only these takes what stands
#: after the list
NOT_STATUS = VERBS | {"check_context", "passive_check", "recheck", "total", "involving"}


@dataclass
class Quantity:
    start: int
    end: int
    value: float
    unit: str
    clause: int
    subject: Token | None = None
    #: how the subject was found: right (after the classifier), left, carried, unit (名/人), none
    how: str = "none"
    #: the words that qualify the subject (`省级`, `第一季度通报的`, `各地区、各部门`)
    np: str = ""
    #: the clause of the subject says it was checked by someone else (`我省被抽查政府网站13家`)
    passive: bool = False
    predicates: list[Token] = field(default_factory=list)
    #: the counted noun is joined to others that have no count (`69个省直部门网站以及17市门户`)
    partial: bool = False
    #: the list (of quantities joined by 、) it is an item of
    run: int = -1
    #: the end of the subject after the classifier, or of the unit
    tail: int = 0
    #: a rate given its subject by the order of a `分别` list (`网站…、政务新媒体…，合格率分别为95%和97%`)
    paired: bool = False


@dataclass
class Sentence:
    view: str
    clauses: list[tuple[int, int]]
    subjects: list[Token]
    predicates: list[Token]
    quantities: list[Quantity]

    def clause_of(self, pos: int) -> int:
        return next(i for i, (a, b) in enumerate(self.clauses) if a <= pos <= b)

    def text(self, clause: int) -> str:
        a, b = self.clauses[clause]
        return self.view[a:b]


def _clauses(view: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in CLAUSE_BREAK.finditer(view):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(view)))
    return spans


def _quantities(s: Sentence, g: Grammar) -> list[Quantity]:
    out = []
    for m in NUMBER.finditer(s.view):
        after = s.view[m.end() :]
        unit = next(((w, c) for w, c in g.units if after.startswith(w)), None)
        if unit is None:
            continue
        value = parse_number(m.group("n"))
        if value is None or (unit[1] == "percent" and not m.group("n")[0].isdigit()):
            continue
        if m.group("mult"):
            value *= 10000
        end = m.end() + len(unit[0])
        out.append(Quantity(m.start(), end, value, unit[1], s.clause_of(m.start()), tail=end))
    return out


def _subjects(view: str, g: Grammar, predicates: list[Token]) -> list[Token]:
    """Subject words outside predicate words (`突出问题` is no message); a word that is both names
    its subject too (`错链`: a broken link)."""
    out = []
    for t in g.subjects.scan(view):
        inside = next((p for p in predicates if p.start <= t.start and t.end <= p.end), None)
        if inside is None or view[inside.start : inside.end] == view[t.start : t.end]:
            out.append(t)
    return out


def _right(s: Sentence, q: Quantity, g: Grammar) -> str:
    """After the classifier: `subject` (and sets it), `pronoun` (the classifier stands alone), `other`.

    The noun may be a compound ending in a subject word (`10个县政府门户网站`, `52个省级部门网站`,
    `1条网民留言`): its first words then qualify it, as a noun phrase before the number would. A
    classifier of time or rounds (`3个工作日`, `6个月`) counts no subject."""
    pos, skipped = q.end, False
    starts = {p.start: p for p in s.predicates}
    subjects = {t.start: t for t in s.subjects}
    while pos < len(s.view):
        if pos in subjects:
            q.subject, q.how, q.tail = subjects[pos], "right", subjects[pos].end
            return "subject"
        if m := g.words["filler"].match(s.view, pos):
            pos = m.end()
        elif pos in starts:
            pos, skipped = starts[pos].end, True
        else:
            break
    if pos >= len(s.view) or s.view[pos] in PUNCT or skipped or g.words["function"].match(s.view, pos):
        return "pronoun"
    if g.words["measure"].match(s.view, pos):
        return "other"
    head = next((t for t in s.subjects if pos < t.start <= pos + COMPOUND_GAP), None)
    between = s.view[pos : head.start] if head else ""
    if (
        head is None
        or not HAN_RUN.fullmatch(between)
        or g.words["coordinator"].search(between)
        or any(pos <= p.start < head.start for p in s.predicates)
    ):
        return "other"
    q.subject, q.how, q.tail, q.np = head, "right", head.end, noun_phrase(s, g, q.start) + between
    return "subject"


def noun_phrase(s: Sentence, g: Grammar, end: int) -> str:
    """The words before `end` that qualify a noun: back to the clause's start, a predicate, another
    quantity or a preposition (`对`, `在`, `其中` …)."""
    start = s.clauses[s.clause_of(end)][0]
    for p in s.predicates:
        if p.end <= end:
            start = max(start, p.end)
    for q in s.quantities:
        if q.end <= end:
            start = max(start, q.end)
    for m in g.words["np_start"].finditer(s.view, start, end):
        start = max(start, m.end())
    return s.view[start:end]


def _partial(s: Sentence, g: Grammar, q: Quantity) -> bool:
    """`抽查69个省直部门网站以及17市门户`: the noun is joined to more nouns and no count of theirs
    follows before the verb, so the number counts part of what the verb governs."""
    m = g.words["coordinator"].match(s.view, q.tail)
    if m is None:
        return False
    ends = [p.start for p in s.predicates if p.start >= m.end()] + [s.clauses[q.clause][1]]
    ends += [c.start() for c in g.words["coordinator"].finditer(s.view, m.end())]
    end = min(ends)
    return not any(m.end() <= o.start < end and o.unit != "percent" for o in s.quantities)


def _passive(s: Sentence, t: Token) -> bool:
    a = s.clauses[s.clause_of(t.start)][0]
    return any(p.cls == "passive_check" and a <= p.start < t.start for p in s.predicates)


def _resolve_subject(s: Sentence, q: Quantity, g: Grammar) -> bool:
    """Find the subject of `q`; False when the classifier counts some other noun."""
    if q.unit == "person":
        q.how = "unit"
        return True
    if q.unit != "percent":
        found = _right(s, q, g)
        if found == "other":
            return False
        if found == "subject" and q.subject is not None:
            q.np = q.np or noun_phrase(s, g, q.start)
            q.passive = _passive(s, q.subject)
            q.partial = _partial(s, g, q)
            return True
    a = s.clauses[q.clause][0]
    if g.words["counted"].search(s.view, a, q.start):
        return False  # `收到评价3241条`: the number counts the noun right before it, no subject
    before = [t for t in s.subjects if a <= t.start and t.end <= q.start]
    how = "left"
    if not before:
        how = "carried"
        for c in range(q.clause - 1, -1, -1):
            ca, cb = s.clauses[c]
            before = [t for t in s.subjects if ca <= t.start and t.end <= cb]
            if before:
                break
    if before:
        # a rate carried over a list (`检查全市政府网站42个、政务新媒体135个，检查比例100%`) is the
        # sites' when the list names sites
        sites = [t for t in before if t.cls == "site"]
        q.subject = sites[-1] if q.unit == "percent" and how == "carried" and sites else before[-1]
        q.how = how
        q.np = noun_phrase(s, g, q.subject.start)
        q.passive = _passive(s, q.subject)
    return True


def _lists(s: Sentence, qs: list[Quantity]) -> list[list[Quantity]]:
    """Runs of quantities in one clause listed with 、 (or 和/及) and no verb between them."""
    runs: list[list[Quantity]] = []
    for q in qs:
        last = runs[-1][-1] if runs else None
        joined = (
            last is not None
            and last.clause == q.clause
            and LIST_MARK.search(s.view[last.tail : q.start])
            and not any(last.tail <= p.start < q.start and p.cls in VERBS for p in s.predicates)
        )
        if joined:
            runs[-1].append(q)
        else:
            runs.append([q])
    return runs


def _cut_at_partitive(s: Sentence, g: Grammar, a: int, b: int) -> int:
    """The start of the stretch [a, b) after the last `<subject>中` in it."""
    for t in s.subjects:
        if a <= t.start and t.end < b and (m := g.words["partitive"].match(s.view, t.end)) and m.end() <= b:
            a = max(a, m.end())
    return a


def _item_end(s: Sentence, q: Quantity, nxt: Quantity) -> int:
    """An item of a list ends at the mark before the next (`803个栏目更新不及时、` | `5867个…`)."""
    m = LIST_MARK_ANYWHERE.search(s.view, q.tail, nxt.start)
    return m.start() if m else nxt.start


def _assign_predicates(s: Sentence, g: Grammar) -> None:
    counts = [q for q in s.quantities if q.unit != "percent"]
    for n, run in enumerate(_lists(s, counts)):
        for q in run:
            q.run = n
        first, last = run[0], run[-1]
        clause_start, clause_end = s.clauses[first.clause]
        before = [q.end for q in counts if q.clause == first.clause and q.end <= first.start]
        after = [q.start for q in counts if q.clause == last.clause and q.start >= last.tail]
        left, right = max(before, default=clause_start), min(after, default=clause_end)
        # what stands after the list, up to the next 、 (past it, the words are the next item's own:
        # `已关停978个、正常运行1885个`)
        shared_after = [
            p
            for p in s.predicates
            if last.tail <= p.start
            and p.end <= right
            and not LIST_MARK_ANYWHERE.search(s.view, last.tail, p.start)
        ]
        lead: list[Token] = []
        ends = [_item_end(s, q, run[i + 1]) for i, q in enumerate(run[:-1])] + [last.tail]
        for i, q in enumerate(run):
            a = _cut_at_partitive(s, g, left if i == 0 else ends[i - 1], q.start)
            b = ends[i]
            own = [p for p in s.predicates if a <= p.start and p.end <= b]
            if i == 0:
                lead = [p for p in own if p.cls in VERBS]
            elif not any(p.cls in VERBS for p in own):
                own += lead
            if not any(p.cls not in NOT_STATUS for p in own):
                own += shared_after  # `3个政府网站、6个政务新媒体不合格`
            q.predicates = own
    _people_summed(s, g)
    previous: Quantity | None = None
    for q in s.quantities:
        if q.unit == "percent":
            q.predicates = [p for p in s.predicates if p.end <= q.start and _copula(s, g, p.end, q.start)]
            if not q.predicates and previous and LIST_MARK.fullmatch(s.view[previous.end : q.start]):
                q.predicates = previous.predicates  # `合格率分别为97.1%、100%`: each rate of the list
            previous = q


def _people_summed(s: Sentence, g: Grammar) -> None:
    """`约谈了3个单位的分管负责人，共计3人`: people summed up (`共计`) in the clause after the one that
    says what was done to them take that clause's verb."""
    acts = {r.predicate for r in g.rules if r.unit == "person"}
    for q in s.quantities:
        if q.unit != "person" or q.clause == 0 or any(p.cls in acts for p in q.predicates):
            continue
        if q.predicates and any(p.cls != "total" for p in q.predicates):
            continue
        a, b = s.clauses[q.clause - 1]
        done = [p for p in s.predicates if a <= p.start and p.end <= b and p.cls in acts]
        if done and q.predicates:  # only a total says it sums what the clause before did
            q.predicates = [*q.predicates, *done]


RESPECTIVELY = re.compile(r"分别(?:为|是|达到|达)?")


def _pair_respectively(s: Sentence) -> None:
    """`抽查政府网站24个、政务新媒体126个，抽查比例分别为32%和30.2%`: the rates listed after 分别 belong,
    in order, to the kinds of thing the sentence named before it (websites, then new media) — when
    there are as many of each."""
    for m in RESPECTIVELY.finditer(s.view):
        rates: list[Quantity] = []
        for q in s.quantities:
            if q.unit != "percent" or q.start < m.end():
                continue
            joined = s.view[(rates[-1].end if rates else m.end()) : q.start]
            if rates and not LIST_MARK.fullmatch(joined):
                break
            if not rates and joined:
                break
            rates.append(q)
        kinds: list[Token] = []
        for t in s.subjects:
            if t.end <= m.start() and all(k.cls != t.cls for k in kinds):
                kinds.append(t)
        if len(rates) >= 2 and len(rates) == len(kinds):
            for q, t in zip(rates, kinds, strict=True):
                q.subject, q.paired = t, True


def _copula(s: Sentence, g: Grammar, a: int, b: int) -> bool:
    between = s.view[a:b]
    return not between or bool(g.words["copula"].fullmatch(between))


def read(view: str, g: Grammar) -> Sentence:
    """The sentence's quantities, each with its subject and predicates (those that count nothing
    known are dropped)."""
    predicates = g.predicates.scan(view)
    s = Sentence(view, _clauses(view), _subjects(view, g, predicates), predicates, [])
    s.quantities = _quantities(s, g)
    s.quantities = [q for q in s.quantities if _resolve_subject(s, q, g)]
    _assign_predicates(s, g)
    _pair_respectively(s)
    return s
