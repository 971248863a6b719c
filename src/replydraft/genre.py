"""The genre's vocabulary in one place: the words proposals and replies are built from.

Field labels, suggestion labels, party and organisation names, the titles proposers are
addressed by, opening and closing formulas and the other cues of a reply paragraph's role,
title endings, 办理结果 terms, date patterns and the draft's 【待填写】 mark. Ingest, parse,
roles, reuse, templates and the proofreader read them from here, so a word learnt once is
known at every stage. Data and patterns only: what a cue means for a paragraph is decided by
the stage that owns the question (roles.py: a paragraph's role).

Still kept elsewhere for now: tokenize (the jieba user words), ingest (its paragraph-start,
title-ending and date-line patterns; its web clutter words are the web's, not the genre's),
parse (its salutation, closing and whole-organisation patterns, built inline; changing them
re-parses the archive), roles (its contact-block labels) and check/ (the label lines of
document.py, the presence patterns of completeness.py), which differ from FIELD_LABELS on
purpose or by history and would change what is found if merged.
"""

from __future__ import annotations

import re

CJK = "\u4e00-\u9fff"

# --- Field labels ------------------------------------------------------------------------------

# Field key -> its labels as printed (without spaces). parse matches them at the start of a
# line or after a space or a table bar.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "doc_number": ("文件编号", "发文字号", "文件字号", "文号"),
    "issuer": ("发布机构", "发文机构", "发文机关", "发布单位", "信息来源", "来源"),
    "published": ("发布时间", "发布日期", "发文日期", "成文日期", "印发日期", "更新时间", "日期"),
    "disclosure": ("信息公开属性", "公开属性", "公开类别", "公开方式", "公开形式"),
    "result": ("办理结果", "办理类别", "答复类别", "类别"),
    "signer": ("签发人",),
    "contact_name": (
        "联系人姓名", "联系人及联系电话", "联系人及电话", "联系人和电话", "联系人", "承办人", "经办人",
    ),
    "phone": ("联系电话", "联系方式", "电话"),
    "address": ("承办单位通讯地址", "联系地址", "通讯地址", "地址"),
    "postcode": ("邮政编码", "邮编"),
    "cc": ("抄送",),
    "title": ("题目", "标题", "案由", "提案标题", "建议标题", "提案题目", "建议题目"),
    "proposers": (
        "提案人", "提案者", "提出人", "领衔人", "领衔代表", "领衔委员", "领衔提案人", "第一提案人",
        "第一领衔人", "代表姓名", "提案人姓名", "委员姓名", "建议人", "提案单位", "提议人", "代表",
        "委员",
    ),
    "co_proposers": (
        "附议代表", "附议人", "联名代表", "联名人", "联名委员", "联名提案人", "附议提案人", "联名",
    ),
    "content": (
        "内容", "理由", "案据", "现状及问题", "问题及分析", "提案内容", "建议内容", "提案理由",
        "理由及依据",
    ),
    "suggest": (
        "对策建议", "具体建议", "建议如下", "意见建议", "措施建议", "建议措施", "具体措施",
        "对策措施", "解决办法", "解决措施", "建议事项", "建议", "办法", "措施", "对策",
    ),
    "lead_unit": (
        "主办单位", "承办单位", "办理单位", "建议主办单位", "建议承办单位", "拟主办单位", "主办",
        "牵头单位", "牵头办理单位",
    ),
    "co_units": (
        "协办单位", "会办单位", "建议会办单位", "建议协办单位", "协办", "会办", "配合单位",
        "配合办理单位",
    ),
    "review": ("审查意见", "立案意见"),
    "number": ("提案号", "建议号", "案号", "编号", "提案编号", "建议编号"),
    "other": (
        "索引号", "效力属性", "主题分类", "关键词", "公开目录", "浏览量", "浏览次数", "点击数",
        "作者", "文章来源", "编辑", "审核", "字号", "时效性", "所属代表团", "代表团", "联系单位",
        "办理情况", "界别", "工作单位", "职务", "提案形式", "提案类别", "提案类型", "提案方式",
        "提交时间", "提交日期",
    ),
}  # fmt: skip

