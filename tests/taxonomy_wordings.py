"""How real annexes word each problem: phrasings with the taxonomy codes they mean (or none)."""

from __future__ import annotations

# Wordings once missed (seen in the sample circulars c1_guangxi2015pucha, c4_dalian2019h1).
KNOWN_MISSES = [
    ("首页栏目信息超过2周未更新", ["homepage_stale"]),
    ("互动栏目超过3个月未回应网民留言", ["interaction_unresponsive"]),
    ("网页被植入非法链接", ["security_incident"]),
    ("网站首页连续2周无信息更新", ["homepage_stale"]),
    ("办事指南缺少办理时限、收费标准等要素", ["service_unusable"]),
]

# How 政府网站抽查通报 annexes word each category, beyond the contract's examples.
WORDINGS = [
    # homepage_stale
    ("首页信息超过2周未更新", ["homepage_stale"]),
    ("首页长期未更新", ["homepage_stale"]),
    ("首页长期无更新", ["homepage_stale"]),
    ("首页2周以上无更新", ["homepage_stale"]),
    ("首页超两周未更新", ["homepage_stale"]),
    ("首页近1个月未更新", ["homepage_stale"]),
    ("首页信息最长超过30天未更新", ["homepage_stale"]),
    ("网站主页长期未更新", ["homepage_stale"]),
    ("首页动态要闻栏目超过2周未更新", ["homepage_stale"]),
    ("首页信息更新滞后", ["homepage_stale"]),
    ("首页停止更新", ["homepage_stale"]),
    ("首页最新信息发布时间超过2周", ["homepage_stale"]),
    ("首页及多个栏目长期不更新", ["homepage_stale", "columns_stale"]),
    # columns_stale
    ("动态要闻类栏目超过2周未更新", ["columns_stale"]),
    ("通知公告、政策文件类栏目超过6个月未更新", ["columns_stale"]),
    ("应更新未更新栏目数量超过10个", ["columns_stale"]),
    ("栏目3个月以上未更新", ["columns_stale"]),
    ("栏目连续半年无信息更新", ["columns_stale"]),
    ("“政策解读”超过6个月未更新", ["columns_stale"]),
    ("栏目超过规定时限未更新", ["columns_stale"]),
    ("栏目内容陈旧", ["columns_stale"]),
    ("长期无更新", ["columns_stale"]),
    ("栏目无信息更新", ["columns_stale"]),
    ("栏目未按要求更新", ["columns_stale"]),
    ("完成整改后超过1个月未更新", ["rectification_incomplete", "columns_stale"]),
    # blank_columns
    ("栏目无内容", ["blank_columns"]),
    ("栏目下暂无信息", ["blank_columns"]),
    ("栏目内容空缺", ["blank_columns"]),
    ("存在无内容栏目", ["blank_columns"]),
    ("点击后显示暂无数据", ["blank_columns"]),
    # site_unreachable
    ("网站不能访问", ["site_unreachable"]),
    ("站点无法访问累计超过24小时", ["site_unreachable"]),
    ("网站访问不了", ["site_unreachable"]),
    ("网站服务器宕机", ["site_unreachable"]),
    ("首页不能访问", ["site_unreachable"]),
    # broken_links
    ("死链", ["broken_links"]),
    ("存在死链接", ["broken_links"]),
    ("链接打开不了", ["broken_links"]),
    ("链接地址错误", ["broken_links"]),
    ("链接跳转错误", ["broken_links"]),
    ("外链失效", ["broken_links"]),
    ("首页存在不可用链接13个", ["broken_links"]),
    ("在线办事链接无法打开", ["broken_links"]),
    # interaction_unresponsive
    ("互动栏目长期未回应", ["interaction_unresponsive"]),
    ("留言超过3个月未办结", ["interaction_unresponsive"]),
    ("咨询投诉回复不及时", ["interaction_unresponsive"]),
    ("留言回复率低", ["interaction_unresponsive"]),
    ("对网民留言长期不予回复", ["interaction_unresponsive"]),
    ("领导信箱长期无人回复", ["interaction_unresponsive"]),
    ("留言板存在大量未回复留言", ["interaction_unresponsive"]),
    ("咨询类栏目超过3个月未回应有效留言", ["interaction_unresponsive"]),
    ("互动栏目长期无有效留言", ["interaction_unresponsive"]),
    ("未及时回应网民关切", ["interaction_unresponsive"]),
    # serious_errors
    ("表述错误", ["serious_errors"]),
    ("存在错误表述", ["serious_errors"]),
    ("提法不当", ["serious_errors"]),
    ("发布虚假信息", ["serious_errors"]),
    ("将领导同志姓名写错", ["serious_errors"]),
    # rectification_incomplete
    ("拒不整改", ["rectification_incomplete"]),
    ("整改后问题反弹", ["rectification_incomplete"]),
    ("逾期未整改", ["rectification_incomplete"]),
    ("未进行整改", ["rectification_incomplete"]),
    # closure_violation
    ("未按要求关停", ["closure_violation"]),
    ("应关停未关停", ["closure_violation"]),
    ("擅自关闭网站", ["closure_violation"]),
    ("整合迁移后原网站仍可访问", ["closure_violation"]),
    ("关停后未发布公告", ["closure_violation"]),
    # naming_nonstandard (site identity: name, 网站标识码, ICP 备案)
    ("网站名称与主办单位名称不一致", ["naming_nonstandard"]),
    ("未标注网站标识码", ["naming_nonstandard"]),
    ("未在页面底部标注ICP备案编号", ["naming_nonstandard"]),
    ("网站未备案", ["naming_nonstandard"]),
    # missing_error_report_entry
    ("未添加我为政府网站找错入口", ["missing_error_report_entry"]),
    ("未加挂“我为政府网站找错”", ["missing_error_report_entry"]),
    ("未在网站首页显著位置添加“我为政府网站找错”平台入口", ["missing_error_report_entry"]),
    ("首页无“我为政府网站找错”入口", ["missing_error_report_entry"]),
    ("找错平台入口位置不显著", ["missing_error_report_entry"]),
    # service_unusable
    ("办事服务无法使用", ["service_unusable"]),
    ("在线办事入口无法访问", ["service_unusable"]),
    ("政务服务平台无法登录", ["service_unusable"]),
    ("办事指南与实际不符", ["service_unusable"]),
    ("办事指南信息陈旧", ["service_unusable"]),
    ("表格无法下载", ["service_unusable"]),
    ("无法在线办理", ["service_unusable"]),
    # security_incident
    ("页面被篡改", ["security_incident"]),
    ("挂马", ["security_incident"]),
    ("网站被挂马", ["security_incident"]),
    ("网站被黑", ["security_incident"]),
    ("网站遭受DDoS攻击", ["security_incident"]),
    ("网站被境外黑客攻击", ["security_incident"]),
    ("域名被劫持", ["security_incident"]),
    ("存在SQL注入漏洞", ["security_incident"]),
    ("泄露个人隐私", ["security_incident"]),
    ("公开信息中泄露身份证号码", ["security_incident"]),
    ("出现赌博类信息", ["security_incident"]),
    # commercial_ads
    ("首页出现弹窗广告", ["commercial_ads"]),
    ("刊载商业性广告", ["commercial_ads"]),
    # score_over_limit
    ("扣分超过40分", ["score_over_limit"]),
    ("得分低于60分", ["score_over_limit"]),
    # several in one cell
    (
        "信箱留言超过3个月未回复，首页超过2周未更新，空白栏目6个，错误链接15个",
        ["interaction_unresponsive", "homepage_stale", "blank_columns", "broken_links"],
    ),
    (
        "首页信息超过2周未更新、栏目无内容、网页被植入非法链接",
        ["homepage_stale", "blank_columns", "security_incident"],
    ),
]

