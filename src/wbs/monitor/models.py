"""SQLAlchemy 2 ORM models of the Borgingsmonitor.

Kader tables (``keuze``, ``maatregel``, ``stap``) are a seeded copy of the Kader so the
monitor can be queried in SQL; ``voortgang`` is the progress of one step for one
organisation (the unit that is reported on and permission-checked); ``historie`` is the
append-only log of every change to a ``voortgang`` row.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Self, get_args

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from wbs.monitor.schemas import Status

STATUSSEN = get_args(Status)  # the one list of step statuses: schemas.Status
ROLLEN = ("lezer", "invoerder", "beheerder")


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about this database, e.g. the fingerprint of the Kader it was seeded from."""

    __tablename__ = "monitor_meta"

    sleutel: Mapped[str] = mapped_column(String(64), primary_key=True)
    waarde: Mapped[str] = mapped_column(Text)


class Organisatie(Base):
    __tablename__ = "organisatie"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    soort: Mapped[str] = mapped_column(String(32))
    ouder: Mapped[str | None] = mapped_column(String(64), nullable=True)


class KeuzeRij(Base):
    __tablename__ = "keuze"

    nr: Mapped[int] = mapped_column(Integer, primary_key=True)
    titel: Mapped[str] = mapped_column(Text)
    thema: Mapped[str] = mapped_column(String(64))
    subthema: Mapped[str | None] = mapped_column(String(200), nullable=True)
    gebied: Mapped[str | None] = mapped_column(String(64), nullable=True)
    bron: Mapped[str] = mapped_column(String(200))


