"""The agency directory, the code-list editor, the annual targets and the
LINE figures, driven as a person would: typing, Enter, buttons, and edits
in the table's own cell editors."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select

from casedesk.agencies import AgencyInput, save_agency
from casedesk.database import Database
from casedesk.figures import INDICATORS, TargetInput, save_target
from db.enums import CodeCategory, StaffRole
from db.models.agencies import Agency
from db.models.codes import CodeItem
from db.models.figures import AnnualTarget, LineMonthlyFigure
from tests.actors import as_login, as_role
from tests.gui import WAIT_MS, RecordingDialogs, show_form, type_text
from ui.context import AppContext
from ui.records import code_lists as code_ui
from ui.records import line_figures as line_ui
from ui.records import targets as targets_ui
from ui.records.agencies import AgencyDirectory
from ui.records.code_lists import CodeListEditor
from ui.records.line_figures import LineFiguresWindow
from ui.records.table_window import TableWindow, fiscal_year_label
from ui.records.targets import TargetsWindow
from ui.worker import DatabaseWorker


@pytest.fixture
def signed_in(qtbot: Any, ja_app: Any) -> Iterator[Callable[[Database], AppContext]]:
    """An AppContext like ``context``'s, on a handle acting for someone else
    (the code lists are the administrator's, the targets a supervisor's)."""
    workers: list[DatabaseWorker] = []

    def make(database: Database) -> AppContext:
        worker = DatabaseWorker()
        workers.append(worker)
        ctx = AppContext(worker, RecordingDialogs())
        with qtbot.waitSignal(ctx.lookups_changed, timeout=WAIT_MS):
            ctx.set_database(database)
        if database.actor is not None:
            ctx.set_staff(database.actor.staff_id)
        return ctx

    yield make
    for worker in workers:
        worker.stop()


def wait_loaded(qtbot: Any, window: TableWindow[Any]) -> None:
    qtbot.waitUntil(lambda: not window.loading and window.context.worker.idle, timeout=WAIT_MS)


def shown(window: TableWindow[Any], column: int = 0) -> list[str]:
    model = window.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def kind_id(db: Any, code: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(
            select(CodeItem.id).where(
                CodeItem.category == CodeCategory.AGENCY_KIND, CodeItem.code == code
            )
        ).one()


def agency(db: Any, name: str) -> Agency:
    with db.reading() as session:
        return session.scalars(select(Agency).where(Agency.name == name)).one()


def edit_cell(qtbot: Any, window: TableWindow[Any], row: int, column: int, text: str) -> None:
    """Open the cell's editor as F2 would, replace its text, press Enter."""
    index = window.model.index(row, column)
    window.view.setFocus()
    window.view.setCurrentIndex(index)
    window.view.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_fiscal_year_labels(ja_app: Any) -> None:
    assert fiscal_year_label(2024) == "令和6年度（2024年度）"
    assert fiscal_year_label(2019) == "令和元年度（2019年度）"
    assert fiscal_year_label(2018) == "平成30年度（2018年度）"


# --- agencies ---------------------------------------------------------------


