"""A form over a BureauProfile: identity, defaults, contact block and export style."""

from __future__ import annotations

import copy
import tempfile
from dataclasses import fields
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from replydraft.gui.draft_meta import DISCLOSURES, LIST_SEPARATOR, align_labels, split_list
from replydraft.profiles import BureauProfile, ExportStyle, load_profile, save_profile
from replydraft.records import Contact

# profile.require keys (check/completeness.py) with their names
REQUIREMENTS = {
    "title": "标题",
    "salutation": "主送",
    "signature": "落款",
    "date": "成文日期",
    "contact": "联系方式",
    "cc": "抄送",
    "doc_number": "文号",
    "signer": "签发人",
    "result": "办理结果",
    "disclosure": "公开属性",
}
FONT_CHOICES = {
    "font_title": ["方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体"],
    "font_body": ["仿宋_GB2312", "仿宋", "FangSong"],
    "font_heading1": ["黑体", "SimHei", "方正黑体_GBK"],
    "font_heading2": ["楷体_GB2312", "楷体", "KaiTi"],
    "font_latin": ["Times New Roman"],
    "font_page_number": ["宋体", "SimSun"],
}
FONT_LABELS = {
    "font_title": "标题字体",
    "font_body": "正文字体",
    "font_heading1": "一级标题字体",
    "font_heading2": "二级标题字体",
    "font_latin": "数字和西文字体",
    "font_page_number": "页码字体",
}
NUMBER_LABELS = {
    "margin_top_mm": ("上边距", "mm"),
    "margin_bottom_mm": ("下边距", "mm"),
    "margin_left_mm": ("左边距", "mm"),
    "margin_right_mm": ("右边距", "mm"),
    "body_size_pt": ("正文字号", "pt"),
    "title_size_pt": ("标题字号", "pt"),
    "line_pitch_pt": ("行距", "pt"),
}


class ProfileProblem(Exception):
    """The form holds a profile that would not load back (e.g. a default not in the labels)."""