# Everyday words that are labels only when a colon follows (or they stand alone on a line).
LABELS_NEED_COLON = frozenset(
    "来源 日期 电话 地址 类别 编号 作者 编辑 审核 字号 内容 理由 建议 具体建议 建议如下 对策建议"
    " 对策 办法 措施 标题 关键词 主办 协办 会办 界别 职务 代表团 意见建议 措施建议 建议措施"
    " 具体措施 对策措施 解决办法 解决措施 联名 代表 委员".split()
)

# Labels that head a proposal form: their presence makes a text a proposal.
PROPOSAL_FORM_LABELS = (
    "题目 标题 案由 提案人 提案者 领衔人 领衔代表 领衔提案人 代表姓名 附议人 附议代表 审查意见"
    " 立案意见 提案标题 提案题目 第一提案人 联名提案人 提案号 提案编号 建议号 建议题目 建议标题"
).split()

# Labels naming NPC deputies: the proposal is a deputy's suggestion (代表建议).
DEPUTY_LABELS = frozenset({"领衔代表", "代表姓名", "附议代表", "联名代表", "代表"})

# Labels of the facts a published document carries ("索引号：X"): ingest keeps them one per line.
META_LABELS = """
索引号 文件编号 发文字号 发文文号 文号 发布机构 发文机构 发文机关 发文单位 发布单位 信息来源 文章来源
来源 发布时间 发布日期 成文日期 成文时间 发文日期 印发日期 生成日期 签署日期 实施日期 更新时间 日期
公开类别 信息公开属性 公开属性 公开方式 公开范围 公开目录 公开形式 公开时限 主题分类 主题词 关键词
效力属性 时效性 有效性 体裁分类 组配分类 服务对象分类 所属机构 所属主题 类别 办理结果 签发人
""".split()
# Form fields of proposal tables ("代表姓名 |" / "王福余 |"): ingest pairs them in table form.
FORM_LABELS = """
代表姓名 提案人 提案者 领衔人 领衔代表 领衔提案人 联名人 联名提案人 附议人 附议代表 联系电话 所属代表团 代表团 通讯地址
提案人姓名 委员姓名
工作单位 界别 案由 案号 提案号 建议号 编号 主办单位 协办单位 会办单位 承办单位 办理单位 联系人
牵头单位 配合单位
建议主办单位 建议承办单位 建议会办单位 建议协办单位 提案标题 提案题目 提案编号 第一提案人 提案形式
提案类别 提出人 建议标题 建议编号
邮政编码 邮编 职务 题目 标题
""".split()
# A proposal header's fields (title, number, proposers, units) by every label FIELD_LABELS
# knows: each starts a line of its own ("提案单位：区工商联" after a wrapped title).
HEADER_FIELD_LABELS = tuple(
    dict.fromkeys(
        label
        for key in ("title", "number", "proposers", "co_proposers", "lead_unit", "co_units")
        for label in FIELD_LABELS[key]
    )
)
# Table cells pair a label with the next cell; labels that need a colon ("代表", "主办") are
# ordinary words when they stand alone, so only the unmistakable ones join FORM_LABELS.
FORM_LABELS += [
    label
    for label in HEADER_FIELD_LABELS
    if label not in FORM_LABELS and label not in LABELS_NEED_COLON
]
# The parts of a proposal's text that start a paragraph of their own ("内容：…", "建议：…").
PROPOSAL_PART_LABELS = (
    "内容 理由 提案理由 提案内容 建议内容 案据 建议 具体建议 办法 审查意见".split()
)
# Labels whose value is a list that spaces may separate ("提案人：张伟 李娜 王磊",
# "会办单位：区市场监管局 区税务局").
LIST_LABELS = tuple(
    label
    for key in ("proposers", "co_proposers", "lead_unit", "co_units")
    for label in FIELD_LABELS[key]
)
# "索引号 SY-310115-2025-02158": a table row whose cell borders were lost.
BARE_LABELS = """
索引号 文件编号 发文字号 文号 发布机构 发文机构 公开类别 公开属性 信息公开属性 发布时间 发布日期
成文日期 主题分类 效力属性 时效性
""".split()

# --- Suggestions -------------------------------------------------------------------------------

