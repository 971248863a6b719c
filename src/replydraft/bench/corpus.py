"""A synthetic archive of replies across many topics, and new proposals to search it with.

Each reply answers a proposal on one of ~36 topics (elderly care, flood control, rural roads…):
its sections mix sentences made from the topic's own words with government prose taken from the
seeds (and, given `--corpus DIR`, from real texts read at bench time, never stored in the repo).
Invented names of people, villages, companies and projects grow the vocabulary as a real
archive's does (about ten new terms a reply). Everything follows from the reply's number, so
`reply(n)` and `plan(n)` are the same on every run.

The queries are new proposals, not excerpts of what is archived: a 续办 proposal naming the
session and number of an archived reply (whose reply must come first), and proposals on a topic
whose suggestions must find paragraphs of replies on the same topic.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

from replydraft import paths

SEED = 20261204
TARGET_CHARS = 3000
# Bump when the generator changes: cached archives built by another version are rebuilt.
VERSION = 3

DISTRICTS = [
    "浦东新区", "黄浦区", "静安区", "徐汇区", "长宁区", "普陀区", "虹口区", "杨浦区",
    "闵行区", "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
    "紫阳县", "池州市贵池区", "常州市", "北碚区", "高平市", "龙阳镇", "巴彦淖尔市",
    "资阳市", "昆山市", "义乌市", "晋江市", "江阴市", "慈溪市", "南海区",
]  # fmt: skip
UNITS = [
    "发展和改革委员会", "民政局", "教育局", "卫生健康委员会", "住房和城乡建设管理委员会",
    "农业农村委员会", "文化和旅游局", "交通委员会", "生态环境局", "水务局", "应急管理局",
    "市场监督管理局", "人力资源和社会保障局", "财政局", "科学技术委员会", "商务委员会",
    "数据局", "规划和自然资源局", "体育局", "退役军人事务局",
]  # fmt: skip

# One topic a line: its name, then the words that mark it (the first is its core).
_TOPICS = """
社区养老服务: 养老服务 日间照料 助餐点 失能老人 护理床位 居家养老 长护险 适老化改造
学前教育: 托育机构 幼儿园 学位供给 保育员 普惠性 入园难 托位 婴幼儿照护
农村饮水安全: 饮水工程 水源地 供水管网 水质检测 自来水 净水厂 饮水保障 水厂
老旧小区改造: 加装电梯 老旧小区 管网更新 外墙保温 楼道 物业管理 停车位 屋面防水
旅游精品建设: 旅游线路 景区 民宿 游客中心 文旅融合 精品点 导游 旅游品牌
农贸市场提升: 农贸市场 摊位 冷链 食品安全 菜价 市场改造 肉菜追溯 排水沟
急救设施配置: 除颤仪 AED 急救培训 心肺复苏 公共场所 急救站 黄金四分钟 救护车
垃圾分类: 垃圾分类 湿垃圾 回收站点 分类投放 清运 资源化利用 督导员 厨余垃圾
乡村道路: 农村公路 通组路 路面硬化 错车道 养护 危桥改造 客运班车 安防工程
防汛排涝: 防汛 排涝 泵站 积水点 河道疏浚 雨水管网 海绵城市 防洪堤
中小企业融资: 融资担保 贷款贴息 首贷 信用贷 中小微企业 应急转贷 融资成本 续贷
就业创业: 创业担保贷款 就业见习 灵活就业 零工市场 技能培训 稳岗补贴 高校毕业生 创业孵化
新能源汽车: 充电桩 换电站 新能源汽车 充电设施 电网扩容 公共充电 车网互动 充电运营
非遗保护: 非物质文化遗产 传承人 非遗工坊 传统技艺 非遗进校园 保护名录 戏曲 手工技艺
校园安全: 校园安全 校车 防溺水 食堂 心理健康 护学岗 安全教育 欺凌防治
医疗资源下沉: 家庭医生 医联体 基层医疗 村卫生室 远程诊疗 签约服务 全科医生 分级诊疗
人工智能产业: 人工智能 算力 大模型 智能制造 数据要素 算法 智能终端 语料
农产品品牌: 农产品 地理标志 品牌建设 电商直播 冷链物流 合作社 特色农业 产销对接
停车治理: 停车难 停车位 共享停车 错时停车 智慧停车 路内停车 停车场 违停
河湖长制: 河长制 水环境 黑臭水体 生态补水 岸线 水质 河湖治理 截污纳管
体育健身: 全民健身 健身步道 体育场馆 口袋公园 健身设施 体育赛事 社会体育指导员 场馆开放
外卖骑手权益: 骑手 新就业形态 职业伤害保障 驿站 配送平台 劳动权益 工会 暖心驿站
食品安全监管: 食品安全 抽检 明厨亮灶 小作坊 餐饮服务 食品追溯 冷链食品 网络订餐
退役军人服务: 退役军人 服务站 优抚 安置 就业扶持 拥军 褒扬 烈士纪念设施
数字政务: 一网通办 政务服务 数据共享 电子证照 数字政府 跨省通办 政务热线 办事大厅
耕地保护: 耕地保护 高标准农田 撂荒地 永久基本农田 土地整治 耕地占补 农田水利 种粮补贴
物业管理: 业主委员会 物业费 维修资金 物业服务 小区治理 电梯维保 物业纠纷 红色物业
公共交通: 公交线路 地铁接驳 站点 微循环 公交优先 定制公交 末班车 换乘
文明城市创建: 文明城市 志愿服务 新时代文明实践 市容环境 文明交通 公益广告 背街小巷 文明行为
心理健康服务: 心理健康 心理咨询 热线 心理援助 青少年心理 精神卫生 心理测评 社会心理服务
集体经济: 村集体经济 合作社 土地流转 村级资产 经营性收入 强村公司 资产盘活 分红
消防安全: 消防 电动自行车 充电棚 消防通道 高层建筑 微型消防站 火灾隐患 灭火器
生态环境保护: 大气污染 扬尘 挥发性有机物 环保督察 排污许可 噪声 生态修复 碳排放
婚育支持: 生育支持 育儿补贴 产假 托育补贴 婚育 生育友好 妇幼保健 母婴室
残疾人服务: 残疾人 无障碍设施 康复服务 辅具 助残 盲道 托养机构 残疾人就业
营商环境: 营商环境 审批 涉企收费 包容审慎 惠企政策 市场主体 政企沟通 首违不罚
"""

ASPECTS = ["加快推进", "进一步完善", "着力破解", "统筹推进", "加大力度支持", "优化提升"]

# Invented names: two or three characters from these, never from a dictionary.
_NAME_CHARS = (
    "华兴隆盛泰鑫源恒瑞祥和顺达丰康宁安嘉德荣昌富润辉耀晟锦瀚铭昊宇轩睿哲骏博文"
    "雅静婷怡欣悦琳璐萱妍涵蕾韵岚霏菁莹芸馨蔚澜沁朗峻崧岑嵘桦楠杉梓榕槐柏桐樟"
)
_PLACE_CHARS = (
    "东西南北中上下前后新老大小沙塘桥湾港浦泾河湖塘岗坪坝坡岭峪庄屯堡寨店集湾"
    "柳杨桃李杏梅松竹兰菊莲荷枫桂槐榆桑麻棉稻麦粟黍茶桐"
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
_NUMERALS = "一二三四五六七八九"

# Sentences of a topic: {a} {b} {c} its words, the rest filled per reply.
_TOPIC_SENTENCES = [
    "{place}围绕{a}和{b}，制定出台《{place}{a}三年行动方案（{year}—{year2}年）》，明确{c}的目标任务和保障措施。",
    "截至{year}年底，{place}已建成{a}{n}个，覆盖{village}等{m}个村（社区），惠及群众{k}万人次。",
    "{company}投资{n}万元建设{brand}{a}项目，带动{b}提质增效，预计{year2}年投入使用。",
    "针对{a}中存在的{b}不足、{c}滞后等问题，{unit}组织开展专项调研，形成问题清单{n}项。",
    "{person}等专家参与{b}地方标准制定，推动{a}与{c}融合发展。",
    "在{village}试点推行“{brand}{b}”模式，累计服务{n}户，群众满意度达{pct}%。",
    "{unit}将{a}纳入年度重点任务，安排专项资金{n}万元，用于{b}和{c}。",
    "我们会同{unit2}建立{a}联席会议制度，定期研究{b}、{c}等事项，协调解决问题{n}个。",
    "今年以来，共排查{c}隐患{n}处，完成整改{m}处，{b}覆盖率提高到{pct}%。",
    "依托{brand}平台归集{a}数据{n}万条，实现{b}全过程可查询、可追溯。",
    "{place}{village}探索“{a}+{b}”做法，由{person}牵头组建工作专班，成效明显。",
    "对照{a}建设标准，{place}将分批推进{b}，力争{year2}年底前实现{c}全覆盖。",
]
_HEADINGS = [
    "关于{a}", "关于加强{b}", "关于完善{c}机制", "关于{a}和{b}", "关于加大{a}投入",
    "关于{b}的保障", "关于{c}试点",
]  # fmt: skip
# A suggestion names one or two of its topic's words amid words every topic uses: the
# paragraphs that answer it must be found by those few.
_SUGGESTIONS = [
    "建议{unit}统筹资源，支持{place}开展{a}试点，探索新路径。",
    "建议加大财政投入，将{a}纳入民生实事项目，逐年提高补助标准。",
    "建议建立长效机制，明确{a}责任主体，定期通报工作进展。",
    "建议完善{b}配套政策，简化审批流程，对{a}给予补贴。",
    "建议加强队伍建设，开展{a}专题培训，提升服务水平。",
    "建议推广{b}经验做法，在全{level}范围内推进{a}，解决群众急难愁盼问题。",
]
_REASONS = [
    "近年来，{place}{a}工作取得一定成效，但{b}仍有短板，{c}不够完善，群众反映较多。",
    "从调研情况看，{a}供需矛盾突出，{b}投入不足，{c}缺乏统一规划。",
    "{a}事关群众切身利益，是{place}高质量发展的重要方面，{b}和{c}亟待加强。",
]
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_HEADING = re.compile(r"^[（(]?[一二三四五六七八九十]+[)）、]")


@dataclass(frozen=True)
class Topic:
    name: str
    words: tuple[str, ...]


def topics() -> list[Topic]:
    out = []
    for line in _TOPICS.strip().splitlines():
        name, words = line.split(":")
        out.append(Topic(name.strip(), tuple(words.split())))
    return out


@dataclass(frozen=True)
class Plan:
    """What a reply is about and whom it answers: drawn first, so queries can name them."""

    n: int
    topic: int
    aspect: str
    district: str
    session: int  # 届
    meeting: int  # 次会议
    number: int  # 第…号
    proposer: str
    unit: str
    year: int

    @property
    def title(self) -> str:
        return f"关于{self.aspect}{self.district}{topics()[self.topic].name}的建议"


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(_NAME_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES) + given


def plan(n: int) -> Plan:
    rng = random.Random(SEED * 1_000_003 + n)
    return Plan(
        n=n,
        topic=rng.randrange(len(topics())),
        aspect=rng.choice(ASPECTS),
        district=rng.choice(DISTRICTS),
        session=rng.randint(8, 15),
        meeting=rng.randint(1, 5),
        number=rng.randint(1, 600),
        proposer=_name(rng),
        unit=rng.choice(UNITS),
        year=rng.randint(2016, 2025),
    )


def _seed_files() -> list[Path]:
    return sorted(paths.seeds_dir().glob("*.txt"))


class Pool:
    """Government prose shared by every topic: the seeds' sentences and, with a corpus
    folder, its texts' sentences (read at bench time)."""

    def __init__(self, corpus: Path | None = None) -> None:
        files = _seed_files()
        if corpus is not None:
            files += sorted(corpus.glob("*.txt"))
        sentences: set[str] = set()
        digest = hashlib.sha256()
        for f in files:
            raw = f.read_text(encoding="utf-8", errors="replace")
            digest.update(raw.encode("utf-8"))
            # Hard-wrapped texts: join lines that do not end a sentence.
            text = re.sub(r"(?<=[^。；：！？\n])\n\s*(?=\S)", "", raw)
            for line in text.splitlines():
                line = line.strip().replace("**", "")
                if len(line) < 40 or _HEADING.match(line) or "http" in line:
                    continue
                for s in _SENTENCE.findall(line):
                    s = s.strip()
                    if 14 <= len(s) <= 200:
                        sentences.add(s)
        self.sentences = sorted(sentences)
        # Characters for invented names: the seeds' own (about 1,500), so two of them make
        # over a million names, as many as a real archive's people, villages and companies.
        seeds = "".join(f.read_text(encoding="utf-8") for f in files[: len(_seed_files())])
        self.chars = "".join(sorted({c for c in seeds + _PLACE_CHARS if "\u4e00" <= c <= "\u9fff"}))
        self.digest = digest.hexdigest()[:12]  # names the cache: another corpus, another archive


