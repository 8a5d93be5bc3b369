"""The short survey a client answers after a consultation."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column, optional_fk
from db.enums import YesNo


class ConsultationSurvey(Record, Base):
    __tablename__ = "consultation_surveys"

    # Often anonymous (a LINE questionnaire): the link is optional.
    consultation_id: Mapped[uuid.UUID | None] = optional_fk("consultations.id")
    channel_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    answered_on: Mapped[dt.date] = mapped_column(Date, index=True)
    # 「相談してよかった」
    glad_consulted: Mapped[YesNo] = mapped_column(
        enum_column(YesNo, "glad_consulted"), default=YesNo.UNKNOWN
    )
    # 「前向きな気持ちになった」
    felt_positive: Mapped[YesNo] = mapped_column(
        enum_column(YesNo, "felt_positive"), default=YesNo.UNKNOWN
    )
    comment: Mapped[str | None] = mapped_column(Text)
