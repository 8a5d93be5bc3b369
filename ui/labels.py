"""Labels for the fixed vocabularies that several screens show.

One function per vocabulary, so that the case list's 次の対応予定 column and
the due list can never name the same kind of follow-up differently.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from casedesk.followups import FollowUpKind


def followup_kind_label(kind: FollowUpKind) -> str:
    """The short name of a kind of follow-up (支援計画, つなぎ, 相談フォロー, ...)."""
    match kind:
        case FollowUpKind.PLAN_ACTION:
            return QCoreApplication.translate("FollowUpKind", "Plan action")
        case FollowUpKind.REFERRAL:
            return QCoreApplication.translate("FollowUpKind", "Referral")
        case FollowUpKind.CONSULTATION:
            return QCoreApplication.translate("FollowUpKind", "Follow-up")
        case FollowUpKind.ACCOMPANIMENT:
            return QCoreApplication.translate("FollowUpKind", "Accompaniment")
        case FollowUpKind.CONFERENCE_ROLE:
            return QCoreApplication.translate("FollowUpKind", "Conference task")
