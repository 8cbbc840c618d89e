"""The stats grammar on sentences built by hand: each yields exactly the figures it states (no more),
sentences that state none yield nothing, and rewording a figure's sentence in equivalent ways (word
order, 个/家, spaces inside numbers, half- or full-width punctuation, numbers in words) yields the
same figures.
"""

from __future__ import annotations

from pathlib import Path

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extraction.stats import stats
from pipeline.extraction.stats.grammar import load


def figures(*sentences: str) -> set[tuple[str, float]]:
    return {(s.metric, s.value) for s in stats([(None, "".join(sentences))])}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # websites and 政务新媒体 in one sentence are kept apart
        (
            "本次检查全市政府网站42个、政务新媒体135个，检查比例100%。",
            {("sites_sampled", 42), ("sample_ratio", 100)},
        ),
        ("本季度对98个政府网站、121个政务新媒体进行了全面检查。", {("sites_sampled", 98)}),
        (
            "经检查，3个政府网站、6个政务新媒体不合格，政府网站总体合格率为96.9%，政务新媒体总体合格率为95.0%。",
            {("sites_failed", 3), ("pass_rate", 96.9)},
        ),
        ("全国税务系统共运行政府网站37个、政务新媒体1206个。", {("sites_running", 37)}),
        ("本次检查覆盖全部37个政府网站，抽查政务新媒体362个，抽查比例为30.0%。", {("sites_sampled", 37)}),
        # running and sampled at once; a part opened by 中
        (
            "对全省正在运行的122个政府网站进行抽查，抽查比例为100%，发现存在突出问题的政府网站4个，抽查合格率96.7%。",
            {
                ("sites_running", 122),
                ("sites_sampled", 122),
                ("sample_ratio", 100),
                ("sites_failed", 4),
                ("pass_rate", 96.7),
            },
        ),
        (
            "对全区在运行的736个政府网站中的245个进行了抽查。",
            {("sites_running", 736), ("sites_sampled", 245)},
        ),
        # wordings of running, closed, messages
        ("全市政府网站群共计 34家网站在网运行。", {("sites_running", 34)}),
        ("我省列入全国普查工作的政府网站共计1910个。", {("sites_running", 1910)}),
        ("我省第三季度新增下线749家政府网站。", {("sites_closed", 749)}),
        ("截至6月底，全区累计关停、整合政府网站1 024个。", {("sites_closed", 1024)}),
        (
            "网民通过“我为政府网站找错”监督举报平台反映的我省政府网站问题有187条。",
            {("messages_received", 187)},
        ),
        ("委门户网站“互动交流”栏目收到公众咨询2316件，已答复2298件。", {("messages_received", 2316)}),
        # a list of columns and links, each item its own predicate
        (
            "检查发现空白栏目11个、超期未更新栏目27个、错误链接163个，2个网站首页超过2周未更新。",
            {
                ("blank_columns", 11),
                ("stale_columns", 27),
                ("broken_links", 163),
                ("homepage_stale_sites", 2),
            },
        ),
        # people
        (
            "各地区共约谈相关负责人19人，通报批评7人。",
            {("officials_interviewed", 19), ("criticized_in_circular", 7)},
        ),
        (
            "其中190名责任人被上级主管单位约谈，32人作出书面检查，7人被调离岗位，2人被党内警告，1人被停职。",
            {
                ("officials_interviewed", 190),
                ("written_self_criticisms", 32),
                ("removed_from_post", 7),
                ("disciplined", 2),
            },
        ),
        # an earlier circular's list is not this one's, but its sites still unrectified are
        ("复查第二季度通报的问题网站21个，发现仍有3个未完成整改。", {("rectification_incomplete_sites", 3)}),
        # 其中 naming a new metric is a figure; the classifier standing alone takes the subject before
        (
            "本次抽查政府网站328个，抽查比例32.4%，其中不合格网站14个，总体合格率为95.7%。",
            {("sites_sampled", 328), ("sample_ratio", 32.4), ("sites_failed", 14), ("pass_rate", 95.7)},
        ),
        (
            "本次共检查政府网站19个，合格18个，不合格1个，合格率94.7%。",
            {("sites_sampled", 19), ("sites_failed", 1), ("pass_rate", 94.7)},
        ),
        (
            "抽查网站二十个，发现不合格网站一个，合格率百分之九十五。",
            {("sites_sampled", 20), ("sites_failed", 1), ("pass_rate", 95)},
        ),
        # a compound noun after the classifier
        (
            "本月共抽查10个县（市、区）政府门户网站，发现不合格网站1个。",
            {("sites_sampled", 10), ("sites_failed", 1)},
        ),
        # more wordings of known metrics
        ("对全市所有政府网站（共58个）进行了检查。", {("sites_sampled", 58)}),
        ("本次共抽检政府网站30个，不达标网站2个。", {("sites_sampled", 30), ("sites_failed", 2)}),
        (
            "抽查发现，首页更新不及时的网站3个，死链120个。",
            {("homepage_stale_sites", 3), ("broken_links", 120)},
        ),
        ("全市共开设政府网站15个。", {("sites_running", 15)}),
        ("全省共有政府网站612个、政务新媒体4085个。", {("sites_running", 612)}),  # a plain total
        # a sentence naming no subject takes the paragraph's last
        (
            "本次考评对全部47个政府网站逐一进行了测评。经考评，评定为优秀的8个、合格的20个、不合格的4个。",
            {("sites_sampled", 47), ("sites_failed", 4)},
        ),
        # the preamble's figures when there is no 总体情况 section
        (
            "9月6日至10日，市政府办组织开展了第三季度检查。本次检查全市政府网站42个，检查比例100%。现将有关情况通报如下：",
            {("sites_sampled", 42), ("sample_ratio", 100)},
        ),
        # rates listed by round are each round's; a county's figures under 其中 are parts
        (
            "每季度均对全部35个政府网站进行了检查，一季度至四季度合格率分别为97.1%、100%、97.1%、100%。",
            {("sites_sampled", 35), ("pass_rate", 97.1), ("pass_rate", 100)},
        ),
        (
            "本季度全市政府网站共收到网民留言358条；“我为政府网站找错”平台留言9条，均已按期办理。",
            {("messages_received", 358), ("messages_received", 9)},
        ),
        ("对1名履职不力的网站管理员调整了工作岗位。", {("removed_from_post", 1)}),
        # rates listed 分别 for websites and new media, in the order the sentence named them
        (
            "本次抽查政府网站24个、政务新媒体126个，抽查比例分别为32%和30.2%；"
            "发现不合格政府网站1个、不合格政务新媒体3个，合格率分别为95.8%和97.6%。",
            {("sites_sampled", 24), ("sample_ratio", 32), ("sites_failed", 1), ("pass_rate", 95.8)},
        ),
        ("政府网站和政务新媒体合格率分别为95%和98%。", {("pass_rate", 95)}),
        # a register broken down: the running ones are the sites in operation
        (
            "全省纳入普查范围的政府网站共2,863个，其中已关停978个、正常运行1,885个。",
            {("sites_closed", 978), ("sites_running", 1885)},
        ),
        ("对全市262个在运行的政府网站中的80个进行了抽查。", {("sites_running", 262), ("sites_sampled", 80)}),
        # a relapse after rectification is rectification that did not hold
        (
            "对一季度发现的5个不合格网站，经复查有1个网站整改后又出现首页长期不更新的问题。",
            {("sites_failed", 5), ("rectification_incomplete_sites", 1)},
        ),
        ("区政府办公室约谈了3个单位的分管负责人，共计3人。", {("officials_interviewed", 3)}),
        # a total broken down into running and closed sites: the running ones are the sites in operation
        (
            "截至11月30日，全省共有政府网站1,733个，其中正常运行1,102个，已关停631个。",
            {("sites_running", 1102), ("sites_closed", 631)},
        ),
        # a level given after the whole is a breakdown
        (
            "对全省228家政府网站进行了抽查，总体合格率85.1%。省级网站共66家，检查65家，合格率为80%。"
            "此次共抽查市州、县区政府网站163家，合格率为87.1%。",
            {("sites_sampled", 228), ("pass_rate", 85.1)},
        ),
    ],
)
def test_a_sentence_yields_the_figures_it_states(sentence: str, expected: set[tuple[str, float]]) -> None:
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "每季度抽查比例不低于30%。",  # a requirement
        "力争全省政府网站合格率达到95%以上。",  # a target
        "北京、辽宁、青海等地政府网站抽查合格率达100%。",  # places of the scope
        "外交部等部门网站留言办结率低于70%。",
        "各地区、各部门对第一季度通报的28个不合格网站均已完成整改。",  # an earlier circular's
        "中山区人民政府网站“政务公开”栏目下空白栏目6个。",  # one site's own columns
        "我省被抽查政府网站13家，2家不合格，抽查合格率为84.6%。",  # someone else's check
        "本次对纳入全国政府网站信息报送系统管理的69个省直部门网站以及17市门户进行了检查。",  # part of the sample
        "对16个市和省直有关单位政府网站进行了随机抽查。",  # 16 cities, not 16 sites
        "留言办理时间超过3个工作日，最长达34天。",
        "2021年度考核对象共107个，其中设区市13个、省级部门94个。",
        "累计检查政府网站1436个次、政务新媒体2957个次。",  # checks summed over rounds
        "比第一季度提高6.2个百分点，同比下降1.12%。",
        "政务新媒体合格率为96.95%。",
        "全省共有政务新媒体213个，本季度检查72个，发现不合格3个，合格率95.8%。",  # accounts throughout
        "抽查发现，26个网站存在空白栏目。",  # counts sites, not columns
        "全州共有政务新媒体213个。本季度检查72个，发现不合格3个，合格率95.8%。",  # the paragraph's accounts
        "截至目前还有35个未完成注销。",  # no subject named at all
        "抽查发现，共有5个网站存在错别字。",  # a total that says more of its sites is no total
        "此次问题涉及政府网站共计12个。",
        "市政府办公室对全市42个部门网站、6个县区门户网站进行了抽查。",  # parts of an unprinted whole
        "上季度合格率为90%。",
        "在第三季度被通报的51个政府网站中，仍有部分网站未按要求完成整改。",
        "省级、市级网站合格率分别为95%、90%。",  # rates of parts of the scope
        "上季度不合格的3个网站均已完成整改。",  # an earlier circular's failures
        "有3条超期未答复的留言。",  # messages counted for being late, not received
        "已答复2298件。",
        "政务新媒体留言回复率为98.3%。",  # the accounts' figure
        "州级政府网站9个，检查9个，均合格。",  # one level of the scope
        "检查发现：（1）动态类栏目更新不及时的九个；",  # one kind of column
        "政务服务“好差评”共收到评价3,241条，好评率99.97%。",  # ratings, not messages
    ],
)
def test_a_sentence_that_states_no_figure_yields_nothing(sentence: str) -> None:
    assert figures(sentence) == set()