def test_create_find_and_deactivate_an_agency(qtbot, context, sample_db, qtmodeltester) -> None:
    save_agency(sample_db, AgencyInput(name="王子警察署", kind_id=kind_id(sample_db, "police")))
    window = AgencyDirectory(context)
    show_form(qtbot, window)
    wait_loaded(qtbot, window)
    assert shown(window) == ["王子警察署"]
    assert not window.edit_button.isEnabled()

    # 新規: an empty name is refused at its field, nothing is written.
    qtbot.mouseClick(window.new_button, Qt.MouseButton.LeftButton)
    form = window.dialog
    assert form is not None and form.isVisible()
    qtbot.waitUntil(form.isActiveWindow, timeout=WAIT_MS)
    assert form.name.hasFocus()
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda b: not b
    ):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("name") == "機関名を入力してください。"
    assert form.error_text("kind_id") == "種別を選択してください。"

    # Typed as a person would: name, Tab, kana, Tab, kind by the arrow key.
    type_text(form.name, "北区女性相談センター")
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    assert form.name_kana.hasFocus()
    type_text(form.name_kana, "きたくじょせいそうだんせんたー")
    qtbot.keyClick(form.name_kana, Qt.Key.Key_Tab)
    assert form.kind.hasFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)
    assert form.kind.currentText() == "行政"
    form.phone.setFocus()
    qtbot.keyClicks(form.phone, "03-3908-1111")
    form.email.setFocus()
    qtbot.keyClicks(form.email, "soudan@")  # not an address: refused at the field
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda b: not b
    ):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("email") == "メールアドレスは name@example.jp のように入力してください。"
    assert form.error_text("name") == ""
    qtbot.keyClicks(form.email, "city.kita.example.jp")
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible()
    stored = agency(sample_db, "北区女性相談センター")
    assert stored.name_kana == "きたくじょせいそうだんせんたー"
    assert stored.kind_id == kind_id(sample_db, "government")
    assert (stored.phone, stored.email) == ("03-3908-1111", "soudan@city.kita.example.jp")
    # The list shows it, selected; forms will offer it.
    assert shown(window) == ["北区女性相談センター", "王子警察署"]
    assert window.selected_row() is not None and window.selected_row().id == stored.id
    qtbot.waitUntil(
        lambda: "北区女性相談センター" in [o.label for o in context.lookups.agencies],
        timeout=WAIT_MS,
    )

    # Found with the search box, by its kana typed in katakana.
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        type_text(window.search, "ジョセイ")
    assert shown(window) == ["北区女性相談センター"]
    qtmodeltester.check(window.model)

    # Deactivated (after the question): gone from the list of agencies in use.
    window.view.setFocus()
    window.select_index(0)
    assert window.active_button.text() == "無効にする(&D)"
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.active_button, Qt.MouseButton.LeftButton)
    assert len(context.dialogs.questions) == 1
    assert shown(window) == []
    assert not agency(sample_db, "北区女性相談センター").active
    # Still there, greyed, among those not in use; and it can come back.
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.state.setCurrentIndex(AgencyDirectory.INACTIVE)
    assert shown(window) == ["北区女性相談センター"]
    assert window.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    qtmodeltester.check(window.model)
    window.select_index(0)
    assert window.active_button.text() == "有効に戻す(&R)"


def test_edit_an_agency(qtbot, context, sample_db) -> None:
    save_agency(
        sample_db,
        AgencyInput(name="赤羽警察署", kind_id=kind_id(sample_db, "police"), phone="03-3900-0110"),
    )
    window = AgencyDirectory(context)
    show_form(qtbot, window)
    wait_loaded(qtbot, window)
    window.view.setFocus()
    window.select_index(0)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # activating a row opens it
    form = window.dialog
    assert form is not None and form.isVisible()
    qtbot.waitUntil(form.isActiveWindow, timeout=WAIT_MS)
    assert form.kind.currentText() == "警察" and form.phone.text() == "03-3900-0110"
    form.contact_person.setFocus()
    type_text(form.contact_person, "生活安全課 田中")
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = agency(sample_db, "赤羽警察署")
    assert (stored.contact_person, stored.phone) == ("生活安全課 田中", "03-3900-0110")
    assert shown(window, 4) == ["生活安全課 田中"]


# --- code lists -------------------------------------------------------------


