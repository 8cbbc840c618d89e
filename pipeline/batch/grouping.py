"""Which files are one circular: a page (or PDF, Word, OFD file) and the attachments published with it.

Portals link a circular's annexes — the lists of failing sites, the tables of points — as separate
files under its page, and an analyst saves them side by side. A file is an attachment when its name
says so and the circular it belongs to can be told:

- its name carries `附件N` / `附表N` (`X_附件1.xls`, `X-附件2.docx`, `附件1：…名单.xlsx`), or it is a
  spreadsheet, or its name reads as an annex title (`…名单`, `…情况表`) and not as a circular's
  (`…通报`, `…通知`);
- and either a circular in the same folder has a stem its name starts with (`X.html` for
  `X_附件1.xls`: the longest such stem wins), or the folder holds exactly one circular.

Anything else stands alone, as before. `group_files` is a pure function of the paths (no file is
opened), so the batch can hash and skip groups before reading anything, and each attachment carries
the evidence that made it one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from normalizers.numbers import cn_to_int
from normalizers.vocabulary import ANNEX_FILE_MARK, ANNEX_FILE_TITLE_WORDS, CIRCULAR_FILE_WORDS, alternation
from ocr.readers.group import group_sha256
from schemas.intermediate import Attachment

ANNEX_MARK = ANNEX_FILE_MARK
ANNEX_TITLE_WORDS = re.compile(alternation(ANNEX_FILE_TITLE_WORDS))
CIRCULAR_WORDS = re.compile(alternation(CIRCULAR_FILE_WORDS) + "|函$")
SPREADSHEETS = frozenset({".xls", ".xlsx", ".et", ".ods"})


@dataclass(frozen=True)
class Group:
    """One circular: its main file and its attachments (none for a file standing alone)."""

    main: Path
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    @property
    def paths(self) -> list[Path]:
        return [self.main, *(a.path for a in self.attachments)]


def annex_number(name: str) -> int | None:
    """The 附件 number a file name carries, if any."""
    m = ANNEX_MARK.search(name)
    if not m or not m.group(1):
        return None
    digits = m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(digits) if digits.isdigit() else cn_to_int(digits)


def _why_attachment(path: Path) -> str | None:
    """Why a file looks like an attachment by itself (None: it looks like a circular)."""
    stem = path.stem
    if mark := ANNEX_MARK.search(stem):
        return f"its name carries {mark.group(0)}"
    if path.suffix.lower() in SPREADSHEETS:
        return "a spreadsheet"
    if (m := ANNEX_TITLE_WORDS.search(stem)) and not CIRCULAR_WORDS.search(stem):
        return f"its name reads as an annex title ({m.group(0)})"
    return None


def group_files(files: Sequence[Path]) -> list[Group]:
    """The files as groups, in the order of their main files (see the module docstring)."""
    by_folder: dict[Path, list[Path]] = defaultdict(list)
    for f in files:
        by_folder[f.parent].append(f)
    owner: dict[Path, tuple[Path, Attachment]] = {}
    for folder_files in by_folder.values():
        looks = {f: _why_attachment(f) for f in folder_files}
        mains = [f for f in folder_files if looks[f] is None]
        for f in folder_files:
            why = looks[f]
            if why is None:
                continue
            main = _stem_owner(f, mains)
            if main is not None:
                owner[f] = (
                    main,
                    Attachment(
                        path=f,
                        annex_no=annex_number(f.stem),
                        evidence=f"{why}; its name starts with {main.stem!r}",
                    ),
                )
            elif len(mains) == 1:
                owner[f] = (
                    mains[0],
                    Attachment(
                        path=f,
                        annex_no=annex_number(f.stem),
                        evidence=f"{why}; the only circular in its folder",
                    ),
                )
    attached: dict[Path, list[Attachment]] = defaultdict(list)
    for main, att in owner.values():
        attached[main].append(att)
    out: list[Group] = []
    for f in files:
        if f in owner:
            continue
        atts = sorted(attached.get(f, []), key=lambda a: (a.annex_no is None, a.annex_no or 0, a.path.name))
        out.append(Group(f, tuple(atts)))
    return out


def _stem_owner(path: Path, mains: list[Path]) -> Path | None:
    """The main file whose stem the attachment's name continues (`X` for `X_附件1`), longest first."""
    best: Path | None = None
    for main in mains:
        stem = main.stem
        if not stem or not path.stem.startswith(stem) or path.stem == stem:
            continue
        rest = path.stem[len(stem) :]
        separated = bool(re.match(r"[\s_\-－—–.·（(：:、]", rest)) or ANNEX_MARK.match(rest)
        if separated and (best is None or len(stem) > len(best.stem)):
            best = main
    return best


def by_identity(groups: list[Group], shas: dict[str, str]) -> dict[str, list[Group]]:
    """Groups by the identity of their files' bytes (`group_sha256`): copies are one document,
    and a changed attachment is a new version of its circular."""
    units: dict[str, list[Group]] = {}
    for g in groups:
        files = [(str(p), shas[str(p)]) for p in g.paths]
        units.setdefault(group_sha256(files), []).append(g)
    return units
