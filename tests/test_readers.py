"""Readers: encodings, page chrome, tables, and the one-line errors bad files get."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocr.readers import read
from pipeline import extract
from schemas import Line, Table
from schemas.exceptions import BadInput, UnsupportedFormat
from tests.synthetic import REGULAR


def test_gb18030_and_utf8_read_the_same(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(REGULAR.encode("gb18030"))
    b.write_bytes(b"\xef\xbb\xbf" + REGULAR.encode("utf-8"))
    assert read(a).pages[0].text == read(b).pages[0].text
    assert read(a).sha256 != read(b).sha256


def test_tab_separated_rows_become_tables(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text(REGULAR, encoding="utf-8")
    blocks = read(p).blocks()
    tables = [b for b in blocks if isinstance(b, Table)]
    assert [len(t.rows) for t in tables] == [4, 4]
    assert tables[0].rows[0][4].text == "网站标识码"
    assert all(isinstance(b, Line) and "\t" not in b.text for b in blocks if not isinstance(b, Table))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("junk.txt", bytes(range(256)) * 4, "binary"),
        ("latin.txt", "caf\xe9 ".encode("latin-1") * 5 + b"\x81", "not UTF-8 or GB18030"),
        ("fake.pdf", b"hello, not a pdf at all", "not a PDF"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<<", "PDF"),
        ("nobody.html", b"<html><head><title>x</title></head></html>", "no body"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(BadInput) as err:
        read(p)
    msg = str(err.value)
    assert name in msg and reason in msg and "\n" not in msg


def test_unknown_suffix_is_unsupported(tmp_path: Path) -> None:
    p = tmp_path / "notes.key"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormat, match=r"notes\.key"):
        read(p)


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>湖南省政府网站抽查通报_湖南省人民政府门户网站</title></head>
<body><nav><a href="/">首页</a> &gt; <a>政务公开</a></nav>
<div class="article">
<h1>湖南省人民政府办公厅关于2018年第一季度全省政府网站抽查情况的通报</h1>
<p>发布时间：2018-04-13 09:30 来源：湖南省人民政府办公厅</p>
<p>字号：大 中 小 | 打印 | 关闭</p>
<p>各市州人民政府，省政府各厅委、各直属机构：</p>
<p>2018年3月，省政府办公厅组织对全省政府网站进行了抽查。</p>
<p>一、总体情况</p>
<p>此次共抽查网站361个，发现不合格网站12个。</p>
<p>附件：2018年第一季度抽查不合格网站名单</p>
<p>湖南省人民政府办公厅</p><p>2018年4月12日</p>
<p>附件</p><p>2018年第一季度抽查不合格网站名单</p>
<table><tr><th>序号</th><th>市州</th><th>网站名称</th><th>存在的突出问题</th><th>网站标识码</th></tr>
<tr><td>1</td><td>株洲</td><td>株洲市交通运输局</td><td>首页长期不更新</td><td>4302000012</td></tr></table>
<p>分享到：微信 微博</p><p>【我要纠错】 责任编辑：李四</p>
</div><footer>主办：湖南省人民政府办公厅</footer></body></html>"""