# The labels that introduce a proposal's suggestions, as proposals print them.
SUGGESTION_LABELS = (
    "建议", "为此建议", "对此建议", "具体建议", "建议如下", "特提出如下建议", "对策建议",
    "几点建议", "提出以下建议",
)  # fmt: skip
# What introduces a proposal's suggestions inside a sentence: "为此，建议：", "特提出如下建议：",
# "对此建议：", "建议如下：". The label ends with a colon.
SUGGESTION_LABEL = re.compile(
    r"(?:^|(?<=[。；;，,！!]))\s*"
    r"(?:(?:为此|对此|因此|据此|对此问题|针对上述问题|综上)[，,]?\s*)?"
    r"(?:我们|本人|特|现|谨)?[^。；;，,：:“”]{0,8}?"
    r"(?:建议如下|如下建议|以下建议|几点建议|具体建议|对策建议|意见建议|对策及建议|建议事项"
    r"|几点意见|具体意见|意见如下|建议"
    r"|具体措施|建议措施|对策措施|解决办法|解决措施)"
    r"(?:[市区县]?(?:有关|相关)部门|[市区县]?政府)?\s*[：:]"
)
# Words of a proposal's bare part headings ("现状", "存在问题", "基本情况"): a short line of
# them right below the title names a part of the text, not a proposer.
PROPOSAL_PART_WORDS = (
    "现状 问题 建议 对策 措施 背景 原因 分析 情况 理由 意见 办法 思路 目标 成效 做法 概况 说明"
).split()
# How a proposal's closing words start, after its last suggestion: "总之，……久久为功。"
PROPOSAL_CONCLUSION_STARTS = ("总之", "综上所述", "综上", "总而言之", "我们相信", "相信通过")
# What ends a proposal's suggestions besides its signature: a closing formula on a short line
# of its own ("以上建议，请予研究。", "妥否，请审议。", "特此提案。") and its attachments
# ("附件：调研报告", "附：相关数据").
PROPOSAL_CLOSING = re.compile(
    r"^(?:(?:以上|上述)(?:建议|意见|提案)|妥否|特此(?:提案|建议|提出)"
    r"|(?:请予?|恳请|敬请)(?:研究|采纳|审议|考虑|参考|酌处))"
)
PROPOSAL_CLOSING_CHARS = 30  # a longer line is a sentence of the text, not the formula
# A signature's marks: "民建闵行区委（盖章）", "王建国（签名）".
SIGNATURE_MARK = re.compile(r"[（(]\s*(?:盖章|签名|签字|签章|公章)\s*[)）]$")
# A document's notes under its date: "（此件公开发布）", "（共印20份）".
DOCUMENT_NOTE = re.compile(r"[（(]此件.{0,12}[)）]|[（(]共印\s*\d+\s*份[)）]")
ATTACHMENT_LINE = re.compile(r"^(?:附件\s*[0-9一二三四五六七八九十]*|附)\s*[：:]")
# Verbs that open a suggestion: a one-sentence 建议 "加强…，加强…，畅通…" parts before them.
SUGGESTION_VERBS = (
    "加强 加大 加快 畅通 确保 建立 健全 完善 推进 推动 提高 提升 强化 落实 鼓励 支持 引导 开展"
    " 制定 增加 增设 优化 规范 实施 探索 打造 做好 扩大 严格 明确 统筹 设立 出台 降低 简化"
).split()
# The same at the end of a paragraph without a colon: "为此，提出以下建议。"
SUGGESTION_LABEL_AT_END = re.compile(
    r"(?:(?:特|现)?提出|有)?(?:以下|如下|下列)(?:几点)?(?:建议|意见和建议|意见建议|对策建议)"
    r"\s*[。．]?\s*$|建议如下\s*[。．]?\s*$"
)
# A section heading over the suggestions: "三、对策建议", "二、几点建议", "（三）措施".
SUGGESTION_HEADING = re.compile(r"建议|对策|措施|办法|举措")

# --- Proposers ---------------------------------------------------------------------------------

# The democratic parties, full names and the short forms proposals print.
PARTIES = (
    "中国国民党革命委员会", "中国民主同盟", "中国民主建国会", "中国民主促进会", "中国农工民主党",
    "中国致公党", "九三学社", "台湾民主自治同盟", "民革", "民盟", "民建", "民进", "农工党",
    "致公党", "台盟",
)  # fmt: skip
# Words only an organisation's name holds: a proposer so named is addressed as a body.
ORGANISATION_WORDS = (
    "工商联", "政府", "政协", "委员会", "界别", "小组", "办公室", "办事处", "街道", "支部",
    "党组", "联合会", "协会", "商会", "总工会", "共青团", "团委", "妇联", "科协", "侨联", "台联",
    "青联", "文联",
)  # fmt: skip

