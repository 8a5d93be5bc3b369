"""One case on one screen: who she is, what happened, what is planned.

Layout.  The header (case number, client, status, DV / high-risk /
restricted badges) and the case's actions run across the top.  Below, side
by side in splitters, always all three at once:

- left, the profile: the non-identifying facts and above all the notes on
  how to contact her safely, which a counselor must see before every call;
- right, the timeline (newest first, with the selected entry's detail
  under it) above the support plan.

Timeline and plan are not tabs: a counselor reviewing a case or logging a
contact compares what happened with what was planned (is the action due
today done? did the referral the plan asked for happen?), and a tab would
hide one of them exactly then.

Everything is read on the database worker; the view reloads whenever
``context.records_changed`` names its case (or no case).  Recording a
consultation, an accompaniment or a referral, moving a referral and editing
the client are other forms: the view only emits a signal for them.  Closing
and reopening open their dialogs (``ui.forms.case_status``) directly.

The services refuse a case the signed-in staff member may not open
(``AccessDenied``, with a Japanese message): the tab then shows that
message in place of the case, and whatever it showed before (a case whose
restriction changed since) is cleared.  Opening the tab is the logged view
(``load_case_header`` writes a VIEW entry); its reloads after saves only
refresh it and are not logged again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from casedesk.auth import AccessDenied
from casedesk.case_view import CaseHeader, load_case_header, reveal_sensitive
from casedesk.database import Database
from casedesk.parsing import format_date
from casedesk.plans import IssueRow, Plan, PlanItemRow, load_plan, set_item_status
from casedesk.timeline import TimelineEntry, load_timeline
from db.enums import ActionStatus, CaseStatus, RiskLevel
from ui.context import AppContext
from ui.forms.base import FormDialog
from ui.forms.case_status import CloseCaseDialog, ReopenCaseDialog
from ui.forms.plan_issue import PlanIssueDialog
from ui.forms.plan_item import PlanItemDialog
from ui.plan_model import Column as PlanColumn
from ui.plan_model import PlanModel
from ui.timeline_model import Column as TimelineColumn
from ui.timeline_model import TimelineModel, kind_label

_BADGE_STYLE = (
    "QLabel {{ background: {bg}; color: white; border-radius: 4px;"
    " padding: 2px 8px; font-weight: bold; }}"
)
_SAFETY_STYLE = "QLabel { background: #fff4e5; border: 1px solid #e0a040; padding: 4px; }"


@dataclass(frozen=True)
class _Loaded:
    header: CaseHeader
    timeline: list[TimelineEntry]
    plan: Plan | None
    today: dt.date


def _load_all(database: Database, case_id: uuid.UUID, record_view: bool) -> _Loaded:
    """Everything the view shows (on the worker thread)."""
    return _Loaded(
        header=load_case_header(database, case_id, record_view=record_view),
        timeline=load_timeline(database, case_id),
        plan=load_plan(database, case_id),
        today=dt.date.today(),
    )


def _badge(text: str, color: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet(_BADGE_STYLE.format(bg=color))
    label.hide()
    return label


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseView(QWidget):
    log_consultation_requested = Signal(object)  # case id
    log_accompaniment_requested = Signal(object)  # case id
    create_referral_requested = Signal(object)  # case id
    move_referral_requested = Signal(object)  # referral id
    edit_client_requested = Signal(object)  # client id
    # The tab label changed (the case was loaded): the new title().
    title_changed = Signal(str)
    # A load (or reload) was shown; for tests and busy indicators.
    loaded = Signal()
    # The sensitive fields are now shown.
    revealed = Signal()

    def __init__(
        self, context: AppContext, case_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.header: CaseHeader | None = None
        self.active_form: FormDialog | None = None
        self._generation = 0
        self._today = dt.date.today()

        outer = QVBoxLayout(self)
        # Shown instead of the case when the services refuse it.
        self.refusal = QLabel(self)
        self.refusal.setObjectName("case_refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refusal.hide()
        outer.addWidget(self.refusal, 1)
        self.content = QWidget(self)
        outer.addWidget(self.content, 1)
        outer = QVBoxLayout(self.content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._build_header())
        outer.addLayout(self._build_actions())
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.setChildrenCollapsible(False)
        body.addWidget(self._build_profile())
        right = QSplitter(Qt.Orientation.Vertical, body)
        right.setChildrenCollapsible(False)
        right.addWidget(self._build_timeline())
        right.addWidget(self._build_plan())
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        body.addWidget(right)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.setSizes([320, 900])
        outer.addWidget(body, 1)

        context.records_changed.connect(self._on_records_changed)
        self._update_buttons()
        self.reload()

    # --- building ------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.case_no_label = QLabel(self)
        self.case_no_label.setObjectName("case_no")
        font = self.case_no_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.case_no_label.setFont(font)
        self.client_label = QLabel(self)
        self.client_label.setObjectName("client_name")
        self.client_label.setFont(font)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("case_status")
        self.dv_badge = _badge("DV", "#8e24aa", self)
        self.risk_badge = _badge(self.tr("High risk"), "#b00020", self)
        self.restricted_badge = _badge(self.tr("Restricted"), "#37474f", self)
        self.restricted_badge.setToolTip(
            self.tr("Only the assigned staff and supervisors may see this case.")
        )
        for widget in (self.case_no_label, self.client_label, self.status_label):
            row.addWidget(widget)
        row.addSpacing(12)
        for badge in (self.dv_badge, self.risk_badge, self.restricted_badge):
            row.addWidget(badge)
        row.addStretch(1)
        return row

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.log_consultation_button = QPushButton(self.tr("Log &consultation"), self)
        self.log_consultation_button.clicked.connect(
            lambda: self.log_consultation_requested.emit(self.case_id)
        )
        self.log_accompaniment_button = QPushButton(self.tr("Log &accompaniment"), self)
        self.log_accompaniment_button.clicked.connect(
            lambda: self.log_accompaniment_requested.emit(self.case_id)
        )
        self.create_referral_button = QPushButton(self.tr("New &referral"), self)
        self.create_referral_button.clicked.connect(
            lambda: self.create_referral_requested.emit(self.case_id)
        )
        self.move_referral_button = QPushButton(self.tr("Update referral &status"), self)
        self.move_referral_button.setToolTip(self.tr("Select a referral in the timeline first."))
        self.move_referral_button.clicked.connect(self._move_referral)
        self.close_button = QPushButton(self.tr("Close case"), self)
        self.close_button.clicked.connect(self._close_or_reopen)
        self.edit_client_button = QPushButton(self.tr("Edit client"), self)
        self.edit_client_button.clicked.connect(self._edit_client)
        for button in (
            self.log_consultation_button,
            self.log_accompaniment_button,
            self.create_referral_button,
            self.move_referral_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.edit_client_button)
        row.addWidget(self.close_button)
        return row

    def _build_profile(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(260)
        panel = QWidget(scroll)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)

        self.safety_label = QLabel(panel)
        self.safety_label.setObjectName("contact_safety_notes")
        self.safety_label.setWordWrap(True)
        self.safety_label.setStyleSheet(_SAFETY_STYLE)
        self.safety_label.hide()
        column.addWidget(self.safety_label)

        client = QGroupBox(self.tr("Client"), panel)
        form = QFormLayout(client)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.profile: dict[str, QLabel] = {}
        for name, label in (
            ("display_name", self.tr("Display name")),
            ("display_name_kana", self.tr("Kana")),
            ("line_name", self.tr("LINE name")),
            ("age_band", self.tr("Age band")),
            ("household", self.tr("Household")),
            ("consent", self.tr("Consent to share")),
        ):
            self.profile[name] = _value_label(client)
            self.profile[name].setObjectName(f"profile_{name}")
            form.addRow(label, self.profile[name])
        column.addWidget(client)

        hidden = QGroupBox(self.tr("Personal details"), panel)
        form = QFormLayout(hidden)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.sensitive: dict[str, QLabel] = {}
        for name, label in (
            ("real_name", self.tr("Real name")),
            ("real_name_kana", self.tr("Real name (kana)")),
            ("birth_date", self.tr("Birth date")),
            ("address", self.tr("Address")),
            ("phone", self.tr("Phone")),
            ("email", self.tr("Email")),
        ):
            self.sensitive[name] = _value_label(hidden)
            self.sensitive[name].setObjectName(f"sensitive_{name}")
            form.addRow(label, self.sensitive[name])
        self.reveal_button = QPushButton(self.tr("Reveal"), hidden)
        self.reveal_button.setToolTip(
            self.tr("Shows the personal details. Who revealed them, and when, will be recorded.")
        )
        self.reveal_button.clicked.connect(self.reveal)
        form.addRow("", self.reveal_button)
        column.addWidget(hidden)

        case = QGroupBox(self.tr("Case"), panel)
        form = self._case_form = QFormLayout(case)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, label in (
            ("lead", self.tr("Lead counselor")),
            ("opened", self.tr("Opened")),
            ("closed", self.tr("Closed on")),
            ("risk", self.tr("Risk")),
            ("summary", self.tr("Summary")),
            ("open_reason", self.tr("Why open")),
        ):
            self.profile[name] = _value_label(case)
            self.profile[name].setObjectName(f"profile_{name}")
            form.addRow(label, self.profile[name])
        column.addWidget(case)
        column.addStretch(1)
        scroll.setWidget(panel)
        return scroll

    def _build_timeline(self) -> QWidget:
        box = QGroupBox(self.tr("Timeline"), self)
        column = QVBoxLayout(box)
        self.timeline_model = TimelineModel(self)
        self.timeline_view = QTableView(box)
        self.timeline_view.setObjectName("timeline")
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline_view.setWordWrap(False)
        self.timeline_view.verticalHeader().hide()
        self.timeline_view.verticalHeader().setDefaultSectionSize(
            self.timeline_view.fontMetrics().height() + 8
        )
        header = self.timeline_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TimelineColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.timeline_view.fontMetrics()
        widths = {
            TimelineColumn.DATE: metrics.horizontalAdvance("0000-00-00") + 20,
            TimelineColumn.TIME: metrics.horizontalAdvance("00:00") + 20,
            TimelineColumn.KIND: metrics.horizontalAdvance("つなぎの状況変更") + 20,
            TimelineColumn.WHO: metrics.horizontalAdvance("佐藤 花子子") + 20,
        }
        for column_no, width in widths.items():
            self.timeline_view.setColumnWidth(column_no, width)
        self.timeline_view.selectionModel().selectionChanged.connect(self._on_timeline_selected)
        column.addWidget(self.timeline_view, 1)
        self.detail = QPlainTextEdit(box)
        self.detail.setObjectName("timeline_detail")
        self.detail.setReadOnly(True)
        self.detail.setTabChangesFocus(True)
        self.detail.setPlaceholderText(self.tr("Select an entry to see its detail."))
        self.detail.setFixedHeight(self.detail.fontMetrics().lineSpacing() * 6 + 12)
        column.addWidget(self.detail)
        return box

    def _build_plan(self) -> QWidget:
        self.plan_box = QGroupBox(self.tr("Support plan"), self)
        column = QVBoxLayout(self.plan_box)
        self.plan_model = PlanModel(self)
        self.plan_view = QTreeView(self.plan_box)
        self.plan_view.setObjectName("plan")
        self.plan_view.setModel(self.plan_model)
        self.plan_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.plan_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plan_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan_view.setUniformRowHeights(True)
        header = self.plan_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PlanColumn.WHAT, QHeaderView.ResizeMode.Stretch)
        metrics = self.plan_view.fontMetrics()
        self.plan_view.setColumnWidth(
            PlanColumn.WHO, metrics.horizontalAdvance("関係機関の名前") + 20
        )
        self.plan_view.setColumnWidth(PlanColumn.DUE, metrics.horizontalAdvance("0000-00-00") + 20)
        self.plan_view.setColumnWidth(PlanColumn.STATUS, metrics.horizontalAdvance("実施中中") + 20)
        self.plan_view.selectionModel().selectionChanged.connect(self._update_buttons)
        # Enter or a double click on a row edits it.
        self.plan_view.activated.connect(lambda _index: self.edit_plan_row())
        column.addWidget(self.plan_view, 1)
        row = QHBoxLayout()
        self.add_issue_button = QPushButton(self.tr("Add issue"), self.plan_box)
        self.add_issue_button.clicked.connect(self.add_issue)
        self.add_item_button = QPushButton(self.tr("Add action"), self.plan_box)
        self.add_item_button.setToolTip(self.tr("Adds an action to the selected issue."))
        self.add_item_button.clicked.connect(self.add_item)
        self.edit_plan_button = QPushButton(self.tr("Edit"), self.plan_box)
        self.edit_plan_button.clicked.connect(self.edit_plan_row)
        self.done_button = QPushButton(self.tr("Mark done"), self.plan_box)
        self.done_button.clicked.connect(self.mark_done)
        for button in (
            self.add_issue_button,
            self.add_item_button,
            self.edit_plan_button,
            self.done_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return self.plan_box

    # --- what the main window asks --------------------------------------

    @property
    def case_no(self) -> str:
        return self.header.case_no if self.header is not None else ""

    def title(self) -> str:
        """The tab label: case number and display name (never the real name)."""
        if self.header is None:
            return self.tr("Case")
        return f"{self.header.case_no} {self.header.display_name}"

    # --- loading -------------------------------------------------------

    def reload(self) -> None:
        database = self.context.database
        if database is None:
            return
        self._generation += 1
        generation = self._generation
        case_id = self.case_id
        # Opening the case is the logged view; a refresh of a case already
        # shown (after a save) is not another one.
        record_view = self.header is None
        self.context.worker.submit(
            lambda: _load_all(database, case_id, record_view),
            lambda loaded: self._on_loaded(generation, loaded),
            lambda exc: self._on_failed(generation, exc),
        )

    def _on_records_changed(self, case_id: object) -> None:
        if case_id is None or case_id == self.case_id:
            self.reload()

    def _alive(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self._generation

    def _on_loaded(self, generation: int, loaded: _Loaded) -> None:
        if not self._alive(generation):
            return
        self._today = loaded.today
        self.refusal.hide()
        self.content.show()
        old_title = self.title()
        self._show_header(loaded.header)
        self._show_timeline(loaded.timeline)
        self._show_plan(loaded.plan)
        self._update_buttons()
        if self.title() != old_title:
            self.title_changed.emit(self.title())
        self.loaded.emit()

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if not self._alive(generation):
            return
        if isinstance(exc, AccessDenied):
            self._show_refusal(exc)
            return
        self.context.dialogs.warn(
            self,
            self.tr("Case not loaded"),
            self.tr("The case could not be read from the database."),
            f"{type(exc).__name__}: {exc}",
        )

    def _show_refusal(self, exc: AccessDenied) -> None:
        """The refusal in place of the case: the service's (Japanese)
        reason, and nothing of what was shown before."""
        old_title = self.title()
        self.header = None
        for label in (
            *self.sensitive.values(),
            *self.profile.values(),
            self.case_no_label,
            self.client_label,
            self.safety_label,
        ):
            label.clear()
        self._show_timeline([])
        self._show_plan(None)
        self.content.hide()
        self.refusal.setText(
            self.tr("{reason}\nIf you need this case, ask a supervisor.").format(reason=exc.message)
        )
        self.refusal.show()
        self._update_buttons()
        if self.title() != old_title:
            self.title_changed.emit(self.title())
        self.loaded.emit()

    def _show_header(self, header: CaseHeader) -> None:
        self.header = header
        self.case_no_label.setText(header.case_no)
        self.client_label.setText(header.display_name)
        if header.status == CaseStatus.OPEN:
            self.status_label.setText(self.tr("Status: open"))
            self.close_button.setText(self.tr("Close case"))
        else:
            self.status_label.setText(self.tr("Status: closed"))
            self.close_button.setText(self.tr("Reopen case"))
        self.dv_badge.setVisible(header.dv_ever)
        self.risk_badge.setVisible(header.risk_level == RiskLevel.HIGH)
        self.restricted_badge.setVisible(header.restricted)

        notes = (header.contact_safety_notes or "").strip()
        self.safety_label.setText(self.tr("Contact safely: {notes}").format(notes=notes))
        self.safety_label.setVisible(bool(notes))
        p = self.profile
        p["display_name"].setText(header.display_name)
        p["display_name_kana"].setText(header.display_name_kana or "")
        p["line_name"].setText(header.line_name or "")
        p["age_band"].setText(header.age_band or "")
        p["household"].setText(header.household or "")
        if header.consent_to_share:
            consent = self.tr("Consent given")
            if header.consent_recorded_on is not None:
                consent += f"（{format_date(header.consent_recorded_on)}）"
            if header.consent_scope:
                consent += f"\n{header.consent_scope}"
        else:
            consent = self.tr("No consent")
        p["consent"].setText(consent)
        p["lead"].setText(header.lead_counselor_name or self.tr("(none)"))
        p["opened"].setText(format_date(header.opened_on))
        if header.closed_on is not None:
            closed = format_date(header.closed_on)
            if header.close_reason:
                closed += f"（{header.close_reason}）"
            if header.close_note:
                closed += f"\n{header.close_note}"
        else:
            closed = ""
        p["closed"].setText(closed)
        self._case_form.setRowVisible(p["closed"], header.closed_on is not None)
        risk = {
            RiskLevel.LOW: self.tr("Low"),
            RiskLevel.MEDIUM: self.tr("Medium"),
            RiskLevel.HIGH: self.tr("High"),
        }
        p["risk"].setText(risk[header.risk_level])
        p["summary"].setText(header.summary or "")
        p["open_reason"].setText(header.open_reason or "")

        # A reload hides revealed details again: a reveal is for one look.
        for name, label in self.sensitive.items():
            label.setText(
                self.tr("Recorded (hidden)") if header.is_filled(name) else self.tr("Not recorded")
            )
            label.setStyleSheet("color: #707070;")
        self.reveal_button.setEnabled(bool(header.sensitive_filled))

    def _show_timeline(self, entries: list[TimelineEntry]) -> None:
        selected = self.selected_entry()
        self.timeline_model.set_entries(entries)
        row = (
            self.timeline_model.row_of(selected.record_id, selected.kind)
            if selected is not None
            else None
        )
        if row is not None:
            self.timeline_view.selectRow(row)
        else:
            self.detail.clear()

    def _show_plan(self, plan: Plan | None) -> None:
        selected = self.selected_plan_row()
        self.plan_model.set_plan(plan, self._today)
        self.plan_view.expandAll()
        if plan is None:
            self.plan_box.setTitle(self.tr("Support plan"))
        else:
            self.plan_box.setTitle(
                self.tr("Support plan (version {version})").format(version=plan.version)
            )
        if selected is not None:
            index = self.plan_model.index_of(selected.id)
            if index.isValid():
                self.plan_view.setCurrentIndex(index)

    # --- the timeline --------------------------------------------------

    def selected_entry(self) -> TimelineEntry | None:
        rows = self.timeline_view.selectionModel().selectedRows()
        return self.timeline_model.entry(rows[0].row()) if rows else None

    def _on_timeline_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.detail.clear()
        else:
            when = format_date(entry.when)
            if entry.time is not None:
                when += f" {entry.time:%H:%M}"
            head = f"{when}　{kind_label(entry.kind)}　{entry.title}"
            if entry.who:
                head += f"　（{entry.who}）"
            self.detail.setPlainText(f"{head}\n{entry.detail}" if entry.detail else head)
        self._update_buttons()

    def _move_referral(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.referral_id is not None:
            self.move_referral_requested.emit(entry.referral_id)

    # --- the header's actions -----------------------------------------

    def _edit_client(self) -> None:
        if self.header is not None:
            self.edit_client_requested.emit(self.header.client_id)

    def _close_or_reopen(self) -> None:
        header = self.header
        if header is None:
            return
        form: FormDialog
        if header.status == CaseStatus.OPEN:
            form = CloseCaseDialog(self.context, self.case_id, header.case_no, self)
        else:
            form = ReopenCaseDialog(self.context, self.case_id, header.case_no, self)
        self._open_form(form)

    def reveal(self) -> None:
        """Show the personal details (read on the worker; the service records the reveal)."""
        database = self.context.database
        if database is None or self.header is None:
            return
        generation = self._generation
        case_id, staff_id = self.case_id, self.context.staff_id
        self.reveal_button.setEnabled(False)

        def show(values: dict[str, str]) -> None:
            if not self._alive(generation):
                return
            for name, label in self.sensitive.items():
                label.setText(values.get(name) or self.tr("Not recorded"))
                label.setStyleSheet("")
            self.revealed.emit()

        self.context.worker.submit(
            lambda: reveal_sensitive(database, case_id, staff_id),
            show,
            lambda exc: self._on_failed(generation, exc),
        )

    # --- the plan ------------------------------------------------------

    def selected_plan_row(self) -> IssueRow | PlanItemRow | None:
        rows = self.plan_view.selectionModel().selectedRows()
        return self.plan_model.row_of(rows[0]) if rows else None

    def _selected_issue(self) -> IssueRow | None:
        row = self.selected_plan_row()
        if isinstance(row, IssueRow):
            return row
        plan = self.plan_model.plan
        if isinstance(row, PlanItemRow) and plan is not None:
            return next((issue for issue in plan.issues if issue.id == row.issue_id), None)
        if plan is not None and len(plan.issues) == 1:
            return plan.issues[0]  # nothing chosen, and only one place to add to
        return None

    def add_issue(self) -> None:
        self._open_form(PlanIssueDialog(self.context, self.case_id, parent=self))

    def add_item(self) -> None:
        issue = self._selected_issue()
        if issue is not None:
            self._open_form(
                PlanItemDialog(
                    self.context, self.case_id, issue.id, issue_title=issue.title, parent=self
                )
            )

    def edit_plan_row(self) -> None:
        row = self.selected_plan_row()
        if isinstance(row, IssueRow):
            self._open_form(PlanIssueDialog(self.context, self.case_id, row, self))
        elif isinstance(row, PlanItemRow):
            self._open_form(
                PlanItemDialog(self.context, self.case_id, row.issue_id, row, parent=self)
            )

    def mark_done(self) -> None:
        row = self.selected_plan_row()
        database = self.context.database
        if not isinstance(row, PlanItemRow) or database is None:
            return
        item_id = row.id
        self.done_button.setEnabled(False)
        self.context.worker.submit(
            lambda: set_item_status(database, item_id, ActionStatus.DONE),
            self.context.notify_changed,
            lambda exc: self._on_failed(self._generation, exc),
        )

    def _open_form(self, form: FormDialog) -> None:
        """Open a form window-modal, without blocking (tests drive it)."""
        # The previous form is closed by now (this one is window-modal);
        # dispose of it here rather than on its own finish, so that a test
        # can still read a form it just saved.
        if self.active_form is not None and shiboken6.isValid(self.active_form):
            self.active_form.deleteLater()
        self.active_form = form
        form.open()

    def _update_buttons(self, *_args: object) -> None:
        header = self.header
        ready = header is not None
        is_open = header is not None and header.status == CaseStatus.OPEN
        for button in (
            self.log_consultation_button,
            self.log_accompaniment_button,
            self.edit_client_button,
            self.close_button,
        ):
            button.setEnabled(ready)
        self.create_referral_button.setEnabled(is_open)
        entry = self.selected_entry()
        self.move_referral_button.setEnabled(entry is not None and entry.referral_id is not None)
        row = self.selected_plan_row()
        self.add_issue_button.setEnabled(is_open)
        self.add_item_button.setEnabled(ready and self._selected_issue() is not None)
        self.edit_plan_button.setEnabled(row is not None)
        self.done_button.setEnabled(isinstance(row, PlanItemRow) and row.is_open)
