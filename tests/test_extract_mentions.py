"""Named regions, agencies and websites in body sentences (pipeline.extraction.mentions)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.regions import revision_for_year
from pipeline.extraction.mentions import _char_doc, _pipeline, find_mentions


def test_regions_agencies_and_sites_with_their_codes() -> None:
    found = find_mentions("贵州省人民政府办公厅抽查了遵义市政府网站、“贵州政务服务网”。", 2017)
    assert ("贵州省人民政府办公厅", "ORG", "520000") in found
    assert ("遵义市政府网站", "WEBSITE", "520300") in found
    assert any(label == "WEBSITE" and "贵州政务服务网" in text for text, label, _ in found)


def test_a_name_inside_a_longer_one_is_not_repeated() -> None:
    found = find_mentions("贵州省人民政府办公厅", 2017)
    assert [text for text, _, _ in found] == ["贵州省人民政府办公厅"]


def test_latin_words_and_spaces_keep_their_offsets() -> None:
    found = find_mentions("经查, the site of 遵义市政府网站 is down", 2017)
    assert ("遵义市政府网站", "WEBSITE", "520300") in found


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet=st.sampled_from("贵州省遵义市政府网站 \u3000\n\tAb1，。“”"), max_size=40))
def test_character_doc_is_the_tokenizers_doc(text: str) -> None:
    """The shortcut past spaCy's tokenizer gives the very tokens (and whitespace) it would."""
    nlp, _, _ = _pipeline(revision_for_year(2017))
    fast, slow = _char_doc(nlp, text), nlp.make_doc(text)
    assert [(t.text, t.whitespace_, t.idx) for t in fast] == [(t.text, t.whitespace_, t.idx) for t in slow]
    assert fast.text == text