# Texts are converted to Simplified (OpenCC t2s) before matching; Taiwan usages survive that
# conversion as different words (資訊 → 资讯, 連結 → 连结, 竄改 → 窜改, 駭客 → 骇客, 線上 → 线上).
TRADITIONAL = [
    ("首頁欄目資訊超過2週未更新", ["homepage_stale"]),
    ("網站首頁連續2週無資訊更新", ["homepage_stale"]),
    ("首頁逾2週未更新", ["homepage_stale"]),
    ("互動欄目超過3個月未回應網民留言", ["interaction_unresponsive"]),
    ("留言未回覆", ["interaction_unresponsive"]),
    ("辦事指南缺少辦理時限、收費標準等要素", ["service_unusable"]),
    ("網頁被植入非法連結", ["security_incident"]),
    ("網頁遭竄改", ["security_incident"]),
    ("網站遭駭客攻擊", ["security_incident"]),
    ("洩露個人隱私", ["security_incident"]),
    ("超連結失效", ["broken_links"]),
    ("連結錯誤", ["broken_links"]),
    ("網站無法連線", ["site_unreachable"]),
    ("網站不能訪問", ["site_unreachable"]),
    ("空白欄目超過5個", ["blank_columns"]),
    ("欄目無內容", ["blank_columns"]),
    ("無法線上辦理", ["service_unusable"]),
    ("未標註網站標識碼", ["naming_nonstandard"]),
    ("未添加「我為政府網站找錯」入口", ["missing_error_report_entry"]),
    ("存在嚴重錯別字", ["serious_errors"]),
]

# Texts that describe no problem, or a different one than a careless pattern would claim.
NO_PROBLEM = [
    "首页更新及时",
    "首页及时更新",
    "栏目更新及时",
    "已完成整改",
    "整改完成后各栏目更新正常",
    "已按要求关停",
    "暂时关停",
    "网站整合迁移至市政府门户网站",
    "留言已全部回复",
    "互动栏目回复及时",
    "及时回应网民关切",
    "已添加我为政府网站找错入口",
    "首页链接我为政府网站找错平台",
    "网站已备案",
    "已标注网站标识码",
    "网站名称规范",
    "办事指南要素齐全",
    "表格可正常下载",
    "得分85分",
    "扣分20分",
    "网站运行正常",
    "网站访问量低",
    "留言功能正常",
    "更新信息5条",
    "栏目数量较多",
    "暂无整改任务",
    "链接到中国政府网",
    "严禁泄露个人隐私",
    "未发现错别字",
    "未出现安全事件",
    "被黑龙江省通报",
    "未报送整改报告",
]

# (text, a code it must not get)
NOT_CODE = [
    ("首页存在不可用链接13个", "homepage_stale"),
    ("首页不能访问", "homepage_stale"),
    ("在线办事链接无法打开", "service_unusable"),
    ("在线办事入口无法访问", "site_unreachable"),
    ("未添加在线办事入口", "missing_error_report_entry"),
    ("未及时处理“我为政府网站找错”留言", "missing_error_report_entry"),
    ("网页被植入非法链接", "broken_links"),
    ("首页栏目信息超过2周未更新", "columns_stale"),
    ("栏目无信息更新", "blank_columns"),
    ("办事指南信息陈旧", "columns_stale"),
    ("首页栏目链接无法打开", "homepage_stale"),
]