# What a salutation calls proposers after their names: 张三委员, 李四代表, 王五同志.
ADDRESSEE_TITLES = ("委员", "委員", "代表", "同志")
# The same as a group for the modules' patterns ("张三、李四委员$").
ADDRESSEE_TITLE = "(?:" + "|".join(ADDRESSEE_TITLES) + ")"

# What a proposer's name may be followed by: a post, not another proposer ("张三，某公司董事长").
POSITIONS = (
    "董事长 总经理 经理 教授 研究员 主任 副主任 院长 校长 书记 局长 处长 科长 医生 医师 律师 会长"
    " 秘书长 主席 副主席 工程师 教师 职工 村民 社长 厂长 所长 站长"
).split()

# --- Units and titles --------------------------------------------------------------------------

# How the name of a unit (局, 委员会, 区委, 街道…) ends.
ORG_ENDINGS = (
    "局 委员会 委 办公室 办 政府 中心 办事处 公司 院 会 组 部 厅 处 所 站 队 街道 镇 乡 室 馆 团"
    " 联 社 行 党委 区委 市委 县委"
).split()

# --- A place's own names (reuse marks them in another place's paragraph) --------------------

# What the name of a town, street, market, road, park or works ends with: 古岳峰镇, 五眼桥菜市场,
# 河堤路, 秋江街道. A name before one of them belongs to the place whose reply says it.
LOCAL_NAME_ENDINGS = (
    "街道办事处 街道办 街道 镇 乡 村 社区 居委会 村委会 路 街 大道 大街 巷 菜市场 农贸市场 市场 园区 工业园 产业园"
    " 开发区 公园 广场 水厂 水库 小区 景区 卫生院 医院 中学 小学 幼儿园 公司 集团 合作社 大学"
    " 学院 研究院 职校 自然村 行政村"
).split()
# Endings of the streets, roads and towns a place's short name may head without being that
# place: 南京路, 北京东路 in 上海, 玉林街道 in 成都 (an institution, 武汉大学, is its city's).
STREET_ENDINGS = re.compile(
    "[东西南北中]?(?:路|街|大道|大街|巷)|街道|镇|乡|村|社区|居委会|村委会|小区"
)
# A list of names closed by a count: "淦田、朱亭…龙潭等7处规模化水厂".
# ... or by what they are: "浩瀚深度、艺赛旗等人工智能相关领域的优质企业".
LOCAL_LIST_COUNT = re.compile(
    r"等\s*[0-9一二三四五六七八九十两]+\s*[处个座家所条片]|等[^，。；、\s]{0,12}?(?:企业|公司)"
)
# Words that stand before those endings or in such lists without being anyone's name.
GENERIC_NAME_WORDS = frozenset(
    "农贸 标准化 公益性 农村 城市 乡村 城区 城镇 城乡 县城 各 新 老 该 本 全 主要 重点 规模化 集中"
    " 周边 附近 现有 部分 各类 所有 这些 相关 有关 新建 改造 沿线 乡镇 街镇 村组 行政村 自然村"
    " 学校 医院 社区 企业 市场 园区 公园 广场 水厂 小区 单位 部门 政府 机关 示范 试点 智慧 数字"
    " 综合 专业 批发 零售 生鲜 便民 中心 大型 小型 中型 国有 民营 私营 龙头 骨干 重点村 贫困村"
    " 特色 美丽 文明 和谐 生态 农业 工业 产业 商业 物流 电商 旅游 文化 体育 教育 卫生 交通 供水"
    " 饮水 水利 科技 创新 高新 经济 开发 市中心 市区 县区 区县 市县 省市 小镇 古镇 新村"
    " 新镇 集镇 山村 渔村 城中村 控股 集成电路 电路 线路 道路 思路 出路 老城区 新城区 主城区"
    " 中心城区 长三角 珠三角 京津冀 粤港澳 大湾区 成渝 江南水乡 民办 公办 普惠 普惠性 公立 私立"
    " 中医 中医院 中心医院 妇幼保健院 沿河 沿湖 沿海 滨水 滨河 口袋 红色 绿色".split()
)
# What no local name starts with (各乡镇, 全区), or is before its ending (两镇四村, 三园区).
NOT_NAME_HEADS = "各每全该本此某诸"
NUMERALS = "一二三四五六七八九十百千万两几多数0123456789"
# Names of the country's own bodies and firms, the same everywhere: 工商银行 lent in 长宁 lends
# in 紫阳 too.
NATIONAL_NAMES = frozenset(
    "工商银行 建设银行 农业银行 中国银行 交通银行 兴业银行 招商银行 邮储银行 邮政储蓄银行 光大银行"
    " 民生银行 中信银行 浦发银行 华夏银行 平安银行 国家开发银行 农业发展银行 中国人寿 中国平安"
    " 中国人保 太平洋保险 国家电网 南方电网 中国移动 中国联通 中国电信 中国铁塔 中国邮政 中国石化"
    " 中国石油 中石化 中石油 海通证券 阿里巴巴 腾讯 华为 百度 京东 小米 美团 字节跳动 中兴 联想"
    " 海尔 格力 比亚迪 科大讯飞 商汤 网易 拼多多 顺丰 宁德时代 大疆".split()
)
# A local government or party organ after its level word: 市政府, 区疾控中心, 省商务厅. Named
# by another place's reply at its own level (市 in a city's reply read in a county), it is
# that place's organ.
LOCAL_ORGAN_LEVELS = "省市区县州旗"
LOCAL_ORGAN_ENDINGS = (
    "人民政府 政府 党委 委员会 人大常委会 人大 政协 纪委 委 局 厅 办公室 办 中心 院 所 站 队 馆"
).split()