def test_html_article_without_chrome(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    c = extract(p)
    assert c.media_type == "html"
    assert c.header.title == "湖南省人民政府办公厅关于2018年第一季度全省政府网站抽查情况的通报"
    assert str(c.header.publish_date) == "2018-04-13"
    assert str(c.header.issue_date) == "2018-04-12"
    assert c.header.issuer == "湖南省人民政府办公厅"
    assert [(w.seq, w.site_city) for w in c.website_findings] == [(1, "株洲市")]
    text = "\n".join(p.text for p in c.pages)
    assert "政务公开" not in text and "主办" not in text  # navigation and footer elements are dropped
    assert not any(m in s.text for s in c.sections for m in ("责任编辑", "分享", "字号"))


GOV_CN = """<html><head><title>国务院办公厅政府信息与政务公开办公室关于2018年第一季度全国政府网站抽查情况的通报_政府信息公开专栏</title></head>
<body><table class="meta">
<tr><td>索 引 号：</td><td>000014349/2018-00077</td><td>主题分类：</td><td>综合政务\\其他</td></tr>
<tr><td>发文机关：</td><td>国务院办公厅</td><td>成文日期：</td><td>2018年05月14日</td></tr>
<tr><td>标　　题：</td><td>国务院办公厅政府信息与政务公开办公室关于2018年第一季度全国政府网站抽查情况的通报</td></tr>
<tr><td>发文字号：</td><td>国办秘函〔2018〕 12号</td><td>发布日期：</td><td>2018年05月21日</td></tr>
</table>
<div><p>国务院办公厅政府信息与政务公开办公室近期组织开展了2018年第一季度全国政府网站抽查。</p>
<p>一、抽查情况</p><p>截至2018年3月1日，全国正在运行的政府网站22206家。</p></div></body></html>"""


def test_government_metadata_box_fills_the_header(tmp_path: Path) -> None:
    p = tmp_path / "govcn.html"
    p.write_text(GOV_CN, encoding="utf-8")
    h = extract(p).header
    assert h.title == "国务院办公厅政府信息与政务公开办公室关于2018年第一季度全国政府网站抽查情况的通报"
    assert h.doc_number == "国办秘函〔2018〕12号"
    assert str(h.issue_date) == "2018-05-14" and str(h.publish_date) == "2018-05-21"
    # the title names the issuing office more precisely than the box's 发文机关
    assert h.issuer == "国务院办公厅政府信息与政务公开办公室" and h.issuer_level == "national"
    assert (h.period_year, h.period_quarter) == (2018, 1)


PORTAL = """<html><head><title>关于2018年第二季度全省政府网站抽查情况的通报_省政府办公厅文件_某省人民政府门户网站</title></head>
<body><div class="header"><h1 class="logo"><img alt="某省人民政府"></h1></div>
<div class="main-nav"><ul><li><a>首页</a></li><li><a>政务公开</a></li><li><a>政务服务</a></li></ul></div>
<div class="crumb">您当前的位置：<a>首页</a> &gt; <a>政务公开</a></div>
<ul class="xxgk"><li><span>发文字号：</span>浙政办函〔2018〕52号</li><li><span>发布日期：</span>2018年07月25日</li></ul>
<div class="bshare"><span>分享到：</span><a>微信</a></div>
<div id="zoom"><p>某省人民政府办公厅关于2018年第二季度全省政府网站抽查情况的通报</p>
<p><span style="font-size:16pt">共抽查政府网站</span><span>327</span><span>个，总体合格率</span><span>97.2</span><span>%。</span></p>
<table><tr><td>序号</td><td>地区</td><td>网站名称</td></tr>
<tr><td>1</td><td rowspan="2">杭州市</td><td>杭州市萧山区科学技术局</td></tr>
<tr><td>2</td><td>杭州市富阳区农业局</td></tr></table>
<table><tr><td>发电单位</td><td>某省人民政府办公厅</td><td>签批盖章</td><td>赵凯</td></tr>
<tr><td colspan="4">等级 特急·明电 某政办明电〔2018〕3号</td></tr></table>
</div><div class="footer">网站标识码 3300000001</div></body></html>"""


def test_a_portal_page_reads_as_its_article(tmp_path: Path) -> None:
    from ocr.readers.html import read_html

    (page,), title = read_html(PORTAL.encode(), "portal.html")
    assert title == "关于2018年第二季度全省政府网站抽查情况的通报"
    lines = [b.text for b in page.blocks if isinstance(b, Line)]
    assert "首页" not in lines and not any(
        "分享到" in t or "网站标识码" in t or "当前的位置" in t for t in lines
    )
    assert "发文字号：浙政办函〔2018〕52号" in lines  # a <li><span>label：</span>value</li> box line
    assert "共抽查政府网站327个，总体合格率97.2%。" in lines  # inline spans run on
    assert "发电单位 某省人民政府办公厅 签批盖章 赵凯" in lines  # a 明电 form laid out as a table
    (table,) = [b for b in page.blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for row in table.rows][1:] == [
        ["1", "杭州市", "杭州市萧山区科学技术局"],
        ["2", "杭州市", "杭州市富阳区农业局"],
    ]