# --- rewording a figure's sentence in equivalent ways gives the same figures ---------------------

RUNNING = ("全省正在运行的政府网站{n}{u}", "全省正在运行{n}{u}政府网站", "全省在运行政府网站共{n}{u}")
SAMPLED = (
    "本次共抽查政府网站{n}{u}",
    "本次共抽查了{n}{u}政府网站",
    "本次对{n}{u}政府网站进行了抽查",
    "本次抽查政府网站共{n}{u}",
)
FAILED = ("发现不合格网站{n}{u}", "发现{n}{u}不合格网站", "其中{n}{u}网站不合格", "不合格网站{n}{u}")
PASS = ("总体合格率为{p}%", "合格率{p}%", "合格率达到{p}%", "总体合格率是{p}%")
MESSAGES = ("共收到网民留言{n}条", "共收到{n}条网民留言", "共受理网民留言{n}条")
PEOPLE = ("共约谈相关责任人{n}名", "{n}名责任人被约谈", "对{n}人进行了约谈")


def _number(draw: st.DrawFn, n: int) -> str:
    """`1024`, `1 024`, `1 0 24`, or in words (`一千零二十四`)."""
    how = draw(st.sampled_from(["plain", "spaced", "words"]))
    if how == "words":
        return str(cn2an.an2cn(n))
    if how == "spaced" and n >= 10:
        cut = draw(st.integers(1, len(str(n)) - 1))
        return f"{str(n)[:cut]} {str(n)[cut:]}"
    return str(n)


