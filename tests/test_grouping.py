"""Grouping a circular's files (a pure function of the paths) and matching attachments to annexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch.grouping import annex_number, group_files
from pipeline.extraction.attach import same_title


def groups(*names: str) -> dict[str, list[tuple[str, int | None]]]:
    got = group_files([Path(n) for n in names])
    return {str(g.main): [(str(a.path), a.annex_no) for a in g.attachments] for g in got}


def test_attachments_sharing_the_main_stem() -> None:
    assert groups("a/X.html", "a/X_附件1.xls", "a/X-附件2.docx", "a/Y.html", "a/Y（附件1）.xlsx") == {
        "a/X.html": [("a/X_附件1.xls", 1), ("a/X-附件2.docx", 2)],
        "a/Y.html": [("a/Y（附件1）.xlsx", 1)],
    }


def test_the_longest_stem_wins() -> None:
    assert groups("X.pdf", "X2.pdf", "X2_附件1.xlsx") == {"X.pdf": [], "X2.pdf": [("X2_附件1.xlsx", 1)]}


def test_a_folder_of_one_circular_takes_its_annex_files() -> None:
    got = groups(
        "d/关于2018年一季度政府网站抽查情况的通报.html",
        "d/附件1：2018年一季度抽查不合格网站名单.xlsx",
        "d/附件二.doc",
        "d/各地扣分情况表.docx",
        "d/统计.et",
    )
    assert got == {
        "d/关于2018年一季度政府网站抽查情况的通报.html": [
            ("d/附件1：2018年一季度抽查不合格网站名单.xlsx", 1),
            ("d/附件二.doc", 2),
            ("d/各地扣分情况表.docx", None),
            ("d/统计.et", None),
        ]
    }


def test_ambiguous_or_unmarked_files_stand_alone() -> None:
    # two circulars in one folder and an attachment that names neither: nobody's
    assert groups("d/甲通报.pdf", "d/乙通报.pdf", "d/附件1.xlsx") == {
        "d/甲通报.pdf": [],
        "d/乙通报.pdf": [],
        "d/附件1.xlsx": [],
    }
    # copies of one circular (a text and its PDF), and another circular's Word file: no attachments
    assert groups("s/000.txt", "s/000__digital.pdf", "s/关于网站检查的通知.docx") == {
        "s/000.txt": [],
        "s/000__digital.pdf": [],
        "s/关于网站检查的通知.docx": [],
    }
    # an attachment in another folder is not this folder's
    assert groups("a/X.html", "b/X_附件1.xls") == {"a/X.html": [], "b/X_附件1.xls": []}


def test_the_evidence_is_kept() -> None:
    (g,) = group_files([Path("X.html"), Path("X_附件1.xls")])
    assert "附件1" in g.attachments[0].evidence and "'X'" in g.attachments[0].evidence


@pytest.mark.parametrize(
    ("name", "no"),
    [("X_附件1", 1), ("附件 12 名单", 12), ("附件三", 3), ("附表２", 2), ("附件", None), ("名单", None)],
)
def test_annex_number(name: str, no: int | None) -> None:
    assert annex_number(name) == no


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2018年第一季度抽查不合格网站名单", "2018年第一季度全省政府网站抽查不合格网站名单", True),
        ("抽查不合格网站名单", "抽查不合格网站名单.xlsx", True),
        ("各市扣分情况", "2018年第一季度抽查不合格网站名单", False),
        ("名单", "网站名单", False),  # too short to tell
    ],
)
def test_same_title(a: str, b: str, same: bool) -> None:
    assert same_title(a, b) is same
