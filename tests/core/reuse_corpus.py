"""A corpus of replies and new proposals written for reuse's tests and `bench draft --corpus
fixtures`: five topics, three districts in three cities, five of the genre's layouts.

Nothing here is real: the bureaus, people and figures are made up, written the way such
replies are written (CPPCC replies with 办理概述 and （一） headings, NPC deputies' replies
with 办理结果, letters with numbered points, web pages with their clutter, running text with
一是、二是). Each topic has measures; a district's reply takes some of them in its own words
(its places, its figures, its self-reference), so replies on one topic share their subject,
not their sentences. The proposals ask for the same things in a proposer's words.

`write_corpus(folder)` writes the replies as .txt files and returns what was written, with
each file's topic; `proposals()` gives the new proposals as text, with their topic and the
district whose bureau answers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class District:
    name: str  # 闵行区
    city: str  # 上海市
    streets: tuple[str, str]  # two of its streets or towns, named in its replies
    congress: str  # 区政协第七届委员会第三次会议
    npc: str  # 区第八届人民代表大会第四次会议


@dataclass(frozen=True)
class Measure:
    """One thing a bureau does about a topic: its heading and, per district, its wording."""

    heading: str
    wordings: tuple[str, str, str]  # {place} {street} {street2} {n} {self} filled in
    ask: str  # how a proposer asks for it


@dataclass(frozen=True)
class Topic:
    key: str
    subject: str  # 关于{subject}的建议
    bureaus: tuple[str, str, str]  # the answering bureau in each district (without the place)
    self_reference: str
    measures: tuple[Measure, ...]
    next_step: str
    overview: str = "会同相关部门认真研究"


@dataclass
class Written:
    path: Path
    topic: str
    district: str
    bureau: str


@dataclass
class NewProposal:
    name: str
    topic: str
    text: str
    bureau: str  # who drafts the answer (a bureau of the proposal's district)
    self_reference: str
    suggestions: list[str] = field(default_factory=list)
    answerable: list[bool] = field(default_factory=list)  # per suggestion: a reply answers it
    measures: list[int | None] = field(default_factory=list)  # per suggestion: what it asks


DISTRICTS = (
    District(
        "闵行区",
        "上海市",
        ("莘庄镇", "古美路街道"),
        "闵行区政协第七届委员会第三次会议",
        "闵行区第八届人民代表大会第四次会议",
    ),
    District(
        "姑苏区",
        "苏州市",
        ("平江街道", "双塔街道"),
        "姑苏区政协第三届委员会第二次会议",
        "姑苏区第三届人民代表大会第三次会议",
    ),
    District(
        "武侯区",
        "成都市",
        ("玉林街道", "簇桥街道"),
        "武侯区政协第十届委员会第四次会议",
        "武侯区第十九届人民代表大会第五次会议",
    ),
)

TOPICS = (
    Topic(
        "elevator",
        "加快推进既有多层住宅加装电梯",
        ("住房保障和房屋管理局", "住房和城乡建设局", "住房建设和交通局"),
        "我局",
        (
            Measure(
                "简化加装电梯审批流程",
                (
                    "{self}会同规划资源、市场监管等部门出台既有多层住宅加装电梯审批办事指南，将规划许可、"
                    "施工许可和特种设备使用登记合并为一次受理，审批时限由原来的60个工作日压缩至{n}个工作日。",
                    "为解决加装电梯手续繁、跑腿多的问题，{place}推行加装电梯“一窗受理、并联审批”，居民提交"
                    "一次材料即可办结规划和施工手续，{street}试点项目平均办理时间缩短到{n}个工作日。",
                    "{self}牵头梳理加装电梯审批环节，取消房屋安全鉴定等{n}项前置材料，实行联合审查、"
                    "限时办结，在{street}设立加装电梯服务窗口，为居民提供全程帮办代办。",
                ),
                "简化加装电梯的审批程序，实行一站式受理和并联审批，缩短办理时间",
            ),
            Measure(
                "加大加装电梯资金补贴力度",
                (
                    "对完成加装电梯的多层住宅，区财政按每台{n}万元给予补贴，并允许业主提取住房公积金"
                    "用于加装电梯费用，{street}已有{n}个单元申领补贴。",
                    "{place}将既有住宅加装电梯纳入民生实事项目，每台电梯给予{n}万元财政补助，困难家庭"
                    "分摊部分可申请专项救助，同时支持居民使用住房公积金和维修资金支付。",
                    "{self}会同区财政局出台加装电梯补助办法，按电梯停靠层数给予每台最高{n}万元补助，"
                    "并协调银行推出加装电梯专项低息贷款，减轻居民出资压力。",
                ),
                "提高加装电梯的财政补贴标准，允许使用住房公积金和维修资金，减轻居民出资负担",
            ),
            Measure(
                "做好楼内居民协调工作",
                (
                    "针对低层住户意见分歧，{self}指导{street}等街道组建由居委会、业委会和律师组成的"
                    "加装电梯协调小组，通过听证会和一户一谈化解矛盾，今年以来协调成功{n}个单元。",
                    "{place}发挥社区“红色物业”和楼组长作用，对一楼、二楼住户的采光、噪音等顾虑逐户"
                    "上门沟通，探索低层住户利益补偿办法，推动{n}个小区形成加装电梯共识。",
                    "{self}编印加装电梯居民协商指引，明确业主表决比例和补偿协商规则，由{street}社区"
                    "调解委员会主持协商，对仍有异议的依法引导走司法途径。",
                ),
                "建立楼内居民协商机制，妥善处理低层住户的利益诉求，化解加装电梯中的邻里矛盾",
            ),
            Measure(
                "加强电梯建设运行维护管理",
                (
                    "{self}督促电梯安装单位落实质量安全责任，加装电梯投入使用前由特种设备检验机构"
                    "逐台检验，并要求业主委托专业维保单位，每15日至少维护保养一次。",
                    "{place}推行加装电梯“建管一体”模式，由电梯企业负责十年维保，维保费用纳入电梯"
                    "购置合同，{street}已投用的{n}台电梯全部接入电梯安全监测平台。",
                    "{self}会同市场监管部门对加装电梯开展安全检查，明确业主为电梯使用管理责任主体，"
                    "引入电梯保险，建立应急救援和故障报修机制。",
                ),
                "明确加装电梯建成后的维护保养责任，保障电梯长期安全运行",
            ),
        ),
        "{self}将继续完善加装电梯政策，扩大补贴覆盖面，推动更多老旧小区加装电梯。",
    ),
    Topic(
        "garbage",
        "进一步做好生活垃圾分类工作",
        ("绿化和市容管理局", "城市管理局", "综合行政执法局"),
        "我局",
        (
            Measure(
                "完善生活垃圾分类投放设施",
                (
                    "{self}按照定时定点投放要求，在全区住宅小区改造垃圾分类投放点{n}个，配备洗手池、"
                    "照明和除臭设备，{street}率先实现湿垃圾破袋投放设施全覆盖。",
                    "{place}对老旧小区垃圾厢房进行标准化改造，新增智能回收箱和误时投放点，{street}、"
                    "{street2}共设置分类投放点{n}处，方便上班族错峰投放。",
                    "{self}在{street}等街道推广垃圾分类亭升级改造，统一设置四分类收集容器和标识，"
                    "全年新建和改造分类投放站{n}座。",
                ),
                "完善小区垃圾分类投放点设施，增设误时投放点，方便居民分类投放",
            ),
            Measure(
                "健全分类收运和处置体系",
                (
                    "{self}严格落实分类收集、分类运输，全区配置湿垃圾专用收运车辆{n}辆，杜绝“先分后混”，"
                    "湿垃圾日均资源化处理量达到{n}吨。",
                    "{place}建成可回收物中转站和大件垃圾拆解点，湿垃圾就地处理设备覆盖{street}等{n}个"
                    "街道，实现分类收运车辆密闭化和全程监控。",
                    "{self}对收运企业实行“分类收运、按质计价”，安装车载称重和视频监控设备，对混装"
                    "混运行为依法查处，今年以来查处{n}起。",
                ),
                "加强垃圾分类收运环节监管，防止混装混运，提升湿垃圾资源化处理能力",
            ),
            Measure(
                "加强垃圾分类宣传引导",
                (
                    "{self}组织垃圾分类进社区、进学校、进单位宣传活动{n}场，培育垃圾分类志愿者队伍，"
                    "在{street}开展“桶边督导”，居民分类准确率明显提高。",
                    "{place}将垃圾分类知识纳入中小学课堂和社区学校课程，编印分类指南发放到户，"
                    "{street}通过积分兑换激励居民参与，参与率达到{n}%。",
                    "{self}利用微信公众号、社区宣传栏和楼道广播开展分类宣传，评选垃圾分类示范小区{n}个，"
                    "以示范带动居民养成分类习惯。",
                ),
                "加大垃圾分类宣传力度，发动志愿者和学校参与，引导居民养成分类习惯",
            ),
            Measure(
                "强化垃圾分类执法检查",
                (
                    "{self}会同街镇对单位和小区垃圾分类情况开展常态化检查，对拒不整改的单位依法处罚，"
                    "全年开展执法检查{n}次。",
                    "{place}建立垃圾分类“红黑榜”，对分类不达标的小区和物业企业约谈通报，"
                    "{street}将分类实效纳入物业服务考核。",
                    "{self}把垃圾分类纳入城市管理综合考评，对违规投放行为先教育后处罚，"
                    "今年以来开具责令整改通知书{n}份。",
                ),
                "加强对垃圾分类的执法检查和考核，对不分类行为依法处理",
            ),
        ),
        "{self}将持续推进垃圾分类提质增效，巩固分类实效。",
    ),
    Topic(
        "eldercare",
        "加强社区居家养老服务",
        ("民政局", "民政局", "民政局"),
        "我局",
        (
            Measure(
                "扩大老年助餐服务供给",
                (
                    "{self}推进社区长者食堂建设，全区已建成长者食堂和老年助餐点{n}个，{street}"
                    "为高龄独居老人提供送餐上门服务，每餐给予3元补贴。",
                    "{place}引导餐饮企业参与老年助餐，在{street}、{street2}布设助餐点{n}个，对80岁以上"
                    "老人和低保老人实行就餐补贴，做到“小饭桌”就近可及。",
                    "{self}采取“中央厨房+助餐点”模式，依托社区综合为老服务中心开展老年助餐，"
                    "日均服务老人{n}人次，并为行动不便的老人配送上门。",
                ),
                "多建社区老年食堂和助餐点，为高龄独居老人提供送餐上门和就餐补贴",
            ),
            Measure(
                "发展嵌入式社区养老服务设施",
                (
                    "{self}在{street}等街道建设社区综合为老服务中心{n}家，提供日间照料、短期托养和"
                    "康复护理服务，实现“15分钟养老服务圈”。",
                    "{place}利用闲置用房改建嵌入式养老服务站{n}个，引入专业养老机构运营，为失能、"
                    "半失能老人提供日托和短期照护。",
                    "{self}推动日间照料中心与卫生服务中心“医养结合”，{street}的嵌入式养老院新增床位"
                    "{n}张，老人在家门口即可享受照护服务。",
                ),
                "利用社区闲置用房建设嵌入式养老服务设施，提供日间照料和短期托养",
            ),
            Measure(
                "加强养老护理人才队伍建设",
                (
                    "{self}开展养老护理员职业技能培训，今年培训{n}人次，对取得等级证书的护理员"
                    "给予入职奖励和岗位补贴，稳定护理人才队伍。",
                    "{place}与职业院校合作开设养老服务专业订单班，对在养老机构连续工作满3年的护理员"
                    "发放{n}元奖励，提升护理员待遇。",
                    "{self}举办养老护理员技能大赛，建立护理员薪酬等级体系，{street}养老服务中心"
                    "护理员持证上岗率达到{n}%。",
                ),
                "加强养老护理员培训，提高护理员待遇，稳定养老护理人才队伍",
            ),
            Measure(
                "推进智慧养老和居家适老化改造",
                (
                    "{self}为独居老人安装紧急呼叫和烟感报警设备{n}套，建设智慧养老服务平台，"
                    "实现老人求助一键响应。",
                    "{place}对困难老年人家庭实施居家适老化改造{n}户，加装扶手、防滑地面等设施，"
                    "{street}试点“家庭养老床位”。",
                    "{self}推广智能手环和居家安全监测设备，将{n}户空巢老人纳入智慧养老平台监护，"
                    "由社区养老顾问定期探访。",
                ),
                "推广智慧养老设备，为困难老人家庭开展居家适老化改造",
            ),
        ),
        "{self}将继续完善社区居家养老服务网络，提升为老服务水平。",
    ),
    Topic(
        "school_traffic",
        "加强中小学校园周边交通安全管理",
        ("教育局", "教育体育和文化旅游委员会", "教育局"),
        "我局",
        (
            Measure(
                "缓解上下学时段校门口交通拥堵",
                (
                    "{self}会同公安交警部门在{street}等学校周边实行上下学时段错峰放学，设置临时"
                    "接送停车泊位{n}个，校门口交通拥堵明显缓解。",
                    "{place}推动学校与周边商场、机关共享停车位，设置“即停即走”接送车道，{n}所学校"
                    "实行分年级错时放学，减少家长车辆集中停靠。",
                    "{self}指导学校优化校门口接送秩序，在{street}试点“护学通道”和家长等候区，"
                    "上下学高峰时段安排交警和护学岗疏导交通。",
                ),
                "在学校周边设置临时接送车位和即停即走车道，实行错峰放学，缓解校门口拥堵",
            ),
            Measure(
                "完善校园周边交通安全设施",
                (
                    "{self}配合交通管理部门在{n}所中小学周边施划人行横道、设置减速带和学校区域"
                    "警示标志，安装交通信号灯和违停抓拍设备。",
                    "{place}对学校周边道路开展交通安全隐患排查，增设护栏、限速标志和彩色减速路面，"
                    "{street}学校门前路段完成交通设施改造。",
                    "{self}会同住建交通部门对校园周边{n}处道路进行交通设施提升，设置学生过街安全岛"
                    "和黄闪警示灯。",
                ),
                "在学校周边增设减速带、警示标志和人行横道等交通安全设施",
            ),
            Measure(
                "加强护学岗和交通秩序管控",
                (
                    "{self}组织家长志愿者和社区网格员组建护学岗，联合交警在上下学时段对校园周边违停、"
                    "占道行为开展整治，全区设立护学岗{n}个。",
                    "{place}建立学校、交警、街道联动的“护学联盟”，{street}学校每天安排“家长护卫队”"
                    "值守，劝导不文明交通行为。",
                    "{self}协调公安部门在学校周边实行“高峰勤务”，整治非法营运车辆和电动车违法载人，"
                    "查处交通违法行为{n}起。",
                ),
                "组建护学岗，加强上下学时段学校周边交通秩序的整治",
            ),
            Measure(
                "开展学生交通安全教育",
                (
                    "{self}将交通安全教育纳入中小学安全教育课程，每学期开展交通安全主题班会和应急"
                    "疏散演练，邀请交警进校园授课{n}场。",
                    "{place}建设青少年交通安全体验馆，组织{n}名学生参加交通安全实践活动，"
                    "提高学生自我保护意识。",
                    "{self}通过“小手拉大手”活动把交通安全知识带进家庭，督促家长规范接送，"
                    "{street}学校开展交通安全知识竞赛。",
                ),
                "加强对学生和家长的交通安全教育，提高交通安全意识",
            ),
        ),
        "{self}将继续会同有关部门做好校园周边交通安全工作，守护学生平安。",
    ),
    Topic(
        "sme_finance",
        "缓解中小微企业融资难问题",
        ("金融工作局", "财政局", "发展和改革局"),
        "我局",
        (
            Measure(
                "发挥政府性融资担保作用",
                (
                    "{self}推动政府性融资担保机构扩大小微企业担保业务，担保费率降至1%以下，今年为"
                    "{n}家小微企业提供担保贷款。",
                    "{place}设立中小微企业融资担保基金，对首贷户和科技型小微企业实行“见贷即担”，"
                    "担保放大倍数达到{n}倍。",
                    "{self}联合担保公司推出“批量担保”产品，对符合条件的小微企业免收反担保，"
                    "累计担保金额{n}亿元。",
                ),
                "发挥政府性融资担保机构作用，降低担保费率，为小微企业增信",
            ),
            Measure(
                "设立应急转贷资金",
                (
                    "{self}设立中小企业应急转贷资金池，为贷款到期的企业提供续贷过桥资金，"
                    "今年以来累计转贷{n}笔，帮助企业节约财务成本。",
                    "{place}出台应急转贷资金管理办法，资金使用费按日计收，{street}园区企业"
                    "转贷周期缩短至{n}天。",
                    "{self}扩大应急转贷资金规模至{n}亿元，对无还本续贷和应急转贷实行线上申请，"
                    "缓解企业“过桥”压力。",
                ),
                "设立应急转贷资金，帮助企业解决贷款到期续贷的资金周转问题",
            ),
            Measure(
                "搭建银企对接平台",
                (
                    "{self}定期举办银企对接会，建立中小企业融资需求清单，今年组织对接活动{n}场，"
                    "促成银行授信。",
                    "{place}上线中小企业融资综合服务平台，汇集税务、社保等涉企信用数据，"
                    "银行据此发放“信易贷”{n}笔。",
                    "{self}组织金融服务专员走访{street}等园区企业，建立“一企一策”融资辅导机制，"
                    "帮助企业对接银行产品。",
                ),
                "搭建银企对接平台，共享企业信用信息，推动银行对中小企业授信",
            ),
            Measure(
                "落实贷款贴息和风险补偿政策",
                (
                    "{self}对小微企业贷款给予50%贴息，设立信贷风险补偿资金{n}万元，对银行发放小微"
                    "企业贷款的损失给予补偿。",
                    "{place}对科技型中小企业知识产权质押贷款按贷款利息给予贴息，{n}家企业享受贴息。",
                    "{self}建立小微企业贷款风险补偿机制，引导银行加大首贷、信用贷投放，"
                    "贴息资金当年兑付率达到{n}%。",
                ),
                "落实小微企业贷款贴息和信贷风险补偿政策，引导银行敢贷愿贷",
            ),
        ),
        "{self}将继续完善中小微企业金融服务，推动融资更便利、成本更低。",
    ),
)

# Which measures each reply takes (by index) and in what layout; a few replies are second
# replies on a topic from the same district (another year), so a topic has 4-5 replies.
_PLAN: tuple[tuple[str, int, tuple[int, ...], str], ...] = (
    ("elevator", 0, (0, 1, 2), "cppcc"),
    ("elevator", 1, (1, 2, 3), "npc"),
    ("elevator", 2, (0, 2, 3), "letter"),
    ("elevator", 1, (0, 3), "web"),
    ("garbage", 0, (0, 1, 3), "running"),
    ("garbage", 1, (0, 2, 3), "cppcc"),
    ("garbage", 2, (1, 2), "npc"),
    ("garbage", 0, (2, 3), "letter"),
    ("eldercare", 0, (0, 1, 2), "web"),
    ("eldercare", 1, (0, 3), "running"),
    ("eldercare", 2, (1, 2, 3), "cppcc"),
    ("eldercare", 2, (0, 2), "npc"),
    ("school_traffic", 0, (0, 2, 3), "npc"),
    ("school_traffic", 1, (0, 1), "letter"),
    ("school_traffic", 2, (1, 2, 3), "web"),
    ("school_traffic", 1, (2, 3), "cppcc"),
    ("sme_finance", 0, (0, 1), "cppcc"),
    ("sme_finance", 1, (1, 2, 3), "running"),
    ("sme_finance", 2, (0, 2, 3), "letter"),
    ("sme_finance", 0, (2, 3), "npc"),
    ("elevator", 0, (3,), "running"),
    ("garbage", 2, (0, 3), "web"),
)
_PEOPLE = ("张建华", "李文静", "王志强", "陈丽萍", "刘海涛", "周晓燕", "吴国平", "郑雅琴")
_CN = "一二三四五六七八九十"


def _fill(text: str, d: District, self_ref: str, n: int) -> str:
    return text.format(place=d.name, street=d.streets[0], street2=d.streets[1], n=n, self=self_ref)


def reply_text(index: int) -> tuple[str, Topic, District, str]:
    """The `index`-th reply of the corpus: its text, topic, district and bureau."""
    key, di, picks, layout = _PLAN[index]
    topic = next(t for t in TOPICS if t.key == key)
    d = DISTRICTS[di]
    bureau = f"{d.name}{topic.bureaus[di]}"
    signed = f"{d.city}{bureau}" if index % 2 else bureau
    me = topic.self_reference
    person = _PEOPLE[index % len(_PEOPLE)]
    number = 20 + index * 7
    year = 2022 + index % 3
    title = f"关于{topic.subject}的建议"
    measures = [topic.measures[i] for i in picks]
    bodies = [_fill(m.wordings[di], d, me, 12 + index + 3 * k) for k, m in enumerate(measures)]
    overview = (
        f"收到您的提案后，{me}高度重视，{topic.overview}，并与您电话沟通，听取意见建议。",
        f"{me}将该提案列为重点办理件，分管领导牵头专题研究，办理期间多次与您当面交流。",
        f"接到提案后，{me}召开专题会议研究办理工作，并赴{d.streets[1]}实地调研，听取居民意见。",
    )[di]
    nxt = "下一步，" + _fill(topic.next_step, d, me, 0)
    thanks = "感谢您对我区工作的关心和支持。"
    date = f"{year}年{5 + index % 4}月{10 + index % 15}日"
    contact = (
        f"联系人：{_PEOPLE[(index + 3) % len(_PEOPLE)]}　联系电话：0{21 + di}-6{index:02d}81234"
    )
    lines: list[str]
    if layout == "cppcc":
        lines = [
            f"对{d.congress}第{number}号提案的答复",
            f"{person}委员：",
            f"您提出的《{title}》（第{number}号）收悉，经研究，现将办理情况答复如下：",
            "一、办理概述",
            overview,
            "二、对提案建议的答复",
        ]
        for k, (m, body) in enumerate(zip(measures, bodies, strict=True)):
            lines += [f"（{_CN[k]}）{m.heading}", body]
        lines += ["三、下一步工作", nxt, thanks, signed, date, contact]
    elif layout == "npc":
        lines = [
            f"{bureau}关于{d.npc}第{number}号代表建议的答复",
            "办理结果：A",
            f"尊敬的{person}代表：",
            f"您提出的关于{topic.subject}的建议收悉，现答复如下：",
        ]
        for k, (m, body) in enumerate(zip(measures, bodies, strict=True)):
            lines += [f"{_CN[k]}、{m.heading}", body]
        lines += [nxt, "以上答复您是否满意，如有意见，敬请反馈。", signed, date, contact]
    elif layout == "letter":
        lines = [
            f"关于{d.congress}第{number}号提案答复的函",
            f"{person}委员：",
            f"您提出的“{title}”已收悉。我们高度重视，现将有关情况函复如下：",
        ]
        for k, (m, body) in enumerate(zip(measures, bodies, strict=True)):
            lines.append(f"{k + 1}.{m.heading}。{body}")
        lines += [nxt, "特此函复。", signed, date]
    elif layout == "web":
        lines = [
            f"首页 > 政务公开 > 建议提案办理 > {bureau}",
            f"{bureau}关于{d.congress}第{number}号提案的答复",
            f"发布日期：{year}-0{5 + index % 4}-1{index % 9}　来源：{bureau}　浏览次数：{300 + index}",
            f"{person}委员：",
            f"您提出的关于{topic.subject}的提案收悉。现将办理情况答复如下：",
        ]
        for k, (m, body) in enumerate(zip(measures, bodies, strict=True)):
            lines += [f"{_CN[k]}、关于{m.heading}", body]
        lines += [nxt, thanks, signed, date, "【打印本页】【关闭窗口】"]
    else:  # running: the measures as 一是、二是 under one heading of the answers
        lines = [
            f"对{d.congress}第{number}号提案的答复",
            f"{person}委员：",
            f"您提出的《{title}》收悉，现将办理情况答复如下：",
            overview,
            "一、主要工作情况",
        ]
        for k, (m, body) in enumerate(zip(measures, bodies, strict=True)):
            lines.append(f"{_CN[k]}是{m.heading}。{body}")
        lines += ["二、下一步打算", nxt, thanks, signed, date]
    return "\n\n".join(lines) + "\n", topic, d, bureau


def write_corpus(folder: Path) -> list[Written]:
    """The replies as UTF-8 .txt files in `folder`, each with its topic."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Written] = []
    for i in range(len(_PLAN)):
        text, topic, d, bureau = reply_text(i)
        path = folder / f"reply_{i:02d}_{topic.key}_{d.name}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(Written(path, topic.key, d.name, bureau))
    return out