def test_add_rename_move_and_retire_a_topic(qtbot, signed_in, sample_db, qtmodeltester) -> None:
    context = signed_in(as_login(sample_db, "admin"))
    editor = CodeListEditor(context)
    show_form(qtbot, editor)
    wait_loaded(qtbot, editor)
    assert editor.view.isColumnHidden(code_ui.DV)
    qtmodeltester.check(editor.model)
    with qtbot.waitSignal(editor.loaded, timeout=WAIT_MS):
        editor.set_category(CodeCategory.TOPIC)
    assert not editor.view.isColumnHidden(code_ui.DV)
    assert editor.view.isColumnHidden(code_ui.MAX_AGE)
    before = shown(editor)

    editor.new_label.setFocus()
    type_text(editor.new_label, "ストーカー被害")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClick(editor.new_label, Qt.Key.Key_Return)
    assert shown(editor) == [*before, "ストーカー被害"]
    assert editor.new_label.text() == ""
    added = editor.selected_row()
    assert added is not None and added.label == "ストーカー被害" and added.code == "custom-1"
    # After the reload every form's drop-downs offer it.
    qtbot.waitUntil(
        lambda: (
            "ストーカー被害" in [o.label for o in context.lookups.code_options(CodeCategory.TOPIC)]
        ),
        timeout=WAIT_MS,
    )
    qtmodeltester.check(editor.model)

    # The same label again is refused, with the message under the table.
    type_text(editor.new_label, "介護")
    with qtbot.waitSignal(editor.refused, timeout=WAIT_MS):
        qtbot.keyClick(editor.new_label, Qt.Key.Key_Return)
    assert editor.message.text() == "同じ名称の項目がすでにあります。"
    assert editor.message.isVisible()
    editor.new_label.clear()

    # Marked DV with the space bar on its check box.
    last = len(before)
    editor.view.setFocus()
    editor.view.setCurrentIndex(editor.model.index(last, code_ui.DV))
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClick(editor.view, Qt.Key.Key_Space)
    with sample_db.reading() as session:
        assert session.get(CodeItem, added.id).is_dv  # type: ignore[union-attr]

    # Renamed in its cell (名称変更 opens the editor).
    editor.select_index(last)
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    cell_editor = QApplication.focusWidget()
    assert isinstance(cell_editor, QLineEdit) and cell_editor.text() == "ストーカー被害"
    cell_editor.selectAll()
    type_text(cell_editor, "つきまとい・ストーカー")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    assert shown(editor)[last] == "つきまとい・ストーカー"

    # Moved up one place; then retired (kept, not deleted).
    editor.select_index(last)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert shown(editor)[last - 1 : last + 1] == ["つきまとい・ストーカー", before[-1]]
    assert editor.selected_row() is not None and editor.selected_row().id == added.id
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.mouseClick(editor.active_button, Qt.MouseButton.LeftButton)
    with sample_db.reading() as session:
        item = session.get(CodeItem, added.id)
        assert item is not None and not item.active and item.sort_order < 150
    assert editor.active_button.text() == "有効にする(&T)"
    assert shown(editor, code_ui.ACTIVE)[last - 1] == "使用停止"
    qtbot.waitUntil(
        lambda: (
            "つきまとい・ストーカー"
            not in [
                o.label for o in context.lookups.code_options(CodeCategory.TOPIC, active_only=True)
            ]
        ),
        timeout=WAIT_MS,
    )
    qtmodeltester.check(editor.model)


def test_age_band_upper_age(qtbot, signed_in, sample_db) -> None:
    context = signed_in(as_login(sample_db, "admin"))
    editor = CodeListEditor(context)
    show_form(qtbot, editor)
    with qtbot.waitSignal(editor.loaded, timeout=WAIT_MS):
        editor.set_category(CodeCategory.AGE_BAND)
    assert not editor.view.isColumnHidden(code_ui.MAX_AGE)
    row = shown(editor).index("20代")
    with qtbot.waitSignal(editor.refused, timeout=WAIT_MS):
        edit_cell(qtbot, editor, row, code_ui.MAX_AGE, "200")
    assert editor.message.text() == "20代：上限年齢は0から150までの数で入力してください。"
    assert editor.model.index(row, code_ui.MAX_AGE).data(Qt.ItemDataRole.ToolTipRole) == (
        "上限年齢は0から150までの数で入力してください。"
    )
    assert shown(editor, code_ui.MAX_AGE)[row] == "29"
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        edit_cell(qtbot, editor, row, code_ui.MAX_AGE, "24")
    assert shown(editor, code_ui.MAX_AGE)[row] == "24"
    assert not editor.message.isVisible()


