"""The first start: set up the officer's own bureau instead of drafting as 示例区某某局.

A few fields make a profile (copied from the example profile, so the template, typography and
defaults are the built-in ones); or the officer picks a bureau that already has a profile.
Everything else is edited later in 模板与答复单位.
"""

from __future__ import annotations

import copy
import re
import zlib
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from replydraft.gui.draft_meta import split_list
from replydraft.profiles import BureauProfile
from replydraft.records import Contact

SELF_REFERENCES = ["我局", "我委", "我办", "我中心", "我厅", "我单位"]


@dataclass
class BureauSetup:
    """What the officer filled in: an existing profile's id, or the fields of a new one."""

    existing: str = ""
    name: str = ""
    self_reference: str = "我局"
    aliases: list[str] | None = None
    contact: Contact | None = None
    doc_number_pattern: str = ""
    print_office: str = ""

    def profile(self, template: BureauProfile) -> BureauProfile:
        """A new profile with these fields over `template` (the example's defaults)."""
        profile = copy.deepcopy(template)
        profile.id = profile_id(self.name)
        profile.name = self.name
        profile.self_reference = self.self_reference
        profile.aliases = list(self.aliases or [])
        profile.contact = copy.deepcopy(self.contact or Contact())
        profile.doc_number_pattern = self.doc_number_pattern
        profile.print_office = self.print_office
        profile.signer = ""
        return profile


def profile_id(name: str) -> str:
    """A file-safe id for a bureau named in Chinese: stable for the same name."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"bureau-{ascii_part + '-' if ascii_part else ''}{zlib.crc32(name.encode()):08x}"


class FirstRunDialog(QDialog):
    """设置本单位: a new bureau from a few fields, or one of the profiles there are."""

    def __init__(self, existing: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置本单位")
        self.resize(560, 0)
        intro = QLabel(
            "第一次使用：请先设置您所在的答复单位。草稿的落款、自称（我局/我委）、"
            "联系方式和文号都按这里的设置生成。以后可以在“工具 → 模板与答复单位”中修改。"
        )
        intro.setWordWrap(True)
        self.new_choice = QRadioButton("新建本单位")
        self.existing_choice = QRadioButton("使用已有的答复单位设置")
        group = QButtonGroup(self)
        group.addButton(self.new_choice)
        group.addButton(self.existing_choice)
        self.new_choice.setChecked(True)

        self.name = QLineEdit()
        self.name.setPlaceholderText("单位全称，例如 上海市浦东新区教育局")
        self.self_reference = QComboBox()
        self.self_reference.setEditable(True)
        self.self_reference.addItems(SELF_REFERENCES)
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("提案中常用的简称，多个用“、”隔开，例如 区教育局")
        self.contact_name = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaximumWidth(120)
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText("可不填，例如 浦教办理〔{year}〕{number}号")
        self.print_office = QLineEdit()
        self.print_office.setPlaceholderText("可不填，例如 上海市浦东新区教育局办公室")
        form = QFormLayout()
        for label, widget in (
            ("单位全称", self.name),
            ("自称", self.self_reference),
            ("简称", self.aliases),
            ("联系人", self.contact_name),
            ("联系电话", self.phone),
            ("联系地址", self.address),
            ("邮政编码", self.postcode),
            ("文号格式", self.doc_number),
            ("印发机关", self.print_office),
        ):
            form.addRow(label, widget)
        self.new_form = QWidget()
        self.new_form.setLayout(form)

        self.existing = QComboBox()
        for profile_id_, name in existing:
            self.existing.addItem(name, profile_id_)
        self.existing_choice.setEnabled(bool(existing))
        self.existing.setEnabled(False)
        self.existing_choice.toggled.connect(self._on_choice)

        self.problem = QLabel()
        self.problem.setObjectName("hint")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("保存并开始", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("以后再说", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.new_choice)
        layout.addWidget(self.new_form)
        layout.addWidget(self.existing_choice)
        layout.addWidget(self.existing)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _on_choice(self, existing: bool) -> None:
        self.existing.setEnabled(existing)
        self.new_form.setEnabled(not existing)

    def _accept(self) -> None:
        if self.new_choice.isChecked() and len(self.name.text().strip()) < 2:
            self.problem.setText("请填写单位全称。")
            self.name.setFocus()
            return
        self.accept()

    def setup(self) -> BureauSetup:
        if self.existing_choice.isChecked():
            return BureauSetup(existing=str(self.existing.currentData()))
        return BureauSetup(
            name=self.name.text().strip(),
            self_reference=self.self_reference.currentText().strip() or "我局",
            aliases=split_list(self.aliases.text()),
            contact=Contact(
                self.contact_name.text().strip(),
                self.phone.text().strip(),
                self.address.text().strip(),
                self.postcode.text().strip(),
            ),
            doc_number_pattern=self.doc_number.text().strip(),
            print_office=self.print_office.text().strip(),
        )
