"""ORM tables for outcomes: step milestones, measurements and agreements, each write with history.

``meting_historie`` and ``afspraak_historie`` are append-only like ``historie`` (database triggers
refuse UPDATE/DELETE; migration ``0004_uitkomsten``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbs.monitor.models import Base, HistorieMixin, Organisatie


class StapPeriode(Base):
    """One dated milestone of a step (copy of the Kader's ``agendering.mijlpalen``; re-seeded)."""

    __tablename__ = "stap_periode"
    __table_args__ = (UniqueConstraint("stap_code", "volgorde"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stap_code: Mapped[str] = mapped_column(ForeignKey("stap.code"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[date] = mapped_column(Date)
    plan: Mapped[str | None] = mapped_column(String(1), nullable=True)
    borging: Mapped[str | None] = mapped_column(Text, nullable=True)
    regel: Mapped[int | None] = mapped_column(Integer, nullable=True)  # seed line where the date is printed


class MetingRij(Base):
    """A measured value of an indicator for one region and year."""

    __tablename__ = "meting"
    __table_args__ = (UniqueConstraint("indicator", "regio", "jaar"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator: Mapped[str] = mapped_column(String(64), index=True)
    regio: Mapped[str] = mapped_column(String(64), index=True)
    jaar: Mapped[int] = mapped_column(Integer)
    waarde: Mapped[float] = mapped_column(Float)
    bron: Mapped[str] = mapped_column(Text)  # where the number comes from (publication, system, 'demo: ...')
    toelichting: Mapped[str | None] = mapped_column(Text, nullable=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    versie: Mapped[int] = mapped_column(Integer, default=1)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime)
    gewijzigd_door: Mapped[str] = mapped_column(String(100))


class MetingHistorie(HistorieMixin, Base):
    __tablename__ = "meting_historie"

    meting_id: Mapped[int] = mapped_column(ForeignKey("meting.id"), index=True)

    meting: Mapped[MetingRij] = relationship()


class AfspraakRij(Base):
    """An agreement: who keeps it, with whom, what, for which keuzes, by when, status and evidence."""

    __tablename__ = "afspraak"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    eigenaar: Mapped[str] = mapped_column(ForeignKey("organisatie.code"), index=True)
    partijen: Mapped[list] = mapped_column(JSON, default=list)
    titel: Mapped[str] = mapped_column(Text)
    tekst: Mapped[str] = mapped_column(Text)
    keuzes: Mapped[list] = mapped_column(JSON, default=list)
    maatregelen: Mapped[list] = mapped_column(JSON, default=list)
    periode: Mapped[str | None] = mapped_column(String(16), nullable=True)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    bewijs: Mapped[str | None] = mapped_column(Text, nullable=True)
    toelichting: Mapped[str | None] = mapped_column(Text, nullable=True)
    bron: Mapped[str] = mapped_column(Text)
    herkomst: Mapped[str] = mapped_column(String(16))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    versie: Mapped[int] = mapped_column(Integer, default=1)
    aangemaakt: Mapped[datetime] = mapped_column(DateTime)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime)
    gewijzigd_door: Mapped[str] = mapped_column(String(100))
    gereed_op: Mapped[date | None] = mapped_column(Date, nullable=True)

    organisatie: Mapped[Organisatie] = relationship()


class AfspraakHistorie(HistorieMixin, Base):
    __tablename__ = "afspraak_historie"

    afspraak_code: Mapped[str] = mapped_column(ForeignKey("afspraak.code"), index=True)
