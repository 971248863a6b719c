"""Proposals written here in the layouts officers receive, with the fields intake must read.

Each `Case` is one proposal: its text as printed (or as a web page copies it), optionally a
form (rows of label/value cells) that a Word file holds as a table, and the expected fields.
`score(case, parsed)` counts the fields read right; `intake_accuracy()` reads every case in
every format it is built in (text, Word, PDF) and sums the counts, for a benchmark to print.

The texts are made up: districts, names and figures are invented for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import docx

from replydraft.draft import choose_kind
from replydraft.ingest import ingest_bytes, ingest_text
from replydraft.parse import parse
from replydraft.records import Parsed
from tests.core._make_docs import docx_bytes, hard_wrap, pdf_bytes

Row = tuple[str, ...]  # label, value, label, value, ... as the cells of one table row


@dataclass(frozen=True)
class Case:
    name: str
    head: list[str]  # lines above the form
    body: list[str]  # lines below the form
    number: str
    session: str
    title: str
    proposers: list[str]
    template: str  # member / members / organisation / deputy, as draft.choose_kind reads it
    suggestions: list[str]  # the first words of each suggestion, in order
    lead_unit: str = ""
    co_units: list[str] = field(default_factory=list)
    form: list[Row] = field(default_factory=list)  # a table in Word, "label：value" lines in text
    formats: tuple[str, ...] = ("txt",)  # also built as: "docx", "pdf", "wrapped"
    unsure: list[str] = field(default_factory=list)  # fields read from a weak cue

    def lines(self) -> list[str]:
        """The proposal as plain text lines: the form's cells as "label：value" lines."""
        form = [
            "  ".join(f"{row[i]}：{row[i + 1]}" for i in range(0, len(row), 2)) for row in self.form
        ]
        return [*self.head, *form, *self.body]


# The reasons of a proposal at the length a real one has them (wrapped in a PDF).
_REASONS = (
    "近年来，本区在推进相关工作方面取得了积极成效，群众获得感明显增强，但对照高质量发展要求和人民群众新期待，"
    "仍存在统筹协调不够、资源配置不均衡、政策落地“最后一公里”不畅通等问题，需要进一步研究解决。"
)

_COUNTY_REASONS = "近年来，县委县政府高度重视此项工作，出台了一系列政策措施，取得了一定成效。但由于基础薄弱、投入不足，仍存在不少困难和问题。"