def validate(profile: BureauProfile) -> None:
    """Write the profile to a scratch file and read it back with the real reader, so the
    form refuses exactly what the program would refuse to load."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{profile.id}.toml"
        save_profile(profile, path)
        try:
            load_profile(path)
        except Exception as exc:  # ProfileError: its message names the key
            message = getattr(exc, "message", str(exc))
            raise ProfileProblem(message) from None


class ProfileForm(QScrollArea):
    """Shows one profile; `profile()` gives back the edited one (same id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(4, 4, 12, 4)
        layout.setSpacing(10)
        self.setWidget(inner)
        self._original = BureauProfile(id="", name="")
        self._forms: list[QFormLayout] = []

        who = self._group(layout, "单位")
        self.name = self._line(who, "单位全称", "上海市浦东新区科技和经济委员会")
        self.aliases = self._line(who, "其他名称", "提案中可能使用的简称，用“、”隔开")
        self.self_reference = self._line(who, "自称", "我委 / 我局 / 我办")
        self.template = self._line(who, "专用模板文件夹", "留空使用内置模板")

        defaults = self._group(layout, "默认值")
        self.doc_number_pattern = self._line(
            defaults, "文号格式", "例如 浦科经委办理〔{year}〕{number}号"
        )
        self.signer = self._line(defaults, "签发人")
        self.result_labels = self._line(defaults, "办理结果分类", "用“、”隔开，例如 A、B、C")
        self.default_result = QComboBox()
        self.default_result.setEditable(True)
        defaults.addRow("默认办理结果", self.default_result)
        self.result_labels.textChanged.connect(self._refresh_results)
        self.default_disclosure = QComboBox()
        self.default_disclosure.setEditable(True)
        self.default_disclosure.addItems(["", *DISCLOSURES])
        defaults.addRow("默认公开属性", self.default_disclosure)
        self.show_header = QCheckBox("在标题上方印文号、签发人、办理结果、公开属性")
        defaults.addRow("文头", self.show_header)
        self.cc = self._line(defaults, "抄送", "用“、”隔开")
        self.print_office = self._line(defaults, "印发机关")
        self.notes = self._line(defaults, "附注", "例如（此件公开发布），多条用“、”隔开")
        requirements = QWidget()
        grid = QGridLayout(requirements)
        grid.setContentsMargins(0, 0, 0, 0)
        self.require: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(REQUIREMENTS.items()):
            box = QCheckBox(label)
            self.require[key] = box
            grid.addWidget(box, i // 5, i % 5)
        defaults.addRow("导出前必须有", requirements)

        contact = self._group(layout, "联系方式（印在答复末尾）")
        self.contact_name = self._line(contact, "联系人")
        self.contact_phone = self._line(contact, "联系电话")
        self.contact_address = self._line(contact, "联系地址")
        self.contact_postcode = self._line(contact, "邮政编码")

        style = self._group(layout, "导出格式（默认按 GB/T 9704-2012）")
        self.fonts: dict[str, QComboBox] = {}
        for key, choices in FONT_CHOICES.items():
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(choices)
            style.addRow(FONT_LABELS[key], combo)
            self.fonts[key] = combo
        self.numbers: dict[str, QDoubleSpinBox] = {}
        for key, (label, unit) in NUMBER_LABELS.items():
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(2)
            spin.setSuffix(f" {unit}")
            style.addRow(label, spin)
            self.numbers[key] = spin
        self.page_numbers = QCheckBox("印页码（— 1 —）")
        style.addRow("页码", self.page_numbers)
        layout.addStretch(1)
        for combo in (self.default_result, self.default_disclosure, *self.fonts.values()):
            combo.setMinimumWidth(260)
        for spin in self.numbers.values():
            spin.setMinimumWidth(140)
        align_labels(self._forms)

    def _group(self, layout: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(6)
        layout.addWidget(box)
        self._forms.append(form)
        return form

    def _line(self, form: QFormLayout, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        form.addRow(label, edit)
        return edit

    def _refresh_results(self) -> None:
        current = self.default_result.currentText()
        self.default_result.clear()
        self.default_result.addItems(["", *split_list(self.result_labels.text())])
        self.default_result.setCurrentText(current)

    def load(self, profile: BureauProfile) -> None:
        self._original = copy.deepcopy(profile)
        join = LIST_SEPARATOR.join
        self.name.setText(profile.name)
        self.aliases.setText(join(profile.aliases))
        self.self_reference.setText(profile.self_reference)
        self.template.setText(profile.template)
        self.doc_number_pattern.setText(profile.doc_number_pattern)
        self.signer.setText(profile.signer)
        self.result_labels.setText(join(profile.result_labels))
        self.default_result.setCurrentText(profile.default_result)
        self.default_disclosure.setCurrentText(profile.default_disclosure)
        self.show_header.setChecked(profile.show_header)
        self.cc.setText(join(profile.cc))
        self.print_office.setText(profile.print_office)
        self.notes.setText(join(profile.notes))
        for key, box in self.require.items():
            box.setChecked(key in profile.require)
        self.contact_name.setText(profile.contact.name)
        self.contact_phone.setText(profile.contact.phone)
        self.contact_address.setText(profile.contact.address)
        self.contact_postcode.setText(profile.contact.postcode)
        for key, combo in self.fonts.items():
            combo.setCurrentText(str(getattr(profile.style, key)))
        for key, spin in self.numbers.items():
            spin.setValue(float(getattr(profile.style, key)))
        self.page_numbers.setChecked(profile.style.page_numbers)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)

    def profile(self) -> BureauProfile:
        """The profile as the form shows it (fields the form lacks are kept as loaded)."""
        p = copy.deepcopy(self._original)
        p.name = self.name.text().strip()
        p.aliases = split_list(self.aliases.text())
        p.self_reference = self.self_reference.text().strip()
        p.template = self.template.text().strip()
        p.doc_number_pattern = self.doc_number_pattern.text().strip()
        p.signer = self.signer.text().strip()
        p.result_labels = split_list(self.result_labels.text())
        p.default_result = self.default_result.currentText().strip()
        p.default_disclosure = self.default_disclosure.currentText().strip()
        p.show_header = self.show_header.isChecked()
        p.cc = split_list(self.cc.text())
        p.print_office = self.print_office.text().strip()
        p.notes = split_list(self.notes.text())
        known = [key for key in REQUIREMENTS if self.require[key].isChecked()]
        extra = [
            key for key in p.require if key not in REQUIREMENTS
        ]  # keys this form does not show
        p.require = known + extra
        p.contact = Contact(
            self.contact_name.text().strip(),
            self.contact_phone.text().strip(),
            self.contact_address.text().strip(),
            self.contact_postcode.text().strip(),
        )
        style_values = {f.name: getattr(p.style, f.name) for f in fields(ExportStyle)}
        for key, combo in self.fonts.items():
            style_values[key] = combo.currentText().strip()
        for key, spin in self.numbers.items():
            style_values[key] = spin.value()
        style_values["page_numbers"] = self.page_numbers.isChecked()
        p.style = ExportStyle(**style_values)
        return p