class _Filler:
    """Fills a template's slots for one document: its topic's words and invented names."""

    def __init__(self, rng: random.Random, p: Plan, chars: str = _NAME_CHARS) -> None:
        self.rng = rng
        self.chars = chars
        self.plan = p
        self.words = topics()[p.topic].words

    def invented(self, chars: str, size: int) -> str:
        return "".join(self.rng.choice(chars) for _ in range(size))

    def fill(self, template: str) -> str:
        rng, p = self.rng, self.plan
        a, b, c = rng.sample(self.words, 3)
        year = rng.randint(p.year - 3, p.year)
        return template.format(
            a=a,
            b=b,
            c=c,
            place=p.district,
            unit=p.district + p.unit,
            unit2=rng.choice(UNITS),
            level="市" if p.district.endswith("市") else "区",
            year=year,
            year2=year + rng.randint(1, 3),
            n=rng.randint(3, 9999),
            m=rng.randint(2, 99),
            k=rng.randint(1, 300),
            pct=rng.randint(60, 99),
            village=self.invented(self.chars, 2) + rng.choice(("村", "社区", "街道", "镇")),
            company=self.invented(self.chars, 2)
            + rng.choice(("科技", "实业", "集团", "农业"))
            + "有限公司",
            brand=self.invented(self.chars, rng.choice((2, 3))),
            person=_name(rng),
        )