CASES: list[Case] = [
    Case(
        name="为此建议 then 一、 lines, session and 第…号 above the title",
        head=[
            "上海市长宁区政协十五届三次会议",
            "第0067号",
            "关于加快推进既有多层住宅加装电梯的建议",
            "提案人：王丽华",
        ],
        body=[
            "长宁区既有多层住宅占比较高，居住人口老龄化程度不断加深。截至2024年底，全区60岁以上"
            "户籍老年人口占比已超过百分之三十八，上下楼难已成为许多老年居民的“心头事”。",
            "目前加装电梯工作中仍存在审批环节多、资金筹措难、居民意见难统一等问题。",
            "为此建议：",
            "一、简化审批流程。由区住房保障和房屋管理局牵头，推行“一站式”联合审批，压缩办理时限。",
            "二、加大资金支持力度。统筹使用住房公积金、专项维修资金和区级补贴，减轻居民出资负担。",
            "三、建立居民协商机制。发挥街道和居委会作用，引入第三方调解，推动低层住户与高层住户"
            "达成共识。",
            "主办单位：区住房保障和房屋管理局",
            "会办单位：区规划资源局、区财政局",
        ],
        number="0067",
        session="上海市长宁区政协十五届三次会议",
        title="关于加快推进既有多层住宅加装电梯的建议",
        proposers=["王丽华"],
        template="member",
        lead_unit="区住房保障和房屋管理局",
        co_units=["区规划资源局", "区财政局"],
        suggestions=["简化审批流程", "加大资金支持力度", "建立居民协商机制"],
        formats=("txt", "docx", "pdf", "wrapped"),
    ),
    Case(
        name="title first, 对此，建议： then （一） lines, a party committee with its district",
        head=[
            "关于提升社区卫生服务中心家庭医生签约服务质量的建议",
            "浦东新区政协七届四次会议",
            "第0112号",
            "提案人：民建浦东新区委",
        ],
        body=[
            "家庭医生签约服务是分级诊疗的重要抓手。浦东新区常住人口多、地域广，社区卫生服务中心"
            "承担着大量基本医疗和公共卫生任务。",
            "调研发现，部分签约居民对家庭医生服务感受度不高，“签而不约”现象仍然存在，浦东新区"
            "家庭医生队伍的数量和结构也难以满足需求。",
            "对此，建议：",
            "（一）扩充家庭医生队伍。通过定向培养、转岗培训等方式，增加全科医生数量。",
            "（二）丰富签约服务内容。针对老年人、慢性病患者推出个性化服务包。",
            "（三）完善考核激励机制。将居民满意度纳入考核，绩效分配向一线倾斜。",
            "主办单位：区卫生健康委",
            "会办单位：区医保局",
        ],
        number="0112",
        session="浦东新区政协七届四次会议",
        title="关于提升社区卫生服务中心家庭医生签约服务质量的建议",
        proposers=["民建浦东新区委"],
        template="organisation",
        lead_unit="区卫生健康委",
        co_units=["区医保局"],
        suggestions=["扩充家庭医生队伍", "丰富签约服务内容", "完善考核激励机制"],
        formats=("txt", "pdf"),
    ),
    Case(
        name="deputy form: 编号, 领衔代表, 附议代表, 建议如下, 主办…会办… on one line",
        head=[
            "闵行区第十七届人民代表大会第五次会议",
            "代表建议",
            "编号：第28号",
            "领衔代表：陈国强",
            "附议代表：刘晓燕、孙伟民",
            "案由：关于优化轨道交通站点周边公交接驳的建议",
        ],
        body=[
            "近年来，闵行区轨道交通线网不断完善，但部分站点周边公交线路少、班次间隔长，"
            "“最后一公里”出行不便问题较为突出。",
            "建议如下：",
            "1．优化公交线路布局，在轨道交通站点周边增设短驳线路。",
            "2．加密高峰时段班次，缩短候车时间。",
            "3．完善站点周边非机动车停放设施，规范共享单车管理。",
            "办理单位：主办：区交通委　会办：区建设管理委、区城管执法局",
        ],
        number="28",
        session="闵行区第十七届人民代表大会第五次会议",
        title="关于优化轨道交通站点周边公交接驳的建议",
        proposers=["陈国强", "刘晓燕", "孙伟民"],
        template="deputy",
        lead_unit="区交通委",
        co_units=["区建设管理委", "区城管执法局"],
        suggestions=["优化公交线路布局", "加密高峰时段班次", "完善站点周边非机动车停放设施"],
        formats=("txt", "docx"),
    ),
    Case(
        name="a web copy in Markdown: # title, **bold** labels and headings",
        head=[
            "# 关于加强中小学生心理健康教育的建议",
            "",
            "**提案号：** 0145",
            "**提案人：** 致公党浦东新区委",
            "**案由：**",
        ],
        body=[
            "当前，中小学生心理健康问题日益受到社会关注。浦东新区部分学校心理教师配备不足，"
            "心理健康教育课程开设不规范，家校协同机制尚不健全。",
            "**为此建议：**",
            "1. **配齐配强心理健康教师。** 按照师生比要求配备专职心理教师，加强业务培训。",
            "2. **建立心理健康筛查机制。** 每学年开展一次心理健康测评，建立学生心理档案。",
            "3. **构建家校社协同育人格局。** 开设家长课堂，引导家长关注孩子心理健康。",
            "**主办单位：** 区教育局",
            "**会办单位：** 区卫生健康委、团区委",
            "",
            "[返回列表](https://example.org/list)　[打印本页](javascript:print())",
        ],
        number="0145",
        session="",
        title="关于加强中小学生心理健康教育的建议",
        proposers=["致公党浦东新区委"],
        template="organisation",
        lead_unit="区教育局",
        co_units=["区卫生健康委", "团区委"],
        suggestions=["配齐配强心理健康教师", "建立心理健康筛查机制", "构建家校社协同育人格局"],
    ),
    Case(
        name="title wrapped over two lines, suggestions as one paragraph of clauses split by ；",
        head=[
            "政协嘉定区第七届委员会第四次会议",
            "提案",
            "第0089号",
            "关于进一步完善嘉定区新能源汽车充电",
            "设施布局的建议",
            "提案人：赵明、钱晓",
        ],
        body=[
            "随着新能源汽车保有量快速增长，嘉定区充电设施总量不足、分布不均、老旧小区“充电难”"
            "等问题日益突出。",
            "建议：统筹编制全区充电设施布局规划，优先在老旧小区和公共停车场补齐短板；推动国有企业"
            "和物业企业共建共享充电桩；加强充电设施安全监管，定期开展隐患排查。",
            "主办单位：区发展改革委",
            "会办单位：区建设管理委、区房管局",
        ],
        number="0089",
        session="政协嘉定区第七届委员会第四次会议",
        title="关于进一步完善嘉定区新能源汽车充电设施布局的建议",
        proposers=["赵明", "钱晓"],
        template="members",
        lead_unit="区发展改革委",
        co_units=["区建设管理委", "区房管局"],
        suggestions=["统筹编制全区充电设施布局规划", "推动国有企业", "加强充电设施安全监管"],
        formats=("txt", "pdf", "wrapped"),
    ),
    Case(
        name="现状—问题—对策: only the 对策 items are suggestions; 九三学社…委员会",
        head=[
            "关于推动徐汇区滨水空间品质提升的建议",
            "提案人：九三学社上海市徐汇区委员会",
        ],
        body=[
            "一、现状",
            "徐汇滨江已建成贯通岸线十一公里，成为市民休闲健身的重要场所，年接待游客逾千万人次。",
            "二、存在的问题",
            "1．公共服务设施配套不足。公共卫生间、休憩座椅数量偏少，高峰时段供不应求。",
            "2．交通可达性有待提高。滨江与腹地之间的公交线路较少，停车位紧张。",
            "三、对策建议",
            "1．完善滨江公共服务设施，增设公共卫生间、直饮水点和休憩座椅。",
            "2．提升交通接驳能力，优化滨江周边公交线路。",
            "3．丰富滨水文化活动，打造具有徐汇特色的文化品牌。",
            "4．建立多部门协同管理机制，明确管养责任。",
        ],
        number="",
        session="",
        title="关于推动徐汇区滨水空间品质提升的建议",
        proposers=["九三学社上海市徐汇区委员会"],
        template="organisation",
        suggestions=["完善滨江公共服务设施", "提升交通接驳能力", "丰富滨水文化活动", "建立多部门"],
        formats=("txt", "docx"),
    ),
    Case(
        name="特提出如下建议 then 1、 lines; 农工党 district committee",
        head=[
            "宝山区政协十届三次会议提案",
            "第0031号",
            "关于加强宝山区农村生活污水治理设施运维管理的建议",
            "提案人：农工党宝山区委",
        ],
        body=[
            "宝山区已基本实现农村生活污水治理全覆盖，但“重建设、轻管护”的问题仍然存在，部分设施"
            "运行不稳定，出水水质难以稳定达标。",
            "为巩固宝山区治理成效，特提出如下建议：",
            "1、建立长效运维机制，明确区、镇、村三级管护责任。",
            "2、加大运维资金保障，将运维经费纳入区级财政预算。",
            "3、运用智慧化手段，对治理设施运行情况实时监控。",
            "主办单位：区水务局",
            "会办单位：区财政局、区农业农村委",
        ],
        number="0031",
        session="宝山区政协十届三次会议",
        title="关于加强宝山区农村生活污水治理设施运维管理的建议",
        proposers=["农工党宝山区委"],
        template="organisation",
        lead_unit="区水务局",
        co_units=["区财政局", "区农业农村委"],
        suggestions=["建立长效运维机制", "加大运维资金保障", "运用智慧化手段"],
        formats=("txt", "pdf"),
    ),
    Case(
        name="a number alone on a line, 张三等4人, 一是…二是… after 建议：",
        head=[
            "0203",
            "李建华等4人",
            "关于推进静安区老字号品牌传承创新的建议",
        ],
        body=[
            "静安区拥有老字号企业数十家，是城市文化的重要载体。但部分老字号面临经营困难、传承乏人、"
            "创新不足等问题。",
            "建议：一是制定老字号保护发展专项扶持政策，在租金、融资等方面给予支持；二是搭建老字号"
            "与设计机构、电商平台的合作平台，推动产品和营销创新；三是加强老字号技艺传承人培养，"
            "建立技艺传承档案。",
        ],
        number="0203",
        session="",
        title="关于推进静安区老字号品牌传承创新的建议",
        proposers=["李建华等4人"],
        template="members",
        unsure=["proposal_number"],  # a number alone on a line
        suggestions=["一是制定老字号", "二是搭建老字号", "三是加强老字号技艺"],
    ),
    Case(
        name="Word form table: 提案号, 民建 district committee named again in the text, 具体建议",
        head=["长宁区政协十五届三次会议"],
        form=[
            ("提案号", "0035", "提案人", "民建长宁区委"),
            ("案由", "关于进一步促进长宁区人工智能产业高质量发展的建议"),
            ("主办单位", "区科委", "会办单位", "区发展改革委、区商务委"),
        ],
        body=[
            "人工智能是引领新一轮科技革命和产业变革的战略性技术。长宁区已集聚一批人工智能企业，"
            "但仍存在龙头企业不多、应用场景开放不足、人才供给紧张等问题。",
            "具体建议：",
            "（一）加大应用场景开放力度，发布长宁区人工智能应用场景清单。",
            "（二）完善产业扶持政策，对重点项目给予资金和空间支持。",
            "（三）强化人才引育，落实人才公寓和子女入学等服务保障。",
        ],
        number="0035",
        session="长宁区政协十五届三次会议",
        title="关于进一步促进长宁区人工智能产业高质量发展的建议",
        proposers=["民建长宁区委"],
        template="organisation",
        lead_unit="区科委",
        co_units=["区发展改革委", "区商务委"],
        suggestions=["加大应用场景开放力度", "完善产业扶持政策", "强化人才引育"],
        formats=("txt", "docx"),
    ),
    Case(
        formats=("txt", "wrapped"),
        name="a 界别 group, 审查意见 naming 主办 and 会办",
        head=[
            "政协上海市杨浦区第十五届委员会第三次会议",
            "提案",
            "提案号：0078",
            "提案者：区政协教育界别",
            "题目：关于加强杨浦区托育服务供给的建议",
        ],
        body=[
            "理由：杨浦区0至3岁婴幼儿家庭托育需求旺盛，但普惠性托位供给不足，收费偏高，"
            "从业人员专业化水平参差不齐。",
            "建议：",
            "1.扩大普惠性托育服务供给，支持幼儿园开设托班。",
            "2.加强托育从业人员培训，提升服务质量。",
            "3.完善托育机构监管，建立质量评估制度。",
            "审查意见：区卫生健康委主办，区教育局会办",
        ],
        number="0078",
        session="政协上海市杨浦区第十五届委员会第三次会议",
        title="关于加强杨浦区托育服务供给的建议",
        proposers=["区政协教育界别"],
        template="organisation",
        lead_unit="区卫生健康委",
        co_units=["区教育局"],
        suggestions=["扩大普惠性托育服务供给", "加强托育从业人员培训", "完善托育机构监管"],
    ),
    Case(
        name="工商联, session and number on one line, an 对策建议 label",
        head=[
            "虹口区政协十五届四次会议提案第0156号",
            "关于优化营商环境支持民营企业发展的建议",
            "提案人：虹口区工商联",
        ],
        body=[
            "民营经济是虹口区经济发展的重要力量。当前，民营企业在融资、办事、用工等方面仍面临"
            "一些困难，发展信心有待进一步提振。",
            "对策建议：",
            "（一）深化“一网通办”改革，提升企业办事便利度。",
            "（二）加大金融支持力度，缓解中小企业融资难题。",
            "（三）构建亲清政商关系，建立常态化政企沟通机制。",
            "主办单位：区商务委",
            "会办单位：区市场监管局、区金融办、区行政服务中心",
        ],
        number="0156",
        session="虹口区政协十五届四次会议",
        title="关于优化营商环境支持民营企业发展的建议",
        proposers=["虹口区工商联"],
        template="organisation",
        lead_unit="区商务委",
        co_units=["区市场监管局", "区金融办", "区行政服务中心"],
        suggestions=["深化“一网通办”改革", "加大金融支持力度", "构建亲清政商关系"],
    ),
    Case(
        name="deputy, title first, session and number after it, 为此，建议：一是…",
        head=[
            "关于加强社区嵌入式养老服务设施建设的建议",
            "普陀区第十七届人民代表大会第四次会议代表建议第45号",
            "领衔代表：周敏",
            "附议代表：吴刚、郑丽、何晓东",
        ],
        body=[
            "随着人口老龄化加剧，普陀区老年人对就近就便养老服务的需求日益增长，但部分街道养老"
            "服务设施总量不足、布局不均。",
            "为此，建议：",
            "一是在新建住宅小区按标准配建养老服务设施，做到同步规划、同步建设、同步交付；"
            "二是盘活存量闲置资源，改建为社区养老服务综合体；三是推动医养结合，支持社区卫生服务"
            "中心与养老机构签约合作。",
        ],
        number="45",
        session="普陀区第十七届人民代表大会第四次会议",
        title="关于加强社区嵌入式养老服务设施建设的建议",
        proposers=["周敏", "吴刚", "郑丽", "何晓东"],
        template="deputy",
        suggestions=["一是在新建住宅小区", "二是盘活存量闲置资源", "三是推动医养结合"],
        formats=("txt", "pdf"),
    ),
    Case(
        name="上海市 session, 第…号提案, 题目/案由/具体建议 labels, 民革 district committee",
        head=[
            "上海市黄浦区政协十四届五次会议",
            "第0021号提案",
            "题目：关于推进黄浦区历史风貌区城市更新中保护与利用并重的建议",
            "提案人：民革黄浦区委",
        ],
        body=[
            "案由：黄浦区历史风貌区面积大、保护建筑多，城市更新任务繁重。在推进旧区改造的同时，"
            "如何守住城市文脉、延续黄浦区历史风貌，是需要认真研究的课题。",
            "具体建议：",
            "1.坚持规划引领，编制历史风貌区保护与更新专项规划。",
            "2.创新更新模式，探索“留改拆”并举的多元路径。",
            "3.加强公众参与，建立居民和专家全过程参与机制。",
            "主办单位：区规划资源局",
            "协办单位：区房管局、区文化旅游局",
        ],
        number="0021",
        session="上海市黄浦区政协十四届五次会议",
        title="关于推进黄浦区历史风貌区城市更新中保护与利用并重的建议",
        proposers=["民革黄浦区委"],
        template="organisation",
        lead_unit="区规划资源局",
        co_units=["区房管局", "区文化旅游局"],
        suggestions=["坚持规划引领", "创新更新模式", "加强公众参与"],
        formats=("txt", "docx", "pdf", "wrapped"),
    ),
    Case(
        name="deputy Word form: 代表姓名, 建议号, 题目, 承办单位; a one-sentence 建议",
        head=["嘉定区第七届人民代表大会第四次会议", "代表建议"],
        form=[
            ("代表姓名", "林海涛", "所属代表团", "江桥镇代表团"),
            ("建议号", "0012"),
            ("题目", "关于加快江桥镇农贸市场改造提升的建议"),
            ("承办单位", "区商务委"),
        ],
        body=[
            "内容：江桥镇部分农贸市场建成年代早，设施陈旧，环境卫生较差，周边居民反映强烈。",
            "建议：加快老旧农贸市场标准化改造，完善市场排水和通风设施，加强市场日常监管。",
        ],
        number="0012",
        session="嘉定区第七届人民代表大会第四次会议",
        title="关于加快江桥镇农贸市场改造提升的建议",
        proposers=["林海涛"],
        template="deputy",
        lead_unit="区商务委",
        suggestions=["加快老旧农贸市场标准化改造", "完善市场排水和通风设施", "加强市场日常监管"],
        formats=("txt", "docx"),
        unsure=["suggestions"],  # one sentence cut before its verbs
    ),
    Case(
        name="Word form with 主办：…会办：… inside one cell; members named with 委员",
        head=["普陀区政协十五届三次会议"],
        form=[
            ("提案号", "0093"),
            ("提案人", "孙立平委员、高晓梅委员"),
            ("题目", "关于加强苏州河普陀段沿岸绿化景观建设的建议"),
            ("办理单位", "主办：区绿化市容局 会办：区城管执法局、区建设管理委"),
        ],
        body=[
            "苏州河普陀段岸线贯通后，沿岸绿化总体水平明显提升，但仍存在部分绿地植物配置单一、"
            "养护标准不一等问题。",
            "建议：",
            "一、优化植物配置，增加季相变化明显的乡土树种。",
            "二、统一养护标准，推行专业化、精细化养护。",
        ],
        number="0093",
        session="普陀区政协十五届三次会议",
        title="关于加强苏州河普陀段沿岸绿化景观建设的建议",
        proposers=["孙立平", "高晓梅"],
        template="members",
        lead_unit="区绿化市容局",
        co_units=["区城管执法局", "区建设管理委"],
        suggestions=["优化植物配置", "统一养护标准"],
        formats=("txt", "docx", "wrapped"),
    ),
    Case(
        name="a 几点建议 section whose items hold numbered sub-points",
        head=[
            "政协松江区第六届委员会第三次会议提案",
            "第0140号",
            "关于促进松江区乡村旅游高质量发展的建议",
            "提案人：民盟松江区委",
        ],
        body=[
            "一、基本情况",
            "松江区乡村旅游资源丰富，已培育一批休闲农业和乡村旅游示范点，但整体仍处于起步阶段。",
            "二、几点建议",
            "（一）加强规划统筹。",
            "1.编制乡村旅游专项规划。",
            "2.推动农文旅融合发展。",
            "（二）完善基础设施。加快旅游道路、停车场和游客服务中心建设。",
            "（三）培育特色品牌。挖掘松江区农耕文化，打造乡村旅游精品线路。",
            "主办单位：区文化旅游局",
            "会办单位：区农业农村委",
        ],
        number="0140",
        session="政协松江区第六届委员会第三次会议",
        title="关于促进松江区乡村旅游高质量发展的建议",
        proposers=["民盟松江区委"],
        template="organisation",
        lead_unit="区文化旅游局",
        co_units=["区农业农村委"],
        suggestions=["加强规划统筹", "完善基础设施", "培育特色品牌"],
    ),
    Case(
        name="领衔提案人/联名提案人, 建议承办单位, a 问题 section holding a 措施 heading",
        head=[
            "上海市静安区政协第十五届委员会第四次会议",
            "提案 第 0088 号",
            "关于加强静安区既有建筑消防安全管理的提案",
            "领衔提案人：顾卫东",
            "联名提案人：沈佳、黄志强",
        ],
        body=[
            "一、存在的问题",
            "1．消防设施老化。部分既有建筑消防设施年久失修，难以正常使用。",
            "2．保障措施不到位。日常检查和维护保养经费缺乏稳定来源。",
            "二、意见建议",
            "（1）开展既有建筑消防设施专项排查，建立问题清单。",
            "（2）明确产权单位和物业企业的维护保养责任。",
            "（3）将老旧小区消防设施改造纳入城市更新项目统筹实施。",
            "建议承办单位：区消防救援支队",
            "建议会办单位：区房管局",
        ],
        number="0088",
        session="上海市静安区政协第十五届委员会第四次会议",
        title="关于加强静安区既有建筑消防安全管理的提案",
        proposers=["顾卫东", "沈佳", "黄志强"],
        template="members",
        lead_unit="区消防救援支队",
        co_units=["区房管局"],
        suggestions=["开展既有建筑消防设施专项排查", "明确产权单位", "将老旧小区消防设施改造"],
        formats=("txt", "pdf"),
    ),
    Case(
        name="a deputy's suggestion with the form in Word and 附议代表 in a cell",
        head=["青浦区第七届人民代表大会第三次会议", "代表建议"],
        form=[
            ("编号", "第 16 号"),
            ("领衔代表", "马建平", "附议代表", "蒋红、邵一鸣"),
            ("题目", "关于完善青浦区农村公路养护机制的建议"),
            ("主办单位", "区交通委", "会办单位", "区财政局、各镇人民政府"),
        ],
        body=[
            "内容：青浦区农村公路里程长，部分路段路面破损、排水不畅，养护资金和人员不足。",
            "建议：（一）建立区镇村三级路长制，压实养护责任；（二）加大养护资金投入，"
            "提高养护补助标准；（三）推行市场化养护，引入专业养护企业。",
        ],
        number="16",
        session="青浦区第七届人民代表大会第三次会议",
        title="关于完善青浦区农村公路养护机制的建议",
        proposers=["马建平", "蒋红", "邵一鸣"],
        template="deputy",
        lead_unit="区交通委",
        co_units=["区财政局", "各镇人民政府"],
        suggestions=["建立区镇村三级路长制", "加大养护资金投入", "推行市场化养护"],
        formats=("txt", "docx"),
    ),
    Case(
        name="《》 around a labelled title, 第一，…第二，…, 承办单位 marked （主办）/（会办）",
        head=[
            "徐汇区政协十五届四次会议",
            "提案号：0177",
            "标题：《关于推进徐汇区“15分钟社区生活圈”建设的建议》",
            "提案者：区政协医药卫生界",
            "提案内容：",
        ],
        body=[
            "徐汇区“15分钟社区生活圈”建设取得初步成效，但部分社区仍存在养老、托育、体育设施"
            "短缺的问题。",
            "为此建议：",
            "第一，开展社区服务设施短板排查，形成项目清单。第二，盘活存量空间，推动设施复合利用。"
            "第三，建立居民参与的评估机制。",
            "承办单位：区规划资源局（主办）、区民政局（会办）、区体育局（会办）",
        ],
        number="0177",
        session="徐汇区政协十五届四次会议",
        title="关于推进徐汇区“15分钟社区生活圈”建设的建议",
        proposers=["区政协医药卫生界"],
        template="organisation",
        lead_unit="区规划资源局",
        co_units=["区民政局", "区体育局"],
        suggestions=["开展社区服务设施短板排查", "盘活存量空间", "建立居民参与的评估机制"],
        formats=("txt", "pdf"),
    ),
    Case(
        name="deputy: unnumbered paragraphs after 建议如下, two units under one 承办单位 label",
        head=[
            "奉贤区第十八届人民代表大会第四次会议代表建议",
            "建议号：第0052号",
            "领衔代表：张海燕",
            "标题：关于加强奉贤区中小学周边食品安全监管的建议",
            "内容：",
        ],
        body=[
            "近年来，奉贤区中小学周边流动摊贩增多，部分小卖部销售“三无”食品，学生食品安全隐患"
            "突出。",
            "建议如下：",
            "加强校园周边食品经营单位日常检查，严厉查处销售“三无”食品的行为。",
            "建立学校、家长和市场监管部门的信息共享机制，及时处置投诉举报。",
            "开展食品安全进校园活动，提高学生自我保护意识。",
            "承办单位：区市场监管局、区教育局",
        ],
        number="0052",
        session="奉贤区第十八届人民代表大会第四次会议",
        title="关于加强奉贤区中小学周边食品安全监管的建议",
        proposers=["张海燕"],
        template="deputy",
        lead_unit="区市场监管局",
        co_units=["区教育局"],
        suggestions=["加强校园周边食品经营单位日常检查", "建立学校、家长", "开展食品安全进校园"],
        formats=("txt", "docx"),
        unsure=["lead_unit"],  # two units under one label: the first is taken to lead
    ),
    Case(
        name="建议：①…；②… inside the reasons paragraph, 等5人 after three names",
        head=[
            "政协金山区第六届委员会第四次会议提案",
            "第0009号",
            "关于加快金山区乡村民宿规范发展的建议",
            "提案人：李秀英、王刚、陈静等5人",
        ],
        body=[
            "目前金山区乡村民宿发展迅速，但存在证照办理难、服务标准不统一等问题。建议：①出台乡村"
            "民宿管理办法，明确证照办理流程；②制定民宿服务地方标准；③加强民宿从业人员培训。",
            "主办单位：区文化旅游局",
            "会办单位：区农业农村委、区市场监管局、区消防救援支队",
        ],
        number="0009",
        session="政协金山区第六届委员会第四次会议",
        title="关于加快金山区乡村民宿规范发展的建议",
        proposers=["李秀英", "王刚", "陈静等5人"],
        template="members",
        lead_unit="区文化旅游局",
        co_units=["区农业农村委", "区市场监管局", "区消防救援支队"],
        suggestions=["出台乡村民宿管理办法", "制定民宿服务地方标准", "加强民宿从业人员培训"],
        formats=("txt", "pdf", "wrapped"),
    ),
    Case(
        name="为此，我们建议： then （一） lines; 民进 district committee",
        formats=("txt", "pdf"),
        head=[
            "杨浦区政协十五届四次会议",
            "第0141号提案",
            "关于加快杨浦区老旧厂房更新利用的建议",
            "提案人：民进杨浦区委",
        ],
        body=[
            "杨浦区工业遗存丰富，部分老旧厂房长期闲置。",
            "为此，我们建议：",
            "（一）摸清底数，建立老旧厂房更新利用项目库。",
            "（二）创新更新模式，引入社会资本参与改造。",
            "主办单位：区发展改革委",
            "会办单位：区规划资源局、区国资委",
        ],
        number="0141",
        session="杨浦区政协十五届四次会议",
        title="关于加快杨浦区老旧厂房更新利用的建议",
        proposers=["民进杨浦区委"],
        template="organisation",
        lead_unit="区发展改革委",
        co_units=["区规划资源局", "区国资委"],
        suggestions=["摸清底数", "创新更新模式"],
    ),
    Case(
        name="title run into the session line below it; items numbered 1）",
        formats=("txt", "pdf"),
        head=[
            "关于提升长宁区社区食堂服务水平的建议",
            "长宁区政协十五届四次会议第0210号",
            "提案人：刘小平等3人",
        ],
        body=[
            "社区食堂是重要的民生工程。",
            "建议：",
            "1）扩大社区食堂覆盖面；",
            "2）丰富菜品供应；",
            "3）加强食品安全监管。",
        ],
        number="0210",
        session="长宁区政协十五届四次会议",
        title="关于提升长宁区社区食堂服务水平的建议",
        proposers=["刘小平等3人"],
        template="members",
        suggestions=["扩大社区食堂覆盖面", "丰富菜品供应", "加强食品安全监管"],
    ),
    Case(
        name="deputy: 题目/内容/建议 run together in a PDF, 一是… clauses",
        formats=("txt", "pdf"),
        head=[
            "宝山区第九届人民代表大会第四次会议",
            "代表建议",
            "第 31 号",
            "领衔代表：钱志刚",
            "附议代表：周琳、吴建华",
        ],
        body=[
            "题目：关于加强宝山区轨道交通站点周边停车管理的建议",
            "内容：宝山区部分轨交站点周边非机动车乱停放现象严重。",
            "建议：一是增设非机动车停放点；二是加强共享单车企业管理；三是开展联合执法。",
            "主办单位：区交通委",
            "会办单位：区城管执法局",
        ],
        number="31",
        session="宝山区第九届人民代表大会第四次会议",
        title="关于加强宝山区轨道交通站点周边停车管理的建议",
        proposers=["钱志刚", "周琳", "吴建华"],
        template="deputy",
        lead_unit="区交通委",
        co_units=["区城管执法局"],
        suggestions=["一是增设", "二是加强", "三是开展"],
    ),
    Case(
        name="Markdown ## headings and **bold** items under 三、建议",
        formats=("txt", "docx"),
        head=[
            "**关于推动闵行区数字经济发展的建议**",
            "",
            "**提案号**：0072",
            "**提案人**：九三学社闵行区委",
            "",
        ],
        body=[
            "## 一、现状",
            "闵行区数字经济规模持续扩大。",
            "## 二、问题",
            "数字人才不足，数据要素流通不畅。",
            "## 三、建议",
            "**（一）加强数字人才引育。** 实施数字人才专项计划。",
            "**（二）推动数据要素流通。** 建设区级数据交易服务平台。",
        ],
        number="0072",
        session="",
        title="关于推动闵行区数字经济发展的建议",
        proposers=["九三学社闵行区委"],
        template="organisation",
        suggestions=["加强数字人才引育", "推动数据要素流通"],
    ),
    Case(
        name="提  案 spaced, 案由 as title, 办法 label, 审查意见 with two co-units",
        formats=("txt", "docx"),
        head=[
            "政协青浦区第六届委员会第四次会议",
            "提  案",
            "第0056号",
            "案由：关于加强青浦区河道长效管理的建议",
            "提案人：农工党青浦区委",
        ],
        body=[
            "理由：青浦区河网密布，部分河道存在水质反复、岸线杂乱等问题。",
            "办法：",
            "1.落实河长制，压实各级河长责任。",
            "2.加大河道保洁资金投入。",
            "3.推进智慧河道建设。",
            "审查意见：区水务局主办，区生态环境局、各镇人民政府会办",
        ],
        number="0056",
        session="政协青浦区第六届委员会第四次会议",
        title="关于加强青浦区河道长效管理的建议",
        proposers=["农工党青浦区委"],
        template="organisation",
        lead_unit="区水务局",
        co_units=["区生态环境局", "各镇人民政府"],
        suggestions=["落实河长制", "加大河道保洁资金投入", "推进智慧河道建设"],
    ),
    Case(
        name="a number and a name alone above the title, 对此建议",
        formats=("txt", "docx", "pdf"),
        unsure=["proposal_number", "proposers"],
        head=["0118", "陈建平", "关于加强徐汇区电动自行车充电安全管理的建议"],
        body=[
            "电动自行车“飞线充电”现象时有发生，存在较大火灾隐患。",
            "对此建议：",
            "一、加快建设集中充电设施。",
            "二、加强宣传教育和执法检查。",
        ],
        number="0118",
        session="",
        title="关于加强徐汇区电动自行车充电安全管理的建议",
        proposers=["陈建平"],
        template="member",
        suggestions=["加快建设集中充电设施", "加强宣传教育和执法检查"],
    ),
    Case(
        name="a web form: 提案标题, 提案编号, 第一提案人, 提案形式, then 提案内容 and 二、建议",
        formats=("txt", "pdf"),
        head=[
            "提案标题：关于加强本市中小学课后服务的建议",
            "提案编号：0539",
            "第一提案人：王志强",
            "提案形式：个人提案",
            "界别：教育界",
            "主办单位：市教委",
            "会办单位：市财政局",
            "提案内容",
        ],
        body=[
            "一、存在的问题",
            "部分学校课后服务内容单一，师资力量不足。",
            "二、建议",
            "1、丰富课后服务内容。",
            "2、引入社会优质资源。",
            "3、完善经费保障机制。",
        ],
        number="0539",
        session="",
        title="关于加强本市中小学课后服务的建议",
        proposers=["王志强"],
        template="member",
        lead_unit="市教委",
        co_units=["市财政局"],
        suggestions=["丰富课后服务内容", "引入社会优质资源", "完善经费保障机制"],
    ),
    Case(
        name="提案人 and the date below the text",
        formats=("txt", "docx"),
        head=["关于优化嘉定区公交线网的建议"],
        body=[
            "嘉定区新城建设加快，但公交线网调整滞后。",
            "建议：",
            "（一）根据新城人口分布优化线路走向。",
            "（二）加密轨交接驳线路班次。",
            "提案人：周建华",
            "2025年1月8日",
        ],
        number="",
        session="",
        title="关于优化嘉定区公交线网的建议",
        proposers=["周建华"],
        template="member",
        suggestions=["根据新城人口分布", "加密轨交接驳线路班次"],
    ),
    Case(
        name="names parted by spaces, 具体建议如下 then （1） lines, a title ending 提案",
        formats=("txt", "docx"),
        head=[
            "闵行区政协十五届四次会议",
            "提案第0302号",
            "关于推进闵行区垃圾分类减量的提案",
            "提案人：张伟 李娜 王磊",
        ],
        body=[
            "闵行区垃圾分类工作成效明显，但源头减量仍有空间。",
            "具体建议如下：",
            "（1）推广净菜上市和简化包装。",
            "（2）完善可回收物回收体系。",
            "（3）加强对餐饮企业的监管。",
            "主办单位：区绿化市容局",
        ],
        number="0302",
        session="闵行区政协十五届四次会议",
        title="关于推进闵行区垃圾分类减量的提案",
        proposers=["张伟", "李娜", "王磊"],
        template="members",
        lead_unit="区绿化市容局",
        suggestions=["推广净菜上市", "完善可回收物回收体系", "加强对餐饮企业的监管"],
    ),
    Case(
        name="deputy: 代表建议第…号, 提出人, suggestions as clauses after 为此建议：",
        formats=("txt", "pdf", "wrapped"),
        head=[
            "长宁区第十七届人民代表大会第五次会议",
            "代表建议第 0021 号",
            "提出人：周丽华",
            "关于增加长宁区社区体育设施的建议",
        ],
        body=[
            "长宁区社区体育设施不足，居民健身需求难以满足。",
            "为此建议：利用边角地和屋顶空间建设小型体育场地；推动学校体育场地向社区开放；加强已建设施的日常维护。",
            "承办单位：区体育局",
        ],
        number="0021",
        session="长宁区第十七届人民代表大会第五次会议",
        title="关于增加长宁区社区体育设施的建议",
        proposers=["周丽华"],
        template="deputy",
        lead_unit="区体育局",
        suggestions=["利用边角地", "推动学校体育场地", "加强已建设施"],
    ),
    Case(
        name="对策及建议： then 1. lines; 致公党 district committee",
        formats=("txt",),
        head=[
            "政协奉贤区第六届委员会第四次会议",
            "第0018号",
            "关于支持奉贤区“东方美谷”产业发展的建议",
            "提案人：致公党奉贤区委",
        ],
        body=[
            "奉贤区“东方美谷”已成为全国知名的美丽健康产业集聚区。",
            "但产业链条不完整、品牌影响力不足。",
            "对策及建议：",
            "1.完善产业链招商。",
            "2.打造区域公共品牌。",
            "3.加强研发平台建设。",
            "主办单位：区经委",
            "会办单位：区市场监管局",
        ],
        number="0018",
        session="政协奉贤区第六届委员会第四次会议",
        title="关于支持奉贤区“东方美谷”产业发展的建议",
        proposers=["致公党奉贤区委"],
        template="organisation",
        lead_unit="区经委",
        co_units=["区市场监管局"],
        suggestions=["完善产业链招商", "打造区域公共品牌", "加强研发平台建设"],
    ),
    Case(
        name="基本情况—主要问题—意见和建议; 台盟 district branch",
        formats=("txt", "docx"),
        head=[
            "金山区政协十五届三次会议",
            "第0044号",
            "关于加强金山区海岸线生态保护的建议",
            "提案人：台盟金山区支部",
        ],
        body=[
            "一、基本情况",
            "金山区拥有较长的大陆海岸线。",
            "二、主要问题",
            "1.部分岸段侵蚀严重。",
            "2.管理主体不明确。",
            "三、意见和建议",
            "（一）开展海岸线生态修复。",
            "（二）明确岸线管理责任。",
            "主办单位：区生态环境局",
            "会办单位：区水务局、区规划资源局",
        ],
        number="0044",
        session="金山区政协十五届三次会议",
        title="关于加强金山区海岸线生态保护的建议",
        proposers=["台盟金山区支部"],
        template="organisation",
        lead_unit="区生态环境局",
        co_units=["区水务局", "区规划资源局"],
        suggestions=["开展海岸线生态修复", "明确岸线管理责任"],
    ),
    Case(
        name="Word form with 案号/联系人 rows, long reasons, 承办单位 marked （主办）/（会办）",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=["政协普陀区第十五届委员会第四次会议"],
        form=[
            ("案号", "0125"),
            ("提案人", "民盟普陀区委"),
            ("联系人", "何佳", "联系电话", "13900000000"),
            ("案由", "关于推进普陀区城市更新中历史建筑保护的建议"),
            ("承办单位", "区规划资源局（主办）、区房管局（会办）"),
        ],
        body=[
            _REASONS,
            _REASONS,
            "建议：",
            "一、开展历史建筑普查建档。对全区历史建筑进行全面调查，建立一幢一档。",
            "二、完善保护利用政策。研究出台历史建筑保护利用实施细则。",
            "三、加强社会参与。鼓励社会力量参与历史建筑活化利用。",
        ],
        number="0125",
        session="政协普陀区第十五届委员会第四次会议",
        title="关于推进普陀区城市更新中历史建筑保护的建议",
        proposers=["民盟普陀区委"],
        template="organisation",
        lead_unit="区规划资源局",
        co_units=["区房管局"],
        suggestions=["开展历史建筑普查建档", "完善保护利用政策", "加强社会参与"],
    ),
    Case(
        name="deputy Word form: 建议号, 建议标题, 附议代表; 为此，提出如下建议：",
        formats=("txt", "docx"),
        head=["静安区第十七届人民代表大会第四次会议", "代表建议"],
        form=[
            ("建议号", "第0088号"),
            ("领衔代表", "陆春燕"),
            ("附议代表", "郑伟、唐敏、许杰"),
            ("建议标题", "关于改善静安区老旧小区停车难问题的建议"),
            ("承办单位", "区建设管理委"),
        ],
        body=[
            "内容：",
            _REASONS,
            "为此，提出如下建议：",
            "（一）挖掘停车资源。利用周边公建配套停车场实施错峰共享。",
            "（二）推进智慧停车。建设区级停车信息平台。",
        ],
        number="0088",
        session="静安区第十七届人民代表大会第四次会议",
        title="关于改善静安区老旧小区停车难问题的建议",
        proposers=["陆春燕", "郑伟", "唐敏", "许杰"],
        template="deputy",
        lead_unit="区建设管理委",
        suggestions=["挖掘停车资源", "推进智慧停车"],
    ),
    Case(
        name="labels below the title, an 对策建议 line without a colon",
        formats=("txt", "pdf"),
        head=["关于加强虹口区社区心理服务体系建设的建议", "提案人：民进虹口区委", "提案号：0066"],
        body=[
            _REASONS,
            "对策建议",
            "1．建立区、街道、居委三级心理服务网络。",
            "2．培育专业心理服务社会组织。",
            "3．加强心理服务人才队伍建设。",
            "主办单位：区卫生健康委",
            "会办单位：区民政局、区教育局",
        ],
        number="0066",
        session="",
        title="关于加强虹口区社区心理服务体系建设的建议",
        proposers=["民进虹口区委"],
        template="organisation",
        lead_unit="区卫生健康委",
        co_units=["区民政局", "区教育局"],
        suggestions=["建立区、街道、居委", "培育专业心理服务", "加强心理服务人才"],
    ),
    Case(
        name="上海市 session, 第 0311 号 spaced, '陈志远 委员', 一要…二要…",
        formats=("txt", "docx"),
        head=[
            "上海市浦东新区政协七届四次会议",
            "第 0311 号",
            "关于加快浦东新区低空经济发展的建议",
            "提案人：陈志远 委员",
        ],
        body=[
            _REASONS,
            "建议：一要强化规划引领，编制低空经济发展专项规划；二要完善基础设施，布局起降场地和通信导航设施；三要拓展应用场景，推动物流配送和应急救援示范应用。",
        ],
        number="0311",
        session="上海市浦东新区政协七届四次会议",
        title="关于加快浦东新区低空经济发展的建议",
        proposers=["陈志远"],
        template="member",
        suggestions=["一要强化规划引领", "二要完善基础设施", "三要拓展应用场景"],
    ),
    Case(
        name="form with 等3人, two co-units parted by a space",
        formats=("txt", "docx"),
        head=["嘉定区政协七届四次会议", "第0097号"],
        form=[
            ("提案人", "孙海涛等3人"),
            ("题目", "关于优化嘉定区营商环境的建议"),
            ("主办单位", "区营商办"),
            ("会办单位", "区市场监管局 区税务局"),
        ],
        body=[
            "理由：" + _REASONS,
            "具体建议：",
            "1.推行企业开办“一件事”集成服务。",
            "2.深化“证照分离”改革。",
        ],
        number="0097",
        session="嘉定区政协七届四次会议",
        title="关于优化嘉定区营商环境的建议",
        proposers=["孙海涛等3人"],
        template="members",
        lead_unit="区营商办",
        co_units=["区市场监管局", "区税务局"],
        suggestions=["推行企业开办", "深化“证照分离”改革"],
    ),
    Case(
        name="a 界别 of the district CPPCC, 现状与问题—对策与建议",
        formats=("txt", "pdf"),
        head=[
            "松江区政协六届四次会议提案",
            "第0150号",
            "关于加强松江区非物质文化遗产保护传承的建议",
            "提案人：松江区政协文化艺术界别",
        ],
        body=[
            "一、现状与问题",
            _REASONS,
            "二、对策与建议",
            "（一）加强非遗项目调查记录。",
            "（二）完善传承人认定和扶持机制。",
            "（三）推动非遗进校园、进社区。",
            "主办单位：区文化旅游局",
        ],
        number="0150",
        session="松江区政协六届四次会议",
        title="关于加强松江区非物质文化遗产保护传承的建议",
        proposers=["松江区政协文化艺术界别"],
        template="organisation",
        lead_unit="区文化旅游局",
        suggestions=["加强非遗项目调查记录", "完善传承人认定", "推动非遗进校园"],
    ),
    Case(
        name="a web page: breadcrumb, toolbar, 发布时间/浏览次数, 上一篇/下一篇, footer",
        formats=("txt", "wrapped"),
        head=[
            "SOURCE: https://www.example.gov.cn/zxta/2025/0142.html",
            "",
            "当前位置：首页 > 提案工作 > 提案选登",
            "字号：大 中 小 打印本页 关闭窗口",
            "关于加强长宁区老年人助餐服务的建议",
            "发布时间：2025-02-12 浏览次数：326",
            "提案号：0142",
            "提案人：民盟长宁区委",
        ],
        body=[
            _REASONS,
            "为此，建议：",
            "一、扩大助餐服务网点覆盖。",
            "二、提升助餐服务质量。",
            "三、完善助餐补贴政策。",
            "主办单位：区民政局",
            "会办单位：区市场监管局",
            "上一篇：关于加强社区卫生服务的建议",
            "下一篇：关于推进垃圾分类的建议",
            "版权所有：长宁区政协  技术支持：某某公司  沪ICP备00000000号",
        ],
        number="0142",
        session="",
        title="关于加强长宁区老年人助餐服务的建议",
        proposers=["民盟长宁区委"],
        template="organisation",
        lead_unit="区民政局",
        co_units=["区市场监管局"],
        suggestions=["扩大助餐服务网点覆盖", "提升助餐服务质量", "完善助餐补贴政策"],
    ),
    Case(
        name="Word form holding the reasons and the suggestions in cells (建议 | 1.…2.…)",
        formats=("txt", "docx"),
        head=["徐汇区政协十五届四次会议"],
        form=[
            ("提案号", "0205", "提案人", "徐文斌、林晓霞"),
            ("案由", "关于推进徐汇区人工智能赋能基础教育的建议"),
            ("理由", _REASONS + _REASONS),
            (
                "建议",
                "1.建设人工智能教育实验校。2.开展教师人工智能素养培训。3.建立人工智能教育资源共享平台。",
            ),
            ("主办单位", "区教育局"),
            ("会办单位", "区科委"),
        ],
        body=[],
        number="0205",
        session="徐汇区政协十五届四次会议",
        title="关于推进徐汇区人工智能赋能基础教育的建议",
        proposers=["徐文斌", "林晓霞"],
        template="members",
        lead_unit="区教育局",
        co_units=["区科委"],
        suggestions=[
            "建设人工智能教育实验校",
            "开展教师人工智能素养培训",
            "建立人工智能教育资源共享平台",
        ],
    ),
    Case(
        name="the session under the 政协's full name 中国人民政治协商会议…委员会",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=["中国人民政治协商会议上海市宝山区委员会", "第十届委员会第四次会议提案", "第 0077 号"],
        body=[
            "关于提升宝山区滨江岸线公共空间品质的建议",
            "提案人：钟华、吕晓东、沈洁",
            _REASONS,
            "对此，我们提出以下建议：",
            "（一）完善滨江慢行系统，打通断点堵点。",
            "（二）增加公共服务设施，满足市民休闲需求。",
            "（三）丰富文化体育活动，提升滨江活力。",
        ],
        number="0077",
        session="中国人民政治协商会议上海市宝山区委员会第十届委员会第四次会议",
        title="关于提升宝山区滨江岸线公共空间品质的建议",
        proposers=["钟华", "吕晓东", "沈洁"],
        template="members",
        suggestions=["完善滨江慢行系统", "增加公共服务设施", "丰富文化体育活动"],
    ),
    Case(
        name="deputy: 代表建议（第 0013 号） in the session line, 基本情况—几点建议",
        formats=("txt", "pdf"),
        head=[
            "崇明区第十七届人民代表大会第五次会议代表建议（第 0013 号）",
            "关于加快崇明区农村寄递物流体系建设的建议",
            "领衔代表：倪建明",
        ],
        body=[
            "一、基本情况",
            _REASONS,
            "二、几点建议",
            "1．完善县乡村三级物流节点。",
            "2．推动快递企业共配共享。",
            "3．加大财政支持力度。",
            "承办单位：区商务委",
        ],
        number="0013",
        session="崇明区第十七届人民代表大会第五次会议",
        title="关于加快崇明区农村寄递物流体系建设的建议",
        proposers=["倪建明"],
        template="deputy",
        lead_unit="区商务委",
        suggestions=["完善县乡村三级物流节点", "推动快递企业共配共享", "加大财政支持力度"],
    ),
    Case(
        name="title first, then session, number and 提案人 on one line",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "关于进一步规范长宁区共享单车停放管理的建议",
            "长宁区政协十五届四次会议 第0260号 提案人：九三学社长宁区委",
        ],
        body=[_REASONS, "建议：（1）科学设置停放点位；（2）落实企业主体责任；（3）加强联合执法。"],
        number="0260",
        session="长宁区政协十五届四次会议",
        title="关于进一步规范长宁区共享单车停放管理的建议",
        proposers=["九三学社长宁区委"],
        template="organisation",
        suggestions=["科学设置停放点位", "落实企业主体责任", "加强联合执法"],
    ),
    Case(
        name="a county form: 界别/联系电话 rows, 1、…；2、… inline, 审查意见 '建议交…办理，…协办'",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "政协安平县第十届委员会第三次会议提案",
            "第 23 号",
            "提案人：李国华",
            "界别：农业",
            "联系电话：13900001111",
            "案由：关于加强农村留守儿童关爱保护的建议",
        ],
        body=[
            _COUNTY_REASONS,
            "建议：1、建立留守儿童信息台账；2、发挥学校关爱主阵地作用；3、动员社会力量参与关爱服务。",
            "审查意见：建议交县民政局办理，县教育局、县妇联协办。",
        ],
        number="23",
        session="政协安平县第十届委员会第三次会议",
        title="关于加强农村留守儿童关爱保护的建议",
        proposers=["李国华"],
        template="member",
        lead_unit="县民政局",
        co_units=["县教育局", "县妇联"],
        suggestions=["建立留守儿童信息台账", "发挥学校关爱主阵地作用", "动员社会力量参与关爱服务"],
    ),
    Case(
        name="a city deputy form: 建议编号 2024-015, 建议标题, 承办单位 '（主办）；（协办）'",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "临川市第九届人民代表大会第二次会议",
            "代表建议",
            "建议编号：2024-015",
            "建议标题：关于加快老旧小区改造的建议",
            "领衔代表：邹文斌",
            "代表团：城南",
        ],
        body=[
            "建议内容：",
            "一、存在问题",
            _COUNTY_REASONS,
            "二、具体建议",
            "（一）加快编制改造计划。",
            "（二）多渠道筹集改造资金。",
            "承办单位：市住建局（主办）；市财政局（协办）",
        ],
        number="2024-015",
        session="临川市第九届人民代表大会第二次会议",
        title="关于加快老旧小区改造的建议",
        proposers=["邹文斌"],
        template="deputy",
        lead_unit="市住建局",
        co_units=["市财政局"],
        suggestions=["加快编制改造计划", "多渠道筹集改造资金"],
    ),
    Case(
        name="首先…其次…最后… after 对此建议：",
        formats=("txt", "docx"),
        head=["关于推动县域特色农产品品牌建设的建议", "提案人：县工商联", "提案号：0045"],
        body=[
            _COUNTY_REASONS,
            "对此建议：首先，制定县域农产品品牌发展规划。其次，培育龙头企业和农民合作社。最后，加强品牌宣传推介。",
        ],
        number="0045",
        session="",
        title="关于推动县域特色农产品品牌建设的建议",
        proposers=["县工商联"],
        template="organisation",
        suggestions=["制定县域农产品品牌发展规划", "培育龙头企业和农民合作社", "加强品牌宣传推介"],
    ),
    Case(
        name="'为此，提出以下建议。' ending the reasons, 致公党…总支",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "政协江城区第八届委员会第二次会议",
            "第0031号",
            "关于提升城区公厕服务水平的建议",
            "提案人：致公党江城区总支",
        ],
        body=[
            _COUNTY_REASONS + "为此，提出以下建议。",
            "（一）科学规划公厕布局。",
            "（二）推进公厕提档升级。",
            "（三）落实公厕管护责任。",
            "主办单位：区城管局",
        ],
        number="0031",
        session="政协江城区第八届委员会第二次会议",
        title="关于提升城区公厕服务水平的建议",
        proposers=["致公党江城区总支"],
        template="organisation",
        lead_unit="区城管局",
        suggestions=["科学规划公厕布局", "推进公厕提档升级", "落实公厕管护责任"],
    ),
    Case(
        name="a county web page: title first, 提案第 112 号, two names parted by spaces, 办法：一是…",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "关于加强县城停车设施建设的提案",
            "政协清河县第十一届委员会第四次会议提案第 112 号",
            "提案者：王海燕  赵立新",
        ],
        body=[
            "理由：",
            _COUNTY_REASONS,
            "办法：",
            "一是规划建设一批公共停车场；",
            "二是挖掘机关单位停车资源错时共享；",
            "三是加强路内停车秩序管理。",
            "办理单位：县住建局",
        ],
        number="112",
        session="政协清河县第十一届委员会第四次会议",
        title="关于加强县城停车设施建设的提案",
        proposers=["王海燕", "赵立新"],
        template="members",
        lead_unit="县住建局",
        suggestions=["一是规划建设", "二是挖掘机关单位", "三是加强路内停车"],
    ),
    Case(
        name="Word form with labels alone in cells above multi-paragraph values (理由, 建议, 主办单位)",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=["东城区政协十四届三次会议", "提 案"],
        form=[
            ("提案号", "0082", "界别", "经济界"),
            ("提案人", "郭振华", "联系电话", "13812345678"),
            ("案由", "关于促进东城区夜间经济发展的建议"),
        ],
        body=[
            "理由",
            _COUNTY_REASONS,
            _COUNTY_REASONS,
            "建议",
            "1.打造夜间消费集聚区。",
            "2.延长公共交通运营时间。",
            "3.加强夜间安全保障。",
            "主办单位",
            "区商务局",
            "会办单位",
            "区交通委、区公安分局",
        ],
        number="0082",
        session="东城区政协十四届三次会议",
        title="关于促进东城区夜间经济发展的建议",
        proposers=["郭振华"],
        template="member",
        lead_unit="区商务局",
        co_units=["区交通委", "区公安分局"],
        suggestions=["打造夜间消费集聚区", "延长公共交通运营时间", "加强夜间安全保障"],
    ),
    Case(
        name="deputy: a '代表：' label, 区十七届人大五次会议",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "西湖区十七届人大五次会议",
            "代表建议",
            "第 0133 号",
            "代表：何丽娟",
            "标题：关于完善社区嵌入式托育服务的建议",
        ],
        body=[
            "内容：" + _COUNTY_REASONS,
            "建议：",
            "（一）将托育设施纳入社区配套。",
            "（二）给予普惠托育机构运营补贴。",
            "办理单位：区卫健局",
        ],
        number="0133",
        session="西湖区十七届人大五次会议",
        title="关于完善社区嵌入式托育服务的建议",
        proposers=["何丽娟"],
        template="deputy",
        lead_unit="区卫健局",
        suggestions=["将托育设施纳入社区配套", "给予普惠托育机构运营补贴"],
    ),
    Case(
        name="the session and number in brackets under the title, 问题的提出—建议",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "关于加强城市内涝治理的建议",
            "（市政协十三届四次会议第0418号提案）",
            "提案人：民革市委",
        ],
        body=[
            "一、问题的提出",
            _COUNTY_REASONS,
            "二、建议",
            "1．加快排水管网改造。",
            "2．建设海绵城市设施。",
            "3．完善内涝预警机制。",
            "主办单位：市水务局",
            "协办单位：市住建局",
        ],
        number="0418",
        session="市政协十三届四次会议",
        title="关于加强城市内涝治理的建议",
        proposers=["民革市委"],
        template="organisation",
        lead_unit="市水务局",
        co_units=["市住建局"],
        suggestions=["加快排水管网改造", "建设海绵城市设施", "完善内涝预警机制"],
    ),
    Case(
        name="为此，特建议： then 一是… lines, a 界别组",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=[
            "政协南湖区第九届委员会第三次会议",
            "提案第0027号",
            "关于加强南湖区中小学课后托管服务的建议",
            "提案人：南湖区政协教育界别组",
        ],
        body=[
            _COUNTY_REASONS,
            "为此，特建议：",
            "一是扩大课后服务覆盖面；",
            "二是丰富课后服务内容；",
            "三是完善课后服务经费保障机制。",
            "主办单位：区教育局",
        ],
        number="0027",
        session="政协南湖区第九届委员会第三次会议",
        title="关于加强南湖区中小学课后托管服务的建议",
        proposers=["南湖区政协教育界别组"],
        template="organisation",
        lead_unit="区教育局",
        suggestions=["一是扩大课后服务覆盖面", "二是丰富课后服务内容", "三是完善课后服务经费保障"],
    ),
    Case(
        name="提案人 '韩雪梅 等' and 提案号 above the title, 几点建议：",
        formats=("txt", "docx", "pdf", "wrapped"),
        head=["提案人：韩雪梅 等", "提案号：第 56 号", "关于推进农村人居环境整治的建议"],
        body=[
            _COUNTY_REASONS,
            "几点建议：",
            "1、强化规划引领；",
            "2、加大资金投入；",
            "3、建立长效管护机制。",
            "承办单位：县农业农村局",
        ],
        number="56",
        session="",
        title="关于推进农村人居环境整治的建议",
        proposers=["韩雪梅等"],
        template="members",
        lead_unit="县农业农村局",
        suggestions=["强化规划引领", "加大资金投入", "建立长效管护机制"],
    ),
]