# --- targets ----------------------------------------------------------------


def target_of(db: Any, indicator: str, fiscal_year: int = 2024) -> AnnualTarget | None:
    with db.reading() as session:
        return session.scalars(
            select(AnnualTarget).where(
                AnnualTarget.fiscal_year == fiscal_year, AnnualTarget.indicator == indicator
            )
        ).one_or_none()


def test_enter_targets_in_the_table(qtbot, signed_in, sample_db, qtmodeltester) -> None:
    context = signed_in(as_role(sample_db, StaffRole.SUPERVISOR))
    window = TargetsWindow(context)
    show_form(qtbot, window)
    wait_loaded(qtbot, window)
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.year.set_value(2024)
    assert window.year.currentText() == "令和6年度（2024年度）"
    assert shown(window) == [label for _, label in INDICATORS]
    qtmodeltester.check(window.model)
    total = 0  # 延べ相談件数

    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        edit_cell(qtbot, window, total, targets_ui.TARGET, "1,200")
    stored = target_of(sample_db, "consultations_total")
    assert stored is not None and stored.target == 1200
    assert shown(window, targets_ui.TARGET)[total] == "1,200"

    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        edit_cell(qtbot, window, total, targets_ui.NOTE, "前年度実績の1.1倍")
    stored = target_of(sample_db, "consultations_total")
    assert stored is not None and (stored.target, stored.note) == (1200, "前年度実績の1.1倍")

    # Text that is no number: refused before saving, shown under the table
    # and at the cell.
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        edit_cell(qtbot, window, total, targets_ui.TARGET, "many")
    assert (
        window.message.text()
        == "延べ相談件数：目標値は 120 や 70.5 のように数字で入力してください。"
    )
    tooltip = window.model.index(total, targets_ui.TARGET).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "目標値は 120 や 70.5 のように数字で入力してください。"
    assert target_of(sample_db, "consultations_total").target == 1200  # type: ignore[union-attr]

    # A note without a target is half a row: refused by the service.
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        edit_cell(qtbot, window, 1, targets_ui.NOTE, "未定")
    assert window.message.text() == "実人数：目標値を入力してください。"
    assert target_of(sample_db, "clients_distinct") is None
    assert shown(window, targets_ui.NOTE)[1] == ""

    # A negative target is refused; emptying the cell removes the target.
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        edit_cell(qtbot, window, total, targets_ui.TARGET, "-5")
    assert window.message.text() == "延べ相談件数：目標値は0以上の数で入力してください。"
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        edit_cell(qtbot, window, total, targets_ui.TARGET, "")
    assert target_of(sample_db, "consultations_total") is None
    assert shown(window, targets_ui.TARGET)[total] == ""
    qtmodeltester.check(window.model)

    # Another year has its own targets.
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.year.set_value(2023)
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        edit_cell(qtbot, window, total, targets_ui.TARGET, "900")
    assert target_of(sample_db, "consultations_total", 2023).target == 900  # type: ignore[union-attr]
    assert target_of(sample_db, "consultations_total", 2024) is None


# --- LINE figures -----------------------------------------------------------


def line_month(db: Any, month: dt.date) -> LineMonthlyFigure | None:
    with db.reading() as session:
        return session.scalars(
            select(LineMonthlyFigure).where(LineMonthlyFigure.month == month)
        ).one_or_none()


