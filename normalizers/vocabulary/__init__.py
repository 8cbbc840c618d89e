"""The words of circulars, in one place: every word list and every pattern that more than one stage
reads, or that says what a part of a circular looks like. Stages import from here and define no word
list of their own, so that a new wording is one entry here and copies cannot drift apart.

Lists are tuples of words; `alternation` makes a regex group of one. Everything is matched after
canonical text (Simplified characters, CJK spacing closed, full-width punctuation) unless its name or
comment says otherwise. Where two lists look alike but differ on purpose, the comment says why.

The words live in three modules by what they describe — `core` (the circular itself), `web` (what a
portal page puts around it) and `noise` (what a mirror does to it) — and are read through this
package as one namespace: `from normalizers import vocabulary as V`.
"""

from normalizers.vocabulary.core import *  # noqa: F403
from normalizers.vocabulary.core import alternation as alternation
from normalizers.vocabulary.noise import *  # noqa: F403
from normalizers.vocabulary.web import *  # noqa: F403