@dataclass(frozen=True)
class Score:
    right: int
    total: int
    wrong: list[str]  # the names of the fields read wrong, for the failure message


def score(case: Case, parsed: Parsed) -> Score:
    """Fields read right out of the case's expected fields: number, session, title,
    proposers, template kind, lead unit, co-units, suggestion count and each suggestion's
    first words."""
    checks: list[tuple[str, bool]] = [
        ("number", parsed.proposal_number == case.number),
        ("session", parsed.session == case.session),
        ("title", parsed.title == case.title),
        ("proposers", parsed.proposers == case.proposers),
        ("template", choose_kind(parsed) == case.template),
        ("lead_unit", parsed.lead_unit == case.lead_unit),
        ("co_units", parsed.co_units == case.co_units),
        ("suggestion count", len(parsed.suggestions) == len(case.suggestions)),
    ]
    for i, words in enumerate(case.suggestions):
        got = parsed.suggestions[i] if i < len(parsed.suggestions) else ""
        checks.append((f"suggestion {i + 1}", got.startswith(words)))
    wrong = [name for name, ok in checks if not ok]
    return Score(len(checks) - len(wrong), len(checks), wrong)


def case_docx(case: Case) -> bytes:
    """The case as an officer's Word file: the form as a table between the text."""
    document = docx.Document()
    for line in case.head:
        document.add_paragraph(line)
    if case.form:
        columns = max(len(row) for row in case.form)
        table = document.add_table(rows=len(case.form), cols=columns)
        for row, cells in zip(table.rows, case.form, strict=True):
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
    for line in case.body:
        document.add_paragraph(line)
    return docx_bytes(document)


def read(case: Case, fmt: str) -> Parsed:
    """The case read as the app reads a file: txt, docx, pdf, or "wrapped" (text exported
    from a PDF: every line cut at 60 columns)."""
    if fmt == "txt":
        ingested = ingest_text("\n".join(case.lines()))
    elif fmt == "wrapped":
        lines = [x for x in case.lines() if x]
        ingested = ingest_text(hard_wrap(lines, 60, blank_between_lines=False))
    elif fmt == "docx":
        ingested = ingest_bytes(case_docx(case), "提案.docx")
    else:
        ingested = ingest_bytes(pdf_bytes([x for x in case.lines() if x]), "提案.pdf")
    return parse(ingested.paragraphs)


def intake_accuracy(read: Callable[[Case, str], Parsed] = read) -> tuple[int, int]:
    """(fields right, fields total) over every case in every format it is built in;
    `read(case, fmt)` turns a case into a parsed proposal (by default as the app reads a
    file: ingest, then parse)."""
    right = total = 0
    for case in CASES:
        for fmt in case.formats:
            s = score(case, read(case, fmt))
            right += s.right
            total += s.total
    return right, total
