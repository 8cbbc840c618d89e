"""The words of web pages: metadata boxes, page chrome, publication lines, headlines."""

from __future__ import annotations

from normalizers.vocabulary.core import alternation

# --- web pages ---------------------------------------------------------------------------------

#: labels of the 政府信息公开 metadata box government sites print above an article
META_LABELS = (
    "索引号",
    "主题分类",
    "发文机关",
    "发布机构",
    "成文日期",
    "发文日期",
    "标题",
    "名称",
    "发文字号",
    "文号",
    "发布日期",
    "主题词",
    "有效性",
    "时效性",
    "统一编号",
    "信息分类",
    "组配分类",
    "体裁分类",
    "公开方式",
    "公开范围",
    "公开时限",
    "生成日期",
    "内容概述",
    "分类",
    "公文种类",
    "文种",
    "关键词",
    "发文机构",
)
#: the labels of a legal database's attribute block, printed in brackets: `•【公布日期】2020.08.12`
#: (its `字号` is the document number; elsewhere `字号：` is a page's font-size widget)
BRACKET_META_LABELS = (
    "制定机关",
    "发布部门",
    "公布日期",
    "发布日期",
    "字号",
    "发文字号",
    "施行日期",
    "效力等级",
    "时效性",
    "主题分类",
    "法规类别",
    "标题",
    "索引号",
    "发文机构",
    "发文机关",
    "成文日期",
    "文号",
)
#: which header field a metadata label is evidence for; 发布机构 is who put the page up, usually the
#: issuer, so it counts only when no 发文机关 says otherwise
META_FIELDS = {
    "发文机关": "issuer",
    "制定机关": "issuer",
    "发布部门": "issuer",
    "发文机构": "issuer",
    "发布机构": "publisher",
    "成文日期": "issue_date",
    "发文日期": "issue_date",
    "标题": "title",
    "名称": "title",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "字号": "doc_number",
    "发布日期": "publish_date",
    "公布日期": "publish_date",
}
#: buttons of a page's tool bar, alone on a line or in a row: `【打印】【关闭】`, `分享到`
TOOLBAR_WORDS = (
    "打印",
    "打印本页",
    "打印此页",
    "打印文章",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "收藏",
    "加入收藏",
    "设为首页",
    "分享",
    "分享到",
    "返回顶部",
    "我要纠错",
    "纠错",
    "下载",
    "下载文档",
    "立即下载",
    "免费下载",
    "加入VIP",
    "开通VIP",
    "在线阅读",
    "举报",
    "举报文档",
    "加入阅读清单",
    "免费在线预览全文",
    "合集下载",
    "全文下载",
    "跳转到内容",
    "扫一扫在手机打开当前页",
    "扫一扫",
    "在手机打开当前页",
    "QQ空间",
    "微信",
    "微博",
    "网站地图",
    "站内搜索",
    "搜索",
)
#: a line that is only a page's language or mode switch
SWITCH_WORDS = ("EN", "ENGLISH", "English", "中文", "简体", "繁体", "无障碍")
#: the versions and modes a page offers: `简体 | 繁體 | English | 无障碍 | 长者模式`
VERSION_WORDS = (
    "简体",
    "繁体",
    "繁體",
    "English",
    "ENGLISH",
    "EN",
    "无障碍",
    "无障碍浏览",
    "无障碍阅读",
    "长者模式",
    "关怀版",
    "关怀模式",
    "手机版",
    "移动版",
    "蒙古文",
    "藏文",
    "维吾尔文",
    "登录",
    "注册",
    "欢迎您",
    "欢迎访问",
    "智能问答",
)
#: the items of a portal's menu bar (a line of nothing else is chrome: `首页 | 政务公开 | 互动交流`)
MENU_WORDS = (
    "首页",
    "网站首页",
    "政务公开",
    "政府信息公开",
    "信息公开",
    "政务服务",
    "办事服务",
    "互动交流",
    "政民互动",
    "公众参与",
    "新闻",
    "新闻中心",
    "要闻动态",
    "资讯",
    "机构",
    "数据开放",
    "专题",
    "专题专栏",
    "政策",
    "政策文件",
    "政务",
    "服务",
    "互动",
    "数据",
)
#: a menu item that leads to a place's own page: `走进河北`, `走进宜昌`
MENU_ITEM_PATTERN = r"^走进\S{1,6}$"
#: the buttons of a font-size widget: `【字体：大 中 小】`, `字号:默认 超大`
FONT_SIZE_WORDS = ("大", "中", "小", "默认", "超大", "A+", "A-")
FONT_SIZE_LABELS = ("字体", "字号")
#: what document-sharing sites print around a document: labels, and phrases of their disclaimers
DOCSITE_WORDS = ("文章属性", "正文", "免费在线预览全文", "相关文档", "猜你喜欢", "文档信息", "文档简介")
DOCSITE_PHRASES = (
    "页未读",
    "继续阅读",
    "下载后可查看全文",
    "下载文档前请自行甄别",
    "仅部分预览",
    "文档侵犯您的权益",
    "本文档共",
    "版权归属内容提供方",
    "可阅读全部内容",
    "不提供额外的编辑",
)
#: labels of a page's publication line (`发布时间：… 来源：… 浏览次数：`), by what their value is:
#: the date the page went up, the source it names, or nothing of the circular's
PAGE_DATE_LABELS = (
    "发布时间",
    "发布日期",
    "时间",
    "日期",
    "上传时间",
    "上传日期",
    "更新时间",
    "上传于",
    "发布于",
    "更新于",
)
#: a date with what happened to the page then, unlabelled (`2025-04-15 上传`)
PAGE_DATE_VERBS = ("上传", "发布", "更新", "发表")
#: a count a page prints about itself, unlabelled (`5页`, `0人阅读`, `0.12MB`)
PAGE_COUNT_UNITS = (
    "页",
    "人阅读",
    "次阅读",
    "人浏览",
    "次浏览",
    "次下载",
    "人下载",
    "次收藏",
    "MB",
    "KB",
    "M",
    "K",
)
#: …and the word before such a count (`浏览 86 次`)
PAGE_COUNT_WORDS = ("浏览", "阅读", "下载", "点击", "收藏", "评论")
PAGE_SOURCE_LABELS = ("来源", "信息来源", "文章来源", "稿件来源", "本文转载自", "转载自")
PAGE_OTHER_LABELS = (
    "浏览次数",
    "浏览量",
    "浏览",
    "浏览人气",
    "点击",
    "点击数",
    "点击量",
    "访问次数",
    "访问量",
    "阅读",
    "阅读次数",
    "阅读量",
    "作者",
    "责任编辑",
    "编辑",
    "发布者",
    "发布人",
    "上传者",
    "上传人",
    "上传用户",
    "文档格式",
    "文件格式",
    "文件大小",
    "下载积分",
    "页数",
    "积分",
    "下载次数",
    "收藏次数",
    "内容提供方",
    "大小",
    "字数",
    "需要金币",
    "字号",
    "字体",
    "分享到",
)
_TOOLBAR = alternation(TOOLBAR_WORDS)
#: whole lines of web-page furniture (matched after conversion to Simplified): a line matching one
#: of these is removed, and counted
CHROME_LINE_PATTERNS = (
    rf"^{alternation(SWITCH_WORDS)}$",
    r"^(?:https?://|www\.)[!-~]+$",  # a URL alone; its wrapped rest before prose (`…/>）进行公示。`) is prose
    r"^(?:[【\[](?!附件|附表)[^】\]]{1,8}[】\]]\s*)+$",  # nothing but 【打印】【关闭】-style buttons (【附件1】 is a heading)
    rf"^[【\[]?{_TOOLBAR}[】\]]?(?:\s*[|｜]?\s*[【\[]?{_TOOLBAR}[】\]]?)*[|｜\s]*$",
    r"^当前位置|^首页\s*[>＞]|^(?:您|你)?(?:现在|当前)?(?:所在)?的?位置[:：]",
    r"^分享到[:：]|^今天是|^欢迎(?:您)?(?:访问|来到|光临)|^(?:浏览|阅读|点击|访问)(?:次数|量|数)[:：]",
    r"^[|｜>＞·•\s]+$",
    rf"^(?:简体|繁体|繁體)(?:版|中文)?(?:\s*[|｜]\s*{alternation(VERSION_WORDS)}(?:版|中文)?)*\s*[|｜]?$",
    # a path (or the wrapped rest of one); a `<…>` pair is a quoted title inside a 《…》, not a path
    r"^[^。，：<＜>＞»]{0,20}(?:\s*[>＞»]\s*[^。，：<＜>＞»]{1,20})+$",
    r"^[\s\d.•·]*(?:<[^<>]*>\s*)+$",  # markup left in a copied page: `1. <strike id="x"></strike>`
    r"^(?:上一篇|下一篇|相关(?:文章|阅读|链接|新闻|文件|稿件))[:：]",  # links to other pages
    # the footer: `主办单位：…`, `版权所有`, a registration number (`京ICP备05070218号`); never a line of
    # a sentence that names them (`…网站名称、ICP备案号、首页网址…`)
    r"^(?:(?:主办|承办|协办)(?:单位)?[:：]|版权所有|Copyright|©)[^。，；、]*$",
    r"^[^。，；、]*(?:ICP备\s*\d{5,}|公网安备\s*\d{5,})[^。，；、]*$",
)
#: widgets that make a line chrome wherever they sit on it — but only on a line that is not prose: a
#: body sentence may name them (`（二）个别网站未设置扫一扫功能，政务微博二维码失效。`)
CHROME_WIDGET_PATTERN = r"字[号体][:：]?\s*(?:默认|大|中|小|超大)|扫一扫|二维码|责任编辑|【我要纠错】"
#: a bracketed widget inside a line of the page's furniture: `【字体：大 中 小】`, `[打印本页]`, `[大]`
BRACKETED_WIDGET_PATTERN = rf"[【\[]\s*(?:(?:字[号体])\s*[:：]?\s*)?(?:(?:{alternation(FONT_SIZE_WORDS + TOOLBAR_WORDS)})[\s，,、]*)*[】\]]"
#: a font-size widget cut off at the end of a line (`…【字体：打印`): from its bracket on
TRAILING_WIDGET_PATTERN = r"\s*[【\[]\s*字[号体][:：]?[^】\]]*$"
#: what separates a page's headline from the site's name after it (`关于…的通报_政府文件_某省人民政府`)
HEADLINE_SEPARATOR_PATTERN = r"\s*(?:_|\||｜|－|—| - )\s*"
#: list bullets a copied page leaves before its lines (`• 标题：…`, `•【公布日期】`)
BULLET_PATTERN = r"^[•·●◆◇■□▪▶►\-]\s*"
#: a printed page number: `— 3 —`, `-3-`, `3`
PAGE_NUMBER_PATTERN = r"^[-—–一―_－~～\s]*\d{1,3}[-—–一―_－~～\s]*$"