@st.composite
def reworded(draw: st.DrawFn) -> tuple[str, set[tuple[str, float]]]:
    running = draw(st.integers(200, 5000))
    sampled = draw(st.integers(30, 199))
    failed = draw(st.integers(1, 29))
    rate = draw(st.integers(500, 999)) / 10
    messages = draw(st.integers(1, 3000))
    people = draw(st.integers(1, 99))
    comma, stop = draw(st.sampled_from([("，", "。"), (",", "。"), ("，", ";"), (" ，", "。")]))
    space = draw(st.sampled_from(["", " "]))

    def unit() -> str:
        return space + draw(st.sampled_from(["个", "家"]))

    def pick(templates: tuple[str, ...], **values: object) -> str:
        return draw(st.sampled_from(templates)).format(**values)

    rate_text = f"{rate:g}"
    parts = [
        "截至6月30日" + comma + pick(RUNNING, n=_number(draw, running), u=unit()) + stop,
        pick(SAMPLED, n=_number(draw, sampled), u=unit())
        + comma
        + pick(FAILED, n=_number(draw, failed), u=unit())
        + comma
        + pick(PASS, p=rate_text)
        + stop,
        pick(MESSAGES, n=_number(draw, messages)) + stop,
        "各地" + pick(PEOPLE, n=_number(draw, people)) + stop,
    ]
    expected = {
        ("sites_running", running),
        ("sites_sampled", sampled),
        ("sites_failed", failed),
        ("pass_rate", rate),
        ("messages_received", messages),
        ("officials_interviewed", people),
    }
    return "".join(parts), expected