class MaatregelRij(Base):
    __tablename__ = "maatregel"
    __table_args__ = (UniqueConstraint("code", "keuze_nr"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    keuze_nr: Mapped[int] = mapped_column(ForeignKey("keuze.nr"))
    titel: Mapped[str | None] = mapped_column(Text, nullable=True)
    tekst: Mapped[str] = mapped_column(Text)
    spoor: Mapped[str] = mapped_column(String(16), default="")  # "I", "II", "I,II" or ""
    domein: Mapped[str | None] = mapped_column(String(200), nullable=True)
    telt_mee: Mapped[bool] = mapped_column(Boolean, default=True)
    bron: Mapped[str] = mapped_column(String(200))

    keuze: Mapped[KeuzeRij] = relationship()


class StapRij(Base):
    __tablename__ = "stap"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    maatregel_id: Mapped[int] = mapped_column(ForeignKey("maatregel.id"), index=True)
    tekst: Mapped[str] = mapped_column(Text)
    borging: Mapped[str | None] = mapped_column(Text, nullable=True)
    doorwerking: Mapped[str | None] = mapped_column(Text, nullable=True)
    plan: Mapped[str] = mapped_column(String(8), default="")
    agendering: Mapped[str | None] = mapped_column(Text, nullable=True)  # as printed
    periode: Mapped[str | None] = mapped_column(String(16), nullable=True)  # last period, e.g. 2025-Q4
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)  # end of that period
    actoren: Mapped[str] = mapped_column(Text, default="")  # as printed, "; "-joined
    bron: Mapped[str] = mapped_column(String(200))

    maatregel: Mapped[MaatregelRij] = relationship()


class Voortgang(Base):
    __tablename__ = "voortgang"
    __table_args__ = (UniqueConstraint("stap_code", "organisatie_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stap_code: Mapped[str] = mapped_column(ForeignKey("stap.code"), index=True)
    organisatie_code: Mapped[str] = mapped_column(ForeignKey("organisatie.code"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="niet-gestart")
    percentage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mijlpaal: Mapped[str | None] = mapped_column(Text, nullable=True)
    toelichting: Mapped[str | None] = mapped_column(Text, nullable=True)
    versie: Mapped[int] = mapped_column(Integer, default=1)
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    gewijzigd_door: Mapped[str | None] = mapped_column(String(100), nullable=True)
    gereed_op: Mapped[date | None] = mapped_column(Date, nullable=True)

    stap: Mapped[StapRij] = relationship()
    organisatie: Mapped[Organisatie] = relationship()


class HistorieMixin:
    """The columns of an append-only history: rows are only ever inserted (database triggers refuse
    UPDATE/DELETE). Each row is one change of its parent row: by whom, when, to which version, the changed
    fields' old and new values and the reason given (comply or explain)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # stable across export/import
    tijdstip: Mapped[datetime] = mapped_column(DateTime)
    gebruiker: Mapped[str] = mapped_column(String(100))
    versie: Mapped[int] = mapped_column(Integer)  # version after this change
    oud: Mapped[dict] = mapped_column(JSON)
    nieuw: Mapped[dict] = mapped_column(JSON)
    reden: Mapped[str | None] = mapped_column(Text, nullable=True)

    @classmethod
    def record(
        cls, user: Gebruiker, now: datetime, versie: int, oud: dict, nieuw: dict, reden: str | None, **parent: object
    ) -> Self:
        """The history row of one change (``parent``: the column naming the changed row, e.g. ``meting_id``)."""
        return cls(
            uid=str(uuid.uuid4()),
            tijdstip=now,
            gebruiker=user.gebruikersnaam,
            versie=versie,
            oud=oud,
            nieuw=nieuw,
            reden=reden,
            **parent,
        )


def changed_fields(old: dict, new: dict) -> tuple[dict, dict]:
    """``oud`` and ``nieuw`` of a history row: the old and new values of the fields that differ
    (a field one side lacks counts as None there)."""
    return {k: v for k, v in old.items() if v != new.get(k)}, {k: v for k, v in new.items() if old.get(k) != v}


class Historie(HistorieMixin, Base):
    __tablename__ = "historie"

    voortgang_id: Mapped[int] = mapped_column(ForeignKey("voortgang.id"), index=True)

    voortgang: Mapped[Voortgang] = relationship()


class Gebruiker(Base):
    __tablename__ = "gebruiker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gebruikersnaam: Mapped[str] = mapped_column(String(100), unique=True)
    naam: Mapped[str] = mapped_column(String(200), default="")
    rol: Mapped[str] = mapped_column(String(16))
    organisatie_code: Mapped[str | None] = mapped_column(ForeignKey("organisatie.code"), nullable=True)
    wachtwoord_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    aangemaakt: Mapped[datetime] = mapped_column(DateTime)


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    naam: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))  # first characters, to recognise a token
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; token itself not stored
    aangemaakt: Mapped[datetime] = mapped_column(DateTime)
    ingetrokken: Mapped[bool] = mapped_column(Boolean, default=False)
    verloopt_op: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # None: tokens from before 0003

    gebruiker: Mapped[Gebruiker] = relationship()


class Sessie(Base):
    """A web login, kept server-side so logout and a password change end it (the cookie only names it)."""

    __tablename__ = "sessie"

    sleutel_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's session key
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    aangemaakt: Mapped[datetime] = mapped_column(DateTime)
    verloopt_op: Mapped[datetime] = mapped_column(DateTime)
    ingetrokken: Mapped[bool] = mapped_column(Boolean, default=False)


class Inlogpoging(Base):
    """Failed logins per user name and address, for throttling (kept for a day)."""

    __tablename__ = "inlogpoging"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gebruikersnaam: Mapped[str] = mapped_column(String(100), index=True)
    adres: Mapped[str] = mapped_column(String(64), index=True)
    tijdstip: Mapped[datetime] = mapped_column(DateTime, index=True)


class PlantoetsResultaat(Base):
    __tablename__ = "plantoets_resultaat"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provincie: Mapped[str] = mapped_column(ForeignKey("organisatie.code"), index=True)
    document: Mapped[str] = mapped_column(Text)
    tijdstip: Mapped[datetime] = mapped_column(DateTime)
    dekking: Mapped[list] = mapped_column(JSON)  # [{"nr": 1, "status": "bindend"}, ...]


# -- Plantoets review (issue 18): the tool proposes, a reviewer decides ------------------------------------------
# The monitor stores plain data only; the meaning of a decision lives in ``wbs.plan.review`` and the storage
# rules in ``wbs.monitor.plan_review``.

REVIEW_ACTIES = ("accepteren", "verwerpen", "toevoegen", "sterkte", "intrekken")
VASTSTELLING_ACTIES = ("vaststellen", "heropenen")


class PlanDocument(Base):
    """One document version under review: SHA-256 of its bytes plus its file name, and the assessment
    (passages and proposed links) the reviewers decide on, frozen when the document was registered."""

    __tablename__ = "plan_document"
    __table_args__ = (UniqueConstraint("sha256", "naam"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    naam: Mapped[str] = mapped_column(String(255))
    geregistreerd_op: Mapped[datetime] = mapped_column(DateTime)
    geregistreerd_door: Mapped[str] = mapped_column(String(100))
    resultaat: Mapped[dict] = mapped_column(JSON)  # the Toetsresultaat as JSON
    passages: Mapped[list] = mapped_column(JSON)  # [[start_line, end_line], ...]
    voorstellen: Mapped[list] = mapped_column(JSON)  # [[start_line, end_line, keuze], ...]
    versie: Mapped[int] = mapped_column(Integer, default=1)  # raised by every review write (compare-and-set)


class PlanBeslissing(Base):
    """Append-only: a reviewer's decision on one slot (a passage's link to a keuze, or its strength).
    The latest version of a slot is the current decision; earlier versions stay as its history."""

    __tablename__ = "plan_beslissing"
    __table_args__ = (UniqueConstraint("document_id", "slot", "versie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("plan_document.id"), index=True)
    slot: Mapped[str] = mapped_column(String(40))  # "12-14:k7" (link) or "12-14:sterkte"
    versie: Mapped[int] = mapped_column(Integer)  # version of the slot after this decision
    start_line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    actie: Mapped[str] = mapped_column(String(16))
    keuze: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sterkte: Mapped[str | None] = mapped_column(String(16), nullable=True)
    notitie: Mapped[str | None] = mapped_column(Text, nullable=True)
    gebruiker: Mapped[str] = mapped_column(String(100))
    tijdstip: Mapped[datetime] = mapped_column(DateTime)


class PlanVaststelling(Base):
    """Append-only: the toetsadvies of a document finalised (vaststellen) or reopened (heropenen)."""

    __tablename__ = "plan_vaststelling"
    __table_args__ = (UniqueConstraint("document_id", "volgnummer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("plan_document.id"), index=True)
    volgnummer: Mapped[int] = mapped_column(Integer)
    actie: Mapped[str] = mapped_column(String(16))
    notitie: Mapped[str | None] = mapped_column(Text, nullable=True)
    gebruiker: Mapped[str] = mapped_column(String(100))
    tijdstip: Mapped[datetime] = mapped_column(DateTime)
    beslissingen: Mapped[int] = mapped_column(Integer)  # decisions stored when this was recorded