def _prose(rng: random.Random, pool: Pool, p: Plan) -> str:
    if not pool.sentences:
        return ""
    s = rng.choice(pool.sentences)
    return _NUMBER.sub(lambda _: str(rng.randint(2, 999)), s)


def reply(n: int, pool: Pool) -> list[str]:
    """Reply number `n` as paragraphs."""
    p = plan(n)
    rng = random.Random(SEED * 7_000_003 + n)
    fill = _Filler(rng, p, pool.chars)
    bureau = p.district + p.unit
    paras = [
        f"对{p.district}政协{p.session}届{p.meeting}次会议第{p.number}号提案的答复",
        f"{p.proposer}委员：",
        f"您提出的《{p.title}》（第{p.number}号）收悉，经研究，现将办理情况答复如下：",
        "一、对本提案的办理概述",
        f"收到您的提案后，我委高度重视，会同{rng.choice(UNITS)}等部门认真研究，积极采纳。",
        "二、对提案建议的答复",
    ]
    size = sum(map(len, paras))
    section = 0
    while size < TARGET_CHARS - 250 and section < len(_NUMERALS):
        heading = f"（{_NUMERALS[section]}）{fill.fill(rng.choice(_HEADINGS))}"
        paras.append(heading)
        size += len(heading)
        section += 1
        for _ in range(rng.randint(1, 2)):
            parts = [fill.fill(rng.choice(_TOPIC_SENTENCES)) for _ in range(rng.randint(2, 3))]
            parts.insert(rng.randrange(len(parts) + 1), _prose(rng, pool, p))
            body = "".join(parts)
            paras.append(body)
            size += len(body)
    paras += [
        f"下一步，{p.district}将继续{p.aspect}{topics()[p.topic].name}工作。",
        "再次感谢您的宝贵建议，希望能继续得到您的关心和支持。",
        bureau,
        f"{p.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    ]
    return paras


# --- Queries: new proposals -------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A new proposal and what it must find: `earlier` the reply number that must rank first
    (a 续办), or -1; `topic` the topic its replies and paragraphs must share."""

    text: str
    topic: int
    earlier: int = -1


def _proposal(p: Plan, rng: random.Random, lines: list[str], earlier: str = "") -> str:
    fill = _Filler(rng, p)
    reasons = [earlier + fill.fill(rng.choice(_REASONS)), fill.fill(rng.choice(_REASONS))]
    suggestions = [fill.fill(t) for t in rng.sample(_SUGGESTIONS, 3)]
    return "\n".join(
        [
            *lines,
            "案由：",
            *reasons,
            "建议：",
            *(f"{_NUMERALS[i]}、{s}" for i, s in enumerate(suggestions)),
        ]
    )


def continued(n: int) -> Proposal:
    """A 续办 proposal from the proposer of reply `n`, naming its session and number, on the
    same topic but in new words: reply `n` must come first."""
    p = plan(n)
    rng = random.Random(SEED * 11_000_003 + n)
    title = f"关于{p.aspect}{p.district}{topics()[p.topic].name}的建议（续办）"
    return Proposal(
        _proposal(
            p,
            rng,
            [
                f"{p.district}政协{p.session}届{p.meeting + 1}次会议",
                f"提案第{rng.randint(1, 600)}号",
                title,
                f"提案人：{p.proposer}",
            ],
            f"本提案系{p.district}政协{p.session}届{p.meeting}次会议第{p.number}号提案"
            f"《{p.title}》的续办提案。",
        ),
        p.topic,
        earlier=n,
    )


def on_topic(k: int) -> Proposal:
    """A new proposal (number `k` of the query set) on a topic, by a new proposer."""
    rng = random.Random(SEED * 13_000_003 + k)
    p = plan(10_000_000 + k)  # a plan no archived reply has
    district = rng.choice(DISTRICTS)
    lines = [
        f"{district}政协{p.session}届{p.meeting}次会议",
        f"提案第{p.number}号",
        f"关于{p.aspect}{district}{topics()[p.topic].name}的建议",
        f"提案人：{p.proposer}",
    ]
    return Proposal(_proposal(p, rng, lines), p.topic)


def typed(k: int) -> str:
    """What an officer types in the side panel: two or three words of a topic."""
    rng = random.Random(SEED * 17_000_003 + k)
    t = topics()[rng.randrange(len(topics()))]
    return "".join(rng.sample(t.words, rng.choice((1, 2, 3))))