@settings(max_examples=150, deadline=None)
@given(reworded())
def test_rewording_a_figure_keeps_its_figures(case: tuple[str, set[tuple[str, float]]]) -> None:
    text, expected = case
    assert figures(text) == expected, text


def test_the_grammar_is_data_and_a_bad_row_names_itself(tmp_path: Path) -> None:
    from pipeline.extraction.stats.grammar import RULES_CSV, WORDS_CSV

    words = WORDS_CSV.read_text(encoding="utf-8")
    g = load()
    assert {r.metric for r in g.rules} >= {"sites_running", "sites_sampled", "pass_rate", "messages_received"}
    bad = tmp_path / "words.csv"
    bad.write_text(words + "predicate,checked,抽查(,a row with a broken pattern\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line \d+: bad pattern"):
        load(bad, RULES_CSV)
    unquoted = tmp_path / "unquoted.csv"  # a pattern with a comma, unquoted: cut short, not read
    unquoted.write_text(words + "part,,其中.{1,8}?县,a part of the scope\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line \d+: more fields than the header"):
        load(unquoted, RULES_CSV)
    # a new wording is a row: `过筛` read as the sampling verb
    assert ("sites_sampled", 12) not in figures("本次过筛政府网站12个。")
    extended = tmp_path / "extended.csv"
    extended.write_text(words + "predicate,checked,过筛,a new sampling verb\n", encoding="utf-8")
    from pipeline.extraction.stats import sentence_figures
    from pipeline.extraction.stats.figures import Taken

    assert sentence_figures("本次过筛政府网站12个。", Taken(), load(extended, RULES_CSV)) == [
        ("sites_sampled", 12)
    ]


def test_a_figure_of_another_quarter_is_an_earlier_rounds() -> None:
    """In a second-quarter circular, the first quarter's failures are an earlier round's; in a
    half-year circular they are its own."""
    sentence = "各地对一季度抽查发现的11个不合格网站进行了整改。"
    assert {(s.metric, s.value) for s in stats([(None, sentence)], quarter=2)} == set()
    assert {(s.metric, s.value) for s in stats([(None, sentence)], half=1)} == {("sites_failed", 11)}
