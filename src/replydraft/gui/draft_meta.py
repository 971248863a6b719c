"""The form for a draft's 公文要素: header block, title, salutation, signature, contact, 版记."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from replydraft.gui.draft_model import DraftDocument
from replydraft.gui.undo_keys import give_up_undo_keys
from replydraft.records import Draft

DISCLOSURES = ["主动公开", "依申请公开", "不予公开"]
LIST_SEPARATOR = "、"


def align_labels(forms: list[QFormLayout]) -> None:
    """Give the forms of one page the same label width, so their fields line up."""
    labels: list[QWidget] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if widget is not None:
                labels.append(widget)
    width = max((w.sizeHint().width() for w in labels), default=0)
    for w in labels:
        w.setMinimumWidth(width)


def split_list(text: str) -> list[str]:
    """'区政府办公室、区政协提案委' -> two units (also accepts ，, ; and ；)."""
    for sep in "，,；;":
        text = text.replace(sep, LIST_SEPARATOR)
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


class MetaForm(QScrollArea):
    """Edits the draft's fields other than the body text; each change is one undo step."""

    field_focused = Signal(str)

    def __init__(self, document: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        self.setWidget(inner)
        # part name (as render.Block.part) -> the widget editing it, for jumps from 校对
        self.widgets: dict[str, QWidget] = {}
        self._forms: list[QFormLayout] = []

        header = self._group(layout, "文头")
        self.result = QComboBox()
        self.result.setEditable(True)
        self.result.setToolTip("办理结果：从答复单位的办理结果分类中选择，也可以直接填写")
        self._row(header, "办理结果", self.result, "header.result")
        self.disclosure = QComboBox()
        self.disclosure.setEditable(True)
        self.disclosure.addItems(["", *DISCLOSURES])
        self._row(header, "公开属性", self.disclosure, "header.disclosure")
        self.doc_number = self._line(
            header, "文号", "header.doc_number", "例如 浦科经委办理〔2025〕61号"
        )
        self.signer = self._line(header, "签发人", "header.signer")

        head = self._group(layout, "标题与主送")
        self.title = self._line(head, "标题", "title")
        self.salutation = self._line(
            head, "主送（称谓）", "salutation", "例如 吴佳桢委员（不带冒号）"
        )

        sign = self._group(layout, "落款")
        self.signature = self._line(sign, "落款单位", "signature")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self._row(sign, "成文日期", self.date, "date")
        self.notes = self._line(sign, "附注", "notes", "多条用“、”隔开，例如（此件公开发布）")

        contact = self._group(layout, "联系方式")
        self.contact_name = self._line(contact, "联系人", "contact")
        self.contact_phone = self._line(contact, "联系电话", "contact.phone")
        self.contact_address = self._line(contact, "联系地址", "contact.address")
        self.contact_postcode = self._line(contact, "邮政编码", "contact.postcode")

        footer = self._group(layout, "版记")
        self.cc = self._line(footer, "抄送", "cc", "多个单位用“、”隔开")
        self.print_office = self._line(footer, "印发机关", "print_office")
        layout.addStretch(1)
        for widget in (self.result, self.disclosure, self.date):
            widget.setMinimumWidth(240)
        align_labels(self._forms)

        self._connect()
        give_up_undo_keys(
            *[w for w in self.findChildren(QLineEdit)],
        )

    # --- building -------------------------------------------------------------------------------

    def _group(self, layout: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        layout.addWidget(box)
        self._forms.append(form)
        return form

    def _row(self, form: QFormLayout, label: str, widget: QWidget, part: str) -> None:
        form.addRow(QLabel(label), widget)
        self.widgets[part] = widget

    def _line(self, form: QFormLayout, label: str, part: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        self._row(form, label, edit, part)
        return edit

    def _connect(self) -> None:
        def on_text(
            edit: QLineEdit, label: str, key: str, setter: Callable[[Draft, str], None]
        ) -> None:
            edit.textEdited.connect(lambda text: self._commit(label, key, setter, text))

        on_text(
            self.doc_number, "文号", "doc_number", lambda d, t: setattr(d.header, "doc_number", t)
        )
        on_text(self.signer, "签发人", "signer", lambda d, t: setattr(d.header, "signer", t))
        on_text(self.title, "标题", "title", lambda d, t: setattr(d, "title", t))
        on_text(self.salutation, "主送", "salutation", lambda d, t: setattr(d, "salutation", t))
        on_text(self.signature, "落款", "signature", lambda d, t: setattr(d, "signature", t))
        on_text(self.notes, "附注", "notes", lambda d, t: setattr(d, "notes", split_list(t)))
        on_text(
            self.contact_name, "联系人", "contact.name", lambda d, t: setattr(d.contact, "name", t)
        )
        on_text(
            self.contact_phone,
            "联系电话",
            "contact.phone",
            lambda d, t: setattr(d.contact, "phone", t),
        )
        on_text(
            self.contact_address,
            "联系地址",
            "contact.address",
            lambda d, t: setattr(d.contact, "address", t),
        )
        on_text(
            self.contact_postcode,
            "邮政编码",
            "contact.postcode",
            lambda d, t: setattr(d.contact, "postcode", t),
        )
        on_text(self.cc, "抄送", "cc", lambda d, t: setattr(d, "cc", split_list(t)))
        on_text(
            self.print_office,
            "印发机关",
            "print_office",
            lambda d, t: setattr(d, "print_office", t),
        )
        self.result.currentTextChanged.connect(
            lambda t: self._commit(
                "办理结果", "result", lambda d, v: setattr(d.header, "result", v), t
            )
        )
        self.disclosure.currentTextChanged.connect(
            lambda t: self._commit(
                "公开属性", "disclosure", lambda d, v: setattr(d.header, "disclosure", v), t
            )
        )
        self.date.dateChanged.connect(
            lambda q: self._commit(
                "成文日期", "date", lambda d, v: setattr(d, "date", v), q.toString("yyyy-MM-dd")
            )
        )

    def _commit(
        self, label: str, key: str, setter: Callable[[Draft, str], None], value: str
    ) -> None:
        if self._loading:
            return
        self.document.edit(
            f"修改{label}", lambda d: setter(d, value), scope="meta", merge=f"meta:{key}"
        )

    # --- showing --------------------------------------------------------------------------------

    def set_result_labels(self, labels: list[str]) -> None:
        self._loading = True
        try:
            current = self.result.currentText()
            self.result.clear()
            self.result.addItems(["", *labels])
            self.result.setCurrentText(current)
        finally:
            self._loading = False

    def load(self, draft: Draft) -> None:
        """Show the draft's values (no edit is recorded)."""
        self._loading = True
        try:
            self.result.setCurrentText(draft.header.result)
            self.disclosure.setCurrentText(draft.header.disclosure)
            for edit, value in (
                (self.doc_number, draft.header.doc_number),
                (self.signer, draft.header.signer),
                (self.title, draft.title),
                (self.salutation, draft.salutation),
                (self.signature, draft.signature),
                (self.notes, LIST_SEPARATOR.join(draft.notes)),
                (self.contact_name, draft.contact.name),
                (self.contact_phone, draft.contact.phone),
                (self.contact_address, draft.contact.address),
                (self.contact_postcode, draft.contact.postcode),
                (self.cc, LIST_SEPARATOR.join(draft.cc)),
                (self.print_office, draft.print_office),
            ):
                if edit.text() != value:
                    edit.setText(value)
                    edit.setCursorPosition(0)
            try:
                when = date.fromisoformat(draft.date)
                self.date.setDate(QDate(when.year, when.month, when.day))
            except ValueError:
                self.date.setDate(QDate.currentDate())
        finally:
            self._loading = False

    def focus_part(self, part: str, shown: str = "", start: int = 0, end: int = 0) -> None:
        """Focus the field of a render part (header.result, title, cc, …); select the
        characters start..end of its printed line `shown` when the field holds them."""
        widget = self.widgets.get(part) or self.widgets.get(part.split(".")[0])
        if widget is None:
            return
        self.ensureWidgetVisible(widget)
        widget.setFocus()
        edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if isinstance(edit, QLineEdit) and shown and edit.text().strip():
            offset = shown.find(edit.text().strip())
            if offset >= 0 and start >= offset:
                edit.setSelection(start - offset, max(0, end - start))