REPLY_TITLE_ENDINGS = (
    "答复 答復 复函 復函 回复 會辦意見 会办意见 协办意见 答复意见 续复 答复函 的函 办理情况"
).split()
POLICY_TITLE_ENDINGS = (
    "通知 规划 方案 办法 意见 决定 纲要 细则 措施 规定 条例 指南 计划 公告 通告 要点"
).split()
PROPOSAL_TITLE_ENDINGS = ("建议", "提案", "议案", "建議")
# Other documents a reply or proposal names on a line of its own.
OTHER_TITLE_ENDINGS = ("报告", "批复", "纪要", "通知", "公告", "通告")
# Any title's ending: a line ending so, with no full stop, is a title, not a sentence cut short.
TITLE_ENDINGS = tuple(
    dict.fromkeys(
        [*REPLY_TITLE_ENDINGS, *POLICY_TITLE_ENDINGS, *PROPOSAL_TITLE_ENDINGS, *OTHER_TITLE_ENDINGS]
    )
)

# The headings and phrases of a policy document (规划, 方案, 意见…).
POLICY_HEADINGS = (
    "总体要求 指导思想 基本原则 发展目标 工作目标 主要任务 重点任务 保障措施 保障举措 组织领导"
    " 实施步骤 组织实施"
).split()
POLICY_PHRASES = "编制本规划 制定本方案 制定本办法 制定本意见 制定本行动方案 印发给你们".split()

# What a session names: 政协…会议, …人民代表大会…会议, 全委会.
SESSION_BODIES = ("政协", "人大", "人民代表大会", "委员会", "全委会")

# --- Formulas ----------------------------------------------------------------------------------

# The opening formula of a reply: "……收悉，现将办理情况答复如下".
OPENING_FORMULAS = (
    "收悉 答复如下 答復如下 函告如下 函复如下 函復如下 回复如下 答复如下 辦理情況答復".split()
)
CLOSING_STARTS = "以上答复 以上意见 以上回复 此复 特此 对以上答复 如有意见 敬请 欢迎您 恳请".split()

# --- What a reply's paragraph does (roles.py decides; check/ and reuse.py ask it) ---------------

