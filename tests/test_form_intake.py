"""The intake form, typed as a counselor would: a new client and case, a
possible duplicate offered instead, the second Save that overrides it,
messages at the field and the discard prompt."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from casedesk.database import Database
from db.enums import CaseStatus, RiskLevel
from db.models.cases import Case
from db.models.people import Client
from tests.actors import as_login
from tests.gui import WAIT_MS, show_form, type_text
from ui.context import AppContext
from ui.duplicate_panel import CASE_ID_ROLE
from ui.forms.intake import IntakeDialog

DUPLICATE_BANNER = (
    "重複の可能性があります。それでも新規作成する場合はもう一度保存を押してください。"
)


def client_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Client)) or 0


def case_no_of(db: Database, case_id: uuid.UUID) -> str:
    with db.reading() as s:
        return s.scalars(select(Case.case_no).where(Case.id == case_id)).one()


def ctrl_enter(qtbot, form: IntakeDialog) -> None:
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def save_and_wait(qtbot, form: IntakeDialog) -> None:
    with qtbot.waitSignal(form.context.records_changed, timeout=WAIT_MS):
        ctrl_enter(qtbot, form)


def idle(qtbot, context: AppContext) -> None:
    """Wait until the duplicate check (if one was due) has answered."""
    qtbot.waitUntil(lambda: context.worker.idle, timeout=WAIT_MS)


def new_form(qtbot, context: AppContext) -> tuple[IntakeDialog, list[uuid.UUID]]:
    form = IntakeDialog(context)
    opened: list[uuid.UUID] = []
    form.open_case_requested.connect(opened.append)
    show_form(qtbot, form)
    return form, opened


def test_new_client_and_case_by_typing(
    qtbot, context: AppContext, sample_db: Database, qtmodeltester
) -> None:
    form, opened = new_form(qtbot, context)
    assert form.windowTitle() == "新規受付（相談者とケース）"
    # Opened today, by the counselor at the keyboard.
    assert form.opened_on.value() == dt.date.today()
    assert form.lead_counselor.value() == context.staff_id
    assert form.client.display_name.hasFocus()
    type_text(form.client.display_name, "みか")
    qtbot.keyClick(form.client.display_name, Qt.Key.Key_Tab)
    assert form.client.display_name_kana.hasFocus()
    type_text(form.client.display_name_kana, "ミカ")
    type_text(form.client.phone, "090-1111-2222")
    type_text(form.client.contact_safety_notes, "LINEのみ、電話不可")
    form.risk_level.setFocus()
    qtbot.keyClick(form.risk_level, Qt.Key.Key_Down)
    assert form.risk_level.currentText() == "中"
    qtbot.keyClick(form.restricted, Qt.Key.Key_Space)
    type_text(form.open_reason, "LINEで初回相談")
    # No sample client is called みか: the panel stays empty.
    qtbot.waitUntil(lambda: not form.search_pending, timeout=WAIT_MS)
    idle(qtbot, context)
    assert form.duplicates.model.rowCount() == 0
    qtmodeltester.check(form.duplicates.model)
    before = client_count(sample_db)
    save_and_wait(qtbot, form)
    assert not form.isVisible()
    assert client_count(sample_db) == before + 1
    (case_id,) = opened
    with sample_db.reading() as s:
        case = s.get(Case, case_id)
        assert case is not None
        client = s.get(Client, case.client_id)
        assert client is not None
        assert (client.display_name, client.display_name_kana) == ("みか", "ミカ")
        assert client.phone == "090-1111-2222"
        assert client.contact_safety_notes == "LINEのみ、電話不可"
        assert case.case_no == f"{dt.date.today().year}-0001"
        assert case.status == CaseStatus.OPEN
        assert (case.risk_level, case.restricted) == (RiskLevel.MEDIUM, True)
        assert case.lead_counselor_id == context.staff_id
        assert case.open_reason == "LINEで初回相談"


def sample_case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def test_a_duplicate_is_offered_instead(
    qtbot, context: AppContext, sample_db: Database, qtmodeltester
) -> None:
    form, opened = new_form(qtbot, context)
    # Half-width kana typed as the reading finds ゆき (2024-0002, closed).
    type_text(form.client.display_name_kana, "ﾕｷ")
    model = form.duplicates.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    qtmodeltester.check(model)
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row[:6] == ["2024-0002", "ゆき", "", "", "終結", "表示名"]
    assert row[6] == "2024/06/01"
    assert form.duplicates.open_button.text() == "この相談者のケースを開く"
    before = client_count(sample_db)
    qtbot.mouseClick(form.duplicates.open_button, Qt.MouseButton.LeftButton)
    assert opened == [sample_case_id(sample_db, "2024-0002")]
    # She chose the stored record: the form closes without asking.
    assert not form.isVisible()
    assert context.dialogs.discard_asked == 0
    assert client_count(sample_db) == before


def test_second_save_creates_despite_a_duplicate(
    qtbot, context: AppContext, sample_db: Database
) -> None:
    form, opened = new_form(qtbot, context)
    before = client_count(sample_db)
    # Saved at once, before the check while typing has run: the save checks.
    type_text(form.client.display_name, "あおい")
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(form.banner.isVisible, timeout=WAIT_MS)
    assert form.banner.text() == DUPLICATE_BANNER
    assert form.duplicates.highlighted
    assert form.duplicates.model.index(0, 0).data() == "2024-0001"
    assert form.isVisible() and client_count(sample_db) == before and opened == []
    # The second press: she has seen the list and creates a new client.
    save_and_wait(qtbot, form)
    assert not form.isVisible()
    assert client_count(sample_db) == before + 1
    (case_id,) = opened
    assert case_no_of(sample_db, case_id) == f"{dt.date.today().year}-0001"


def test_a_new_match_needs_its_own_second_save(
    qtbot, context: AppContext, sample_db: Database
) -> None:
    form, opened = new_form(qtbot, context)
    type_text(form.client.display_name, "あおい")
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(form.banner.isVisible, timeout=WAIT_MS)
    # The LINE name now matches another client too: held back again.
    type_text(form.client.line_name, "ことり")
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(lambda: form.duplicates.model.rowCount() == 2, timeout=WAIT_MS)
    idle(qtbot, context)
    assert form.isVisible() and form.banner.text() == DUPLICATE_BANNER and opened == []


def test_messages_at_the_field(qtbot, context: AppContext, sample_db: Database) -> None:
    form, opened = new_form(qtbot, context)
    before = client_count(sample_db)
    # A date it cannot read is refused before the database is asked.
    form.opened_on.setText("2024-02-30")
    ctrl_enter(qtbot, form)
    assert "2024-05-14" in form.error_text("opened_on")
    assert form.opened_on.hasFocus()
    # The service refuses an empty display name and a future date at their fields.
    form.opened_on.setText("2999-01-01")
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        ctrl_enter(qtbot, form)
    assert form.error_text("display_name") == (
        "表示名（ニックネーム、LINE名など）を入力してください。"
    )
    assert form.error_text("opened_on") == "開始日に未来の日付は入力できません。"
    assert form.error_text("line_name") == ""
    assert form.client.display_name.hasFocus()
    assert form.isVisible() and client_count(sample_db) == before and opened == []


def test_leaving_a_changed_form_asks_first(qtbot, context: AppContext) -> None:
    dialogs = context.dialogs
    form, _ = new_form(qtbot, context)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and dialogs.discard_asked == 0

    form, _ = new_form(qtbot, context)
    type_text(form.client.notes, "メモ")
    dialogs.discard = False
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and dialogs.discard_asked == 1
    dialogs.discard = True
    form.close()
    assert not form.isVisible() and dialogs.discard_asked == 2
    idle(qtbot, context)


def test_a_returning_client_gets_a_new_case(
    qtbot, context: AppContext, sample_db: Database
) -> None:
    form, opened = new_form(qtbot, context)
    panel = form.duplicates
    # はるか's case (2024-0005) is open: new contacts belong to it.
    type_text(form.client.display_name, "はるか")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT_MS)
    assert panel.open_button.isEnabled() and not panel.new_case_button.isEnabled()
    # ゆき's only case (2024-0002) is closed: a new case for the same client.
    form.client.display_name.clear()
    type_text(form.client.display_name, "ゆき")
    qtbot.waitUntil(lambda: panel.model.index(0, 1).data() == "ゆき", timeout=WAIT_MS)
    assert panel.new_case_button.text() == "この相談者で新しいケースを開始"
    assert panel.new_case_button.isEnabled()
    type_text(form.open_reason, "再び相談あり")
    before = client_count(sample_db)
    with qtbot.waitSignal(context.records_changed, timeout=WAIT_MS):
        qtbot.mouseClick(panel.new_case_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert client_count(sample_db) == before
    (case_id,) = opened
    with sample_db.reading() as s:
        new_case = s.get(Case, case_id)
        old_case = s.scalars(select(Case).where(Case.case_no == "2024-0002")).one()
        assert new_case is not None and new_case.client_id == old_case.client_id
        assert new_case.case_no == f"{dt.date.today().year}-0001"
        assert new_case.status == CaseStatus.OPEN and new_case.open_reason == "再び相談あり"


# --- access (issue 4) -------------------------------------------------------

RESTRICTED_ROW = (
    "入力内容に該当する制限付きのケースがあります。スーパーバイザーに確認してください。"
)


def test_a_restricted_match_says_only_ask_a_supervisor(
    qtbot, context: AppContext, sample_db: Database, qtmodeltester
) -> None:
    """鈴木 may not open みどり's only case (2024-0004, restricted, 佐藤's):
    the panel says a restricted case matches, and nothing about her; the
    match holds the first Save back like any other."""
    context.database = as_login(sample_db, "suzuki")
    form, opened = new_form(qtbot, context)
    panel = form.duplicates
    type_text(form.client.display_name, "みどり")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT_MS)
    qtmodeltester.check(panel.model)
    cells = [panel.model.index(0, column).data() for column in range(panel.model.columnCount())]
    assert cells == [RESTRICTED_ROW] + [None] * (panel.model.columnCount() - 1)
    assert panel.table.columnSpan(0, 0) == panel.model.columnCount()
    assert panel.status.text() == (
        "制限付きのケースが該当します。新しい相談者を登録する前に、"
        "スーパーバイザーに確認してください。"
    )
    assert panel.model.index(0, 0).data(CASE_ID_ROLE) is None
    assert not panel.open_button.isEnabled() and not panel.new_case_button.isEnabled()
    assert panel.current_case_id() is None
    # Nothing of hers anywhere in the panel.
    shown = " ".join(
        str(panel.model.index(0, c).data(role))
        for c in range(panel.model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    )
    assert "2024-0004" not in shown and "みどり" not in shown
    before = client_count(sample_db)
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(form.banner.isVisible, timeout=WAIT_MS)
    assert form.banner.text() == DUPLICATE_BANNER and panel.highlighted
    assert client_count(sample_db) == before and opened == []
    # She has seen it (and may have asked): the second Save creates.
    save_and_wait(qtbot, form)
    assert client_count(sample_db) == before + 1 and len(opened) == 1


def test_a_restricted_match_beside_a_visible_one(
    qtbot, context: AppContext, sample_db: Database
) -> None:
    context.database = as_login(sample_db, "suzuki")
    form, _ = new_form(qtbot, context)
    panel = form.duplicates
    # The same name for a client 鈴木 may see: listed after the restricted row.
    with sample_db.transaction() as s:
        yuki = s.scalars(select(Client).where(Client.display_name == "ゆき")).one()
        yuki.line_name = "みどり"  # (an ORM change: the folded keys follow)
    type_text(form.client.display_name, "みどり")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)
    assert panel.model.index(0, 0).data() == RESTRICTED_ROW
    assert panel.model.index(1, 1).data() == "ゆき"
    assert panel.status.text() == (
        "登録済みの相談者1人が該当する可能性があり、制限付きのケースも該当します。"
        "スーパーバイザーに確認してください。"
    )
    # The visible client is the one selected, ready to open.
    assert panel.current_case_id() == sample_case_id(sample_db, "2024-0002")
    idle(qtbot, context)