# New proposals: per topic, one CPPCC proposal and one NPC suggestion, from a district that
# has answered on the topic and from one that has not always; their suggestions ask for
# some measures in the proposer's words (and one thing nobody answered: a gap is right there).
_UNANSWERED = {
    "elevator": "将加装电梯与老旧小区综合改造同步规划，统筹管线迁移",
    "garbage": "在农贸市场推行净菜上市，从源头减少湿垃圾",
    "eldercare": "探索“时间银行”互助养老模式，鼓励低龄老人服务高龄老人",
    "school_traffic": "开通定制公交校车线路，减少家长开车接送",
    "sme_finance": "推动区域性股权市场为中小企业直接融资",
}
_PROPOSAL_PLAN: tuple[tuple[str, int, tuple[int, ...], str], ...] = (
    ("elevator", 2, (1, 2), "cppcc"),
    ("elevator", 0, (0, 3), "npc"),
    ("garbage", 1, (1, 2), "cppcc"),
    ("garbage", 2, (0, 3), "npc"),
    ("eldercare", 0, (2, 3), "cppcc"),
    ("eldercare", 1, (1, 2), "npc"),
    ("school_traffic", 2, (0, 3), "cppcc"),
    ("school_traffic", 0, (1, 2), "npc"),
    ("sme_finance", 1, (0, 3), "cppcc"),
    ("sme_finance", 2, (1, 2), "npc"),
)
_REASONS = {
    "elevator": "我区建成于上世纪八九十年代的多层住宅数量多，老年人上下楼难，加装电梯需求迫切，"
    "但存在审批环节多、资金筹措难、邻里意见难统一等问题。",
    "garbage": "生活垃圾分类实施以来取得一定成效，但部分小区投放设施简陋，收运环节仍有混装现象，"
    "居民分类习惯尚未完全养成。",
    "eldercare": "我区老龄化程度持续加深，高龄、独居老人增多，社区养老服务设施不足，"
    "助餐、照护等服务供给与老年人需求还有差距。",
    "school_traffic": "每逢上下学时段，学校门口接送车辆集中停靠，道路拥堵，学生过街存在安全隐患。",
    "sme_finance": "中小微企业是稳就业的主力，但普遍缺少抵押物，融资渠道窄、成本高，"
    "贷款到期续贷时资金周转困难。",
}


