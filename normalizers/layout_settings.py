"""Layout thresholds: every number that decides where a page's furniture, a paragraph or a heading ends.

The words of a circular live in `normalizers.vocabulary`; the distances and counts that read its
layout live here, in one frozen object, so that a change of one is a change in one place (and moves
the extraction fingerprint, which hashes this module with the rest of the extraction code). Each
field says what it measures and in what unit. Modules keep their short local names as aliases
(`SEAM = LAYOUT.paragraph_seam`) so that the rules read as before.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutSettings:
    """The layout thresholds of the readers and the extraction, with the unit of each."""

    # -- the page (ocr/layout.py, ocr/readers/pdf_text.py)
    #: page numbers and running heads live in this top or bottom share of the page's height
    page_edge: float = 0.12
    #: a gap between two words wider than this many line heights is printed as a space
    space_gap: float = 0.8
    #: …and wider than this many, as the run of spaces that parts two fields of a header line
    field_gap: float = 3.0
    #: between two full-width characters a gap is a space only past this many ems (Chinese sets none)
    wide_gap_em: float = 1.0

    # -- plain text laid out as a page (ocr/readers/text_layout.py), in display cells
    #: lines this close to the measure were broken by the typesetter (digits and punctuation vary it)
    near_measure: int = 8
    #: lines at the measure needed to call a text broken at one (a few lines of like length happen;
    #: a mirror's head of a printed page keeps ten or so; no line may run past the measure either)
    min_full_lines: int = 8
    #: a measure wider than this is not a printed page's (a web copy: one paragraph per line)
    max_measure: int = 120
    #: an ideograph is as tall as it is wide: a line is this many cells high
    text_line_height: float = 2.0
    #: a blank line is more white space than the paragraph builder joins across
    blank_line_gap: float = 4.0

    # -- paragraphs (pipeline/extraction/paragraphs.py)
    #: how far back from a line's end, in characters, canonical text may depend on the next line
    paragraph_seam: int = 12
    #: a page with fewer lines than this takes the document's margins (an annex page: a title, a table)
    page_lines: int = 8
    #: a document with fewer lines than this may never reach its right margin: margins taken as symmetric
    doc_lines: int = 12
    #: the width of a Latin letter or digit in ideographs (0.5 monospaced, up to 0.6 proportional)
    narrow_glyph: float = 0.55
    #: a plain-text line shorter than this, in characters, ends its paragraph
    plain_run_on: int = 50

    # -- a copied page's furniture (pipeline/extraction/chrome.py), in characters
    #: a chrome line may name the site it belongs to (`安吉县人民政府 无障碍 | 长者模式`): so long a name
    site_name: int = 15
    #: the value of a publication line's field other than its date or source: a count, a size, a format
    page_field_value: int = 12
    #: …and of its source (`来源：湖南省人民政府办公厅`)
    page_source_value: int = 30
    #: what may stand before a publication line's first label: its date and time, or a page count (`3页`)
    page_field_prefix: int = 6

    # -- the front: title, banner, number, 主送 (pipeline/extraction/front.py)
    #: a title line is short: a printed title wraps at about 22 characters, a headline at the width
    title_line: int = 80
    #: a title, all its lines joined, is at most this long
    title_length: int = 100
    #: how many paragraphs may hold the front, at most
    front_reach: int = 40
    #: lines between the title and the 主送 that are neither: an unnamed widget, a stray date
    front_leftovers: int = 3
    #: printed lines a long 主送 may be wrapped onto (one office a line, or broken mid-word by a page)
    addressee_lines: int = 6
    #: lines of the header (urgency, banner, number, the title again) a page may print between its
    #: headline and the 主送
    header_again_lines: int = 6

    # -- zones, sections and annexes (pipeline/extraction), in characters
    #: longer than this, a paragraph is prose, not a line of a list, signature or seal (nor, with a
    #: comma, a line of the front: a headless copy's body has begun)
    short_line: int = 40
    #: longer than this, a numbered line is a paragraph, not a heading
    heading_max: int = 60
    #: an annex's title: at most this many lines under its heading…
    annex_title_lines: int = 2
    #: …of at most this many characters each
    annex_title_max: int = 60

    # -- review
    #: below this mean recognition confidence a page, row or value is worth a second look
    low_confidence: float = 0.8


LAYOUT = LayoutSettings()
