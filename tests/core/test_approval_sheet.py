"""The 发文稿纸: its fields from the draft and profile, the CLI flag, and the printed page."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from replydraft.approval_sheet import SheetFields, approval_sheet_path, export_approval_sheet
from replydraft.cli import main
from replydraft.draft import save_draft
from replydraft.profiles import load_profile
from replydraft.records import Draft
from tests.core._drafts import SIGNATURE, TITLE, pudong_057
from tests.core.test_export_pdf import MM, SOFFICE, text_lines, to_pdf

PROFILES = Path(__file__).resolve().parents[2] / "templates" / "profiles"
LABELS = ["签发", "会签", "核稿", "拟稿单位", "拟稿人", "电话", "文号", "主送", "抄送", "标题",
          "公开属性", "印数"]  # fmt: skip


def sheet_cells(path: Path) -> list[list[str]]:
    """The table's rows, merged cells once."""
    (table,) = docx.Document(str(path)).tables
    rows = []
    for row in table.rows:
        seen: list[object] = []
        texts: list[str] = []
        for cell in row.cells:
            if not any(cell._tc is tc for tc in seen):  # a merged cell repeats per column
                seen.append(cell._tc)
                texts.append(cell.text)
        rows.append(texts)
    return rows


def test_fields_come_from_the_draft_and_the_profile() -> None:
    profile = load_profile(PROFILES / "pudong-kjw.toml")
    profile.print_copies = "5"
    fields = SheetFields.of(pudong_057(), profile)
    assert fields.unit == SIGNATURE and fields.office == profile.name
    assert fields.drafter == "卿逸男" and fields.phone == "58788388-64516"
    assert fields.doc_number == "浦科经委办理〔2025〕61号"
    assert fields.recipient == "浦东新区工商联"
    assert fields.cc == "区政府办公室、区政协提案委"
    assert fields.title == TITLE and fields.disclosure == "主动公开" and fields.copies == "5"
    # Without a profile, the draft's signature names the unit; 印数 stays for the pen.
    bare = SheetFields.of(pudong_057())
    assert bare.office == SIGNATURE and bare.copies == ""
    # A gap in the draft is an empty box on the sheet, for the pen.
    gappy = pudong_057()
    gappy.header.doc_number = "浦科经委办理〔2025〕【待填写：编号】号"
    assert SheetFields.of(gappy, profile).doc_number == ""


def test_sheet_has_every_box_and_blank_signature_boxes(tmp_path: Path) -> None:
    target = tmp_path / "s.docx"
    export_approval_sheet(pudong_057(), target, profile=load_profile(PROFILES / "pudong-kjw.toml"))
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == f"{SIGNATURE}发文稿纸"
    rows = sheet_cells(target)
    labels = [text for row in rows for text in row[::2]]
    assert [x for x in labels if x] == LABELS
    for name in ("签发", "会签", "核稿"):
        row = next(r for r in rows if r[0] == name)
        assert row[1:] == [""]  # one merged box, empty
    assert next(r for r in rows if r[0] == "标题")[1] == TITLE
    # Chinese text in the sheet's own fonts, not the theme's
    xml = document.element.xml
    assert "eastAsiaTheme" not in xml.split("<w:tbl>")[1]
    assert 'w:eastAsia="仿宋_GB2312"' in xml


def test_export_flag_writes_the_sheet_beside_the_reply(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft_file = tmp_path / "答复.rdraft.json"
    draft = pudong_057()
    draft.bureau = "pudong-kjw"
    save_draft(draft, draft_file)
    out = tmp_path / "答复.docx"
    assert main(["export", str(draft_file), "-o", str(out)]) == 0
    assert not approval_sheet_path(out).exists()  # the profile does not ask for it
    assert main(["export", str(draft_file), "-o", str(out), "--approval-sheet"]) == 0
    sheet = tmp_path / "答复.稿纸.docx"
    assert sheet.is_file() and "approval sheet" in capsys.readouterr().out
    assert any("浦科经委办理〔2025〕61号" in r for r in sheet_cells(sheet))
    assert Draft.from_dict(json.loads(draft_file.read_text("utf-8"))).title == TITLE  # untouched


def test_a_profile_can_ask_for_the_sheet_always(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_profiles = home / "templates" / "profiles"
    user_profiles.mkdir(parents=True)
    text = (PROFILES / "pudong-kjw.toml").read_text("utf-8")
    (user_profiles / "pudong-kjw.toml").write_text(
        text.replace("notes = []", 'notes = []\napproval_sheet = true\nprint_copies = "8"'),
        "utf-8",
    )
    draft_file = tmp_path / "d.json"
    draft = pudong_057()
    draft.bureau = "pudong-kjw"
    save_draft(draft, draft_file)
    assert main(["export", str(draft_file), "-o", str(tmp_path / "r.docx")]) == 0
    rows = sheet_cells(tmp_path / "r.稿纸.docx")
    assert rows[-1][-1] == "8"


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)")
def test_sheet_prints_on_one_page_with_tall_signature_boxes(tmp_path: Path) -> None:
    target = tmp_path / "稿纸.docx"
    export_approval_sheet(pudong_057(), target, profile=load_profile(PROFILES / "pudong-kjw.toml"))
    pdf = pdfium.PdfDocument(to_pdf(target, tmp_path))
    try:
        assert len(pdf) == 1
        lines = text_lines(pdf[0])
        texts = [ln.text for ln in lines]
        for label in ("签发", "会签", "核稿", "文号", "主送", "抄送", "标题"):
            assert any(t.startswith(label) for t in texts), label
        assert any(TITLE in t for t in texts)
        tops = {t: ln.top for t, ln in zip(texts, lines, strict=True)}
        assert (tops["会签"] - tops["签发"]) / MM == pytest.approx(40, abs=2)
        assert (tops["核稿"] - tops["会签"]) / MM == pytest.approx(40, abs=2)
    finally:
        pdf.close()


def test_session_export_writes_the_sheet_for_the_window_too(home: Path, tmp_path: Path) -> None:
    """The window and the CLI share session.export_draft: the profile's choice holds for both."""
    from replydraft import session
    from replydraft.workspace import Workspace

    draft = pudong_057()
    draft.bureau = "pudong-kjw"
    ws = Workspace.open()
    try:
        plain = session.export_draft(ws, draft, tmp_path / "a.docx")
        assert plain.sheet is None and not (tmp_path / "a.稿纸.docx").exists()
        asked = session.export_draft(ws, draft, tmp_path / "b.docx", approval_sheet=True)
        assert asked.sheet == tmp_path / "b.稿纸.docx" and asked.sheet.is_file()
        text = session.export_draft(ws, draft, tmp_path / "c.txt", approval_sheet=True)
        assert text.sheet == tmp_path / "c.稿纸.docx" and text.sheet.is_file()
    finally:
        ws.close()
