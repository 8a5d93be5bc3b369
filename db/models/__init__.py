"""All tables.  Importing this package registers every model on
``db.base.Base.metadata`` (Alembic's autogenerate and ``alembic check`` need that)."""

from db.models.accompaniments import Accompaniment
from db.models.activities import (
    GoodsDistribution,
    GroupSession,
    SessionSurveyResponse,
    group_session_clients,
)
from db.models.agencies import Agency
from db.models.audit import AuditEntry
from db.models.case_summaries import case_channels, case_topics
from db.models.cases import Case, CaseAssignment
from db.models.codes import CodeItem
from db.models.conferences import (
    Conference,
    ConferenceCase,
    ConferenceParticipant,
    ConferenceRole,
)
from db.models.consultations import (
    Consultation,
    consultation_topics,
    consultation_violence_kinds,
)
from db.models.figures import AnnualTarget, LineMonthlyFigure
from db.models.outreach import OutreachEvent, outreach_event_staff
from db.models.people import Client, Staff
from db.models.plans import PlanItem, SupportIssue, SupportPlan
from db.models.referrals import Referral, ReferralStatusChange
from db.models.settings import Setting
from db.models.surveys import ConsultationSurvey

__all__ = [
    "Accompaniment",
    "Agency",
    "AnnualTarget",
    "AuditEntry",
    "Case",
    "CaseAssignment",
    "Client",
    "CodeItem",
    "Conference",
    "ConferenceCase",
    "ConferenceParticipant",
    "ConferenceRole",
    "Consultation",
    "ConsultationSurvey",
    "GoodsDistribution",
    "GroupSession",
    "LineMonthlyFigure",
    "OutreachEvent",
    "PlanItem",
    "Referral",
    "ReferralStatusChange",
    "SessionSurveyResponse",
    "Setting",
    "Staff",
    "SupportIssue",
    "SupportPlan",
    "case_channels",
    "case_topics",
    "consultation_topics",
    "consultation_violence_kinds",
    "group_session_clients",
    "outreach_event_staff",
]