def test_enter_a_line_month(qtbot, context, sample_db, qtmodeltester) -> None:
    window = LineFiguresWindow(context)
    show_form(qtbot, window)
    wait_loaded(qtbot, window)
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.year.set_value(2024)
    assert len(shown(window)) == 12
    assert shown(window)[0] == "2024年4月" and shown(window)[11] == "2025年3月"
    qtmodeltester.check(window.model)
    may, month = 1, dt.date(2024, 5, 1)

    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        edit_cell(qtbot, window, may, line_ui.OFFERED, "120")
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        edit_cell(qtbot, window, may, line_ui.REGISTERED, "４２")  # full-width, from an IME
    stored = line_month(sample_db, month)
    assert stored is not None
    assert (stored.slots_offered, stored.friends_registered, stored.slots_used) == (120, 42, None)

    # More slots used than offered: refused, the month stays as stored.
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        edit_cell(qtbot, window, may, line_ui.USED, "130")
    assert window.message.text() == "2024年5月：利用枠数は提供枠数以下にしてください。"
    assert window.model.index(may, line_ui.USED).data(Qt.ItemDataRole.ToolTipRole) == (
        "利用枠数は提供枠数以下にしてください。"
    )
    assert line_month(sample_db, month).slots_used is None  # type: ignore[union-attr]
    assert shown(window, line_ui.USED)[may] == ""

    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        edit_cell(qtbot, window, may, line_ui.USED, "49")
    assert line_month(sample_db, month).slots_used == 49  # type: ignore[union-attr]
    assert shown(window, line_ui.UTILISATION)[may] == "40.8%"
    assert not window.message.isVisible()
    assert window.model.index(may, line_ui.USED).data(Qt.ItemDataRole.ToolTipRole) is None

    # Not a whole number: refused before the database is asked.
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        edit_cell(qtbot, window, may, line_ui.TOTAL, "6.5")
    assert window.message.text().startswith("2024年5月：友だち総数は")
    assert line_month(sample_db, month).friends_total is None  # type: ignore[union-attr]
    qtmodeltester.check(window.model)
    # Other months are untouched.
    assert [r.figure_id is None for r in window.model.rows].count(False) == 1
    assert window.model.index(0, 0).parent() == QModelIndex()


def test_a_counselor_reads_the_code_lists_but_is_told_she_cannot_change_them(
    qtbot, context, sample_db
) -> None:
    """佐藤 (the ``context`` fixture's counselor) sees the lists, read-only,
    with the refusal in Japanese where the editing controls were."""
    editor = CodeListEditor(context)
    qtbot.addWidget(editor)
    editor.show()
    wait_loaded(qtbot, editor)
    assert "LINE" in shown(editor, code_ui.LABEL)
    assert editor.refusal.isVisible()
    assert editor.refusal.text().startswith("コード表を変更できるのはシステム管理者だけです。")
    assert not editor.add_item_button.isVisible() and not editor.new_label.isVisible()
    assert editor.view.editTriggers() == editor.view.EditTrigger.NoEditTriggers
    # The same window for an administrator: the controls, no refusal.
    admin = CodeListEditor(context)
    qtbot.addWidget(admin)
    context.set_database(as_login(sample_db, "admin"))
    admin.show()
    assert not admin.refusal.isVisible() and admin.add_item_button.isVisible()


def test_a_counselor_reads_the_targets_only(qtbot, context, sample_db) -> None:
    supervisor = as_role(sample_db, StaffRole.SUPERVISOR)
    save_target(supervisor, TargetInput(2024, "consultations_total", 1200))
    window = TargetsWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.year.set_value(2024)
    wait_loaded(qtbot, window)
    assert "1,200" in shown(window, targets_ui.TARGET)
    assert window.refusal.isVisible() and not window.hint.isVisible()
    assert window.refusal.text() == (
        "年間目標を設定できるのはスーパーバイザーだけです。ここでは内容を確認できます。"
    )
    assert window.view.editTriggers() == window.view.EditTrigger.NoEditTriggers
