"""The records every stage passes on: archived documents and their parsed parts.

Plain dataclasses with a lossless JSON form. Field names follow the CLI contract in
docs (architecture.md): `kind`, `title`, `session`, `proposal_number`, `recipients`, ...
A field the text does not contain stays empty; nothing is invented.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    REPLY = "reply"  # a reply (答复/复函/会办意见) to a proposal or a deputy's suggestion
    PROPOSAL = "proposal"  # a CPPCC proposal or an NPC deputy's suggestion
    POLICY = "policy"  # a policy document a reply may cite
    OTHER = "other"


@dataclass
class Contact:
    """The contact block of a reply (联系人, 联系电话, 联系地址, 邮政编码)."""

    name: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.address or self.postcode)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Contact:
        data = data or {}
        return cls(**{name: str(data.get(name, "")) for name in _CONTACT_FIELDS})


_CONTACT_FIELDS = tuple(f.name for f in fields(Contact))


@dataclass
class Section:
    """A numbered part of a document body.

    level: 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）. A heading that runs on into
    its text (（一）依托创新平台，构建……。厚植……) keeps the heading sentence in `heading`
    and the rest as the first paragraph.
    """

    heading: str
    level: int
    paragraphs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def walk(self) -> list[Section]:
        """This section and all below it, in reading order."""
        out = [self]
        for child in self.sections:
            out.extend(child.walk())
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        # Positional, map(str): an index build reads ~11 sections a record (a tenth of it).
        get = data.get
        return cls(
            str(get("heading", "")),
            int(get("level", 1)),
            list(map(str, get("paragraphs", ()))),
            [cls.from_dict(s) for s in get("sections", ())],
        )


@dataclass
class Parsed:
    """What the parser reads out of a document's paragraphs.

    Replies fill the reply fields, proposals the proposal fields, policies `title`,
    `doc_number`, `bureau` (issuer), `date` and `sections`.
    """

    kind: Kind = Kind.OTHER
    title: str = ""
    session: str = ""  # 浦东新区政协七届四次会议
    proposal_number: str = ""  # as printed, without 第/号: "195", "057", "T014"
    # Reply fields
    # names in the salutation, or the organisation
    recipients: list[str] = field(default_factory=list)
    bureau: str = ""  # the answering (or issuing) unit
    doc_number: str = ""  # 浦科经委办理〔2025〕47号
    date: str = ""  # ISO YYYY-MM-DD
    result: str = ""  # 办理结果: 解决或采纳 / A ...
    disclosure: str = ""  # 公开属性: 主动公开 ...
    signer: str = ""  # 签发人
    contact: Contact = field(default_factory=Contact)
    cc: list[str] = field(default_factory=list)  # 抄送 units
    salutation: str = ""  # the 主送 line as printed, e.g. 吴佳桢委员
    opening: str = ""  # the opening formula paragraph (……收悉，……答复如下：)
    preamble: list[str] = field(default_factory=list)  # body text before the first heading
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # thanks and anything after the body
    # Proposal fields
    proposers: list[str] = field(default_factory=list)
    lead_unit: str = ""  # 主办单位
    co_units: list[str] = field(default_factory=list)  # 会办/协办单位
    suggestions: list[str] = field(default_factory=list)  # each concrete suggestion, in order
    # Names of the fields above read from a weak cue (a number alone on a line, a name cut
    # from its unit, suggestions cut at full stops): shown to the officer to confirm.
    unsure: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        if not self.unsure:
            del data["unsure"]  # the JSON of a sure reading stays as it always was
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Parsed:
        values: dict[str, Any] = {k: v for k, v in data.items() if k in _PARSED_FIELDS}
        values["kind"] = Kind(values.get("kind", Kind.OTHER))
        values["contact"] = Contact.from_dict(values.get("contact"))
        values["sections"] = [Section.from_dict(s) for s in values.get("sections", [])]
        return cls(**values)

    def all_sections(self) -> list[Section]:
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return out


# Parsed's field names, what from_dict keeps of a dict (worked out once, not per record).
_PARSED_FIELDS = frozenset(f.name for f in fields(Parsed))


@dataclass
class Record:
    """One archived document: where it came from, its text, and what was parsed from it."""

    id: str  # stable: the first 12 hex digits of the original bytes' SHA-256
    sha256: str
    source: str  # the file name (or "pasted text") it was imported from
    format: str  # txt, docx, pdf, paste
    encoding: str  # how the bytes were decoded (utf-8, gb18030, utf-16, ...)
    paragraphs: list[str]  # the normalised text, one paragraph per item
    parsed: Parsed
    imported_at: str = ""  # ISO timestamp

    @property
    def kind(self) -> Kind:
        return self.parsed.kind

    @property
    def title(self) -> str:
        return self.parsed.title

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON form: record metadata, then the parsed fields flat beside it."""
        data: dict[str, Any] = {
            "id": self.id,
            "sha256": self.sha256,
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "imported_at": self.imported_at,
        }
        data.update(self.parsed.to_dict())
        data["paragraphs"] = list(self.paragraphs)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls(
            id=str(data["id"]),
            sha256=str(data["sha256"]),
            source=str(data.get("source", "")),
            format=str(data.get("format", "")),
            encoding=str(data.get("encoding", "")),
            paragraphs=[str(p) for p in data.get("paragraphs", [])],
            parsed=Parsed.from_dict(data),
            imported_at=str(data.get("imported_at", "")),
        )


