"""Named regions, agencies and websites in the body, with a spaCy pipeline and no model download.

`spacy.blank("zh")` segments by character; a PhraseMatcher over the GB/T 2260 gazetteer of the
document's year finds regions (GPE), and rules built on those matches find agencies (a region
followed by an office suffix, or 省/市 + office) and websites (quoted names, a region followed by
a name ending in 网). Agencies and websites named after a region carry that region's code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from normalizers import vocabulary as V
from normalizers.regions import gazetteer, revision_for_year
from schemas import Mention

if TYPE_CHECKING:  # spaCy takes a second to import: only documents with a body pay for it
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span

#: a character that cannot be inside an agency or site name (verbs and particles of the sentence)
_NAME_CHAR = rf"(?:(?![要的和对在将了是等及与为各个并或把被从向]){V.HAN_CHAR})"
ORG = re.compile(
    rf"国务院办公厅{V.HAN_CHAR}{{0,14}}?办公室|"
    rf"国务院办公厅|国务院{_NAME_CHAR}{{1,8}}?部(?!门)"
    rf"|(?<!{V.HAN_CHAR})(?:省|市|州|县|区)(?:政府)?{_NAME_CHAR}{{1,8}}?(?:厅|局|委员会|委|办公室|办|中心)(?!{V.HAN_CHAR})"
)
ORG_AFTER_GPE = re.compile(
    rf"^(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|{_NAME_CHAR}{{0,10}}?(?:厅|局|委员会|委|办公室|中心|管委会))"
)
SITE_AFTER_GPE = re.compile(
    rf"^{_NAME_CHAR}{{0,12}}?(?:政务网|信息网|门户网站|公众信息网|网站|网)(?!{V.HAN_CHAR})"
)
WEBSITE = re.compile(r"“[^”]{2,40}?”(?:网站|网)|“[^”]{1,40}?(?:网|网站|平台|门户)”")
_SPACE = re.compile(r"\s")
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


@lru_cache(maxsize=4)
def _pipeline(revision: str) -> tuple[Language, PhraseMatcher, dict[str, str | None]]:
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("zh")
    names: dict[str, str | None] = {}
    for name, code in gazetteer(int(revision[:4])):
        # a name shared by several places (朝阳区) is a region, but which one the text alone cannot say
        names[name] = code if names.get(name, code) == code else None
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("GPE", [nlp.make_doc(n) for n in names])
    return nlp, matcher, names


def _char_doc(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc(text)`: one token per character. Without whitespace in the text the tokens are
    simply its characters, and building the Doc from them skips the tokenizer's alignment of words
    to text (a third of the time this module takes); with whitespace the tokenizer decides."""
    if _SPACE.search(text):
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))


def _char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def find_mentions(text: str, year: int | None) -> list[tuple[str, str, str | None]]:
    """(text, label, region code) for each entity in `text`, longest first where they overlap."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    nlp, matcher, names = _pipeline(revision_for_year(year))
    doc = _char_doc(nlp, text)
    spans: list[Span] = []
    codes: dict[tuple[int, int], str | None] = {}
    for _, start, end in matcher(doc):
        gpe = Span(doc, start, end, label="GPE")
        spans.append(gpe)
        codes[(gpe.start_char, gpe.end_char)] = names.get(gpe.text)
        code = names.get(gpe.text)
        for rx, label in ((SITE_AFTER_GPE, "WEBSITE"), (ORG_AFTER_GPE, "ORG")):
            m = rx.match(text[gpe.end_char :])
            if m and m.group(0) and (s := _char_span(doc, gpe.start_char, gpe.end_char + m.end(), label)):
                spans.append(s)
                codes[(s.start_char, s.end_char)] = code
    for rx, label in ((ORG, "ORG"), (WEBSITE, "WEBSITE")):
        for m in rx.finditer(text):
            if s := _char_span(doc, m.start(), m.end(), label):
                spans.append(s)
    kept = filter_spans(spans)
    return [(s.text, s.label_, codes.get((s.start_char, s.end_char))) for s in kept]


def mentions(located: list[tuple[str | None, str]], year: int | None) -> list[Mention]:
    out: list[Mention] = []
    seen: set[tuple[str | None, str, str]] = set()
    for section_id, text in located:
        for sm in SENTENCE.finditer(text):
            sentence = sm.group(0).strip()
            for ent, label, code in find_mentions(sentence, year):
                key = (section_id, ent, label)
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    Mention(section_id=section_id, text=ent, label=label, region_code=code, sentence=sentence)
                )
    return out