def proposals() -> list[NewProposal]:
    """The new proposals, as a CPPCC office or an NPC standing committee prints them."""
    out: list[NewProposal] = []
    for i, (key, di, picks, layout) in enumerate(_PROPOSAL_PLAN):
        topic = next(t for t in TOPICS if t.key == key)
        d = DISTRICTS[di]
        asks = [topic.measures[k].ask for k in picks] + [_UNANSWERED[key]]
        person = _PEOPLE[(i + 5) % len(_PEOPLE)]
        number = 300 + i * 11
        title = f"关于{topic.subject}的建议"
        if layout == "cppcc":
            lines = [
                d.congress,
                f"提案第{number}号",
                f"案由：{title}",
                f"提案人：{person}",
                f"承办单位：{d.name}{topic.bureaus[di]}",
                "理由：",
                _REASONS[key],
                "建议：",
                *[f"{k + 1}.{a}。" for k, a in enumerate(asks)],
            ]
        else:
            lines = [
                f"{d.npc}代表建议",
                f"第{number}号",
                f"题目：{title}",
                f"领衔代表：{person}",
                f"主办单位：{d.name}{topic.bureaus[di]}",
                f"内容：{_REASONS[key]}为此建议：",
                *[f"（{_CN[k]}）{a}；" for k, a in enumerate(asks)],
            ]
        out.append(
            NewProposal(
                name=f"proposal_{i:02d}_{key}_{d.name}.txt",
                topic=key,
                text="\n".join(lines) + "\n",
                bureau=f"{d.name}{topic.bureaus[di]}",
                self_reference=topic.self_reference,
                suggestions=asks,
                answerable=[True] * len(picks) + [False],
                measures=[*picks, None],
            )
        )
    return out


def answers(text: str) -> tuple[str, int] | None:
    """The topic and measure (index) a paragraph of the corpus tells of, from the longest
    fixed part of each district's wording; None for any other text."""
    import re

    for topic in TOPICS:
        for k, measure in enumerate(topic.measures):
            for wording in measure.wordings:
                fixed = max(re.split(r"\{[a-z0-9]+\}", wording), key=len)
                if fixed in text:
                    return topic.key, k
    return None
