"""The noise of mirror sites: mis-decoded bytes, pinyin glosses, numbers split by spaces."""

from __future__ import annotations

from normalizers.vocabulary.core import HAN_CHAR

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
#: Latin-1's upper half, where GBK bytes shown as Latin-1 land (`ÕÄÖÝÊÐ` for `漳州市`)
LATIN1_UPPER = ("\u00a0", "\u00ff")
#: a run of it, with the ASCII a GBK text keeps between (digits, punctuation, spaces)
LATIN1_RUN_PATTERN = "[\u00a0-\u00ff][\u00a0-\u00ff\x20-\x7e]*[\u00a0-\u00ff]"
