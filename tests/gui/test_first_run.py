"""The first start sets up the officer's bureau: drafts no longer come out as 示例区某某局."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from replydraft.gui.first_run import BureauSetup, FirstRunDialog, profile_id
from replydraft.gui.main_window import MainWindow
from replydraft.records import Contact
from replydraft.settings import Settings
from tests.gui.conftest import ScriptedPrompter

EDUCATION = "上海市浦东新区教育局"
PROPOSAL = """案由：关于增加社区托育点的建议
提案人：李明
主办单位：区教育局

建议：
一、在每个街镇至少建设一个普惠托育点。
二、加强托育从业人员培训。
"""


def test_a_new_bureau_from_a_few_fields_drafts_the_reply(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    prompter.bureau_setup = BureauSetup(
        name=EDUCATION,
        self_reference="我局",
        aliases=["区教育局", "浦东新区教育局"],
        contact=Contact("王芳", "021-50001234", "浦东新区锦绣路 1 号", "200135"),
    )
    assert window.offer_first_run()
    assert prompter.bureaus_offered is not None
    assert "example" not in [i for i, _ in prompter.bureaus_offered]
    assert window.bureau_combo.currentText() == EDUCATION
    settings = Settings.load(window.workspace.dirs.settings_file)
    assert settings.default_bureau == profile_id(EDUCATION) and settings.bureau_set_up
    assert window.profiles.load(profile_id(EDUCATION)).contact.name == "王芳"

    prompter.pasted = PROPOSAL
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.ask_paste()
    draft = window.document.draft
    assert draft.bureau == profile_id(EDUCATION)
    assert draft.signature == EDUCATION
    assert draft.contact.phone == "021-50001234"
    assert "示例区" not in draft.signature

    # Asked once only.
    prompter.bureaus_offered = None
    assert not window.offer_first_run()
    assert prompter.bureaus_offered is None


def test_later_is_not_asked_again(window: MainWindow, prompter: ScriptedPrompter) -> None:
    assert not window.offer_first_run()
    assert prompter.bureaus_offered is not None
    settings = Settings.load(window.workspace.dirs.settings_file)
    assert settings.bureau_set_up and settings.default_bureau == "example"


def test_an_existing_bureau_can_be_chosen(window: MainWindow, prompter: ScriptedPrompter) -> None:
    prompter.bureau_setup = BureauSetup(existing="pudong-kjw")
    assert window.offer_first_run()
    assert window.bureau_combo.currentData() == "pudong-kjw"


def test_the_dialog_needs_a_name(qtbot: QtBot) -> None:
    dialog = FirstRunDialog([("pudong-kjw", "上海市浦东新区科技和经济委员会")])
    qtbot.addWidget(dialog)
    dialog.ok.click()
    assert dialog.result() != FirstRunDialog.DialogCode.Accepted
    assert "单位全称" in dialog.problem.text()
    dialog.name.setText(EDUCATION)
    dialog.aliases.setText("区教育局，浦东教育局")
    dialog.phone.setText("021-50001234")
    dialog.ok.click()
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    setup = dialog.setup()
    assert setup.name == EDUCATION and setup.aliases == ["区教育局", "浦东教育局"]
    assert setup.contact is not None and setup.contact.phone == "021-50001234"
    dialog.existing_choice.setChecked(True)
    assert dialog.setup() == BureauSetup(existing="pudong-kjw")