# The opening formula inside a paragraph: "……收悉，现将办理情况答复如下", "现答复如下".
OPENING_CUE = re.compile(
    r"收悉|答复如下|函复如下|复函如下|函告如下|回复如下|现答复|现将.{0,20}答复"
)
# The opening formula proper, which only the top of a reply holds: not "具体答复如下" before
# the answers.
OPENING_FORMULA_PROPER = re.compile(r"收悉|现将.{0,12}(?:答复|回复|函复|函告)如下")
# What a reply thanks the proposer for: 感谢您对……的关心和支持.
THANKED_FOR = ("关心", "关注", "支持", "厚爱")
# The frame after the answer: thanks (for the 建议 too), 是否满意, an invitation to supervise,
# 特此函复.
CLOSING_CUE = re.compile(
    rf"感谢.{{0,12}}(?:{'|'.join((*THANKED_FOR, '建议'))})"
    r"|是否满意|敬请反馈|欢迎.{0,10}(?:监督|指导)|特此(?:函复|答复)"
)
# Headings of the 办理概述 section, and what its paragraphs say (高度重视, talks with the
# proposer, 予以采纳, praise of the proposal).
OVERVIEW_HEADING = re.compile(r"办理概述|办理情况|概述|总体情况|办理过程|基本情况")
OVERVIEW_CUE = re.compile(
    r"^.{0,30}(?:高度重视|认真研究|收到.{0,12}(?:提案|建议)后|接到.{0,12}(?:提案|建议)后)"
    r"|(?:电话|当面|上门|登门|座谈).{0,6}(?:沟通|交流|听取)|(?:委员|代表).{0,8}(?:沟通|交流|面商)"
    r"|与(?:您|你们|提案人|委员|代表).{0,8}(?:沟通|交流|联系)|办理完毕|召开.{0,12}专题(?:研究|会议)"
    r"|^.{0,40}(?:予以采纳|积极采纳|全部采纳|部分采纳)|^.{0,20}(?:提得很好|很有针对性|具有很强的针对性)"
)
# Words one of which every match of OVERVIEW_CUE holds (keep the two in step): most
# paragraphs hold none, and this search is a fraction of OVERVIEW_CUE's, whose anchored
# branches are tried at every position of a paragraph. As long as the cue's own words: a
# paragraph merely holding 研究 (研究制定, 研究院) was 70% of those searched in vain.
OVERVIEW_HINT = re.compile(
    "高度重视|认真研究|收到|接到|沟通|交流|听取|面商|联系|办理完毕|专题|采纳|提得很好|针对性"
)
# Headings of the 下一步 section; a paragraph that starts with 下一步 (after a numeral).
NEXT_HEADING = re.compile(r"下一步|今后|工作思考|工作打算|工作计划")
NEXT_CUE = re.compile(
    r"^\W{0,3}(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?\s*下一步"
)
# A policy plan's task line: "……（责任部门：区科委）".
POLICY_TASK_LINE = re.compile(r"[（(]\s*(?:责任部门|牵头部门|责任单位|牵头单位)\s*[:：]")
# How a bureau calls itself in its reply: 我局, 我委 (not 我委员), 我办 (not 我办理), 我厅.
SELF_REFERENCE = re.compile(r"我(?:委(?!员)|局|办(?![理事公结])|厅|中心)")

# --- A draft's own marks -----------------------------------------------------------------------

# What opens a gap the officer still has to write (【待填写】, 【待填写：办理结果】): the
# templates write it, the proofreader and export look for it.
GAP_WORD = "待填写"
GAP_OPEN = "【" + GAP_WORD

# 办理结果, longest first: "正在解决或列入计划解决" before "解决".
RESULT_TERMS = (
    "正在解决或列入计划解决", "因条件限制暂时不能解决", "解决或采纳", "留作参考", "列入计划解决",
    "已经解决", "基本解决", "正在解决", "暂时不能解决", "部分采纳", "采纳", "参考",
)  # fmt: skip
DISCLOSURE_TERMS = ("主动公开", "依申请公开", "不予公开", "免予公开", "不公开")
# 办理结果 that say the proposal was taken up, or was not (with the A/C/D letter classes).
RESULT_ADOPTED = ("解决或采纳", "已解决", "采纳", "A")
RESULT_DECLINED = ("因条件限制暂时不能解决", "暂时不能解决", "留作参考", "C", "D")
# What a reply's text says when it declines, or when it takes everything up: the proofreader
# holds them against the 办理结果.
DECLINED_PHRASES = re.compile(
    r"留作参考|暂不能|暂时不能|暂无法|无法解决|难以解决|不予采纳|不能采纳|难以采纳|暂不具备|条件不成熟"
)
ADOPTED_PHRASES = re.compile(r"积极采纳|予以采纳|全部采纳|已采纳|已经解决|已全部解决")
# Words whose meaning is the day the text was written (目前, 今年): stale in a reused paragraph.
RELATIVE_TIME = re.compile(r"截至目前|截止目前|目前|今年|去年|本年度|近日|日前|年初以来|年初至今")

# --- Dates -------------------------------------------------------------------------------------

DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_NUM = re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")
# The older style of signature date: 二〇二四年六月三日.
DATE_HAN = re.compile(
    r"([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日"
)