# --- Drafts ---------------------------------------------------------------------------------

DRAFT_FORMAT_VERSION = 1


@dataclass
class Source:
    """Where a reused paragraph came from, kept so the officer sees what is reused."""

    doc_id: str
    title: str
    kind: str = "reply"  # reply | policy
    bureau: str = ""
    date: str = ""
    score: float = 0.0
    original: str = ""  # the paragraph as found, to tell the officer's edits apart
    seq: int = -1  # its place in the source document (0-based; -1: not known)
    role: str = ""  # what it did there (roles.Role value: body, ...)
    # What reuse changed in it (Markdown removed, 我局 -> 我委, 三是 -> 二是 ...), in Chinese.
    changes: list[str] = field(default_factory=list)
    # What the officer must check before signing (it describes another district ...).
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        """A Source from a draft file; files written before a field existed still load."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("changes", "notes"):
            values[key] = [str(x) for x in values.get(key) or []]
        return cls(**values)


@dataclass
class DraftParagraph:
    text: str
    source: Source | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DraftParagraph:
        src = data.get("source")
        return cls(text=str(data.get("text", "")), source=Source.from_dict(src) if src else None)


@dataclass
class DraftSection:
    """A section of the reply body; level as in `Section` (1 一、, 2 （一）, 3 1., 4 （1）).

    `heading` is the text after the numeral: numbering is derived from position at render
    time, so inserting or deleting a section can never leave a gap.
    """

    heading: str
    level: int = 1
    paragraphs: list[DraftParagraph] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)
    suggestion: str = ""  # the proposal's suggestion this section answers, if any

    def walk(self) -> list[DraftSection]:
        out = [self]
        for child in self.sections:
            out.extend(child.walk())
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DraftSection:
        return cls(
            heading=str(data.get("heading", "")),
            level=int(data.get("level", 1)),
            paragraphs=[DraftParagraph.from_dict(p) for p in data.get("paragraphs", [])],
            sections=[cls.from_dict(s) for s in data.get("sections", [])],
            suggestion=str(data.get("suggestion", "")),
        )


@dataclass(frozen=True)
class UnsureLine:
    """A line of the proposal the recogniser was unsure of, as recognised."""

    page: int  # 1-based, in the proposal's file
    text: str
    score: float  # 0-1


@dataclass
class ProposalScan:
    """The proposal was read (partly) by OCR: the pages recognised and the lines the
    recogniser doubted, kept in the draft so the proofreader points at what it copied
    from them (check/recognised.py)."""

    pages: list[int] = field(default_factory=list)  # 1-based; a mixed PDF's others are text
    unsure: list[UnsureLine] = field(default_factory=list)
    engine: str = ""  # e.g. "rapidocr 3.10.0"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProposalScan:
        return cls(
            pages=[int(p) for p in data.get("pages") or []],
            unsure=[
                UnsureLine(int(u.get("page", 0)), str(u.get("text", "")), float(u.get("score", 0)))
                for u in data.get("unsure") or []
            ],
            engine=str(data.get("engine", "")),
        )


@dataclass
class DraftHeader:
    """The optional header block above the title (GB/T 9704 §7.2 and local practice)."""

    doc_number: str = ""  # 浦科经委办理〔2025〕61号
    signer: str = ""  # 签发人
    result: str = ""  # 办理结果 label or letter
    disclosure: str = ""  # 公开属性

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DraftHeader:
        data = data or {}
        return cls(**{f.name: str(data.get(f.name, "")) for f in fields(cls)})


@dataclass
class Draft:
    """A reply being written: everything the export needs, plus where reused text came from."""

    bureau: str = ""  # bureau profile id
    template: str = ""  # template kind, e.g. member, members, organisation, huiban, deputy
    header: DraftHeader = field(default_factory=DraftHeader)
    title: str = ""
    salutation: str = ""  # without the trailing colon: 吴佳桢委员
    opening: str = ""
    preamble: list[DraftParagraph] = field(default_factory=list)  # body text before 一、
    sections: list[DraftSection] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # thanks
    signature: str = ""  # the unit's name under the body
    date: str = ""  # ISO YYYY-MM-DD; shown as 2025年5月7日
    notes: list[str] = field(default_factory=list)  # 附注 lines, e.g. （此件公开发布）
    contact: Contact = field(default_factory=Contact)
    cc: list[str] = field(default_factory=list)  # 抄送
    print_office: str = ""  # 印发机关 of the 版记
    proposal: Parsed = field(default_factory=Parsed)  # the proposal being answered
    # The proposal's text came from a scan (None: typed, or a draft older than this field).
    proposal_scan: ProposalScan | None = None
    # Set by `archive-sent` once the signed reply has left the bureau: its 文号 and the ISO
    # date it was sent. Only a draft marked sent enters the archive as a reply.
    sent_doc_number: str = ""
    sent_date: str = ""
    version: int = DRAFT_FORMAT_VERSION

    @property
    def is_sent(self) -> bool:
        return bool(self.sent_date and self.sent_doc_number)

    def all_sections(self) -> list[DraftSection]:
        out: list[DraftSection] = []
        for s in self.sections:
            out.extend(s.walk())
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["proposal"] = self.proposal.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        version = int(data.get("version", DRAFT_FORMAT_VERSION))
        if version > DRAFT_FORMAT_VERSION:
            raise ValueError(
                f"草稿格式 {version} 比本程序支持的版本（{DRAFT_FORMAT_VERSION}）新，"
                "请更新 replydraft"
            )
        return cls(
            bureau=str(data.get("bureau", "")),
            template=str(data.get("template", "")),
            header=DraftHeader.from_dict(data.get("header")),
            title=str(data.get("title", "")),
            salutation=str(data.get("salutation", "")),
            opening=str(data.get("opening", "")),
            preamble=[DraftParagraph.from_dict(p) for p in data.get("preamble", [])],
            sections=[DraftSection.from_dict(s) for s in data.get("sections", [])],
            closing=[str(p) for p in data.get("closing", [])],
            signature=str(data.get("signature", "")),
            date=str(data.get("date", "")),
            notes=[str(p) for p in data.get("notes", [])],
            contact=Contact.from_dict(data.get("contact")),
            cc=[str(c) for c in data.get("cc", [])],
            print_office=str(data.get("print_office", "")),
            proposal=Parsed.from_dict(data.get("proposal") or {}),
            proposal_scan=(
                ProposalScan.from_dict(data["proposal_scan"]) if data.get("proposal_scan") else None
            ),
            sent_doc_number=str(data.get("sent_doc_number", "")),
            sent_date=str(data.get("sent_date", "")),
            version=DRAFT_FORMAT_VERSION,
        )
